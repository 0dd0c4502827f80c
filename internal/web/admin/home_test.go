package admin_test

import (
	"strings"
	"testing"

	"sapsportal/internal/web/webtest"
)

func TestAdminHomeToDosAndCharts(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	p := e.SignIn("admin@program.example").Get("/admin")
	v := e.Demo.Vouchers["contoso-payment-requested"]
	items := p.Doc.Find("[data-testid=todo]")
	if items.Length() != 1 || items.AttrOr("data-kind", "") != "decide_payment" {
		t.Fatalf("to-dos: %q", p.Text("[data-testid=todos]"))
	}
	if href, _ := items.Find("a").Attr("href"); href != "/admin/vouchers/"+id(v.ID) {
		t.Errorf("decide link: %q", href)
	}
	if got := strings.Join(strings.Fields(items.Text()), " "); !strings.Contains(got, v.Code.Display()) || !strings.Contains(got, "requested on 25 February 2021") {
		t.Errorf("decide to-do: %q", got)
	}
	table := p.Text("[data-testid=chart-states-table]")
	if !strings.Contains(table, "Paid") || !strings.Contains(table, "Payment requested") {
		t.Errorf("vouchers by state: %q", table)
	}
	if href, _ := p.Doc.Find(`[data-testid=state-tiles] [data-state=PAID] a`).Attr("href"); href != "/admin/vouchers?state=PAID" {
		t.Errorf("paid tile: %q", href)
	}
	// Days by month: the 12 months to the program's today (1 March 2021),
	// from the tallies, with a table of the same numbers. February 2021: 3
	// + 1 + 1 days put into vouchers, contoso-payment-requested's 3 redeemed;
	// the vouchers voided or expired since still count where they began.
	months := p.Doc.Find("[data-testid=chart-days-months-table] tbody tr")
	if months.Length() != 12 || strings.TrimSpace(months.First().Find("th").Text()) != "April 2020" {
		t.Fatalf("days by month: %d rows, %q", months.Length(), p.Text("[data-testid=chart-days-months-table]"))
	}
	row := func(i int) string {
		var cells []string
		months.Eq(i).Find("th, td").Each(func(_ int, s *goquerySel) { cells = append(cells, strings.TrimSpace(s.Text())) })
		return strings.Join(cells, " | ")
	}
	for i, want := range map[int]string{2: "June 2020 | 5 | 0", 5: "September 2020 | 5 | 0", 6: "October 2020 | 0 | 5",
		8: "December 2020 | 3 | 0", 9: "January 2021 | 3 | 0", 10: "February 2021 | 5 | 3", 11: "March 2021 | 0 | 0"} {
		if got := row(i); got != want {
			t.Errorf("month %d: %q, want %q", i, got, want)
		}
	}
	if p.Doc.Find("[data-testid=chart-days-months] svg[role=img] g.bar").Length() != 12 {
		t.Error("days by month: not 12 bars")
	}
}

// The French home's months are French and the chart keeps its table.
func TestAdminHomeDaysByMonthInFrench(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	b.Post("/lang", map[string][]string{"lang": {"fr"}, "next": {"/admin"}})
	p := b.Get("/admin")
	table := p.Text("[data-testid=chart-days-months-table]")
	for _, want := range []string{"Jours mis dans des bons", "Jours utilisés", "février 2021"} {
		if !strings.Contains(table, want) {
			t.Errorf("French days by month: want %q in %q", want, table)
		}
	}
}
