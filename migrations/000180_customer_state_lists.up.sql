-- A customer's list filtered by state (issue 11). A prepared statement
-- settles on its generic plan, which costs `org_id = $1` for an average
-- customer (a hundred vouchers at a million): it read every voucher of the
-- customer in that state and sorted them, 846 reserved vouchers of the
-- largest customer for a page of 50 (3,317 expired ones). With the state
-- as the second column the page reads its 51 rows in order, in the default
-- order (expiry) and in "most days first". (Newest first still sorts the
-- customer's vouchers in that state; docs/scaling.md says what would not.)
CREATE INDEX vouchers_org_state_idx ON vouchers (org_id, state, expires_on, id);
CREATE INDEX vouchers_org_state_days_idx ON vouchers (org_id, state, days, id);
