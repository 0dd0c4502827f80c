package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// Invitations -------------------------------------------------------------

const invitationColumns = `i.id, i.org_id, o.name, i.email, i.role, coalesce(i.invited_by, 0), i.created_at, i.expires_at,
	i.accepted_at, i.declined_at, i.revoked_at`

func scanInvitation(r pgx.Row) (program.Invitation, error) {
	var i program.Invitation
	var acc, dec, rev *time.Time
	err := r.Scan(&i.ID, &i.OrgID, &i.OrgName, &i.Email, &i.Role, &i.InvitedBy, &i.CreatedAt, &i.ExpiresAt, &acc, &dec, &rev)
	i.AcceptedAt, i.DeclinedAt, i.RevokedAt = orZero(acc), orZero(dec), orZero(rev)
	return i, notFound(err)
}

func orZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func (tx *Tx) invitations(ctx context.Context, where string, args ...any) ([]program.Invitation, error) {
	rows, err := tx.Query(ctx, `SELECT `+invitationColumns+` FROM invitations i JOIN organisations o ON o.id = i.org_id
		WHERE `+where+` ORDER BY i.created_at, i.id LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.Invitation, error) { return scanInvitation(r) })
}

// openInvitation is the clause of an invitation nobody answered or withdrew
// (it may have expired).
const openInvitation = `i.accepted_at IS NULL AND i.declined_at IS NULL AND i.revoked_at IS NULL`

// InsertInvitation records an invitation whose link's token hashes to
// hash; ErrExists when another transaction just opened one for the same
// person and organisation (it waits for that one to commit).
func (tx *Tx) InsertInvitation(ctx context.Context, inv program.Invitation, hash []byte) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO invitations (org_id, email, role, token_hash, invited_by, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (org_id, email) WHERE accepted_at IS NULL AND declined_at IS NULL AND revoked_at IS NULL DO NOTHING
		RETURNING id`,
		inv.OrgID, inv.Email, inv.Role, hash, nullID(inv.InvitedBy), inv.CreatedAt, inv.ExpiresAt).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrExists
	}
	return id, err
}

// ErrExists is an insert finding the row already there.
var ErrExists = errors.New("already exists")

// LockOpenInvitation is the open invitation of email to an organisation,
// locked.
func (tx *Tx) LockOpenInvitation(ctx context.Context, orgID int64, email string) (program.Invitation, error) {
	return scanInvitation(tx.QueryRow(ctx, `SELECT `+invitationColumns+` FROM invitations i JOIN organisations o ON o.id = i.org_id
		WHERE i.org_id = $1 AND i.email = $2 AND `+openInvitation+` FOR UPDATE OF i`, orgID, email))
}

// LockInvitation is one invitation of an organisation, locked.
func (tx *Tx) LockInvitation(ctx context.Context, orgID, id int64) (program.Invitation, error) {
	return scanInvitation(tx.QueryRow(ctx, `SELECT `+invitationColumns+` FROM invitations i JOIN organisations o ON o.id = i.org_id
		WHERE i.org_id = $1 AND i.id = $2 FOR UPDATE OF i`, orgID, id))
}

// InvitationByToken finds the invitation whose link's token hashes to
// hash (in the identity scope, or the organisation's).
func (tx *Tx) InvitationByToken(ctx context.Context, hash []byte) (program.Invitation, error) {
	return scanInvitation(tx.QueryRow(ctx, `SELECT `+invitationColumns+` FROM invitations i JOIN organisations o ON o.id = i.org_id
		WHERE i.token_hash = $1`, hash))
}

// LockInvitationByToken is InvitationByToken, locked: of two answers to
// one link, the second waits for the first.
func (tx *Tx) LockInvitationByToken(ctx context.Context, hash []byte) (program.Invitation, error) {
	return scanInvitation(tx.QueryRow(ctx, `SELECT `+invitationColumns+` FROM invitations i JOIN organisations o ON o.id = i.org_id
		WHERE i.token_hash = $1 FOR UPDATE OF i`, hash))
}

// RenewInvitation gives an open invitation a new link, role, inviter and
// validity.
func (tx *Tx) RenewInvitation(ctx context.Context, inv program.Invitation, hash []byte) error {
	tag, err := tx.Exec(ctx, `UPDATE invitations i SET token_hash = $3, role = $4, invited_by = coalesce($5, invited_by),
		created_at = $6, expires_at = $7 WHERE i.org_id = $1 AND i.id = $2 AND `+openInvitation,
		inv.OrgID, inv.ID, hash, inv.Role, nullID(inv.InvitedBy), inv.CreatedAt, inv.ExpiresAt)
	return affected(tag.RowsAffected(), err)
}

// InvitationAnswer is how an invitation is closed.
type InvitationAnswer int

const (
	Accepted InvitationAnswer = iota
	Declined
	Revoked
)

// CloseInvitation answers or withdraws an open invitation; ErrNotFound
// when it was no longer open (someone else got there first).
func (tx *Tx) CloseInvitation(ctx context.Context, orgID, id int64, how InvitationAnswer, userID int64) error {
	set := map[InvitationAnswer]string{
		Accepted: `accepted_at = $3, accepted_by = $4`,
		Declined: `declined_at = $3`,
		Revoked:  `revoked_at = $3`,
	}[how]
	args := []any{orgID, id, tx.Now}
	if how == Accepted {
		args = append(args, userID)
	}
	tag, err := tx.Exec(ctx, `UPDATE invitations i SET `+set+` WHERE i.org_id = $1 AND i.id = $2 AND `+openInvitation, args...)
	return affected(tag.RowsAffected(), err)
}

