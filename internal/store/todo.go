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
// were requested and its paid ones by the month they were paid (in the
// program's time zone), from month from on (at most 60 months and
// currencies), from the partner's money tallies (migrations/000160).
func (tx *Tx) PartnerMoneyByMonth(ctx context.Context, partnerOrgID int64, from program.Date) ([]MonthMoney, error) {
	var out []MonthMoney
	err := tx.run(ctx, partnerMoneyRead(partnerOrgID, from, &out))
	return out, err
}

// PartnerMoneyByMonth queues Tx.PartnerMoneyByMonth, into out.
func (q *Reads) PartnerMoneyByMonth(partnerOrgID int64, from program.Date, out *[]MonthMoney) {
	q.add(partnerMoneyRead(partnerOrgID, from, out))
}

func partnerMoneyRead(partnerOrgID int64, from program.Date, out *[]MonthMoney) read {
	return read{`SELECT to_date(split_part(item, ':', 2), 'YYYY-MM'), split_part(item, ':', 3),
			coalesce(sum(amount) FILTER (WHERE item LIKE 'requested:%'), 0), coalesce(sum(amount) FILTER (WHERE item LIKE 'paid:%'), 0)
		FROM tallies WHERE scope = 'partner' AND key_id = $1 AND (item LIKE 'requested:%' OR item LIKE 'paid:%')
			AND n <> 0 AND split_part(item, ':', 2) >= $2
		GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 60`,
		[]any{partnerOrgID, fmt.Sprintf("%04d-%02d", from.Year, from.Month)}, func(rows pgx.Rows) error {
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
