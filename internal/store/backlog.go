package store

import (
	"context"
	"time"

	"sapsportal/internal/program"
)

// Backlog is what is waiting to be done, for the operators' metrics.
type Backlog struct {
	SweepLag time.Duration // since the oldest expiry the sweeps have not processed (0: none)
	Unsent   int           // emails not yet sent
	Failing  int           // of them, those whose last attempt failed
}

// Backlog reads the backlog as of now (program scope, read only).
func (s *Store) Backlog(ctx context.Context, now time.Time) (Backlog, error) {
	var b Backlog
	err := s.TransactRead(ctx, Scope{Program: true, RequestID: "metrics"}, now, func(tx *Tx) error {
		p, err := tx.Policy(ctx)
		if err != nil {
			return err
		}
		var oldest *time.Time
		if err := tx.QueryRow(ctx, `SELECT min(expires_on) FROM vouchers WHERE state IN ('ASSIGNED', 'RESERVED', 'REPORTED')
			AND expires_on <= $1`, p.Today(now).Time()).Scan(&oldest); err != nil {
			return err
		}
		if oldest != nil {
			b.SweepLag = max(0, now.Sub(p.StartOf(program.DateFromTime(*oldest))))
		}
		return tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE last_error <> '') FROM outbox WHERE sent_at IS NULL`).
			Scan(&b.Unsent, &b.Failing)
	})
	return b, err
}
