DROP TRIGGER policy_time_zone_moves_paid_months ON policy;
DROP FUNCTION policy_time_zone_moves_paid_months();
DROP TRIGGER tallies_payment_requests_insert_months ON payment_requests;
DROP TRIGGER tallies_payment_requests_update_months ON payment_requests;
DROP TRIGGER tallies_payment_requests_delete_months ON payment_requests;
DROP FUNCTION tallies_payment_requests_insert_months();
DROP FUNCTION tallies_payment_requests_update_months();
DROP FUNCTION tallies_payment_requests_delete_months();
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
DELETE FROM tallies WHERE scope = 'partner' AND (item LIKE 'requested:%' OR item LIKE 'paid:%');
DROP FUNCTION partner_money_rows(int, bigint, text, text, bigint, date, timestamptz);
DROP FUNCTION paid_month(timestamptz);
