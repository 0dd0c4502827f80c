package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
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
	// API tokens made before closing: they still read afterwards.
	tokens := map[string]string{}
	for _, who := range []string{"admin@program.example", "globaladmin@fabrikam.example", "benefits@contoso.example"} {
		b := e.SignIn(who)
		org := b.Get("/account").Doc.Find("#token-org option[selected]").AttrOr("value", "")
		p := b.Post("/account/tokens", url.Values{"token_name": {"closing"}, "token_org": {org}})
		if tokens[who] = p.Text("[data-testid=token-secret]"); !strings.HasPrefix(tokens[who], "saps_") {
			t.Fatalf("no API token for %s: %d", who, p.Status)
		}
	}
	// Closed as a global admin would, with the pending payment decided.
	admin := e.Demo.Actor("admin@program.example")
	if _, err := e.App.ApprovePayment(context.Background(), admin, e.Demo.Vouchers["contoso-payment-requested"].ID, "PAY-2022-0002"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.App.CloseProgram(context.Background(), admin); err != nil {
		t.Fatal(err)
	}
	before := archive(t, e)

	browsers := map[string]*webtest.Browser{}
	var checked int
	chi.Walk(e.Routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.Replace(route, "/*/", "/", 1)
		if method == http.MethodGet || method == http.MethodHead || stillOpen[method+" "+route] {
			return nil
		}
		who := signedInFor(strings.TrimPrefix(route, "/api/v1"))
		if strings.HasPrefix(route, "/api/v1/") {
			req, _ := http.NewRequest(method, e.Server.URL+fill(route, nil), nil)
			req.Header.Set("Authorization", "Bearer "+tokens[who])
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var problem struct{ Code, Date string }
			json.NewDecoder(resp.Body).Decode(&problem)
			resp.Body.Close()
			if resp.StatusCode != http.StatusConflict || problem.Code != "program_closed" || problem.Date != "2022-03-03" {
				t.Errorf("API %s %s after closing: %d %+v, want 409 program_closed on 2022-03-03", method, route, resp.StatusCode, problem)
			}
			checked++
			return nil
		}
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
		zr, _ := zip.NewReader(bytes.NewReader(after), int64(len(after)))
		br, _ := zip.NewReader(bytes.NewReader(before), int64(len(before)))
		for i, f := range zr.File {
			if i < len(br.File) && f.CRC32 != br.File[i].CRC32 {
				t.Logf("differs: %s", f.Name)
			}
		}
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
	ab := e.SignIn("admin@program.example")
	now := archive(t, e)
	z := ab.Get("/admin/archive")
	if z.Status != http.StatusOK || z.Header.Get("Content-Type") != "application/zip" || !bytes.Equal([]byte(z.Body), now) {
		t.Errorf("the archive download after closing: %d %s, same bytes %v", z.Status, z.Header.Get("Content-Type"), bytes.Equal([]byte(z.Body), now))
	}
	if p := ab.Get("/admin/closing"); !strings.Contains(p.Text("[data-testid=closed-on]"), "3 March 2022") {
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
