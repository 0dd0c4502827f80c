package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// Renewal is a request to renew one approved offering enrollment.
type Renewal struct {
	ID           int64
	OrgID        int64
	PartnerName  string
	EnrollmentID int64
	Offering     string
	Status       string // requested, approved, rejected
	ValidFrom    program.Date
	Before       program.Date // the enrollment's last day when asked
	After        program.Date // its last day once approved
	Reason       string
	RequestedAt  time.Time
	DecidedAt    *time.Time
}

// Enrollment is the enrollment the renewal is for, as it was when asked.
func (r Renewal) Enrollment() program.PartnerEnrollment {
	return program.PartnerEnrollment{Offering: r.Offering, ValidFrom: r.ValidFrom, ValidTo: r.Before}
}

const renewalColumns = `r.id, r.org_id, o.name, r.enrollment_id, pe.offering_code, r.status, pe.valid_from, r.valid_to_before,
	r.valid_to_after, r.reason, r.requested_at, r.decided_at
	FROM enrollment_renewals r JOIN partner_enrollments pe ON pe.id = r.enrollment_id JOIN organisations o ON o.id = r.org_id`

func scanRenewal(row pgx.Row) (Renewal, error) {
	var r Renewal
	var from, before time.Time
	var after *time.Time
	err := row.Scan(&r.ID, &r.OrgID, &r.PartnerName, &r.EnrollmentID, &r.Offering, &r.Status, &from, &before,
		&after, &r.Reason, &r.RequestedAt, &r.DecidedAt)
	r.ValidFrom, r.Before, r.After = program.DateFromTime(from), program.DateFromTime(before), optDate(after)
	return r, notFound(err)
}

// Renewals lists one partner's renewal requests (orgID), newest first.
func (tx *Tx) Renewals(ctx context.Context, orgID int64) ([]Renewal, error) {
	var out []Renewal
	err := tx.run(ctx, renewalsRead(orgID, &out))
	return out, err
}

// Renewals queues Tx.Renewals(orgID), into out.
func (q *Reads) Renewals(orgID int64, out *[]Renewal) { q.add(renewalsRead(orgID, out)) }

func renewalsRead(orgID int64, out *[]Renewal) read {
	return rowsRead(`SELECT `+renewalColumns+` WHERE r.org_id = $1 ORDER BY r.requested_at DESC, r.id DESC`, []any{orgID},
		out, func(r pgx.CollectableRow) (Renewal, error) { return scanRenewal(r) })
}

// PendingRenewals lists every renewal request waiting for a decision (the
// program's queue), oldest first.
func (tx *Tx) PendingRenewals(ctx context.Context) ([]Renewal, error) {
	rows, err := tx.Query(ctx, `SELECT `+renewalColumns+` WHERE r.status = 'requested' ORDER BY r.requested_at, r.id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Renewal, error) { return scanRenewal(r) })
}

// LockRenewal reads and locks one renewal request and its enrollment.
func (tx *Tx) LockRenewal(ctx context.Context, id int64) (Renewal, error) {
	return scanRenewal(tx.QueryRow(ctx, `SELECT `+renewalColumns+` WHERE r.id = $1 FOR UPDATE OF r, pe`, id))
}

// LockApprovedEnrollment reads and locks one of orgID's approved
// enrollments, with whether a renewal of it is waiting.
func (tx *Tx) LockApprovedEnrollment(ctx context.Context, orgID, id int64) (program.PartnerEnrollment, bool, error) {
	var e program.PartnerEnrollment
	var from, to time.Time
	var pending bool
	err := tx.QueryRow(ctx, `SELECT pe.offering_code, pe.valid_from, pe.valid_to,
			EXISTS (SELECT 1 FROM enrollment_renewals r WHERE r.enrollment_id = pe.id AND r.status = 'requested')
		FROM partner_enrollments pe WHERE pe.id = $1 AND pe.org_id = $2 AND pe.status = 'approved' FOR UPDATE OF pe`, id, orgID).
		Scan(&e.Offering, &from, &to, &pending)
	e.ValidFrom, e.ValidTo = program.DateFromTime(from), program.DateFromTime(to)
	return e, pending, notFound(err)
}

// RequestRenewal records a request to renew an enrollment ending on before;
// the database allows one waiting per enrollment.
func (tx *Tx) RequestRenewal(ctx context.Context, orgID, enrollmentID int64, before program.Date) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO enrollment_renewals (org_id, enrollment_id, status, valid_to_before, requested_by, requested_at)
		VALUES ($1, $2, 'requested', $3, $4, $5) RETURNING id`, orgID, enrollmentID, before.Time(), nullID(tx.Scope.UserID), tx.Now).Scan(&id)
	return id, err
}

// ApproveRenewal moves the enrollment's last day to after and records the
// decision.
func (tx *Tx) ApproveRenewal(ctx context.Context, r Renewal, after program.Date) error {
	if _, err := tx.Exec(ctx, `UPDATE partner_enrollments SET valid_to = $3 WHERE id = $1 AND org_id = $2 AND status = 'approved'`,
		r.EnrollmentID, r.OrgID, after.Time()); err != nil {
		return err
	}
	return tx.decideRenewal(ctx, r.ID, "approved", &after, "")
}

// RejectRenewal records a renewal's rejection with its reason.
func (tx *Tx) RejectRenewal(ctx context.Context, id int64, reason string) error {
	return tx.decideRenewal(ctx, id, "rejected", nil, reason)
}

func (tx *Tx) decideRenewal(ctx context.Context, id int64, status string, after *program.Date, reason string) error {
	var to *time.Time
	if after != nil {
		t := after.Time()
		to = &t
	}
	tag, err := tx.Exec(ctx, `UPDATE enrollment_renewals SET status = $2, valid_to_after = $3, reason = $4, decided_by = $5, decided_at = $6
		WHERE id = $1 AND status = 'requested'`, id, status, to, reason, nullID(tx.Scope.UserID), tx.Now)
	if err == nil && tag.RowsAffected() != 1 {
		return ErrNotFound
	}
	return err
}
