package app

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// A batch the database gave up on is tried again at half the size, down to
// MinSweepBatch; any other failure, or a sweep being stopped, ends it.
func TestSmallerBatchAfterAStatementTimeout(t *testing.T) {
	timeout := &pgconn.PgError{Code: "57014", Message: "canceling statement due to statement timeout"}
	live := context.Background()
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name  string
		ctx   context.Context
		size  int
		err   error
		want  int
		retry bool
	}{
		{"timed out", live, 5000, timeout, 2500, true},
		{"timed out, wrapped", live, 5000, errors.Join(errors.New("batch"), timeout), 2500, true},
		{"timed out near the floor", live, 150, timeout, MinSweepBatch, true},
		{"timed out at the floor", live, MinSweepBatch, timeout, MinSweepBatch, false},
		{"the sweep was stopped", stopped, 5000, timeout, 5000, false},
		{"another failure", live, 5000, &pgconn.PgError{Code: "23505"}, 5000, false},
		{"no failure", live, 5000, nil, 5000, false},
	} {
		got, retry := smallerBatch(c.ctx, c.size, c.err)
		if got != c.want || retry != c.retry {
			t.Errorf("%s: smallerBatch(%d) = %d, %v; want %d, %v", c.name, c.size, got, retry, c.want, c.retry)
		}
	}
}
