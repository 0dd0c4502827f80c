package partner_test

import (
	"strings"
	"testing"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// The partner home lists the HomeList soonest deadlines, soonest first,
// and links to the rest.
func TestPartnerHomeListsTheSoonestDeadlines(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.AddVouchers(e.Demo.Vouchers["contoso-reserved"].ID, 2*app.HomeList+10) // reserved, ending 1 to 30 May
	e.Clock.Set(program.D(2021, 4, 25).In(time.UTC).Add(9 * time.Hour))
	p := e.SignIn("partner@fabrikam.example").Get("/partner")
	items := p.Doc.Find("[data-testid=deadlines] li:not([data-testid=deadlines-more])")
	if n := items.Length(); n != app.HomeList {
		t.Errorf("%d deadlines listed, want %d", n, app.HomeList)
	}
	if !strings.Contains(items.First().Text(), "expires in 6 days") {
		t.Errorf("the first deadline = %q, want the vouchers ending on 1 May (in 6 days)", items.First().Text())
	}
	if href, _ := p.Doc.Find("[data-testid=deadlines-more] a").Attr("href"); href != "/partner/vouchers" {
		t.Errorf("the link to the other deadlines = %q", href)
	}
}
