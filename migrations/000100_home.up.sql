-- Home pages' to-dos and charts (issue 16).

-- A partner's reserved and reported vouchers, by state then expiry: the
-- engagements to report and the vouchers to redeem, read in order and cut
-- at the page's LIMIT, however many vouchers the partner has ended.
CREATE INDEX vouchers_partner_live_idx ON vouchers (partner_org_id, state, expires_on, id)
    WHERE state IN ('RESERVED', 'REPORTED');

-- Enrollment requests awaiting a decision (the program's to-dos).
CREATE INDEX partner_enrollments_requested_idx ON partner_enrollments (requested_at) WHERE status = 'requested';

-- A partner's payment requests by the day they were made (money requested
-- and paid by month on its home page).
CREATE INDEX payment_requests_partner_requested_idx ON payment_requests (partner_org_id, requested_on);
