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
