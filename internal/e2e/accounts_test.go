package e2e

import (
	"regexp"
	"strings"
	"testing"

	"sapsportal/internal/seed"
	"sapsportal/internal/web/webtest"
)

var emailedLink = regexp.MustCompile(`/(?:invitations|password/reset)/[A-Za-z0-9_-]{43}`)

// signOut signs out whoever is signed in.
func (b *browser) signOut() {
	b.t.Helper()
	b.open("/")
	if b.count(`form[action="/logout"] button`) > 0 {
		b.press(`form[action="/logout"] button`)
	}
}

// signInWith signs in with a password of the person's own.
func (b *browser) signInWith(email, password string) {
	b.t.Helper()
	b.signOut()
	b.open("/login")
	b.typeInto("#email", email)
	b.typeInto("#password", password)
	if s := b.press(`[data-testid=login-form] button[type=submit]`); s != 200 {
		b.t.Fatalf("sign in as %s: %d", email, s)
	}
	b.see("[data-testid=signed-in-as]", email)
}

// linkFor reads, as the program's admin in the outbox, the newest emailed
// link to an address, then signs out: the person will open it themselves.
func (b *browser) linkFor(to string) string {
	b.t.Helper()
	b.signIn("admin@program.example")
	b.open("/admin/outbox")
	body := b.text(`[data-testid=email][data-to="` + to + `"] pre`)
	link := emailedLink.FindString(body)
	if link == "" {
		b.t.Fatalf("no link in the email to %s: %q", to, body)
	}
	b.screenshot("email-to-" + strings.Split(to, "@")[0])
	b.signOut()
	return link
}

// invite invites a person to Fabrikam as its partner global admin.
func (b *browser) invite(email, role string) {
	b.t.Helper()
	b.signIn("globaladmin@fabrikam.example")
	b.open("/partner/organisation")
	b.typeInto("#inv-email", email)
	b.choose("#inv-role", role)
	b.press(`form[action="/partner/people"] button[type=submit]`)
	b.see("[data-testid=flash]", email+" is invited")
}

// A partner global admin invites a consultant, who accepts from the email,
// chooses a password, signs in with it and records an exam.
func TestBrowserInvitedConsultantJoinsAndRecordsAnExam(t *testing.T) {
	e := webtest.New(t)
	b := newBrowser(t, e)
	const ada = "ada@fabrikam.example"
	b.invite(ada, "consultant")
	b.see(`[data-testid=invitation][data-email="`+ada+`"]`, "Consultant")
	b.screenshot("invitation-pending")

	link := b.linkFor(ada)
	b.open(link)
	b.see("[data-testid=invitation-summary]", "invited to act for Fabrikam Consulting as Consultant")
	b.typeInto("#inv-name", "Ada Lovelace")
	b.typeInto("#inv-password", "analytical engine notes")
	b.screenshot("new-account")
	b.press(`[data-testid=new-account-form] [data-testid=accept]`)
	b.see("[data-testid=signed-in-as]", ada)
	b.see("[data-testid=flash]", "now a member")
	b.screenshot("joined")

	b.signInWith(ada, "analytical engine notes")
	b.press(`nav a[href="/partner/exams"]`)
	b.choose("#passed", "2021-02-15")
	b.press(`form[action="/partner/exams"] button[type=submit]`)
	if b.count(`[data-testid=exams] li`) != 1 {
		t.Fatalf("recorded exams: %q", b.text("main"))
	}
	b.screenshot("exam-recorded")
	if n := e.Count("SELECT count(*) FROM consultant_exams x JOIN users u ON u.id = x.user_id WHERE u.email = $1", ada); n != 1 {
		t.Errorf("exams stored for %s: %d", ada, n)
	}
}

// A person who forgot their password asks for a link, sets a new password
// from the email and signs in with it.
func TestBrowserForgottenPassword(t *testing.T) {
	e := webtest.New(t)
	b := newBrowser(t, e)
	const person = "consultant@fabrikam.example"
	b.open("/login")
	b.press(`[data-testid=forgot-link]`)
	b.typeInto("#forgot-email", person)
	b.screenshot("forgot")
	b.press(`[data-testid=forgot-form] button[type=submit]`)
	b.see("[data-testid=flash]", "If an account uses this address")

	link := b.linkFor(person)
	b.open(link)
	// (A short one is refused by the browser itself, minlength=12, and by
	// the server: see TestForgottenPasswordEndsEverySession.)
	b.typeInto("#reset-password", "password1234")
	b.expect(422)
	b.press(`[data-testid=reset-form] button[type=submit]`)
	b.see("[data-testid=refusal]", "too common")
	b.typeInto("#reset-password", "a fresh passphrase")
	b.press(`[data-testid=reset-form] button[type=submit]`)
	b.see("[data-testid=flash]", "Your password is changed")
	b.screenshot("password-changed")

	b.open(link)
	b.see("[data-testid=link-state]", "already used")
	b.screenshot("link-used")
	b.signInWith(person, "a fresh passphrase")
	b.press(`[data-testid=account-link]`)
	b.see("[data-testid=this-session]", "this browser")
	b.screenshot("account")
	b.signOut()
	b.typeInto("#email", person)
	b.typeInto("#password", seed.Password)
	b.expect(401)
	b.press(`[data-testid=login-form] button[type=submit]`)
	b.see("[data-testid=refusal]", "not right")
}

// An existing customer user invited by a partner signs in on the
// invitation's page, declines, and stays out of the partner.
func TestBrowserExistingPersonDeclines(t *testing.T) {
	e := webtest.New(t)
	b := newBrowser(t, e)
	const pm = "pm@contoso.example"
	b.invite(pm, "partner_admin")

	link := b.linkFor(pm)
	b.open(link)
	b.see("[data-testid=link-state]", "You already have an account")
	b.typeInto("#inv-current", seed.Password)
	b.screenshot("asked-to-sign-in")
	b.press(`[data-testid=answer-form] [data-testid=decline]`)
	b.see("[data-testid=flash]", "You declined the invitation")

	b.signIn(pm)
	if b.location() != "/customer" || b.count("#org-switch") != 0 {
		t.Errorf("after declining: at %s with %d organisation switchers", b.location(), b.count("#org-switch"))
	}
	b.see("[data-testid=org-name]", "Contoso")
	b.screenshot("still-only-contoso")
	if n := e.Count(`SELECT count(*) FROM memberships WHERE user_id = $1 AND org_id = $2`, e.Demo.Users[pm], e.Demo.Orgs["Fabrikam Consulting"]); n != 0 {
		t.Errorf("declined yet a member of Fabrikam: %d", n)
	}
}
