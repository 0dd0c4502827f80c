DO $$
BEGIN
    IF to_regclass('public.schema_migrations') IS NOT NULL THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON schema_migrations TO sapsportal_app;
    END IF;
END
$$;
DROP TABLE throttles;
DROP TRIGGER ledger_entries_after_removal ON ledger_entries;
DROP FUNCTION ledger_entries_after_removal();
ALTER TABLE partner_enrollments DROP CONSTRAINT partner_enrollments_approved_dates;
DROP INDEX reservations_consultants_idx;
DROP INDEX completion_reports_consultants_idx;
DROP POLICY named_consultant ON memberships;
DROP POLICY member_visible ON users;
DROP POLICY identity ON users;
DROP POLICY program ON users;
DROP POLICY self ON users;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;
DROP FUNCTION app_identity();
