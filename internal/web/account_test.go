package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/program"
	"sapsportal/internal/seed"
	"sapsportal/internal/web/webtest"
)

// An invited person with no account chooses one on the invitation's page;
// bad input is explained in place with what they typed kept (not the
// password), and the organisation becomes theirs only on accepting.
func TestNewPersonAcceptsAnInvitation(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	admin := e.SignIn("globaladmin@fabrikam.example")
	bad := admin.Post("/partner/people", url.Values{"email": {"grace at fabrikam"}, "role": {"consultant"}})
	if v, _ := bad.Doc.Find("#inv-email").Attr("value"); bad.Status != http.StatusUnprocessableEntity || v != "grace at fabrikam" ||
		bad.Doc.Find("#inv-role option[value=consultant][selected]").Length() != 1 {
		t.Errorf("a bad address: %d, typed %q kept?", bad.Status, v)
	}
	if p := admin.Post("/partner/people", url.Values{"email": {strings.Repeat("g", 250) + "@fabrikam.example"}, "role": {"consultant"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("a 267-character address: %d", p.Status)
	}
	if p := admin.Post("/partner/people", url.Values{"email": {"Grace@Fabrikam.example"}, "role": {"consultant"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	link := e.LinkIn("grace@fabrikam.example", "/invitations/")
	b := e.Browser()
	page := b.Get(link)
	if page.Status != http.StatusOK || page.Doc.Find("[data-testid=new-account-form] #inv-name[maxlength='200']").Length() != 1 {
		t.Fatalf("invitation page: %d %q", page.Status, page.Text("main"))
	}
	bad = b.Post(link+"/accept", url.Values{"name": {"Grace Hopper"}, "password": {"short"}, "language": {"fr"}})
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Text("[data-testid=refusal]"), "at least 12 characters") {
		t.Fatalf("short password: %d %q", bad.Status, bad.Text("[data-testid=refusal]"))
	}
	if v, _ := bad.Doc.Find("#inv-name").Attr("value"); v != "Grace Hopper" {
		t.Errorf("typed name not kept: %q", v)
	}
	if v, _ := bad.Doc.Find("#inv-password").Attr("value"); v != "" {
		t.Error("password echoed back")
	}
	if _, ok := bad.Doc.Find("#inv-lang option[value=fr]").Attr("selected"); !ok {
		t.Error("typed language not kept")
	}
	if n := e.Count("SELECT count(*) FROM users WHERE email = 'grace@fabrikam.example'"); n != 0 {
		t.Errorf("refused input created an account: %d", n)
	}
	ok := b.Post(link+"/accept", url.Values{"name": {"Grace Hopper"}, "password": {"cobol compiler 1959"}, "language": {"en"}})
	if ok.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d %q", ok.Status, ok.Text("[data-testid=refusal]"))
	}
	home := b.Follow(ok)
	if home.Text("[data-testid=signed-in-as]") != "Signed in as grace@fabrikam.example" || !strings.Contains(home.Text("[data-testid=org-name]"), "Fabrikam") {
		t.Fatalf("not signed in for Fabrikam: %q %q", home.Text("[data-testid=signed-in-as]"), home.Location)
	}
	if used := e.Browser().Get(link); !strings.Contains(used.Text("[data-testid=link-state]"), "already accepted") {
		t.Errorf("used link: %q", used.Text("main"))
	}
	if !strings.Contains(admin.Get("/partner/organisation").Text("[data-testid=no-invitations]"), "No invitation") {
		t.Error("an accepted invitation still listed as waiting")
	}
	if p := e.Browser().Get("/invitations/not-a-token"); p.Status != http.StatusNotFound {
		t.Errorf("unknown link: %d", p.Status)
	}
}

// An existing person of another organisation is invited, is asked to sign
// in, and declines: they stay out, and their default stays their own.
func TestExistingPersonDeclinesAndStaysOut(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	admin := e.SignIn("globaladmin@fabrikam.example")
	if p := admin.Post("/partner/people", url.Values{"email": {"benefits@contoso.example"}, "role": {"partner_admin"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d", p.Status)
	}
	link := e.LinkIn("benefits@contoso.example", "/invitations/")
	// Until answered, signing in lands on Contoso as before.
	ben := e.Browser()
	if r := ben.Post("/login", url.Values{"email": {"benefits@contoso.example"}, "password": {seed.Password}, "next": {link}}); r.Location != link {
		t.Fatalf("sign in to answer: %d %q", r.Status, r.Location)
	}
	page := ben.Get(link)
	if page.Doc.Find("[data-testid=accept]").Length() != 1 || page.Doc.Find("[data-testid=decline]").Length() != 1 {
		t.Fatalf("answer buttons: %q", page.Text("main"))
	}
	if r := e.Browser().Post("/login", url.Values{"email": {"benefits@contoso.example"}, "password": {seed.Password}}); r.Location != "/customer" {
		t.Errorf("default after an invitation: %q", r.Location)
	}
	if got := ben.Get("/account").Text("[data-testid=my-invitations]"); !strings.Contains(got, "Fabrikam Consulting") {
		t.Errorf("the invitation on the invitee's account page: %q", got)
	}
	// Someone else signed in cannot answer it.
	if p := e.SignIn("partner@fabrikam.example").Post(link+"/accept", nil); p.Status != http.StatusForbidden {
		t.Errorf("another person accepting: %d", p.Status)
	}
	if p := ben.Post(link+"/decline", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("decline: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if n := e.Count(`SELECT count(*) FROM memberships WHERE user_id = $1 AND org_id = $2`, e.Demo.Users["benefits@contoso.example"], e.Demo.Orgs["Fabrikam Consulting"]); n != 0 {
		t.Errorf("declined yet a member: %d", n)
	}
	if p := ben.Post(link+"/accept", nil); p.Status != http.StatusConflict || !strings.Contains(p.Text("[data-testid=refusal]"), "declined") {
		t.Errorf("accepting after declining: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	// Resend and withdraw from the people page.
	if p := admin.Post("/partner/people", url.Values{"email": {"pm@contoso.example"}, "role": {"consultant"}}); p.Status != http.StatusSeeOther {
		t.Fatal(p.Status)
	}
	first := e.LinkIn("pm@contoso.example", "/invitations/")
	id := itoa(int64(e.Count("SELECT id FROM invitations WHERE email = 'pm@contoso.example'")))
	if p := admin.Post("/partner/invitations/"+id+"/resend", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("resend: %d", p.Status)
	}
	second := e.LinkIn("pm@contoso.example", "/invitations/")
	if second == first || e.Browser().Get(first).Status != http.StatusNotFound {
		t.Error("resending did not replace the link")
	}
	if p := e.SignIn("partner@northwind.example").Post("/partner/invitations/"+id+"/revoke", nil); p.Status != http.StatusNotFound {
		t.Errorf("another partner withdrawing it: %d", p.Status)
	}
	if p := admin.Post("/partner/invitations/"+id+"/revoke", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", p.Status)
	}
	if !strings.Contains(e.Browser().Get(second).Text("[data-testid=link-state]"), "withdrawn") {
		t.Error("withdrawn link still open")
	}
	if e.Count("SELECT count(*) FROM outbox WHERE to_email = 'pm@contoso.example' AND subject LIKE '%was withdrawn'") != 1 {
		t.Error("withdrawal not emailed")
	}
	if e.Count("SELECT count(*) FROM audit_events WHERE action IN ('invitation.resent', 'invitation.revoked')") != 2 {
		t.Error("resend and withdrawal not audited")
	}
}

// Forgetting a password: the same answer for any address; the link works
// once, sets a password under the rules and ends every session.
func TestForgottenPasswordEndsEverySession(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	const person = "consultant@fabrikam.example"
	elsewhere := e.SignIn(person)
	known := e.Browser().Post("/password/forgot", url.Values{"email": {person}})
	unknown := e.Browser().Post("/password/forgot", url.Values{"email": {"nobody@fabrikam.example"}})
	if known.Status != http.StatusSeeOther || known.Status != unknown.Status || known.Location != unknown.Location {
		t.Fatalf("answers differ: %d %q / %d %q", known.Status, known.Location, unknown.Status, unknown.Location)
	}
	link := e.LinkIn(person, "/password/reset/")
	b := e.Browser()
	if p := b.Post(link, url.Values{"password": {"Password1234"}}); p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("[data-testid=refusal]"), "too common") {
		t.Errorf("common password: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post(link, url.Values{"password": {"my own new secret"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("reset: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := elsewhere.Get("/partner"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("the other session survived the reset: %d %q", p.Status, p.Location)
	}
	if p := b.Get(link); !strings.Contains(p.Text("[data-testid=link-state]"), "already used") || p.Doc.Find("[data-testid=forgot-form]").Length() != 1 {
		t.Errorf("used link: %q", p.Text("main"))
	}
	if r := e.Browser().Post("/login", url.Values{"email": {person}, "password": {"my own new secret"}}); r.Status != http.StatusSeeOther {
		t.Errorf("sign in with the new password: %d", r.Status)
	}
	if n := e.Count("SELECT count(*) FROM outbox WHERE to_email = $1 AND subject LIKE '%password was changed'", person); n != 1 {
		t.Errorf("change confirmed by %d emails", n)
	}
}

// The account page: details, password, organisations and sessions.
func TestAccountPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	const person = "partner@fabrikam.example"
	other := e.SignIn(person)
	b := e.SignIn(person)
	page := b.Get("/account")
	if page.Status != http.StatusOK || page.Doc.Find("[data-testid=session]").Length() != 2 || page.Doc.Find("[data-testid=this-session]").Length() != 1 {
		t.Fatalf("account page: %d, %d sessions", page.Status, page.Doc.Find("[data-testid=session]").Length())
	}
	if p := b.Post("/account", url.Values{"name": {strings.Repeat("n", 201)}, "language": {"en"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("long name: %d", p.Status)
	} else if v, _ := p.Doc.Find("#acc-name").Attr("value"); v != strings.Repeat("n", 201) {
		t.Error("typed name not kept")
	}
	if p := b.Post("/account", url.Values{"name": {"Pat Partner"}, "language": {"fr"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("save details: %d", p.Status)
	}
	if p := b.Get("/account"); p.Doc.Find("html[lang=fr]").Length() != 1 {
		t.Error("language choice not applied")
	}
	if p := b.Post("/account/password", url.Values{"current_password": {"wrong"}, "password": {"a new long secret"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("wrong current password: %d", p.Status)
	}
	if p := b.Post("/account/sessions/end", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("sign out elsewhere: %d", p.Status)
	}
	if p := other.Get("/partner"); p.Status != http.StatusSeeOther {
		t.Errorf("the other session is still signed in: %d", p.Status)
	}
	if p := b.Get("/partner"); p.Status != http.StatusOK {
		t.Errorf("this session was signed out: %d", p.Status)
	}
	if p := b.Post("/account/password", url.Values{"current_password": {seed.Password}, "password": {"a new long secret"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("change password: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Get("/account"); p.Status != http.StatusOK {
		t.Errorf("signed out by one's own password change: %d", p.Status)
	}
	// The last partner global admin cannot leave; others can.
	pga := e.SignIn("globaladmin@fabrikam.example")
	if p := pga.Post("/account/leave", url.Values{"org_id": {itoa(e.Demo.Orgs["Fabrikam Consulting"])}}); p.Status != http.StatusConflict ||
		!strings.Contains(p.Text("[data-testid=refusal]"), "only partner global admin") {
		t.Errorf("last admin leaving: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post("/account/leave", url.Values{"org_id": {itoa(e.Demo.Orgs["Northwind Advisors"])}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("leaving another organisation: %d", p.Status)
	}
	if p := b.Post("/account/leave", url.Values{"org_id": {itoa(e.Demo.Orgs["Fabrikam Consulting"])}}); p.Status != http.StatusSeeOther {
		t.Errorf("leave: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	for _, action := range []string{"account.updated", "sessions.ended", "password.changed", "user.left"} {
		if e.Count("SELECT count(*) FROM audit_events WHERE action = $1 AND actor = $2", action, person) != 1 {
			t.Errorf("%s not audited", action)
		}
	}
}

// The program's admin invites into any organisation and manages what waits.
func TestAdminInvitesIntoAnyOrganisation(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	admin := e.SignIn("admin@program.example")
	org := "/admin/organisations/" + itoa(e.Demo.Orgs["Northwind Advisors"])
	if p := admin.Post(org+"/users", url.Values{"email": {"partner@northwind.example"}, "role": {"consultant"}}); p.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.Text("[data-testid=refusal]"), "already a member") {
		t.Errorf("inviting a member: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := admin.Post(org+"/users", url.Values{"email": {"boss@northwind.example"}, "role": {"partner_global_admin"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	page := admin.Get(org)
	if !strings.Contains(page.Text(`[data-testid=invitation][data-email="boss@northwind.example"]`), "Partner global admin") {
		t.Fatalf("pending invitation not listed: %q", page.Text("main"))
	}
	id := itoa(int64(e.Count("SELECT id FROM invitations WHERE email = 'boss@northwind.example'")))
	// Northwind's own partner admin is no partner global admin: no such invitation to manage.
	if p := e.SignIn("partner@northwind.example").Post("/partner/invitations/"+id+"/revoke", nil); p.Status != http.StatusNotFound {
		t.Errorf("a partner admin withdrawing: %d", p.Status)
	}
	if p := admin.Post(org+"/invitations/"+id+"/revoke", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := admin.Post(org+"/invitations/"+id+"/resend", nil); p.Status != http.StatusConflict {
		t.Errorf("resending a withdrawn invitation: %d", p.Status)
	}
	link := e.LinkIn("boss@northwind.example", "/invitations/")
	if p := e.Browser().Get(link); p.Header.Get("Cache-Control") != "no-store" || !strings.Contains(p.Text("[data-testid=link-state]"), "withdrawn") {
		t.Errorf("withdrawn link page: %q %q", p.Header.Get("Cache-Control"), p.Text("main"))
	}
}

// A benefit administrator sees the project managers invited by naming them
// on a voucher, and may send the link again; a project manager has no such
// page. The invited one follows their vouchers once they accept.
func TestBenefitAdminSeesInvitedProjectManagers(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	ben := e.SignIn("benefits@tailspin.example")
	before := ben.Get("/customer/people")
	if before.Status != http.StatusOK || !strings.Contains(before.Text(`[data-testid=invitation][data-email="it@tailspin.example"]`), "Expired on") {
		t.Fatalf("people page: %d %q", before.Status, before.Text("main"))
	}
	id := itoa(int64(e.Count("SELECT id FROM invitations WHERE email = 'it@tailspin.example'")))
	if p := ben.Post("/customer/invitations/"+id+"/resend", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("resend: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := e.SignIn("benefits@contoso.example").Post("/customer/invitations/"+id+"/revoke", nil); p.Status != http.StatusNotFound {
		t.Errorf("Contoso withdrawing Tailspin's invitation: %d", p.Status)
	}
	if p := e.SignIn("pm@contoso.example").Get("/customer/people"); p.Status != http.StatusNotFound {
		t.Errorf("a project manager's people page: %d", p.Status)
	}
	it := e.Browser()
	if p := it.Post(e.LinkIn("it@tailspin.example", "/invitations/")+"/accept",
		url.Values{"name": {"Tailspin IT"}, "password": {"toys that fly far"}, "language": {"fr"}}); p.Status != http.StatusSeeOther || p.Location != "/customer" {
		t.Fatalf("accept: %d %q %q", p.Status, p.Location, p.Text("[data-testid=refusal]"))
	}
	home := it.Get("/customer")
	if home.Doc.Find("html[lang=fr]").Length() != 1 || home.Doc.Find("[data-testid=my-voucher]").Length() == 0 {
		t.Errorf("the project manager's vouchers in French: %q", home.Text("main"))
	}
}

// An expired invitation says so and offers a new link, which goes to the
// invited address; an expired reset link offers to ask for another.
func TestExpiredLinksOfferNewOnes(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	admin := e.SignIn("globaladmin@fabrikam.example")
	if p := admin.Post("/partner/people", url.Values{"email": {"slow@fabrikam.example"}, "role": {"consultant"}}); p.Status != http.StatusSeeOther {
		t.Fatal(p.Status)
	}
	old := e.LinkIn("slow@fabrikam.example", "/invitations/")
	if p := e.Browser().Post("/password/forgot", url.Values{"email": {"partner@fabrikam.example"}}); p.Status != http.StatusSeeOther {
		t.Fatal(p.Status)
	}
	reset := e.LinkIn("partner@fabrikam.example", "/password/reset/")
	e.SetDate(program.D(2021, 3, 9)) // 8 days on
	b := e.Browser()
	page := b.Get(old)
	if !strings.Contains(page.Text("[data-testid=link-state]"), "expired") || page.Doc.Find(`form[action="`+old+`/renew"]`).Length() != 1 {
		t.Fatalf("expired invitation: %q", page.Text("main"))
	}
	if p := b.Post(old+"/accept", url.Values{"name": {"Slow"}, "password": {"better late than never"}}); p.Status != http.StatusConflict {
		t.Errorf("accepting an expired invitation: %d", p.Status)
	}
	if p := b.Post(old+"/renew", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("renew: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	fresh := e.LinkIn("slow@fabrikam.example", "/invitations/")
	if fresh == old || b.Get(fresh).Doc.Find("[data-testid=new-account-form]").Length() != 1 {
		t.Error("no fresh link to accept with")
	}
	expired := b.Get(reset)
	if !strings.Contains(expired.Text("[data-testid=link-state]"), "expired") || expired.Doc.Find("[data-testid=forgot-form]").Length() != 1 {
		t.Errorf("expired reset link: %q", expired.Text("main"))
	}
	if p := b.Post(reset, url.Values{"password": {"a long new secret"}}); p.Status != http.StatusConflict {
		t.Errorf("using an expired reset link: %d", p.Status)
	}
}
