// Package storetest gives each test its own real PostgreSQL database, cloned
// from a template migrated once per test binary. The server is the one at
// TEST_DATABASE_URL, or else a private throwaway cluster started here.
package storetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/pgcluster"
	"sapsportal/internal/store"
)

var (
	adminURL string // a database on the server we may CREATE DATABASE from
	template string
	counter  atomic.Int64
)

var (
	setupOnce sync.Once
	setupErr  error
	cleanup   = func() {}
)

// Main wraps a package's tests: `func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }`.
// The server and the template are made when a test first asks for a
// database, so that tests (and fuzz workers) that need none start none.
func Main(m *testing.M) int {
	code := m.Run()
	cleanup()
	return code
}

func ensureSetup(t testing.TB) {
	setupOnce.Do(func() { cleanup, setupErr = setup() })
	if setupErr != nil {
		// A test never skips for want of a database: it fails and says why.
		t.Fatal("storetest:", setupErr)
	}
}

func setup() (func(), error) {
	ctx := context.Background()
	stop := func() {}
	adminURL = os.Getenv("TEST_DATABASE_URL")
	if adminURL == "" {
		dir, err := os.MkdirTemp("", "sapsportal-pg-")
		if err != nil {
			return nil, err
		}
		if err := os.Chmod(dir, 0o755); err != nil { // the server's user must reach data/
			return nil, err
		}
		c, err := pgcluster.Start(ctx, filepath.Join(dir, "data"), pgcluster.Options{Throwaway: true})
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		adminURL = c.URL("postgres")
		stop = func() {
			c.Stop()
			os.RemoveAll(dir)
		}
	}
	template = fmt.Sprintf("sapsportal_tmpl_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if err := admin(ctx, "CREATE DATABASE "+template); err != nil {
		stop()
		return nil, err
	}
	if err := store.Migrate(withDB(adminURL, template)); err != nil {
		admin(ctx, "DROP DATABASE "+template)
		stop()
		return nil, err
	}
	// The app role logs in with a password, so that a TEST_DATABASE_URL
	// server that asks for one works as well as the trusting private cluster.
	if err := store.ProvisionAppRole(ctx, adminURL, AppPassword); err != nil {
		admin(ctx, "DROP DATABASE "+template)
		stop()
		return nil, err
	}
	return func() {
		admin(ctx, "DROP DATABASE IF EXISTS "+template+" WITH (FORCE)")
		stop()
	}, nil
}

func admin(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("connect to test server: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("%s: %w", sql, err)
	}
	return nil
}

func withDB(u, name string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		panic(err)
	}
	parsed.Path = "/" + name
	return parsed.String()
}

// NewURL creates a fresh, migrated database for t and returns its URL (as the
// owner). It is dropped when t ends.
func NewURL(t testing.TB) string {
	t.Helper()
	ensureSetup(t)
	ctx := context.Background()
	name := fmt.Sprintf("%s_t%d", template, counter.Add(1))
	if err := admin(ctx, "CREATE DATABASE "+name+" TEMPLATE "+template); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := admin(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Error(err)
		}
	})
	return withDB(adminURL, name)
}

// AppPassword is the app role's password on the test server.
const AppPassword = "sapsportal-test"

// NewStore is a Store over a fresh database, connected as the app role as
// the portal is, closed when t ends.
func NewStore(t testing.TB) *store.Store {
	t.Helper()
	s, _ := NewStoreAndURL(t)
	return s
}

// NewStoreAndURL is NewStore with the database's owner URL, for tests that
// must act as the owner (migrations, the role's own limits).
func NewStoreAndURL(t testing.TB) (*store.Store, string) {
	t.Helper()
	owner := NewURL(t)
	s, err := store.Open(context.Background(), AppURL(t, owner))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, owner
}

// AppURL is the app role's URL for an owner URL of the test server.
func AppURL(t testing.TB, owner string) string {
	t.Helper()
	u, err := store.AppURL(owner, AppPassword)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
