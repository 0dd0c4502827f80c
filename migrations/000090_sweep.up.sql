-- The expiry sweep at the program's real size (issue 11): less work per
-- voucher that falls due, none of it a weaker guarantee.

-- 1. The vouchers' tally on update adds up its delta per customer,
--    enrollment, partner and state first and only then spreads it to the
--    four scopes (000020 spread every changed row four ways, then added up):
--    a sweep batch of 5,000 vouchers of a few hundred enrollments becomes a
--    few hundred rows to spread instead of 40,000.
CREATE OR REPLACE FUNCTION tallies_vouchers_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
    WITH delta (org_id, enrollment_id, partner_org_id, state, n, amount) AS (
        SELECT org_id, enrollment_id, partner_org_id, state, sum(sign), sum(sign * days) FROM (
            SELECT 1 AS sign, org_id, enrollment_id, partner_org_id, state, days FROM new_rows
            UNION ALL
            SELECT -1, org_id, enrollment_id, partner_org_id, state, days FROM old_rows) d
        GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0 OR sum(sign * days) <> 0
    ), rows AS (
        SELECT x.scope, x.key_id, d.state AS item, x.org_id, d.n, d.amount
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

-- 2. Tallies are updated over and over in place: room on each page lets
--    those updates stay heap-only (no new index entries). The rebuild
--    writes them again into pages filled to half.
ALTER TABLE tallies SET (fillfactor = 50);
SELECT tallies_rebuild();

-- 3. 000004's check that nothing moves days after the removal only reads
--    the ledger for entries that move days: a forfeit (0 days) no longer
--    runs it.
CREATE OR REPLACE TRIGGER ledger_entries_after_removal BEFORE INSERT ON ledger_entries
    FOR EACH ROW WHEN (NEW.days <> 0) EXECUTE FUNCTION ledger_entries_after_removal();

-- 4. A ledger entry belongs to its enrollment's organisation: one foreign
--    key on both columns says so (it was not checked before) and replaces
--    the two single ones, one check per entry instead of two.
ALTER TABLE sa_enrollments ADD CONSTRAINT sa_enrollments_id_org_key UNIQUE (id, org_id);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_enrollment_org_fkey
    FOREIGN KEY (enrollment_id, org_id) REFERENCES sa_enrollments (id, org_id);
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_org_id_fkey,
    DROP CONSTRAINT ledger_entries_enrollment_id_fkey;

-- 5. The sweeps read due vouchers in (expires_on, id) and closing windows
--    in (redeemed_on, id) order: partial indexes in that order, so that a
--    sweep starts at the first live voucher instead of reading every
--    voucher that ended long ago (and vouchers leave them as they expire:
--    no entry is added then).
DROP INDEX vouchers_due_idx;
CREATE INDEX vouchers_due_idx ON vouchers (expires_on, id) WHERE state IN ('ASSIGNED', 'RESERVED', 'REPORTED');
DROP INDEX vouchers_window_idx;
CREATE INDEX vouchers_window_idx ON vouchers (redeemed_on, id) WHERE state = 'REDEEMED' AND NOT payment_window_closed;

-- 6. No page or sweep filters vouchers by engagement type, and engagement
--    types are retired, never deleted: the index was one more entry to
--    write on every change of every voucher.
DROP INDEX vouchers_engagement_type_idx;
