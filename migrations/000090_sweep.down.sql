CREATE INDEX vouchers_engagement_type_idx ON vouchers (engagement_type_id);
DROP INDEX vouchers_window_idx;
CREATE INDEX vouchers_window_idx ON vouchers (redeemed_on) WHERE state = 'REDEEMED' AND NOT payment_window_closed;
DROP INDEX vouchers_due_idx;
CREATE INDEX vouchers_due_idx ON vouchers (expires_on) WHERE state IN ('ASSIGNED', 'RESERVED', 'REPORTED');
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_org_id_fkey FOREIGN KEY (org_id) REFERENCES organisations (id),
    ADD CONSTRAINT ledger_entries_enrollment_id_fkey FOREIGN KEY (enrollment_id) REFERENCES sa_enrollments (id);
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_enrollment_org_fkey;
ALTER TABLE sa_enrollments DROP CONSTRAINT sa_enrollments_id_org_key;
CREATE OR REPLACE TRIGGER ledger_entries_after_removal BEFORE INSERT ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_after_removal();
ALTER TABLE tallies RESET (fillfactor);
CREATE OR REPLACE FUNCTION tallies_vouchers_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    WITH delta (sign, org_id, enrollment_id, partner_org_id, state, days) AS (
        SELECT 1, org_id, enrollment_id, partner_org_id, state, days FROM new_rows
        UNION ALL SELECT -1, org_id, enrollment_id, partner_org_id, state, days FROM old_rows),
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
$$;
