package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/seed"
	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
	"sapsportal/internal/web/webtest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func TestEachDemoAccountReachesItsHome(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	homes := map[program.OrgKind]string{program.KindCustomer: "/customer", program.KindPartner: "/partner", program.KindProgram: "/admin"}
	for _, acc := range seed.Accounts {
		b := e.Browser()
		resp := b.Post("/login", url.Values{"email": {acc.Email}, "password": {seed.Password}})
		want := homes[acc.Role.Kind()]
		if resp.Status != http.StatusSeeOther || resp.Location != want {
			t.Errorf("%s: sign in = %d → %q, want 303 → %s", acc.Email, resp.Status, resp.Location, want)
			continue
		}
		root := b.Get("/")
		if root.Location != want {
			t.Errorf("%s: / redirects to %q, want %s", acc.Email, root.Location, want)
		}
		home := b.Get(want)
		if home.Status != http.StatusOK || !strings.Contains(home.Text("main"), acc.Org) {
			t.Errorf("%s: home %d does not name %q: %q", acc.Email, home.Status, acc.Org, home.Text("main"))
		}
		if got := home.Text("[data-testid=signed-in-as]"); !strings.Contains(got, acc.Email) {
			t.Errorf("%s: header says %q", acc.Email, got)
		}
		if !strings.Contains(home.Text("[data-testid=simulated-date]"), "1 March 2021") {
			t.Errorf("%s: no simulated-date banner", acc.Email)
		}
	}
}

func TestSignInFailuresLookTheSame(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	wrong := e.Browser().Post("/login", url.Values{"email": {"benefits@contoso.example"}, "password": {"nope"}})
	unknown := e.Browser().Post("/login", url.Values{"email": {"nobody@contoso.example"}, "password": {"nope"}})
	if wrong.Status != http.StatusUnauthorized || unknown.Status != http.StatusUnauthorized {
		t.Fatalf("statuses %d and %d, want 401", wrong.Status, unknown.Status)
	}
	if a, b := wrong.Text("[data-testid=refusal]"), unknown.Text("[data-testid=refusal]"); a != b || a == "" {
		t.Errorf("messages differ: %q vs %q", a, b)
	}
	if wrong.Doc.Find("input#email").AttrOr("value", "") != "benefits@contoso.example" {
		t.Error("the email typed is not kept in the form")
	}
	// The invited project manager without a password cannot sign in either.
	if _, err := e.App.CreateVoucher(context.Background(), e.Demo.Actor("benefits@tailspin.example"), appInput(e, "x@tailspin.example")); err != nil {
		t.Fatal(err)
	}
	nopw := e.Browser().Post("/login", url.Values{"email": {"x@tailspin.example"}, "password": {""}})
	if nopw.Status != http.StatusUnauthorized {
		t.Errorf("password-less user signed in: %d", nopw.Status)
	}
}

