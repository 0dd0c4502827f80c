package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// The closing's routes in the authorization matrix (issue 18). The demo's
// vouchers are live, so the matrix's POST /admin/closing is refused.
func init() {
	benefitAdmins := []program.Role{program.BenefitAdmin}
	for route, a := range map[string]access{
		"GET /admin/closing":                      {area: programs},
		"GET /admin/closing/confirm":              {area: programs},
		"POST /admin/closing":                     {area: programs},
		"GET /admin/statements":                   {area: programs},
		"GET /admin/statements/enrollments.csv":   {area: programs},
		"GET /admin/statements/partners.csv":      {area: programs},
		"GET /admin/archive":                      {area: programs},
		"GET /customer/statement":                 {area: customers, roles: benefitAdmins},
		"GET /customer/statement/enrollments.csv": {area: customers, roles: benefitAdmins},
		"GET /partner/statement":                  {area: partners, roles: partnerAdmins},
		"GET /partner/statement/partners.csv":     {area: partners, roles: partnerAdmins},
	} {
		matrix[route] = a
	}
}

// signedInFor is who posts to a route in the read-only test: someone of
// the route's own area, with the widest role there.
func signedInFor(pattern string) string {
	switch {
	case strings.HasPrefix(pattern, "/admin/"):
		return "admin@program.example"
	case strings.HasPrefix(pattern, "/partner/"):
		return "globaladmin@fabrikam.example"
	}
	return "benefits@contoso.example"
}

// stillOpen are the changes a closed program still takes: signing in and
// out, the organisation and language one reads in, a forgotten password.
var stillOpen = map[string]bool{"POST /login": true, "POST /logout": true, "POST /org": true, "POST /lang": true,
	"POST /password/forgot": true, "POST /password/reset/{token}": true}

// closeDirectly records a closing on 3 March 2022 as the database would
// hold it, for tests of what follows.
func closeDirectly(e *webtest.Env) {
	e.Exec(`INSERT INTO program_closing (closed_on, closed_at, closed_by) VALUES ('2022-03-03', '2022-03-03 09:00Z', $1)`,
		e.Demo.Users["admin@program.example"])
}

func archive(t *testing.T, e *webtest.Env) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := e.App.Archive(context.Background(), e.Demo.Actor("admin@program.example"), &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestReadOnlyOnceClosed walks the router: after closing, every
// state-changing route refuses with the closing date and changes nothing
// (the archive of every table of record is the same bytes before and
// after), while signing in, reading, statements and the archive still work.
func TestReadOnlyOnceClosed(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.SetDate(program.D(2022, time.March, 3))
	closeDirectly(e)
	before := archive(t, e)

	browsers := map[string]*webtest.Browser{}
	var checked int
	chi.Walk(e.Routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.Replace(route, "/*/", "/", 1)
		if method == http.MethodGet || method == http.MethodHead || stillOpen[method+" "+route] {
			return nil
		}
		who := signedInFor(route)
		if browsers[who] == nil {
			browsers[who] = e.SignIn(who)
		}
		p := request(browsers[who], method, fill(route, nil), url.Values{"name": {"After closing"}, "days": {"5"}})
		if p.Status != http.StatusConflict || !strings.Contains(p.Text("[data-testid=error-message]"), "3 March 2022") {
			t.Errorf("%s %s after closing: %d %q, want 409 naming 3 March 2022", method, route, p.Status, p.Text("main"))
		}
		checked++
		return nil
	})
	if checked < 40 {
		t.Errorf("only %d state-changing routes checked", checked)
	}
	if after := archive(t, e); !bytes.Equal(before, after) {
		t.Error("the database changed after closing")
	}

	// In French too, with the date the French way.
	fr := e.SignIn("benefits@contoso.example")
	fr.Lang = "fr"
	if p := fr.Post("/customer/days/convert", url.Values{"enrollment_id": {"1"}, "training_days": {"1"}}); !strings.Contains(p.Text("[data-testid=error-message]"), "3 mars 2022") {
		t.Errorf("French refusal: %q", p.Text("main"))
	}

	// Signing in, switching language and reading still work.
	b := e.SignIn("benefits@contoso.example")
	if p := b.Post("/lang", url.Values{"lang": {"fr"}, "next": {"/customer/"}}); p.Status != http.StatusSeeOther {
		t.Errorf("language after closing: %d", p.Status)
	}
	b.Post("/lang", url.Values{"lang": {"en"}, "next": {"/customer/"}})
	if p := b.Get("/customer/vouchers"); p.Status != http.StatusOK || !strings.Contains(p.Text("[data-testid=program-closed]"), "closed on 3 March 2022") {
		t.Errorf("reading after closing: %d, banner %q", p.Status, p.Text("[data-testid=program-closed]"))
	}
	p := b.Get("/customer/statement")
	if p.Status != http.StatusOK || !p.Has("closed on 3 March 2022") || p.Doc.Find("[data-testid=enrollment-statements] tbody tr").Length() != 2 {
		t.Errorf("the customer's statement after closing: %d %q", p.Status, p.Text("main"))
	}
	if csv := b.Get("/customer/statement/enrollments.csv"); csv.Status != http.StatusOK || strings.Count(csv.Body, "\n") != 3 ||
		!strings.Contains(csv.Body, "SA-CONTOSO-US-02") || strings.Contains(csv.Body, "TAILSPIN") {
		t.Errorf("the customer's CSV: %d\n%s", csv.Status, csv.Body)
	}
	partner := e.SignIn("partner@fabrikam.example")
	if p := partner.Get("/partner/statement"); p.Status != http.StatusOK || p.Doc.Find("[data-partner]").Length() != 1 ||
		!p.Has("Fabrikam Consulting") || p.Has("Northwind") {
		t.Errorf("the partner's statement: %d %q", p.Status, p.Text("main"))
	}
	// (A person's language is theirs to change: the archive is taken again.)
	admin := e.SignIn("admin@program.example")
	now := archive(t, e)
	z := admin.Get("/admin/archive")
	if z.Status != http.StatusOK || z.Header.Get("Content-Type") != "application/zip" || !bytes.Equal([]byte(z.Body), now) {
		t.Errorf("the archive download after closing: %d %s, same bytes %v", z.Status, z.Header.Get("Content-Type"), bytes.Equal([]byte(z.Body), now))
	}
	if p := admin.Get("/admin/closing"); !strings.Contains(p.Text("[data-testid=closed-on]"), "3 March 2022") {
		t.Errorf("the closing page: %q", p.Text("main"))
	}
}

