package partner_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// A reservation or a report names only the partner's own consultants, and a
// voucher page never lists anyone else, even if a bad id got into a report.
func TestConsultantsAreThePartnersOwn(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@fabrikam.example")
	stranger := e.Demo.Users["benefits@contoso.example"]

	v := e.Demo.Vouchers["contoso-assigned"]
	form := reserveForm(e, v, "2021-03-10")
	form["consultants"] = append(form["consultants"], id(stranger))
	before := rows(e)
	p := b.Post("/partner/vouchers/reserve", form)
	if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("[data-testid=refusal]"), "only consultants of your organisation") {
		t.Errorf("reserving with a stranger: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if rows(e) != before {
		t.Fatal("refused reservation changed rows")
	}

	r := e.Demo.Vouchers["contoso-reserved"] // reserved from 2021-03-15
	e.Exec("INSERT INTO consultant_exams (org_id, user_id, exam_id, passed_on) SELECT $1, $2, id, '2020-01-01' FROM exams WHERE code = 'MD-100' ON CONFLICT DO NOTHING",
		e.Demo.Orgs["Fabrikam Consulting"], e.Demo.Users["consultant@fabrikam.example"])
	e.SetDate(program.D(2021, 3, 20))
	fields := url.Values{"delivered_start": {"2021-03-15"}, "delivered_end": {"2021-03-17"}, "summary": {"Done"},
		"consultants": {id(e.Demo.Users["consultant@fabrikam.example"]), id(stranger)}}
	ct, body := upload(t, fields, map[string][]byte{"notes.txt": []byte("notes")})
	before = rows(e)
	if p := b.PostRaw("/partner/vouchers/"+id(r.ID)+"/report", ct, body); p.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.Text("[data-testid=refusal]"), "only consultants of your organisation") {
		t.Errorf("report naming a stranger: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if rows(e) != before {
		t.Fatal("refused report changed rows")
	}
	fields["consultants"] = fields["consultants"][:1]
	ct, body = upload(t, fields, map[string][]byte{"notes.txt": []byte("notes")})
	if p := b.PostRaw("/partner/vouchers/"+id(r.ID)+"/report", ct, body); p.Status != http.StatusSeeOther {
		t.Fatalf("report: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	// Even with every user id written into the report behind the portal's
	// back, the pages list the partner's consultant only.
	e.Exec("UPDATE completion_reports SET consultant_user_ids = ARRAY(SELECT id FROM users ORDER BY id) WHERE voucher_id = $1", r.ID)
	for _, page := range []*webtest.Page{b.Get("/partner/vouchers/" + id(r.ID)), e.SignIn("benefits@contoso.example").Get("/customer/vouchers/" + id(r.ID))} {
		got := page.Text("[data-testid=report]")
		if !strings.Contains(got, "consultant@fabrikam.example") || strings.Count(got, "@") != 1 {
			t.Errorf("report lists: %q", got)
		}
	}
}

// A consultant sees the engagements they are named on, without the money,
// and nothing else of the partner's by id.
func TestConsultantsSeeOnlyTheirEngagements(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	admin := e.SignIn("partner@fabrikam.example")
	v := e.Demo.Vouchers["contoso-assigned"]
	form := reserveForm(e, v, "2021-03-10")
	delete(form, "consultants")
	if p := admin.Post("/partner/vouchers/reserve", form); p.Status != http.StatusSeeOther {
		t.Fatalf("reserve: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	c := e.SignIn("consultant@fabrikam.example")
	if p := c.Get("/partner/vouchers/" + id(v.ID)); p.Status != http.StatusNotFound {
		t.Errorf("consultant opened an engagement they are not on: %d", p.Status)
	}
	paid := e.Demo.Vouchers["contoso-paid"] // the consultant delivered it
	p := c.Get("/partner/vouchers/" + id(paid.ID))
	if p.Status != http.StatusOK || p.Doc.Find("[data-testid=payment]").Length() != 0 || strings.Contains(p.Body, "USD") {
		t.Errorf("consultant's view of their engagement: %d, payment shown: %v", p.Status, p.Doc.Find("[data-testid=payment]").Length())
	}
	// Their deliverables are theirs to read; another engagement's are not.
	file := p.Doc.Find("[data-testid=deliverable]").AttrOr("href", "")
	if file == "" || c.Get(file).Status != http.StatusOK {
		t.Errorf("consultant's own deliverable %q", file)
	}
	e.Exec("UPDATE completion_reports SET consultant_user_ids = ARRAY[$2::bigint] WHERE voucher_id = $1", paid.ID, e.Demo.Users["partner@fabrikam.example"])
	e.Exec("UPDATE reservations SET consultant_user_ids = '{}' WHERE voucher_id = $1", paid.ID)
	if got := c.Get(file).Status; got != http.StatusNotFound {
		t.Errorf("deliverable of an engagement they are not on: %d", got)
	}
	if got := c.Get("/partner/vouchers/" + id(paid.ID)).Status; got != http.StatusNotFound {
		t.Errorf("engagement they are no longer on: %d", got)
	}
	for _, path := range []string{"/partner/vouchers", "/partner/payments"} {
		if got := c.Get(path).Status; got != http.StatusNotFound {
			t.Errorf("consultant %s: %d", path, got)
		}
	}
}

// An SVG is refused however it is named; a stored name keeps one safe
// extension that fits what the file is.
func TestDeliverableNamesAndTypes(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@fabrikam.example")
	r := e.Demo.Vouchers["contoso-reserved"]
	e.Exec("INSERT INTO consultant_exams (org_id, user_id, exam_id, passed_on) SELECT $1, $2, id, '2020-01-01' FROM exams WHERE code = 'MD-100' ON CONFLICT DO NOTHING",
		e.Demo.Orgs["Fabrikam Consulting"], e.Demo.Users["consultant@fabrikam.example"])
	e.SetDate(program.D(2021, 3, 20))
	fields := url.Values{"delivered_start": {"2021-03-15"}, "delivered_end": {"2021-03-17"}, "summary": {"Done"},
		"consultants": {id(e.Demo.Users["consultant@fabrikam.example"])}}
	before := rows(e)
	ct, body := upload(t, fields, map[string][]byte{"diagram.png": []byte("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")})
	if p := b.PostRaw("/partner/vouchers/"+id(r.ID)+"/report", ct, body); p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("[data-testid=refusal]"), "SVG") {
		t.Errorf("SVG: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	fields.Set("summary", strings.Repeat("x", program.MaxSummary+1))
	ct, body = upload(t, fields, map[string][]byte{"notes.txt": []byte("notes")})
	if p := b.PostRaw("/partner/vouchers/"+id(r.ID)+"/report", ct, body); p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("[data-testid=refusal]"), "at most 10,000") {
		t.Errorf("20,000-character summary: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if rows(e) != before {
		t.Fatal("refused reports changed rows")
	}
	fields.Set("summary", "Done")
	long := strings.Repeat("plan", 80) + ".pdf.html"
	ct, body = upload(t, fields, map[string][]byte{long: []byte("%PDF-1.4\n1 0 obj\n")})
	if p := b.PostRaw("/partner/vouchers/"+id(r.ID)+"/report", ct, body); p.Status != http.StatusSeeOther {
		t.Fatalf("report: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if n := e.Count("SELECT count(*) FROM deliverables WHERE filename LIKE 'planplan%.pdf' AND octet_length(filename) = 255 AND content_type = 'application/pdf'"); n != 1 {
		t.Errorf("stored names: %d matching", n)
	}
}
