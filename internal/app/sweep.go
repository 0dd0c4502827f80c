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
// It works set-based, in batches of SweepBatch rows: each batch is one
// transaction that locks its rows, lets the domain decide each, and writes
// the vouchers, ledger entries and audit events with one statement per
// table, exactly what CatchUpOneByOne writes. Batches commit as they go, so
// a killed sweep resumes where it stopped; batches of instances running at
// once take turns (store.SweepLock) and each effect happens once (rows
// re-read under lock, state-guarded updates, once-only indexes).
func (a *App) CatchUp(ctx context.Context) (CatchUpReport, error) {
	var r CatchUpReport
	now := a.Clock.Now()
	sc := store.Scope{Program: true, RequestID: "catch-up"}
	var p program.Policy
	var ended program.Closing
	err := a.Store.Transact(ctx, sc, now, func(tx *store.Tx) error {
		var err error
		if p, err = tx.Policy(ctx); err != nil {
			return err
		}
		ended, err = tx.Closing(ctx)
		return err
	})
	if err != nil || ended.Closed() {
		return r, err // once closed, nothing is due any more (DOMAIN.md §10)
	}
	today := p.Today(now)
	expire := func(before bool) func(tx *store.Tx, types map[int64]program.EngagementType, after store.VoucherKey, n int) ([]program.Voucher, error) {
		return func(tx *store.Tx, types map[int64]program.EngagementType, after store.VoucherKey, n int) ([]program.Voucher, error) {
			return tx.LockDueVouchers(ctx, types, today, p.RemovalOn, before, after, n)
		}
	}
	// Each expiry is decided with its enrollment, locked (after the batch's
	// vouchers, as every step that writes the ledger locks them).
	expiry := func(tx *store.Tx, p program.Policy, vs []program.Voucher) (func(program.Voucher) (program.Outcome, error), error) {
		ids := make([]int64, len(vs))
		for i, v := range vs {
			ids[i] = v.EnrollmentID
		}
		es, err := tx.LockEnrollments(ctx, ids)
		if err != nil {
			return nil, err
		}
		return func(v program.Voucher) (program.Outcome, error) { return v.Expire(p, now, es[v.EnrollmentID]) }, nil
	}
	expired := func(o program.Outcome) {
		r.Expired++
		if d := o.Ledger[0].Days; d > 0 {
			r.DaysReturned += d
		} else {
			r.DaysForfeited += o.Voucher.Days
		}
	}
	if err := a.sweepVouchers(ctx, sc, now, expire(true), expiry, expired, byExpiry); err != nil {
		return r, err
	}
	if !today.Before(p.RemovalOn) {
		if err := a.sweepRemovals(ctx, sc, now, &r); err != nil {
			return r, err
		}
	}
	if err := a.sweepVouchers(ctx, sc, now, expire(false), expiry, expired, byExpiry); err != nil {
		return r, err
	}
	windows := func(tx *store.Tx, types map[int64]program.EngagementType, after store.VoucherKey, n int) ([]program.Voucher, error) {
		return tx.LockWindowsToClose(ctx, types, today.AddDays(-p.PaymentWindowDays), after, n)
	}
	closing := func(_ *store.Tx, p program.Policy, _ []program.Voucher) (func(program.Voucher) (program.Outcome, error), error) {
		return func(v program.Voucher) (program.Outcome, error) { return v.ClosePaymentWindow(p, now) }, nil
	}
	closed := func(program.Outcome) { r.WindowsClosed++ }
	if err := a.sweepVouchers(ctx, sc, now, windows, closing, closed, byRedemption); err != nil {
		return r, err
	}
	a.logCatchUp(today, r)
	return r, nil
}

// SweepBatch is how many rows one sweep transaction locks and changes,
// unless App.SweepBatch says otherwise.
const SweepBatch = 5000

func (a *App) sweepBatch() int {
	if a.SweepBatch > 0 {
		return a.SweepBatch
	}
	return SweepBatch
}

// MinSweepBatch is the smallest batch a sweep shrinks to.
const MinSweepBatch = 100

// smallerBatch is the batch size to try again with after a batch of size
// failed with err while ctx was still live: half, when the database gave up
// on one of its statements (statement_timeout, on a busy database: the same
// batch would fail again each time and the sweep never advance), down to
// MinSweepBatch. Otherwise false: the error is the sweep's.
func smallerBatch(ctx context.Context, size int, err error) (int, bool) {
	if ctx.Err() != nil || !store.IsStatementTimeout(err) || size <= MinSweepBatch {
		return size, false
	}
	return max(size/2, MinSweepBatch), true
}

func byExpiry(v program.Voucher) store.VoucherKey { return store.VoucherKey{On: v.ExpiresOn, ID: v.ID} }
func byRedemption(v program.Voucher) store.VoucherKey {
	return store.VoucherKey{On: v.RedeemedOn, ID: v.ID}
}

