package program

import "strings"

// PaymentRegistration is what the program knows of a partner's registration
// for payment in one offering (voucher program): whether it has redeemed a
// voucher of it, and whether it is already registered (DOMAIN.md §9).
type PaymentRegistration struct {
	Offering   string
	Redeemed   int // the partner's vouchers of this offering ever redeemed
	Registered bool
}

// Missing is what still stands between the partner and a registration for
// the offering, in English (a page translates it): "" when it may register
// or already has.
func (r PaymentRegistration) Missing() string {
	if !r.Registered && r.Redeemed == 0 {
		return "Redeem a voucher of this offering first."
	}
	return ""
}

// RegisterForPayment decides whether the partner may register for payment
// in an offering: once per offering, and only after it has redeemed at
// least one voucher of it (DOMAIN.md §9, payment registration per program).
func (r PaymentRegistration) RegisterForPayment() error {
	if r.Registered {
		return refuse(CodeWrongState, "DOMAIN.md §9", Date{}, "You are already registered for payment in %s.", r.Offering)
	}
	if r.Redeemed == 0 {
		return refuse(CodeNotRegisteredPayment, "DOMAIN.md §9", Date{},
			"Registration for payment is per offering and needs a redeemed voucher of it: redeem a voucher of %s before registering for payment in it.", r.Offering)
	}
	return nil
}

// Payee is who the program pays for the work of one partner location.
type Payee struct {
	Name      string
	Reference string // bank account or supplier number
}

// CheckPayee trims a payee's details and checks them: both are required,
// single lines, within their limits.
func CheckPayee(name, reference string) (Payee, error) {
	p := Payee{Name: strings.TrimSpace(name), Reference: strings.TrimSpace(reference)}
	if p.Name == "" {
		return p, Invalid("payee", "Enter the payee name.")
	}
	if err := CheckLine("payee", p.Name, MaxName); err != nil {
		return p, err
	}
	if p.Reference == "" {
		return p, Invalid("reference", "Enter the payment reference (bank account or supplier number).")
	}
	return p, CheckLine("reference", p.Reference, MaxReference)
}
