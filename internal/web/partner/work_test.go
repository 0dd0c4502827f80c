package partner_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// Validating shows the reservation's checklist; the reserve form only when
// every line is met.
func TestValidateShowsTheReservationChecklist(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	v := e.Demo.Vouchers["contoso-assigned"]
	form := url.Values{"voucher_id": {string(v.Code)}, "email": {"pm@contoso.example"}}
	fab := e.SignIn("partner@fabrikam.example").Post("/partner/vouchers/validate", form)
	if fab.Doc.Find(`[data-testid=checklist] li[data-met=no]`).Length() != 0 || fab.Doc.Find("[data-testid=reserve-form]").Length() != 1 ||
		!strings.Contains(fab.Text("[data-testid=validated] h2"), "is valid") {
		t.Errorf("Fabrikam: %q", fab.Text("[data-testid=validated]"))
	}
	// Northwind has no US location, no SharePoint competency and no consultant.
	nw := e.SignIn("partner@northwind.example").Post("/partner/vouchers/validate", form)
	for _, code := range []program.Code{program.CodeNoLocationInCountry, program.CodeNoQualifyingComp, program.CodeNoQualifiedConsultant} {
		if nw.Doc.Find(`[data-testid=checklist] li[data-met=no][data-code="`+string(code)+`"]`).Length() != 1 {
			t.Errorf("Northwind's checklist lacks %s as missing: %q", code, nw.Text("[data-testid=checklist]"))
		}
	}
	if nw.Doc.Find("[data-testid=reserve-form]").Length() != 0 || nw.Doc.Find("[data-testid=cannot-reserve]").Length() != 1 ||
		!strings.Contains(nw.Text("[data-testid=validated] h2"), "cannot reserve it yet") {
		t.Errorf("Northwind sees a reserve form: %q", nw.Text("[data-testid=validated]"))
	}
	// Reserved by another partner: not available, not valid.
	r := e.Demo.Vouchers["contoso-reserved"]
	taken := e.SignIn("partner@northwind.example").Post("/partner/vouchers/validate", url.Values{"voucher_id": {string(r.Code)}, "email": {"pm@contoso.example"}})
	if got := taken.Text("[data-testid=validated] h2"); got != "Voucher "+r.Code.Display()+" is not available" ||
		!strings.Contains(taken.Text(`[data-testid=checklist] li[data-met=no]`), "Another partner has reserved it") {
		t.Errorf("reserved by Fabrikam, as Northwind sees it: %q", taken.Text("[data-testid=validated]"))
	}
}

// A refused reservation keeps what was typed, the ID with its dashes and
// the menu on "Validate a voucher", and says every fault beside its field.
func TestRefusedReservationKeepsTheForm(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@fabrikam.example")
	v := e.Demo.Vouchers["contoso-assigned"]
	form := reserveForm(e, v, "2021-02-01") // in the past
	form.Del("terms")
	before := rows(e)
	p := b.Post("/partner/vouchers/reserve", form)
	if p.Status != http.StatusConflict || rows(e) != before {
		t.Fatalf("refused: %d", p.Status)
	}
	consultant := id(e.Demo.Users["consultant@fabrikam.example"])
	if p.Doc.Find(`[data-testid=reserve-form] input[name=consultants][value="`+consultant+`"][checked]`).Length() != 1 {
		t.Error("consultant tick lost")
	}
	if got := p.Doc.Find("#voucher_id").AttrOr("value", ""); got != v.Code.Display() {
		t.Errorf("voucher ID shown as %q, want %q", got, v.Code.Display())
	}
	if got := p.Text(`nav a[aria-current=page]`); got != "Validate a voucher" {
		t.Errorf("menu highlight on %q", got)
	}
	if p.Doc.Find(`#start[aria-invalid=true][aria-describedby~=start-error]`).Length() != 1 || !strings.Contains(p.Text("#start-error"), "must start on or after") {
		t.Errorf("start date error: %q", p.Text("#start-error"))
	}
	if p.Doc.Find(`#terms[aria-invalid=true]`).Length() != 1 || p.Text("#terms-error") == "" {
		t.Error("terms error not beside its box")
	}
	summary := p.Doc.Find(`[data-testid=refusal] li a`)
	if summary.Length() != 2 || summary.First().AttrOr("href", "") != "#start" || summary.Last().AttrOr("href", "") != "#terms" {
		t.Errorf("summary links: %d %q", summary.Length(), p.Text("[data-testid=refusal]"))
	}
}

