package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/pgcluster"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// benchSweep copies the loaded program (every voucher live and ASSIGNED)
// and runs the catch-up 180 days on, when every voucher has fallen due:
// the early ones return their days, the removal, the later ones forfeited.
func benchSweep(ctx context.Context, cluster *pgcluster.Cluster, name string, c config, out io.Writer) error {
	admin, err := pgx.Connect(ctx, cluster.URL("postgres"))
	if err != nil {
		return err
	}
	defer admin.Close(ctx)
	scratch := name + "_swept"
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+scratch); err != nil {
		return err
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+scratch+" TEMPLATE "+name); err != nil {
		return err
	}
	defer admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+scratch+" WITH (FORCE)")
	appURL, err := store.AppURL(cluster.URL(scratch), "") // the socket is trusted
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, appURL)
	if err != nil {
		return err
	}
	defer st.Close()
	on := c.size.Today.AddDays(180)
	a := app.New(st, program.FixedClock(on.In(time.UTC).Add(9*time.Hour)), nil)
	start := time.Now()
	r, err := a.CatchUp(ctx)
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(out, "\ncatch-up on %s of %d vouchers falling due at once (batches of %d): %.1f s\n", on, c.size.Vouchers, app.SweepBatch, took.Seconds())
	fmt.Fprintf(out, "  expired %d (%d days returned, %d forfeited), removal from %d enrollments (%d days), %d payment windows closed: %.0f vouchers/s\n",
		r.Expired, r.DaysReturned, r.DaysForfeited, r.Enrollments, r.DaysRemoved, r.WindowsClosed, float64(r.Expired)/took.Seconds())
	if r.Expired != c.size.Vouchers {
		return fmt.Errorf("expired %d of %d vouchers", r.Expired, c.size.Vouchers)
	}
	return nil
}
