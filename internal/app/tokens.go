package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"time"

	"sapsportal/internal/auth"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// Personal API tokens (issue 13). A token acts for one organisation with
// its person's role there, read afresh at every use: a role changed, a
// membership ended or an organisation suspended takes effect at once.

// NewAPIToken is the account page's form for a new token.
type NewAPIToken struct {
	Name     string
	OrgID    int64
	ReadOnly bool
	Days     int // 0: program.DefaultTokenDays
}

// APITokenPrefix starts every token, so that a leaked one is recognisable
// (secret scanners, logs).
const APITokenPrefix = "saps_"

// ErrBadToken is the one answer to a bearer token that does not work:
// unknown, revoked, expired, or its person no longer an active member of
// its organisation. Which of these is not said.
var ErrBadToken = errors.New("the API token is not valid")

// CreateAPIToken makes the actor a token and returns its secret, shown
// once: only its hash is kept.
func (a *App) CreateAPIToken(ctx context.Context, actor Actor, in NewAPIToken) (string, store.APIToken, error) {
	name, err := program.TokenName("name", in.Name)
	if err != nil {
		return "", store.APIToken{}, err
	}
	now := a.Clock.Now()
	expires, err := program.TokenExpiry("expires_in_days", now, in.Days)
	if err != nil {
		return "", store.APIToken{}, err
	}
	b := make([]byte, 32)
	rand.Read(b)
	secret := APITokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	t := store.APIToken{UserID: actor.UserID, OrgID: in.OrgID, Name: name, ReadOnly: in.ReadOnly, CreatedAt: now, ExpiresAt: expires}
	err = a.accountStep(ctx, actor, "api_token.created", func(tx *store.Tx, u store.User) (map[string]any, error) {
		ms, err := tx.Memberships(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		member := false
		for _, m := range ms {
			if m.OrgID == in.OrgID && !m.Suspended {
				member, t.OrgName = true, m.OrgName
			}
		}
		if !member {
			return nil, program.Invalid("org_id", "Choose one of your organisations.")
		}
		n, err := tx.LiveAPITokens(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		if n >= program.MaxTokensPerAccount {
			return nil, program.Refuse(program.CodeNotAllowed, "You have %d working API tokens, the most one person may hold; revoke one first.", n)
		}
		if t.ID, err = tx.CreateAPIToken(ctx, t, auth.TokenHash(secret)); err != nil {
			return nil, err
		}
		return map[string]any{"token_id": t.ID, "name": name, "org_id": in.OrgID, "read_only": in.ReadOnly,
			"expires_at": expires.UTC().Format(time.RFC3339)}, nil
	})
	if err != nil {
		return "", store.APIToken{}, err
	}
	return secret, t, nil
}

// RevokeAPIToken ends one of the actor's tokens at once.
func (a *App) RevokeAPIToken(ctx context.Context, actor Actor, id int64) error {
	return a.accountStep(ctx, actor, "api_token.revoked", func(tx *store.Tx, u store.User) (map[string]any, error) {
		name, err := tx.RevokeAPIToken(ctx, u.ID, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, program.NotFound("API token")
		}
		return map[string]any{"token_id": id, "name": name}, err
	})
}

// APITokens lists the actor's tokens, newest first.
func (a *App) APITokens(ctx context.Context, actor Actor) ([]store.APIToken, error) {
	var ts []store.APIToken
	err := a.Store.Transact(ctx, personal(actor), a.Clock.Now(), func(tx *store.Tx) error {
		var err error
		ts, err = tx.APITokens(ctx, actor.UserID)
		return err
	})
	return ts, err
}

// APIActor is who a bearer token acts as: its person, in its organisation,
// with their role there now. Any token that does not work is ErrBadToken.
func (a *App) APIActor(ctx context.Context, secret, requestID string) (Actor, store.APIToken, error) {
	var t store.APIToken
	if len(secret) > 200 {
		return Actor{}, t, ErrBadToken
	}
	now := a.Clock.Now()
	err := a.Store.Transact(ctx, store.Scope{Identity: true, RequestID: requestID}, now, func(tx *store.Tx) error {
		var err error
		t, err = tx.APITokenByHash(ctx, auth.TokenHash(secret))
		return err
	})
	if errors.Is(err, store.ErrNotFound) || (err == nil && !t.Live(now)) {
		return Actor{}, t, ErrBadToken
	}
	if err != nil {
		return Actor{}, t, err
	}
	u, ms, err := a.Store.Member(ctx, t.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return Actor{}, t, ErrBadToken
	}
	if err != nil {
		return Actor{}, t, err
	}
	for _, m := range ms {
		if m.OrgID != t.OrgID || m.Suspended {
			continue
		}
		t.OrgName = m.OrgName
		if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute { // at most once a minute
			err := a.Store.Transact(ctx, store.Scope{UserID: t.UserID, RequestID: requestID}, now, func(tx *store.Tx) error {
				return tx.TouchAPIToken(ctx, t.ID)
			})
			if err != nil {
				return Actor{}, t, err
			}
		}
		return Actor{UserID: u.ID, Email: u.Email, OrgID: m.OrgID, OrgKind: m.OrgKind, Role: m.Role, RequestID: requestID}, t, nil
	}
	return Actor{}, t, ErrBadToken
}
