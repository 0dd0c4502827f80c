package store_test

import (
	"context"
	"testing"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

// Reminders sent are their organisation's; opt-outs and calendar feeds
// their person's; the signing key is never writable by the portal; and a
// reminder recorded twice is recorded once.
func TestReminderTablesUnderRowLevelSecurity(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	a, b := seedTwoTenants(t, s)
	ctx := context.Background()
	var enA, alice, bob int64
	err := s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT id FROM sa_enrollments WHERE org_id = $1`, a).Scan(&enA); err != nil {
			return err
		}
		for _, u := range []struct {
			email string
			id    *int64
		}{{"alice@a.example", &alice}, {"bob@b.example", &bob}} {
			if err := tx.QueryRow(ctx, `INSERT INTO users (email) VALUES ($1) RETURNING id`, u.email).Scan(u.id); err != nil {
				return err
			}
		}
		for i := range 2 {
			fresh, err := tx.RecordReminder(ctx, store.SentReminder{OrgID: a, Email: "alice@a.example", Kind: program.RemindRemoval,
				EnrollmentID: enA, Deadline: program.D(2021, 7, 1), DaysBefore: 30, SentOn: program.D(2021, 6, 1)})
			if err != nil || fresh != (i == 0) {
				t.Errorf("record #%d: fresh %v, %v", i+1, fresh, err)
			}
		}
		if _, err := tx.SetReminderOptOut(ctx, "bob@b.example", "redeem", true); err != nil {
			return err
		}
		return tx.SetCalendarFeed(ctx, bob, make([]byte, 32))
	})
	if err != nil {
		t.Fatal(err)
	}
	count := func(sc store.Scope, sql string) int {
		t.Helper()
		var n int
		if err := s.Transact(ctx, sc, time.Now(), func(tx *store.Tx) error { return tx.QueryRow(ctx, sql).Scan(&n) }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(store.Scope{OrgID: b}, `SELECT count(*) FROM reminders_sent`); n != 0 {
		t.Errorf("another organisation sees %d reminders", n)
	}
	if n := count(store.Scope{OrgID: a}, `SELECT count(*) FROM reminders_sent`); n != 1 {
		t.Errorf("its organisation sees %d reminders", n)
	}
	if n := count(store.Scope{UserID: alice}, `SELECT count(*) FROM reminder_optouts`); n != 0 {
		t.Errorf("alice sees %d of bob's opt-outs", n)
	}
	if n := count(store.Scope{UserID: bob}, `SELECT count(*) FROM reminder_optouts`); n != 1 {
		t.Errorf("bob sees %d opt-outs", n)
	}
	if n := count(store.Scope{UserID: alice}, `SELECT count(*) FROM calendar_feeds`); n != 0 {
		t.Errorf("alice sees %d feeds", n)
	}
	err = s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE signing_keys SET key = '\x00'`)
		return err
	})
	if err == nil {
		t.Error("the portal changed the signing key")
	}
}
