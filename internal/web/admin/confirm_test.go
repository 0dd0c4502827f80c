package admin_test

import (
	"net/http"
	"strings"
	"testing"

	"sapsportal/internal/web/webtest"
)

// Moving the simulated clock, suspending an organisation and deciding a
// payment each ask first, saying what will happen, and change nothing
// until the confirmation's own form is sent.
func TestAdminChangesAreConfirmedFirst(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	count := func() int { return e.Count("SELECT count(*) FROM audit_events") }
	before := count()
	c := b.Get("/admin/clock?date=2021-07-02")
	got := c.Text("[data-testid=confirm-happens]")
	if c.Status != http.StatusOK || !strings.Contains(got, "1 July 2021") || !strings.Contains(got, "30 June 2021") || !strings.Contains(got, "cannot be moved back") {
		t.Errorf("clock confirmation: %d %q", c.Status, got)
	}
	if c.Doc.Find(`[data-testid=confirm-form] input[name=date][value="2021-07-02"]`).Length() != 1 {
		t.Error("the confirmation does not post the date")
	}
	for bad, says := range map[string]string{"2021-02-30": "Set the date to is not a date", "15/03/2021": "is not a date: write it as YYYY-MM-DD", "2020-01-01": "only moves forward"} {
		p := b.Get("/admin/clock?date=" + bad)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("#clock-date-error"), says) || p.Doc.Find(`#clock-date[aria-invalid=true]`).AttrOr("value", "") != bad {
			t.Errorf("clock %s: %d %q", bad, p.Status, p.Text("main"))
		}
	}
	if p := b.Get("/admin/clock?advance=ten"); p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("[data-testid=refusal]"), "must be a whole number") {
		t.Errorf("advance by ten: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	org := e.Demo.Orgs["Tailspin Toys"]
	s := b.Get("/admin/organisations/" + id(org) + "/suspend")
	if s.Status != http.StatusOK || !strings.Contains(s.Text("[data-testid=confirm-happens]"), "can no longer sign in") {
		t.Errorf("suspend confirmation: %d %q", s.Status, s.Text("main"))
	}
	if count() != before {
		t.Fatal("a confirmation changed something")
	}
}

// Non-numeric days and impossible dates in the admin's forms are refused
// by name, beside their field, before any rule of the program.
func TestAdminFormsSayWhichDateIsWrong(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	org := id(e.Demo.Orgs["Contoso Ltd"])
	enr := id(e.Demo.Enrollments["SA-CONTOSO-US-02"])
	p := b.Post("/admin/organisations/"+org+"/accruals", map[string][]string{"enrollment_id": {enr}, "date": {"2021-02-30"}, "days": {"ten"}, "note": {"typed"}})
	if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("#date-"+enr+"-error"), "Date is not a date") ||
		!strings.Contains(p.Text("#days-"+enr+"-error"), "Days must be a whole number") || p.Doc.Find("#note-"+enr).AttrOr("value", "") != "typed" {
		t.Errorf("accrual: %d %q", p.Status, p.Text("main"))
	}
	p = b.Post("/admin/organisations/"+org+"/enrollments", map[string][]string{"agreement_number": {"SA-1"}, "country": {"US"}, "sa_end_date": {"15/03/2021"}})
	if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("#sa_end_date-error"), "SA end date is not a date") ||
		p.Doc.Find("#agreement_number").AttrOr("value", "") != "SA-1" {
		t.Errorf("enrollment date: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	// Every problem at once, the length before "enter".
	p = b.Post("/admin/organisations/"+org+"/enrollments", map[string][]string{"agreement_number": {strings.Repeat("A", 101)}, "country": {"USA"}})
	if p.Status != http.StatusUnprocessableEntity || p.Doc.Find("[data-testid=error-summary] li").Length() != 3 ||
		!strings.Contains(p.Text("#agreement_number-error"), "at most 100") {
		t.Errorf("enrollment: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
}
