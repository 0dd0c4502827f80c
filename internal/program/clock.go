package program

import (
	"context"
	"sync"
	"time"
)

// Clock is the one source of "now" for every rule (DOMAIN.md §7).
type Clock interface {
	Now() time.Time
}

// MovableClock is a simulated clock a global admin may move (demo mode).
type MovableClock interface {
	Clock
	Move(ctx context.Context, t time.Time) error
}

// SystemClock is the real time.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now() }

// SimulatedClock runs the portal as of a chosen moment, advancing from it in
// real time. A global admin may move it in demo mode.
type SimulatedClock struct {
	mu     sync.Mutex
	offset time.Duration
	real   func() time.Time
}

// NewSimulatedClock starts a clock that reads start now.
func NewSimulatedClock(start time.Time) *SimulatedClock {
	c := &SimulatedClock{real: time.Now}
	c.Set(start)
	return c
}

func (c *SimulatedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.real().Add(c.offset)
}

// Set makes the clock read t now.
func (c *SimulatedClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = t.Sub(c.real())
}

// Move makes the clock read t now (the simulated clock of one process;
// store.SharedClock is every instance's).
func (c *SimulatedClock) Move(_ context.Context, t time.Time) error {
	c.Set(t)
	return nil
}

// Advance moves the clock forward by d.
func (c *SimulatedClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// FixedClock always reads the same moment; for tests.
type FixedClock time.Time

func (c FixedClock) Now() time.Time { return time.Time(c) }