// TestClosingPage: what stands in the way is listed with links, the close
// button comes only when nothing does, behind its confirmation, and the
// closing is audited.
func TestClosingPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	admin := e.SignIn("admin@program.example")
	p := admin.Get("/admin/closing")
	if p.Doc.Find("[data-testid=obstacles] a[href='/admin/vouchers?state=ASSIGNED']").Length() != 1 ||
		p.Doc.Find("[data-obstacle=awaiting-decision] a[href='/admin/payments?state=requested']").Length() != 1 ||
		p.Doc.Find("[data-testid=close-start]").Length() != 0 {
		t.Errorf("obstacles on the demo date: %q", p.Text("main"))
	}
	if p := admin.Get("/admin/closing/confirm"); p.Doc.Find("[data-testid=close-program]").Length() != 0 {
		t.Error("the confirmation offered while vouchers are live")
	}
	if p := admin.Post("/admin/closing", nil); p.Status != http.StatusConflict || !strings.Contains(p.Text("[data-testid=refusal]"), "cannot close yet") {
		t.Errorf("closing on the demo date: %d %q", p.Status, p.Text("main"))
	}
	// Past the last payment window, with the pending payment decided.
	e.SetDate(program.D(2022, time.March, 3))
	if _, err := e.App.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.ApprovePayment(context.Background(), e.Demo.Actor("admin@program.example"), e.Demo.Vouchers["contoso-payment-requested"].ID, "PAY-2022-0002"); err != nil {
		t.Fatal(err)
	}
	if p := admin.Get("/admin/closing"); p.Doc.Find("[data-testid=close-start]").Length() != 1 {
		t.Fatalf("nothing in the way, yet no close button: %q", p.Text("main"))
	}
	c := admin.Get("/admin/closing/confirm")
	if !strings.Contains(c.Text("[data-testid=confirm-closing]"), "read-only") || c.Doc.Find("[data-testid=close-program]").Length() != 1 {
		t.Fatalf("confirmation: %q", c.Text("main"))
	}
	done := admin.Post("/admin/closing", nil)
	if done.Status != http.StatusSeeOther {
		t.Fatalf("closing: %d %q", done.Status, done.Text("main"))
	}
	if p := admin.Follow(done); !strings.Contains(p.Text("[data-testid=closed-on]"), "3 March 2022") {
		t.Errorf("after closing: %q", p.Text("main"))
	}
	if n := e.Count(`SELECT count(*) FROM audit_events WHERE action = 'program.closed'`); n != 1 {
		t.Errorf("%d closing events", n)
	}
	if p := admin.Post("/admin/closing", nil); p.Status != http.StatusConflict || !p.Has("3 March 2022") {
		t.Errorf("closing again: %d %q", p.Status, p.Text("main"))
	}
}
