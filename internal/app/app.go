// Package app runs the program's use cases: each loads what it needs in one
// transaction, asks the domain (internal/program) to decide, and writes the
// outcome with its audit event and outbox emails, or nothing at all.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// App is the portal's use cases over a store and a clock.
type App struct {
	Store   *store.Store
	Clock   program.Clock
	Log     *slog.Logger
	BaseURL string // for links in emails
	// SweepBatch is how many rows a sweep transaction changes (0: the
	// default, SweepBatch).
	SweepBatch int
	// ReminderBatch is how many vouchers a reminder sweep transaction reads
	// (0: the default, ReminderBatch).
	ReminderBatch int

	policy policyCache
	closed closedOn // the closing, once seen (DOMAIN.md §10)
}

// New makes an App.
func New(s *store.Store, clock program.Clock, log *slog.Logger) *App {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &App{Store: s, Clock: clock, Log: log, BaseURL: "http://127.0.0.1:8080"}
}

// PolicyTTL is how long pages may show a policy read earlier. The policy
// changes only when a global admin saves it, which empties this instance's
// cache at once; another instance shows the change within PolicyTTL. Every
// step that changes state reads the policy afresh in its own transaction.
const PolicyTTL = 5 * time.Second

// policyCache is the policy as last read, for pages.
type policyCache struct {
	mu   sync.Mutex
	p    program.Policy
	read time.Time // zero: nothing cached
	gen  uint64    // bumped on every save, so a read that raced one is not kept
}

func (c *policyCache) get() (program.Policy, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.p, c.gen, !c.read.IsZero() && time.Since(c.read) < PolicyTTL
}

func (c *policyCache) put(p program.Policy, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen == c.gen {
		c.p, c.read = p, time.Now()
	}
}

func (c *policyCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.read = time.Time{}
}

// Actor is a signed-in person acting for one organisation.
type Actor struct {
	UserID    int64
	Email     string
	OrgID     int64
	OrgKind   program.OrgKind
	Role      program.Role
	RequestID string
}

func (a Actor) scope() store.Scope {
	return store.Scope{OrgID: a.OrgID, UserID: a.UserID, RequestID: a.RequestID}
}

// programScope is the explicit cross-tenant path of global admins; every use
// case that takes it audits what it does.
func (a Actor) programScope() store.Scope {
	sc := a.scope()
	sc.Program = true
	return sc
}

func (a Actor) audit() store.Actor {
	return store.Actor{UserID: a.UserID, Email: a.Email, OrgID: a.OrgID}
}

// transact runs fn in one transaction with the policy read inside it. It
// is where every state change runs, so it is where a closed program refuses
// them all, with the closing date (DOMAIN.md §10); the database's guard on
// the tables of record is the net under it.
func (a *App) transact(ctx context.Context, sc store.Scope, fn func(tx *store.Tx, p program.Policy) error) error {
	return a.transactIn(ctx, sc, true, fn)
}

// transactAnyTime is transact for what must still work once the program is
// closed: reads that share a write's shape (a quote, a projection, the
// calendar feed) and the ways back into an account (a forgotten password).
func (a *App) transactAnyTime(ctx context.Context, sc store.Scope, fn func(tx *store.Tx, p program.Policy) error) error {
	return a.transactIn(ctx, sc, false, fn)
}

func (a *App) transactIn(ctx context.Context, sc store.Scope, refuseClosed bool, fn func(tx *store.Tx, p program.Policy) error) error {
	err := a.Store.Transact(ctx, sc, a.Clock.Now(), func(tx *store.Tx) error {
		p, err := tx.Policy(ctx)
		if err != nil {
			return fmt.Errorf("read policy: %w", err)
		}
		if refuseClosed {
			if err := a.refuseIfClosed(ctx, tx); err != nil {
				return err
			}
		}
		return fn(tx, p)
	})
	return a.refusedByDatabase(err, sc)
}

// refusedByDatabase turns the database refusing bad input (a reference to
// a record that does not exist, a number out of range, a constraint) into a
// refusal people can read, with nothing changed: no input makes a 500. The
// use cases check first; this is the net under them, so it is logged.
func (a *App) refusedByDatabase(err error, sc store.Scope) error {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return err
	}
	var r *program.Refusal
	switch {
	case pgErr.Code == "23503": // foreign_key_violation
		r = program.Invalid(pgErr.ColumnName, "This refers to a record that does not exist; reload the page and choose again.")
	case pgErr.ConstraintName == "program_closed": // the net under every change after closing (DOMAIN.md §10)
		on, _ := program.ParseDate(pgErr.Detail)
		return program.ProgramClosed(on)
	case pgErr.ConstraintName == "ledger_entries_after_removal":
		r = program.Refuse(program.CodeWrongState, "The remaining days of this enrollment have been removed; its days cannot change any more.")
	case pgErr.Code == "23514": // check_violation
		r = program.Invalid(pgErr.ColumnName, "The change breaks one of the program's rules and was refused; nothing was changed.")
	case pgErr.Code == "22003": // numeric_value_out_of_range
		r = program.Invalid(pgErr.ColumnName, "A number is out of range.")
	case strings.HasPrefix(pgErr.Code, "22"): // data exceptions: too long, malformed
		r = program.Invalid(pgErr.ColumnName, "A value is too long or not in the expected form.")
	default:
		return err
	}
	a.Log.Warn("refused by the database", "code", pgErr.Code, "constraint", pgErr.ConstraintName, "detail", pgErr.Message, "request_id", sc.RequestID)
	return r
}

