package customer_test

import (
	"strings"
	"testing"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// The customer home lists the HomeList vouchers ending soonest, soonest
// first, and links to the rest.
func TestCustomerHomeListsTheSoonestDeadlines(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.AddVouchers(e.Demo.Vouchers["contoso-reserved"].ID, 2*app.HomeList+10) // reserved, ending 1 to 30 May
	e.Clock.Set(program.D(2021, 4, 25).In(time.UTC).Add(9 * time.Hour))
	p := e.SignIn("benefits@contoso.example").Get("/customer")
	items := p.Doc.Find("[data-testid=attention] li:has(a.code)")
	if n := items.Length(); n != app.HomeList {
		t.Errorf("%d vouchers ending soon listed, want %d", n, app.HomeList)
	}
	if !strings.Contains(items.First().Text(), "expires in 6 days") {
		t.Errorf("the first = %q, want the vouchers ending on 1 May (in 6 days)", items.First().Text())
	}
	if href, _ := p.Doc.Find("[data-testid=attention-more] a").Attr("href"); href != "/customer/vouchers" {
		t.Errorf("the link to the rest = %q", href)
	}
}
