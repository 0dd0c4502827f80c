package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"sapsportal/internal/store"
)

// TestUnavailableKnowsAFailover: each way a database that went away shows
// up is "unavailable" (a 503 and a retry), and a real error is not.
func TestUnavailableKnowsAFailover(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("insert: %w", pgconn.ErrConnClosed), true},
		{fmt.Errorf("read: %w", io.ErrUnexpectedEOF), true},
		{&pgconn.PgError{Code: "57P01"}, true}, // terminating connection due to administrator command
		{&pgconn.PgError{Code: "25006"}, true}, // a primary turned standby
		{&pgconn.PgError{Code: "08006"}, true},
		{context.DeadlineExceeded, true},
		{&pgconn.PgError{Code: "23505"}, false},
		{errors.New("a bug"), false},
	} {
		if got := store.Unavailable(c.err); got != c.want {
			t.Errorf("Unavailable(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
