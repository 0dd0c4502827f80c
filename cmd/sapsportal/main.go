// Command sapsportal serves the Software Assurance Planning Services portal.
//
// With no DATABASE_URL it runs the embedded default: a private PostgreSQL
// cluster under .data/, migrated and seeded with the demo, on a simulated
// clock. With DATABASE_URL it migrates that database and serves it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	neturl "net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/mail"
	"sapsportal/internal/pgcluster"
	"sapsportal/internal/program"
	"sapsportal/internal/seed"
	"sapsportal/internal/store"
	"sapsportal/internal/web"
	"sapsportal/internal/web/api"
	"sapsportal/internal/web/ui"
)

// memoryLimit is the portal's soft memory limit unless GOMEMLIMIT says
// otherwise: near it the collector works harder instead of letting the heap
// grow, which kept the reminder sweep of a million-voucher program at
// 130 MB where it reached 250 MB (issue 11). It is soft: a larger live heap
// still runs, collected more often.
const memoryLimit = 100 << 20

// gcPercent is how far the heap grows past what survived the last
// collection before the next, unless GOGC says otherwise. A page's live
// heap is a few megabytes, so at Go's default of 100 the collector ran
// every few requests: a fifth of the portal's CPU on a list page at
// c=32 (issue 11). At 400 it runs a quarter as often; memoryLimit still
// bounds the heap.
const gcPercent = 400

func main() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
	}
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sapsportal:", err)
		os.Exit(1)
	}
}

// Config is every setting, from flags with environment defaults.
type Config struct {
	Addr          string
	DatabaseURL   string // the app's own login (the app role)
	OwnerURL      string // the schema owner's, for migrations only
	BaseURL       string
	Clock         string
	Demo          bool
	DataDir       string
	LogLevel      string
	SweepInterval time.Duration
	SMTPAddr      string
	SMTPFrom      string
	ReplicaURL    string
	DrainDelay    time.Duration
	Limits        store.Limits
	StopWithin    time.Duration
	RequestWithin time.Duration
	MetricsFrom   string
	MetricsToken  string
	APIRateLimit  int
}

