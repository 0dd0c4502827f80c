package admin_test

import (
	"net/http"
	"strconv"
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

// The clock's confirmation names the vouchers the move expires (their IDs,
// customers and what becomes of their days) and the enrollments the
// removal day empties, by the sweeps' own rules; moving the date then does
// just that.
func TestClockConfirmationListsWhatExpires(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	before := b.Get("/admin/clock?date=2021-06-30")
	if before.Status != http.StatusOK || !strings.Contains(before.Text("[data-testid=clock-expiring-none]"), "No voucher expires by 30 June 2021") ||
		before.Doc.Find("#clock-removals").Length() != 0 {
		t.Errorf("before the removal: %d %q", before.Status, before.Text("[data-testid=confirm]"))
	}
	c := b.Get("/admin/clock?date=2021-08-15")
	rows := c.Doc.Find("[data-testid=clock-expiring] tbody tr")
	if c.Status != http.StatusOK || rows.Length() != 2 {
		t.Fatalf("expiring: %d %q", c.Status, c.Text("[data-testid=confirm]"))
	}
	for i, name := range []string{"contoso-reserved", "tailspin-assigned"} {
		v := e.Demo.Vouchers[name]
		got := strings.Join(strings.Fields(rows.Eq(i).Text()), " ")
		if !strings.Contains(got, v.Code.Display()) || !strings.Contains(got, "Forfeited") {
			t.Errorf("%s: %q", name, got)
		}
		if href := rows.Eq(i).Find("a").AttrOr("href", ""); href != "/admin/vouchers/"+id(v.ID) {
			t.Errorf("%s link: %q", name, href)
		}
	}
	if got := rows.Eq(0).Text(); !strings.Contains(got, "Contoso Ltd") {
		t.Errorf("customer: %q", got)
	}
	if c.Doc.Find("[data-testid=clock-expiring-more]").Length() != 0 {
		t.Error("more vouchers than there are")
	}
	var cells []string
	c.Doc.Find("[data-testid=clock-removals] tbody td").Each(func(_ int, s *goquerySel) { cells = append(cells, strings.TrimSpace(s.Text())) })
	removals := strings.Join(cells, " | ")
	for _, want := range []string{"SA-CONTOSO-US-01 | Contoso Ltd | 40", "SA-TAILSPIN-FR-01 | Tailspin Toys | 20"} {
		if !strings.Contains(removals, want) {
			t.Errorf("removals: want %q in %q", want, removals)
		}
	}
	sum := 0
	c.Doc.Find("[data-testid=clock-removals] tbody tr td.num").Each(func(_ int, s *goquerySel) {
		n, _ := strconv.Atoi(strings.TrimSpace(s.Text()))
		sum += n
	})
	if n := c.Doc.Find("[data-testid=clock-removals] tbody tr").Length(); n != 3 || sum != 78 {
		// The catch-up removes 78 days; SA-TAILSPIN-FR-02 has none left to lose.
		t.Errorf("removals: %d enrollments, %d days; want 3 and 78", n, sum)
	}
	// The move does what the confirmation said.
	if p := b.Post("/admin/clock", map[string][]string{"date": {"2021-08-15"}}); p.Status >= 400 {
		t.Fatalf("move: %d", p.Status)
	}
	if n := e.Count(`SELECT count(*) FROM vouchers WHERE state = 'EXPIRED' AND id IN ($1, $2)`,
		e.Demo.Vouchers["contoso-reserved"].ID, e.Demo.Vouchers["tailspin-assigned"].ID); n != 2 {
		t.Errorf("expired after the move: %d", n)
	}
	if n := e.Count(`SELECT -days FROM ledger_entries WHERE kind = 'retirement_removal' AND enrollment_id = $1`, e.Demo.Enrollments["SA-CONTOSO-US-01"]); n != 40 {
		t.Errorf("removed from SA-CONTOSO-US-01: %d", n)
	}
}

// The list stops at its first 50 vouchers and says how many more expire.
func TestClockConfirmationCapsItsList(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.Exec(`INSERT INTO vouchers (code, org_id, enrollment_id, country, engagement_type_id, days, project_manager_email, state, created_on, expires_on)
		SELECT 'CAP' || lpad(g::text, 9, '0'), org_id, enrollment_id, country, engagement_type_id, 1, project_manager_email, 'ASSIGNED', created_on, expires_on
		FROM vouchers, generate_series(1, 55) g WHERE id = $1`, e.Demo.Vouchers["contoso-assigned"].ID)
	p := e.SignIn("admin@program.example").Get("/admin/clock?date=2021-08-20")
	if n := p.Doc.Find("[data-testid=clock-expiring] tbody tr").Length(); n != 50 {
		t.Errorf("listed: %d", n)
	}
	if got := p.Text("[data-testid=clock-expiring-more]"); !strings.Contains(got, "and 8 more vouchers") {
		t.Errorf("more: %q", got)
	}
}