func TestSignInIsThrottledPerAccount(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	for i := range 5 {
		if p := e.Browser().Post("/login", url.Values{"email": {"pm@contoso.example"}, "password": {"bad"}}); p.Status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, p.Status)
		}
	}
	p := e.Browser().Post("/login", url.Values{"email": {"pm@contoso.example"}, "password": {seed.Password}})
	if p.Status != http.StatusTooManyRequests || !strings.Contains(p.Text("[data-testid=refusal]"), "Too many") {
		t.Errorf("sixth attempt, even with the right password: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	// Another account is not held up by it.
	if p := e.Browser().Post("/login", url.Values{"email": {"benefits@contoso.example"}, "password": {seed.Password}}); p.Status != http.StatusSeeOther {
		t.Errorf("other account: %d", p.Status)
	}
	// The wait is short: once it is over, the owner signs in, and that
	// forgets the account's failures.
	e.Exec("UPDATE throttles SET blocked_until = now()")
	if p := e.Browser().Post("/login", url.Values{"email": {"pm@contoso.example"}, "password": {seed.Password}}); p.Status != http.StatusSeeOther {
		t.Errorf("after the wait: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := e.Browser().Post("/login", url.Values{"email": {"pm@contoso.example"}, "password": {"bad"}}); p.Status != http.StatusUnauthorized {
		t.Errorf("a new failure after signing in is delayed at once: %d", p.Status)
	}
}

// Successes never count, and one address (a NAT, a proxy) is not one small
// bucket: many people failing once each from it do not stop the next.
func TestSignInCountsOnlyFailures(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	for range 8 {
		if p := e.Browser().Post("/login", url.Values{"email": {"benefits@contoso.example"}, "password": {seed.Password}}); p.Status != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", p.Status)
		}
	}
	for i := range 20 {
		if p := e.Browser().Post("/login", url.Values{"email": {fmt.Sprintf("person%d@contoso.example", i)}, "password": {"bad"}}); p.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i, p.Status)
		}
	}
	if p := e.Browser().Post("/login", url.Values{"email": {"pm@contoso.example"}, "password": {seed.Password}}); p.Status != http.StatusSeeOther {
		t.Errorf("after others' failures from the same address: %d", p.Status)
	}
	if n := e.Count("SELECT count(*) FROM throttles"); n != 20+1 {
		t.Errorf("throttle rows: %d, want one per failed account and one for the address", n)
	}
}

func sessionCookie(b *webtest.Browser, e *webtest.Env) string {
	u, _ := url.Parse(e.Server.URL)
	for _, c := range b.Client.Jar.Cookies(u) {
		if c.Name == "sapsportal_session" {
			return c.Value
		}
	}
	return ""
}

func TestSessionRenewedAtSignInAndOut(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.Browser()
	b.Post("/lang", url.Values{"lang": {"en"}, "next": {"/login"}}) // an anonymous session
	anon := sessionCookie(b, e)
	if anon == "" {
		t.Fatal("no anonymous session cookie")
	}
	b.Post("/login", url.Values{"email": {"benefits@contoso.example"}, "password": {seed.Password}})
	signed := sessionCookie(b, e)
	if signed == anon || signed == "" {
		t.Errorf("token not renewed at sign-in")
	}
	out := b.Post("/logout", nil)
	if out.Location != "/login" || sessionCookie(b, e) == signed {
		t.Errorf("sign-out: %q, token renewed: %v", out.Location, sessionCookie(b, e) != signed)
	}
	if p := b.Follow(out); !strings.Contains(p.Text("[data-testid=flash]"), "signed out") {
		t.Errorf("no signed-out message: %q", p.Text("main"))
	}
	if p := b.Get("/customer"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("after sign-out /customer = %d %q", p.Status, p.Location)
	}
	// The old signed-in token no longer works.
	old := e.Browser()
	u, _ := url.Parse(e.Server.URL)
	old.Client.Jar.SetCookies(u, []*http.Cookie{{Name: "sapsportal_session", Value: signed}})
	if p := old.Get("/customer"); p.Status != http.StatusSeeOther {
		t.Errorf("old token still signed in: %d", p.Status)
	}
}

func TestOtherAreasAnswerNotFound(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	cases := map[string][]string{
		"benefits@contoso.example":    {"/admin", "/admin/outbox", "/partner", "/partner/vouchers"},
		"partner@fabrikam.example":    {"/admin", "/admin/audit", "/customer", "/customer/vouchers"},
		"consultant@fabrikam.example": {"/admin/policy", "/customer"},
		"admin@program.example":       {"/customer", "/partner"},
	}
	for email, paths := range cases {
		b := e.SignIn(email)
		for _, p := range paths {
			if page := b.Get(p); page.Status != http.StatusNotFound || page.Text("h1") != "Page not found" {
				t.Errorf("%s GET %s = %d %q, want the 404 page", email, p, page.Status, page.Text("h1"))
			}
		}
	}
	if p := e.Browser().Get("/customer"); p.Status != http.StatusSeeOther || p.Location != "/login?next=/customer" {
		t.Errorf("anonymous /customer = %d %q", p.Status, p.Location)
	}
}

