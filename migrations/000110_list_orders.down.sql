DROP INDEX IF EXISTS vouchers_partner_days_idx;
DROP INDEX IF EXISTS vouchers_org_days_idx;
DROP INDEX IF EXISTS vouchers_partner_newest_idx;
DROP INDEX IF EXISTS vouchers_org_newest_idx;
