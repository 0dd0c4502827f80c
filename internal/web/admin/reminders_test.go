package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

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
