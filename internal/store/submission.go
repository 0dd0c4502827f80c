package store

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// ErrAlreadySubmitted is a form sent again with the key of one that
// already made its change: nothing more is done.
var ErrAlreadySubmitted = errors.New("this form was already sent")

// submission is a form's one-time key, carried by the request's context to
// the first transaction that commits, which records it.
type submission struct {
	key      string
	hash     []byte // the API request's hash (nil for a form)
	recorded atomic.Bool
}

type submissionKey struct{}

// WithSubmission makes the first read-write transaction of ctx record key,
// and refuse with ErrAlreadySubmitted if an earlier one did.
func WithSubmission(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, submissionKey{}, &submission{key: key})
}

// recordSubmission writes ctx's key at the end of tx, once per request, if
// tx changed anything (a read does not use up the key). A second
// transaction with the key waits for the first to commit, then finds the
// key taken and rolls back: of two submissions, one changes anything.
func recordSubmission(ctx context.Context, tx pgx.Tx) (*submission, error) {
	sub, _ := ctx.Value(submissionKey{}).(*submission)
	if sub == nil || sub.recorded.Load() {
		return nil, nil
	}
	var wrote bool
	if err := tx.QueryRow(ctx, `SELECT txid_current_if_assigned() IS NOT NULL`).Scan(&wrote); err != nil || !wrote {
		return nil, err
	}
	_, err := tx.Exec(ctx, `INSERT INTO submissions (key, request_hash) VALUES ($1, $2)`, sub.key, sub.hash)
	if IsUniqueViolation(err) {
		return nil, ErrAlreadySubmitted
	}
	return sub, err
}

// SubmissionRecorded reports whether ctx's form key was recorded by a
// committed transaction: the form made its change.
func SubmissionRecorded(ctx context.Context) bool {
	sub, _ := ctx.Value(submissionKey{}).(*submission)
	return sub != nil && sub.recorded.Load()
}

// SubmissionOutcome tells whether a form sent with key made its change
// (used), and its first answer when that was recorded (status 0: it was
// lost, say the database failed over before the answer).
func (s *Store) SubmissionOutcome(ctx context.Context, key string) (used bool, status int, location string, err error) {
	var st *int
	err = s.Pool.QueryRow(ctx, `SELECT outcome_status, outcome_location FROM submissions WHERE key = $1`, key).Scan(&st, &location)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, 0, "", nil
	}
	if err != nil || st == nil {
		return err == nil, 0, "", err
	}
	return true, *st, location, nil
}

// RecordOutcome keeps the answer to a form whose change was made.
func (s *Store) RecordOutcome(ctx context.Context, key string, status int, location string) error {
	_, err := s.Pool.Exec(ctx, `UPDATE submissions SET outcome_status = $2, outcome_location = left($3, 2000) WHERE key = $1`, key, status, location)
	return err
}

// DeleteOldSubmissions forgets keys a day old: a form is not sent again
// after that.
func (s *Store) DeleteOldSubmissions(ctx context.Context) error {
	_, err := s.Pool.Exec(ctx, `DELETE FROM submissions WHERE created_at < now() - interval '1 day'`)
	return err
}
