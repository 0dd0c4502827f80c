package auth

import (
	"sync"
	"time"
)

// Throttle limits attempts per key (an account, a client address, a user
// validating vouchers) to Max within Window. It is in memory: one portal
// process enforces it; several instances each enforce their own.
type Throttle struct {
	Max    int
	Window time.Duration
	Now    func() time.Time

	mu       sync.Mutex
	attempts map[string][]time.Time
}

// NewThrottle allows max attempts per window for each key.
func NewThrottle(max int, window time.Duration) *Throttle {
	return &Throttle{Max: max, Window: window, Now: time.Now, attempts: map[string][]time.Time{}}
}

// Allow reports whether every key may make another attempt now, and if so
// counts one for each. Blocked attempts are not counted.
func (t *Throttle) Allow(keys ...string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	for _, k := range keys {
		if len(t.recent(k, now)) >= t.Max {
			return false
		}
	}
	for _, k := range keys {
		t.attempts[k] = append(t.recent(k, now), now)
	}
	if len(t.attempts) > 100000 { // bound memory under a flood of keys
		t.attempts = map[string][]time.Time{}
	}
	return true
}

// Reset forgets a key's attempts (after a successful sign-in).
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.attempts, key)
}

func (t *Throttle) recent(k string, now time.Time) []time.Time {
	a := t.attempts[k]
	i := 0
	for i < len(a) && now.Sub(a[i]) >= t.Window {
		i++
	}
	return a[i:]
}
