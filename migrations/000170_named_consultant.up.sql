-- A consultant named on a voucher's reservation or report is visible to the
-- voucher's customer (000004's named_consultant). That path only ever
-- serves a customer: a partner sees its own members by the tenant policy,
-- the program everyone by its own, and no one else can see the partner's
-- reservations or reports. Saying so in the policy lets the planner read
-- the customer's own few reports with that partner instead of every
-- report the partner ever wrote (1,537 for a partner at a million
-- vouchers, for each consultant a customer's page names: 0.7 ms → 0.05 ms
-- per voucher page). Who is visible does not change.
DROP POLICY named_consultant ON memberships;
CREATE POLICY named_consultant ON memberships FOR SELECT USING (
    EXISTS (SELECT 1 FROM completion_reports cr
        WHERE cr.customer_org_id = app_org_id() AND cr.partner_org_id = memberships.org_id
          AND cr.consultant_user_ids @> ARRAY[memberships.user_id])
    OR EXISTS (SELECT 1 FROM reservations r
        WHERE r.customer_org_id = app_org_id() AND r.partner_org_id = memberships.org_id AND r.cancelled_at IS NULL
          AND r.consultant_user_ids @> ARRAY[memberships.user_id]));

CREATE INDEX completion_reports_customer_partner_idx ON completion_reports (customer_org_id, partner_org_id);
DROP INDEX completion_reports_customer_idx; -- the new index's first column
CREATE INDEX reservations_customer_partner_idx ON reservations (customer_org_id, partner_org_id) WHERE cancelled_at IS NULL;
