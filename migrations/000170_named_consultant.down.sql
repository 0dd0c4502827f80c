DROP INDEX reservations_customer_partner_idx;
CREATE INDEX completion_reports_customer_idx ON completion_reports (customer_org_id);
DROP INDEX completion_reports_customer_partner_idx;
DROP POLICY named_consultant ON memberships;
CREATE POLICY named_consultant ON memberships FOR SELECT USING (
    EXISTS (SELECT 1 FROM completion_reports cr
        WHERE cr.partner_org_id = memberships.org_id AND cr.consultant_user_ids @> ARRAY[memberships.user_id])
    OR EXISTS (SELECT 1 FROM reservations r
        WHERE r.partner_org_id = memberships.org_id AND r.cancelled_at IS NULL
          AND r.consultant_user_ids @> ARRAY[memberships.user_id]));
