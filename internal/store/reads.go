package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Reads are independent reads sent to the database together (Tx.Send): a
// page that needs several waits for it once instead of once per read
// (issue 11: the partner home's thirteen reads in one round trip). Each read
// fills what it was given when Send returns without error.
type Reads struct{ b pgx.Batch }

// read is one statement and how its rows are taken: run alone (Tx.run) or
// queued with others (Reads.add), the same SQL either way.
type read struct {
	sql  string
	args []any
	scan func(pgx.Rows) error
}

func (q *Reads) add(r read) { q.b.Queue(r.sql, r.args...).Query(r.scan) }

// conditions are the filters of a query that a caller asked for, each
// written with its argument numbered in turn: a filter not asked for is not
// written at all (an "($1 = ” OR col = $1)" has no plan that suits both
// cases, so PostgreSQL plans it afresh at every call).
type conditions struct {
	where []string
	args  []any
}

// add adds cond, in which each "?" is arg.
func (c *conditions) add(cond string, arg any) {
	c.args = append(c.args, arg)
	c.where = append(c.where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(c.args))))
}

// sql is the WHERE clause of the conditions ("" when there are none).
func (c conditions) sql() string {
	if len(c.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.where, " AND ")
}

// rowsRead is a read whose rows, each taken by scan, are out.
func rowsRead[T any](sql string, args []any, out *[]T, scan pgx.RowToFunc[T]) read {
	return read{sql, args, func(rows pgx.Rows) error {
		var err error
		*out, err = pgx.CollectRows(rows, scan)
		return err
	}}
}

// optionalRead is a read of at most one row, taken by scan into *out (nil:
// no row).
func optionalRead[T any](sql string, args []any, out **T, scan pgx.RowToFunc[T]) read {
	return read{sql, args, func(rows pgx.Rows) error {
		found, err := pgx.CollectRows(rows, scan)
		*out = nil
		if len(found) > 0 {
			*out = &found[0]
		}
		return err
	}}
}

// sendOptional sends q, whose reads leave *found nil when they find no
// row: that row, or ErrNotFound.
func sendOptional[T any](ctx context.Context, tx *Tx, q *Reads, found **T) (T, error) {
	var zero T
	if err := tx.Send(ctx, q); err != nil {
		return zero, err
	}
	if *found == nil {
		return zero, ErrNotFound
	}
	return **found, nil
}

// Send runs the queued reads in one round trip.
func (tx *Tx) Send(ctx context.Context, q *Reads) error {
	if q.b.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, &q.b).Close()
}

// runGeneric runs one read on its own with its prepared statement's
// generic plan, for a statement whose plan does not depend on its
// arguments but which PostgreSQL would otherwise plan at every call: the
// setting holds for that statement only, sent with it in one round trip.
func (tx *Tx) runGeneric(ctx context.Context, r read) error {
	var q Reads
	setting := func(sql string) read { return read{sql, nil, func(pgx.Rows) error { return nil }} }
	q.add(setting(`SET LOCAL plan_cache_mode = force_generic_plan`))
	q.add(r)
	q.add(setting(`SET LOCAL plan_cache_mode TO DEFAULT`))
	return tx.Send(ctx, &q)
}

// run runs one read on its own.
func (tx *Tx) run(ctx context.Context, r read) error {
	rows, err := tx.Query(ctx, r.sql, r.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if err := r.scan(rows); err != nil {
		return err
	}
	return rows.Err()
}
