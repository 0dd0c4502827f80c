-- Closing the program (DOMAIN.md §10, issue 18).

-- The closing, once: one row, never updated or deleted by the app. Its
-- audit event is written in the same transaction. Everyone may read it
-- (every page says the program is closed); only the program's path may
-- write it.
CREATE TABLE program_closing (
    id         int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    closed_on  date NOT NULL,
    closed_at  timestamptz NOT NULL,
    closed_by  bigint NOT NULL REFERENCES users (id),
    request_id text NOT NULL DEFAULT '' CHECK (length(request_id) <= 200)
);
CREATE INDEX program_closing_closed_by_idx ON program_closing (closed_by);
ALTER TABLE program_closing ENABLE ROW LEVEL SECURITY;
ALTER TABLE program_closing FORCE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON program_closing FOR SELECT USING (true);
CREATE POLICY program_closes ON program_closing FOR INSERT WITH CHECK ((SELECT app_program()));
GRANT SELECT, INSERT ON program_closing TO sapsportal_app;

-- What stands in the way of closing: the vouchers not in a final state.
CREATE INDEX vouchers_closing_idx ON vouchers (state, redeemed_on)
    WHERE state IN ('ASSIGNED', 'RESERVED', 'REPORTED', 'REDEEMED', 'PAYMENT_REQUESTED');

-- The net under the app: once closed, the tables of record refuse every
-- change, whoever forgot to check. The error names the constraint
-- program_closed and carries the closing date as its detail, which the app
-- turns into the refusal people read.
CREATE FUNCTION program_closed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d date;
BEGIN
    SELECT closed_on INTO d FROM program_closing;
    IF FOUND THEN
        RAISE EXCEPTION 'the program closed on %: % cannot change', d, TG_TABLE_NAME
            USING ERRCODE = 'check_violation', CONSTRAINT = 'program_closed', DETAIL = d::text;
    END IF;
    RETURN NULL;
END
$$;

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
        EXECUTE format('CREATE TRIGGER program_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON %I
            FOR EACH STATEMENT EXECUTE FUNCTION program_closed_guard()', t);
    END LOOP;
END
$$;
