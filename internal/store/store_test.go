package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func TestMigrationsGoDownAndUpCleanly(t *testing.T) {
	t.Parallel()
	url := storetest.NewURL(t)
	if err := store.MigrateDown(url); err != nil {
		t.Fatal(err)
	}
	if err := store.Migrate(url); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(context.Background(), storetest.AppURL(t, url))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var zone string
	if err := s.Pool.QueryRow(context.Background(), "SELECT time_zone FROM policy").Scan(&zone); err != nil || zone != "UTC" {
		t.Fatalf("policy after down+up: %q, %v", zone, err)
	}
}

// seedTwoTenants makes two customer organisations with one enrollment each,
// as the owner (outside row-level security).
func seedTwoTenants(t *testing.T, s *store.Store) (a, b int64) {
	ctx := context.Background()
	err := s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		for i, p := range []*int64{&a, &b} {
			if err := tx.QueryRow(ctx, "INSERT INTO organisations (name, kind) VALUES ($1, 'customer') RETURNING id",
				[]string{"A Ltd", "B Ltd"}[i]).Scan(p); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO sa_enrollments (org_id, agreement_number, country, sa_end_date)
				VALUES ($1, $2, 'US', '2022-01-01')`, *p, []string{"SA-A", "SA-B"}[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return a, b
}

func agreementsVisible(t *testing.T, s *store.Store, sc store.Scope) []string {
	t.Helper()
	var got []string
	err := s.Transact(context.Background(), sc, time.Now(), func(tx *store.Tx) error {
		rows, err := tx.Query(context.Background(), "SELECT agreement_number FROM sa_enrollments ORDER BY 1")
		if err != nil {
			return err
		}
		for rows.Next() {
			var n string
			rows.Scan(&n)
			got = append(got, n)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestRowLevelSecurityHolds(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	a, b := seedTwoTenants(t, s)

	if got := agreementsVisible(t, s, store.Scope{}); len(got) != 0 {
		t.Errorf("no organisation set: saw %v, want nothing", got)
	}
	if got := agreementsVisible(t, s, store.Scope{OrgID: a}); len(got) != 1 || got[0] != "SA-A" {
		t.Errorf("as A: saw %v, want [SA-A]", got)
	}
	if got := agreementsVisible(t, s, store.Scope{OrgID: b}); len(got) != 1 || got[0] != "SA-B" {
		t.Errorf("as B: saw %v, want [SA-B]", got)
	}
	// Outside a scoped transaction, the app role sees nothing either.
	var n int
	if err := s.Pool.QueryRow(context.Background(), "SELECT count(*) FROM sa_enrollments").Scan(&n); err != nil || n != 0 {
		t.Errorf("unscoped pool query: %d rows, %v", n, err)
	}
	// Writing a row for another tenant is refused by the policy.
	err := s.Transact(context.Background(), store.Scope{OrgID: a}, time.Now(), func(tx *store.Tx) error {
		_, err := tx.Exec(context.Background(), `INSERT INTO sa_enrollments (org_id, agreement_number, country, sa_end_date)
			VALUES ($1, 'SA-X', 'US', '2022-01-01')`, b)
		return err
	})
	if err == nil {
		t.Error("as A, inserting an enrollment of B succeeded")
	}
}

func TestLedgerBalanceNeverNegative(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	a, _ := seedTwoTenants(t, s)
	ctx := context.Background()
	err := s.Transact(ctx, store.Scope{OrgID: a}, time.Now(), func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO ledger_entries (org_id, enrollment_id, kind, days, effective_on)
			SELECT org_id, id, 'retirement_removal', -1, '2021-07-01' FROM sa_enrollments`)
		return err
	})
	if err == nil {
		t.Fatal("a removal below zero was accepted")
	}
	err = s.Transact(ctx, store.Scope{OrgID: a}, time.Now(), func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE ledger_entries SET days = 0`)
		return err
	})
	if err == nil {
		t.Fatal("the app role updated the append-only ledger")
	}
}

func TestDeleteExpiredSessions(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	ctx := context.Background()
	if _, err := s.Pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES
		('old', '\x00', now() - interval '1 minute'), ('live', '\x00', now() + interval '1 hour')`); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteExpiredSessions(ctx); err != nil {
		t.Fatal(err)
	}
	var tokens []string
	rows, _ := s.Pool.Query(ctx, "SELECT token FROM sessions")
	for rows.Next() {
		var tok string
		rows.Scan(&tok)
		tokens = append(tokens, tok)
	}
	if len(tokens) != 1 || tokens[0] != "live" {
		t.Errorf("sessions left: %v", tokens)
	}
}

// An approved enrollment has both its dates: the schema refuses one without
// an end, which the store could not read.
func TestApprovedEnrollmentHasBothDates(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	ctx := context.Background()
	err := s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		var org int64
		if err := tx.QueryRow(ctx, "INSERT INTO organisations (name, kind) VALUES ('P', 'partner') RETURNING id").Scan(&org); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO partner_enrollments (org_id, offering_code, status, valid_from, valid_to)
			VALUES ($1, 'SDPS', 'approved', '2021-01-01', NULL)`, org)
		return err
	})
	if err == nil {
		t.Fatal("an approved enrollment without valid_to was stored")
	}
}
