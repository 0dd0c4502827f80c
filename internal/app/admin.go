package app

import (
	"context"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// RecordAccrual records days an enrollment earned (global admin).
func (a *App) RecordAccrual(ctx context.Context, actor Actor, enrollmentID int64, days int, effective program.Date, note string) error {
	if err := program.Authorize(actor.Role, program.ActRecordAccrual); err != nil {
		return err
	}
	return a.transact(ctx, actor.programScope(), func(tx *store.Tx, p program.Policy) error {
		e, err := tx.LockEnrollment(ctx, enrollmentID)
		if err != nil {
			return chosen(found(err, "enrollment"), "enrollment_id", "Choose an enrollment of this organisation.")
		}
		entry, ev, err := e.RecordAccrual(p, tx.Now, days, effective, note)
		if err != nil {
			return err
		}
		return a.appendWithAudit(ctx, tx, actor.audit(), e, entry, ev)
	})
}

func (a *App) decidePayment(ctx context.Context, actor Actor, voucherID int64, paid bool, text string) (program.Voucher, error) {
	return a.voucherStep(ctx, actor, program.ActDecidePayment, actor.programScope(), lockByID(ctx, voucherID),
		func(tx *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error) {
			if paid {
				return v.ApprovePayment(text)
			}
			return v.DenyPayment(text)
		},
		func(tx *store.Tx, p program.Policy, o program.Outcome) error {
			ref := o.Event.Details["reference"]
			if !paid {
				ref = o.Event.Details["reason"]
			}
			return found(tx.DecidePaymentRequest(ctx, o.Voucher.ID, paid, ref.(string)), "payment request")
		})
}

// ApprovePayment marks a payment request paid with its reference.
func (a *App) ApprovePayment(ctx context.Context, actor Actor, voucherID int64, reference string) (program.Voucher, error) {
	return a.decidePayment(ctx, actor, voucherID, true, reference)
}

// DenyPayment denies a payment request with a reason.
func (a *App) DenyPayment(ctx context.Context, actor Actor, voucherID int64, reason string) (program.Voucher, error) {
	return a.decidePayment(ctx, actor, voucherID, false, reason)
}

// ExtendValidity moves a voucher's expiry later with a written reason.
func (a *App) ExtendValidity(ctx context.Context, actor Actor, voucherID int64, newExpiry program.Date, reason string) (program.Voucher, error) {
	return a.voucherStep(ctx, actor, program.ActExtendValidity, actor.programScope(), lockByID(ctx, voucherID),
		func(tx *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error) {
			return v.ExtendValidity(p, tx.Now, newExpiry, reason)
		}, nil)
}
