package store

import (
	"context"
	"time"
)

// RateCount counts one request under k in a fixed window of k.Limit.Window
// (shared by every instance through the throttles table) and returns the
// count in the current window, this request included, and when the window
// ends.
func (s *Store) RateCount(ctx context.Context, k ThrottleKey) (int, time.Time, error) {
	var n int
	var reset time.Time
	err := s.Pool.QueryRow(ctx, `INSERT INTO throttles AS t (key, failures, first_at) VALUES ($1, 1, now())
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN t.first_at <= now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
			first_at = CASE WHEN t.first_at <= now() - make_interval(secs => $2) THEN now() ELSE t.first_at END
		RETURNING failures, first_at + make_interval(secs => $2)`, k.hashed(), k.Limit.Window.Seconds()).Scan(&n, &reset)
	return n, reset, err
}