func TestCrossSitePostIsRejected(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	for _, h := range []map[string]string{{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}} {
		req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/logout", nil)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := b.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site POST with %v = %d, want 403", h, resp.StatusCode)
		}
	}
	if p := b.Get("/customer"); p.Status != http.StatusOK {
		t.Errorf("the cross-site logout signed the user out: %d", p.Status)
	}
}

func TestSecurityHeadersAndHealth(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	p := e.Browser().Get("/login")
	for k, want := range map[string]string{
		"Content-Security-Policy": "default-src 'self'", "X-Content-Type-Options": "nosniff",
		"Referrer-Policy": "same-origin", "X-Request-Id": "",
	} {
		if got := p.Header.Get(k); got == "" || !strings.Contains(got, want) {
			t.Errorf("%s = %q", k, got)
		}
	}
	if !strings.Contains(p.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Error("CSP lacks frame-ancestors 'none'")
	}
	if strings.Contains(p.Body, "<script") {
		t.Error("inline script on the login page")
	}
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		if got := e.Browser().Get(path); got.Status != 200 || !strings.Contains(got.Body, want) {
			t.Errorf("%s = %d %q", path, got.Status, got.Body)
		}
	}
	if got := e.Browser().Get("/static/app.css"); got.Status != 200 || !strings.Contains(got.Body, "--brand") {
		t.Errorf("stylesheet: %d", got.Status)
	}
	if got := e.Browser().Get("/no/such/page"); got.Status != 404 || got.Text("h1") != "Page not found" {
		t.Errorf("unknown path: %d %q", got.Status, got.Text("h1"))
	}
}

func TestLanguageFromBrowserAndChoice(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.Browser()
	b.Lang = "fr-FR,fr;q=0.9,en;q=0.5"
	p := b.Get("/login")
	if p.Doc.Find("html").AttrOr("lang", "") != "fr" || p.Text("h1") != "Connexion au portail des services de planification" {
		t.Fatalf("French from Accept-Language: lang=%q h1=%q", p.Doc.Find("html").AttrOr("lang", ""), p.Text("h1"))
	}
	if got := p.Text("[data-testid=simulated-date]"); got != "Date simulée : 1 mars 2021" {
		t.Errorf("French date banner: %q", got)
	}
	// The choice wins over the browser's language and follows the user.
	b.Post("/lang", url.Values{"lang": {"en"}, "next": {"/login"}})
	if p := b.Get("/login"); p.Text("h1") != "Sign in to the Planning Services portal" {
		t.Errorf("after choosing English: %q", p.Text("h1"))
	}
	b2 := e.SignIn("pm@contoso.example")
	b2.Post("/lang", url.Values{"lang": {"fr"}, "next": {"//evil.example"}})
	b3 := e.SignIn("pm@contoso.example") // a new browser: the user's choice is remembered
	if p := b3.Get("/customer"); p.Doc.Find("html").AttrOr("lang", "") != "fr" {
		t.Errorf("remembered language not used")
	}
	if n := e.Count("SELECT count(*) FROM users WHERE email = 'pm@contoso.example' AND language = 'fr'"); n != 1 {
		t.Errorf("language not stored on the user")
	}
}

