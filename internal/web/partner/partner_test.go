package partner_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"sapsportal/internal/program"
	"sapsportal/internal/store/storetest"
	"sapsportal/internal/web/webtest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func id(n int64) string { return strconv.FormatInt(n, 10) }

func rows(e *webtest.Env) [6]int {
	return [6]int{e.Count("SELECT count(*) FROM vouchers WHERE state = 'ASSIGNED'"), e.Count("SELECT count(*) FROM reservations"),
		e.Count("SELECT count(*) FROM audit_events"), e.Count("SELECT count(*) FROM outbox"),
		e.Count("SELECT count(*) FROM completion_reports"), e.Count("SELECT count(*) FROM redemptions")}
}

func TestValidateAnswersTheSameForAnyMismatch(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@fabrikam.example")
	v := e.Demo.Vouchers["contoso-assigned"]
	ok := b.Post("/partner/vouchers/validate", url.Values{"voucher_id": {strings.ToLower(v.Code.Display())}, "email": {"PM@contoso.example"}})
	if ok.Status != 200 || ok.Text("[data-testid=validated-country]") != "US" || ok.Doc.Find("[data-testid=reserve-form]").Length() != 1 {
		t.Fatalf("validation: %d %q", ok.Status, ok.Text("main"))
	}
	wrongEmail := b.Post("/partner/vouchers/validate", url.Values{"voucher_id": {string(v.Code)}, "email": {"someone@contoso.example"}})
	other := e.Demo.Vouchers["tailspin-assigned"]
	wrongPair := b.Post("/partner/vouchers/validate", url.Values{"voucher_id": {string(other.Code)}, "email": {"pm@contoso.example"}})
	if wrongEmail.Status != 404 || wrongPair.Status != 404 {
		t.Errorf("mismatch statuses: %d %d", wrongEmail.Status, wrongPair.Status)
	}
	a, c := wrongEmail.Text("[data-testid=refusal]"), wrongPair.Text("[data-testid=refusal]")
	if a != c || !strings.HasPrefix(a, "No such voucher") || strings.Contains(wrongEmail.Body, "validated-country") {
		t.Errorf("mismatch answers differ or reveal: %q vs %q", a, c)
	}
	typo := []byte(v.Code)
	typo[0] = map[bool]byte{true: 'B', false: 'A'}[typo[0] == 'A']
	if p := b.Post("/partner/vouchers/validate", url.Values{"voucher_id": {string(typo)}, "email": {"pm@contoso.example"}}); !strings.Contains(p.Text("[data-testid=refusal]"), "typing mistake") {
		t.Errorf("typo: %q", p.Text("[data-testid=refusal]"))
	}
}