func TestRescheduleFromTheVoucherPage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@fabrikam.example")
	v := e.Demo.Vouchers["contoso-reserved"] // 3 days from 2021-03-15, last valid day 2021-08-08
	page := b.Get("/partner/vouchers/" + id(v.ID))
	if got := page.Doc.Find("#r-start").AttrOr("value", ""); got != "2021-03-15" {
		t.Errorf("reschedule form starts from %q", got)
	}
	consultant := id(e.Demo.Users["consultant@fabrikam.example"])
	before := rows(e)
	late := b.Post("/partner/vouchers/"+id(v.ID)+"/reschedule", url.Values{"start_on": {v.LastValidDay().AddDays(-1).String()}, "consultants": {consultant}})
	if late.Status != http.StatusConflict || rows(e) != before || late.Doc.Find(`#r-start[aria-invalid=true]`).Length() != 1 ||
		late.Doc.Find("#r-start").AttrOr("value", "") != v.LastValidDay().AddDays(-1).String() {
		t.Fatalf("late start: %d %q", late.Status, late.Text("[data-testid=refusal]"))
	}
	// An impossible date says so, beside its field, and is kept as typed.
	bad := b.Post("/partner/vouchers/"+id(v.ID)+"/reschedule", url.Values{"start_on": {"2021-02-30"}, "consultants": {consultant}})
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Text("#r-start-error"), "is not a date") ||
		bad.Doc.Find("#r-start").AttrOr("value", "") != "2021-02-30" || rows(e) != before {
		t.Errorf("impossible date: %d %q", bad.Status, bad.Text("#r-start-error"))
	}
	ok := b.Post("/partner/vouchers/"+id(v.ID)+"/reschedule", url.Values{"start_on": {"2021-03-22"}, "consultants": {consultant}})
	if ok.Status != http.StatusSeeOther {
		t.Fatalf("reschedule: %d %q", ok.Status, ok.Text("[data-testid=refusal]"))
	}
	if !strings.Contains(b.Follow(ok).Text("[data-testid=flash]"), "now starts on 22 March 2021") {
		t.Error("no confirmation")
	}
	// Both sides read the history of planned dates.
	for _, p := range []*webtest.Page{b.Get("/partner/vouchers/" + id(v.ID)), e.SignIn("benefits@contoso.example").Get("/customer/vouchers/" + id(v.ID))} {
		h := p.Text("[data-testid=plan-history]")
		if !strings.Contains(h, "from 15 March 2021 – 17 March 2021 to 22 March 2021 – 24 March 2021") ||
			!strings.Contains(h, "from 8 March 2021 – 10 March 2021 to 15 March 2021 – 17 March 2021") {
			t.Errorf("plan history: %q", h)
		}
	}
}

func TestCustomerSeesWhyAReservationWasCancelled(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	v := e.Demo.Vouchers["contoso-assigned"] // the demo cancelled its reservation, for "other"
	p := e.SignIn("benefits@contoso.example").Get("/customer/vouchers/" + id(v.ID))
	if got := p.Text("[data-testid=cancel-reason]"); !strings.Contains(got, "Reason: Other") || !strings.Contains(got, "next quarter") {
		t.Errorf("cancellation reason: %q", got)
	}
}

