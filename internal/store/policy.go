package store

import (
	"context"
	"time"

	"sapsportal/internal/program"
)

// Policy reads the program's policy; it is read per request so that a global
// admin's change applies at once.
func (tx *Tx) Policy(ctx context.Context) (program.Policy, error) {
	var p program.Policy
	var zone string
	var d [6]time.Time
	err := tx.QueryRow(ctx, `SELECT time_zone, cloud_retired_from, conversion_closed_from, accrual_closed_from,
		last_day_to_create, removal_on, last_day_to_redeem, validity_days, payment_window_days,
		conversion_ratio_num, conversion_ratio_den FROM policy`).
		Scan(&zone, &d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &p.ValidityDays, &p.PaymentWindowDays,
			&p.ConversionNum, &p.ConversionDen)
	if err != nil {
		return p, err
	}
	if p.Location, err = time.LoadLocation(zone); err != nil {
		return p, err
	}
	for i, f := range []*program.Date{&p.CloudRetiredFrom, &p.ConversionClosedFrom, &p.AccrualClosedFrom,
		&p.LastDayToCreate, &p.RemovalOn, &p.LastDayToRedeem} {
		*f = program.DateFromTime(d[i])
	}
	return p, nil
}

// SavePolicy replaces the policy.
func (tx *Tx) SavePolicy(ctx context.Context, p program.Policy) error {
	_, err := tx.Exec(ctx, `UPDATE policy SET time_zone = $1, cloud_retired_from = $2, conversion_closed_from = $3,
		accrual_closed_from = $4, last_day_to_create = $5, removal_on = $6, last_day_to_redeem = $7,
		validity_days = $8, payment_window_days = $9, conversion_ratio_num = $10, conversion_ratio_den = $11,
		updated_at = $12`,
		p.Location.String(), p.CloudRetiredFrom.Time(), p.ConversionClosedFrom.Time(), p.AccrualClosedFrom.Time(),
		p.LastDayToCreate.Time(), p.RemovalOn.Time(), p.LastDayToRedeem.Time(), p.ValidityDays, p.PaymentWindowDays,
		p.ConversionNum, p.ConversionDen, tx.Now)
	return err
}
