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
}