// A refused report keeps every typed value, asks for the files again and
// says every fault at once; only proofs of concept are refused by name.
func TestRefusedReportKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@fabrikam.example")
	v := e.Demo.Vouchers["contoso-reserved"]
	e.SetDate(program.D(2021, 3, 16))
	if p := b.Get("/partner/vouchers/" + id(v.ID)); p.Doc.Find("[data-testid=report-form]").Length() != 0 ||
		!strings.Contains(p.Text("[data-testid=report-opens]"), "from 17 March 2021") {
		t.Errorf("before the end: %q", p.Text("[data-testid=report-opens]"))
	}
	e.SetDate(program.D(2021, 3, 17))
	consultant := id(e.Demo.Users["consultant@fabrikam.example"])
	fields := url.Values{"delivered_start": {"2021-03-15"}, "delivered_end": {"2021-03-18"}, "summary": {"Two workshops."},
		"next_steps": {"Pilot in Lyon."}, "consultants": {consultant}, "kind_1": {"proof_of_concept"}}
	before := rows(e)
	ct, body := upload(t, fields, map[string][]byte{"pilot.txt": []byte("pilot notes")})
	p := b.PostRaw("/partner/vouchers/"+id(v.ID)+"/report", ct, body)
	if p.Status != http.StatusConflict || rows(e) != before {
		t.Fatalf("refused report: %d", p.Status)
	}
	if p.Doc.Find("#d-start").AttrOr("value", "") != "2021-03-15" || p.Doc.Find("#d-end").AttrOr("value", "") != "2021-03-18" ||
		p.Text("#summary") != "Two workshops." || p.Text("#next") != "Pilot in Lyon." ||
		p.Doc.Find(`[data-testid=report-form] input[name=consultants][value="`+consultant+`"][checked]`).Length() != 1 ||
		p.Doc.Find(`#kind-1 option[value=proof_of_concept][selected]`).Length() != 1 {
		t.Errorf("typed values lost: %q", p.Text("[data-testid=report-form]"))
	}
	if p.Doc.Find("[data-testid=files-again]").Length() != 1 {
		t.Error("no word that the files must be chosen again")
	}
	if !strings.Contains(p.Text("#d-end-error"), "ends on 18 March 2021") || !strings.Contains(p.Text("#file-1-error"), "rule on deliverable types") ||
		p.Doc.Find(`#file-1[aria-invalid=true]`).Length() != 1 || p.Doc.Find(`[data-testid=refusal] li a`).Length() != 2 {
		t.Errorf("errors: %q", p.Text("[data-testid=refusal]"))
	}
	// In French the summary and the rule read in French.
	b.Post("/lang", url.Values{"lang": {"fr"}, "next": {"/partner"}})
	ct, body = upload(t, fields, map[string][]byte{"pilot.txt": []byte("pilot notes")})
	fr := b.PostRaw("/partner/vouchers/"+id(v.ID)+"/report", ct, body)
	if !strings.Contains(fr.Text("[data-testid=refusal]"), "règle du programme sur les types de livrables") {
		t.Errorf("French: %q", fr.Text("[data-testid=refusal]"))
	}
}

// Refused files are told together with the report's other faults, in one
// answer: each beside its field and all in the summary at the top; a
// 20,000-character summary is refused for its length, with the limit named.
func TestRefusedFilesComeWithTheOtherErrors(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@fabrikam.example")
	v := e.Demo.Vouchers["contoso-reserved"]
	e.SetDate(program.D(2021, 3, 17))
	fields := url.Values{"delivered_start": {"2021-03-15"}, "delivered_end": {"2021-03-18"}, "summary": {strings.Repeat("x", 20000)},
		"kind_1": {"deployment_plan"}, "kind_2": {"deployment_plan"}, "kind_3": {""}}
	before := rows(e)
	ct, body := upload(t, fields, map[string][]byte{
		"diagram.png": []byte("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
		"page.html":   []byte("<html><script>alert(1)</script></html>"),
		"plan.pdf":    []byte("%PDF-1.4\n1 0 obj\n"),
	})
	p := b.PostRaw("/partner/vouchers/"+id(v.ID)+"/report", ct, body)
	if p.Status < 400 || rows(e) != before {
		t.Fatalf("refused report: %d, rows changed: %v", p.Status, rows(e) != before)
	}
	beside := map[string][]string{
		"#d-end-error":   {"ends on 18 March 2021"},
		"#summary-error": {"20,000 characters long; at most 10,000 are allowed"},
		"#file-1-error":  {"diagram.png is an SVG image", "page.html is not a PDF", "Choose the type of each deliverable file."},
	}
	for sel, wants := range beside {
		got := p.Text(sel)
		for _, want := range wants {
			if !strings.Contains(got, want) {
				t.Errorf("%s: want %q in %q", sel, want, got)
			}
		}
	}
	if strings.Contains(p.Text("#summary-error"), "Write a summary") {
		t.Errorf("a long summary read as none: %q", p.Text("#summary-error"))
	}
	if p.Text("#report-consultants-first-error") == "" && !strings.Contains(p.Text("[data-testid=refusal]"), "Name the consultants") {
		t.Errorf("consultants: %q", p.Text("[data-testid=refusal]"))
	}
	summary := p.Text("[data-testid=refusal]")
	for _, want := range []string{"ends on 18 March 2021", "at most 10,000", "Name the consultants", "SVG image", "page.html is not a PDF", "Choose the type"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary at the top: want %q in %q", want, summary)
		}
	}
	if n := p.Doc.Find(`[data-testid=refusal] li`).Length(); n < 6 {
		t.Errorf("summary at the top: %d errors, want 6: %q", n, summary)
	}
	for _, in := range []string{"#d-end", "#summary", "#file-1"} {
		if p.Doc.Find(in+`[aria-invalid=true]`).Length() != 1 {
			t.Errorf("%s not marked invalid", in)
		}
	}
}
