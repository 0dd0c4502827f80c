package store

import (
	"context"
	"errors"
	"hash/maphash"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// SessionOwner is who a session's data says is signed in (0: nobody) and
// from which browser.
type SessionOwner struct {
	UserID    int64
	UserAgent string
}

// SessionStore keeps scs sessions in PostgreSQL like scs's pgxstore, and
// also writes whose session each is (read from the session's own data by
// owner), so that a person can see and end their sessions. It runs before
// any scope is known: the sessions table has no row-level security, and
// the portal reads its owners' columns only for the signed-in person.
type SessionStore struct {
	pool  *pgxpool.Pool
	owner func([]byte) SessionOwner
	// Timeout bounds each read or write of a session (the database may be
	// stalled: a request waits this long at most for its session).
	Timeout time.Duration
	// TouchEvery is how often at most an unchanged session is written again
	// (issue 11). With an idle timeout scs commits a session on every
	// request only to move its expiry on; writing that at most once per
	// interval lets the stored expiry (and last_seen_at) lag by up to the
	// interval, which ends an idle session that much early at worst.
	TouchEvery time.Duration

	mu      sync.Mutex
	seed    maphash.Seed
	touched map[string]touch // by token: the data as this process last read or wrote it
}

// touch is what this process knows of a stored session: a hash of its data
// and when it last wrote it.
type touch struct {
	sum     uint64
	written time.Time
}

// maxTouched bounds the sessions remembered; past it, those not written
// within TouchEvery are forgotten (and simply written on their next commit).
const maxTouched = 20000

// NewSessionStore makes a session store; owner decodes a session's data.
func NewSessionStore(pool *pgxpool.Pool, owner func([]byte) SessionOwner) *SessionStore {
	return &SessionStore{pool: pool, owner: owner, Timeout: 5 * time.Second, TouchEvery: time.Minute,
		seed: maphash.MakeSeed(), touched: map[string]touch{}}
}

// saw records the data of token as stored; written is zero for a read.
func (s *SessionStore) saw(token string, b []byte, written time.Time) {
	sum := maphash.Bytes(s.seed, b)
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.touched[token]
	if !ok && len(s.touched) >= maxTouched {
		for k, old := range s.touched {
			if time.Since(old.written) > s.TouchEvery {
				delete(s.touched, k)
			}
		}
		if len(s.touched) >= maxTouched {
			return
		}
	}
	t.sum = sum
	if !written.IsZero() {
		t.written = written
	}
	s.touched[token] = t
}

// fresh says whether the stored session already holds b and was written
// by this process within TouchEvery.
func (s *SessionStore) fresh(token string, b []byte) bool {
	if s.TouchEvery <= 0 {
		return false
	}
	sum := maphash.Bytes(s.seed, b)
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.touched[token]
	return ok && t.sum == sum && time.Since(t.written) < s.TouchEvery
}

func (s *SessionStore) forget(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.touched, token)
}

func (s *SessionStore) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, s.Timeout)
}

// sessionMember is the person whose session a request's FindCtx read, with
// their organisations (WithSessionMember).
type sessionMember struct {
	member
	userID int64 // whose session it is (0: nobody's, or not read)
}

type sessionMemberKey struct{}

// WithSessionMember asks the session store to read, with a request's
// session, the person it belongs to and their organisations (Store.Member),
// in the same round trip: a signed-in page then waits for the database
// once before its own reads instead of twice (issue 11).
func WithSessionMember(ctx context.Context) context.Context {
	return context.WithValue(ctx, sessionMemberKey{}, &sessionMember{})
}

// SessionMember is what Store.Member would say of userID, when the request
// of ctx read it with its session (ok false: it did not, or the session is
// another person's; ask Store.Member).
func SessionMember(ctx context.Context, userID int64) (u User, ms []Membership, ok bool, err error) {
	x, _ := ctx.Value(sessionMemberKey{}).(*sessionMember)
	if x == nil || userID == 0 || x.userID != userID {
		return User{}, nil, false, nil
	}
	if !x.found {
		return x.user, nil, true, ErrNotFound
	}
	return x.user, x.ms, true, nil
}

const liveSession = `token = $1 AND current_timestamp < expiry AND ended_at IS NULL`

// FindCtx returns a live session's data.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var b []byte
	var err error
	if x, _ := ctx.Value(sessionMemberKey{}).(*sessionMember); x != nil {
		b, err = s.findWithMember(ctx, token, x)
	} else {
		err = s.pool.QueryRow(ctx, `SELECT data FROM sessions WHERE `+liveSession, token).Scan(&b)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		s.forget(token)
		return nil, false, nil
	}
	if err == nil {
		s.saw(token, b, time.Time{})
	}
	return b, err == nil, err
}

// findWithMember reads the session and, in the scope of the person whose
// it is, that person and their organisations into x: one round trip.
func (s *SessionStore) findWithMember(ctx context.Context, token string, x *sessionMember) ([]byte, error) {
	var b []byte
	var owner int64
	var batch pgx.Batch
	// The session's row sets the scope of the read after it (no row: none).
	batch.Queue(`SELECT data, coalesce(user_id, 0), set_config('app.user_id', coalesce(user_id::text, ''), true)
		FROM sessions WHERE `+liveSession, token).
		QueryRow(func(r pgx.Row) error { return r.Scan(&b, &owner, nil) })
	batch.Queue(memberSQL("app_user_id()")).Query(x.scan)
	if err := s.pool.SendBatch(ctx, &batch).Close(); err != nil {
		x.member = member{}
		return nil, err
	}
	x.userID = owner
	return b, nil
}

// CommitCtx writes a session with its owner; a session that changes owner
// starts its sign-in time again. An ended session stays ended. A session
// whose data is what is stored, written here less than TouchEvery ago, is
// not written again.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if s.fresh(token, b) {
		return nil
	}
	// Saved even if the person stops waiting: the change it follows is done.
	ctx, cancel := s.bound(context.WithoutCancel(ctx))
	defer cancel()
	o := s.owner(b)
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry, user_id, user_agent, signed_in_at, last_seen_at)
		VALUES ($1, $2, $3, $4, $5, CASE WHEN $4::bigint IS NULL THEN NULL ELSE now() END, now())
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry, user_id = EXCLUDED.user_id,
			user_agent = EXCLUDED.user_agent, last_seen_at = now(),
			signed_in_at = CASE WHEN sessions.user_id IS NOT DISTINCT FROM EXCLUDED.user_id THEN sessions.signed_in_at
				ELSE EXCLUDED.signed_in_at END
		WHERE sessions.ended_at IS NULL`,
		token, b, expiry, nullID(o.UserID), o.UserAgent)
	if err == nil {
		s.saw(token, b, time.Now())
	} else {
		s.forget(token)
	}
	return err
}

// DeleteCtx removes a session.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	ctx, cancel := s.bound(context.WithoutCancel(ctx))
	defer cancel()
	s.forget(token)
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE token = $1`, token)
	return err
}

// Find, Commit and Delete are scs.Store's context-free forms.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s *SessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }
