package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// EnrollmentStatement is one customer SA enrollment's close-out statement
// (DOMAIN.md §10), derived from its ledger: Accrued + Converted − Spent +
// Returned − Removed = Balance (zero once the remaining days are removed).
// Forfeited is the days of vouchers that expired unused and were not
// returned (part of Spent).
type EnrollmentStatement struct {
	EnrollmentID int64
	OrgID        int64
	Customer     string
	Agreement    string
	Country      string
	Accrued      int
	Converted    int
	Spent        int
	Returned     int
	Forfeited    int
	Removed      int
	Balance      int
}

// EnrollmentStatements calls fn with the statement of each enrollment of
// orgID (0: every organisation, program scope), by customer name and
// agreement number, one row at a time.
func (tx *Tx) EnrollmentStatements(ctx context.Context, orgID int64, fn func(EnrollmentStatement) error) error {
	rows, err := tx.Query(ctx, `SELECT e.id, e.org_id, o.name, e.agreement_number, e.country,
		coalesce(sum(l.days) FILTER (WHERE l.kind = 'accrual'), 0),
		coalesce(sum(l.days) FILTER (WHERE l.kind = 'training_conversion'), 0),
		coalesce(-sum(l.days) FILTER (WHERE l.kind = 'voucher_created'), 0),
		coalesce(sum(l.days) FILTER (WHERE l.kind IN ('voucher_voided', 'voucher_expired')), 0),
		coalesce(sum(v.days), 0),
		coalesce(-sum(l.days) FILTER (WHERE l.kind = 'retirement_removal'), 0),
		coalesce(sum(l.days), 0)
		FROM sa_enrollments e JOIN organisations o ON o.id = e.org_id
		LEFT JOIN ledger_entries l ON l.enrollment_id = e.id
		LEFT JOIN vouchers v ON v.id = l.voucher_id AND l.kind = 'voucher_expired' AND l.days = 0
		WHERE ($1::bigint = 0 OR e.org_id = $1)
		GROUP BY e.id, o.name ORDER BY o.name, e.agreement_number, e.id`, orgID)
	if err != nil {
		return err
	}
	var s EnrollmentStatement
	_, err = pgx.ForEachRow(rows, []any{&s.EnrollmentID, &s.OrgID, &s.Customer, &s.Agreement, &s.Country,
		&s.Accrued, &s.Converted, &s.Spent, &s.Returned, &s.Forfeited, &s.Removed, &s.Balance}, func() error { return fn(s) })
	return err
}

// PartnerStatement is one partner's close-out statement in one currency
// (DOMAIN.md §10): the vouchers it holds reserved (reservations not
// cancelled) and redeemed, and its payment requests by outcome. A partner
// with no payment request has one line with an empty currency.
type PartnerStatement struct {
	OrgID    int64
	Partner  string
	Reserved int
	Redeemed int
	Currency string
	// Counts and amounts (minor units) of the payment requests: every one
	// requested, those awaiting a decision, approved and paid, denied.
	Requested, Awaiting, Paid, Denied                     int
	RequestedMinor, AwaitingMinor, PaidMinor, DeniedMinor int64
}

// PartnerStatements calls fn with each partner's statement lines, one per
// currency, for orgID (0: every partner, program scope), by name.
func (tx *Tx) PartnerStatements(ctx context.Context, orgID int64, fn func(PartnerStatement) error) error {
	rows, err := tx.Query(ctx, `WITH p AS (SELECT partner_org_id, currency, count(*) AS n, sum(amount_minor) AS a,
			count(*) FILTER (WHERE state = 'requested') AS wn, coalesce(sum(amount_minor) FILTER (WHERE state = 'requested'), 0) AS wa,
			count(*) FILTER (WHERE state = 'paid') AS pn, coalesce(sum(amount_minor) FILTER (WHERE state = 'paid'), 0) AS pa,
			count(*) FILTER (WHERE state = 'denied') AS dn, coalesce(sum(amount_minor) FILTER (WHERE state = 'denied'), 0) AS da
			FROM payment_requests WHERE ($1::bigint = 0 OR partner_org_id = $1) GROUP BY 1, 2)
		SELECT o.id, o.name,
			(SELECT count(*) FROM reservations r WHERE r.partner_org_id = o.id AND r.cancelled_at IS NULL),
			(SELECT count(*) FROM redemptions d WHERE d.partner_org_id = o.id),
			coalesce(p.currency, ''), coalesce(p.n, 0), coalesce(p.a, 0), coalesce(p.wn, 0), coalesce(p.wa, 0),
			coalesce(p.pn, 0), coalesce(p.pa, 0), coalesce(p.dn, 0), coalesce(p.da, 0)
		FROM organisations o LEFT JOIN p ON p.partner_org_id = o.id
		WHERE o.kind = 'partner' AND ($1::bigint = 0 OR o.id = $1)
		ORDER BY o.name, o.id, p.currency`, orgID)
	if err != nil {
		return err
	}
	var s PartnerStatement
	_, err = pgx.ForEachRow(rows, []any{&s.OrgID, &s.Partner, &s.Reserved, &s.Redeemed, &s.Currency,
		&s.Requested, &s.RequestedMinor, &s.Awaiting, &s.AwaitingMinor, &s.Paid, &s.PaidMinor, &s.Denied, &s.DeniedMinor},
		func() error { return fn(s) })
	return err
}
