package store_test

import (
	"context"
	"testing"
	"time"

	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

func TestThrottleDelayGrows(t *testing.T) {
	l := store.ThrottleLimit{Free: 3, Base: 5 * time.Second, Max: time.Minute}
	want := []time.Duration{0, 0, 0, 5 * time.Second, 10 * time.Second, 20 * time.Second, 40 * time.Second, time.Minute, time.Minute}
	for n, w := range want {
		if got := l.Delay(n); got != w {
			t.Errorf("Delay(%d) = %v, want %v", n, got, w)
		}
	}
}

func TestThrottleCountsFailuresInPostgreSQL(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	ctx := context.Background()
	l := store.ThrottleLimit{Name: "test", Free: 2, Window: time.Hour, Base: 30 * time.Second, Max: time.Hour}
	a, b := store.ThrottleKey{Limit: l, Key: "a@x.example"}, store.ThrottleKey{Limit: l, Key: "b@x.example"}
	wait := func(k store.ThrottleKey) time.Duration {
		t.Helper()
		d, err := s.ThrottleWait(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for range 2 {
		if wait(a) != 0 {
			t.Fatal("delayed within the free failures")
		}
		if err := s.ThrottleFail(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if d := wait(a); d < 20*time.Second || d > 30*time.Second {
		t.Errorf("after 2 failures the wait is %v, want about 30 s", d)
	}
	if wait(b) != 0 {
		t.Error("another key is delayed")
	}
	var clear int
	if err := s.Pool.QueryRow(ctx, "SELECT count(*) FROM throttles WHERE key LIKE '%@%'").Scan(&clear); err != nil || clear != 0 {
		t.Errorf("keys stored in clear: %d %v", clear, err)
	}
	if err := s.ThrottleReset(ctx, a); err != nil {
		t.Fatal(err)
	}
	if wait(a) != 0 {
		t.Error("still delayed after reset")
	}
}
