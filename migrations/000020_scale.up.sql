-- Fast at the program's real size (issue 11): row-level security the planner
-- can match to indexes, an index for every foreign key a page or a sweep
-- filters on, and the numbers home pages show kept as tallies instead of
-- being recomputed from every voucher.

-- Row-level security, one permissive policy per access path ----------------
--
-- PostgreSQL ORs the permissive policies of a table; each path is now its
-- own simple comparison of a column with a STABLE, inlinable function of a
-- transaction-local setting, which the planner can use as an index key, and
-- the queries still name their tenant as well. users, memberships and
-- sessions are left as they are (their policies belong to 000004).

CREATE OR REPLACE FUNCTION app_org_id() RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT NULLIF(current_setting('app.org_id', true), '')::bigint $$;
CREATE OR REPLACE FUNCTION app_user_id() RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT NULLIF(current_setting('app.user_id', true), '')::bigint $$;
-- STRICT keeps app_program() from being inlined: as a function call the
-- planner gives it a boolean clause's selectivity (1/3) instead of 1/200 for
-- the comparison it wraps, which made every policy look so selective that
-- plans sorted a tenant's every row (or the program's every payment) rather
-- than read an index in order and stop at the page's LIMIT. Having no
-- arguments, it is never skipped as strict.
CREATE OR REPLACE FUNCTION app_program() RETURNS boolean LANGUAGE sql STABLE STRICT PARALLEL SAFE AS
$$ SELECT coalesce(current_setting('app.program', true), '') = 'on' $$;
CREATE OR REPLACE FUNCTION app_voucher_code() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT NULLIF(current_setting('app.voucher_code', true), '') $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['sa_enrollments', 'ledger_entries', 'partner_agreements',
        'partner_enrollments', 'partner_competencies', 'partner_locations',
        'consultant_exams', 'payment_registrations', 'outbox', 'partner_profiles']
    LOOP
        EXECUTE format('DROP POLICY tenant ON %I', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (org_id = app_org_id())', t);
        EXECUTE format('CREATE POLICY program ON %I USING (app_program())', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['reservations', 'completion_reports', 'deliverables',
        'redemptions', 'payment_requests']
    LOOP
        EXECUTE format('DROP POLICY tenant ON %I', t);
        EXECUTE format('CREATE POLICY customer ON %I USING (customer_org_id = app_org_id())', t);
        EXECUTE format('CREATE POLICY partner ON %I USING (partner_org_id = app_org_id())', t);
        EXECUTE format('CREATE POLICY program ON %I USING (app_program())', t);
    END LOOP;
END
$$;

DROP POLICY tenant ON vouchers;
CREATE POLICY customer ON vouchers USING (org_id = app_org_id());
CREATE POLICY partner ON vouchers USING (partner_org_id = app_org_id());
-- As bpchar, the type of vouchers.code, so that the comparison can use its index.
CREATE POLICY by_code ON vouchers USING (code = app_voucher_code()::bpchar);
CREATE POLICY program ON vouchers USING (app_program());

DROP POLICY tenant ON audit_events;
CREATE POLICY actor ON audit_events USING (org_id = app_org_id());
CREATE POLICY customer ON audit_events USING (customer_org_id = app_org_id());
CREATE POLICY partner ON audit_events USING (partner_org_id = app_org_id());
CREATE POLICY program ON audit_events USING (app_program());

-- Indexes for the foreign keys and orders pages and sweeps use -------------

-- The admin's voucher list (every voucher by expiry) and the expiry sweep.
CREATE INDEX vouchers_expiry_idx ON vouchers (expires_on, id);
-- The customer home page: live vouchers ending soon.
CREATE INDEX vouchers_org_live_idx ON vouchers (org_id, expires_on, id) WHERE state IN ('ASSIGNED', 'RESERVED', 'REPORTED');
-- The partner home page: payment windows still open.
CREATE INDEX vouchers_partner_window_idx ON vouchers (partner_org_id, redeemed_on) WHERE state = 'REDEEMED' AND NOT payment_window_closed;
CREATE INDEX vouchers_enrollment_idx ON vouchers (enrollment_id, expires_on, id);
CREATE INDEX vouchers_engagement_type_idx ON vouchers (engagement_type_id);
-- Every reservation of a voucher (cancelled ones too), and a partner's.
CREATE INDEX reservations_voucher_idx ON reservations (voucher_id, reserved_at);
CREATE INDEX reservations_partner_idx ON reservations (partner_org_id, start_on) WHERE cancelled_at IS NULL;
CREATE INDEX reservations_customer_idx ON reservations (customer_org_id);
CREATE INDEX reservations_location_idx ON reservations (location_id);
CREATE INDEX completion_reports_reservation_idx ON completion_reports (reservation_id);
CREATE INDEX completion_reports_partner_idx ON completion_reports (partner_org_id);
CREATE INDEX completion_reports_customer_idx ON completion_reports (customer_org_id);
CREATE INDEX redemptions_partner_idx ON redemptions (partner_org_id);
CREATE INDEX redemptions_customer_idx ON redemptions (customer_org_id);
CREATE INDEX payment_requests_customer_idx ON payment_requests (customer_org_id, id);
CREATE INDEX payment_requests_partner_state_idx ON payment_requests (partner_org_id, state, id);
CREATE INDEX payment_requests_paid_idx ON payment_requests (decided_at, id) WHERE state = 'paid';
CREATE INDEX payment_registrations_org_idx ON payment_registrations (org_id);
CREATE INDEX ledger_entries_org_idx ON ledger_entries (org_id);
CREATE INDEX audit_events_customer_idx ON audit_events (customer_org_id, id) WHERE customer_org_id IS NOT NULL;
CREATE INDEX audit_events_partner_idx ON audit_events (partner_org_id, id) WHERE partner_org_id IS NOT NULL;
CREATE INDEX outbox_org_idx ON outbox (org_id, id);
CREATE INDEX consultant_exams_user_idx ON consultant_exams (user_id);

-- Tallies ------------------------------------------------------------------
--
-- What home pages count and sum, kept up to date by statement-level
-- triggers in the transaction of each change (a set-based sweep updates
-- them once per statement, not once per row). A row is
-- (scope, key_id, item) → (n, amount):
--   customer  / customer org  / voucher state → vouchers, days
--   partner   / partner org   / voucher state → vouchers, days
--   enrollment/ enrollment id / voucher state → vouchers, days
--   program   / 0             / voucher state → vouchers, days
--   program   / 0             / 'ledger:<kind>' → entries, days
--   program   / 0             / 'forfeited' → vouchers, days of vouchers that expired with 0 returned
--   program   / 0             / 'enrollments_with_days' → enrollments whose balance > 0
--   program   / 0             / 'payment:<state>:<currency>' → requests, amount in minor units
-- org_id is the tenant the row belongs to (NULL: the program's).
CREATE TABLE tallies (
    scope  text NOT NULL CHECK (scope IN ('customer', 'partner', 'enrollment', 'program')),
    key_id bigint NOT NULL,
    item   text NOT NULL,
    org_id bigint,
    n      bigint NOT NULL DEFAULT 0,
    amount bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, key_id, item)
);
-- Written only by the triggers below (SECURITY DEFINER, as the owner, whom
-- the policies do not bind: RLS is enabled, not forced); read in scope.
CREATE INDEX tallies_org_idx ON tallies (org_id, scope) WHERE org_id IS NOT NULL;
GRANT SELECT ON tallies TO sapsportal_app;
ALTER TABLE tallies ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON tallies FOR SELECT USING (org_id = app_org_id());
CREATE POLICY program ON tallies FOR SELECT USING (app_program());

-- A tally trigger adds the rows after a statement (+1) and takes away the
-- rows before it (−1); a row whose counted columns did not change nets to
-- zero and writes nothing. A trigger with transition tables serves one
-- event, so tally_triggers instantiates one body (reading its delta, the
-- signed rows, as %s) per event with the transition tables that event has.
CREATE FUNCTION tally_triggers(tbl text, cols text, body text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    ev text;
    new_rows text := format('SELECT 1, %s FROM new_rows', cols);
    old_rows text := format('SELECT -1, %s FROM old_rows', cols);
BEGIN
    FOREACH ev IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
        EXECUTE format('CREATE FUNCTION tallies_%s_%s() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
            SET search_path = public, pg_temp AS %L', tbl, ev, format(body,
            CASE ev WHEN 'insert' THEN new_rows WHEN 'delete' THEN old_rows ELSE new_rows || ' UNION ALL ' || old_rows END));
        EXECUTE format('CREATE TRIGGER tallies_%s_%s AFTER %s ON %I REFERENCING %s
            FOR EACH STATEMENT EXECUTE FUNCTION tallies_%s_%s()', tbl, ev, upper(ev), tbl,
            CASE ev WHEN 'insert' THEN 'NEW TABLE AS new_rows' WHEN 'delete' THEN 'OLD TABLE AS old_rows'
                ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END, tbl, ev);
    END LOOP;
END
$$;

-- Vouchers per state and days, for their customer, enrollment, partner and
-- the program.
SELECT tally_triggers('vouchers', 'org_id, enrollment_id, partner_org_id, state, days', $body$
BEGIN
    WITH delta (sign, org_id, enrollment_id, partner_org_id, state, days) AS (%s),
    rows AS (
        SELECT x.scope, x.key_id, d.state AS item, x.org_id, d.sign AS n, d.sign * d.days AS amount
        FROM delta d, LATERAL (VALUES
            ('customer', d.org_id, d.org_id),
            ('enrollment', d.enrollment_id, d.org_id),
            ('partner', d.partner_org_id, d.partner_org_id),
            ('program', 0::bigint, NULL::bigint)) AS x (scope, key_id, org_id)
        WHERE x.key_id IS NOT NULL
    )
    INSERT INTO tallies AS t (scope, key_id, item, org_id, n, amount)
    SELECT scope, key_id, item, max(org_id), sum(n), sum(amount) FROM rows
    GROUP BY scope, key_id, item HAVING sum(n) <> 0 OR sum(amount) <> 0
    ORDER BY scope, key_id, item
    ON CONFLICT (scope, key_id, item) DO UPDATE SET n = t.n + EXCLUDED.n, amount = t.amount + EXCLUDED.amount;
    RETURN NULL;
END
$body$);

-- The ledger: balances (replacing 000001's row trigger, so that a sweep
-- appending entries for many enrollments updates each balance once per
-- statement), the program's sums per kind, the days forfeited on expiry
-- and the count of enrollments with days left.
DROP TRIGGER ledger_entries_apply ON ledger_entries;
CREATE FUNCTION ledger_entries_apply_statement() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
    crossed bigint;
BEGIN
    WITH d AS (
        SELECT enrollment_id, sum(days) AS days FROM new_entries GROUP BY enrollment_id HAVING sum(days) <> 0
    ), upd AS (
        UPDATE sa_enrollments e SET balance = e.balance + d.days FROM d WHERE e.id = d.enrollment_id
        RETURNING e.balance AS after, e.balance - d.days AS before
    )
    SELECT coalesce(sum((after > 0)::int - (before > 0)::int), 0) INTO crossed FROM upd;

    INSERT INTO tallies AS t (scope, key_id, item, n, amount)
    SELECT 'program', 0, item, sum(n), sum(amount) FROM (
        SELECT 'ledger:' || kind AS item, 1 AS n, days AS amount FROM new_entries
        UNION ALL
        SELECT 'forfeited', 1, v.days FROM new_entries l JOIN vouchers v ON v.id = l.voucher_id
        WHERE l.kind = 'voucher_expired' AND l.days = 0
        UNION ALL
        SELECT 'enrollments_with_days', crossed, 0 WHERE crossed <> 0
    ) x
    GROUP BY item ORDER BY item
    ON CONFLICT (scope, key_id, item) DO UPDATE SET n = t.n + EXCLUDED.n, amount = t.amount + EXCLUDED.amount;
    RETURN NULL;
END
$$;
CREATE TRIGGER ledger_entries_apply AFTER INSERT ON ledger_entries
    REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_apply_statement();

-- Payment requests per state and currency (the admin home page).
SELECT tally_triggers('payment_requests', 'state, currency, amount_minor', $body$
BEGIN
    INSERT INTO tallies AS t (scope, key_id, item, n, amount)
    SELECT 'program', 0, 'payment:' || state || ':' || currency, sum(sign), sum(sign * amount_minor)
    FROM (%s) d (sign, state, currency, amount_minor)
    GROUP BY state, currency HAVING sum(sign) <> 0 OR sum(sign * amount_minor) <> 0
    ORDER BY state, currency
    ON CONFLICT (scope, key_id, item) DO UPDATE SET n = t.n + EXCLUDED.n, amount = t.amount + EXCLUDED.amount;
    RETURN NULL;
END
$body$);
DROP FUNCTION tally_triggers(text, text, text);

-- What the tallies must equal, recomputed from the tables of record: for the
-- tests and for tallies_rebuild (bulk loads, this migration). It reads as
-- its invoker, under the invoker's row-level security.
CREATE VIEW tallies_recomputed WITH (security_invoker = true) AS
    SELECT x.scope, x.key_id, v.state AS item, max(x.org_id) AS org_id, count(*) AS n, sum(v.days) AS amount
    FROM vouchers v, LATERAL (VALUES
        ('customer', v.org_id, v.org_id),
        ('enrollment', v.enrollment_id, v.org_id),
        ('partner', v.partner_org_id, v.partner_org_id),
        ('program', 0::bigint, NULL::bigint)) AS x (scope, key_id, org_id)
    WHERE x.key_id IS NOT NULL
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT 'program', 0, 'ledger:' || kind, NULL, count(*), sum(days) FROM ledger_entries GROUP BY kind
    UNION ALL
    SELECT 'program', 0, 'forfeited', NULL, count(*), sum(v.days) FROM ledger_entries l JOIN vouchers v ON v.id = l.voucher_id
    WHERE l.kind = 'voucher_expired' AND l.days = 0 HAVING count(*) > 0
    UNION ALL
    SELECT 'program', 0, 'enrollments_with_days', NULL, count(*), 0 FROM sa_enrollments WHERE balance > 0 HAVING count(*) > 0
    UNION ALL
    SELECT 'program', 0, 'payment:' || state || ':' || currency, NULL, count(*), sum(amount_minor)
    FROM payment_requests GROUP BY state, currency;

CREATE FUNCTION tallies_rebuild() RETURNS void LANGUAGE sql AS $$
    DELETE FROM tallies;
    INSERT INTO tallies (scope, key_id, item, org_id, n, amount) SELECT * FROM tallies_recomputed;
$$;
GRANT SELECT ON tallies_recomputed TO sapsportal_app;
SELECT tallies_rebuild();
