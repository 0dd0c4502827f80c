-- Hardening (issue 10).
--
-- 1. The app logs in as sapsportal_app itself: a role that owns nothing, is
--    no superuser, cannot bypass row-level security and is a member of no
--    other role, so no RESET ROLE or set_config('role', …) can give it more.
--    Migrations keep running as the owner, on a connection of their own.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
        ALTER ROLE sapsportal_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
    ELSE
        RAISE NOTICE 'cannot ALTER ROLE sapsportal_app LOGIN as %; a database administrator must', current_user;
    END IF;
END
$$;

-- 2. People are tenant data too: a user is visible to themselves, to the
--    program scope, in the identity scope (sign-in, invitations and password
--    resets look people up by email before any organisation is known), and
--    to whoever may see one of their memberships.
CREATE FUNCTION app_identity() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('app.identity', true), '') = 'on' $$;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY self ON users USING (id = app_user_id());
CREATE POLICY program ON users USING (app_program());
CREATE POLICY identity ON users USING (app_identity());
CREATE POLICY member_visible ON users FOR SELECT
    USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));

-- A consultant named on a reservation or a completion report is visible, as a
-- member of that voucher's partner, to both sides of the voucher; a user id
-- that is not a member of that partner is visible to nobody through it.
CREATE POLICY named_consultant ON memberships FOR SELECT USING (
    EXISTS (SELECT 1 FROM completion_reports cr
        WHERE cr.partner_org_id = memberships.org_id AND cr.consultant_user_ids @> ARRAY[memberships.user_id])
    OR EXISTS (SELECT 1 FROM reservations r
        WHERE r.partner_org_id = memberships.org_id AND r.cancelled_at IS NULL
          AND r.consultant_user_ids @> ARRAY[memberships.user_id]));
CREATE INDEX completion_reports_consultants_idx ON completion_reports USING gin (consultant_user_ids);
CREATE INDEX reservations_consultants_idx ON reservations USING gin (consultant_user_ids) WHERE cancelled_at IS NULL;

-- 3. An approved enrollment has both of its dates (valid_to >= valid_from
--    alone let a NULL valid_to through).
ALTER TABLE partner_enrollments ADD CONSTRAINT partner_enrollments_approved_dates
    CHECK (status <> 'approved' OR (valid_from IS NOT NULL AND valid_to IS NOT NULL));

-- 4. Once an enrollment's remaining days are removed, its balance stays 0:
--    any later entry that moves days is refused (expiries after the removal
--    are recorded as forfeited, 0 days).
CREATE FUNCTION ledger_entries_after_removal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.days <> 0 AND EXISTS (SELECT 1 FROM ledger_entries
            WHERE enrollment_id = NEW.enrollment_id AND kind = 'retirement_removal') THEN
        RAISE EXCEPTION 'enrollment % had its remaining days removed; no entry may move days any more', NEW.enrollment_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entries_after_removal';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER ledger_entries_after_removal BEFORE INSERT ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_after_removal();

-- 5. Throttles shared by every instance: failed attempts per key (a hash of
--    an account, an address, a user or an organisation), with the moment
--    until which the next attempt must wait. Not tenant data; no emails or
--    addresses in clear.
CREATE TABLE throttles (
    key           text PRIMARY KEY,
    failures      int NOT NULL DEFAULT 0 CHECK (failures >= 0),
    first_at      timestamptz NOT NULL DEFAULT now(),
    blocked_until timestamptz NOT NULL DEFAULT '-infinity'
);
CREATE INDEX throttles_first_at_idx ON throttles (first_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON throttles TO sapsportal_app;

-- 6. The app reads which migration the schema is at (to refuse to serve an
--    older schema) but cannot change it.
DO $$
BEGIN
    IF to_regclass('public.schema_migrations') IS NOT NULL THEN
        REVOKE ALL ON schema_migrations FROM sapsportal_app;
        GRANT SELECT ON schema_migrations TO sapsportal_app;
    END IF;
END
$$;
