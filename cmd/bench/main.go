// Command bench measures the portal at a program's real size.
//
// It loads a program with internal/scale into a private PostgreSQL cluster
// (kept under --data-dir, one database per size, so that a second run does
// not load again), starts the portal's binary and a bare baseline server
// over the same database, signs in, and loads both from here in alternating
// rounds at the same concurrency. It prints, per page, the median rps, p50
// and p99 of both, their ratio, the portal's resident memory and the
// statements it ran per request (pg_stat_statements).
//
// With --sweep it instead measures the catch-up: every voucher of a loaded
// program falls due at once and CatchUp processes them.
//
// It exits non-zero when anything fails: a request, the portal, the load.
// Its figures are not assertions.
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

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/pgcluster"
	"sapsportal/internal/scale"
	"sapsportal/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 && os.Args[1] == "bare" {
		if err := serveBare(ctx, os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "bench bare:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type config struct {
	size        scale.Size
	dataDir     string
	portal      string
	rounds      int
	duration    time.Duration
	concurrency int
	sweep       bool
	only        string
	top         int
}

func run(ctx context.Context, args []string, out io.Writer) error {
	c := config{size: scale.Default}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(out)
	c.size.Flags(fs)
	fs.StringVar(&c.dataDir, "data-dir", ".data-bench", "where the private cluster keeps its data (loaded programs are kept)")
	fs.StringVar(&c.portal, "portal", "bin/sapsportal", "the portal's binary")
	fs.IntVar(&c.rounds, "rounds", 3, "rounds per page and server (medians are reported)")
	fs.DurationVar(&c.duration, "duration", 3*time.Second, "length of one round")
	fs.IntVar(&c.concurrency, "c", 32, "concurrent requests")
	fs.StringVar(&c.only, "pages", "", "measure only the pages whose name contains one of these (comma-separated; all when empty)")
	fs.IntVar(&c.top, "top", 0, "after each page, the portal's N costliest statements of its last round")
	fs.BoolVar(&c.sweep, "sweep", false, "measure the catch-up of every voucher falling due at once instead")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	settings := []string{"shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track_utility=off",
		"max_wal_size=4GB", "shared_buffers=1GB"}
	if c.top > 0 {
		// Planning is timed too when the costliest statements are asked
		// for (it costs a little, so not in the figures' runs).
		settings = append(settings, "pg_stat_statements.track_planning=on")
	}
	cluster, err := pgcluster.Start(ctx, filepath.Join(c.dataDir, "pg"), pgcluster.Options{Throwaway: true, Settings: settings})
	if err != nil {
		return err
	}
	defer cluster.Stop()
	c.size.Live = c.sweep
	name := fmt.Sprintf("bench_%d_%d_%d", c.size.Customers, c.size.Partners, c.size.Vouchers)
	if c.sweep {
		name += "_live"
	}
	url, err := loaded(ctx, cluster, name, c.size, out)
	if err != nil {
		return err
	}
	if c.sweep {
		return benchSweep(ctx, cluster, name, c, out)
	}
	return benchPages(ctx, url, c, out)
}

// loaded returns the URL of a database holding a program of size sz,
// loading it (once) if it does not exist yet.
func loaded(ctx context.Context, cluster *pgcluster.Cluster, name string, sz scale.Size, out io.Writer) (string, error) {
	admin, err := pgx.Connect(ctx, cluster.URL("postgres"))
	if err != nil {
		return "", err
	}
	defer admin.Close(ctx)
	var ready bool
	if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&ready); err != nil {
		return "", err
	}
	url := cluster.URL(name)
	if ready {
		// Loaded by an earlier build: bring its schema up to this one's.
		if err := store.Migrate(url); err != nil {
			return "", err
		}
		fmt.Fprintf(out, "using %s (already loaded)\n", name)
		return url, nil
	}
	loading := name + "_loading"
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+loading); err != nil {
		return "", err
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+loading); err != nil {
		return "", err
	}
	if err := store.Migrate(cluster.URL(loading)); err != nil {
		return "", err
	}
	start := time.Now()
	fmt.Fprintf(out, "loading %d customers, %d partners, %d vouchers into %s\n", sz.Customers, sz.Partners, sz.Vouchers, name)
	if err := scale.Load(ctx, cluster.URL(loading), sz, out); err != nil {
		return "", err
	}
	fmt.Fprintf(out, "loaded in %.0fs\n", time.Since(start).Seconds())
	// Only a complete load gets the name: an interrupted one is loaded again.
	if _, err := admin.Exec(ctx, "ALTER DATABASE "+loading+" RENAME TO "+name); err != nil {
		return "", err
	}
	return url, nil
}
