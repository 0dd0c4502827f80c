package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// CancelReservationFor ends a voucher's live reservation with the
// partner's reason (DOMAIN.md §9).
func (tx *Tx) CancelReservationFor(ctx context.Context, voucherID int64, c program.Cancellation) error {
	tag, err := tx.Exec(ctx, `UPDATE reservations SET cancelled_at = $2, cancelled_by = $3, cancel_reason = $4, cancel_note = $5
		WHERE voucher_id = $1 AND cancelled_at IS NULL`, voucherID, tx.Now, nullID(tx.Scope.UserID), string(c.Reason), c.Note)
	if err == nil && tag.RowsAffected() != 1 {
		return ErrNotFound
	}
	return err
}

// Reschedule changes a live reservation's planned dates and consultants
// and records the change, before → after.
func (tx *Tx) Reschedule(ctx context.Context, v program.Voucher, from Reservation, start, end program.Date, consultants []int64) error {
	if consultants == nil {
		consultants = []int64{}
	}
	before := from.Consultants
	if before == nil {
		before = []int64{}
	}
	tag, err := tx.Exec(ctx, `UPDATE reservations SET start_on = $3, end_on = $4, consultant_user_ids = $5
		WHERE id = $1 AND voucher_id = $2 AND cancelled_at IS NULL`, from.ID, v.ID, start.Time(), end.Time(), consultants)
	if err != nil {
		return err
	}
	if tag.RowsAffected() != 1 {
		return ErrNotFound
	}
	_, err = tx.Exec(ctx, `INSERT INTO reservation_changes (reservation_id, voucher_id, partner_org_id, customer_org_id,
		from_start, from_end, to_start, to_end, from_consultants, to_consultants, changed_by, changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		from.ID, v.ID, v.PartnerOrgID, v.CustomerOrgID, from.StartOn.Time(), from.EndOn.Time(), start.Time(), end.Time(),
		before, consultants, nullID(tx.Scope.UserID), tx.Now)
	return err
}

// PlanChange is one change of a reservation's planned dates, as the
// voucher's page shows it.
type PlanChange struct {
	FromStart, FromEnd program.Date
	ToStart, ToEnd     program.Date
	ChangedAt          time.Time
}

// planChangesRead reads the changes of a voucher's reservations, oldest first,
// by reservation.
func planChangesRead(voucherID int64, out map[int64][]PlanChange) read {
	return read{`SELECT reservation_id, from_start, from_end, to_start, to_end, changed_at
		FROM reservation_changes WHERE voucher_id = $1 ORDER BY changed_at, id`, []any{voucherID}, func(rows pgx.Rows) error {
		var res int64
		var c PlanChange
		var fs, fe, ts, te time.Time
		_, err := pgx.ForEachRow(rows, []any{&res, &fs, &fe, &ts, &te, &c.ChangedAt}, func() error {
			c.FromStart, c.FromEnd, c.ToStart, c.ToEnd = program.DateFromTime(fs), program.DateFromTime(fe), program.DateFromTime(ts), program.DateFromTime(te)
			out[res] = append(out[res], c)
			return nil
		})
		return err
	}}
}
