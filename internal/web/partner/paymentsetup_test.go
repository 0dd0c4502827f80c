package partner_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/web/webtest"
)

// The payment registration page: a registration per offering with what is
// missing, and the payees per location (DOMAIN.md §9).
func TestPaymentRegistrationPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("globaladmin@fabrikam.example")
	p := b.Get("/partner/payments/registration")
	if p.Status != http.StatusOK {
		t.Fatalf("page: %d", p.Status)
	}
	sdps := p.Doc.Find(`[data-testid=payment-offerings] tr[data-offering="SDPS"]`)
	if sdps.AttrOr("data-registered", "") != "yes" || !strings.Contains(sdps.Text(), "Registered on") {
		t.Errorf("SDPS row: %q", sdps.Text())
	}
	ddps := p.Doc.Find(`[data-testid=payment-offerings] tr[data-offering="DDPS"]`)
	if ddps.AttrOr("data-registered", "") != "no" || !strings.Contains(ddps.Text(), "Redeem a voucher of this offering first.") || ddps.Find("form").Length() != 0 {
		t.Errorf("DDPS row: %q", ddps.Text())
	}
	if got := p.Text(`[data-testid=payees] tr[data-location="Fabrikam Seattle"]`); !strings.Contains(got, "Fabrikam Consulting LLC (US-ACH-0042)") {
		t.Errorf("payee row: %q", got)
	}

	before := e.Count("SELECT count(*) FROM audit_events")
	r := b.Post("/partner/payments/registration/offering", url.Values{"offering": {"DDPS"}})
	if r.Status != http.StatusConflict || !strings.Contains(r.Text("[data-testid=refusal]"), "needs a redeemed voucher") {
		t.Errorf("DDPS registration: %d %q", r.Status, r.Text("[data-testid=refusal]"))
	}
	if e.Count("SELECT count(*) FROM audit_events") != before || e.Count("SELECT count(*) FROM payment_offering_registrations WHERE offering_code = 'DDPS'") != 0 {
		t.Error("a refused registration changed something")
	}

	// A payee too long is refused beside what was typed, nothing stored.
	long := strings.Repeat("x", 201)
	r = b.Post("/partner/payments/registration", url.Values{"location_id": {id(e.Demo.Locations["Fabrikam Seattle"])}, "payee": {long}, "reference": {"REF"}})
	if r.Status != http.StatusUnprocessableEntity || r.Doc.Find("#reg-payee").AttrOr("value", "") != long {
		t.Errorf("long payee: %d", r.Status)
	}
	r = b.Post("/partner/payments/registration", url.Values{"location_id": {id(e.Demo.Locations["Fabrikam Seattle"])}, "payee": {"Fabrikam LLC"}, "reference": {"US-ACH-0100"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/partner/payments/registration" {
		t.Errorf("payee: %d", r.Status)
	}
	if e.Count("SELECT count(*) FROM payment_registrations WHERE payee_name = 'Fabrikam LLC' AND payment_reference = 'US-ACH-0100'") != 1 {
		t.Error("payee not saved")
	}

	// In French.
	e.Exec("UPDATE users SET language = 'fr' WHERE email = 'globaladmin@fabrikam.example'")
	fr := e.SignIn("globaladmin@fabrikam.example").Get("/partner/payments/registration")
	if !strings.Contains(fr.Text("h1"), "Enregistrement pour le paiement") {
		t.Errorf("French title: %q", fr.Text("h1"))
	}
}