func TestValidationIsThrottled(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@northwind.example")
	form := url.Values{"voucher_id": {string(program.NewCode())}, "email": {"x@y.example"}}
	// Validating and reserving share one limit: ten misses of either.
	for i := range 5 {
		if p := b.Post("/partner/vouchers/validate", form); p.Status != http.StatusNotFound {
			t.Fatalf("validation %d: %d", i+1, p.Status)
		}
	}
	for i := range 5 {
		if p := b.Post("/partner/vouchers/reserve", form); p.Status != http.StatusNotFound {
			t.Fatalf("reservation %d: %d", i+1, p.Status)
		}
	}
	v := e.Demo.Vouchers["tailspin-assigned"]
	right := url.Values{"voucher_id": {string(v.Code)}, "email": {v.ProjectManagerEmail}}
	if p := b.Post("/partner/vouchers/validate", right); p.Status != http.StatusTooManyRequests || !strings.Contains(p.Text("[data-testid=refusal]"), "Too many") {
		t.Errorf("11th attempt: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post("/partner/vouchers/reserve", right); p.Status != http.StatusTooManyRequests {
		t.Errorf("reserving after the limit: %d", p.Status)
	}
	// Another partner organisation is not held up by it.
	if p := e.SignIn("partner@fabrikam.example").Post("/partner/vouchers/validate", form); p.Status != http.StatusNotFound {
		t.Errorf("another organisation: %d", p.Status)
	}
}

func reserveForm(e *webtest.Env, v program.Voucher, start string) url.Values {
	return url.Values{"voucher_id": {string(v.Code)}, "email": {v.ProjectManagerEmail}, "location_id": {id(e.Demo.Locations["Fabrikam Seattle"])},
		"start_on": {start}, "consultants": {id(e.Demo.Users["consultant@fabrikam.example"])}, "terms": {"yes"}}
}

func TestReserveAndItsRefusals(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@fabrikam.example")
	v := e.Demo.Vouchers["contoso-assigned"] // last valid day 2021-08-18, 1 day
	before := rows(e)
	late := b.Post("/partner/vouchers/reserve", reserveForm(e, v, "2021-08-19"))
	if late.Status != http.StatusConflict || !strings.Contains(late.Text("[data-testid=refusal]"), "end by 18 August 2021") {
		t.Errorf("start after validity: %d %q", late.Status, late.Text("[data-testid=refusal]"))
	}
	noTerms := reserveForm(e, v, "2021-03-10")
	noTerms.Del("terms")
	if p := b.Post("/partner/vouchers/reserve", noTerms); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("without terms: %d", p.Status)
	}
	if rows(e) != before {
		t.Fatal("refused reservations changed rows")
	}
	// A consultant may not reserve.
	if p := e.SignIn("consultant@fabrikam.example").Post("/partner/vouchers/reserve", reserveForm(e, v, "2021-03-10")); p.Status != http.StatusForbidden {
		t.Errorf("consultant reserving: %d", p.Status)
	}
	// Northwind has no US location and no competency.
	nw := e.SignIn("partner@northwind.example")
	nf := reserveForm(e, v, "2021-03-10")
	nf.Set("location_id", id(e.Demo.Locations["Northwind Paris"]))
	if p := nw.Post("/partner/vouchers/reserve", nf); p.Status != http.StatusConflict || !strings.Contains(p.Text("[data-testid=refusal]"), "is required to reserve this voucher") {
		t.Errorf("Northwind reserving: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if rows(e) != before {
		t.Fatal("refused reservations changed rows")
	}
	ok := b.Post("/partner/vouchers/reserve", reserveForm(e, v, "2021-03-10"))
	if ok.Status != http.StatusSeeOther {
		t.Fatalf("reserve: %d %q", ok.Status, ok.Text("[data-testid=refusal]"))
	}
	page := b.Follow(ok)
	// The engagement has not ended: the report form waits for its last day.
	if !strings.Contains(page.Text("[data-testid=flash]"), "is reserved") || page.Doc.Find("[data-testid=report-form]").Length() != 0 ||
		!strings.Contains(page.Text("[data-testid=report-opens]"), "can be submitted from 10 March 2021") {
		t.Errorf("after reserving: %q", page.Text("main"))
	}
	// The demo's reservation of it (since cancelled) was emailed too.
	if e.Count("SELECT count(*) FROM outbox WHERE voucher_id = $1 AND to_email = 'pm@contoso.example' AND subject LIKE '%reserved by a partner'", v.ID) != 2 {
		t.Error("project manager not emailed")
	}
	// Second partner: already reserved.
	again := b.Post("/partner/vouchers/reserve", reserveForm(e, v, "2021-03-10"))
	if again.Status != http.StatusConflict || !strings.Contains(again.Text("[data-testid=refusal]"), "already been reserved") {
		t.Errorf("reserving twice: %d %q", again.Status, again.Text("[data-testid=refusal]"))
	}
	// Cancel asks first what will happen and why; without a reason it is refused.
	confirm := b.Get("/partner/vouchers/" + id(v.ID) + "/cancel")
	if confirm.Status != 200 || !strings.Contains(confirm.Text("[data-testid=cancel-consequences]"), "pm@contoso.example") {
		t.Errorf("cancel confirmation: %d %q", confirm.Status, confirm.Text("main"))
	}
	before = rows(e)
	if p := b.Post("/partner/vouchers/"+id(v.ID)+"/cancel", url.Values{"reason": {"other"}}); p.Status != http.StatusUnprocessableEntity ||
		p.Doc.Find(`#cancel-note[aria-invalid=true]`).Length() != 1 || rows(e) != before {
		t.Errorf("cancel for other without a note: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	// With the reason it gives it back and emails the project manager.
	c := b.Post("/partner/vouchers/"+id(v.ID)+"/cancel", url.Values{"reason": {"other_partner"}})
	if c.Status != http.StatusSeeOther || e.Count("SELECT count(*) FROM vouchers WHERE id = $1 AND state = 'ASSIGNED' AND partner_org_id IS NULL", v.ID) != 1 {
		t.Errorf("cancel: %d", c.Status)
	}
	if e.Count("SELECT count(*) FROM outbox WHERE voucher_id = $1 AND to_email = 'pm@contoso.example' AND subject LIKE '%cancelled' AND body LIKE '%Reason: The customer chose another partner%'", v.ID) != 1 {
		t.Error("cancellation not emailed")
	}
	if p := b.Get("/partner/vouchers/" + id(v.ID)); p.Status != 404 {
		t.Errorf("after cancelling, the voucher is still Fabrikam's: %d", p.Status)
	}
}

func upload(t *testing.T, fields url.Values, files map[string][]byte) (string, *bytes.Buffer) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	// Each file in its own slot, typed a deployment plan unless the
	// fields type it.
	n := 0
	for name, content := range files {
		n++
		slot := strconv.Itoa(n)
		fw, err := w.CreateFormFile("file_"+slot, name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
		if _, typed := fields["kind_"+slot]; !typed {
			w.WriteField("kind_"+slot, "deployment_plan")
		}
	}
	w.Close()
	return w.FormDataContentType(), &buf
}

func TestReportRedeemAndRequestPayment(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@fabrikam.example")
	v := e.Demo.Vouchers["contoso-assigned"]
	if p := b.Post("/partner/vouchers/reserve", reserveForm(e, v, "2021-03-02")); p.Status != http.StatusSeeOther {
		t.Fatalf("reserve: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	e.SetDate(program.D(2021, 3, 3))
	fields := url.Values{"delivered_start": {"2021-03-02"}, "delivered_end": {"2021-03-02"}, "summary": {"Workshop held."},
		"consultants": {id(e.Demo.Users["consultant@fabrikam.example"])}}
	before := rows(e)
	ct, body := upload(t, fields, map[string][]byte{"evil.html": []byte("<html><script>alert(1)</script></html>")})
	if p := b.PostRaw("/partner/vouchers/"+id(v.ID)+"/report", ct, body); p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("[data-testid=refusal]"), "evil.html is not a PDF") {
		t.Errorf("HTML deliverable: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if rows(e) != before {
		t.Fatal("refused report changed rows")
	}
	ct, body = upload(t, fields, map[string][]byte{"plan.pdf": []byte("%PDF-1.4\n1 0 obj\n")})
	p := b.PostRaw("/partner/vouchers/"+id(v.ID)+"/report", ct, body)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("report: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if e.Count("SELECT count(*) FROM deliverables WHERE filename = 'plan.pdf' AND content_type = 'application/pdf'") != 1 {
		t.Error("deliverable not stored as a PDF")
	}
	// The customer reads the report.
	if c := e.SignIn("benefits@contoso.example").Get("/customer/vouchers/" + id(v.ID)); !strings.Contains(c.Text("[data-testid=report]"), "Workshop held.") {
		t.Errorf("customer's view of the report: %q", c.Text("[data-testid=report]"))
	}
	// A consultant may not redeem.
	if p := e.SignIn("consultant@fabrikam.example").Post("/partner/vouchers/"+id(v.ID)+"/redeem", nil); p.Status != http.StatusForbidden {
		t.Errorf("consultant redeeming: %d", p.Status)
	}
	// Redeeming asks first, with the form's key, and changes nothing yet.
	before = rows(e)
	ask := b.Post("/partner/vouchers/"+id(v.ID)+"/redeem", url.Values{"_key": {"redeem-key-0123456789abcdef"}})
	if ask.Status != 200 || !strings.Contains(ask.Text("[data-testid=redeem-consequences]"), "spent for good") ||
		ask.Doc.Find(`[data-testid=redeem-confirm] input[name=_key][value=redeem-key-0123456789abcdef]`).Length() != 1 || rows(e) != before {
		t.Fatalf("redeem confirmation: %d %q", ask.Status, ask.Text("main"))
	}
	if p := b.Post("/partner/vouchers/"+id(v.ID)+"/redeem", url.Values{"confirm": {"yes"}, "_key": {"redeem-key-0123456789abcdef"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("redeem: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	detail := b.Get("/partner/vouchers/" + id(v.ID))
	if got := detail.Text("[data-testid=quote]"); !strings.Contains(got, "1,100.00 USD") || !strings.Contains(got, "2 May 2021 (UTC)") {
		t.Errorf("quote: %q", got)
	}
	if p := b.Post("/partner/vouchers/"+id(v.ID)+"/payment", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("request payment: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	pay := b.Get("/partner/payments")
	if pay.Doc.Find(`[data-testid=payments] tr[data-state=requested]`).Length() != 2 { // the seed's and this one
		t.Errorf("payments page: %q", pay.Text("[data-testid=payments]"))
	}
}

func TestBulkRedeemReportsEachVoucher(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@fabrikam.example")
	v := e.Demo.Vouchers["contoso-reserved"] // reserved from 2021-03-15; Windows and Office
	e.Exec("INSERT INTO consultant_exams (org_id, user_id, exam_id, passed_on) SELECT $1, $2, id, '2020-01-01' FROM exams WHERE code = 'MD-100' ON CONFLICT DO NOTHING",
		e.Demo.Orgs["Fabrikam Consulting"], e.Demo.Users["consultant@fabrikam.example"])
	e.SetDate(program.D(2021, 3, 20))
	ct, body := upload(t, url.Values{"delivered_start": {"2021-03-15"}, "delivered_end": {"2021-03-17"}, "summary": {"Done"},
		"consultants": {id(e.Demo.Users["consultant@fabrikam.example"])}}, map[string][]byte{"notes.txt": []byte("notes")})
	if p := b.PostRaw("/partner/vouchers/"+id(v.ID)+"/report", ct, body); p.Status != http.StatusSeeOther {
		t.Fatalf("report: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	paid := e.Demo.Vouchers["contoso-paid"]
	list := b.Get("/partner/vouchers")
	if list.Doc.Find(`input[name=voucher][value="`+id(v.ID)+`"]`).Length() != 1 {
		t.Fatal("reported voucher not selectable")
	}
	ask := b.Post("/partner/vouchers/redeem", url.Values{"voucher": {id(v.ID), id(paid.ID)}})
	if ask.Doc.Find("[data-testid=redeem-consequences] li").Length() != 2 || e.Count("SELECT count(*) FROM vouchers WHERE id = $1 AND state = 'REPORTED'", v.ID) != 1 {
		t.Fatalf("bulk confirmation: %q", ask.Text("main"))
	}
	p := b.Post("/partner/vouchers/redeem", url.Values{"voucher": {id(v.ID), id(paid.ID)}, "confirm": {"yes"}})
	results := p.Doc.Find("[data-testid=redeem-results] li")
	if results.Length() != 2 || results.First().AttrOr("data-ok", "") != "yes" || results.Last().AttrOr("data-ok", "") != "no" {
		t.Fatalf("results: %q", p.Text("[data-testid=redeem-results]"))
	}
	if !strings.Contains(results.Last().Text(), "PAID") {
		t.Errorf("refusal for the paid voucher: %q", results.Last().Text())
	}
	if e.Count("SELECT count(*) FROM vouchers WHERE id = $1 AND state = 'REDEEMED'", v.ID) != 1 {
		t.Error("not redeemed")
	}
}

func TestNorthwindNeverSeesFabrikam(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	nw := e.SignIn("partner@northwind.example")
	reserved := e.Demo.Vouchers["contoso-reserved"]
	paid := e.Demo.Vouchers["contoso-paid"]
	for _, path := range []string{"/partner/vouchers/" + id(reserved.ID), "/partner/vouchers/" + id(paid.ID)} {
		if p := nw.Get(path); p.Status != 404 || p.Text("h1") != "Page not found" {
			t.Errorf("GET %s: %d", path, p.Status)
		}
	}
	list := nw.Get("/partner/vouchers")
	if strings.Contains(list.Body, string(reserved.Code)) || list.Text("[data-testid=empty]") == "" {
		t.Error("Northwind's list shows Fabrikam's vouchers")
	}
	before := rows(e)
	for _, path := range []string{"/cancel", "/redeem", "/payment"} {
		if p := nw.Post("/partner/vouchers/"+id(reserved.ID)+path, nil); p.Status != 404 {
			t.Errorf("POST %s on Fabrikam's voucher: %d", path, p.Status)
		}
	}
	if rows(e) != before {
		t.Error("Northwind changed Fabrikam's voucher")
	}
	fileID := e.Count("SELECT min(id) FROM deliverables")
	if p := nw.Get("/partner/files/" + id(int64(fileID))); p.Status != 404 {
		t.Errorf("Northwind downloads Fabrikam's deliverable: %d", p.Status)
	}
	// Northwind's draft profile is invisible to customers; Fabrikam's draft to Northwind too.
	if p := nw.Post("/partner/profile", url.Values{"description": {"Paris planners"}, "offerings": {"SDPS"}, "countries": {"FR"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("save draft: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := e.SignIn("benefits@contoso.example").Get("/customer/partners/" + id(e.Demo.Orgs["Northwind Advisors"])); p.Status != 404 {
		t.Errorf("a customer sees Northwind's draft: %d", p.Status)
	}
	if strings.Contains(nw.Get("/partner/profile").Body, "Fabrikam Consulting plans") {
		t.Error("Northwind's profile page shows Fabrikam's profile")
	}
}

func TestEligibilityChecklist(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	fab := e.SignIn("partner@fabrikam.example").Get("/partner/eligibility")
	sp := fab.Doc.Find(`[data-type="SharePoint Deployment Planning"]`)
	if sp.AttrOr("data-eligible", "") != "yes" || sp.Find(`li[data-met=no]`).Length() != 0 {
		t.Errorf("Fabrikam SharePoint: %q", sp.Text())
	}
	ex := fab.Doc.Find(`[data-type="Exchange Deployment Planning"]`)
	if ex.AttrOr("data-eligible", "") != "no" || !strings.Contains(ex.Find(`li[data-met=no]`).Text(), "Enrolled in S-EDPS") {
		t.Errorf("Fabrikam Exchange: %q", ex.Text())
	}
	nw := e.SignIn("partner@northwind.example").Get("/partner/eligibility")
	nsp := nw.Doc.Find(`[data-type="SharePoint Deployment Planning"]`)
	if nsp.AttrOr("data-eligible", "") != "no" || !strings.Contains(nsp.Find(`li[data-met=no]`).Text(), "Qualifying competency") ||
		!strings.Contains(nsp.Find(`li[data-met=yes]`).Text(), "Enrolled in SDPS") {
		t.Errorf("Northwind SharePoint: %q", nsp.Text())
	}
	if p := e.SignIn("consultant@fabrikam.example").Get("/partner/eligibility"); p.Status != 404 {
		t.Errorf("consultant's eligibility page: %d", p.Status)
	}
}

func TestOrganisationSetup(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	nwOrg := e.Demo.Orgs["Northwind Advisors"]
	e.Exec("DELETE FROM partner_agreements WHERE org_id = $1", nwOrg)
	e.Exec("INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, 'partner_global_admin')", e.Demo.Users["admin@program.example"], nwOrg)
	// The program's admin is also Northwind's global admin here; act for Northwind.
	b := e.SignIn("admin@program.example")
	b.Post("/org", url.Values{"org_id": {id(nwOrg)}})
	if p := b.Post("/partner/enrollments", url.Values{"offering": {"DDPS"}}); p.Status != http.StatusConflict || !strings.Contains(p.Text("[data-testid=refusal]"), "Sign the program agreement first") {
		t.Errorf("enrollment before the agreement: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post("/partner/agreement", url.Values{"name": {"Nadia North"}, "title": {""}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("agreement without title: %d", p.Status)
	}
	if p := b.Post("/partner/agreement", url.Values{"name": {"Nadia North"}, "title": {"Director"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("sign: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if e.Count("SELECT count(*) FROM partner_agreements WHERE org_id = $1 AND version = $2", nwOrg, program.AgreementVersion) != 1 {
		t.Error("agreement not stored")
	}
	if p := b.Post("/partner/enrollments", url.Values{"offering": {"DDPS"}}); p.Status != http.StatusSeeOther {
		t.Errorf("enrollment request: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post("/partner/enrollments", url.Values{"offering": {"DDPS"}}); p.Status != http.StatusConflict {
		t.Errorf("second pending request: %d", p.Status)
	}
	if p := b.Post("/partner/enrollments", url.Values{"offering": {"SDPS"}}); p.Status != http.StatusConflict || !strings.Contains(p.Text("[data-testid=refusal]"), "you can renew from") {
		t.Errorf("early renewal: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post("/partner/locations", url.Values{"name": {"Northwind Lyon"}, "country": {"France"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("bad country: %d", p.Status)
	}
	if p := b.Post("/partner/locations", url.Values{"name": {"Northwind Lyon"}, "country": {"fr"}}); p.Status != http.StatusSeeOther {
		t.Errorf("add location: %d", p.Status)
	}
	lyon := e.Count("SELECT id FROM partner_locations WHERE name = 'Northwind Lyon' AND country = 'FR'")
	if p := b.Post("/partner/payments/registration", url.Values{"location_id": {id(int64(lyon))}, "payee": {"Northwind SAS"}, "reference": {"FR76 0000"}}); p.Status != http.StatusSeeOther {
		t.Errorf("register: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	fabLoc := e.Demo.Locations["Fabrikam Seattle"]
	if p := b.Post("/partner/payments/registration", url.Values{"location_id": {id(fabLoc)}, "payee": {"Thief"}, "reference": {"X"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("registering Fabrikam's location: %d", p.Status)
	}
	if p := b.Post("/partner/people", url.Values{"email": {"new.consultant@northwind.example"}, "role": {"consultant"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post("/partner/people", url.Values{"email": {"boss@northwind.example"}, "role": {"global_admin"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("invite as global admin: %d", p.Status)
	}
	if e.Count("SELECT count(*) FROM outbox WHERE to_email = 'new.consultant@northwind.example'") != 1 {
		t.Error("invitation not emailed")
	}
	// Invited, not a member, until the person accepts from the email.
	if n := e.Count("SELECT count(*) FROM users WHERE email = 'new.consultant@northwind.example'"); n != 0 {
		t.Errorf("an account exists before the invitation is accepted: %d", n)
	}
	if !strings.Contains(b.Get("/partner/organisation").Text("[data-testid=invitations]"), "new.consultant@northwind.example") {
		t.Error("pending invitation not on the people page")
	}
	link := e.LinkIn("new.consultant@northwind.example", "/invitations/")
	if p := e.Browser().Post(link+"/accept", url.Values{"name": {"New Consultant"}, "password": {"a long enough secret"}, "language": {"en"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("accept: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	newID := e.Count("SELECT id FROM users WHERE email = 'new.consultant@northwind.example'")
	if p := b.Post("/partner/people/"+id(int64(newID))+"/remove", nil); p.Status != http.StatusSeeOther {
		t.Errorf("remove: %d", p.Status)
	}
	if p := b.Post("/partner/people/"+id(e.Demo.Users["partner@fabrikam.example"])+"/remove", nil); p.Status != 404 {
		t.Errorf("removing Fabrikam's admin: %d", p.Status)
	}
	// Partner admins (not global admins) have no organisation page.
	if p := e.SignIn("partner@fabrikam.example").Get("/partner/organisation"); p.Status != 404 {
		t.Errorf("partner admin's organisation page: %d", p.Status)
	}
}

func TestConsultantHomeAndExams(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("consultant@fabrikam.example")
	home := b.Get("/partner")
	if !strings.Contains(home.Text("[data-testid=engagements]"), e.Demo.Vouchers["contoso-reserved"].Code.Display()) {
		t.Errorf("engagements: %q", home.Text("[data-testid=engagements]"))
	}
	if !strings.Contains(home.Text("[data-testid=exams]"), "MS-300") {
		t.Errorf("exams: %q", home.Text("[data-testid=exams]"))
	}
	exam := e.Count("SELECT id FROM exams WHERE code = 'MS-500'")
	if p := b.Post("/partner/exams", url.Values{"exam_id": {id(int64(exam))}, "passed_on": {"2021-03-02"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("exam in the future: %d", p.Status)
	}
	if p := b.Post("/partner/exams", url.Values{"exam_id": {id(int64(exam))}, "passed_on": {"2021-02-01"}}); p.Status != http.StatusSeeOther {
		t.Errorf("record exam: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if !strings.Contains(b.Get("/partner/exams").Text("[data-testid=exams]"), "MS-500") {
		t.Error("exam not listed")
	}
	if p := e.SignIn("partner@fabrikam.example").Get("/partner"); !strings.Contains(p.Text("[data-testid=counts]"), "Reserved") {
		t.Errorf("partner dashboard counts: %q", p.Text("[data-testid=counts]"))
	}
}

func TestEligibilityInFrench(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@fabrikam.example")
	b.Post("/lang", url.Values{"lang": {"fr"}, "next": {"/partner"}})
	p := b.Get("/partner/eligibility")
	sp := p.Doc.Find(`[data-type="SharePoint Deployment Planning"]`).Text()
	if !strings.Contains(sp, "Inscrit à SDPS") || !strings.Contains(sp, "Inscrit jusqu'au 31 mai 2021.") || !strings.Contains(sp, "Une au choix : Silver/Gold Collaboration and Content.") {
		t.Errorf("French checklist: %q", sp)
	}
}
