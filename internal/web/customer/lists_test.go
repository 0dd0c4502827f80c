package customer_test

import (
	"fmt"
	"strings"
	"testing"

	"sapsportal/internal/web/webtest"
)

// The customer's voucher list in each order it offers: sorted rows, its
// count, the sorted column's aria-sort, an unknown order's fallback and a
// keyset second page in a non-default order (issue 16, item 12).
func TestCustomerVoucherListSortsAndCounts(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	contoso := e.Demo.Orgs["Contoso Ltd"]
	e.AddVouchers(e.Demo.Vouchers["contoso-reserved"].ID, 30)
	total := e.Count(`SELECT count(*) FROM vouchers WHERE org_id = $1`, contoso)
	b := e.SignIn("benefits@contoso.example")
	const rows = "[data-testid=voucher-list] tbody tr"

	p := b.Get("/customer/vouchers")
	if p.Status != 200 {
		t.Fatalf("status %d", p.Status)
	}
	if got, want := p.Text("[data-testid=count]"), fmt.Sprintf("%d vouchers", total); got != want {
		t.Errorf("count = %q, want %q", got, want)
	}
	e.InOrder("default", "expiry", e.ListedVouchers(p, rows))
	if got := p.Text(`[data-testid=voucher-list] th[aria-sort="ascending"]`); got != "Last valid day" {
		t.Errorf("the sorted column is %q, want Last valid day", got)
	}
	if got := p.Doc.Find(`#f-sort option[selected]`).AttrOr("value", ""); got != "expiry" {
		t.Errorf("Sort by shows %q, want expiry", got)
	}
	if got := p.Doc.Find(`label[for=f-sort]`).Text(); got != "Sort by" {
		t.Errorf("the sort field's label is %q", got)
	}
	e.TwoPages(b, p, rows, "expiry", total)

	// Most days first, from the Days header's link, and its second page.
	href, _ := p.Doc.Find(`[data-testid=voucher-list] th a[data-sort=days]`).Attr("href")
	if !strings.Contains(href, "sort=days") {
		t.Fatalf("Days header link = %q", href)
	}
	days := b.Get(href)
	if got := days.Text(`[data-testid=voucher-list] th[aria-sort="descending"]`); got != "Days" {
		t.Errorf("sorted by days, the sorted column is %q", got)
	}
	e.TwoPages(b, days, rows, "days", total)

	newest := b.Get("/customer/vouchers?sort=newest")
	e.TwoPages(b, newest, rows, "newest", total)
	if newest.Doc.Find(`[data-testid=voucher-list] th[aria-sort]`).Length() != 0 {
		t.Error("newest first marks a column as sorted")
	}

	// An order the list does not know is the default, never an error.
	bad := b.Get("/customer/vouchers?sort=%27+OR+1%3D1&after=x_y")
	if bad.Status != 200 {
		t.Fatalf("unknown sort: status %d", bad.Status)
	}
	got, want := e.ListedVouchers(bad, rows), e.ListedVouchers(p, rows)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("unknown sort shows %v, want the default %v", got, want)
	}

	// Counts follow the filters: by state (the tallies) and by enrollment
	// (counted), in both languages.
	reserved := e.Count(`SELECT count(*) FROM vouchers WHERE org_id = $1 AND state = 'RESERVED'`, contoso)
	if got, want := b.Get("/customer/vouchers?state=RESERVED&sort=days").Text("[data-testid=count]"), fmt.Sprintf("%d vouchers", reserved); got != want {
		t.Errorf("reserved count = %q, want %q", got, want)
	}
	c1 := e.Demo.Enrollments["SA-CONTOSO-US-01"]
	if got := b.Get("/customer/vouchers?enrollment=" + id(c1)).Text("[data-testid=count]"); got != "0 vouchers" {
		t.Errorf("count in an enrollment without vouchers = %q", got)
	}
	b.Lang = "fr"
	fr := b.Get("/customer/vouchers?state=EXPIRED")
	n := e.Count(`SELECT count(*) FROM vouchers WHERE org_id = $1 AND state = 'EXPIRED'`, contoso)
	wantFr := fmt.Sprintf("%d bon", n)
	if n > 1 {
		wantFr += "s"
	}
	if got := fr.Text("[data-testid=count]"); got != wantFr {
		t.Errorf("French count = %q, want %q", got, wantFr)
	}
	if got := fr.Doc.Find(`label[for=f-sort]`).Text(); got != "Trier par" {
		t.Errorf("French sort label = %q", got)
	}
}
