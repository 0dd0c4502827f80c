package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// The account page's reminder switches: a kind turned off is stored and
// shown off; the others stay on.
func TestAccountReminderSwitches(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	page := b.Get("/account")
	if page.Doc.Find("[data-testid=reminders-form] input[name=remind][checked]").Length() != len(program.ReminderKinds) {
		t.Fatalf("every reminder is on at first: %q", page.Text("[data-testid=reminders-form]"))
	}
	form := url.Values{"remind": {"assigned_expiry", "voucher_expiry", "reserved_expiry", "redeem", "payment_window"}}
	if p := b.Post("/account/reminders", form); p.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", p.Status)
	}
	if n := e.Count(`SELECT count(*) FROM reminder_optouts WHERE email = 'benefits@contoso.example' AND kind = 'removal'`); n != 1 {
		t.Errorf("removal off: %d", n)
	}
	if n := e.Count(`SELECT count(*) FROM reminder_optouts WHERE email = 'benefits@contoso.example'`); n != 1 {
		t.Errorf("only removal off: %d rows", n)
	}
	page = b.Get("/account")
	if page.Doc.Find("#remind-removal[checked]").Length() != 0 || page.Doc.Find("#remind-redeem[checked]").Length() != 1 {
		t.Error("the page does not show the choice")
	}
	if n := e.Count(`SELECT count(*) FROM audit_events WHERE action = 'reminders.chosen' AND actor = 'benefits@contoso.example'`); n != 1 {
		t.Errorf("choice audited: %d", n)
	}
}

// The link in a reminder works without signing in: its page changes
// nothing, its one button turns that kind off; a forged one is refused.
func TestUnsubscribeLink(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.SetDate(program.D(2021, 6, 1))
	if _, err := e.App.SendReminders(context.Background()); err != nil {
		t.Fatal(err)
	}
	link := e.LinkIn("benefits@contoso.example", "/unsubscribe?")
	b := e.Browser()
	page := b.Get(link)
	if page.Status != http.StatusOK || page.Doc.Find("[data-testid=unsubscribe-form] button").Length() != 1 {
		t.Fatalf("link page: %d %q", page.Status, page.Text("main"))
	}
	if n := e.Count(`SELECT count(*) FROM reminder_optouts`); n != 0 {
		t.Fatalf("opening the link unsubscribed")
	}
	u, _ := url.Parse(link)
	done := b.Post("/unsubscribe", u.Query())
	if done.Status != http.StatusOK || !strings.Contains(done.Text("[data-testid=unsubscribed]"), "benefits@contoso.example") {
		t.Fatalf("unsubscribe: %d %q", done.Status, done.Text("main"))
	}
	if n := e.Count(`SELECT count(*) FROM reminder_optouts WHERE email = 'benefits@contoso.example' AND kind = 'removal'`); n != 1 {
		t.Errorf("not unsubscribed: %d", n)
	}
	q := u.Query()
	q.Set("email", "benefits@tailspin.example") // someone else, with Contoso's signature
	if p := b.Post("/unsubscribe", q); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("forged link: %d", p.Status)
	}
	if p := b.Get("/unsubscribe?" + q.Encode()); p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("main"), "not valid") {
		t.Errorf("forged link page: %d %q", p.Status, p.Text("main"))
	}
	if n := e.Count(`SELECT count(*) FROM reminder_optouts`); n != 1 {
		t.Errorf("forged link changed something: %d", n)
	}
}
