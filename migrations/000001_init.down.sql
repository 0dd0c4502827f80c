DROP TABLE IF EXISTS outbox, audit_events, payment_requests, redemptions, deliverables,
    completion_reports, reservations, payment_registrations, consultant_exams,
    partner_locations, partner_competencies, partner_enrollments, partner_agreements,
    ledger_entries, vouchers, sa_enrollments, payment_rates, exams,
    engagement_type_competencies, engagement_types, competencies, offerings, policy,
    sessions, memberships, users, organisations CASCADE;
DROP FUNCTION IF EXISTS ledger_entries_apply(), app_org_id(), app_user_id(), app_program(), app_voucher_code();
-- The role sapsportal_app is cluster-wide and may serve other databases; it stays.
