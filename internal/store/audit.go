package store

import (
	"context"
	"encoding/json"
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
		ev.Before, ev.After, js, tx.Scope.RequestID, tx.Now)
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
	rows, err := tx.Query(ctx, `SELECT id, actor, coalesce(org_id, 0), action, coalesce(voucher_id, 0), before_state, after_state,
		details, request_id, occurred_at FROM audit_events WHERE voucher_id = $1 ORDER BY occurred_at, id`, voucherID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanAudit)
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

// UnsentEmails locks up to limit emails not yet sent, oldest first, skipping
// those another instance is sending.
func (tx *Tx) UnsentEmails(ctx context.Context, limit int) ([]OutboxMessage, error) {
	rows, err := tx.Query(ctx, `SELECT id, to_email, subject, body, created_at FROM outbox
		WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutboxMessage, error) {
		var m OutboxMessage
		err := r.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.CreatedAt)
		return m, err
	})
}

// MarkSent records that an email left.
func (tx *Tx) MarkSent(ctx context.Context, id int64, at time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE outbox SET sent_at = $2 WHERE id = $1`, id, at)
	return err
}
