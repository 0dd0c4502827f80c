package admin_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"sapsportal/internal/web/webtest"
)

// The program-wide voucher list: by expiry (the default) or newest first,
// the orders an index serves program-wide; most days first, which none
// does, is the default there (issue 16, item 12).
func TestAdminVoucherListSortsAndCounts(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.AddVouchers(e.Demo.Vouchers["contoso-reserved"].ID, 30)
	total := e.Count(`SELECT count(*) FROM vouchers`)
	b := e.SignIn("admin@program.example")
	const rows = "[data-testid=voucher-list] tbody tr"

	p := b.Get("/admin/vouchers")
	if got, want := p.Text("[data-testid=count]"), fmt.Sprintf("%d vouchers", total); got != want {
		t.Errorf("count = %q, want %q", got, want)
	}
	e.TwoPages(b, p, rows, "expiry", total)
	if p.Doc.Find(`#f-sort option[value=days]`).Length() != 0 {
		t.Error("the program-wide list offers most days first, which no index serves")
	}
	newest := b.Get("/admin/vouchers?sort=newest")
	e.TwoPages(b, newest, rows, "newest", total)
	for _, s := range []string{"days", "nonsense"} {
		q := b.Get("/admin/vouchers?sort=" + s)
		if q.Status != 200 || fmt.Sprint(e.ListedVouchers(q, rows)) != fmt.Sprint(e.ListedVouchers(p, rows)) {
			t.Errorf("sort=%s: status %d, not the default order", s, q.Status)
		}
	}
	if got := b.Get("/admin/vouchers?state=PAID&sort=newest").Text("[data-testid=count]"); got != fmt.Sprintf("%d voucher", e.Count(`SELECT count(*) FROM vouchers WHERE state = 'PAID'`)) {
		t.Errorf("paid count = %q", got)
	}
	if got := b.Get("/admin/vouchers?q=Tailspin").Text("[data-testid=count]"); got != fmt.Sprintf("%d vouchers", e.Count(`SELECT count(*) FROM vouchers WHERE org_id = $1`, e.Demo.Orgs["Tailspin Toys"])) {
		t.Errorf("Tailspin count = %q", got)
	}
}

// orgNames reads the organisation list's names, in order.
func orgNames(p *webtest.Page) []string {
	var out []string
	p.Doc.Find("[data-testid=organisations] tbody tr td:first-child a").Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.Text())
	})
	return out
}

func TestAdminOrganisationListSortsAndCounts(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.Exec(`INSERT INTO organisations (name, kind) SELECT 'Zeta ' || chr(65 + (i * 7) % 26) || ' ' || i, 'customer' FROM generate_series(1, 30) i`)
	total := e.Count(`SELECT count(*) FROM organisations`)
	b := e.SignIn("admin@program.example")
	byName := func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }

	p := b.Get("/admin/organisations")
	if got, want := p.Text("[data-testid=count]"), fmt.Sprintf("%d organisations", total); got != want {
		t.Errorf("count = %q, want %q", got, want)
	}
	first := orgNames(p)
	if !slices.IsSortedFunc(first, byName) {
		t.Errorf("by name: %v", first)
	}
	if got := p.Text(`[data-testid=organisations] th[aria-sort="ascending"]`); got != "Name" {
		t.Errorf("sorted column = %q", got)
	}
	// Z to A, from the Name header's link, over two pages.
	href, _ := p.Doc.Find(`[data-testid=organisations] th a[data-sort=name-desc]`).Attr("href")
	desc := b.Get(href)
	if got := desc.Text(`[data-testid=organisations] th[aria-sort="descending"]`); got != "Name" {
		t.Errorf("Z to A: sorted column = %q", got)
	}
	next := desc.NextLink()
	if !strings.Contains(next, "sort=name-desc") {
		t.Fatalf("next page link %q", next)
	}
	all := append(orgNames(desc), orgNames(b.Get(next))...)
	want := slices.Clone(all)
	slices.SortFunc(want, func(a, b string) int { return -byName(a, b) })
	if len(all) != total || !slices.Equal(all, want) {
		t.Errorf("Z to A over two pages: %d of %d, %v", len(all), total, all)
	}
	// Newest first: the last created first.
	if got := orgNames(b.Get("/admin/organisations?sort=newest"))[0]; got != "Zeta "+string(rune(65+(30*7)%26))+" 30" {
		t.Errorf("newest first starts with %q", got)
	}
	if got := orgNames(b.Get("/admin/organisations?sort=size")); !slices.Equal(got, first) {
		t.Errorf("unknown sort: %v", got)
	}
	if got := b.Get("/admin/organisations?kind=partner&sort=newest").Text("[data-testid=count]"); got != fmt.Sprintf("%d organisations", e.Count(`SELECT count(*) FROM organisations WHERE kind = 'partner'`)) {
		t.Errorf("partner count = %q", got)
	}
}

