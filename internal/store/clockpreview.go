package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// What the simulated clock's confirmation shows (program scope): the
// vouchers that fall due by a day and the enrollments the removal day
// would empty, read as selections; the rules that decide what becomes of
// them are program.Policy.WhatIf's.

// CountLiveExpiringBy counts the unredeemed vouchers whose validity ends
// by day to (expires_on on or before it), on vouchers_due_idx.
func (tx *Tx) CountLiveExpiringBy(ctx context.Context, to program.Date) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT count(*) FROM vouchers v WHERE v.state IN `+liveStates+` AND v.expires_on <= $1`, to.Time()).Scan(&n)
	return n, err
}

// EnrollmentRow is an enrollment with its customer's name.
type EnrollmentRow struct {
	program.Enrollment
	CustomerName string
}

// removalCandidates are the enrollments whose remaining days have not been
// removed and that hold days, or will when a live voucher expiring before
// the removal day ($1) gives its days back.
const removalCandidates = ` FROM sa_enrollments e WHERE NOT EXISTS
		(SELECT 1 FROM ledger_entries l WHERE l.enrollment_id = e.id AND l.kind = 'retirement_removal')
	AND (e.balance > 0 OR EXISTS (SELECT 1 FROM vouchers v WHERE v.enrollment_id = e.id
		AND v.state IN ` + liveStates + ` AND v.expires_on < $1))`

// RemovalCandidates lists up to limit enrollments (by id) that may lose days
// on the removal day, with how many there are in all.
func (tx *Tx) RemovalCandidates(ctx context.Context, removalOn program.Date, limit int) ([]EnrollmentRow, int, error) {
	var total int
	if err := tx.QueryRow(ctx, `SELECT count(*)`+removalCandidates, removalOn.Time()).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := tx.Query(ctx, `SELECT `+enrollmentColumns+`, (SELECT c.name FROM organisations c WHERE c.id = e.org_id)`+
		removalCandidates+` ORDER BY e.id LIMIT $2`, removalOn.Time(), limit)
	if err != nil {
		return nil, 0, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (EnrollmentRow, error) {
		var e EnrollmentRow
		var end time.Time
		err := r.Scan(&e.ID, &e.OrgID, &e.AgreementNumber, &e.Country, &end, &e.Activated, &e.Balance, &e.Removed, &e.CustomerName)
		e.SAEndDate = program.DateFromTime(end)
		return e, err
	})
	return list, total, err
}

// EnrollmentsByID reads the enrollments with the given ids, without locking
// them.
func (tx *Tx) EnrollmentsByID(ctx context.Context, ids []int64) ([]program.Enrollment, error) {
	rows, err := tx.Query(ctx, `SELECT `+enrollmentColumns+` FROM sa_enrollments e WHERE e.id = ANY($1) ORDER BY e.id`, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.Enrollment, error) { return scanEnrollment(r) })
}

// LiveVouchersExpiringBefore lists the unredeemed vouchers of the given
// enrollments whose validity ends before day before.
func (tx *Tx) LiveVouchersExpiringBefore(ctx context.Context, enrollmentIDs []int64, before program.Date) ([]program.Voucher, error) {
	rows, err := tx.Query(ctx, `SELECT `+voucherListColumns+voucherFrom+`WHERE v.enrollment_id = ANY($1)
		AND v.state IN `+liveStates+` AND v.expires_on < $2 ORDER BY v.expires_on, v.id`, enrollmentIDs, before.Time())
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.Voucher, error) {
		v, _, err := scanListVoucher(r)
		return v, err
	})
}
