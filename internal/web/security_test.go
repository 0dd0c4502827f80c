package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/seed"
	"sapsportal/internal/web/webtest"
)

// No input makes a 500: a NUL byte or invalid UTF-8 anywhere is a 400 that
// names the field, and changes nothing.
func TestUnreadableInputIsRefusedByName(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	anon := e.Browser()
	if p := anon.Post("/login", url.Values{"email": {"benefits@contoso.example\x00"}, "password": {seed.Password}}); p.Status != http.StatusBadRequest ||
		!strings.Contains(p.Text("main"), `"email"`) {
		t.Errorf("NUL in the sign-in email: %d %q", p.Status, p.Text("main"))
	}
	if p := anon.Post("/login", url.Values{"email": {"benefits@contoso.example"}, "password": {"\xff\xfe"}}); p.Status != http.StatusBadRequest ||
		!strings.Contains(p.Text("main"), `"password"`) {
		t.Errorf("invalid UTF-8 in the password: %d %q", p.Status, p.Text("main"))
	}
	b := e.SignIn("admin@program.example")
	before := e.Count("SELECT count(*) FROM organisations")
	if p := b.Post("/admin/organisations", url.Values{"name": {"Evil\x00 Ltd"}, "kind": {"customer"}}); p.Status != http.StatusBadRequest {
		t.Errorf("NUL in an organisation name: %d", p.Status)
	}
	for _, path := range []string{"/admin/vouchers?q=%00", "/admin/audit?actor=%ff", "/admin/organisations?q=%zz", "/admin/vouchers?%00=1"} {
		if p := b.Get(path); p.Status != http.StatusBadRequest {
			t.Errorf("%s: %d", path, p.Status)
		}
	}
	if e.Count("SELECT count(*) FROM organisations") != before {
		t.Error("a refused request changed rows")
	}
	// A bidirectional override in a name is refused with its reason.
	if p := b.Post("/admin/organisations", url.Values{"name": {"Contoso\u202Edtl"}, "kind": {"customer"}}); p.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.Text("[data-testid=refusal]"), "direction overrides") {
		t.Errorf("override in a name: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	// A number too large for its column is a field error, not a 500.
	form := url.Values{}
	for k, v := range map[string]string{"time_zone": "UTC", "cloud_retired_from": "2020-02-01", "conversion_closed_from": "2020-02-01",
		"accrual_closed_from": "2021-02-01", "last_day_to_create": "2021-06-30", "removal_on": "2021-07-01", "last_day_to_redeem": "2022-01-01",
		"validity_days": "180", "payment_window_days": "60", "conversion_num": "99999999999", "conversion_den": "1", "confirm": "yes"} {
		form.Set(k, v)
	}
	if p := b.Post("/admin/policy", form); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("conversion ratio overflow: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	// A reference to a record that does not exist.
	if p := b.Post("/admin/catalog/exams", url.Values{"code": {"XX-1"}, "name": {"X"}, "competency_id": {"999999"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("exam of a missing competency: %d", p.Status)
	}
}

func TestSignedInPagesAreNotCachedAndHeadersHold(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	for _, path := range []string{"/customer", "/customer/vouchers", "/customer/days"} {
		if p := b.Get(path); p.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, p.Header.Get("Cache-Control"))
		}
	}
	if p := e.Browser().Get("/login"); p.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain http")
	}
	for _, path := range []string{"/static/", "/static", "/static/../"} {
		if p := e.Browser().Get(path); p.Status != http.StatusNotFound || strings.Contains(p.Body, `href="app.css"`) {
			t.Errorf("%s lists the directory: %d", path, p.Status)
		}
	}
	if p := e.Browser().Get("/static/app.css"); p.Status != http.StatusOK {
		t.Errorf("a static file: %d", p.Status)
	}
}

func TestHSTSOverHTTPS(t *testing.T) {
	t.Parallel()
	e := webtest.NewWith(t, webtest.Options{BaseURL: "https://portal.example"})
	if p := e.Browser().Get("/login"); !strings.HasPrefix(p.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("no HSTS with an https base URL: %q", p.Header.Get("Strict-Transport-Security"))
	}
}

func TestSwitchingOrganisationRenewsTheSession(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.Exec("INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, 'benefit_admin')",
		e.Demo.Users["benefits@contoso.example"], e.Demo.Orgs["Tailspin Toys"])
	b := e.SignIn("benefits@contoso.example")
	before := sessionCookie(b, e)
	p := b.Post("/org", url.Values{"org_id": {itoa(e.Demo.Orgs["Tailspin Toys"])}})
	if p.Status != http.StatusSeeOther || sessionCookie(b, e) == before || sessionCookie(b, e) == "" {
		t.Errorf("switch: %d, token renewed: %v", p.Status, sessionCookie(b, e) != before)
	}
	if home := b.Get("/customer"); !strings.Contains(home.Text("main"), "Tailspin") {
		t.Errorf("after the switch: %q", home.Text("main"))
	}
}
