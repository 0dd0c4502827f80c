package app

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// closedOn remembers the closing date once seen: a closed program never
// opens again, so every later check is free. "Still open" is remembered
// for PolicyTTL, as the policy is.
type closedOn struct {
	v      atomic.Pointer[program.Closing]
	openAt atomic.Int64 // when the program was last read open (Unix ns)
}

// Closing is the program's closing (zero while it is open), as pages see
// it: once closed, it is remembered for good; "open" for PolicyTTL, so a
// closing made on another instance shows there within it. Every change
// reads it afresh in its own transaction (refuseIfClosed), and the
// database refuses under that.
func (a *App) Closing(ctx context.Context) (program.Closing, error) {
	if c := a.closed.v.Load(); c != nil {
		return *c, nil
	}
	if t := a.closed.openAt.Load(); t != 0 && time.Since(time.Unix(0, t)) < PolicyTTL {
		return program.Closing{}, nil
	}
	err := a.Store.Transact(ctx, store.Scope{}, a.Clock.Now(), func(tx *store.Tx) error { return a.noteClosing(ctx, tx) })
	if c := a.closed.v.Load(); c != nil {
		return *c, err
	}
	return program.Closing{}, err
}

// noteClosing reads the closing in tx and remembers it.
func (a *App) noteClosing(ctx context.Context, tx *store.Tx) error {
	read := time.Now()
	c, err := tx.Closing(ctx)
	switch {
	case err != nil:
		return err
	case c.Closed():
		a.closed.v.Store(&c)
	default:
		a.closed.openAt.Store(read.UnixNano())
	}
	return nil
}

// refuseIfClosed refuses a change once the program is closed, reading the
// closing in tx (remembered once seen).
func (a *App) refuseIfClosed(ctx context.Context, tx *store.Tx) error {
	c := a.closed.v.Load()
	if c == nil {
		got, err := tx.Closing(ctx)
		if err != nil || !got.Closed() {
			return err
		}
		a.closed.v.Store(&got)
		c = &got
	}
	return program.ProgramClosed(c.On)
}

// ClosingState is the "Close the program" page: the closing if done, and
// what still stands in the way.
type ClosingState struct {
	Policy    program.Policy
	Today     program.Date
	Closing   program.Closing
	Obstacles program.Obstacles
}

// ClosingState reads what stands in the way of closing (global admin).
func (a *App) ClosingState(ctx context.Context, actor Actor) (ClosingState, error) {
	var s ClosingState
	if err := program.Authorize(actor.Role, program.ActManageProgram); err != nil {
		return s, err
	}
	err := a.read(ctx, actor.programScope(), func(tx *store.Tx, p program.Policy) error {
		var err error
		s.Policy, s.Today = p, p.Today(tx.Now)
		if s.Closing, err = tx.Closing(ctx); err != nil {
			return err
		}
		counts, err := tx.VoucherCounts(ctx)
		s.Obstacles = program.InTheWay(p, tx.Now, counts)
		return err
	})
	return s, err
}

