package partner_test

import (
	"net/http"
	"strings"
	"testing"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// The eligibility and home pages show when each enrollment ends; the renew
// button appears in the last 90 days, for the partner global admin only.
func TestEnrollmentEndsAndRenewal(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("globaladmin@fabrikam.example")
	p := b.Get("/partner/eligibility")
	sdps := p.Doc.Find(`[data-testid=term][data-offering="SDPS"]`)
	if sdps.AttrOr("data-ends", "") != "2021-05-31" || !strings.Contains(sdps.Text(), "Until 31 May 2021") ||
		!strings.Contains(sdps.Text(), "Renewable from 3 March 2021") || sdps.Find("form").Length() != 0 {
		t.Errorf("SDPS on 1 March: %q", sdps.Text())
	}
	ssdps := p.Doc.Find(`[data-testid=term][data-offering="SSDPS"]`)
	if !strings.Contains(ssdps.Text(), "Renewal requested on 26 February 2021") {
		t.Errorf("SSDPS: %q", ssdps.Text())
	}
	home := b.Get("/partner/")
	if !strings.Contains(home.Text(`[data-testid=term][data-offering="SDPS"]`), "Until 31 May 2021") {
		t.Errorf("home: %q", home.Text("[data-testid=enrollment-terms]"))
	}

	id := e.Count("SELECT id FROM partner_enrollments WHERE org_id = $1 AND offering_code = 'SDPS' AND status = 'approved'", e.Demo.Orgs["Fabrikam Consulting"])
	r := b.Post("/partner/enrollments/"+id2s(id)+"/renew", nil)
	if r.Status != http.StatusConflict || !strings.Contains(r.Text("[data-testid=refusal]"), "from 3 March 2021") {
		t.Errorf("early renewal: %d %q", r.Status, r.Text("[data-testid=refusal]"))
	}
	e.SetDate(program.D(2021, 3, 3))
	p = b.Get("/partner/eligibility")
	if p.Doc.Find(`[data-testid=term][data-offering="SDPS"] form button`).Length() != 1 {
		t.Fatalf("no renew button on 3 March: %q", p.Text(`[data-testid=term][data-offering="SDPS"]`))
	}
	if r := b.Post("/partner/enrollments/"+id2s(id)+"/renew", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("renew: %d %q", r.Status, r.Text("[data-testid=refusal]"))
	}
	if !strings.Contains(b.Get("/partner/eligibility").Text(`[data-testid=term][data-offering="SDPS"]`), "Renewal requested on 3 March 2021") {
		t.Error("the request is not shown")
	}
	// A partner admin sees the end, not the button.
	pa := e.SignIn("partner@fabrikam.example").Get("/partner/eligibility")
	if pa.Doc.Find("[data-testid=term] form").Length() != 0 || !strings.Contains(pa.Text(`[data-testid=term][data-offering="SDPS"]`), "Until 31 May 2021") {
		t.Errorf("partner admin: %q", pa.Text("[data-testid=enrollment-terms]"))
	}
}

func id2s(n int) string { return id(int64(n)) }
