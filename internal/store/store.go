// Package store carries the program's decisions into PostgreSQL. Every unit
// of work is one transaction whose first statement sets the row-level
// security scope; the app role it runs as owns nothing, so the policies in
// migrations/ always apply.
package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5" // the pgx5:// driver
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/puddle/v2"

	"sapsportal/migrations"
)

// AppRole is the login role the portal connects as (see migrations/): it
// owns nothing, is no superuser and cannot bypass row-level security.
const AppRole = "sapsportal_app"

// Store is the portal's database: the primary, and optionally a streaming
// replica for heavy reads that need not see the latest write.
type Store struct {
	Pool    *pgxpool.Pool
	Replica *pgxpool.Pool // nil: reads go to the primary
	Limits  Limits
	retries atomic.Int64
}

// Retries is how many transactions ran again after a serialization failure
// or a deadlock.
func (s *Store) Retries() int64 { return s.retries.Load() }

// Limits bound every wait on the database, so that a database that is
// down, stalled or locked makes the portal answer "try again" quickly
// instead of piling up requests.
type Limits struct {
	Connect   time.Duration // to open a connection
	Acquire   time.Duration // to get one from the pool
	Statement time.Duration // for one statement (SET LOCAL statement_timeout)
	Start     time.Duration // at start, how long to wait for the database to come up
}

// DefaultLimits are the limits unless configured.
var DefaultLimits = Limits{Connect: 5 * time.Second, Acquire: 5 * time.Second, Statement: 15 * time.Second, Start: time.Minute}

// ErrUnavailable wraps a failure to reach the database in time: the caller
// answers 503, try again shortly.
var ErrUnavailable = errors.New("the database cannot be reached right now")

// Unavailable reports whether err means the database could not be reached
// in time (down, stalled, failing over, or every connection busy), rather
// than a refusal or a bug.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	// A connection the driver closed under a statement (its server went
	// away mid-query) is the database being unreachable too.
	if errors.Is(err, ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, puddle.ErrClosedPool) ||
		errors.Is(err, pgconn.ErrConnClosed) {
		return true
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) || pgconn.Timeout(err) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// query_canceled (statement_timeout, lock waits), admin_shutdown,
		// crash_shutdown, cannot_connect_now, read_only_sql_transaction (a
		// primary turned standby while failing over).
		switch pgErr.Code {
		case "57014", "57P01", "57P02", "57P03", "25006":
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08") // connection exceptions
	}
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF)
}

// Option adjusts the pool's configuration before it connects.
type Option func(*pgxpool.Config)

// WithTracer traces every statement the pool runs (tests count and EXPLAIN
// them).
func WithTracer(t pgx.QueryTracer) Option {
	return func(c *pgxpool.Config) { c.ConnConfig.Tracer = t }
}

// OpenReplica adds a streaming replica, connected as the app role with the
// primary's limits, for TransactRead.
func (s *Store) OpenReplica(ctx context.Context, url string) error {
	r, err := OpenWith(ctx, url, s.Limits)
	if err != nil {
		return fmt.Errorf("replica: %w", err)
	}
	s.Replica = r.Pool
	return nil
}

// Open connects a pool as the app role of url, and refuses a connection
// that could step outside row-level security: a superuser, a role with
// BYPASSRLS, one that owns tables or one that may become another role.
func Open(ctx context.Context, url string, opts ...Option) (*Store, error) {
	return OpenWith(ctx, url, DefaultLimits, opts...)
}

// OpenWith is Open with limits. A database that is not up yet is waited for,
// with a growing pause between tries, for limits.Start.
func OpenWith(ctx context.Context, url string, limits Limits, opts ...Option) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store.Open: %w", err)
	}
	cfg.MaxConns = 20
	// The portal speaks UTF-8 whatever the database's own encoding; the
	// transactions' first message, in the simple protocol, needs it said.
	cfg.ConnConfig.RuntimeParams["client_encoding"] = "UTF8"
	if cfg.ConnConfig.ConnectTimeout == 0 || cfg.ConnConfig.ConnectTimeout > limits.Connect {
		cfg.ConnConfig.ConnectTimeout = limits.Connect
	}
	for _, o := range opts {
		o(cfg)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store.Open: %w", err)
	}
	if err := WaitFor(ctx, limits.Start, func(ctx context.Context) error { return checkAppRole(ctx, pool) }); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store.Open: %w", err)
	}
	return &Store{Pool: pool, Limits: limits}, nil
}

// WaitForServer waits, as WaitFor, until a server answers at url (the
// owner's, before migrating).
func WaitForServer(ctx context.Context, url string, patience time.Duration) error {
	return WaitFor(ctx, patience, func(ctx context.Context) error {
		cctx, cancel := context.WithTimeout(ctx, DefaultLimits.Connect)
		defer cancel()
		conn, err := pgx.Connect(cctx, url)
		if err != nil {
			return err
		}
		return conn.Close(ctx)
	})
}

