package program

import (
	"strings"
	"testing"
)

// DOMAIN.md §9: registration per offering, only after a redemption of it.
func TestRegisterForPayment(t *testing.T) {
	for _, c := range []struct {
		name string
		reg  PaymentRegistration
		want Code
	}{
		{"no voucher of the offering redeemed", PaymentRegistration{Offering: "DDPS"}, CodeNotRegisteredPayment},
		{"one voucher redeemed", PaymentRegistration{Offering: "DDPS", Redeemed: 1}, ""},
		{"several redeemed", PaymentRegistration{Offering: "DDPS", Redeemed: 3}, ""},
		{"already registered", PaymentRegistration{Offering: "DDPS", Redeemed: 1, Registered: true}, CodeWrongState},
	} {
		t.Run(c.name, func(t *testing.T) { wantCode(t, c.reg.RegisterForPayment(), c.want) })
	}
	err := PaymentRegistration{Offering: "SDPS"}.RegisterForPayment()
	if r, _ := AsRefusal(err); r == nil || r.Rule != "DOMAIN.md §9" || !strings.Contains(r.Message, "redeemed a voucher") && !strings.Contains(r.Message, "redeemed voucher") {
		t.Errorf("refusal = %+v, want the rule named", r)
	}
	if got := (PaymentRegistration{Offering: "SDPS"}).Missing(); got == "" {
		t.Error("Missing is empty before any redemption")
	}
	if got := (PaymentRegistration{Offering: "SDPS", Redeemed: 1}).Missing(); got != "" {
		t.Errorf("Missing = %q once a voucher is redeemed", got)
	}
}

func TestCheckPayee(t *testing.T) {
	for _, c := range []struct {
		name, payee, ref, field string
	}{
		{"both given", " Northwind SAS ", " FR76 0000 ", ""},
		{"no name", " ", "FR76", "payee"},
		{"no reference", "Northwind", "", "reference"},
		{"name of 200 characters", strings.Repeat("n", MaxName), "FR76", ""},
		{"name of 201 characters", strings.Repeat("n", MaxName+1), "FR76", "payee"},
		{"reference of 100 characters", "Northwind", strings.Repeat("1", MaxReference), ""},
		{"reference of 101 characters", "Northwind", strings.Repeat("1", MaxReference+1), "reference"},
		{"control character", "North\x07wind", "FR76", "payee"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := CheckPayee(c.payee, c.ref)
			r, _ := AsRefusal(err)
			switch {
			case c.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.field != "" && (r == nil || r.Field != c.field):
				t.Fatalf("err = %v, want a refusal of field %q", err, c.field)
			case c.field == "" && (p.Name != strings.TrimSpace(c.payee) || p.Reference != strings.TrimSpace(c.ref)):
				t.Errorf("payee = %+v, not trimmed", p)
			}
		})
	}
}

// DOMAIN.md §5, request payment: the registration for the voucher's
// offering and a payee for the delivery location, each refused on its own.
func TestRequestPaymentNeedsRegistrationAndPayee(t *testing.T) {
	p := DefaultPolicy()
	v := reservedBy(p, D(2021, 1, 1), 20)
	v.State, v.RedeemedOn = Redeemed, D(2021, 3, 1)
	now := at(p, D(2021, 3, 2), 0, 0)
	for _, c := range []struct {
		name              string
		registered, payee bool
		want              Code
		says              string
	}{
		{"neither", false, false, CodeNotRegisteredPayment, "not registered for payment in"},
		{"payee but no registration", false, true, CodeNotRegisteredPayment, "not registered for payment in"},
		{"registration but no payee", true, false, CodeNotRegisteredPayment, "has no payee"},
		{"both", true, true, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := v.RequestPayment(p, now, 20, PaymentInput{Registered: c.registered, Payee: c.payee, Rates: usRate})
			wantCode(t, err, c.want)
			if r, ok := AsRefusal(err); ok && !strings.Contains(r.Message, c.says) {
				t.Errorf("message %q does not say %q", r.Message, c.says)
			}
		})
	}
}
