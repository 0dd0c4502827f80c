-- The yearly renewal of offering enrollments (DOMAIN.md §9, issue 18 item 7).
--
-- An enrollment's end date is partner_enrollments.valid_to (its last day);
-- every approved enrollment already has one (000004,
-- partner_enrollments_approved_dates), a year from its approval
-- (program.EnrollmentPeriod), so no existing row needs a new end. A renewal
-- is asked for one approved enrollment and, once approved, moves that
-- enrollment's valid_to one year on from its current end; the requests are
-- kept here with the end before and after.

CREATE TABLE enrollment_renewals (
    id              bigserial PRIMARY KEY,
    org_id          bigint NOT NULL REFERENCES organisations (id), -- the partner
    enrollment_id   bigint NOT NULL REFERENCES partner_enrollments (id),
    status          text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected')),
    valid_to_before date NOT NULL,
    valid_to_after  date,
    reason          text NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
    requested_by    bigint REFERENCES users (id),
    requested_at    timestamptz NOT NULL DEFAULT now(),
    decided_by      bigint REFERENCES users (id),
    decided_at      timestamptz,
    CHECK (status <> 'approved' OR valid_to_after > valid_to_before),
    CHECK (status <> 'rejected' OR reason <> '')
);
-- One request waiting per enrollment: of two asked at once, one is refused.
CREATE UNIQUE INDEX enrollment_renewals_pending_once ON enrollment_renewals (enrollment_id) WHERE status = 'requested';
-- A partner's renewals (its pages), an enrollment's, and the admin's queue.
CREATE INDEX enrollment_renewals_org_idx ON enrollment_renewals (org_id, requested_at);
CREATE INDEX enrollment_renewals_enrollment_idx ON enrollment_renewals (enrollment_id, requested_at);
CREATE INDEX enrollment_renewals_queue_idx ON enrollment_renewals (requested_at, id) WHERE status = 'requested';

GRANT SELECT, INSERT, UPDATE ON enrollment_renewals TO sapsportal_app;
GRANT USAGE, SELECT ON SEQUENCE enrollment_renewals_id_seq TO sapsportal_app;
ALTER TABLE enrollment_renewals ENABLE ROW LEVEL SECURITY;
ALTER TABLE enrollment_renewals FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON enrollment_renewals USING (org_id = app_org_id());
CREATE POLICY program ON enrollment_renewals USING (app_program());

-- Before this, a partner renewed by asking to enroll again in an offering it
-- was enrolled in (in the enrollment's last 60 days). Such a request still
-- waiting is a renewal request: it moves here, asked of the enrollment in
-- force on the day it was asked (in the program's zone), and leaves the
-- enrollment requests, where approving it would have started a second
-- enrollment from the day of approval.
WITH moved AS (
    SELECT DISTINCT ON (req.id) req.id AS request_id, req.org_id, cur.id AS enrollment_id, cur.valid_to, req.requested_at
    FROM partner_enrollments req
    JOIN partner_enrollments cur ON cur.org_id = req.org_id AND cur.offering_code = req.offering_code AND cur.status = 'approved'
        AND (req.requested_at AT TIME ZONE (SELECT time_zone FROM policy))::date BETWEEN cur.valid_from AND cur.valid_to
    WHERE req.status = 'requested'
    ORDER BY req.id, cur.valid_to DESC
), inserted AS (
    INSERT INTO enrollment_renewals (org_id, enrollment_id, status, valid_to_before, requested_at)
    SELECT DISTINCT ON (enrollment_id) org_id, enrollment_id, 'requested', valid_to, requested_at
    FROM moved ORDER BY enrollment_id, requested_at
    RETURNING enrollment_id
)
DELETE FROM partner_enrollments WHERE id IN (SELECT request_id FROM moved);

-- Once the program is closed (000050), renewals no longer change.
CREATE TRIGGER program_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON enrollment_renewals
    FOR EACH STATEMENT EXECUTE FUNCTION program_closed_guard();
