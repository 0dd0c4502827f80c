package admin_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store/storetest"
	"sapsportal/internal/web/webtest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func id(n int64) string { return strconv.FormatInt(n, 10) }

var adminGets = []string{"/admin", "/admin/organisations", "/admin/organisations/1", "/admin/enrollments", "/admin/catalog",
	"/admin/policy", "/admin/vouchers", "/admin/vouchers/1", "/admin/payments", "/admin/payments/export", "/admin/audit",
	"/admin/audit/export", "/admin/outbox", "/admin/accruals/import", "/admin/files/1"}

var adminPosts = []string{"/admin/organisations", "/admin/organisations/1/suspend", "/admin/enrollments/1/approve", "/admin/policy",
	"/admin/clock", "/admin/vouchers/1/approve", "/admin/vouchers/1/extend", "/admin/accruals/import", "/admin/catalog/rates"}

func TestNonAdminsGetNotFoundEverywhere(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	before := e.Count("SELECT count(*) FROM audit_events")
	for _, email := range []string{"benefits@contoso.example", "pm@contoso.example", "globaladmin@fabrikam.example", "consultant@fabrikam.example"} {
		b := e.SignIn(email)
		for _, p := range adminGets {
			if page := b.Get(p); page.Status != 404 {
				t.Errorf("%s GET %s = %d", email, p, page.Status)
			}
		}
		for _, p := range adminPosts {
			if page := b.Post(p, url.Values{"date": {"2021-07-02"}, "name": {"X"}, "kind": {"customer"}}); page.Status != 404 {
				t.Errorf("%s POST %s = %d", email, p, page.Status)
			}
		}
	}
	if e.Count("SELECT count(*) FROM audit_events") != before {
		t.Error("a non-admin changed something")
	}
	admin := e.SignIn("admin@program.example")
	for _, p := range adminGets[:8] {
		if page := admin.Get(p); page.Status != 200 {
			t.Errorf("admin GET %s = %d", p, page.Status)
		}
	}
}

func TestHomeAtAGlance(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	p := e.SignIn("admin@program.example").Get("/admin")
	if !strings.Contains(p.Text("[data-testid=today-mark]"), "1 March 2021") || p.Doc.Find("[data-testid=timeline-svg] line").Length() < 6 {
		t.Errorf("timeline: %q", p.Text("[data-testid=timeline-svg]"))
	}
	days := p.Text("[data-testid=days-stats]")
	// Accrued 25+10+30+19+3 = 87, converted 5+2 = 7: 94.
	if !strings.Contains(days, "94") {
		t.Errorf("days stats: %q", days)
	}
	if got := p.Doc.Find(`[data-testid=payment-stats] tr`).First().Text(); !strings.Contains(got, "3,300.00 USD") {
		t.Errorf("payment stats: %q", got)
	}
	if q := p.Text("[data-testid=queues]"); !strings.Contains(q, "1 payment request") || strings.Contains(q, "1 payment requests") {
		t.Errorf("queues: %q", p.Text("[data-testid=queues]"))
	}
}

