// Command seed-scale loads a large program (default: 10,000 customer
// organisations, 1,000,000 vouchers) into an empty database with set-based
// SQL, for measuring the portal at its real size.
//
// With DATABASE_URL (or --database-url) it loads that database, as its
// owner; without, it starts the private cluster under --data-dir (default
// .data-scale, apart from the demo's .data) and loads its "sapsportal"
// database, which `make run ARGS="--data-dir .data-scale"` then serves.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"sapsportal/internal/pgcluster"
	"sapsportal/internal/scale"
	"sapsportal/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "seed-scale:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	sz := scale.Default
	var url, dataDir string
	fs := flag.NewFlagSet("seed-scale", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&url, "database-url", getenv("DATABASE_URL"), "PostgreSQL URL of an empty database, as its owner (DATABASE_URL); empty: the private cluster under --data-dir")
	fs.StringVar(&dataDir, "data-dir", ".data-scale", "where the private cluster keeps its data")
	sz.Flags(fs)
	fs.BoolVar(&sz.Live, "live", false, "every voucher ASSIGNED and live on --today (to measure a sweep of them all)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if url == "" {
		cluster, err := pgcluster.Start(ctx, filepath.Join(dataDir, "pg"), pgcluster.Options{})
		if err != nil {
			return err
		}
		defer cluster.Stop()
		if err := cluster.EnsureDatabase(ctx, "sapsportal"); err != nil {
			return err
		}
		url = cluster.URL("sapsportal")
	}
	if err := store.Migrate(url); err != nil {
		return err
	}
	start := time.Now()
	fmt.Fprintf(out, "loading %d customers, %d partners, %d vouchers as of %s\n", sz.Customers, sz.Partners, sz.Vouchers, sz.Today)
	if err := scale.Load(ctx, url, sz, out); err != nil {
		return err
	}
	fmt.Fprintf(out, "loaded in %.0fs. Accounts (password %q): %s, %s, %s, %s\n", time.Since(start).Seconds(), scale.Password,
		scale.AdminEmail, scale.BigCustomerEmail, scale.CustomerEmail, scale.PartnerEmail)
	return nil
}
