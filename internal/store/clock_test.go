package store_test

import (
	"context"
	"testing"
	"time"

	"sapsportal/internal/store/storetest"
)

// Two instances on one database share one simulated clock.
func TestSharedClock(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	ctx := context.Background()
	march := time.Date(2021, 3, 1, 9, 0, 0, 0, time.UTC)
	a, err := s.SharedClock(ctx, march)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.SharedClock(ctx, march.Add(-24*time.Hour)) // a later start with an older date reads the clock as it is
	if err != nil {
		t.Fatal(err)
	}
	a.Refresh, b.Refresh = 0, 0
	if d := b.Now().Sub(march); d < 0 || d > time.Minute {
		t.Errorf("the second instance reads %v", b.Now())
	}
	july := time.Date(2021, 7, 1, 9, 0, 0, 0, time.UTC)
	if err := a.Move(ctx, july); err != nil {
		t.Fatal(err)
	}
	if d := b.Now().Sub(july); d < 0 || d > time.Minute {
		t.Errorf("after a move in the first instance, the second reads %v", b.Now())
	}
	// An instance started with a later date moves every clock on.
	c, err := s.SharedClock(ctx, july.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	if b.Now().Before(july.AddDate(0, 1, 0)) || c.Now().Before(july.AddDate(0, 1, 0)) {
		t.Errorf("a later start did not move the clock on: %v", b.Now())
	}
}