// read runs a page's read in one transaction with the policy as pages see
// it (cached for PolicyTTL): nothing read here decides a change.
func (a *App) read(ctx context.Context, sc store.Scope, fn func(tx *store.Tx, p program.Policy) error) error {
	return a.readIn(ctx, a.Store.Transact, sc, fn)
}

// readIn is read in the transactions of begin (Store.Transact, or
// Store.TransactRead on the replica).
func (a *App) readIn(ctx context.Context, begin func(context.Context, store.Scope, time.Time, func(*store.Tx) error) error,
	sc store.Scope, fn func(tx *store.Tx, p program.Policy) error) error {
	p, gen, ok := a.policy.get()
	err := begin(ctx, sc, a.Clock.Now(), func(tx *store.Tx) error {
		if !ok {
			var err error
			if p, err = tx.Policy(ctx); err != nil {
				return fmt.Errorf("read policy: %w", err)
			}
			a.policy.put(p, gen)
		}
		return fn(tx, p)
	})
	return a.refusedByDatabase(err, sc)
}

// readAll is read for a page whose reads do not depend on one another:
// queue queues them, given the policy and the time they are read at, and
// they run with the scope's settings in one round trip (store.Store.Read).
func (a *App) readAll(ctx context.Context, sc store.Scope, queue func(q *store.Reads, p program.Policy, now time.Time)) error {
	p, err := a.Policy(ctx)
	if err != nil {
		return err
	}
	var q store.Reads
	queue(&q, p, a.Clock.Now())
	return a.refusedByDatabase(a.Store.Read(ctx, sc, &q), sc)
}

// Policy is the program's policy as pages see it (cached for PolicyTTL).
func (a *App) Policy(ctx context.Context) (program.Policy, error) {
	if p, _, ok := a.policy.get(); ok {
		return p, nil
	}
	var p program.Policy
	err := a.read(ctx, store.Scope{}, func(tx *store.Tx, pol program.Policy) error {
		p = pol
		return a.noteClosing(ctx, tx) // read with it: every page asks for both
	})
	return p, err
}

// firstError is every refusal of several checks of a form's fields, as one
// error (program.Problems): the first for whoever reads one, all of them for
// the page, which shows each beside its field.
func firstError(errs ...error) error {
	var p program.Problems
	for _, err := range errs {
		p.Add(err)
	}
	return p.Err()
}

// chosen is a form's reference to a record that does not exist (or is not
// the actor's): bad input in that field (422), where an id in the URL is
// "not found" (404).
func chosen(err error, field, msg string) error {
	if program.IsCode(err, program.CodeNotFound) {
		return program.Invalid(field, msg)
	}
	return err
}

// found turns the store's "not found" into the domain's refusal.
func found(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return program.NotFound(what)
	}
	return err
}

// persist writes a step's outcome: the voucher, its ledger entries, the audit
// event and the emails it calls for. before is the voucher as it was read.
func (a *App) persist(ctx context.Context, tx *store.Tx, p program.Policy, actor store.Actor, before program.Voucher, o program.Outcome) error {
	if err := tx.UpdateVoucher(ctx, before, o.Voucher); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return program.Refuse(program.CodeWrongState, "This voucher changed while you were acting on it; reload it and try again.")
		}
		return err
	}
	if len(o.Ledger) > 0 {
		e, err := tx.LockEnrollment(ctx, o.Voucher.EnrollmentID)
		if err != nil {
			return err
		}
		if err := tx.AppendLedger(ctx, e, o.Ledger); err != nil {
			return err
		}
	}
	v := o.Voucher
	if v.PartnerOrgID == 0 {
		v.PartnerOrgID = before.PartnerOrgID // the partner that just lost it still sees the event
	}
	if err := tx.Audit(ctx, actor, o.Event, &v); err != nil {
		return err
	}
	return a.notify(ctx, tx, p, o)
}

// voucherStep is the shape of every step on an existing voucher: check the
// role, lock the voucher in the actor's scope, let the domain decide, persist.
func (a *App) voucherStep(ctx context.Context, actor Actor, act program.Action, sc store.Scope,
	lock func(*store.Tx) (program.Voucher, error),
	decide func(tx *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error),
	also func(tx *store.Tx, p program.Policy, o program.Outcome) error,
) (program.Voucher, error) {
	if err := program.Authorize(actor.Role, act); err != nil {
		return program.Voucher{}, err
	}
	var result program.Voucher
	err := a.transact(ctx, sc, func(tx *store.Tx, p program.Policy) error {
		v, err := lock(tx)
		if err != nil {
			return found(err, "voucher")
		}
		// The step happens once it holds the voucher: one that waited for
		// another's step comes after it in time as well as in order.
		tx.Now = a.Clock.Now()
		o, err := decide(tx, p, v)
		if err != nil {
			return err
		}
		if err := a.persist(ctx, tx, p, actor.audit(), v, o); err != nil {
			return err
		}
		if also != nil {
			if err := also(tx, p, o); err != nil {
				return err
			}
		}
		result = o.Voucher
		return nil
	})
	return result, err
}

func lockByID(ctx context.Context, id int64) func(*store.Tx) (program.Voucher, error) {
	return func(tx *store.Tx) (program.Voucher, error) { return tx.LockVoucher(ctx, id) }
}
