-- Days by month on the admin home (issue 16): the days put into vouchers
-- (by the month each was created) and the days redeemed (by the month of
-- its redemption), kept as program tallies like the other home numbers, so
-- that the chart reads a few dozen rows however many vouchers there are:
--   program / 0 / 'created:YYYY-MM'  → vouchers, days
--   program / 0 / 'redeemed:YYYY-MM' → vouchers, days
-- A voucher counts in its month of creation for good (a void or an expiry
-- does not take it back); a redemption counts while redeemed_on is set.

CREATE FUNCTION tallies_vouchers_months() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO tallies AS t (scope, key_id, item, n, amount)
        SELECT 'program', 0, item, sum(n), sum(amount) FROM (
            SELECT 'created:' || to_char(created_on, 'YYYY-MM') AS item, 1 AS n, days AS amount FROM new_rows
            UNION ALL
            SELECT 'redeemed:' || to_char(redeemed_on, 'YYYY-MM'), 1, days FROM new_rows WHERE redeemed_on IS NOT NULL
        ) x
        GROUP BY item ORDER BY item
        ON CONFLICT (scope, key_id, item) DO UPDATE SET n = t.n + EXCLUDED.n, amount = t.amount + EXCLUDED.amount;
    ELSE
        -- Only a change of redeemed_on (or of a redeemed voucher's days) moves
        -- a month; every other update nets to zero and writes nothing.
        INSERT INTO tallies AS t (scope, key_id, item, n, amount)
        SELECT 'program', 0, item, sum(sign), sum(sign * days) FROM (
            SELECT 'redeemed:' || to_char(redeemed_on, 'YYYY-MM') AS item, 1 AS sign, days FROM new_rows WHERE redeemed_on IS NOT NULL
            UNION ALL
            SELECT 'redeemed:' || to_char(redeemed_on, 'YYYY-MM'), -1, days FROM old_rows WHERE redeemed_on IS NOT NULL
        ) x
        GROUP BY item HAVING sum(sign) <> 0 OR sum(sign * days) <> 0 ORDER BY item
        ON CONFLICT (scope, key_id, item) DO UPDATE SET n = t.n + EXCLUDED.n, amount = t.amount + EXCLUDED.amount;
    END IF;
    RETURN NULL;
END
$$;
-- Named to fire after 000020's tallies_vouchers_insert/_update (triggers
-- fire in name order), so that every change locks its tally rows in the
-- same order.
CREATE TRIGGER tallies_vouchers_insert_months AFTER INSERT ON vouchers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tallies_vouchers_months();
CREATE TRIGGER tallies_vouchers_update_months AFTER UPDATE ON vouchers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tallies_vouchers_months();

-- What they must equal (000020's view, with the months).
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
    WHERE redeemed_on IS NOT NULL GROUP BY 3;

SELECT tallies_rebuild();
