DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['vouchers', 'ledger_entries', 'sa_enrollments', 'reservations', 'completion_reports',
        'deliverables', 'redemptions', 'payment_requests', 'payment_registrations', 'partner_enrollments',
        'partner_agreements', 'partner_competencies', 'partner_locations', 'consultant_exams', 'payment_rates',
        'policy', 'offerings', 'competencies', 'engagement_types', 'engagement_type_competencies', 'exams',
        'organisations', 'memberships', 'invitations']
    LOOP
        EXECUTE format('DROP TRIGGER program_closed_guard ON %I', t);
    END LOOP;
END
$$;
DROP FUNCTION program_closed_guard();
DROP INDEX vouchers_closing_idx;
DROP TABLE program_closing;
