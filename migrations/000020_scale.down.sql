DROP FUNCTION tallies_rebuild();
DROP VIEW tallies_recomputed;
DO $$
DECLARE t text; ev text;
BEGIN
    FOREACH t IN ARRAY ARRAY['vouchers', 'payment_requests'] LOOP
        FOREACH ev IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
            EXECUTE format('DROP TRIGGER tallies_%s_%s ON %I', t, ev, t);
            EXECUTE format('DROP FUNCTION tallies_%s_%s()', t, ev);
        END LOOP;
    END LOOP;
END
$$;
DROP TRIGGER ledger_entries_apply ON ledger_entries;
DROP FUNCTION ledger_entries_apply_statement();
CREATE TRIGGER ledger_entries_apply AFTER INSERT ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_apply();
DROP TABLE tallies;

DROP INDEX vouchers_expiry_idx, vouchers_org_live_idx, vouchers_partner_window_idx, vouchers_enrollment_idx, vouchers_engagement_type_idx,
    reservations_voucher_idx, reservations_partner_idx, reservations_customer_idx, reservations_location_idx,
    completion_reports_reservation_idx, completion_reports_partner_idx, completion_reports_customer_idx,
    redemptions_partner_idx, redemptions_customer_idx, payment_requests_customer_idx, payment_requests_partner_state_idx, payment_requests_paid_idx,
    payment_registrations_org_idx, ledger_entries_org_idx, audit_events_customer_idx, audit_events_partner_idx,
    outbox_org_idx, consultant_exams_user_idx;

DROP POLICY actor ON audit_events;
DROP POLICY customer ON audit_events;
DROP POLICY partner ON audit_events;
DROP POLICY program ON audit_events;
CREATE POLICY tenant ON audit_events
    USING (org_id = app_org_id() OR customer_org_id = app_org_id()
        OR partner_org_id = app_org_id() OR app_program());

DROP POLICY customer ON vouchers;
DROP POLICY partner ON vouchers;
DROP POLICY by_code ON vouchers;
DROP POLICY program ON vouchers;
CREATE POLICY tenant ON vouchers
    USING (org_id = app_org_id() OR partner_org_id = app_org_id()
        OR code = app_voucher_code() OR app_program());

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['sa_enrollments', 'ledger_entries', 'partner_agreements',
        'partner_enrollments', 'partner_competencies', 'partner_locations',
        'consultant_exams', 'payment_registrations', 'outbox', 'partner_profiles']
    LOOP
        EXECUTE format('DROP POLICY tenant ON %I', t);
        EXECUTE format('DROP POLICY program ON %I', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (org_id = app_org_id() OR app_program())', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['reservations', 'completion_reports', 'deliverables',
        'redemptions', 'payment_requests']
    LOOP
        EXECUTE format('DROP POLICY customer ON %I', t);
        EXECUTE format('DROP POLICY partner ON %I', t);
        EXECUTE format('DROP POLICY program ON %I', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (partner_org_id = app_org_id()
            OR customer_org_id = app_org_id() OR app_program())', t);
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION app_org_id() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.org_id', true), '')::bigint $$;
CREATE OR REPLACE FUNCTION app_user_id() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.user_id', true), '')::bigint $$;
CREATE OR REPLACE FUNCTION app_program() RETURNS boolean LANGUAGE sql STABLE CALLED ON NULL INPUT AS
$$ SELECT coalesce(current_setting('app.program', true), '') = 'on' $$;
CREATE OR REPLACE FUNCTION app_voucher_code() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('app.voucher_code', true), '') $$;
