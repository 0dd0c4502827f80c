package store

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// SharedClock is the simulated clock of every portal instance on one
// database: how far it runs ahead of real time is a row, read again at most
// once a second, so that moving it in one instance moves it in all.
type SharedClock struct {
	store *Store
	// Refresh is how long a read of the row serves (1 s): the delay before
	// a move made by another instance is seen here.
	Refresh time.Duration

	mu     sync.Mutex
	offset time.Duration
	read   time.Time // when offset was last read
}

// SharedClock starts the deployment's simulated clock at start, unless an
// instance already did: then it reads the clock where it is, and moves it
// on to start only if start is later (the clock never goes back: what the
// sweeps did cannot be undone).
func (s *Store) SharedClock(ctx context.Context, start time.Time) (*SharedClock, error) {
	c := &SharedClock{store: s, Refresh: time.Second}
	err := s.Transact(ctx, Scope{Program: true}, time.Now(), func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO clock (offset_us) VALUES ($1) ON CONFLICT (id) DO NOTHING`,
			time.Until(start).Microseconds())
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := c.refresh(ctx); err != nil {
		return nil, err
	}
	if start.Sub(c.Now()) > time.Minute {
		return c, c.Move(ctx, start)
	}
	return c, nil
}

func (c *SharedClock) refresh(ctx context.Context) error {
	var us int64
	err := c.store.Transact(ctx, Scope{}, time.Now(), func(tx *Tx) error {
		return tx.QueryRow(ctx, `SELECT offset_us FROM clock WHERE id = 1`).Scan(&us)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return errors.New("the shared clock has no row")
	}
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.offset, c.read = time.Duration(us)*time.Microsecond, time.Now()
	c.mu.Unlock()
	return nil
}

// Now is the simulated time. When the database cannot be read it keeps the
// last offset it knew.
func (c *SharedClock) Now() time.Time {
	c.mu.Lock()
	stale := time.Since(c.read) >= c.Refresh
	c.mu.Unlock()
	if stale {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		c.refresh(ctx)
		cancel()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Move sets the clock of every instance to read t now.
func (c *SharedClock) Move(ctx context.Context, t time.Time) error {
	offset := time.Until(t)
	err := c.store.Transact(ctx, Scope{Program: true}, time.Now(), func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE clock SET offset_us = $1, updated_at = now() WHERE id = 1`, offset.Microseconds())
		return err
	})
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.offset, c.read = offset, time.Now()
	c.mu.Unlock()
	return nil
}
