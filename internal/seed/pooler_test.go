package seed_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/seed"
	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

// TestDemoInPoolerQueryMode plays the whole demo (every use case the
// history goes through) in the query mode a DATABASE_URL through a
// transaction pooler uses: pgx's exec mode, nothing prepared on the server.
func TestDemoInPoolerQueryMode(t *testing.T) {
	ctx := context.Background()
	owner := storetest.NewURL(t)
	url := storetest.AppURL(t, owner) + "&default_query_exec_mode=exec"
	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := seed.Run(ctx, s); err != nil {
		t.Fatal(err)
	}
	db, err := pgx.Connect(ctx, owner) // the owner sees every row
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	var vouchers int
	if err := db.QueryRow(ctx, "SELECT count(*) FROM vouchers").Scan(&vouchers); err != nil {
		t.Fatal(err)
	}
	if vouchers == 0 {
		t.Error("the demo made no vouchers")
	}
}
