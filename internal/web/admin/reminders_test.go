package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// The reminder days are policy beside the schedule: edited, confirmed,
// audited; a bad list is explained and changes nothing.
func TestReminderDaysAreEditablePolicy(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	form := url.Values{}
	b.Get("/admin/policy").Doc.Find("[data-testid=policy-form] input").Each(func(_ int, s *goquerySel) {
		form.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	if form.Get("reminder_removal") != "30, 7, 1" || form.Get("reminder_payment_window") != "14, 3" {
		t.Fatalf("defaults: %q %q", form.Get("reminder_removal"), form.Get("reminder_payment_window"))
	}
	form.Set("reminder_removal", "0, 7")
	if p := b.Post("/admin/policy", form); p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("[data-testid=refusal]"), "from 1 to 365") {
		t.Errorf("bad days: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	form.Set("reminder_removal", "60, 14")
	form.Set("confirm", "yes")
	if p := b.Post("/admin/policy", form); p.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if e.Count(`SELECT count(*) FROM policy WHERE reminder_days->'removal' = '[60, 14]'::jsonb AND reminder_days->'payment_window' = '[14, 3]'::jsonb`) != 1 {
		t.Error("reminder days not saved")
	}
	if e.Count(`SELECT count(*) FROM audit_events WHERE action = 'policy.changed' AND details->'after'->>'reminder_removal' = '60, 14'`) != 1 {
		t.Error("not audited")
	}
}

// The console shows what went out and what is due next.
func TestRemindersConsole(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.SetDate(program.D(2021, 5, 25))
	if _, err := e.App.SendReminders(context.Background()); err != nil {
		t.Fatal(err)
	}
	b := e.SignIn("admin@program.example")
	page := b.Get("/admin/reminders")
	if page.Status != http.StatusOK {
		t.Fatalf("page: %d", page.Status)
	}
	// Nothing is due on 25 May; the removal's 30-day reminders go out on 1 June.
	if n := page.Doc.Find("[data-testid=reminder-sent]").Length(); n != 0 {
		t.Errorf("sent: %d", n)
	}
	next := page.Text("[data-testid=reminders-next]")
	if !strings.Contains(next, "1 June 2021") || !strings.Contains(next, "SA-CONTOSO-US-01") || !strings.Contains(next, "30 June 2021") {
		t.Errorf("due next: %q", next)
	}
	e.SetDate(program.D(2021, 6, 1))
	if _, err := e.App.SendReminders(context.Background()); err != nil {
		t.Fatal(err)
	}
	page = b.Get("/admin/reminders")
	if n := page.Doc.Find("[data-testid=reminder-sent]").Length(); n != 3 { // Contoso ×2, Tailspin
		t.Errorf("sent after 1 June: %d", n)
	}
	if strings.Contains(page.Text("[data-testid=reminders-next]"), "1 June 2021") {
		t.Error("a sent reminder is still listed as due")
	}
}
