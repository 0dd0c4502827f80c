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

// The public schedule: from the policy, as a picture with its text and a
// table, in English and French, without signing in.
func TestPublicSchedulePage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.Browser()
	page := b.Get("/schedule")
	if page.Status != http.StatusOK {
		t.Fatalf("schedule: %d", page.Status)
	}
	rows := page.Doc.Find("[data-testid=milestone]")
	if rows.Length() != 7 {
		t.Errorf("milestones: %d, want 7", rows.Length())
	}
	if got := page.Text("[data-testid=milestone]:nth-child(4)"); !strings.Contains(got, "30 June 2021 (UTC)") || !strings.Contains(got, "Last day to create") {
		t.Errorf("last day to create: %q", got)
	}
	if got := page.Text("[data-testid=milestone]:last-child"); !strings.Contains(got, "2 March 2022 (UTC)") {
		t.Errorf("last payment request: %q", got)
	}
	svg := page.Doc.Find("[data-testid=timeline] svg[role=img]")
	if svg.Length() != 1 || !strings.Contains(svg.Find("desc").Text(), "1 July 2021: Every remaining day in every ledger is removed") {
		t.Errorf("timeline text equivalent: %q", svg.Find("desc").Text())
	}
	if n := page.Doc.Find("[data-testid=timeline-mark]").Length(); n != 6 { // two rules share 1 February 2020
		t.Errorf("marks: %d, want 6", n)
	}
	if page.Doc.Find("[data-testid=timeline-today]").Length() != 1 {
		t.Error("today (1 March 2021) is not marked")
	}
	// A global admin's change of the schedule shows at once.
	p, err := e.App.Policy(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p.LastDayToRedeem = program.D(2022, 2, 1)
	if p.Location, err = program.LoadLocation("Pacific/Auckland"); err != nil {
		t.Fatal(err)
	}
	if err := e.App.SavePolicy(context.Background(), e.Demo.Actor("admin@program.example"), p); err != nil {
		t.Fatal(err)
	}
	if got := b.Get("/schedule").Text("[data-testid=schedule]"); !strings.Contains(got, "1 February 2022 (Pacific/Auckland)") {
		t.Errorf("after a policy change: %q", got)
	}
	b.Post("/lang", url.Values{"lang": {"fr"}})
	fr := b.Get("/schedule")
	if got := fr.Text("[data-testid=schedule]"); !strings.Contains(got, "30 juin 2021 (Pacific/Auckland)") || !strings.Contains(got, "Dernier jour pour créer ou attribuer un bon") {
		t.Errorf("French: %q", got)
	}
	if !strings.Contains(fr.Doc.Find("desc").Text(), "Tous les jours restants") {
		t.Errorf("French picture text: %q", fr.Doc.Find("desc").Text())
	}
}

// "What happens on …" projects from the same rules and changes nothing.
func TestWhatIfOnTheHomePages(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	ledger := e.Count(`SELECT count(*) FROM ledger_entries`)
	ben := e.SignIn("benefits@contoso.example")
	page := ben.Get("/customer/?on=2021-07-01")
	if page.Status != http.StatusOK {
		t.Fatalf("what if: %d %q", page.Status, page.Text("[data-testid=whatif]"))
	}
	removed := page.Doc.Find("[data-testid=whatif-removed]")
	if removed.Length() != 2 || !strings.Contains(removed.Text(), "SA-CONTOSO-US-01: 40 days removed on 1 July 2021") ||
		!strings.Contains(removed.Text(), "SA-CONTOSO-US-02: 18 days removed") {
		t.Errorf("removed: %q", removed.Text())
	}
	if !strings.Contains(page.Text("[data-testid=whatif-result]"), "can no longer be created") {
		t.Errorf("creation closed not said: %q", page.Text("[data-testid=whatif-result]"))
	}
	later := ben.Get("/customer/?on=2021-08-20")
	if got := later.Text("[data-testid=whatif-expired]"); !strings.Contains(got, e.Demo.Vouchers["contoso-assigned"].Code.Display()) || !strings.Contains(got, "forfeited") {
		t.Errorf("expired: %q", got)
	}
	for _, bad := range []string{"2021-13-01", "2021-02-01", "soon"} {
		p := ben.Get("/customer/?on=" + bad)
		if p.Status != http.StatusUnprocessableEntity || p.Text("[data-testid=whatif] [data-testid=refusal]") == "" {
			t.Errorf("%q: %d %q", bad, p.Status, p.Text("[data-testid=whatif]"))
		}
	}
	partner := e.SignIn("partner@fabrikam.example")
	p := partner.Get("/partner/?on=2021-08-10")
	if got := p.Text("[data-testid=whatif-expired]"); !strings.Contains(got, e.Demo.Vouchers["contoso-reserved"].Code.Display()) {
		t.Errorf("partner: reserved voucher not expired: %q", p.Text("[data-testid=whatif]"))
	}
	if n := e.Count(`SELECT count(*) FROM ledger_entries`); n != ledger {
		t.Errorf("the projection changed the ledger: %d → %d", ledger, n)
	}
	// The demo's two expired vouchers and tailspin-lapsed (DOMAIN.md §9).
	if n := e.Count(`SELECT count(*) FROM vouchers WHERE state = 'EXPIRED'`); n != 3 {
		t.Errorf("the projection expired vouchers: %d", n)
	}
}

// A payment window that would close, with its amount.
func TestWhatIfShowsPaymentsNoLongerPossible(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	// Setup: the payment-requested voucher as if redeemed and not yet requested.
	id := e.Demo.Vouchers["contoso-payment-requested"].ID
	e.Exec(`DELETE FROM payment_requests WHERE voucher_id = $1`, id)
	e.Exec(`UPDATE vouchers SET state = 'REDEEMED' WHERE id = $1`, id)
	p := e.SignIn("globaladmin@fabrikam.example").Get("/partner/?on=2021-04-22")
	got := p.Text("[data-testid=whatif-payment]")
	if !strings.Contains(got, "last day to request payment: 21 April 2021") || !strings.Contains(got, "USD") {
		t.Errorf("payment: %q", p.Text("[data-testid=whatif]"))
	}
}
