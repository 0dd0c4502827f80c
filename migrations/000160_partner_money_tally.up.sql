-- The partner home's money requested and paid by month (issue 11), kept as
-- partner tallies like the other home numbers instead of summed from a
-- year of payment requests on every view (2 ms for a partner with 1,300
-- requests in the year, 8 ms under load):
--   partner / partner org / 'requested:YYYY-MM:<currency>' → requests, amount
--   partner / partner org / 'paid:YYYY-MM:<currency>'      → requests, amount
-- A request counts in the month it was requested on and, once paid, in the
-- month of its payment in the program's time zone; a change of that time
-- zone moves the paid months with it (policy_time_zone_moves_paid_months).
-- The items are lower case, so the voucher counts by state (upper case)
-- never read them.

-- The month a payment made at decided_at falls in, in the program's time zone.
CREATE FUNCTION paid_month(decided_at timestamptz) RETURNS date LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT date_trunc('month', decided_at AT TIME ZONE (SELECT time_zone FROM policy))::date $$;

-- The tally rows of a set of payment requests (signed: +1 after, -1 before).
CREATE FUNCTION partner_money_rows(sign int, partner_org_id bigint, state text, currency text, amount_minor bigint,
    requested_on date, decided_at timestamptz)
RETURNS TABLE (key_id bigint, item text, n int, amount bigint) LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT partner_org_id, 'requested:' || to_char(requested_on, 'YYYY-MM') || ':' || currency, sign, sign * amount_minor
    UNION ALL
    SELECT partner_org_id, 'paid:' || to_char(paid_month(decided_at), 'YYYY-MM') || ':' || currency, sign, sign * amount_minor
    WHERE state = 'paid'
$$;

-- One trigger function per event, each with the transition tables its
-- event has (000020's tally_triggers, which its migration dropped).
DO $do$
DECLARE
    ev text;
    cols text := 'partner_org_id, state, currency, amount_minor, requested_on, decided_at';
BEGIN
    FOREACH ev IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
        EXECUTE format($f$CREATE FUNCTION tallies_payment_requests_%s_months() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
            SET search_path = public, pg_temp AS $body$
            BEGIN
                INSERT INTO tallies AS t (scope, key_id, item, org_id, n, amount)
                SELECT 'partner', r.key_id, r.item, r.key_id, sum(r.n), sum(r.amount)
                FROM (%s) d (sign, %s), LATERAL partner_money_rows(d.sign, %s) r
                GROUP BY r.key_id, r.item HAVING sum(r.n) <> 0 OR sum(r.amount) <> 0
                ORDER BY r.key_id, r.item
                ON CONFLICT (scope, key_id, item) DO UPDATE SET n = t.n + EXCLUDED.n, amount = t.amount + EXCLUDED.amount;
                RETURN NULL;
            END
            $body$$f$, ev,
            CASE ev WHEN 'insert' THEN format('SELECT 1, %s FROM new_rows', cols)
                WHEN 'delete' THEN format('SELECT -1, %s FROM old_rows', cols)
                ELSE format('SELECT 1, %s FROM new_rows UNION ALL SELECT -1, %s FROM old_rows', cols, cols) END,
            cols, cols);
        -- Named to fire after 000020's tallies_payment_requests_<event>
        -- (triggers fire in name order): every change locks its tally rows
        -- in the same order.
        EXECUTE format('CREATE TRIGGER tallies_payment_requests_%s_months AFTER %s ON payment_requests REFERENCING %s
            FOR EACH STATEMENT EXECUTE FUNCTION tallies_payment_requests_%s_months()', ev, upper(ev),
            CASE ev WHEN 'insert' THEN 'NEW TABLE AS new_rows' WHEN 'delete' THEN 'OLD TABLE AS old_rows'
                ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END, ev);
    END LOOP;
END
$do$;

-- A new time zone moves payments across month ends: the paid months are
-- counted again, in the transaction that changes it.
CREATE FUNCTION policy_time_zone_moves_paid_months() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM tallies WHERE scope = 'partner' AND item LIKE 'paid:%';
    INSERT INTO tallies (scope, key_id, item, org_id, n, amount)
    SELECT 'partner', r.key_id, r.item, r.key_id, sum(r.n), sum(r.amount)
    FROM payment_requests p, LATERAL partner_money_rows(1, p.partner_org_id, p.state, p.currency, p.amount_minor,
        p.requested_on, p.decided_at) r
    WHERE p.state = 'paid' AND r.item LIKE 'paid:%'
    GROUP BY r.key_id, r.item ORDER BY r.key_id, r.item;
    RETURN NULL;
END
$$;
CREATE TRIGGER policy_time_zone_moves_paid_months AFTER UPDATE OF time_zone ON policy
    FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION policy_time_zone_moves_paid_months();

-- What they must equal (000120's view, with the partners' months).
CREATE OR REPLACE VIEW tallies_recomputed WITH (security_invoker = true) AS
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
    FROM payment_requests GROUP BY state, currency
    UNION ALL
    SELECT 'program', 0, 'created:' || to_char(created_on, 'YYYY-MM'), NULL, count(*), sum(days) FROM vouchers GROUP BY 3
    UNION ALL
    SELECT 'program', 0, 'redeemed:' || to_char(redeemed_on, 'YYYY-MM'), NULL, count(*), sum(days) FROM vouchers
    WHERE redeemed_on IS NOT NULL GROUP BY 3
    UNION ALL
    SELECT 'partner', r.key_id, r.item, r.key_id, sum(r.n), sum(r.amount)
    FROM payment_requests p, LATERAL partner_money_rows(1, p.partner_org_id, p.state, p.currency, p.amount_minor,
        p.requested_on, p.decided_at) r
    GROUP BY r.key_id, r.item;

SELECT tallies_rebuild();
