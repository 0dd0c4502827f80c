package store_test

import (
	"context"
	"testing"
	"time"

	"sapsportal/internal/auth"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

// Invitations and reset links are tenant data: another organisation finds
// none of them, and the identity scope finds one only by its token.
func TestInvitationsAndResetsUnderRowLevelSecurity(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	a, b := seedTwoTenants(t, s)
	ctx := context.Background()
	now := time.Now()
	token, hash := auth.NewToken()
	_, resetHash := auth.NewToken()
	var alice, invID int64
	err := s.Transact(ctx, store.Scope{Program: true}, now, func(tx *store.Tx) error {
		var err error
		if alice, err = tx.CreateUser(ctx, "alice@a.example", "Alice", ""); err != nil {
			return err
		}
		if invID, err = tx.InsertInvitation(ctx, program.Invitation{OrgID: a, Email: "new@a.example", Role: program.ProjectManager}.Renewed(now), hash); err != nil {
			return err
		}
		return tx.InsertReset(ctx, alice, resetHash, now.Add(time.Hour))
	})
	if err != nil {
		t.Fatal(err)
	}
	count := func(sc store.Scope, sql string) int {
		t.Helper()
		var n int
		if err := s.Transact(ctx, sc, now, func(tx *store.Tx) error { return tx.QueryRow(ctx, sql).Scan(&n) }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tt := range []struct {
		name string
		sc   store.Scope
		sql  string
		want int
	}{
		{"A sees its invitation", store.Scope{OrgID: a}, "SELECT count(*) FROM invitations", 1},
		{"B sees none", store.Scope{OrgID: b}, "SELECT count(*) FROM invitations", 0},
		{"no scope sees none", store.Scope{}, "SELECT count(*) FROM invitations", 0},
		{"B sees no reset", store.Scope{OrgID: b}, "SELECT count(*) FROM password_resets", 0},
		{"Alice sees her reset", store.Scope{UserID: alice}, "SELECT count(*) FROM password_resets", 1},
	} {
		if got := count(tt.sc, tt.sql); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
	err = s.Transact(ctx, store.Scope{Identity: true}, now, func(tx *store.Tx) error {
		inv, err := tx.InvitationByToken(ctx, auth.TokenHash(token))
		if err != nil || inv.Email != "new@a.example" {
			t.Errorf("by token: %+v %v", inv, err)
		}
		_, err = tx.InvitationByToken(ctx, auth.TokenHash(token+"x"))
		if err != store.ErrNotFound {
			t.Errorf("a wrong token: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// B cannot close A's invitation, even by id.
	err = s.Transact(ctx, store.Scope{OrgID: b}, now, func(tx *store.Tx) error {
		if err := tx.CloseInvitation(ctx, a, invID, store.Revoked, 0); err != store.ErrNotFound {
			t.Errorf("B revoking A's invitation: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A session ended by its person cannot be written back by a request of it
// that was still in flight.
func TestEndedSessionsStayEnded(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	ctx := context.Background()
	ss := store.NewSessionStore(s.Pool, func(b []byte) store.SessionOwner { return store.SessionOwner{UserID: 7, UserAgent: string(b)} })
	exp := time.Now().Add(time.Hour)
	for _, tok := range []string{"mine", "theirs"} {
		if err := ss.Commit(tok, []byte("browser "+tok), exp); err != nil {
			t.Fatal(err)
		}
	}
	var ended int64
	err := s.Transact(ctx, store.Scope{UserID: 7}, time.Now(), func(tx *store.Tx) error {
		var err error
		ended, err = tx.EndSessions(ctx, 7, "mine")
		return err
	})
	if err != nil || ended != 1 {
		t.Fatalf("ended %d (%v), want 1", ended, err)
	}
	if err := ss.Commit("theirs", []byte("late write"), exp); err != nil { // the request in flight
		t.Fatal(err)
	}
	if _, found, err := ss.Find("theirs"); found || err != nil {
		t.Errorf("the ended session came back (%v)", err)
	}
	if b, found, _ := ss.Find("mine"); !found || string(b) != "browser mine" {
		t.Errorf("the kept session: %q %v", b, found)
	}
	err = s.Transact(ctx, store.Scope{UserID: 7}, time.Now(), func(tx *store.Tx) error {
		list, err := tx.Sessions(ctx, 7, "mine")
		if len(list) != 1 || !list[0].Current || list[0].UserAgent != "browser mine" {
			t.Errorf("listed sessions: %+v", list)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