// CloseProgram closes the program once nothing stands in the way
// (DOMAIN.md §10). It first catches up on everything due (expiries, payment
// windows to mark closed), then, in one transaction that holds the vouchers
// still (no voucher can change while it decides), checks again, records the
// closing and audits it. Two admins closing at once: one wins, the other is
// told it was already closed.
func (a *App) CloseProgram(ctx context.Context, actor Actor) (program.Closing, error) {
	if err := program.Authorize(actor.Role, program.ActManageProgram); err != nil {
		return program.Closing{}, err
	}
	if c, err := a.Closing(ctx); err != nil || c.Closed() {
		if err == nil {
			_, _, err = program.Close(program.DefaultPolicy(), a.Clock.Now(), c, program.Obstacles{}, actor.UserID)
		}
		return c, err
	}
	if _, err := a.CatchUp(ctx); err != nil {
		return program.Closing{}, err
	}
	var c program.Closing
	err := a.transact(ctx, actor.programScope(), func(tx *store.Tx, p program.Policy) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE vouchers IN SHARE MODE`); err != nil {
			return err
		}
		was, err := tx.Closing(ctx)
		if err != nil {
			return err
		}
		counts, err := tx.VoucherCounts(ctx)
		if err != nil {
			return err
		}
		var ev program.Event
		if c, ev, err = program.Close(p, tx.Now, was, program.InTheWay(p, tx.Now, counts), actor.UserID); err != nil {
			return err
		}
		if err := tx.CloseProgram(ctx, c); err != nil {
			return err
		}
		return tx.Audit(ctx, actor.audit(), ev, nil)
	})
	if errors.Is(err, store.ErrAlreadyClosed) {
		was, rerr := a.Closing(ctx)
		if rerr != nil {
			return was, rerr
		}
		return was, program.ProgramClosed(was.On)
	}
	if err == nil {
		a.closed.v.Store(&c)
	}
	return c, err
}

// statementOrg is whose statements actor may read: its own organisation's
// (customers, partners), or every one (0, global admins, program scope).
func statementOrg(actor Actor, kind program.OrgKind) (store.Scope, int64, error) {
	if !program.CanReadStatement(actor.Role) {
		return store.Scope{}, 0, program.NotFound("page")
	}
	switch actor.OrgKind {
	case program.KindProgram:
		return actor.programScope(), 0, nil
	case kind:
		return actor.scope(), actor.OrgID, nil
	}
	return store.Scope{}, 0, program.NotFound("page")
}

// statementsOpen refuses customers' and partners' statements until the
// program is closed (global admins may preview them before).
func (a *App) statementsOpen(ctx context.Context, actor Actor) (program.Closing, error) {
	c, err := a.Closing(ctx)
	if err == nil && !c.Closed() && actor.OrgKind != program.KindProgram {
		err = program.Refuse(program.CodeWrongState, "Close-out statements are available once the program has closed.")
	}
	return c, err
}

// EnrollmentStatements calls fn with the close-out statement of each
// customer enrollment actor may read, one at a time (for CSV streaming).
func (a *App) EnrollmentStatements(ctx context.Context, actor Actor, fn func(store.EnrollmentStatement) error) error {
	sc, org, err := statementOrg(actor, program.KindCustomer)
	if err != nil {
		return err
	}
	if _, err := a.statementsOpen(ctx, actor); err != nil {
		return err
	}
	return a.Store.TransactRead(ctx, sc, a.Clock.Now(), func(tx *store.Tx) error {
		return tx.EnrollmentStatements(ctx, org, fn)
	})
}

// PartnerStatements calls fn with each close-out statement line (partner,
// currency) actor may read, one at a time.
func (a *App) PartnerStatements(ctx context.Context, actor Actor, fn func(store.PartnerStatement) error) error {
	sc, org, err := statementOrg(actor, program.KindPartner)
	if err != nil {
		return err
	}
	if _, err := a.statementsOpen(ctx, actor); err != nil {
		return err
	}
	return a.Store.TransactRead(ctx, sc, a.Clock.Now(), func(tx *store.Tx) error {
		return tx.PartnerStatements(ctx, org, fn)
	})
}

// Statements is the statements page: the lines actor may read and, for
// global admins, the program's totals.
type Statements struct {
	Closing     program.Closing
	Enrollments []store.EnrollmentStatement
	Partners    []store.PartnerStatement
	Totals      StatementTotals
}

// StatementTotals are the program's totals: the customers' days, and the
// partners' counts and amounts per currency.
type StatementTotals struct {
	Days     store.EnrollmentStatement
	Reserved int
	Redeemed int
	Payments []store.PartnerStatement // one per currency
}

// Statements reads the close-out statements actor may see: a customer's
// enrollments, a partner's lines, or (global admins) everything with the
// program's totals.
func (a *App) Statements(ctx context.Context, actor Actor) (Statements, error) {
	var s Statements
	if _, _, err := statementOrg(actor, actor.OrgKind); err != nil {
		return s, err
	}
	var err error
	if s.Closing, err = a.statementsOpen(ctx, actor); err != nil {
		return s, err
	}
	if actor.OrgKind != program.KindPartner {
		err = a.EnrollmentStatements(ctx, actor, func(e store.EnrollmentStatement) error {
			s.Enrollments = append(s.Enrollments, e)
			t := &s.Totals.Days
			t.Accrued += e.Accrued
			t.Converted += e.Converted
			t.Spent += e.Spent
			t.Returned += e.Returned
			t.Forfeited += e.Forfeited
			t.Removed += e.Removed
			t.Balance += e.Balance
			return nil
		})
		if err != nil {
			return s, err
		}
	}
	if actor.OrgKind != program.KindCustomer {
		seen := map[int64]bool{}
		byCurrency := map[string]int{}
		err = a.PartnerStatements(ctx, actor, func(p store.PartnerStatement) error {
			s.Partners = append(s.Partners, p)
			if !seen[p.OrgID] {
				seen[p.OrgID] = true
				s.Totals.Reserved += p.Reserved
				s.Totals.Redeemed += p.Redeemed
			}
			if p.Currency == "" {
				return nil
			}
			i, ok := byCurrency[p.Currency]
			if !ok {
				i = len(s.Totals.Payments)
				byCurrency[p.Currency] = i
				s.Totals.Payments = append(s.Totals.Payments, store.PartnerStatement{Currency: p.Currency})
			}
			t := &s.Totals.Payments[i]
			t.Requested += p.Requested
			t.Awaiting += p.Awaiting
			t.Paid += p.Paid
			t.Denied += p.Denied
			t.RequestedMinor += p.RequestedMinor
			t.AwaitingMinor += p.AwaitingMinor
			t.PaidMinor += p.PaidMinor
			t.DeniedMinor += p.DeniedMinor
			return nil
		})
	}
	return s, err
}