func TestOrganisationsPeopleAndSuspension(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	if p := b.Post("/admin/organisations", url.Values{"name": {" "}, "kind": {"customer"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("blank name: %d", p.Status)
	}
	p := b.Post("/admin/organisations", url.Values{"name": {"Adventure Works"}, "kind": {"customer"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	org := b.Follow(p)
	if org.Text("[data-testid=org-title]") != "Adventure Works" {
		t.Fatalf("org page: %q", org.Text("main"))
	}
	path := p.Location
	if p := b.Post(path+"/users", url.Values{"email": {"ben@adventure.example"}, "role": {"consultant"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("partner role in a customer: %d", p.Status)
	}
	if p := b.Post(path+"/users", url.Values{"email": {"ben@adventure.example"}, "role": {"benefit_admin"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("add user: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	// The new person joins by accepting the emailed invitation.
	if p := e.Browser().Post(e.LinkIn("ben@adventure.example", "/invitations/")+"/accept",
		url.Values{"name": {"Ben"}, "password": {"correct horse battery"}, "language": {"en"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post(path+"/enrollments", url.Values{"agreement_number": {"SA-AW-1"}, "country": {"gb"}, "sa_end_date": {"2022-12-31"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("SA enrollment: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post(path+"/enrollments", url.Values{"agreement_number": {"SA-AW-1"}, "country": {"GB"}, "sa_end_date": {"2022-12-31"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("duplicate agreement: %d", p.Status)
	}
	ben := e.Browser()
	if r := ben.Post("/login", url.Values{"email": {"ben@adventure.example"}, "password": {"correct horse battery"}}); r.Location != "/customer" {
		t.Fatalf("new user sign-in: %d %q", r.Status, r.Location)
	}
	if !strings.Contains(ben.Get("/customer").Text("main"), "SA-AW-1 (GB)") {
		t.Error("new customer's enrollment not on its home")
	}
	// Removed, then added back: membership is what grants access.
	benID := id(int64(e.Count("SELECT id FROM users WHERE email = 'ben@adventure.example'")))
	if p := b.Post(path+"/users/"+benID+"/remove", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("remove: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if r := e.Browser().Post("/login", url.Values{"email": {"ben@adventure.example"}, "password": {"correct horse battery"}}); r.Status != http.StatusForbidden ||
		!strings.Contains(r.Text("[data-testid=refusal]"), "no longer belong to any organisation") {
		t.Errorf("sign-in with no membership left: %d %q", r.Status, r.Text("[data-testid=refusal]"))
	}
	if p := b.Post(path+"/users/"+benID+"/remove", nil); p.Status != 404 {
		t.Errorf("removing twice: %d", p.Status)
	}
	if p := b.Post(path+"/users", url.Values{"email": {"ben@adventure.example"}, "role": {"benefit_admin"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("add back: %d", p.Status)
	}
	// With no organisation left Ben cannot sign in, but answers on the
	// invitation's page with his password, which the invitation left as it was.
	if p := e.Browser().Post(e.LinkIn("ben@adventure.example", "/invitations/")+"/accept",
		url.Values{"password": {"correct horse battery"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("accept again: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post(path+"/suspend", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("suspend: %d", p.Status)
	}
	if r := e.Browser().Post("/login", url.Values{"email": {"ben@adventure.example"}, "password": {"correct horse battery"}}); r.Status != http.StatusForbidden {
		t.Errorf("suspended sign-in: %d", r.Status)
	}
	if e.Count("SELECT count(*) FROM audit_events WHERE action = 'organisation.suspended' AND actor = 'admin@program.example'") != 1 {
		t.Error("suspension not audited")
	}
	list := b.Get("/admin/organisations?q=adventure&kind=customer")
	if list.Doc.Find("[data-testid=organisations] tbody tr").Length() != 1 || !strings.Contains(list.Text("[data-testid=organisations]"), "Suspended") {
		t.Errorf("search: %q", list.Text("[data-testid=organisations]"))
	}
}

func TestOrganisationListPagesByKeyset(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	for i := range 30 {
		e.Exec("INSERT INTO organisations (name, kind) VALUES ($1, 'customer')", "Customer "+strconv.Itoa(100+i))
	}
	b := e.SignIn("admin@program.example")
	seen := map[string]bool{}
	path := "/admin/organisations?kind=customer"
	for path != "" {
		p := b.Get(path)
		p.Doc.Find("[data-testid=organisations] tbody tr td:first-child").Each(func(_ int, s *goquerySel) {
			if seen[s.Text()] {
				t.Errorf("%s twice", s.Text())
			}
			seen[s.Text()] = true
		})
		path, _ = p.Doc.Find("[data-testid=next-page]").Attr("href")
	}
	if len(seen) != 32 { // 30 + Contoso + Tailspin
		t.Errorf("saw %d customers, want 32", len(seen))
	}
}

func TestAccrualsAndAllOrNothingImport(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	contoso := "/admin/organisations/" + id(e.Demo.Orgs["Contoso Ltd"])
	c1 := id(e.Demo.Enrollments["SA-CONTOSO-US-01"])
	// On the demo date (2021-03-01) accrual is closed.
	if p := b.Post(contoso+"/accruals", url.Values{"enrollment_id": {c1}, "date": {"2021-01-15"}, "days": {"5"}}); p.Status != http.StatusConflict || !strings.Contains(p.Text("[data-testid=refusal]"), "No days accrue from 1 February 2021") {
		t.Errorf("accrual in March 2021: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	e.SetDate(program.D(2021, 1, 20))
	if p := b.Post(contoso+"/accruals", url.Values{"enrollment_id": {c1}, "date": {"2021-01-15"}, "days": {"5"}, "note": {"Q3"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("accrual: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if e.Count("SELECT balance FROM sa_enrollments WHERE agreement_number = 'SA-CONTOSO-US-01'") != 45 {
		t.Fatal("accrual not in the balance")
	}
	before := e.Count("SELECT count(*) FROM ledger_entries")
	bad := "agreement_number,date,days,note\nSA-CONTOSO-US-01,2021-01-10,3,ok\nSA-NOPE,2021-01-10,3,unknown\nSA-TAILSPIN-FR-01,2021-01-10,two,bad days\nSA-TAILSPIN-FR-01,2021-01-10,4,ok\n"
	p := b.Post("/admin/accruals/import", url.Values{"csv": {bad}})
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad import: %d", p.Status)
	}
	errs := p.Doc.Find("[data-testid=import-errors] tbody tr")
	if errs.Length() != 2 || !strings.Contains(errs.First().Text(), "SA-NOPE") || !strings.HasPrefix(strings.TrimSpace(errs.First().Find("td").First().Text()), "3") ||
		!strings.Contains(errs.Last().Text(), `"two" is not a whole number`) {
		t.Errorf("listed errors: %q", p.Text("[data-testid=import-errors]"))
	}
	if e.Count("SELECT count(*) FROM ledger_entries") != before {
		t.Fatal("a rejected import wrote ledger entries")
	}
	good := "SA-CONTOSO-US-01,2021-01-10,3,Jan\nSA-TAILSPIN-FR-01,2021-01-10,4,Jan\n"
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", "accruals.csv")
	fw.Write([]byte(good))
	w.Close()
	p = b.PostRaw("/admin/accruals/import", w.FormDataContentType(), &buf)
	if p.Status != http.StatusSeeOther || !strings.Contains(b.Follow(p).Text("[data-testid=flash]"), "Imported 2 accruals, 7 days in all.") {
		t.Fatalf("good import: %d", p.Status)
	}
	if e.Count("SELECT count(*) FROM ledger_entries") != before+2 {
		t.Error("good import did not write 2 entries")
	}
}

func TestEnrollmentRequestApproval(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	nw := e.Demo.Actor("partner@northwind.example")
	nw.Role = program.PartnerGlobalAdmin // act as Northwind's global admin
	if err := e.App.RequestEnrollment(context.Background(), nw, "DDPS"); err != nil {
		t.Fatal(err)
	}
	b := e.SignIn("admin@program.example")
	q := b.Get("/admin/enrollments")
	req := q.Doc.Find(`[data-testid=enrollment-request][data-partner="Northwind Advisors"]`)
	if req.Length() != 1 || !strings.Contains(req.Text(), "eligible for 0 of 3 engagement types of DDPS") {
		t.Fatalf("queue: %q", q.Text("main"))
	}
	reqID := e.Count("SELECT id FROM partner_enrollments WHERE status = 'requested'")
	if p := b.Post("/admin/enrollments/"+id(int64(reqID))+"/reject", url.Values{"reason": {""}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("reject without reason: %d", p.Status)
	}
	if p := b.Post("/admin/enrollments/"+id(int64(reqID))+"/approve", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if e.Count("SELECT count(*) FROM partner_enrollments WHERE id = $1 AND status = 'approved' AND valid_from = '2021-03-01' AND valid_to = '2022-02-28'", reqID) != 1 {
		t.Error("approval not valid for 12 months")
	}
	if p := b.Post("/admin/enrollments/"+id(int64(reqID))+"/approve", nil); p.Status != http.StatusConflict {
		t.Errorf("approving twice: %d", p.Status)
	}
}

func TestPolicyChangeIsConfirmedAuditedAndApplies(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	form := url.Values{}
	b.Get("/admin/policy").Doc.Find("[data-testid=policy-form] input").Each(func(_ int, s *goquerySel) {
		form.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	form.Set("last_day_to_create", "2021-02-28")
	confirm := b.Post("/admin/policy", form)
	if confirm.Status != 200 || !strings.Contains(confirm.Text("[data-testid=policy-confirm]"), "Last day to create vouchers: 2021-06-30 → 2021-02-28") {
		t.Fatalf("confirmation: %q", confirm.Text("[data-testid=policy-confirm]"))
	}
	// Live: assigned ×2, reserved; 78 days in 3 enrollments; payment requested ×1.
	if got := confirm.Text("[data-testid=policy-impact]"); got != "They govern 3 live vouchers, 3 enrollments holding 78 days, and 1 redeemed vouchers not yet paid for." {
		t.Errorf("impact: %q", got)
	}
	if e.Count("SELECT count(*) FROM policy WHERE last_day_to_create = '2021-02-28'") != 0 {
		t.Fatal("saved before confirmation")
	}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("time_zone", "Mars/Olympus")
	if p := b.Post("/admin/policy", bad); p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("[data-testid=refusal]"), "Mars/Olympus") {
		t.Errorf("bad zone: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	form.Set("confirm", "yes")
	if p := b.Post("/admin/policy", form); p.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if e.Count(`SELECT count(*) FROM audit_events WHERE action = 'policy.changed'
		AND details->'before'->>'last_day_to_create' = '2021-06-30' AND details->'after'->>'last_day_to_create' = '2021-02-28'`) != 1 {
		t.Error("policy change not audited with before and after")
	}
	// It applies at once: creation is now closed.
	_, err := e.App.CreateVoucher(context.Background(), e.Demo.Actor("benefits@tailspin.example"), app.CreateVoucherInput{
		EnrollmentID: e.Demo.Enrollments["SA-TAILSPIN-FR-01"], EngagementTypeID: int64(e.Count("SELECT id FROM engagement_types WHERE name = 'SharePoint Deployment Planning'")),
		Days: 1, ProjectManagerEmail: "it@tailspin.example"})
	if !program.IsCode(err, program.CodeCreationClosed) {
		t.Errorf("create after the policy change: %v", err)
	}
}

func TestMovingTheClockRunsTheCatchUp(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	p := b.Post("/admin/clock", url.Values{"date": {"2021-07-02"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("move: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	flash := b.Follow(p).Text("[data-testid=flash]")
	if !strings.Contains(flash, "The date is now 2 July 2021") || !strings.Contains(flash, "78 days removed from 4 enrollments") {
		t.Errorf("report: %q", flash)
	}
	if got := b.Get("/admin").Text("[data-testid=simulated-date]"); got != "Simulated date: 2 July 2021" {
		t.Errorf("banner: %q", got)
	}
	adv := b.Post("/admin/clock", url.Values{"advance": {"60"}})
	if !strings.Contains(b.Follow(adv).Text("[data-testid=flash]"), "31 August 2021") {
		t.Error("advance by 60 days")
	}
	if p := b.Post("/admin/clock", url.Values{"date": {"2021-03-01"}}); p.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.Text("[data-testid=refusal]"), "only moves forward; today is 31 August 2021") {
		t.Errorf("moving back: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if e.Count("SELECT count(*) FROM audit_events WHERE action = 'clock.moved'") != 2 {
		t.Error("clock moves not audited")
	}
}

func TestPaymentReviewAndPaidExport(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	v := e.Demo.Vouchers["contoso-payment-requested"]
	queue := b.Get("/admin/payments")
	if !strings.Contains(queue.Text("[data-testid=payment-queue]"), v.Code.Display()) {
		t.Fatalf("queue: %q", queue.Text("[data-testid=payment-queue]"))
	}
	detail := b.Get("/admin/vouchers/" + id(v.ID))
	if detail.Doc.Find("[data-testid=deliverable]").Length() != 1 || detail.Doc.Find("[data-testid=approve-form]").Length() != 1 {
		t.Fatal("evidence or approval form missing")
	}
	if p := b.Post("/admin/vouchers/"+id(v.ID)+"/deny", url.Values{"reason": {" "}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("deny without reason: %d", p.Status)
	}
	// A name that a spreadsheet would run as a formula.
	e.Exec("UPDATE organisations SET name = '=HYPERLINK(\"http://evil.example\")' WHERE id = $1", e.Demo.Orgs["Contoso Ltd"])
	if p := b.Post("/admin/vouchers/"+id(v.ID)+"/approve", url.Values{"reference": {"PAY-2021-0042"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if e.Count("SELECT count(*) FROM payment_requests WHERE voucher_id = $1 AND state = 'paid' AND payment_reference = 'PAY-2021-0042'", v.ID) != 1 {
		t.Fatal("not paid")
	}
	partner := e.SignIn("partner@fabrikam.example").Get("/partner/payments")
	if !strings.Contains(partner.Text("[data-testid=payments]"), "Paid, reference PAY-2021-0042") {
		t.Errorf("partner's payments: %q", partner.Text("[data-testid=payments]"))
	}
	exp := b.Get("/admin/payments/export?from=2021-03-01&to=2021-03-31")
	if exp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("export type %q", exp.Header.Get("Content-Type"))
	}
	recs, err := csv.NewReader(strings.NewReader(exp.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 { // header + this month's payment (the seed's was paid in 2020)
		t.Fatalf("export rows: %v", recs)
	}
	row := recs[1]
	if row[0] != v.Code.Display() || row[5] != "3300.00" || row[6] != "USD" || row[7] != "PAY-2021-0042" {
		t.Errorf("export row: %v", row)
	}
	if row[2] != `'=HYPERLINK("http://evil.example")` {
		t.Errorf("formula not neutralised: %q", row[2])
	}
}

func TestExtendValidity(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	v := e.Demo.Vouchers["contoso-assigned"] // last valid day 2021-08-18
	found := b.Get("/admin/vouchers?code=" + strings.ToLower(v.Code.Display()))
	if found.Doc.Find("[data-testid=voucher-list] tbody tr").Length() != 1 {
		t.Fatalf("find by ID: %q", found.Text("main"))
	}
	if p := b.Post("/admin/vouchers/"+id(v.ID)+"/extend", url.Values{"last_valid_day": {"2022-01-02"}, "reason": {"too far"}}); p.Status != http.StatusConflict || !strings.Contains(p.Text("[data-testid=refusal]"), "past 1 January 2022") {
		t.Errorf("past the last redemption day: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post("/admin/vouchers/"+id(v.ID)+"/extend", url.Values{"last_valid_day": {"2021-11-16"}, "reason": {"90-day program extension"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("extend: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if e.Count("SELECT count(*) FROM vouchers WHERE id = $1 AND expires_on = '2021-11-17'", v.ID) != 1 {
		t.Error("expiry not moved")
	}
	if e.Count("SELECT count(*) FROM audit_events WHERE voucher_id = $1 AND action = 'voucher.validity_extended' AND details->>'reason' = '90-day program extension'", v.ID) != 1 {
		t.Error("extension not audited with its reason")
	}
}

func TestAuditFilterAndStreamedExport(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	p := b.Get("/admin/audit?action=voucher.reserved")
	n := p.Doc.Find("[data-testid=audit] tbody tr").Length()
	if n != 3 || p.Doc.Find(`[data-testid=audit] tr[data-action="voucher.reserved"]`).Length() != 3 {
		t.Fatalf("filtered audit: %d rows", n)
	}
	exp := b.Get("/admin/audit/export?action=voucher.reserved")
	recs, err := csv.NewReader(strings.NewReader(exp.Body)).ReadAll()
	if err != nil || len(recs) != 4 || recs[0][4] != "action" || recs[1][4] != "voucher.reserved" {
		t.Fatalf("export: %v %v", recs, err)
	}
	byDate := b.Get("/admin/audit?from=2021-02-01&to=2021-02-28&actor=partner@fabrikam")
	if got := byDate.Doc.Find("[data-testid=audit] tbody tr").Length(); got != 5 { // Feb: 2 reservations, report, redeem, payment
		t.Errorf("February partner events: %d", got)
	}
	outbox := b.Get("/admin/outbox")
	if outbox.Doc.Find(`[data-testid=email][data-to="pm@contoso.example"]`).Length() < 5 {
		t.Errorf("outbox: %d emails to the project manager", outbox.Doc.Find(`[data-testid=email][data-to="pm@contoso.example"]`).Length())
	}
}

func TestCatalogEditing(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	if p := b.Post("/admin/catalog/offerings", url.Values{"code": {"m365dps"}, "name": {"Microsoft 365 Planning"}, "cloud": {"yes"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("offering: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post("/admin/catalog/offerings", url.Values{"code": {"M365DPS"}, "name": {"Again"}}); p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("[data-testid=refusal]"), "already exists") {
		t.Errorf("duplicate offering: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post("/admin/catalog/competencies", url.Values{"name": {"Modern Work"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("competency: %d", p.Status)
	}
	if p := b.Post("/admin/catalog/types", url.Values{"offering": {"M365DPS"}, "name": {"Teams Planning"}, "lengths": {"1", "3"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("engagement type: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	typeID := int64(e.Count("SELECT id FROM engagement_types WHERE name = 'Teams Planning' AND offering_code = 'M365DPS' AND allowed_lengths = '{1,3}'"))
	comp := e.Count("SELECT id FROM competencies WHERE name = 'Modern Work'")
	if typeID == 0 || comp == 0 {
		t.Fatal("catalog rows not stored")
	}
	if p := b.Post("/admin/catalog/types/"+id(typeID)+"/qualifications", url.Values{"competency_id": {id(int64(comp))}, "level": {"gold"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("qualification: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	page := b.Get("/admin/catalog")
	if !strings.Contains(page.Doc.Find(`[data-type="Teams Planning"] [data-testid=qualifications]`).Text(), "Modern Work, Gold") {
		t.Errorf("catalog page: %q", page.Doc.Find(`[data-type="Teams Planning"]`).Text())
	}
	if p := b.Post("/admin/catalog/types/"+id(typeID)+"/qualifications/"+id(int64(comp))+"/remove", nil); p.Status != http.StatusSeeOther {
		t.Errorf("remove qualification: %d", p.Status)
	}
	if p := b.Post("/admin/catalog/types/"+id(typeID)+"/qualifications/"+id(int64(comp))+"/remove", nil); p.Status != 404 {
		t.Errorf("removing it twice: %d", p.Status)
	}
	if e.Count("SELECT count(*) FROM audit_events WHERE action LIKE 'catalog.%'") != 5 {
		t.Error("catalog changes not audited")
	}
}
