package store_test

import (
	"context"
	"testing"
	"time"

	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

// An unchanged session is written at most once per TouchEvery (scs commits
// it on every request to move its idle expiry on); a changed one always.
func TestUnchangedSessionsAreWrittenOncePerInterval(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	ctx := context.Background()
	ss := store.NewSessionStore(s.Pool, func(b []byte) store.SessionOwner { return store.SessionOwner{UserID: 7} })
	exp := time.Now().Add(time.Hour)
	// seen backdates the stored session's last write, and says whether the
	// write that follows happened (it sets last_seen_at to now again).
	mark := func() {
		if _, err := s.Pool.Exec(ctx, `UPDATE sessions SET last_seen_at = '2000-01-01' WHERE token = 'tok'`); err != nil {
			t.Fatal(err)
		}
	}
	written := func() bool {
		var old bool
		if err := s.Pool.QueryRow(ctx, `SELECT last_seen_at > '2000-01-01' FROM sessions WHERE token = 'tok'`).Scan(&old); err != nil {
			t.Fatal(err)
		}
		return old
	}
	commit := func(data string) {
		if err := ss.CommitCtx(ctx, "tok", []byte(data), exp); err != nil {
			t.Fatal(err)
		}
	}
	commit("signed in")
	mark()
	commit("signed in") // the next request, nothing changed
	if written() {
		t.Error("an unchanged session was written again within the interval")
	}
	commit("signed in, with a flash")
	if !written() {
		t.Error("a changed session was not written")
	}
	// Another instance wrote other data; this one reads it and puts the
	// earlier data back: that is a change, and written.
	if _, err := s.Pool.Exec(ctx, `UPDATE sessions SET data = 'from elsewhere' WHERE token = 'tok'`); err != nil {
		t.Fatal(err)
	}
	if b, found, err := ss.FindCtx(ctx, "tok"); err != nil || !found || string(b) != "from elsewhere" {
		t.Fatalf("find: %q %v %v", b, found, err)
	}
	mark()
	commit("signed in, with a flash")
	if !written() {
		t.Error("data another instance changed was not written back")
	}
	// Once the interval has passed, an unchanged session is written again.
	ss.TouchEvery = time.Nanosecond
	mark()
	commit("signed in, with a flash")
	if !written() {
		t.Error("an unchanged session was not written after the interval")
	}
}

// A request that asks for it reads the session's owner with the session,
// in one round trip, and gets it only for that owner.
func TestSessionReadWithItsOwner(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	ctx := context.Background()
	var alice int64
	err := s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		var err error
		alice, err = tx.CreateUser(ctx, "alice@a.example", "Alice", "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ss := store.NewSessionStore(s.Pool, func(b []byte) store.SessionOwner { return store.SessionOwner{UserID: alice} })
	if err := ss.CommitCtx(ctx, "tok", []byte("signed in"), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	req := store.WithSessionMember(ctx)
	if b, found, err := ss.FindCtx(req, "tok"); err != nil || !found || string(b) != "signed in" {
		t.Fatalf("find: %q %v %v", b, found, err)
	}
	u, ms, ok, err := store.SessionMember(req, alice)
	if !ok || err != nil || u.ID != alice || u.Email != "alice@a.example" || len(ms) != 0 {
		t.Errorf("the owner read with the session: %+v %v %v %v", u, ms, ok, err)
	}
	if _, _, ok, _ := store.SessionMember(req, alice+1); ok {
		t.Error("another person was answered from the session's owner")
	}
	if _, _, ok, _ := store.SessionMember(ctx, alice); ok {
		t.Error("a request that did not ask got a person")
	}
	other := store.WithSessionMember(ctx)
	if _, found, err := ss.FindCtx(other, "no such token"); err != nil || found {
		t.Fatalf("an unknown session: %v %v", found, err)
	}
	if _, _, ok, _ := store.SessionMember(other, alice); ok {
		t.Error("an unknown session answered for a person")
	}
}
