package app

import (
	"context"
	"slices"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// RegisterForPayment registers the partner for payment in an offering (the
// partner global admin, once per offering, after a redemption of it:
// DOMAIN.md §9). Of two admins registering at once, one wins; the other is
// told it is done.
func (a *App) RegisterForPayment(ctx context.Context, actor Actor, offering string) error {
	return a.partnerStep(ctx, actor, program.ActManagePartner, "payment.registered_offering", func(tx *store.Tx, p program.Policy, pt program.Partner) (map[string]any, error) {
		if err := pt.RequireAgreement(); err != nil {
			return nil, err
		}
		reg, err := tx.PaymentOffering(ctx, actor.OrgID, offering)
		if err != nil {
			return nil, chosen(found(err, "offering"), "offering", "Choose an offering of the program.")
		}
		if err := reg.RegisterForPayment(); err != nil {
			return nil, err
		}
		err = tx.RegisterForPayment(ctx, actor.OrgID, offering)
		if store.IsUniqueViolation(err) {
			return nil, program.Refuse(program.CodeWrongState, "You are already registered for payment in %s.", offering)
		}
		return map[string]any{"offering": offering, "redeemed": reg.Redeemed}, err
	})
}

// PaymentSetup is the partner global admin's payment registration page:
// the registration per offering with what is missing, and the payee per
// location.
type PaymentSetup struct {
	Policy    program.Policy
	Today     program.Date
	Offerings []store.PaymentOffering
	Locations []store.LocationInfo
}

// PaymentSetup reads the payment registration page.
func (a *App) PaymentSetup(ctx context.Context, actor Actor) (PaymentSetup, error) {
	var s PaymentSetup
	if err := program.Authorize(actor.Role, program.ActManagePartner); err != nil {
		return s, err
	}
	err := a.read(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		s.Policy, s.Today = p, p.Today(tx.Now)
		var err error
		if s.Offerings, err = tx.PaymentOfferings(ctx, actor.OrgID); err != nil {
			return err
		}
		s.Locations, err = tx.Locations(ctx, actor.OrgID)
		return err
	})
	return s, err
}

// paymentStanding is what a payment request rests on besides the voucher:
// the partner's registration for the offering and a payee for the delivery
// location.
func paymentStanding(ctx context.Context, tx *store.Tx, orgID int64, offering string, locationID int64) (registered, payee bool, err error) {
	if registered, err = tx.RegisteredForPayment(ctx, orgID, offering); err != nil {
		return false, false, err
	}
	payee, err = tx.PaymentRegistered(ctx, orgID, locationID)
	return registered, payee, err
}

// registrationStep adds "Register for payment." to the partner's next steps
// when a redeemed voucher awaiting its payment request is of an offering
// with no registration yet (awaits: store.Tx.AwaitsRegistration; the payees
// are nextSteps' part).
func registrationStep(awaits bool, steps []string) []string {
	const step = "Register for payment."
	if !awaits || slices.Contains(steps, step) {
		return steps
	}
	return append(steps, step)
}
