package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// ThrottleLimit is how many failures a key may make within Window before
// each further attempt must wait, Base at first and doubling up to Max. Only
// failures count: a success never slows anyone down.
type ThrottleLimit struct {
	Name   string // what is limited: "sign-in account", "validation user", …
	Free   int
	Window time.Duration
	Base   time.Duration
	Max    time.Duration
}

// Delay is the wait after the n-th failure in a window.
func (l ThrottleLimit) Delay(n int) time.Duration {
	if n < l.Free {
		return 0
	}
	d := l.Base
	for i := l.Free; i < n && d < l.Max; i++ {
		d *= 2
	}
	return min(d, l.Max)
}

// ThrottleKey is one key counted under one limit.
type ThrottleKey struct {
	Limit ThrottleLimit
	Key   string // an email, an address, a user or organisation id
}

// hashed is the key as stored: no email or address in clear.
func (k ThrottleKey) hashed() string {
	sum := sha256.Sum256([]byte(k.Limit.Name + "\x00" + k.Key))
	return hex.EncodeToString(sum[:])
}

// ThrottleWait is how long the next attempt must still wait for the most
// delayed of keys (0: it may go ahead). The limits live in PostgreSQL, so
// every portal instance enforces the same ones.
func (s *Store) ThrottleWait(ctx context.Context, keys ...ThrottleKey) (time.Duration, error) {
	hashes := make([]string, len(keys))
	for i, k := range keys {
		hashes[i] = k.hashed()
	}
	var secs float64
	err := s.Pool.QueryRow(ctx, `SELECT coalesce(max(extract(epoch FROM blocked_until - now())), 0)::float8
		FROM throttles WHERE key = ANY($1) AND blocked_until > now()`, hashes).Scan(&secs)
	return time.Duration(secs * float64(time.Second)), err
}

// ThrottleFail counts a failure for each key and sets how long the next
// attempt must wait.
func (s *Store) ThrottleFail(ctx context.Context, keys ...ThrottleKey) error {
	for _, k := range keys {
		var n int
		err := s.Pool.QueryRow(ctx, `INSERT INTO throttles AS t (key, failures, first_at) VALUES ($1, 1, now())
			ON CONFLICT (key) DO UPDATE SET
				failures = CASE WHEN t.first_at < now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
				first_at = CASE WHEN t.first_at < now() - make_interval(secs => $2) THEN now() ELSE t.first_at END
			RETURNING failures`, k.hashed(), k.Limit.Window.Seconds()).Scan(&n)
		if err != nil {
			return err
		}
		if d := k.Limit.Delay(n); d > 0 {
			if _, err := s.Pool.Exec(ctx, `UPDATE throttles SET blocked_until = now() + make_interval(secs => $2) WHERE key = $1`,
				k.hashed(), d.Seconds()); err != nil {
				return err
			}
		}
	}
	return nil
}

// ThrottleReset forgets a key's failures (an account after it signed in).
func (s *Store) ThrottleReset(ctx context.Context, k ThrottleKey) error {
	_, err := s.Pool.Exec(ctx, `DELETE FROM throttles WHERE key = $1`, k.hashed())
	return err
}

// DeleteStaleThrottles forgets failures a day old that no longer delay anyone.
func (s *Store) DeleteStaleThrottles(ctx context.Context) error {
	_, err := s.Pool.Exec(ctx, `DELETE FROM throttles WHERE first_at < now() - interval '1 day' AND blocked_until < now()`)
	return err
}
