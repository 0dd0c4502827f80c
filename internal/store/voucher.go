package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

const voucherColumns = `v.id, v.code, v.org_id, v.enrollment_id, v.country, v.days, v.project_manager_email, v.state,
	v.created_on, v.expires_on, coalesce(v.partner_org_id, 0), v.redeemed_on, v.payment_window_closed,
	(SELECT r.start_on FROM reservations r WHERE r.voucher_id = v.id AND r.cancelled_at IS NULL), ` + engagementTypeColumns

const voucherFrom = ` FROM vouchers v JOIN engagement_types et ON et.id = v.engagement_type_id JOIN offerings o ON o.code = et.offering_code `

// scanVoucher scans voucherColumns: the voucher, its live reservation's
// start and its engagement type with the competencies it asks for.
func scanVoucher(row pgx.Row) (program.Voucher, error) {
	var v program.Voucher
	var scan voucherScan
	var start *time.Time
	var ids []int64
	var names, levels []string
	if err := row.Scan(append(scan.dest(&v, &start), engagementTypeDest(&v.EngagementType, &ids, &names, &levels)...)...); err != nil {
		return v, notFound(err)
	}
	finishEngagementType(&v.EngagementType, ids, names, levels)
	scan.finish(&v)
	v.ReservedStart = optDate(start)
	return v, nil
}

// voucherScan is where a voucher's columns are scanned (dest): into the
// voucher, and its dates as PostgreSQL sends them until finish puts them
// in the voucher.
type voucherScan struct {
	created, expires time.Time
	redeemed         *time.Time
}

// dest is where the voucher's columns go, up to and including its live
// reservation's (into reservation).
func (d *voucherScan) dest(v *program.Voucher, reservation any) []any {
	return []any{&v.ID, &v.Code, &v.CustomerOrgID, &v.EnrollmentID, &v.Country, &v.Days, &v.ProjectManagerEmail,
		&v.State, &d.created, &d.expires, &v.PartnerOrgID, &d.redeemed, &v.PaymentWindowClosed, reservation}
}

func (d *voucherScan) finish(v *program.Voucher) {
	v.CreatedOn, v.ExpiresOn = program.DateFromTime(d.created), program.DateFromTime(d.expires)
	v.RedeemedOn = optDate(d.redeemed)
}

// LockVoucher reads a voucher visible in scope and locks it for a step.
func (tx *Tx) LockVoucher(ctx context.Context, id int64) (program.Voucher, error) {
	return scanVoucher(tx.QueryRow(ctx, `SELECT `+voucherColumns+voucherFrom+`WHERE v.id = $1 FOR UPDATE OF v`, id))
}

// LockVoucherByCode reads and locks a voucher by its ID as typed.
func (tx *Tx) LockVoucherByCode(ctx context.Context, code program.Code12) (program.Voucher, error) {
	return scanVoucher(tx.QueryRow(ctx, `SELECT `+voucherColumns+voucherFrom+`WHERE v.code = $1 FOR UPDATE OF v`, string(code)))
}

// VoucherByCode reads a voucher by its ID as typed, without locking it.
func (tx *Tx) VoucherByCode(ctx context.Context, code program.Code12) (program.Voucher, error) {
	return scanVoucher(tx.QueryRow(ctx, `SELECT `+voucherColumns+voucherFrom+`WHERE v.code = $1`, string(code)))
}

// Voucher reads a voucher visible in scope.
func (tx *Tx) Voucher(ctx context.Context, id int64) (program.Voucher, error) {
	return scanVoucher(tx.QueryRow(ctx, `SELECT `+voucherColumns+voucherFrom+`WHERE v.id = $1`, id))
}

// InsertVoucher stores a new voucher and returns its id.
func (tx *Tx) InsertVoucher(ctx context.Context, v program.Voucher) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO vouchers (code, org_id, enrollment_id, country, engagement_type_id, days,
		project_manager_email, state, created_on, expires_on, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
		string(v.Code), v.CustomerOrgID, v.EnrollmentID, v.Country, v.EngagementType.ID, v.Days,
		v.ProjectManagerEmail, v.State, v.CreatedOn.Time(), v.ExpiresOn.Time(), tx.Now).Scan(&id)
	return id, err
}

// UpdateVoucher writes a voucher's new state, guarded by the state it was
// read in: a concurrent step that got there first makes this affect no row,
// which is reported as ErrNotFound so the caller re-reads.
func (tx *Tx) UpdateVoucher(ctx context.Context, before, after program.Voucher) error {
	tag, err := tx.Exec(ctx, `UPDATE vouchers SET state = $3, project_manager_email = $4, expires_on = $5,
		partner_org_id = $6, redeemed_on = $7, payment_window_closed = $8, updated_at = $9
		WHERE id = $1 AND state = $2`,
		after.ID, before.State, after.State, after.ProjectManagerEmail, after.ExpiresOn.Time(),
		nullID(after.PartnerOrgID), dateOrNull(after.RedeemedOn), after.PaymentWindowClosed, tx.Now)
	if err != nil {
		return err
	}
	if tag.RowsAffected() != 1 {
		return ErrNotFound
	}
	return nil
}

// DueVouchers lists unredeemed vouchers whose validity ended by today, those
// expiring before day `before` or on/after it (program scope), oldest first.
func (tx *Tx) DueVouchers(ctx context.Context, today, removal program.Date, beforeRemoval bool) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM vouchers WHERE state IN ('ASSIGNED', 'RESERVED', 'REPORTED')
		AND expires_on <= $1 AND (expires_on < $2) = $3 ORDER BY expires_on, id`, today.Time(), removal.Time(), beforeRemoval)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// WindowsToClose lists REDEEMED vouchers whose payment window may have
// passed (program scope); the domain decides.
func (tx *Tx) WindowsToClose(ctx context.Context, redeemedBefore program.Date) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM vouchers WHERE state = 'REDEEMED' AND NOT payment_window_closed
		AND redeemed_on < $1 ORDER BY redeemed_on, id`, redeemedBefore.Time())
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}
