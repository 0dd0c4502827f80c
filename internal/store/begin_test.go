package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

// The transaction begins with its scope in one message: a hostile voucher
// code is a value, never SQL, and each setting is the transaction's own.
func TestScopeBeginsWithTheTransaction(t *testing.T) {
	s := storetest.NewStore(t)
	ctx := context.Background()
	code := `x'); SELECT set_config('app.program', 'on', false); --\'"`
	var got, program, readOnly string
	err := s.Transact(ctx, store.Scope{OrgID: 7, VoucherCode: code}, time.Now(), func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT current_setting('app.voucher_code'), current_setting('app.program'), current_setting('transaction_read_only')`).
			Scan(&got, &program, &readOnly)
	})
	if err != nil || got != code || program != "" || readOnly != "off" {
		t.Fatalf("scope: %v %q %q %q", err, got, program, readOnly)
	}
	err = s.TransactRead(ctx, store.Scope{UserID: 3}, time.Now(), func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT current_setting('app.user_id'), current_setting('transaction_read_only')`).Scan(&got, &readOnly)
	})
	if err != nil || got != "3" || readOnly != "on" {
		t.Fatalf("read-only scope: %v %q %q", err, got, readOnly)
	}
	// Nothing of a transaction stays on its connection: not its settings,
	// not a failed transaction.
	boom := errors.New("boom")
	if err := s.Transact(ctx, store.Scope{OrgID: 9}, time.Now(), func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `SELECT 1/0`)
		return errors.Join(boom, err)
	}); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	for range 2 * int(s.Pool.Config().MaxConns) {
		err := s.Transact(ctx, store.Scope{}, time.Now(), func(tx *store.Tx) error {
			return tx.QueryRow(ctx, `SELECT coalesce(current_setting('app.org_id', true), '')`).Scan(&got)
		})
		if err != nil || got != "" {
			t.Fatalf("a later transaction: %v, org %q", err, got)
		}
	}
	// A commit of a failed transaction is a rollback, said as pgx says it.
	err = s.Transact(ctx, store.Scope{}, time.Now(), func(tx *store.Tx) error {
		tx.Exec(ctx, `SELECT 1/0`)
		return nil
	})
	if !errors.Is(err, pgx.ErrTxCommitRollback) {
		t.Errorf("commit after a failed statement: %v", err)
	}
}
