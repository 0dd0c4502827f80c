// Package store carries the program's decisions into PostgreSQL. Every unit
// of work is one transaction whose first statement sets the row-level
// security scope; the app role it runs as owns nothing, so the policies in
// migrations/ always apply.
package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5" // the pgx5:// driver
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"sapsportal/migrations"
)

// AppRole is the role every app connection acts as (see migrations/).
const AppRole = "sapsportal_app"

// Store is the portal's database.
type Store struct {
	Pool *pgxpool.Pool
}

// Option adjusts the pool's configuration before it connects.
type Option func(*pgxpool.Config)

// WithTracer traces every statement the pool runs (tests count and EXPLAIN
// them).
func WithTracer(t pgx.QueryTracer) Option {
	return func(c *pgxpool.Config) { c.ConnConfig.Tracer = t }
}

// Open connects a pool whose connections act as AppRole.
func Open(ctx context.Context, url string, opts ...Option) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store.Open: %w", err)
	}
	cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		_, err := c.Exec(ctx, "SET ROLE "+AppRole)
		return err
	}
	cfg.MaxConns = 20
	for _, o := range opts {
		o(cfg)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store.Open: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store.Open: %w", err)
	}
	return &Store{Pool: pool}, nil
}

// Close closes the pool.
func (s *Store) Close() { s.Pool.Close() }

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
	RequestID   string
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
	for attempt := 1; ; attempt++ {
		err := s.transactOnce(ctx, sc, now, fn)
		var pgErr *pgconn.PgError
		if attempt < 4 && errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01") {
			continue
		}
		return err
	}
}

func (s *Store) transactOnce(ctx context.Context, sc Scope, now time.Time, fn func(*Tx) error) (err error) {
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback(ctx)
			panic(p)
		}
		if err != nil {
			tx.Rollback(ctx)
		}
	}()
	program := ""
	if sc.Program {
		program = "on"
	}
	_, err = tx.Exec(ctx, `SELECT set_config('app.org_id', $1, true), set_config('app.user_id', $2, true),
		set_config('app.program', $3, true), set_config('app.voucher_code', $4, true)`,
		idText(sc.OrgID), idText(sc.UserID), program, sc.VoucherCode)
	if err != nil {
		return err
	}
	if err = fn(&Tx{Tx: tx, Scope: sc, Now: now}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
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