func TestOrganisationSwitcher(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	ctx := context.Background()
	// The Contoso project manager also consults for Northwind.
	err := e.Store.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		return tx.AddMembership(ctx, e.Demo.Users["pm@contoso.example"], e.Demo.Orgs["Northwind Advisors"], program.Consultant)
	})
	if err != nil {
		t.Fatal(err)
	}
	b := e.SignIn("pm@contoso.example")
	home := b.Get("/customer")
	if n := home.Doc.Find("#org-switch option").Length(); n != 2 {
		t.Fatalf("switcher has %d organisations, want 2", n)
	}
	p := b.Post("/org", url.Values{"org_id": {itoa(e.Demo.Orgs["Northwind Advisors"])}})
	if p.Location != "/partner" {
		t.Fatalf("switch → %q", p.Location)
	}
	if page := b.Get("/partner"); page.Status != 200 || !strings.Contains(page.Text("main"), "Northwind Advisors") {
		t.Errorf("after switch: %d %q", page.Status, page.Text("main"))
	}
	if page := b.Get("/customer"); page.Status != 404 {
		t.Errorf("customer area while acting for the partner: %d", page.Status)
	}
	// An organisation the user is not in cannot be chosen.
	if p := b.Post("/org", url.Values{"org_id": {itoa(e.Demo.Orgs["Fabrikam Consulting"])}}); p.Status != 404 {
		t.Errorf("switch to a foreign organisation: %d", p.Status)
	}
	// Membership is re-checked on every request.
	err = e.Store.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM memberships WHERE user_id = $1 AND org_id = $2", e.Demo.Users["pm@contoso.example"], e.Demo.Orgs["Northwind Advisors"])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if p := b.Get("/partner"); p.Status != 404 {
		t.Errorf("removed membership still acts: %d", p.Status)
	}
}

func TestSuspendedOrganisationCannotSignIn(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	ctx := context.Background()
	b := e.SignIn("partner@northwind.example")
	err := e.Store.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE organisations SET suspended_at = now() WHERE id = $1", e.Demo.Orgs["Northwind Advisors"])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	p := e.Browser().Post("/login", url.Values{"email": {"partner@northwind.example"}, "password": {seed.Password}})
	if p.Status != http.StatusForbidden || !strings.Contains(p.Text("[data-testid=refusal]"), "suspended") {
		t.Errorf("suspended sign-in: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Get("/partner"); p.Status != http.StatusSeeOther {
		t.Errorf("a suspended organisation's open session still works: %d", p.Status)
	}
}

func TestInternalErrorShowsOnlyTheRequestID(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	// Data the portal cannot read (a session it cannot decode).
	e.Exec("UPDATE sessions SET data = '\\x00'")
	p := b.Get("/customer")
	if p.Status != http.StatusInternalServerError || p.Text("h1") != "Something went wrong" {
		t.Fatalf("status %d, h1 %q", p.Status, p.Text("h1"))
	}
	id := p.Header.Get("X-Request-Id")
	if id == "" || !strings.Contains(p.Text("main"), "Request id: "+id) {
		t.Errorf("the page does not give the request id %q: %q", id, p.Text("main"))
	}
	if strings.Contains(p.Body, "closed pool") || strings.Contains(p.Body, "pgx") {
		t.Error("the page leaks the internal error")
	}
}

// Without its database the portal says to try again in a moment (503 with
// Retry-After), never a 500, and /readyz is unready.
func TestNoDatabaseIsTryAgain(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	e.Store.Pool.Close() // the database goes away under the portal
	for _, p := range []*webtest.Page{b.Get("/customer"),
		e.Browser().Post("/login", url.Values{"email": {"pm@contoso.example"}, "password": {seed.Password}})} {
		if p.Status != http.StatusServiceUnavailable || p.Header.Get("Retry-After") == "" || p.Text("h1") != "Try again in a moment" {
			t.Errorf("status %d, Retry-After %q, h1 %q", p.Status, p.Header.Get("Retry-After"), p.Text("h1"))
		}
		if strings.Contains(p.Body, "closed pool") || strings.Contains(p.Body, "pgx") {
			t.Error("the page leaks the internal error")
		}
	}
	if got := e.Browser().Get("/readyz"); got.Status != http.StatusServiceUnavailable {
		t.Errorf("readyz with no database: %d", got.Status)
	}
}
