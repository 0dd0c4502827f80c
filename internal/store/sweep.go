package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// Set-based sweeps: a batch of rows is locked and read in one statement,
// the domain decides each, and the outcomes are written with one statement
// per table. The caller holds SweepLock, so batches of concurrent
// instances run one after another and never deadlock on shared balances.

// SweepLock serializes sweep batches across every instance for the rest of
// the transaction.
func (tx *Tx) SweepLock(ctx context.Context) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('sapsportal.sweep'))`)
	return err
}

// sweepVoucherColumns are what the sweeps' rules read of a voucher; the
// engagement type is filled from the catalog (see LockDueVouchers).
// The live reservation's start is a subquery per voucher, never a join: a
// batch of thousands of vouchers would otherwise be joined by reading every
// reservation of the program.
const sweepVoucherColumns = `v.id, v.code, v.org_id, v.enrollment_id, v.country, v.days, v.project_manager_email, v.state,
	v.created_on, v.expires_on, coalesce(v.partner_org_id, 0), v.redeemed_on, v.payment_window_closed,
	(SELECT r.start_on FROM reservations r WHERE r.voucher_id = v.id AND r.cancelled_at IS NULL), v.engagement_type_id`

// VoucherKey is where a keyset walk through vouchers stands.
type VoucherKey struct {
	On program.Date
	ID int64
}

func (tx *Tx) lockVouchers(ctx context.Context, types map[int64]program.EngagementType, where, order string, args ...any) ([]program.Voucher, error) {
	rows, err := tx.Query(ctx, `SELECT `+sweepVoucherColumns+` FROM vouchers v
		WHERE `+where+` ORDER BY `+order+` FOR UPDATE OF v`, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.Voucher, error) {
		var v program.Voucher
		var created, expires time.Time
		var redeemed, start *time.Time
		var typeID int64
		err := r.Scan(&v.ID, &v.Code, &v.CustomerOrgID, &v.EnrollmentID, &v.Country, &v.Days, &v.ProjectManagerEmail,
			&v.State, &created, &expires, &v.PartnerOrgID, &redeemed, &v.PaymentWindowClosed, &start, &typeID)
		v.CreatedOn, v.ExpiresOn = program.DateFromTime(created), program.DateFromTime(expires)
		v.RedeemedOn, v.ReservedStart = optDate(redeemed), optDate(start)
		v.EngagementType = types[typeID]
		return v, err
	})
}

// EngagementTypesByID is the catalog's engagement types by id.
func (tx *Tx) EngagementTypesByID(ctx context.Context) (map[int64]program.EngagementType, error) {
	list, err := tx.EngagementTypes(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]program.EngagementType, len(list))
	for _, t := range list {
		m[t.ID] = t
	}
	return m, nil
}

// LockDueVouchers locks and reads up to limit unredeemed vouchers whose
// validity ended by today, after key in (expires_on, id) order: those
// expiring before removal, or on and after it (program scope).
func (tx *Tx) LockDueVouchers(ctx context.Context, types map[int64]program.EngagementType, today, removal program.Date,
	beforeRemoval bool, after VoucherKey, limit int) ([]program.Voucher, error) {
	return tx.lockVouchers(ctx, types, `v.state IN ('ASSIGNED', 'RESERVED', 'REPORTED') AND v.expires_on <= $1
		AND (v.expires_on < $2) = $3 AND (v.expires_on, v.id) > ($4, $5)`,
		fmt.Sprintf("v.expires_on, v.id LIMIT %d", limit),
		today.Time(), removal.Time(), beforeRemoval, after.On.Time(), after.ID)
}

// LockWindowsToClose locks and reads up to limit REDEEMED vouchers whose
// payment window may have passed, after key in (redeemed_on, id) order.
func (tx *Tx) LockWindowsToClose(ctx context.Context, types map[int64]program.EngagementType, redeemedBefore program.Date,
	after VoucherKey, limit int) ([]program.Voucher, error) {
	return tx.lockVouchers(ctx, types, `v.state = 'REDEEMED' AND NOT v.payment_window_closed AND v.redeemed_on < $1
		AND (v.redeemed_on, v.id) > ($2, $3)`,
		fmt.Sprintf("v.redeemed_on, v.id LIMIT %d", limit), redeemedBefore.Time(), after.On.Time(), after.ID)
}

// LockEnrollments locks and reads the enrollments with the given ids (in id
// order, so that concurrent lockers queue rather than deadlock), by id.
func (tx *Tx) LockEnrollments(ctx context.Context, ids []int64) (map[int64]program.Enrollment, error) {
	// Joined to the ids, which the planner takes for a few rows, so that it
	// looks each up by its key rather than reading every enrollment.
	rows, err := tx.Query(ctx, `SELECT `+enrollmentColumns+` FROM unnest($1::bigint[]) AS x (id)
		JOIN sa_enrollments e ON e.id = x.id ORDER BY e.id FOR UPDATE OF e`, ids)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.Enrollment, error) { return scanEnrollment(r) })
	if err != nil {
		return nil, err
	}
	m := make(map[int64]program.Enrollment, len(list))
	for _, e := range list {
		m[e.ID] = e
	}
	return m, nil
}

// LockEnrollmentsToRemove locks and reads up to limit enrollments, after id,
// whose remaining days have not been removed (program scope).
func (tx *Tx) LockEnrollmentsToRemove(ctx context.Context, afterID int64, limit int) ([]program.Enrollment, error) {
	rows, err := tx.Query(ctx, `SELECT `+enrollmentColumns+` FROM sa_enrollments e WHERE e.id > $1 AND NOT EXISTS
		(SELECT 1 FROM ledger_entries l WHERE l.enrollment_id = e.id AND l.kind = 'retirement_removal')
		ORDER BY e.id LIMIT $2 FOR UPDATE`, afterID, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.Enrollment, error) { return scanEnrollment(r) })
}

// UpdateVouchers writes many vouchers' new states at once, each guarded by
// the state it was read in, like UpdateVoucher; it is ErrNotFound unless
// every one changed. (v.id = ANY lets the planner read them by primary key
// rather than join every voucher.)
func (tx *Tx) UpdateVouchers(ctx context.Context, before, after []program.Voucher) error {
	n := len(after)
	ids, was, state, pm := make([]int64, n), make([]string, n), make([]string, n), make([]string, n)
	expires, redeemed := make([]time.Time, n), make([]*time.Time, n)
	partner, closed := make([]*int64, n), make([]bool, n)
	for i, v := range after {
		ids[i], was[i], state[i], pm[i] = v.ID, string(before[i].State), string(v.State), v.ProjectManagerEmail
		expires[i], redeemed[i] = v.ExpiresOn.Time(), dateOrNull(v.RedeemedOn)
		partner[i], closed[i] = nullID(v.PartnerOrgID), v.PaymentWindowClosed
	}
	tag, err := tx.Exec(ctx, `UPDATE vouchers v SET state = u.state, project_manager_email = u.pm, expires_on = u.expires_on,
		partner_org_id = u.partner, redeemed_on = u.redeemed, payment_window_closed = u.closed, updated_at = $9
		FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::date[], $6::bigint[], $7::date[], $8::bool[])
			AS u (id, was, state, pm, expires_on, partner, redeemed, closed)
		WHERE v.id = ANY($1) AND v.id = u.id AND v.state = u.was`, ids, was, state, pm, expires, partner, redeemed, closed, tx.Now)
	if err != nil {
		return err
	}
	if tag.RowsAffected() != int64(n) {
		return ErrNotFound
	}
	return nil
}

// LedgerLineFor is an entry to append to one enrollment's ledger.
type LedgerLineFor struct {
	OrgID, EnrollmentID int64
	program.Entry
}

// AppendLedgerLines appends many entries, to any ledgers, in one statement;
// the database keeps each balance once per statement.
func (tx *Tx) AppendLedgerLines(ctx context.Context, lines []LedgerLineFor) error {
	if len(lines) == 0 {
		return nil
	}
	n := len(lines)
	org, enr, voucher := make([]int64, n), make([]int64, n), make([]*int64, n)
	kind, note, days, on := make([]string, n), make([]string, n), make([]int32, n), make([]time.Time, n)
	for i, l := range lines {
		org[i], enr[i], voucher[i] = l.OrgID, l.EnrollmentID, nullID(l.VoucherID)
		kind[i], note[i], days[i], on[i] = string(l.Kind), l.Note, int32(l.Days), l.EffectiveOn.Time()
	}
	_, err := tx.Exec(ctx, `INSERT INTO ledger_entries (org_id, enrollment_id, kind, days, effective_on, voucher_id, note, actor_user_id)
		SELECT org, enr, kind, days, eff, voucher, note, $8 FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::int[], $5::date[],
			$6::bigint[], $7::text[]) WITH ORDINALITY AS u (org, enr, kind, days, eff, voucher, note, ord) ORDER BY ord`,
		org, enr, kind, days, on, voucher, note, nullID(tx.Scope.UserID))
	return err
}

// AuditLine is an audit event, of a voucher or not.
type AuditLine struct {
	Event   program.Event
	Voucher *program.Voucher
}

// AuditMany records many events by one actor in one statement, as Audit
// records one.
func (tx *Tx) AuditMany(ctx context.Context, a Actor, lines []AuditLine) error {
	if len(lines) == 0 {
		return nil
	}
	n := len(lines)
	action, before, after := make([]string, n), make([]string, n), make([]string, n)
	voucher, customer, partner := make([]*int64, n), make([]*int64, n), make([]*int64, n)
	details := make([]string, n)
	for i, l := range lines {
		d := l.Event.Details
		if d == nil {
			d = map[string]any{}
		}
		js, err := json.Marshal(d)
		if err != nil {
			return err
		}
		action[i], before[i], after[i], details[i] = l.Event.Action, l.Event.Before, l.Event.After, string(js)
		if v := l.Voucher; v != nil {
			voucher[i], customer[i], partner[i] = nullID(v.ID), nullID(v.CustomerOrgID), nullID(v.PartnerOrgID)
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_events (org_id, actor_user_id, actor, action, voucher_id, customer_org_id,
		partner_org_id, before_state, after_state, details, request_id, occurred_at)
		SELECT $1, $2, $3, action, voucher, customer, partner, was, became, details::jsonb, $4, $5
		FROM unnest($6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::text[], $11::text[], $12::text[])
			WITH ORDINALITY AS u (action, voucher, customer, partner, was, became, details, ord) ORDER BY ord`,
		nullID(a.OrgID), nullID(a.UserID), a.Email, tx.Scope.RequestID, tx.Now,
		action, voucher, customer, partner, before, after, details)
	return err
}
