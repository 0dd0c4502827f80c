package app

import (
	"context"
	"errors"
	"time"

	"sapsportal/internal/store"
)

// Mailer delivers one email.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// SendOutbox delivers the emails written by committed changes (DOMAIN.md
// §8: written in the change's transaction, sent after commit) and marks
// each sent. Instances share the work: each locks the rows it sends. A
// message whose delivery fails stays unsent and is tried on the next run.
func (a *App) SendOutbox(ctx context.Context, m Mailer) (int, error) {
	sent := 0
	for {
		n := 0
		err := a.Store.Transact(ctx, store.Scope{Program: true, RequestID: "outbox"}, time.Now(), func(tx *store.Tx) error {
			msgs, err := tx.UnsentEmails(ctx, 20)
			if err != nil {
				return err
			}
			for _, msg := range msgs {
				if err := m.Send(ctx, msg.To, msg.Subject, msg.Body); err != nil {
					a.Log.Error("sending email", "outbox_id", msg.ID, "err", err)
					continue
				}
				if err := tx.MarkSent(ctx, msg.ID, time.Now()); err != nil {
					return err
				}
				n++
			}
			if n == 0 && len(msgs) > 0 {
				return errDeliveryFailed
			}
			return nil
		})
		sent += n
		if errors.Is(err, errDeliveryFailed) {
			return sent, nil // the server refuses everything now: try later
		}
		if err != nil || n == 0 {
			return sent, err
		}
	}
}

var errDeliveryFailed = errors.New("no email could be delivered")

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
