package web_test

import (
	"strings"
	"testing"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// Each home lists the DeadlineList soonest deadlines, soonest first, and links
// to the rest.
func TestHomesListTheSoonestDeadlines(t *testing.T) {
	t.Parallel()
	for _, h := range []struct{ email, home, items, more, rest string }{
		{"benefits@contoso.example", "/customer", "[data-testid=attention] li:has(a.code)", "[data-testid=attention-more] a", "/customer/vouchers"},
		{"partner@fabrikam.example", "/partner", "[data-testid=deadlines] li:has(a.code)", "[data-testid=deadlines-more] a", "/partner/vouchers"},
	} {
		t.Run(h.home, func(t *testing.T) {
			t.Parallel()
			e := webtest.New(t)
			e.AddVouchers(e.Demo.Vouchers["contoso-reserved"].ID, 2*app.DeadlineList+10) // reserved with Fabrikam, ending 1 to 30 May
			e.Clock.Set(program.D(2021, 4, 25).In(time.UTC).Add(9 * time.Hour))
			p := e.SignIn(h.email).Get(h.home)
			items := p.Doc.Find(h.items)
			if n := items.Length(); n != app.DeadlineList {
				t.Errorf("%d deadlines listed, want %d", n, app.DeadlineList)
			}
			if !strings.Contains(items.First().Text(), "expires in 6 days") {
				t.Errorf("the first deadline = %q, want the vouchers ending on 1 May (in 6 days)", items.First().Text())
			}
			if href, _ := p.Doc.Find(h.more).Attr("href"); href != h.rest {
				t.Errorf("the link to the other deadlines = %q, want %q", href, h.rest)
			}
		})
	}
}
