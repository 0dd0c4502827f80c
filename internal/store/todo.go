package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// The reads behind the home pages' to-dos (issue 16): each bounded by a
// LIMIT and served by an index (migrations/000100), however many vouchers
// the program holds.

// OldestPaymentRequests lists the payment requests awaiting a decision,
// oldest first, at most limit (program scope).
func (tx *Tx) OldestPaymentRequests(ctx context.Context, limit int) ([]PaymentRow, error) {
	rows, err := tx.Query(ctx, `SELECT `+paymentColumns+` WHERE pr.state = 'requested'
		ORDER BY pr.id LIMIT `+fmt.Sprint(pageLimit(limit, 20, 200)))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanPayment)
}

// EnrollmentRequestsWaiting counts partners' enrollment requests awaiting a
// decision and the day the oldest was made (program scope).
func (tx *Tx) EnrollmentRequestsWaiting(ctx context.Context, loc *time.Location) (int, program.Date, error) {
	var n int
	var oldest *time.Time
	err := tx.QueryRow(ctx, `SELECT count(*), min(requested_at) FROM partner_enrollments WHERE status = 'requested'`).Scan(&n, &oldest)
	if err != nil || oldest == nil {
		return n, program.Date{}, err
	}
	return n, program.DateIn(*oldest, loc), nil
}

// MonthMoney is what a partner requested and was paid in one month, in one
// currency.
type MonthMoney struct {
	Month     program.Date // its first day
	Currency  string
	Requested program.Money
	Paid      program.Money
}

// PartnerMoneyByMonth sums a partner's payment requests by the month they
// were requested and its paid ones by the month they were paid, from month
// from on (at most a year of rows: the home page's chart).
func (tx *Tx) PartnerMoneyByMonth(ctx context.Context, partnerOrgID int64, from program.Date, loc *time.Location) ([]MonthMoney, error) {
	var out []MonthMoney
	err := tx.run(ctx, partnerMoneyRead(partnerOrgID, from, loc, &out))
	return out, err
}

// PartnerMoneyByMonth queues Tx.PartnerMoneyByMonth, into out.
func (q *Reads) PartnerMoneyByMonth(partnerOrgID int64, from program.Date, loc *time.Location, out *[]MonthMoney) {
	q.add(partnerMoneyRead(partnerOrgID, from, loc, out))
}

func partnerMoneyRead(partnerOrgID int64, from program.Date, loc *time.Location, out *[]MonthMoney) read {
	return read{`SELECT month, currency, sum(requested)::bigint, sum(paid)::bigint FROM (
			SELECT date_trunc('month', requested_on)::date AS month, currency, amount_minor AS requested, 0 AS paid
			FROM payment_requests WHERE partner_org_id = $1 AND requested_on >= $2
			UNION ALL
			SELECT date_trunc('month', decided_at AT TIME ZONE $3)::date, currency, 0, amount_minor
			FROM payment_requests WHERE partner_org_id = $1 AND state = 'paid' AND decided_at >= $4
		) x GROUP BY month, currency ORDER BY month, currency LIMIT 60`,
		[]any{partnerOrgID, from.Time(), loc.String(), from.In(loc)}, func(rows pgx.Rows) error {
			var err error
			*out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (MonthMoney, error) {
				var m MonthMoney
				var month time.Time
				err := r.Scan(&month, &m.Currency, &m.Requested.Minor, &m.Paid.Minor)
				m.Month = program.DateFromTime(month)
				m.Requested.Currency, m.Paid.Currency = m.Currency, m.Currency
				return m, err
			})
			return err
		}}
}
