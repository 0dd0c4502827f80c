package store_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

// Migration 000120 goes down and up again: the months' tallies are gone
// with it and come back, rebuilt, with it.
func TestMigration120GoesDownAndUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := storetest.NewURL(t)
	if err := store.MigrateTo(url, 120); err != nil {
		t.Fatal(err)
	}
	before, err := store.VersionBefore(120)
	if err != nil {
		t.Fatal(err)
	}
	months := func() int {
		t.Helper()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		var n int
		if err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM tallies WHERE item LIKE 'created:%') +
			(SELECT count(*) FROM tallies_recomputed WHERE item LIKE 'created:%')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := store.MigrateTo(url, before); err != nil {
		t.Fatal(err)
	}
	if n := months(); n != 0 {
		t.Errorf("after down: %d month rows", n)
	}
	if err := store.MigrateTo(url, 120); err != nil {
		t.Fatal(err)
	}
	months()
}
