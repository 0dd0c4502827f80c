-- The partner's payments page lists its REDEEMED vouchers by expiry (issue
-- 11: it read every voucher the partner ever held, then sorted them, so it
-- slowed down as the partner's vouchers grew). Read in order from this
-- index, it stops at the page's limit. Vouchers enter it on redemption only.
CREATE INDEX vouchers_partner_redeemed_idx ON vouchers (partner_org_id, expires_on, id) WHERE state = 'REDEEMED';