// sweepVouchers runs one sweep over vouchers, batch by batch, until lock
// finds no more: each batch's outcomes are decided one voucher at a time by
// the domain and written together; done is called for each once its batch
// has committed.
func (a *App) sweepVouchers(ctx context.Context, sc store.Scope, now time.Time,
	lock func(tx *store.Tx, types map[int64]program.EngagementType, after store.VoucherKey, n int) ([]program.Voucher, error),
	decide func(*store.Tx, program.Policy, []program.Voucher) (func(program.Voucher) (program.Outcome, error), error),
	done func(program.Outcome),
	key func(program.Voucher) store.VoucherKey) error {
	var after store.VoucherKey
	size := a.sweepBatch()
	for {
		var n int
		var next store.VoucherKey // where the next batch starts, once this one commits
		var outcomes []program.Outcome
		err := a.Store.Transact(ctx, sc, now, func(tx *store.Tx) error {
			outcomes = outcomes[:0]
			if err := tx.SweepLock(ctx); err != nil {
				return err
			}
			p, err := tx.Policy(ctx)
			if err != nil {
				return err
			}
			types, err := tx.EngagementTypesByID(ctx)
			if err != nil {
				return err
			}
			vs, err := lock(tx, types, after, size)
			if err != nil {
				return err
			}
			n = len(vs)
			if n == 0 {
				return nil
			}
			next = key(vs[n-1])
			decideOne, err := decide(tx, p, vs)
			if err != nil {
				return err
			}
			var before, changed []program.Voucher
			var entries []store.LedgerLineFor
			var events []store.AuditLine
			var notices []program.Outcome
			for _, v := range vs {
				o, err := decideOne(v)
				if skippable(err) {
					continue
				} else if err != nil {
					return err
				}
				before, changed, outcomes = append(before, v), append(changed, o.Voucher), append(outcomes, o)
				for _, e := range o.Ledger {
					entries = append(entries, store.LedgerLineFor{OrgID: o.Voucher.CustomerOrgID, EnrollmentID: o.Voucher.EnrollmentID, Entry: e})
				}
				audited := o.Voucher
				if audited.PartnerOrgID == 0 {
					audited.PartnerOrgID = v.PartnerOrgID // as persist: the partner that held it still sees the event
				}
				events = append(events, store.AuditLine{Event: o.Event, Voucher: &audited})
				if len(o.Notify) > 0 {
					notices = append(notices, o)
				}
			}
			if len(changed) == 0 {
				return nil
			}
			if err := tx.UpdateVouchers(ctx, before, changed); err != nil {
				return err
			}
			if err := tx.AppendLedgerLines(ctx, entries); err != nil {
				return err
			}
			if err := tx.AuditMany(ctx, store.SystemActor, events); err != nil {
				return err
			}
			for _, o := range notices {
				if err := a.notify(ctx, tx, p, o); err != nil {
					return err
				}
			}
			return nil
		})
		if smaller, ok := smallerBatch(ctx, size, err); ok {
			a.Log.Warn("sweep batch timed out; trying smaller batches", "size", size, "now", smaller)
			size = smaller
			continue
		} else if err != nil {
			return err
		}
		after = next // not inside the transaction: a retried one starts from the same place
		for _, o := range outcomes {
			done(o)
		}
		if n < size {
			return nil
		}
	}
}

// sweepRemovals records the retirement removal of every enrollment that
// lacks one, batch by batch.
func (a *App) sweepRemovals(ctx context.Context, sc store.Scope, now time.Time, r *CatchUpReport) error {
	var after int64
	size := a.sweepBatch()
	for {
		var n int
		var next int64
		var count, removed int
		err := a.Store.Transact(ctx, sc, now, func(tx *store.Tx) error {
			count, removed = 0, 0
			if err := tx.SweepLock(ctx); err != nil {
				return err
			}
			p, err := tx.Policy(ctx)
			if err != nil {
				return err
			}
			es, err := tx.LockEnrollmentsToRemove(ctx, after, size)
			if err != nil {
				return err
			}
			n = len(es)
			if n == 0 {
				return nil
			}
			next = es[n-1].ID
			var entries []store.LedgerLineFor
			var events []store.AuditLine
			for _, e := range es {
				entry, ev, err := e.RetirementRemoval(p, now)
				if skippable(err) {
					continue
				} else if err != nil {
					return err
				}
				entries = append(entries, store.LedgerLineFor{OrgID: e.OrgID, EnrollmentID: e.ID, Entry: entry})
				events = append(events, store.AuditLine{Event: enrollmentEvent(e, ev)})
				count++
				removed -= entry.Days
			}
			if err := tx.AppendLedgerLines(ctx, entries); err != nil {
				return err
			}
			return tx.AuditMany(ctx, store.SystemActor, events)
		})
		if smaller, ok := smallerBatch(ctx, size, err); ok {
			a.Log.Warn("removal batch timed out; trying smaller batches", "size", size, "now", smaller)
			size = smaller
			continue
		} else if err != nil {
			return err
		}
		after = next
		r.Enrollments += count
		r.DaysRemoved += removed
		if n < size {
			return nil
		}
	}
}

func (a *App) logCatchUp(today program.Date, r CatchUpReport) {
	if r != (CatchUpReport{}) {
		a.Log.Info("catch-up", "today", today.String(), "expired", r.Expired, "returned", r.DaysReturned,
			"forfeited", r.DaysForfeited, "removed_from", r.Enrollments, "removed", r.DaysRemoved, "windows_closed", r.WindowsClosed)
	}
}

// CatchUpOneByOne does what CatchUp does, one effect per transaction: the
// reference the set-based sweeps are tested against.
//
// Each effect is its own transaction on a locked row, re-decided by the
// domain, so two instances running at once do each effect once: the loser
// finds the row already changed (or the database's once-only index) and
// skips it.
func (a *App) CatchUpOneByOne(ctx context.Context) (CatchUpReport, error) {
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
	a.logCatchUp(today, r)
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
