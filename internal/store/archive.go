package store

import (
	"context"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// ArchiveTable is one table of record as the archive writes it: its
// columns in their order, its rows in primary-key order.
type ArchiveTable struct {
	Name    string
	Columns []string
	Key     []string // the primary key's columns (every column when it has none)
}

// notArchived are the tables that are machinery, not record: sessions,
// throttles, one-time keys, secrets and tokens, the simulated clock, the
// per-instance tallies and the email outbox (whose bodies hold links).
var notArchived = []string{"sessions", "throttles", "submissions", "signing_keys", "password_resets",
	"calendar_feeds", "clock", "tallies", "outbox", "schema_migrations"}

// secretColumn is a column the archive leaves out: password and token
// hashes, and the deliverables' file contents (the archive keeps their
// metadata).
func secretColumn(table, column string) bool {
	return strings.HasSuffix(column, "_hash") || strings.Contains(column, "token") ||
		(table == "deliverables" && column == "content")
}

// ArchiveTables lists the tables of record, by name: every table of the
// schema but the machinery of notArchived, so that a table added later is
// archived without anyone remembering to.
func (tx *Tx) ArchiveTables(ctx context.Context) ([]ArchiveTable, error) {
	rows, err := tx.Query(ctx, `SELECT c.relname, array_agg(a.attname::text ORDER BY a.attnum),
		coalesce((SELECT array_agg(k.attname::text ORDER BY array_position(i.indkey::int2[], k.attnum))
			FROM pg_index i JOIN pg_attribute k ON k.attrelid = i.indrelid AND k.attnum = ANY (i.indkey)
			WHERE i.indrelid = c.oid AND i.indisprimary), '{}')
		FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
		GROUP BY c.oid, c.relname ORDER BY c.relname`)
	if err != nil {
		return nil, err
	}
	all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ArchiveTable, error) {
		var t ArchiveTable
		err := r.Scan(&t.Name, &t.Columns, &t.Key)
		return t, err
	})
	if err != nil {
		return nil, err
	}
	var ts []ArchiveTable
	for _, t := range all {
		if slices.Contains(notArchived, t.Name) {
			continue
		}
		if len(t.Key) == 0 {
			t.Key = t.Columns
		}
		t.Columns = slices.DeleteFunc(t.Columns, func(c string) bool { return secretColumn(t.Name, c) })
		ts = append(ts, t)
	}
	return ts, nil
}

// ArchiveRows calls fn with each row of t as text (NULL as ""), in
// primary-key order, one row at a time. Timestamps are written in UTC
// (the transaction's TimeZone is set so), so the same data gives the same
// text.
func (tx *Tx) ArchiveRows(ctx context.Context, t ArchiveTable, fn func([]string) error) error {
	if _, err := tx.Exec(ctx, `SET LOCAL TimeZone = 'UTC'`); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `SET LOCAL DateStyle = 'ISO, YMD'`); err != nil {
		return err
	}
	// A whole table, sent as fast as the download takes it: longer than a
	// page's statement may run, but bounded (the request's budget is too).
	if _, err := tx.Exec(ctx, `SET LOCAL statement_timeout = '2min'`); err != nil {
		return err
	}
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = "coalesce(" + pgx.Identifier{c}.Sanitize() + "::text, '')"
	}
	keys := make([]string, len(t.Key))
	for i, c := range t.Key {
		keys[i] = pgx.Identifier{c}.Sanitize()
	}
	rows, err := tx.Query(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+pgx.Identifier{t.Name}.Sanitize()+
		` ORDER BY `+strings.Join(keys, ", "))
	if err != nil {
		return err
	}
	defer rows.Close()
	rec := make([]string, len(cols))
	dest := make([]any, len(cols))
	for i := range rec {
		dest[i] = &rec[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return rows.Err()
}
