-- The partner home's money requested and paid by month (issue 11): both
-- halves read from the index alone, with what row-level security checks
-- (customer_org_id) included, instead of one heap page per request (6 ms
-- → 2 ms for a partner with 900 requests in the year).
CREATE INDEX payment_requests_partner_month_idx ON payment_requests (partner_org_id, requested_on)
    INCLUDE (currency, amount_minor, customer_org_id);
CREATE INDEX payment_requests_partner_paid_month_idx ON payment_requests (partner_org_id, decided_at)
    INCLUDE (currency, amount_minor, customer_org_id) WHERE state = 'paid';
DROP INDEX payment_requests_partner_requested_idx;