// WaitFor calls try until it succeeds, fails for a reason other than the
// database being unreachable, or patience runs out; between tries it waits
// 100 ms, doubling up to 5 s.
func WaitFor(ctx context.Context, patience time.Duration, try func(context.Context) error) error {
	deadline := time.Now().Add(patience)
	pause := 100 * time.Millisecond
	for {
		err := try(ctx)
		if err == nil || !Unavailable(err) || time.Now().Add(pause).After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Second)
	}
}

func checkAppRole(ctx context.Context, pool *pgxpool.Pool) error {
	var user string
	var super, bypass bool
	var owned, memberOf int
	err := pool.QueryRow(ctx, `SELECT r.rolname, r.rolsuper, r.rolbypassrls,
		(SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace),
		(SELECT count(*) FROM pg_auth_members am WHERE am.member = r.oid)
		FROM pg_roles r WHERE r.rolname = current_user`).Scan(&user, &super, &bypass, &owned, &memberOf)
	if err != nil {
		return err
	}
	var problem string
	switch {
	case super:
		problem = "is a superuser"
	case bypass:
		problem = "can bypass row-level security"
	case owned > 0:
		problem = "owns the schema's tables"
	case memberOf > 0:
		problem = "is a member of other roles"
	default:
		return nil
	}
	return fmt.Errorf("the database connection logs in as %q, which %s: connect as %s (the owner's URL is for migrations only)", user, problem, AppRole)
}

// AppURL is ownerURL with the app role as its user (and password, which
// may be empty where the server trusts local connections).
func AppURL(ownerURL, password string) (string, error) {
	u, err := url.Parse(ownerURL)
	if err != nil {
		return "", fmt.Errorf("database URL: %w", err)
	}
	if password == "" {
		u.User = url.User(AppRole)
	} else {
		u.User = url.UserPassword(AppRole, password)
	}
	return u.String(), nil
}

// ProvisionAppRole lets the app role log in with password, as the owner
// (who needs CREATEROLE): how an operator keeps it in step with the app's
// DATABASE_URL, and rotates it.
func ProvisionAppRole(ctx context.Context, ownerURL, password string) error {
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		return fmt.Errorf("provision %s: %w", AppRole, err)
	}
	defer conn.Close(ctx)
	// ALTER ROLE takes no parameters: quote the password as a literal.
	lit := "'" + strings.ReplaceAll(password, "'", "''") + "'"
	if _, err := conn.Exec(ctx, "ALTER ROLE "+AppRole+" LOGIN PASSWORD "+lit); err != nil {
		return fmt.Errorf("provision %s: %w", AppRole, err)
	}
	return nil
}

// SchemaCurrent reports whether the database has every migration this
// binary embeds (the app cannot migrate; an older schema must be migrated
// by the owner first).
func (s *Store) SchemaCurrent(ctx context.Context) (have, want uint, err error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return 0, 0, err
	}
	defer src.Close()
	for v, err := src.First(); err == nil; v, err = src.Next(v) {
		want = v
	}
	var dirty bool
	if err := s.Pool.QueryRow(ctx, `SELECT version, dirty FROM schema_migrations`).Scan(&have, &dirty); err != nil {
		return 0, want, fmt.Errorf("read the schema's version: %w", err)
	}
	if dirty {
		return have, want, fmt.Errorf("migration %d did not finish (the schema is dirty)", have)
	}
	return have, want, nil
}

// Close closes the pools.
func (s *Store) Close() {
	s.Pool.Close()
	if s.Replica != nil {
		s.Replica.Close()
	}
}

func newMigrate(url string) (*migrate.Migrate, error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return nil, err
	}
	return migrate.NewWithSourceInstance("iofs", src, "pgx5"+url[len("postgres"):])
}

// Migrate brings the schema up to date, as the database's owner.
func Migrate(url string) error {
	return runMigrate(url, func(m *migrate.Migrate) error { return m.Up() })
}

// MigrateDown reverts every migration; for tests.
func MigrateDown(url string) error {
	return runMigrate(url, func(m *migrate.Migrate) error { return m.Down() })
}

