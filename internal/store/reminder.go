package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// ReminderVouchers lists, in id order after afterID and at most limit of
// them (0: all), the vouchers a reminder may speak of in span (program
// scope): unredeemed ones whose expiry, or for reported ones the last day
// to redeem, falls in it, and redeemed ones whose payment window is open and
// closes in it. The domain decides which are due.
func (tx *Tx) ReminderVouchers(ctx context.Context, span program.ReminderSpan, afterID int64, limit int) ([]program.Voucher, error) {
	sql := `SELECT ` + voucherColumns + voucherFrom + `
		WHERE v.id > $6 AND (
		   (v.state IN ('ASSIGNED', 'RESERVED') AND v.expires_on > $1 AND v.expires_on <= $2)
		OR (v.state = 'REPORTED' AND v.expires_on > $1 AND (v.expires_on <= $2 OR $3::date <= $2))
		OR (v.state = 'REDEEMED' AND NOT v.payment_window_closed AND v.redeemed_on >= $4 AND v.redeemed_on <= $5))
		ORDER BY v.id`
	if limit > 0 {
		sql += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := tx.Query(ctx, sql, span.Today.Time(), span.Last.Time(), span.RedeemBy.Time(),
		span.RedeemedFrom.Time(), span.RedeemedTo.Time(), afterID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.Voucher, error) { return scanVoucher(r) })
}

// EnrollmentsWithDays lists the enrollments that still hold days (program
// scope).
func (tx *Tx) EnrollmentsWithDays(ctx context.Context) ([]program.Enrollment, error) {
	rows, err := tx.Query(ctx, `SELECT `+enrollmentColumns+` FROM sa_enrollments e WHERE e.balance > 0 ORDER BY e.id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.Enrollment, error) { return scanEnrollment(r) })
}

// Recipient is a person a reminder goes to, with their language.
type Recipient struct {
	OrgID    int64
	Role     program.Role
	Email    string
	Language string
}

// ReminderMembers lists the members of every organisation in the roles
// that receive reminders, by organisation (program scope).
func (tx *Tx) ReminderMembers(ctx context.Context) (map[int64][]Recipient, error) {
	rows, err := tx.Query(ctx, `SELECT m.org_id, m.role, u.email, u.language FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.role IN ('benefit_admin', 'partner_global_admin', 'partner_admin') ORDER BY m.org_id, u.email`)
	if err != nil {
		return nil, err
	}
	byOrg := map[int64][]Recipient{}
	err = each(rows, func(r pgx.CollectableRow) (Recipient, error) {
		var m Recipient
		err := r.Scan(&m.OrgID, &m.Role, &m.Email, &m.Language)
		return m, err
	}, func(m Recipient) error {
		byOrg[m.OrgID] = append(byOrg[m.OrgID], m)
		return nil
	})
	return byOrg, err
}

// Languages is the language of each email in emails that has an account
// (program scope).
func (tx *Tx) Languages(ctx context.Context, emails []string) (map[string]string, error) {
	langs := map[string]string{}
	rows, err := tx.Query(ctx, `SELECT email, language FROM users WHERE email = ANY($1)`, emails)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e, l string
		if err := rows.Scan(&e, &l); err != nil {
			return nil, err
		}
		langs[e] = l
	}
	return langs, rows.Err()
}

// ReminderOptOuts is every person's reminders turned off, by email then
// kind ("digest": the weekly digest chosen instead).
func (tx *Tx) ReminderOptOuts(ctx context.Context, email string) (map[string]map[string]bool, error) {
	rows, err := tx.Query(ctx, `SELECT email, kind FROM reminder_optouts WHERE ($1 = '' OR email = $1)`, email)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]bool{}
	for rows.Next() {
		var e, k string
		if err := rows.Scan(&e, &k); err != nil {
			return nil, err
		}
		if out[e] == nil {
			out[e] = map[string]bool{}
		}
		out[e][k] = true
	}
	return out, rows.Err()
}

// SetReminderOptOut turns one kind off (off) or back on for a person.
func (tx *Tx) SetReminderOptOut(ctx context.Context, email, kind string, off bool) (changed bool, err error) {
	var tag interface{ RowsAffected() int64 }
	if off {
		tag, err = tx.Exec(ctx, `INSERT INTO reminder_optouts (email, kind, created_at) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, email, kind, tx.Now)
	} else {
		tag, err = tx.Exec(ctx, `DELETE FROM reminder_optouts WHERE email = $1 AND kind = $2`, email, kind)
	}
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() > 0, nil
}

// SigningKey is one of the program's secrets.
func (tx *Tx) SigningKey(ctx context.Context, name string) ([]byte, error) {
	var key []byte
	err := tx.QueryRow(ctx, `SELECT key FROM signing_keys WHERE name = $1`, name).Scan(&key)
	return key, err
}

