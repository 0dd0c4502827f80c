package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

// The portal's own login can neither become another role, nor see a
// tenant's rows without the tenant setting, nor change the schema.
func TestAppRoleCannotStepOutside(t *testing.T) {
	t.Parallel()
	s, owner := storetest.NewStoreAndURL(t)
	seedTwoTenants(t, s)
	ctx := context.Background()

	conn, err := s.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	refused := func(sql string) {
		t.Helper()
		if _, err := conn.Exec(ctx, sql); err == nil {
			t.Errorf("the app role ran %q", sql)
		}
	}
	for _, sql := range []string{
		"SET ROLE postgres",
		"SELECT set_config('role', 'postgres', false)",
		"SET SESSION AUTHORIZATION postgres",
		"ALTER TABLE vouchers DISABLE ROW LEVEL SECURITY",
		"ALTER TABLE sa_enrollments NO FORCE ROW LEVEL SECURITY",
		"DROP POLICY tenant ON sa_enrollments",
		"CREATE TABLE stolen (x int)",
		"ALTER ROLE sapsportal_app BYPASSRLS",
		"UPDATE schema_migrations SET version = 1",
		"DELETE FROM audit_events",
		"TRUNCATE vouchers",
	} {
		refused(sql)
	}
	conn.Exec(ctx, "RESET ROLE")
	var user string
	var super bool
	if err := conn.QueryRow(ctx, "SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)").Scan(&user, &super); err != nil {
		t.Fatal(err)
	}
	if user != store.AppRole || super {
		t.Errorf("after RESET ROLE: %s, superuser %v", user, super)
	}
	var n int
	if err := conn.QueryRow(ctx, "SELECT (SELECT count(*) FROM sa_enrollments) + (SELECT count(*) FROM organisations WHERE false) + (SELECT count(*) FROM users)").Scan(&n); err != nil || n != 0 {
		t.Errorf("without a tenant setting the app role saw %d rows (%v)", n, err)
	}

	// The owner's connection is refused as the portal's.
	if _, err := store.Open(ctx, owner); err == nil || !strings.Contains(err.Error(), "superuser") {
		t.Errorf("store.Open as the owner: %v", err)
	}
}

// People are visible only to their own organisations (and to the program).
func TestUsersAreTenantData(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	a, b := seedTwoTenants(t, s)
	ctx := context.Background()
	var alice, bob int64
	err := s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		var err error
		if alice, err = tx.CreateUser(ctx, "alice@a.example", "Alice", ""); err != nil {
			return err
		}
		if bob, err = tx.CreateUser(ctx, "bob@b.example", "Bob", ""); err != nil {
			return err
		}
		if err := tx.AddMembership(ctx, alice, a, "benefit_admin"); err != nil {
			return err
		}
		return tx.AddMembership(ctx, bob, b, "benefit_admin")
	})
	if err != nil {
		t.Fatal(err)
	}
	emails := func(sc store.Scope) string {
		var got string
		err := s.Transact(ctx, sc, time.Now(), func(tx *store.Tx) error {
			return tx.QueryRow(ctx, "SELECT coalesce(string_agg(email, ',' ORDER BY email), '') FROM users").Scan(&got)
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := emails(store.Scope{OrgID: a, UserID: alice}); got != "alice@a.example" {
		t.Errorf("as A: %q", got)
	}
	if got := emails(store.Scope{OrgID: b}); got != "bob@b.example" {
		t.Errorf("as B: %q", got)
	}
	if got := emails(store.Scope{}); got != "" {
		t.Errorf("no scope: %q", got)
	}
	if u, err := s.UserByEmail(ctx, "bob@b.example"); err != nil || u.ID != bob {
		t.Errorf("sign-in lookup: %v %v", u, err)
	}
	// A tenant cannot rename another tenant's person.
	err = s.Transact(ctx, store.Scope{OrgID: a, UserID: alice}, time.Now(), func(tx *store.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE users SET name = 'x' WHERE id = $1", bob)
		if err == nil && tag.RowsAffected() != 0 {
			t.Error("A renamed B's person")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
