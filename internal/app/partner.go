package app

import (
	"context"
	"errors"
	"strconv"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// codeScope lets a partner see the one voucher whose ID it typed.
func codeScope(actor Actor, code program.Code12) store.Scope {
	sc := actor.scope()
	sc.VoucherCode = string(code)
	return sc
}

// Every answer to "does this voucher ID go with this email" (validating,
// reserving) counts against one limit per user and per organisation: only
// "no such voucher" answers count, and past the free ones each next attempt
// waits longer.
var (
	validationsByUser = store.ThrottleLimit{Name: "validation user", Free: 10, Window: 10 * time.Minute, Base: 5 * time.Second, Max: 10 * time.Minute}
	validationsByOrg  = store.ThrottleLimit{Name: "validation organisation", Free: 30, Window: 10 * time.Minute, Base: 5 * time.Second, Max: 10 * time.Minute}
)

func validationKeys(actor Actor) []store.ThrottleKey {
	return []store.ThrottleKey{{Limit: validationsByUser, Key: strconv.FormatInt(actor.UserID, 10)},
		{Limit: validationsByOrg, Key: strconv.FormatInt(actor.OrgID, 10)}}
}

// throttledLookup runs a lookup of a voucher by ID and email under the
// validation limits.
func (a *App) throttledLookup(ctx context.Context, actor Actor, lookup func() error) error {
	keys := validationKeys(actor)
	wait, err := a.Store.ThrottleWait(ctx, keys...)
	if err != nil {
		return err
	}
	if wait > 0 {
		return program.Refuse(program.CodeTooManyAttempts, "Too many validation attempts. Wait %d seconds and try again.", int(wait.Seconds())+1)
	}
	err = lookup()
	if program.IsCode(err, program.CodeNotFound) {
		if ferr := a.Store.ThrottleFail(ctx, keys...); ferr != nil {
			return ferr
		}
	}
	return err
}

// ValidateVoucher answers a partner's check of a voucher ID and the project
// manager's email: the voucher when both match, "no such voucher" otherwise.
// It changes nothing; failed attempts are throttled.
func (a *App) ValidateVoucher(ctx context.Context, actor Actor, code, email string) (v program.Voucher, err error) {
	if err := program.Authorize(actor.Role, program.ActValidateVoucher); err != nil {
		return program.Voucher{}, err
	}
	c, err := program.ParseCode(code)
	if err != nil {
		return program.Voucher{}, err
	}
	err = a.throttledLookup(ctx, actor, func() error {
		v, err = a.validate(ctx, actor, c, email)
		return err
	})
	return v, err
}

func (a *App) validate(ctx context.Context, actor Actor, c program.Code12, email string) (program.Voucher, error) {
	var v program.Voucher
	err := a.transact(ctx, codeScope(actor, c), func(tx *store.Tx, p program.Policy) error {
		pt, err := tx.Partner(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		if err := pt.RequireAgreement(); err != nil {
			return err
		}
		if v, err = tx.VoucherByCode(ctx, c); err != nil {
			return found(err, "voucher")
		}
		if err := v.Validate(email); err != nil {
			return err
		}
		v.Statement, err = tx.Statement(ctx, v) // shown to the partner (DOMAIN.md §9)
		return err
	})
	if err != nil {
		return program.Voucher{}, err
	}
	return v, nil
}

// ReserveInput is a partner admin's reservation form.
type ReserveInput struct {
	Code          string
	Email         string
	LocationID    int64
	StartOn       program.Date
	Consultants   []int64
	TermsAccepted bool
}

// ReserveVoucher reserves a validated voucher for the actor's partner
// organisation. Of concurrent attempts, the first wins; the others are told
// the voucher is already reserved.
func (a *App) ReserveVoucher(ctx context.Context, actor Actor, in ReserveInput) (v program.Voucher, err error) {
	if err := program.Authorize(actor.Role, program.ActReserveVoucher); err != nil {
		return program.Voucher{}, err
	}
	c, err := program.ParseCode(in.Code)
	if err != nil {
		return program.Voucher{}, err
	}
	err = a.throttledLookup(ctx, actor, func() error {
		v, err = a.reserve(ctx, actor, c, in)
		return err
	})
	return v, err
}

func (a *App) reserve(ctx context.Context, actor Actor, c program.Code12, in ReserveInput) (program.Voucher, error) {
	return a.voucherStep(ctx, actor, program.ActReserveVoucher, codeScope(actor, c),
		func(tx *store.Tx) (program.Voucher, error) { return tx.LockVoucherByCode(ctx, c) },
		func(tx *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error) {
			pt, err := tx.Partner(ctx, actor.OrgID)
			if err != nil {
				return program.Outcome{}, err
			}
			return v.Reserve(p, tx.Now, program.ReserveInput{Partner: pt, Email: in.Email, LocationID: in.LocationID,
				StartOn: in.StartOn, Consultants: in.Consultants, TermsAccepted: in.TermsAccepted})
		},
		func(tx *store.Tx, p program.Policy, o program.Outcome) error {
			v := o.Voucher
			err := tx.InsertReservation(ctx, v, in.LocationID, v.ReservedStart, v.ReservedStart.AddDays(v.Days-1), in.Consultants)
			if store.IsUniqueViolation(err) {
				return program.Refuse(program.CodeAlreadyReserved, "This voucher has already been reserved by a partner.")
			}
			return err
		})
}

// partnerVoucher locks a voucher the actor's partner organisation reserved.
func partnerVoucher(ctx context.Context, actor Actor, id int64) func(*store.Tx) (program.Voucher, error) {
	return func(tx *store.Tx) (program.Voucher, error) {
		v, err := tx.LockVoucher(ctx, id)
		if err == nil && v.PartnerOrgID != actor.OrgID {
			err = store.ErrNotFound
		}
		return v, err
	}
}

// CancelReservation gives a reserved voucher back to its customer, for
// the partner's reason (DOMAIN.md §9).
func (a *App) CancelReservation(ctx context.Context, actor Actor, voucherID int64, c program.Cancellation) (program.Voucher, error) {
	var code string
	return a.voucherStep(ctx, actor, program.ActCancelReservation, actor.scope(),
		func(tx *store.Tx) (program.Voucher, error) {
			v, err := partnerVoucher(ctx, actor, voucherID)(tx)
			if err == nil {
				// Once the partner is no longer on the voucher, only its
				// code keeps it visible for the rest of this transaction.
				code = string(v.Code)
				_, err = tx.Exec(ctx, `SELECT set_config('app.voucher_code', $1, true)`, code)
			}
			return v, err
		},
		func(tx *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error) {
			return v.CancelReservation(p, tx.Now, actor.OrgID, c)
		},
		func(tx *store.Tx, p program.Policy, o program.Outcome) error {
			c, _ := c.Check() // as the outcome kept it
			return tx.CancelReservationFor(ctx, o.Voucher.ID, c)
		})
}

// CompleteVoucher records the completion report and its deliverables.
func (a *App) CompleteVoucher(ctx context.Context, actor Actor, voucherID int64, r program.Report, files []store.File) (program.Voucher, error) {
	if r.Refused == nil { // else the form counted the files it sent itself
		r.Files, r.Kinds = len(files), make([]program.DeliverableKind, len(files))
		for i, f := range files {
			r.Kinds[i] = f.Kind
		}
	}
	var reservation store.Reservation
	return a.voucherStep(ctx, actor, program.ActCompleteVoucher, actor.scope(), partnerVoucher(ctx, actor, voucherID),
		func(tx *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error) {
			pt, err := tx.Partner(ctx, actor.OrgID)
			if err != nil {
				return program.Outcome{}, err
			}
			if reservation, err = tx.LiveReservation(ctx, v.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
				return program.Outcome{}, err
			}
			return v.Complete(p, tx.Now, pt, r)
		},
		func(tx *store.Tx, p program.Policy, o program.Outcome) error {
			return tx.InsertReport(ctx, o.Voucher, reservation.ID, r, files)
		})
}

// RedeemVoucher redeems a reported voucher.
func (a *App) RedeemVoucher(ctx context.Context, actor Actor, voucherID int64) (program.Voucher, error) {
	return a.voucherStep(ctx, actor, program.ActRedeemVoucher, actor.scope(), partnerVoucher(ctx, actor, voucherID),
		func(tx *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error) {
			return v.Redeem(p, tx.Now, actor.OrgID)
		},
		func(tx *store.Tx, p program.Policy, o program.Outcome) error {
			return tx.InsertRedemption(ctx, o.Voucher)
		})
}

// RedeemResult is one voucher's answer in a bulk redemption.
type RedeemResult struct {
	VoucherID int64
	Voucher   program.Voucher
	Err       error
}

// RedeemVouchers redeems several vouchers, each on its own: one refusal does
// not stop the others.
func (a *App) RedeemVouchers(ctx context.Context, actor Actor, ids []int64) []RedeemResult {
	out := make([]RedeemResult, 0, len(ids))
	for _, id := range ids {
		v, err := a.RedeemVoucher(ctx, actor, id)
		out = append(out, RedeemResult{VoucherID: id, Voucher: v, Err: err})
	}
	return out
}

// RequestPayment asks the program to pay for a redeemed voucher.
func (a *App) RequestPayment(ctx context.Context, actor Actor, voucherID int64) (program.Money, error) {
	var amount program.Money
	var reservation store.Reservation
	_, err := a.voucherStep(ctx, actor, program.ActRequestPayment, actor.scope(), partnerVoucher(ctx, actor, voucherID),
		func(tx *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error) {
			var err error
			if reservation, err = tx.LiveReservation(ctx, v.ID); err != nil {
				return program.Outcome{}, found(err, "reservation")
			}
			registered, payee, err := paymentStanding(ctx, tx, actor.OrgID, v.EngagementType.Offering, reservation.LocationID)
			if err != nil {
				return program.Outcome{}, err
			}
			rates, err := tx.Rates(ctx)
			if err != nil {
				return program.Outcome{}, err
			}
			var o program.Outcome
			o, amount, err = v.RequestPayment(p, tx.Now, actor.OrgID, program.PaymentInput{
				Registered: registered, Payee: payee, Offering: v.EngagementType.Offering, Rates: rates})
			return o, err
		},
		func(tx *store.Tx, p program.Policy, o program.Outcome) error {
			err := tx.InsertPaymentRequest(ctx, o.Voucher, reservation.LocationID, amount, p.Today(tx.Now))
			if store.IsUniqueViolation(err) {
				return program.Refuse(program.CodeWrongState, "Payment has already been requested for this voucher.")
			}
			return err
		})
	return amount, err
}

// PaymentQuote is what a payment request for a redeemed voucher would ask:
// the amount and the last day to ask. It changes nothing.
func (a *App) PaymentQuote(ctx context.Context, actor Actor, voucherID int64) (program.Money, program.Date, error) {
	if err := program.Authorize(actor.Role, program.ActRequestPayment); err != nil {
		return program.Money{}, program.Date{}, err
	}
	var amount program.Money
	var last program.Date
	err := a.transactAnyTime(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		v, err := partnerVoucher(ctx, actor, voucherID)(tx)
		if err != nil {
			return found(err, "voucher")
		}
		rates, err := tx.Rates(ctx)
		if err != nil {
			return err
		}
		rate, ok := program.RateFor(rates, v.Country, v.EngagementType.Offering, v.RedeemedOn)
		if !ok {
			return program.Refuse(program.CodeNoRate, "No payment rate is in force for this voucher's country on its redemption date.")
		}
		amount = program.Money{Minor: rate.AmountMinor * int64(v.Days), Currency: rate.Currency}
		last = p.LastDayToRequestPayment(v.RedeemedOn)
		return nil
	})
	return amount, last, err
}
