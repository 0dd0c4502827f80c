package partner_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

func todoLines(p *webtest.Page) []string {
	var out []string
	p.Doc.Find("[data-testid=todo]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Find("a").Attr("href")
		out = append(out, s.AttrOr("data-kind", "")+" "+href)
	})
	return out
}

func TestPartnerHomeToDosAndCharts(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	reserved := e.Demo.Vouchers["contoso-reserved"] // 3 days from 15 March 2021
	b := e.SignIn("partner@fabrikam.example")
	// 1 March 2021: the engagement has not started, the other voucher
	// awaits the program: truly nothing to do.
	p := b.Get("/partner")
	if got := todoLines(p); len(got) != 0 || p.Text("[data-testid=nothing-to-do]") != "Nothing to do." {
		t.Errorf("1 March: %v %q", got, p.Text("[data-testid=todos]"))
	}
	// The charts' text equivalents: vouchers by state with links, money by month.
	table := p.Doc.Find("[data-testid=chart-states-table]")
	if href, _ := table.Find(`a:contains("Reserved")`).Attr("href"); href != "/partner/vouchers?state=RESERVED" {
		t.Errorf("reserved bar links to %q in %q", href, table.Text())
	}
	if p.Doc.Find("[data-testid=chart-states] svg rect").Length() == 0 {
		t.Error("no bars drawn")
	}
	money := strings.Join(strings.Fields(p.Text("[data-testid=chart-money-table]")), " ")
	if !strings.Contains(money, "February 2021") {
		t.Errorf("money by month: %q", money)
	}
	if p.Doc.Find("[data-testid=retirement-timeline] [data-testid=rt-today]").Length() != 1 {
		t.Error("no retirement timeline with today on the partner home")
	}
	// 16 March, the engagement's second day: not ended yet.
	e.SetDate(program.D(2021, 3, 16))
	if got := todoLines(b.Get("/partner")); len(got) != 0 {
		t.Errorf("16 March: %v", got)
	}
	// 17 March, its last day: the report is due, by the voucher's last valid day.
	e.SetDate(program.D(2021, 3, 17))
	p = b.Get("/partner")
	if got := todoLines(p); len(got) != 1 || got[0] != "report /partner/vouchers/"+id(reserved.ID) {
		t.Errorf("17 March: %v", got)
	}
	if got := strings.Join(strings.Fields(p.Text("[data-testid=todo]")), " "); !strings.Contains(got, reserved.Code.Display()) ||
		!strings.Contains(got, "Submit the completion report") || !strings.Contains(got, "Last day: "+reserved.LastValidDay().Long()+" (UTC)") {
		t.Errorf("report to-do: %q", got)
	}
	// A consultant has no to-dos of the partner's.
	if e.SignIn("consultant@fabrikam.example").Get("/partner").Doc.Find("[data-testid=todo]").Length() != 0 {
		t.Error("consultant sees the partner's to-dos")
	}
}
