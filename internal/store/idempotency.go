package store

import (
	"bytes"
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// The API's Idempotency-Key (issue 13) is a form's one-time key with the
// hash of its request: the key is written in the transaction of the change
// the request made, so a retry changes nothing, and its first answer is
// kept whole to be sent again.

// WithRequestSubmission is WithSubmission for an API request whose method,
// path and body hash to hash.
func WithRequestSubmission(ctx context.Context, key string, hash []byte) context.Context {
	return context.WithValue(ctx, submissionKey{}, &submission{key: key, hash: bytes.Clone(hash)})
}

// RequestOutcome is what is known of an API request sent with a key.
type RequestOutcome struct {
	Used        bool   // a request with the key made its change
	Hash        []byte // that request's hash
	Status      int    // its answer (0: not recorded yet, or lost)
	ContentType string
	Body        []byte
}

// RequestOutcome reads what became of the request sent with key.
func (s *Store) RequestOutcome(ctx context.Context, key string) (RequestOutcome, error) {
	var o RequestOutcome
	var st *int
	err := s.Pool.QueryRow(ctx, `SELECT request_hash, outcome_status, outcome_type, outcome_body FROM submissions WHERE key = $1`, key).
		Scan(&o.Hash, &st, &o.ContentType, &o.Body)
	if errors.Is(err, pgx.ErrNoRows) {
		return o, nil
	}
	if err != nil {
		return o, err
	}
	o.Used = true
	if st != nil {
		o.Status = *st
	}
	return o, nil
}

// RecordRequestOutcome keeps the answer to an API request whose change was
// made.
func (s *Store) RecordRequestOutcome(ctx context.Context, key string, status int, contentType string, body []byte) error {
	_, err := s.Pool.Exec(ctx, `UPDATE submissions SET outcome_status = $2, outcome_type = left($3, 200), outcome_body = $4 WHERE key = $1`,
		key, status, contentType, body)
	return err
}
