package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// User is a person who can sign in.
type User struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string
	Language     string
}

// Membership is a user's role in one organisation.
type Membership struct {
	OrgID     int64
	OrgName   string
	OrgKind   program.OrgKind
	Role      program.Role
	Suspended bool
}

// Org is a tenant.
type Org struct {
	ID        int64
	Name      string
	Kind      program.OrgKind
	Suspended bool
}

// ErrNotFound is returned when a row does not exist or is not visible in the
// transaction's scope; callers turn it into the domain's "not found".
var ErrNotFound = errors.New("not found")

func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// UserByEmail finds a user by (lower-case) email, in the identity scope:
// sign-in must find one before any organisation is known.
func (s *Store) UserByEmail(ctx context.Context, email string) (User, error) {
	return s.user(ctx, Scope{Identity: true}, `email = $1`, email)
}

func (s *Store) user(ctx context.Context, sc Scope, where string, arg any) (User, error) {
	var u User
	err := s.Transact(ctx, sc, time.Now(), func(tx *Tx) error {
		return tx.QueryRow(ctx, `SELECT id, email, name, password_hash, language FROM users WHERE `+where, arg).
			Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Language)
	})
	return u, notFound(err)
}

// SetLanguage remembers a user's language choice (as themselves).
func (s *Store) SetLanguage(ctx context.Context, userID int64, lang string) error {
	return s.Transact(ctx, Scope{UserID: userID}, time.Now(), func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE users SET language = $2 WHERE id = $1`, userID, lang)
		return err
	})
}

// Memberships lists the organisations a user belongs to, by name. It needs a
// scope with the user's id.
func (tx *Tx) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	rows, err := tx.Query(ctx, `SELECT o.id, o.name, o.kind, m.role, o.suspended_at IS NOT NULL
		FROM memberships m JOIN organisations o ON o.id = m.org_id
		WHERE m.user_id = $1 ORDER BY o.name, o.id`, userID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Membership, error) {
		var m Membership
		err := r.Scan(&m.OrgID, &m.OrgName, &m.OrgKind, &m.Role, &m.Suspended)
		return m, err
	})
}

// Member reads a user and every organisation they belong to (by name), in
// the user's own scope, as one round trip: the scope and the read are
// pipelined in one implicit transaction. It is ErrNotFound when no such user
// exists. Every signed-in request calls it.
func (s *Store) Member(ctx context.Context, userID int64) (User, []Membership, error) {
	var q Reads
	var m member
	q.add(read{memberSQL("$1"), []any{userID}, m.scan})
	if err := s.Read(ctx, Scope{UserID: userID}, &q); err != nil {
		return User{}, nil, err
	}
	if !m.found {
		return m.user, nil, ErrNotFound
	}
	return m.user, m.ms, nil
}

// memberSQL reads the person whose id is person with their organisations,
// in the person's scope.
func memberSQL(person string) string {
	return `SELECT u.id, u.email, u.name, u.password_hash, u.language,
		coalesce(o.id, 0), coalesce(o.name, ''), coalesce(o.kind, ''), coalesce(m.role, ''), o.suspended_at IS NOT NULL
		FROM users u LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN organisations o ON o.id = m.org_id
		WHERE u.id = ` + person + ` ORDER BY o.name, o.id`
}

// member is what memberSQL read.
type member struct {
	user  User
	ms    []Membership
	found bool
}

func (x *member) scan(rows pgx.Rows) error {
	for rows.Next() {
		var m Membership
		if err := rows.Scan(&x.user.ID, &x.user.Email, &x.user.Name, &x.user.PasswordHash, &x.user.Language,
			&m.OrgID, &m.OrgName, &m.OrgKind, &m.Role, &m.Suspended); err != nil {
			return err
		}
		x.found = true
		if m.OrgID != 0 {
			x.ms = append(x.ms, m)
		}
	}
	return rows.Err()
}

// Org reads one organisation.
func (tx *Tx) Org(ctx context.Context, id int64) (Org, error) {
	var o Org
	err := tx.QueryRow(ctx, `SELECT id, name, kind, suspended_at IS NOT NULL FROM organisations WHERE id = $1`, id).
		Scan(&o.ID, &o.Name, &o.Kind, &o.Suspended)
	return o, notFound(err)
}

// CreateOrg adds an organisation.
func (tx *Tx) CreateOrg(ctx context.Context, name string, kind program.OrgKind) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO organisations (name, kind) VALUES ($1, $2) RETURNING id`, name, kind).Scan(&id)
	return id, err
}

// CreateUser adds a user, or returns the existing one with that email.
func (tx *Tx) CreateUser(ctx context.Context, email, name, passwordHash string) (int64, error) {
	var id int64
	err := tx.AsIdentity(ctx, func() error {
		return tx.QueryRow(ctx, `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3)
			ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`, email, name, passwordHash).Scan(&id)
	})
	return id, err
}

// AddMembership gives a user a role in an organisation.
func (tx *Tx) AddMembership(ctx context.Context, userID, orgID int64, role program.Role) error {
	_, err := tx.Exec(ctx, `INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, $3)`, userID, orgID, role)
	if err != nil {
		return fmt.Errorf("AddMembership(%d, %d, %s): %w", userID, orgID, role, err)
	}
	return nil
}

// Member is a user of an organisation with their role.
type Member struct {
	User
	Role program.Role
}

// Members lists an organisation's people, optionally of one role.
func (tx *Tx) Members(ctx context.Context, orgID int64, role program.Role) ([]Member, error) {
	var out []Member
	err := tx.run(ctx, membersRead(orgID, role, &out))
	return out, err
}

// Members queues Tx.Members(orgID, role), into out.
func (q *Reads) Members(orgID int64, role program.Role, out *[]Member) {
	q.add(membersRead(orgID, role, out))
}

func membersRead(orgID int64, role program.Role, out *[]Member) read {
	var c conditions
	c.add("m.org_id = ?", orgID)
	if role != "" {
		c.add("m.role = ?", string(role))
	}
	return rowsRead(`SELECT u.id, u.email, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id`+c.sql()+` ORDER BY u.email`,
		c.args, out, func(r pgx.CollectableRow) (Member, error) {
			var m Member
			err := r.Scan(&m.ID, &m.Email, &m.Name, &m.Role)
			return m, err
		})
}

// UserLanguage is the language a user chose ("" when none, or no such
// user): the one thing of a person another tenant's email to them needs.
func (tx *Tx) UserLanguage(ctx context.Context, email string) (string, error) {
	var lang string
	err := tx.AsIdentity(ctx, func() error {
		err := tx.QueryRow(ctx, `SELECT language FROM users WHERE email = $1`, email).Scan(&lang)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		return err
	})
	return lang, err
}

// DeleteExpiredSessions removes sign-in sessions past their expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context) error {
	_, err := s.Pool.Exec(ctx, `DELETE FROM sessions WHERE expiry < now()`)
	return err
}