func parseConfig(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	var c Config
	fs := flag.NewFlagSet("sapsportal", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.Addr, "addr", env("ADDR", "127.0.0.1:8080"), "listen address (ADDR)")
	fs.StringVar(&c.DatabaseURL, "database-url", getenv("DATABASE_URL"), "PostgreSQL URL the portal logs in with, as the role "+store.AppRole+" (DATABASE_URL); empty: a private cluster under --data-dir with the demo")
	fs.StringVar(&c.OwnerURL, "database-owner-url", getenv("DATABASE_OWNER_URL"), "PostgreSQL URL of the schema's owner (DATABASE_OWNER_URL): migrations run there at start, and the app role's login follows DATABASE_URL's password; empty: no migration, the schema must be current")
	fs.StringVar(&c.BaseURL, "base-url", getenv("BASE_URL"), "public URL, for links in emails and Secure cookies (BASE_URL); default http://ADDR")
	fs.StringVar(&c.Clock, "clock", getenv("SAPS_CLOCK"), "simulated date or RFC 3339 instant to run as of (SAPS_CLOCK); the demo defaults to 2021-03-01")
	fs.BoolVar(&c.Demo, "demo", false, "seed the demo into an empty database (always on without DATABASE_URL)")
	fs.StringVar(&c.DataDir, "data-dir", env("SAPS_DATA_DIR", ".data"), "where the private cluster keeps its data (SAPS_DATA_DIR)")
	fs.StringVar(&c.LogLevel, "log-level", env("LOG_LEVEL", "info"), "debug, info, warn or error (LOG_LEVEL)")
	fs.DurationVar(&c.SweepInterval, "sweep-interval", time.Minute, "how often the catch-up sweeps run")
	fs.DurationVar(&c.Limits.Connect, "db-connect-timeout", store.DefaultLimits.Connect, "longest wait to open a database connection")
	fs.DurationVar(&c.Limits.Acquire, "db-acquire-timeout", store.DefaultLimits.Acquire, "longest wait for a free connection of the pool")
	fs.DurationVar(&c.Limits.Statement, "db-statement-timeout", store.DefaultLimits.Statement, "longest a statement may run (statement_timeout, per transaction)")
	fs.DurationVar(&c.Limits.Start, "db-start-timeout", store.DefaultLimits.Start, "at start, how long to wait for the database to come up")
	fs.StringVar(&c.MetricsFrom, "metrics-from", env("METRICS_FROM", "127.0.0.1,::1"), "addresses or CIDR ranges that may read /metrics (METRICS_FROM)")
	fs.IntVar(&c.APIRateLimit, "api-rate-limit", api.DefaultRateLimit, "requests an API token may make per minute, across every instance")
	fs.StringVar(&c.MetricsToken, "metrics-token", getenv("METRICS_TOKEN"), "a bearer token that may read /metrics from anywhere (METRICS_TOKEN)")
	fs.DurationVar(&c.RequestWithin, "request-timeout", 30*time.Second, "the longest a request may take, its database waits included (uploads: four times)")
	fs.DurationVar(&c.StopWithin, "shutdown-timeout", 15*time.Second, "on SIGTERM, the longest the instance takes to stop, whatever the database does (after --drain-delay)")
	fs.DurationVar(&c.DrainDelay, "drain-delay", 0, "on stopping, how long /readyz answers 503 before the server stops taking requests (behind a load balancer: a few of its health-check intervals)")
	fs.StringVar(&c.ReplicaURL, "database-replica-url", getenv("DATABASE_REPLICA_URL"), "PostgreSQL URL of a streaming replica, as the app role, for the heavy read-only pages (DATABASE_REPLICA_URL); empty: everything on DATABASE_URL")
	fs.StringVar(&c.SMTPAddr, "smtp-addr", getenv("SMTP_ADDR"), "SMTP server (host:port) that sends the outbox (SMTP_ADDR); empty: emails stay in the outbox, read at /admin/outbox")
	fs.StringVar(&c.SMTPFrom, "smtp-from", env("SMTP_FROM", "Planning Services <no-reply@planning-services.example>"), "sender of the emails (SMTP_FROM)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	if c.DatabaseURL == "" {
		c.Demo = true
	}
	if c.Demo && c.Clock == "" {
		c.Clock = seed.Date.String()
	}
	return c, nil
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) > 0 && (args[0] == "backup" || args[0] == "restore") {
		return runBackup(ctx, args[0], args[1:], getenv, stdout)
	}
	cfg, err := parseConfig(args, getenv, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	url, owner := cfg.DatabaseURL, cfg.OwnerURL
	if url == "" {
		// With pgBackRest installed, every WAL segment is archived to
		// .data/backup, so that `make backup` and `make restore` work.
		var opts pgcluster.Options
		backups := privateBackups(cfg.DataDir)
		if backups != nil {
			if err := backups.Prepare(); err != nil {
				return err
			}
			opts.Settings = backups.ArchiveSettings()
		}
		cluster, err := pgcluster.Start(ctx, filepath.Join(cfg.DataDir, "pg"), opts)
		if err != nil {
			return err
		}
		if backups != nil {
			if err := backups.Init(ctx); err != nil {
				log.Error("WAL archiving is not working: backups cannot be restored", "err", err)
			}
		}
		defer func() {
			if err := cluster.Stop(); err != nil {
				log.Error("stopping PostgreSQL", "err", err)
			}
		}()
		if err := cluster.EnsureDatabase(ctx, "sapsportal"); err != nil {
			return err
		}
		owner = cluster.URL("sapsportal")
		if url, err = store.AppURL(owner, ""); err != nil { // the socket is trusted: no password
			return err
		}
	}
	if owner != "" {
		if err := store.WaitForServer(ctx, owner, cfg.Limits.Start); err != nil {
			return fmt.Errorf("the database did not come up: %w", err)
		}
		if err := store.Migrate(owner); err != nil {
			return err
		}
		if pw, ok := appPassword(url); ok {
			if err := store.ProvisionAppRole(ctx, owner, pw); err != nil {
				return err
			}
		}
	}
	st, err := store.OpenWith(ctx, url, cfg.Limits)
	if err != nil {
		return err
	}
	defer func() { within(2*time.Second, st.Close) }() // a stalled database cannot hold the exit
	if cfg.ReplicaURL != "" {
		if err := st.OpenReplica(ctx, cfg.ReplicaURL); err != nil {
			return err
		}
	}
	if have, want, err := st.SchemaCurrent(ctx); err != nil {
		return err
	} else if have < want {
		return fmt.Errorf("the database schema is at migration %d and this portal needs %d: start it once with DATABASE_OWNER_URL to migrate", have, want)
	}

	var clock program.Clock = program.SystemClock{}
	if cfg.Clock != "" {
		start, err := clockStart(ctx, st, cfg.Clock)
		if err != nil {
			return err
		}
		// Every instance on this database shares one simulated clock: the
		// first to start sets it, the others read it where it is.
		if clock, err = st.SharedClock(ctx, start); err != nil {
			return err
		}
	}
	if cfg.Demo {
		empty, err := seed.IsEmpty(ctx, st)
		if err != nil {
			return err
		}
		if empty {
			if _, err := seed.Run(ctx, st); err != nil {
				return err
			}
		}
	}
	metricsFrom, err := web.ParseNetworks(cfg.MetricsFrom)
	if err != nil {
		return fmt.Errorf("--metrics-from: %w", err)
	}
	a := app.New(st, clock, log)
	a.BaseURL = cfg.BaseURL
	srv := web.NewServer(a, web.Config{BaseURL: cfg.BaseURL, Simulated: cfg.Clock != "", RequestTimeout: cfg.RequestWithin,
		MetricsFrom: metricsFrom, MetricsToken: cfg.MetricsToken, API: api.Config{RateLimit: cfg.APIRateLimit}}, log)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	// Requests run under a context of their own, ended with ErrStopping
	// if they are still running when the instance must stop.
	requests, endRequests := context.WithCancelCause(context.Background())
	defer endRequests(nil)
	httpServer := &http.Server{
		BaseContext:       func(net.Listener) context.Context { return requests },
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	// Background work: the catch-up sweeps, and sending the outbox.
	workCtx, stopWork := context.WithCancel(context.Background())
	var workers sync.WaitGroup
	workers.Go(func() { a.RunSweeps(workCtx, cfg.SweepInterval) })
	workers.Go(func() { a.RunReminders(workCtx, cfg.SweepInterval) })
	if cfg.SMTPAddr != "" {
		workers.Go(func() { a.RunOutbox(workCtx, mail.SMTP{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom}, 10*time.Second) })
	}
	printWelcome(stdout, cfg, clock)

	serveErr := make(chan error, 1)
	go func() { serveErr <- httpServer.Serve(ln) }()
	select {
	case err := <-serveErr:
		stopWork()
		workers.Wait()
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	// In order: /readyz turns unready and the instance stops claiming
	// background work; a moment for the load balancer to notice; the HTTP
	// server drains what it has; then (deferred) the pool and the cluster.
	// Within --shutdown-timeout whatever the database does: requests still
	// running then are ended (they answer 503), and so is background work.
	srv.Stopping()
	stopWork()
	time.Sleep(cfg.DrainDelay)
	deadline := time.Now().Add(cfg.StopWithin)
	shutdownCtx, cancel := context.WithDeadline(context.Background(), deadline.Add(-time.Second))
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		// The requests still running are ended: their database calls give
		// up and they answer 503 in the second left, then the rest closes.
		log.Warn("requests still running at the shutdown limit are ended", "err", err)
		endRequests(ui.ErrStopping)
		lastCtx, cancelLast := context.WithDeadline(context.Background(), deadline)
		if httpServer.Shutdown(lastCtx) != nil {
			httpServer.Close()
		}
		cancelLast()
	}
	if !within(time.Until(deadline), workers.Wait) {
		log.Warn("background work did not stop in time")
	}
	return nil
}

// within runs f and waits for it at most d, reporting whether it finished.
func within(d time.Duration, f func()) bool {
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// appPassword is the password of an app-role DATABASE_URL, if it has one.
func appPassword(u string) (string, bool) {
	parsed, err := neturl.Parse(u)
	if err != nil || parsed.User == nil || parsed.User.Username() != store.AppRole {
		return "", false
	}
	return parsed.User.Password()
}

// clockStart reads SAPS_CLOCK: a date (its 00:00 in the program's zone) or
// an RFC 3339 instant.
func clockStart(ctx context.Context, st *store.Store, s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := program.ParseDate(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("SAPS_CLOCK: %q is neither a date (2021-03-01) nor an RFC 3339 instant", s)
	}
	a := app.New(st, program.SystemClock{}, nil)
	p, err := a.Policy(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return p.StartOf(d), nil
}

func printWelcome(w io.Writer, cfg Config, clock program.Clock) {
	fmt.Fprintf(w, "\nsapsportal is serving on %s\n", cfg.BaseURL)
	if _, ok := clock.(program.MovableClock); ok {
		fmt.Fprintf(w, "Simulated date: %s (the clock advances in real time from there)\n", clock.Now().UTC().Format("2 January 2006 15:04 MST"))
	}
	if cfg.Demo {
		fmt.Fprintf(w, "\nDemo accounts (password %q):\n", seed.Password)
		for _, a := range seed.Accounts {
			fmt.Fprintf(w, "  %-30s %-28s %s\n", a.Email, a.Org, a.Role)
		}
	}
	fmt.Fprintln(w, "\nPress Ctrl-C to stop.")
}