// OpenInvitations lists an organisation's invitations nobody answered yet,
// expired ones included, oldest first.
func (tx *Tx) OpenInvitations(ctx context.Context, orgID int64) ([]program.Invitation, error) {
	return tx.invitations(ctx, `i.org_id = $1 AND `+openInvitation, orgID)
}

// InvitationsFor lists the open invitations of a person (by email), for
// their account page.
func (tx *Tx) InvitationsFor(ctx context.Context, email string) ([]program.Invitation, error) {
	return tx.invitations(ctx, `i.email = $1 AND `+openInvitation+` AND i.expires_at > $2`, email, tx.Now)
}

func affected(n int64, err error) error {
	if err == nil && n == 0 {
		return ErrNotFound
	}
	return err
}

// People ------------------------------------------------------------------------

// FindUser is the person with an email, looked up in the identity scope
// (ErrNotFound when there is none).
func (tx *Tx) FindUser(ctx context.Context, email string) (User, error) {
	var u User
	err := tx.AsIdentity(ctx, func() error {
		return tx.QueryRow(ctx, `SELECT id, email, name, password_hash, language FROM users WHERE email = $1`, email).
			Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Language)
	})
	return u, notFound(err)
}

// LockUser reads one person, locked (visible as themselves or in the
// identity scope).
func (tx *Tx) LockUser(ctx context.Context, id int64) (User, error) {
	var u User
	err := tx.QueryRow(ctx, `SELECT id, email, name, password_hash, language FROM users WHERE id = $1 FOR UPDATE`, id).
		Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Language)
	return u, notFound(err)
}

// ErrUserExists is InsertUser finding the email taken.
var ErrUserExists = errors.New("a user with this email exists")

// InsertUser adds a new person (in the identity scope).
func (tx *Tx) InsertUser(ctx context.Context, u User) (int64, error) {
	var id int64
	err := tx.AsIdentity(ctx, func() error {
		return tx.QueryRow(ctx, `INSERT INTO users (email, name, password_hash, language) VALUES ($1, $2, $3, $4) RETURNING id`,
			u.Email, u.Name, u.PasswordHash, u.Language).Scan(&id)
	})
	if IsUniqueViolation(err) {
		return 0, ErrUserExists
	}
	return id, err
}

// SetAccount sets a person's name, password (when hash is not empty) and
// language.
func (tx *Tx) SetAccount(ctx context.Context, u User) error {
	tag, err := tx.Exec(ctx, `UPDATE users SET name = $2, language = $3,
		password_hash = CASE WHEN $4 = '' THEN password_hash ELSE $4 END WHERE id = $1`, u.ID, u.Name, u.Language, u.PasswordHash)
	return affected(tag.RowsAffected(), err)
}

// LockRoleHolders locks the memberships of an organisation with a role and
// returns their people: of two people leaving at once, the second sees
// the first gone.
func (tx *Tx) LockRoleHolders(ctx context.Context, orgID int64, role program.Role) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT user_id FROM memberships WHERE org_id = $1 AND role = $2 ORDER BY user_id FOR UPDATE`, orgID, role)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// Password resets --------------------------------------------------------------

// InsertReset records a password reset link for a person.
func (tx *Tx) InsertReset(ctx context.Context, userID int64, hash []byte, expires time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		userID, hash, tx.Now, expires)
	return err
}

// ResetByToken finds the reset link whose token hashes to hash, locked.
func (tx *Tx) ResetByToken(ctx context.Context, hash []byte) (program.PasswordReset, error) {
	var r program.PasswordReset
	var used *time.Time
	err := tx.QueryRow(ctx, `SELECT id, user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1 FOR UPDATE`, hash).
		Scan(&r.ID, &r.UserID, &r.ExpiresAt, &used)
	r.UsedAt = orZero(used)
	return r, notFound(err)
}

// UseResets marks every unused reset link of a person used (the one just
// used and any other still open); ErrNotFound if id was used meanwhile.
func (tx *Tx) UseResets(ctx context.Context, userID, id int64) error {
	tag, err := tx.Exec(ctx, `UPDATE password_resets SET used_at = $3 WHERE user_id = $1 AND used_at IS NULL AND id = $2`, userID, id, tx.Now)
	if err := affected(tag.RowsAffected(), err); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, userID, tx.Now)
	return err
}

// Sessions ------------------------------------------------------------------------

// Session is one of a person's signed-in browsers.
type Session struct {
	UserAgent  string
	SignedInAt time.Time
	LastSeenAt time.Time
	Current    bool
}

// Sessions lists a person's live sessions, the most recently used first;
// current marks the one whose token is given.
func (tx *Tx) Sessions(ctx context.Context, userID int64, current string) ([]Session, error) {
	rows, err := tx.Query(ctx, `SELECT user_agent, coalesce(signed_in_at, now()), coalesce(last_seen_at, now()), token = $2
		FROM sessions WHERE user_id = $1 AND expiry > now() AND ended_at IS NULL ORDER BY last_seen_at DESC NULLS LAST LIMIT 100`, userID, current)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Session])
}

// EndSessions signs a person out of every session but except's (every one
// when except is ""), and says how many ended. The rows stay, ended, until
// they expire, so that a request still in flight cannot revive them.
func (tx *Tx) EndSessions(ctx context.Context, userID int64, except string) (int64, error) {
	tag, err := tx.Exec(ctx, `UPDATE sessions SET ended_at = now(), data = ''
		WHERE user_id = $1 AND token <> $2 AND ended_at IS NULL AND expiry > now()`, userID, except)
	return tag.RowsAffected(), err
}

// UserEmail is the email of a person visible in the transaction's scope.
func (tx *Tx) UserEmail(ctx context.Context, id int64) (string, error) {
	var email string
	err := tx.QueryRow(ctx, `SELECT email FROM users WHERE id = $1`, id).Scan(&email)
	return email, notFound(err)
}
