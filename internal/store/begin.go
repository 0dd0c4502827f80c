package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// scopedTx is a transaction begun together with its scope's settings in one
// round trip (BEGIN and set_config in one simple-protocol message), where
// pgx's own Begin takes one round trip for BEGIN and another for the
// settings: a page's transaction is one round trip shorter (issue 11).
type scopedTx struct {
	conn   *pgx.Conn
	closed bool
}

var _ pgx.Tx = (*scopedTx)(nil)

// beginScoped begins a transaction on conn with opts and sets its scope.
// The settings go through pgx's simple protocol, which quotes each argument
// into the text sent.
func beginScoped(ctx context.Context, conn *pgx.Conn, opts pgx.TxOptions, settings string, args ...any) (*scopedTx, error) {
	begin := "BEGIN"
	if opts.AccessMode == pgx.ReadOnly {
		begin = "BEGIN READ ONLY"
	}
	all := append([]any{pgx.QueryExecModeSimpleProtocol}, args...)
	if _, err := conn.Exec(ctx, begin+"; "+settings, all...); err != nil {
		if conn.PgConn().TxStatus() != 'I' {
			conn.Exec(context.WithoutCancel(ctx), "ROLLBACK")
		}
		return nil, err
	}
	return &scopedTx{conn: conn}, nil
}

var errNoNestedTx = errors.New("store: nested transactions are not used")

func (t *scopedTx) Begin(context.Context) (pgx.Tx, error) { return nil, errNoNestedTx }

// Commit commits, as pgx's: a transaction that had failed answers
// ROLLBACK, which is ErrTxCommitRollback.
func (t *scopedTx) Commit(ctx context.Context) error {
	if t.closed {
		return pgx.ErrTxClosed
	}
	tag, err := t.conn.Exec(ctx, "commit") // spelled as pgx spells it, for tracers
	t.closed = true
	if err != nil {
		if t.conn.PgConn().TxStatus() != 'I' {
			t.conn.Close(context.WithoutCancel(ctx)) // in an unknown state: not back to the pool
		}
		return err
	}
	if tag.String() == "ROLLBACK" {
		return pgx.ErrTxCommitRollback
	}
	return nil
}

// Rollback rolls back; when it cannot, the connection is closed so that no
// one else gets it half way through this transaction.
func (t *scopedTx) Rollback(ctx context.Context) error {
	if t.closed {
		return pgx.ErrTxClosed
	}
	t.closed = true
	if _, err := t.conn.Exec(ctx, "rollback"); err != nil {
		t.conn.Close(context.WithoutCancel(ctx))
		return err
	}
	return nil
}

func (t *scopedTx) CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, rows pgx.CopyFromSource) (int64, error) {
	return t.conn.CopyFrom(ctx, table, columns, rows)
}

func (t *scopedTx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return t.conn.SendBatch(ctx, b)
}

func (t *scopedTx) LargeObjects() pgx.LargeObjects { return pgx.LargeObjects{} } // not used

func (t *scopedTx) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return t.conn.Prepare(ctx, name, sql)
}

func (t *scopedTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return t.conn.Exec(ctx, sql, args...)
}

func (t *scopedTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return t.conn.Query(ctx, sql, args...)
}

func (t *scopedTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return t.conn.QueryRow(ctx, sql, args...)
}

func (t *scopedTx) Conn() *pgx.Conn { return t.conn }
