package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"sapsportal/internal/program"
)

// ErrAlreadyClosed is a second closing that lost to the first.
var ErrAlreadyClosed = errors.New("the program is already closed")

// Closing reads the program's closing (zero when it is open).
func (tx *Tx) Closing(ctx context.Context) (program.Closing, error) {
	var c program.Closing
	var on time.Time
	err := tx.QueryRow(ctx, `SELECT closed_on, closed_at, closed_by FROM program_closing`).Scan(&on, &c.At, &c.By)
	if errors.Is(err, pgx.ErrNoRows) {
		return program.Closing{}, nil
	}
	c.On = program.DateFromTime(on)
	return c, err
}

// CloseProgram records the closing (program scope). The one-row table makes
// it once: a second closing that raced the first gets ErrAlreadyClosed.
func (tx *Tx) CloseProgram(ctx context.Context, c program.Closing) error {
	_, err := tx.Exec(ctx, `INSERT INTO program_closing (closed_on, closed_at, closed_by, request_id) VALUES ($1, $2, $3, $4)`,
		c.On.Time(), c.At, c.By, tx.Scope.RequestID)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return ErrAlreadyClosed
	}
	return err
}

// VoucherCounts counts the vouchers not in a final state, by state (and by
// redemption day and window mark for redeemed ones), across every tenant
// (program scope): what may stand in the way of closing.
func (tx *Tx) VoucherCounts(ctx context.Context) ([]program.VoucherCount, error) {
	rows, err := tx.Query(ctx, `SELECT state, coalesce(redeemed_on, '0001-01-01'), payment_window_closed, count(*)
		FROM vouchers WHERE state IN ('ASSIGNED', 'RESERVED', 'REPORTED', 'REDEEMED', 'PAYMENT_REQUESTED')
		GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.VoucherCount, error) {
		var c program.VoucherCount
		var on time.Time
		err := r.Scan(&c.State, &on, &c.WindowClosed, &c.N)
		if on.Year() > 1 {
			c.RedeemedOn = program.DateFromTime(on)
		}
		return c, err
	})
}
