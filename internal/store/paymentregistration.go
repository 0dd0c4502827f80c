package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// PaymentOffering is a partner's standing for payment in one offering: how
// many of its vouchers of it were redeemed, and its registration, if any.
type PaymentOffering struct {
	program.PaymentRegistration
	Name         string
	RegisteredAt *time.Time
}

// PaymentOfferings lists, for every offering of the catalog, orgID's
// redemptions of it and its registration for payment in it.
func (tx *Tx) PaymentOfferings(ctx context.Context, orgID int64) ([]PaymentOffering, error) {
	// One pass over the partner's redemptions (redemptions_partner_idx),
	// grouped by offering.
	rows, err := tx.Query(ctx, `WITH redeemed AS (
			SELECT et.offering_code, count(*) AS n FROM redemptions r JOIN vouchers v ON v.id = r.voucher_id
				JOIN engagement_types et ON et.id = v.engagement_type_id
			WHERE r.partner_org_id = $1 GROUP BY et.offering_code)
		SELECT o.code, o.name, coalesce(rd.n, 0), por.registered_at
		FROM offerings o
		LEFT JOIN redeemed rd ON rd.offering_code = o.code
		LEFT JOIN payment_offering_registrations por ON por.org_id = $1 AND por.offering_code = o.code
		ORDER BY o.code`, orgID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (PaymentOffering, error) {
		var p PaymentOffering
		err := r.Scan(&p.Offering, &p.Name, &p.Redeemed, &p.RegisteredAt)
		p.Registered = p.RegisteredAt != nil
		return p, err
	})
}

// PaymentOffering reads orgID's standing for payment in one offering.
func (tx *Tx) PaymentOffering(ctx context.Context, orgID int64, offering string) (PaymentOffering, error) {
	all, err := tx.PaymentOfferings(ctx, orgID)
	if err != nil {
		return PaymentOffering{}, err
	}
	for _, p := range all {
		if p.Offering == offering {
			return p, nil
		}
	}
	return PaymentOffering{}, ErrNotFound
}

// RegisterForPayment records orgID's registration for payment in an
// offering; the database allows one per offering.
func (tx *Tx) RegisterForPayment(ctx context.Context, orgID int64, offering string) error {
	_, err := tx.Exec(ctx, `INSERT INTO payment_offering_registrations (org_id, offering_code, registered_by, registered_at)
		VALUES ($1, $2, $3, $4)`, orgID, offering, nullID(tx.Scope.UserID), tx.Now)
	return err
}

// RegisteredForPayment reports whether orgID is registered for payment in
// an offering.
func (tx *Tx) RegisteredForPayment(ctx context.Context, orgID int64, offering string) (bool, error) {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM payment_offering_registrations WHERE org_id = $1 AND offering_code = $2)`,
		orgID, offering).Scan(&ok)
	return ok, err
}

// AwaitsRegistration reports whether orgID has a redeemed voucher, its
// payment window open, of an offering it is not registered for payment in
// (the partner home page's next step; vouchers_partner_window_idx).
func (tx *Tx) AwaitsRegistration(ctx context.Context, orgID int64) (bool, error) {
	var ok bool
	err := tx.run(ctx, awaitsRegistrationRead(orgID, &ok))
	return ok, err
}

// AwaitsRegistration queues Tx.AwaitsRegistration(orgID), into ok.
func (q *Reads) AwaitsRegistration(orgID int64, ok *bool) { q.add(awaitsRegistrationRead(orgID, ok)) }

func awaitsRegistrationRead(orgID int64, ok *bool) read {
	return read{`SELECT EXISTS (SELECT 1 FROM vouchers v JOIN engagement_types et ON et.id = v.engagement_type_id
		WHERE v.partner_org_id = $1 AND v.state = 'REDEEMED' AND NOT v.payment_window_closed
		AND NOT EXISTS (SELECT 1 FROM payment_offering_registrations r WHERE r.org_id = $1 AND r.offering_code = et.offering_code))`,
		[]any{orgID}, func(rows pgx.Rows) error {
			var err error
			*ok, err = pgx.CollectExactlyOneRow(rows, pgx.RowTo[bool])
			return err
		}}
}
