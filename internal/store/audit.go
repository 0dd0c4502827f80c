package store

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// Actor is who acts in a transaction, as the audit log records them.
type Actor struct {
	UserID int64
	Email  string // "system" for the sweeps
	OrgID  int64
}

// SystemActor is the catch-up sweeps.
var SystemActor = Actor{Email: "system"}

// Audit records what happened, who did it, in which tenant and from which
// request. For a voucher, both its customer and its partner can read it.
func (tx *Tx) Audit(ctx context.Context, a Actor, ev program.Event, v *program.Voucher) error {
	details := ev.Details
	if details == nil {
		details = map[string]any{}
	}
	if name := apiTokenName(ctx); name != "" { // the API's requests are audited with their token's name
		details = maps.Clone(details)
		details["api_token"] = name
	}
	js, err := json.Marshal(details)
	if err != nil {
		return err
	}
	var voucherID, customer, partner int64
	if v != nil {
		voucherID, customer, partner = v.ID, v.CustomerOrgID, v.PartnerOrgID
	}
	_, err = tx.Exec(ctx, `INSERT INTO audit_events (org_id, actor_user_id, actor, action, voucher_id, customer_org_id,
		partner_org_id, before_state, after_state, details, request_id, occurred_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		nullID(a.OrgID), nullID(a.UserID), a.Email, ev.Action, nullID(voucherID), nullID(customer), nullID(partner),
		ev.Before, ev.After, string(js), tx.Scope.RequestID, tx.Now) // text: the same JSON in every query mode
	return err
}

// AuditEvent is one line of the audit log.
type AuditEvent struct {
	ID         int64
	Actor      string
	OrgID      int64
	Action     string
	VoucherID  int64
	Before     string
	After      string
	Details    map[string]any
	RequestID  string
	OccurredAt time.Time
}

// VoucherTimeline lists a voucher's audit events in order.
func (tx *Tx) VoucherTimeline(ctx context.Context, voucherID int64) ([]AuditEvent, error) {
	var out []AuditEvent
	err := tx.run(ctx, timelineRead(voucherID, &out))
	return out, err
}

// VoucherTimeline queues Tx.VoucherTimeline(voucherID), into out.
func (q *Reads) VoucherTimeline(voucherID int64, out *[]AuditEvent) {
	q.add(timelineRead(voucherID, out))
}

func timelineRead(voucherID int64, out *[]AuditEvent) read {
	return rowsRead(`SELECT id, actor, coalesce(org_id, 0), action, coalesce(voucher_id, 0), before_state, after_state,
		details, request_id, occurred_at FROM audit_events WHERE voucher_id = $1 ORDER BY occurred_at, id`, []any{voucherID}, out, scanAudit)
}

func scanAudit(r pgx.CollectableRow) (AuditEvent, error) {
	var e AuditEvent
	err := r.Scan(&e.ID, &e.Actor, &e.OrgID, &e.Action, &e.VoucherID, &e.Before, &e.After, &e.Details, &e.RequestID, &e.OccurredAt)
	return e, err
}

// Email is a message for the outbox.
type Email struct {
	OrgID     int64
	To        string
	Subject   string
	Body      string
	VoucherID int64
}

// Enqueue writes an email to the outbox in the transaction of the change
// that calls for it; it is sent after commit.
func (tx *Tx) Enqueue(ctx context.Context, m Email) error {
	_, err := tx.Exec(ctx, `INSERT INTO outbox (org_id, to_email, subject, body, voucher_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, nullID(m.OrgID), m.To, m.Subject, m.Body, nullID(m.VoucherID), tx.Now)
	return err
}

// OutboxMessage is an email as written.
type OutboxMessage struct {
	ID        int64
	To        string
	Subject   string
	Body      string
	CreatedAt time.Time
	Attempts  int // sending attempts so far, this one included
}

// Outbox lists emails newest first, before id (0: from the newest), at most limit.
func (tx *Tx) Outbox(ctx context.Context, beforeID int64, limit int) ([]OutboxMessage, error) {
	rows, err := tx.Query(ctx, `SELECT id, to_email, subject, body, created_at FROM outbox
		WHERE ($1 = 0 OR id < $1) ORDER BY id DESC LIMIT $2`, beforeID, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutboxMessage, error) {
		var m OutboxMessage
		err := r.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.CreatedAt)
		return m, err
	})
}

// The outbox is every tenant's: its sender works in the program scope.
var outboxScope = Scope{Program: true, RequestID: "outbox"}

// ClaimEmails claims up to limit emails due to be sent, oldest first, for
// the next claim period: another instance skips them meanwhile, and takes
// them back if this one dies before marking them.
func (s *Store) ClaimEmails(ctx context.Context, limit int, period time.Duration) ([]OutboxMessage, error) {
	var list []OutboxMessage
	err := s.Transact(ctx, outboxScope, time.Now(), func(tx *Tx) error {
		rows, err := tx.Query(ctx, `UPDATE outbox SET claimed_until = now() + make_interval(secs => $2), attempts = attempts + 1
			WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= now() AND claimed_until <= now()
				ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
			RETURNING id, to_email, subject, body, created_at, attempts`, limit, period.Seconds())
		if err != nil {
			return err
		}
		list, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutboxMessage, error) {
			var m OutboxMessage
			err := r.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.CreatedAt, &m.Attempts)
			return m, err
		})
		return err
	})
	slices.SortFunc(list, func(a, b OutboxMessage) int { return int(a.ID - b.ID) })
	return list, err
}

// MarkSent records that an email left.
func (s *Store) MarkSent(ctx context.Context, id int64) error {
	return s.Transact(ctx, outboxScope, time.Now(), func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE outbox SET sent_at = now(), claimed_until = '-infinity', last_error = '' WHERE id = $1`, id)
		return err
	})
}

// RetryEmail makes a claimed email due again after wait, with why it failed.
func (s *Store) RetryEmail(ctx context.Context, id int64, wait time.Duration, why string) error {
	return s.Transact(ctx, outboxScope, time.Now(), func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE outbox SET next_attempt_at = now() + make_interval(secs => $2), claimed_until = '-infinity',
			last_error = left($3, 500) WHERE id = $1`, id, wait.Seconds(), why)
		return err
	})
}
