package app

import (
	"context"
	"errors"
	"time"
)

// Mailer delivers one email.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// SendOutbox delivers the emails written by committed changes (DOMAIN.md
// §8: written in the change's transaction, sent after commit) and marks
// each sent. Instances share the work: each claims a batch for a while, so
// an email is sent by one instance; one whose delivery fails is due again
// after a wait that doubles with each attempt (up to an hour).
func (a *App) SendOutbox(ctx context.Context, m Mailer) (int, error) {
	sent := 0
	for {
		msgs, err := a.Store.ClaimEmails(ctx, 20, 5*time.Minute)
		if err != nil || len(msgs) == 0 {
			return sent, err
		}
		failed := 0
		for _, msg := range msgs {
			if err := m.Send(ctx, msg.To, msg.Subject, msg.Body); err != nil {
				failed++
				a.Log.Error("sending email", "outbox_id", msg.ID, "attempt", msg.Attempts, "err", err)
				if err := a.Store.RetryEmail(ctx, msg.ID, RetryWait(msg.Attempts), err.Error()); err != nil {
					return sent, err
				}
				continue
			}
			if err := a.Store.MarkSent(ctx, msg.ID); err != nil {
				return sent, err
			}
			sent++
		}
		if failed == len(msgs) {
			return sent, nil // the server refuses everything now: try later
		}
	}
}

// RetryWait is how long an email waits after its n-th failed attempt.
func RetryWait(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// RunOutbox sends the outbox every interval until ctx ends.
func (a *App) RunOutbox(ctx context.Context, m Mailer, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := a.SendOutbox(ctx, m); err != nil && !errors.Is(err, context.Canceled) {
			a.Log.Error("outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
