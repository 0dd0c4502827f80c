-- The voucher lists' orders a person can choose (issue 16, item 12): a
-- customer's and a partner's list, newest first and most days first, each
-- read from an index that starts with the tenant, so that a page never
-- sorts all of an organisation's vouchers.
CREATE INDEX vouchers_org_newest_idx ON vouchers (org_id, id);
CREATE INDEX vouchers_partner_newest_idx ON vouchers (partner_org_id, id) WHERE partner_org_id IS NOT NULL;
CREATE INDEX vouchers_org_days_idx ON vouchers (org_id, days, id);
CREATE INDEX vouchers_partner_days_idx ON vouchers (partner_org_id, days, id) WHERE partner_org_id IS NOT NULL;
