package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// APIToken is a person's API token as stored (its secret only as a hash).
type APIToken struct {
	ID         int64
	UserID     int64
	OrgID      int64
	OrgName    string
	Name       string
	ReadOnly   bool
	CreatedAt  time.Time
	ExpiresAt  time.Time
	RevokedAt  *time.Time
	LastUsedAt *time.Time
}

// Live reports whether the token works at now: not revoked, not expired.
func (t APIToken) Live(now time.Time) bool { return t.RevokedAt == nil && now.Before(t.ExpiresAt) }

const apiTokenColumns = `t.id, t.user_id, t.org_id, o.name, t.name, t.read_only, t.created_at, t.expires_at, t.revoked_at, t.last_used_at`

func scanAPIToken(r pgx.CollectableRow) (APIToken, error) {
	var t APIToken
	err := r.Scan(&t.ID, &t.UserID, &t.OrgID, &t.OrgName, &t.Name, &t.ReadOnly, &t.CreatedAt, &t.ExpiresAt, &t.RevokedAt, &t.LastUsedAt)
	return t, err
}

// CreateAPIToken stores a new token of t.UserID under hash.
func (tx *Tx) CreateAPIToken(ctx context.Context, t APIToken, hash []byte) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO api_tokens (user_id, org_id, name, token_hash, read_only, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, t.UserID, t.OrgID, t.Name, hash, t.ReadOnly, tx.Now, t.ExpiresAt).Scan(&id)
	return id, err
}

// APITokens lists a person's tokens, newest first (the organisation's name
// read in the person's own scope, through their membership).
func (tx *Tx) APITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	rows, err := tx.Query(ctx, `SELECT `+apiTokenColumns+`
		FROM api_tokens t JOIN organisations o ON o.id = t.org_id
		WHERE t.user_id = $1 ORDER BY t.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanAPIToken)
}

// LiveAPITokens counts a person's tokens that still work at tx.Now.
func (tx *Tx) LiveAPITokens(ctx context.Context, userID int64) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT count(*) FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2`,
		userID, tx.Now).Scan(&n)
	return n, err
}

// RevokeAPIToken ends one of a person's live tokens, returning its name;
// ErrNotFound when they have no such live token.
func (tx *Tx) RevokeAPIToken(ctx context.Context, userID, id int64) (string, error) {
	var name string
	err := tx.QueryRow(ctx, `UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
		RETURNING name`, id, userID, tx.Now).Scan(&name)
	return name, notFound(err)
}

// APITokenByHash finds the token with a secret's hash (identity scope:
// before anyone is known); ErrNotFound for none. The organisation's name
// is not read here.
func (tx *Tx) APITokenByHash(ctx context.Context, hash []byte) (APIToken, error) {
	var t APIToken
	err := tx.QueryRow(ctx, `SELECT id, user_id, org_id, name, read_only, created_at, expires_at, revoked_at, last_used_at
		FROM api_tokens WHERE token_hash = $1`, hash).
		Scan(&t.ID, &t.UserID, &t.OrgID, &t.Name, &t.ReadOnly, &t.CreatedAt, &t.ExpiresAt, &t.RevokedAt, &t.LastUsedAt)
	return t, notFound(err)
}

// TouchAPIToken records that a token was used at tx.Now (in its owner's
// scope).
func (tx *Tx) TouchAPIToken(ctx context.Context, id int64) error {
	_, err := tx.Exec(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, id, tx.Now)
	return err
}

type apiTokenKey struct{}

// WithAPIToken marks ctx as a request made with the API token named name:
// every audit event its transactions write records the name.
func WithAPIToken(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, apiTokenKey{}, name)
}

// apiTokenName is the name of ctx's API token ("" for none).
func apiTokenName(ctx context.Context) string {
	name, _ := ctx.Value(apiTokenKey{}).(string)
	return name
}
