package app

import (
	"context"
	"errors"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// CatchUpReport says what a catch-up did.
type CatchUpReport struct {
	Expired       int
	DaysReturned  int
	DaysForfeited int
	Enrollments   int // whose remaining days were removed
	DaysRemoved   int
	WindowsClosed int
}

// CatchUp carries out everything that has become due by now, in the order
// the days fell due, so that one call after a jump of months leaves the same
// ledger as running every minute would have: vouchers that expired before
// the removal day give their days back first, then the removal, then later
// expiries (forfeited) and closing payment windows.
//
// Each effect is its own transaction on a locked row, re-decided by the
// domain, so two instances running at once do each effect once: the loser
// finds the row already changed (or the database's once-only index) and
// skips it.
func (a *App) CatchUp(ctx context.Context) (CatchUpReport, error) {
	var r CatchUpReport
	now := a.Clock.Now()
	sc := store.Scope{Program: true, RequestID: "catch-up"}
	var p program.Policy
	var early, late, windows, enrollments []int64
	today := program.Date{}
	err := a.Store.Transact(ctx, sc, now, func(tx *store.Tx) error {
		var err error
		if p, err = tx.Policy(ctx); err != nil {
			return err
		}
		today = p.Today(now)
		if early, err = tx.DueVouchers(ctx, today, p.RemovalOn, true); err != nil {
			return err
		}
		if late, err = tx.DueVouchers(ctx, today, p.RemovalOn, false); err != nil {
			return err
		}
		if !today.Before(p.RemovalOn) {
			if enrollments, err = tx.EnrollmentsToRemove(ctx); err != nil {
				return err
			}
		}
		windows, err = tx.WindowsToClose(ctx, today.AddDays(-p.PaymentWindowDays))
		return err
	})
	if err != nil {
		return r, err
	}
	for _, id := range early {
		if err := a.expire(ctx, sc, now, id, &r); err != nil {
			return r, err
		}
	}
	for _, id := range enrollments {
		if err := a.removeRemaining(ctx, sc, now, id, &r); err != nil {
			return r, err
		}
	}
	for _, id := range late {
		if err := a.expire(ctx, sc, now, id, &r); err != nil {
			return r, err
		}
	}
	for _, id := range windows {
		if err := a.systemStep(ctx, sc, now, id, func(_ *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error) {
			return v.ClosePaymentWindow(p, now)
		}); err == nil {
			r.WindowsClosed++
		} else if !skippable(err) {
			return r, err
		}
	}
	if r != (CatchUpReport{}) {
		a.Log.Info("catch-up", "today", today.String(), "expired", r.Expired, "returned", r.DaysReturned,
			"forfeited", r.DaysForfeited, "removed_from", r.Enrollments, "removed", r.DaysRemoved, "windows_closed", r.WindowsClosed)
	}
	return r, nil
}

// skippable is an effect another instance (or an earlier run) already did.
func skippable(err error) bool {
	return program.IsCode(err, program.CodeWrongState) || program.IsCode(err, program.CodeNotFound) || store.IsUniqueViolation(err)
}

func (a *App) expire(ctx context.Context, sc store.Scope, now time.Time, id int64, r *CatchUpReport) error {
	var o program.Outcome
	err := a.systemStep(ctx, sc, now, id, func(tx *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error) {
		e, err := tx.LockEnrollment(ctx, v.EnrollmentID) // before deciding, as every step that writes the ledger
		if err != nil {
			return program.Outcome{}, err
		}
		o, err = v.Expire(p, now, e)
		return o, err
	})
	switch {
	case err == nil:
		r.Expired++
		if d := o.Ledger[0].Days; d > 0 {
			r.DaysReturned += d
		} else {
			r.DaysForfeited += o.Voucher.Days
		}
		return nil
	case skippable(err):
		return nil
	}
	return err
}

// systemStep is one sweep effect on one voucher, audited as the system.
func (a *App) systemStep(ctx context.Context, sc store.Scope, now time.Time, id int64,
	decide func(*store.Tx, program.Policy, program.Voucher) (program.Outcome, error)) error {
	return a.Store.Transact(ctx, sc, now, func(tx *store.Tx) error {
		p, err := tx.Policy(ctx)
		if err != nil {
			return err
		}
		v, err := tx.LockVoucher(ctx, id)
		if err != nil {
			return found(err, "voucher")
		}
		o, err := decide(tx, p, v)
		if err != nil {
			return err
		}
		return a.persist(ctx, tx, p, store.SystemActor, v, o)
	})
}

func (a *App) removeRemaining(ctx context.Context, sc store.Scope, now time.Time, id int64, r *CatchUpReport) error {
	var removed int
	err := a.Store.Transact(ctx, sc, now, func(tx *store.Tx) error {
		p, err := tx.Policy(ctx)
		if err != nil {
			return err
		}
		e, err := tx.LockEnrollment(ctx, id)
		if err != nil {
			return found(err, "enrollment")
		}
		entry, ev, err := e.RetirementRemoval(p, now)
		if err != nil {
			return err
		}
		removed = -entry.Days
		return a.appendWithAudit(ctx, tx, store.SystemActor, e, entry, ev)
	})
	if err == nil {
		r.Enrollments++
		r.DaysRemoved += removed
		return nil
	}
	if skippable(err) {
		return nil
	}
	return err
}

// RunSweeps runs CatchUp, and deletes expired sign-in sessions, every
// interval until ctx ends.
func (a *App) RunSweeps(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := a.CatchUp(ctx); err != nil && !errors.Is(err, context.Canceled) {
			a.Log.Error("catch-up failed", "err", err)
		}
		if err := a.Store.DeleteExpiredSessions(ctx); err != nil && !errors.Is(err, context.Canceled) {
			a.Log.Error("deleting expired sessions", "err", err)
		}
		if err := a.Store.DeleteStaleThrottles(ctx); err != nil && !errors.Is(err, context.Canceled) {
			a.Log.Error("deleting stale throttles", "err", err)
		}
		if err := a.Store.DeleteOldSubmissions(ctx); err != nil && !errors.Is(err, context.Canceled) {
			a.Log.Error("deleting old form keys", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
