DROP TRIGGER tallies_vouchers_insert_months ON vouchers;
DROP TRIGGER tallies_vouchers_update_months ON vouchers;
DROP FUNCTION tallies_vouchers_months();
DELETE FROM tallies WHERE scope = 'program' AND (item LIKE 'created:%' OR item LIKE 'redeemed:%');
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
    FROM payment_requests GROUP BY state, currency;