// SentReminder is one reminder as recorded.
type SentReminder struct {
	ID           int64
	OrgID        int64
	Email        string
	Kind         program.ReminderKind
	VoucherID    int64
	EnrollmentID int64
	Deadline     program.Date
	DaysBefore   int
	SentOn       program.Date
	CreatedAt    time.Time
}

// RecordReminder records a reminder once: false when it was already sent
// (by this instance or another, before or after a clock jump), in which
// case nothing is to be emailed.
func (tx *Tx) RecordReminder(ctx context.Context, r SentReminder) (bool, error) {
	tag, err := tx.Exec(ctx, `INSERT INTO reminders_sent (org_id, email, kind, voucher_id, enrollment_id, deadline,
		days_before, sent_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
		r.OrgID, r.Email, string(r.Kind), nullID(r.VoucherID), nullID(r.EnrollmentID), r.Deadline.Time(),
		r.DaysBefore, r.SentOn.Time(), tx.Now)
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() == 1, nil
}

// SentReminders lists reminders newest first (program scope), at most limit.
func (tx *Tx) SentReminders(ctx context.Context, limit int) ([]SentReminder, error) {
	rows, err := tx.Query(ctx, `SELECT id, org_id, email, kind, coalesce(voucher_id, 0), coalesce(enrollment_id, 0),
		deadline, days_before, sent_on, created_at FROM reminders_sent ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (SentReminder, error) {
		var r SentReminder
		var deadline, sent time.Time
		err := row.Scan(&r.ID, &r.OrgID, &r.Email, &r.Kind, &r.VoucherID, &r.EnrollmentID, &deadline, &r.DaysBefore, &sent, &r.CreatedAt)
		r.Deadline, r.SentOn = program.DateFromTime(deadline), program.DateFromTime(sent)
		return r, err
	})
}

// HasCalendarFeed reports whether a person has a calendar feed.
func (tx *Tx) HasCalendarFeed(ctx context.Context, userID int64) (bool, error) {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM calendar_feeds WHERE user_id = $1)`, userID).Scan(&ok)
	return ok, err
}

// SetCalendarFeed gives a person a new feed token (by its hash), ending
// any earlier one.
func (tx *Tx) SetCalendarFeed(ctx context.Context, userID int64, hash []byte) error {
	_, err := tx.Exec(ctx, `INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`, userID, hash, tx.Now)
	return err
}

// DeleteCalendarFeed ends a person's feed; false when there was none.
func (tx *Tx) DeleteCalendarFeed(ctx context.Context, userID int64) (bool, error) {
	tag, err := tx.Exec(ctx, `DELETE FROM calendar_feeds WHERE user_id = $1`, userID)
	return tag.RowsAffected() > 0, err
}

// CalendarFeedUser finds whose feed a token is (identity scope); ErrNotFound
// for none.
func (tx *Tx) CalendarFeedUser(ctx context.Context, hash []byte) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT user_id FROM calendar_feeds WHERE token_hash = $1`, hash).Scan(&id)
	return id, notFound(err)
}

// CalendarVouchers are the vouchers of a person's calendar in the scope's
// organisation: a project manager's own, everyone else's organisation's
// (customer or partner), not yet ended.
func (tx *Tx) CalendarVouchers(ctx context.Context, orgID int64, role program.Role, email string) ([]program.Voucher, error) {
	pmOnly := ""
	if role == program.ProjectManager {
		pmOnly = email
	}
	rows, err := tx.Query(ctx, `SELECT `+voucherColumns+voucherFrom+`
		WHERE (v.org_id = $1 OR v.partner_org_id = $1) AND ($2 = '' OR v.project_manager_email = $2)
		AND v.state IN ('ASSIGNED', 'RESERVED', 'REPORTED', 'REDEEMED') ORDER BY v.expires_on, v.id`, orgID, pmOnly)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.Voucher, error) { return scanVoucher(r) })
}

// SentReminderKeys are the reminders already sent for deadlines after
// today, as "kind voucher enrollment deadline days-before" (program scope).
func (tx *Tx) SentReminderKeys(ctx context.Context, today program.Date) (map[string]bool, error) {
	rows, err := tx.Query(ctx, `SELECT DISTINCT kind || ' ' || coalesce(voucher_id, 0) || ' ' || coalesce(enrollment_id, 0) || ' ' ||
		deadline || ' ' || days_before FROM reminders_sent WHERE deadline > $1`, today.Time())
	if err != nil {
		return nil, err
	}
	keys, err := pgx.CollectRows(rows, pgx.RowTo[string])
	out := map[string]bool{}
	for _, k := range keys {
		out[k] = true
	}
	return out, err
}