func TestAdminEnrollmentListSortsAndCounts(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	decided := func(p *webtest.Page) []string {
		var out []string
		p.Doc.Find("[data-testid=decided] tbody tr").Each(func(_ int, s *goquery.Selection) {
			out = append(out, s.Find("td").First().Text()+"/"+s.Find("td").Eq(1).Text())
		})
		return out
	}
	p := b.Get("/admin/enrollments")
	n := e.Count(`SELECT count(*) FROM partner_enrollments WHERE status <> 'requested'`)
	if got := p.Text("[data-testid=decided-count]"); got != fmt.Sprintf("%d decided enrollments", n) {
		t.Errorf("decided count = %q", got)
	}
	pending := e.Count(`SELECT count(*) FROM partner_enrollments WHERE status = 'requested'`)
	if got := p.Text("[data-testid=count]"); got != fmt.Sprintf("%d enrollment requests", pending) && (pending != 1 || got != "1 enrollment request") {
		t.Errorf("request count = %q", got)
	}
	newest := decided(p)
	// The demo's decided enrollments, newest request first, in the store's
	// order; oldest first is that turned around.
	oldest := decided(b.Get("/admin/enrollments?sort=oldest"))
	reversed := slices.Clone(newest)
	slices.Reverse(reversed)
	if len(newest) != n || !slices.Equal(oldest, reversed) {
		t.Errorf("newest %v, oldest %v", newest, oldest)
	}
	byPartner := b.Get("/admin/enrollments?sort=partner")
	if got := decided(byPartner); !slices.IsSorted(got) {
		t.Errorf("by partner: %v", got)
	}
	if got := byPartner.Text(`[data-testid=decided] th[aria-sort="ascending"]`); got != "Partner" {
		t.Errorf("sorted column = %q", got)
	}
	if got := decided(b.Get("/admin/enrollments?sort=%3Cscript%3E")); !slices.Equal(got, newest) {
		t.Errorf("unknown sort: %v", got)
	}
}

// The program's payments: requests newest or oldest first over pages, the
// paid day, and the open payment windows with their days left.
func TestAdminPaymentsSortsCountsAndDeadlines(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.AddPaymentRequests(e.Demo.Vouchers["contoso-payment-requested"].ID, 30)
	b := e.SignIn("admin@program.example")
	const rows = "[data-testid=payment-queue] tbody tr"
	reqID := func(code string) int {
		return e.Count(`SELECT pr.id FROM payment_requests pr JOIN vouchers v ON v.id = pr.voucher_id WHERE v.code = $1`, strings.ReplaceAll(code, "-", ""))
	}
	ids := func(p *webtest.Page) []int {
		var out []int
		for _, c := range webtest.ListedCodes(p, rows) {
			out = append(out, reqID(c))
		}
		return out
	}
	p := b.Get("/admin/payments")
	if got := p.Text("[data-testid=count]"); got != "31 payment requests" {
		t.Errorf("count = %q", got)
	}
	newest := ids(p)
	if !slices.IsSortedFunc(newest, func(a, b int) int { return b - a }) || len(newest) != 25 {
		t.Errorf("newest first: %v", newest)
	}
	oldestPage := b.Get("/admin/payments?state=requested&sort=oldest")
	next := oldestPage.NextLink()
	if !strings.Contains(next, "sort=oldest") || !strings.Contains(next, "state=requested") {
		t.Fatalf("next = %q", next)
	}
	all := append(ids(oldestPage), ids(b.Get(next))...)
	if len(all) != 31 || !slices.IsSorted(all) || len(slices.Compact(slices.Clone(all))) != 31 {
		t.Errorf("oldest first over two pages: %v", all)
	}
	if got := ids(b.Get("/admin/payments?sort=richest")); !slices.Equal(got, newest) {
		t.Errorf("unknown sort: %v", got)
	}
	paid := b.Get("/admin/payments?state=paid")
	if got := paid.Text("[data-testid=count]"); got != "1 payment request" {
		t.Errorf("paid count = %q", got)
	}
	if got := paid.Text(rows + " [data-testid=paid-on]"); got != "1 November 2020" {
		t.Errorf("paid on = %q", got)
	}

	// A voucher redeemed on 20 February 2021 may be paid for until 21 April:
	// on 1 March, 52 days left, counting today.
	e.AddVouchers(e.Demo.Vouchers["contoso-reserved"].ID, 1)
	e.Exec(`UPDATE vouchers SET state = 'REDEEMED', redeemed_on = '2021-02-20' WHERE id = (SELECT max(id) FROM vouchers)`)
	w := b.Get("/admin/payments?state=awaiting")
	if got := w.Text("[data-testid=count]"); got != "1 voucher awaiting a payment request" {
		t.Errorf("awaiting count = %q", got)
	}
	row := w.Doc.Find("[data-testid=payment-windows] tbody tr").First()
	if got := row.Find("td").Eq(5).Text(); got != "21 April 2021 (UTC)" {
		t.Errorf("payment deadline = %q", got)
	}
	if got := row.Find("[data-testid=days-left]").Text(); got != "52 days left" {
		t.Errorf("days left = %q", got)
	}
}
