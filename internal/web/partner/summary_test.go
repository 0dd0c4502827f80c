package partner_test

import (
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/web/webtest"
)

// The eligibility page starts with what the partner may deliver today and,
// for the rest, what is missing first, with a link to see to it when the
// portal has one for the reader.
func TestEligibilitySummary(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	fab := e.SignIn("globaladmin@fabrikam.example").Get("/partner/eligibility")
	sum := fab.Doc.Find("[data-testid=eligibility-summary]")
	if i, j := strings.Index(fab.Body, `data-testid="eligibility-summary"`), strings.Index(fab.Body, `data-testid="type"`); sum.Length() != 1 || i < 0 || i > j {
		t.Fatalf("no summary first: %q", fab.Text("main"))
	}
	if sum.Find(`[data-testid=may-deliver] li[data-summary-type="SharePoint Deployment Planning"]`).Length() != 1 {
		t.Errorf("Fabrikam may deliver SharePoint: %q", sum.Text())
	}
	// Every engagement type of the page is in the summary once: eligible, or
	// with what is missing.
	if n, m := fab.Doc.Find(`[data-testid=type][data-eligible=yes]`).Length(), sum.Find("[data-testid=may-deliver] li").Length(); n != m {
		t.Errorf("%d eligible types, %d in the summary", n, m)
	}
	ex := sum.Find(`[data-testid=missing] li[data-summary-type="Exchange Deployment Planning"]`)
	if !strings.Contains(ex.Text(), "Enrolled in S-EDPS") || ex.Find("[data-testid=fix]").AttrOr("href", "") != "/partner/organisation#enrollments" {
		t.Errorf("Fabrikam Exchange: %q", ex.Text())
	}
	if sum.Find(`[data-testid=missing] li[data-summary-type="SharePoint Deployment Planning"]`).Length() != 0 {
		t.Error("SharePoint is both deliverable and missing something")
	}

	// A partner admin cannot open the organisation page: no link there.
	pa := e.SignIn("partner@fabrikam.example").Get("/partner/eligibility")
	if pa.Doc.Find(`[data-testid=missing] li[data-summary-type="Exchange Deployment Planning"] [data-testid=fix]`).Length() != 0 {
		t.Error("the partner admin is sent to a page they cannot open")
	}

	nw := e.SignIn("partner@northwind.example")
	p := nw.Get("/partner/eligibility")
	sum = p.Doc.Find("[data-testid=eligibility-summary]")
	if sum.Find("[data-testid=may-deliver-none]").Length() != 1 || sum.Find("[data-testid=may-deliver]").Length() != 0 {
		t.Errorf("Northwind may deliver nothing: %q", sum.Text())
	}
	sp := sum.Find(`[data-testid=missing] li[data-summary-type="SharePoint Deployment Planning"]`)
	if !strings.Contains(sp.Text(), "Qualifying competency") || sp.Find("[data-testid=fix]").Length() != 0 {
		t.Errorf("Northwind SharePoint: %q (the program records competencies: no link)", sp.Text())
	}
	nw.Post("/lang", url.Values{"lang": {"fr"}})
	fr := nw.Get("/partner/eligibility").Doc.Find("[data-testid=eligibility-summary]")
	if !strings.Contains(fr.Text(), "En bref") || !strings.Contains(fr.Text(), "Vous ne pouvez encore réaliser aucun type de mission.") {
		t.Errorf("French summary: %q", fr.Text())
	}
}
