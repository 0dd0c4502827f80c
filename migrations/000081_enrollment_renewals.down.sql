-- Waiting renewals go back to being requests to enroll again.
INSERT INTO partner_enrollments (org_id, offering_code, status, requested_at)
SELECT r.org_id, e.offering_code, 'requested', r.requested_at
FROM enrollment_renewals r JOIN partner_enrollments e ON e.id = r.enrollment_id
WHERE r.status = 'requested';
DROP TABLE enrollment_renewals;
