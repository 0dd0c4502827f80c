DROP INDEX IF EXISTS payment_requests_partner_requested_idx;
DROP INDEX IF EXISTS partner_enrollments_requested_idx;
DROP INDEX IF EXISTS vouchers_partner_live_idx;