func runMigrate(url string, f func(*migrate.Migrate) error) error {
	if len(url) < len("postgres") || url[:len("postgres")] != "postgres" {
		return fmt.Errorf("migrate: DATABASE_URL must be a postgres:// or postgresql:// URL")
	}
	m, err := newMigrate(url)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer m.Close()
	if err := f(m); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Scope is whose rows a transaction may see and change.
type Scope struct {
	OrgID  int64 // the acting organisation
	UserID int64
	// Program opens every tenant to the program's global admins and to the
	// system's sweeps: the explicit cross-tenant path. Callers audit it.
	Program bool
	// VoucherCode lets a partner see the one voucher whose ID it typed.
	VoucherCode string
	// Identity lets the transaction find people by email or token before
	// any organisation is known (sign-in, invitations, password resets).
	Identity  bool
	RequestID string
}

// Tx is one unit of work inside a scope.
type Tx struct {
	pgx.Tx
	Scope Scope
	Now   time.Time
}

// Transact runs fn in one transaction with scope applied, committing when fn
// returns nil. A serialization failure or deadlock is retried from the start.
func (s *Store) Transact(ctx context.Context, sc Scope, now time.Time, fn func(*Tx) error) error {
	return s.transact(ctx, s.Pool, pgx.TxOptions{}, sc, now, fn)
}

// TransactRead runs fn in one read-only transaction on the replica (on the
// primary when there is none): for reports, exports and the audit log, which
// may lag the latest write by the replica's delay. Never for a page that
// must show what its user just did.
func (s *Store) TransactRead(ctx context.Context, sc Scope, now time.Time, fn func(*Tx) error) error {
	if s.Replica == nil {
		return s.transact(ctx, s.Pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, sc, now, fn)
	}
	return s.transact(ctx, s.Replica, pgx.TxOptions{AccessMode: pgx.ReadOnly}, sc, now, fn)
}

func (s *Store) transact(ctx context.Context, pool *pgxpool.Pool, opts pgx.TxOptions, sc Scope, now time.Time, fn func(*Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := s.transactOnce(ctx, pool, opts, sc, now, fn)
		var pgErr *pgconn.PgError
		if attempt < 4 && errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01") {
			s.retries.Add(1)
			continue
		}
		return err
	}
}

func (s *Store) transactOnce(ctx context.Context, pool *pgxpool.Pool, opts pgx.TxOptions, sc Scope, now time.Time, fn func(*Tx) error) (err error) {
	conn, err := s.acquire(ctx, pool)
	if err != nil {
		return err
	}
	defer conn.Release()
	tx, err := beginScoped(ctx, conn.Conn(), opts, scopeSettings, s.scopeArgs(sc)...)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback(context.WithoutCancel(ctx))
			panic(p)
		}
		if err != nil {
			tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if err = fn(&Tx{Tx: tx, Scope: sc, Now: now}); err != nil {
		return err
	}
	var sub *submission
	if opts.AccessMode != pgx.ReadOnly {
		if sub, err = recordSubmission(ctx, tx); err != nil {
			return err
		}
	}
	if err = tx.Commit(ctx); err == nil && sub != nil {
		sub.recorded.Store(true)
	}
	return err
}

// scopeSettings set a transaction's scope (Scope) and statement limit; its
// arguments are scopeArgs.
const scopeSettings = `SELECT set_config('app.org_id', $1, true), set_config('app.user_id', $2, true),
		set_config('app.program', $3, true), set_config('app.voucher_code', $4, true), set_config('app.identity', $5, true),
		set_config('statement_timeout', $6, true)`

func (s *Store) scopeArgs(sc Scope) []any {
	return []any{idText(sc.OrgID), idText(sc.UserID), on(sc.Program), sc.VoucherCode, on(sc.Identity), statementTimeout(s.Limits.Statement)}
}

// Read runs the reads of q in sc's scope in one round trip: the scope's
// settings and the reads go together, in the one implicit transaction that
// lasts until their Sync (no BEGIN, no COMMIT), for a page whose reads do
// not depend on one another (issue 11: the four round trips of a list page
// become one). Each read sees the data as of its own start, as in a read
// committed transaction.
func (s *Store) Read(ctx context.Context, sc Scope, q *Reads) error {
	conn, err := s.acquire(ctx, s.Pool)
	if err != nil {
		return err
	}
	defer conn.Release()
	var b pgx.Batch
	b.Queue(scopeSettings, s.scopeArgs(sc)...)
	b.QueuedQueries = append(b.QueuedQueries, q.b.QueuedQueries...)
	return conn.SendBatch(ctx, &b).Close()
}

// acquire takes a connection from pool within the acquire limit.
func (s *Store) acquire(ctx context.Context, pool *pgxpool.Pool) (*pgxpool.Conn, error) {
	if s.Limits.Acquire <= 0 {
		return pool.Acquire(ctx)
	}
	actx, cancel := context.WithTimeout(ctx, s.Limits.Acquire)
	defer cancel()
	conn, err := pool.Acquire(actx)
	if err != nil && ctx.Err() == nil && Unavailable(err) {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return conn, err
}

// statementTimeout is the limit as PostgreSQL writes it ("0": none).
func statementTimeout(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }

func on(b bool) string {
	if b {
		return "on"
	}
	return ""
}

// AsIdentity runs fn with the identity scope on, for the statements that
// must find a person by email in a tenant's transaction (the language of an
// email's recipient, an invitation), and turns it off again.
func (tx *Tx) AsIdentity(ctx context.Context, fn func() error) error {
	if _, err := tx.Exec(ctx, `SELECT set_config('app.identity', 'on', true)`); err != nil {
		return err
	}
	if err := fn(); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `SELECT set_config('app.identity', $1, true)`, on(tx.Scope.Identity))
	return err
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// IsStatementTimeout reports whether err is a statement cancelled by the
// server: statement_timeout, or a cancel request (a context that ended).
func IsStatementTimeout(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "57014"
}

// IsUniqueViolation reports whether err is PostgreSQL refusing a duplicate.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}

// nullID is NULL for 0.
func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
