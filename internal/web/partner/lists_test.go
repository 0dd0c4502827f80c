package partner_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// The partner's voucher list in each order it offers, with its count, an
// unknown order's fallback and a second page in a non-default order (issue
// 16, item 12).
func TestPartnerVoucherListSortsAndCounts(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	fabrikam := e.Demo.Orgs["Fabrikam Consulting"]
	e.AddVouchers(e.Demo.Vouchers["contoso-reserved"].ID, 30)
	total := e.Count(`SELECT count(*) FROM vouchers WHERE partner_org_id = $1`, fabrikam)
	b := e.SignIn("partner@fabrikam.example")
	const rows = "[data-testid=voucher-list] tbody tr"

	p := b.Get("/partner/vouchers")
	if got, want := p.Text("[data-testid=count]"), fmt.Sprintf("%d vouchers", total); got != want {
		t.Errorf("count = %q, want %q", got, want)
	}
	e.TwoPages(b, p, rows, "expiry", total)
	days := b.Get("/partner/vouchers?sort=days")
	if got := days.Text(`[data-testid=voucher-list] th[aria-sort="descending"]`); got != "Days" {
		t.Errorf("sorted by days, the sorted column is %q", got)
	}
	e.TwoPages(b, days, rows, "days", total)
	e.TwoPages(b, b.Get("/partner/vouchers?sort=newest"), rows, "newest", total)
	bad := b.Get("/partner/vouchers?sort=cheapest")
	if bad.Status != 200 || fmt.Sprint(e.ListedVouchers(bad, rows)) != fmt.Sprint(e.ListedVouchers(p, rows)) {
		t.Errorf("unknown sort: status %d, not the default order", bad.Status)
	}
	reserved := e.Count(`SELECT count(*) FROM vouchers WHERE partner_org_id = $1 AND state = 'RESERVED'`, fabrikam)
	if got, want := b.Get("/partner/vouchers?state=RESERVED&sort=newest").Text("[data-testid=count]"), fmt.Sprintf("%d vouchers", reserved); got != want {
		t.Errorf("reserved count = %q, want %q", got, want)
	}
}

// The payments page: the payment deadline of a redeemed voucher with its
// days left to the day, the paid day, the requests' orders, count and
// second page.
func TestPartnerPaymentsDeadlinesOrdersAndCount(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.AddVouchers(e.Demo.Vouchers["contoso-reserved"].ID, 1)
	e.Exec(`UPDATE vouchers SET state = 'REDEEMED', redeemed_on = '2021-02-20' WHERE id = (SELECT max(id) FROM vouchers)`)
	b := e.SignIn("partner@fabrikam.example")
	p := b.Get("/partner/payments")
	if p.Status != 200 {
		t.Fatalf("status %d", p.Status)
	}
	// Redeemed on 20 February 2021: the last day to request payment is 60
	// days on, 21 April; on 1 March that is 52 days, counting today.
	li := p.Doc.Find("[data-testid=awaiting] li").Last()
	if got := strings.Join(strings.Fields(li.Text()), " "); !strings.Contains(got, "request by 21 April 2021 (UTC) — 52 days left") {
		t.Errorf("awaiting = %q", got)
	}
	e.SetDate(program.D(2021, 4, 21))
	p = b.Get("/partner/payments")
	if got := p.Doc.Find("[data-testid=awaiting] li").Last().Find("[data-testid=days-left]").Text(); got != "1 day left" {
		t.Errorf("on the last day: %q", got)
	}
	e.SetDate(program.D(2021, 3, 1))
	// Once its window has closed, nothing awaits: it leaves the list.
	e.Exec(`UPDATE vouchers SET payment_window_closed = true WHERE id = (SELECT max(id) FROM vouchers)`)
	if got := b.Get("/partner/payments").Doc.Find("[data-testid=awaiting] li").Text(); strings.Contains(got, "21 April 2021") {
		t.Errorf("a closed window is still awaiting a request: %q", got)
	}

	// The requests: newest first, then oldest first; the paid one shows
	// the day it was paid.
	paid, requested := e.Demo.Vouchers["contoso-paid"].Code.Display(), e.Demo.Vouchers["contoso-payment-requested"].Code.Display()
	p = b.Get("/partner/payments")
	const rows = "[data-testid=payments] tbody tr"
	if got := webtest.ListedCodes(p, rows); !slices.Equal(got, []string{requested, paid}) {
		t.Errorf("newest first: %v", got)
	}
	if got := p.Text("[data-testid=count]"); got != "2 payment requests" {
		t.Errorf("count = %q", got)
	}
	if got := p.Doc.Find(rows).Last().Find("[data-testid=paid-on]").Text(); strings.TrimSpace(got) != "1 November 2020" {
		t.Errorf("paid on = %q", got)
	}
	if got := p.Doc.Find(rows).First().Find("[data-testid=paid-on]").Text(); strings.TrimSpace(got) != "" {
		t.Errorf("a request awaiting review shows paid on %q", got)
	}
	if got := p.Text(`[data-testid=payments] th[aria-sort="descending"]`); got != "Requested" {
		t.Errorf("sorted column = %q", got)
	}
	href, _ := p.Doc.Find(`[data-testid=payments] th a[data-sort=oldest]`).Attr("href")
	oldest := b.Get(href)
	if got := webtest.ListedCodes(oldest, rows); !slices.Equal(got, []string{paid, requested}) {
		t.Errorf("oldest first (%s): %v", href, got)
	}
	if got := webtest.ListedCodes(b.Get("/partner/payments?sort=largest"), rows); !slices.Equal(got, []string{requested, paid}) {
		t.Errorf("unknown sort: %v", got)
	}

	// More than a page, oldest first: the second page follows the first.
	e.AddPaymentRequests(e.Demo.Vouchers["contoso-payment-requested"].ID, 30)
	first := b.Get("/partner/payments?sort=oldest")
	if got := first.Text("[data-testid=count]"); got != "32 payment requests" {
		t.Errorf("count = %q", got)
	}
	next := first.NextLink()
	if !strings.Contains(next, "sort=oldest") {
		t.Fatalf("next = %q", next)
	}
	all := append(webtest.ListedCodes(first, rows), webtest.ListedCodes(b.Get(next), rows)...)
	if len(all) != 32 || all[0] != paid || all[1] != requested {
		t.Errorf("oldest first over two pages: %d rows, starting %v", len(all), all[:min(2, len(all))])
	}
	ids := map[string]bool{}
	last := 0
	for _, c := range all {
		id := e.Count(`SELECT pr.id FROM payment_requests pr JOIN vouchers v ON v.id = pr.voucher_id WHERE v.code = $1`, strings.ReplaceAll(c, "-", ""))
		if id <= last || ids[c] {
			t.Errorf("%s (request %d) out of order after %d", c, id, last)
		}
		ids[c], last = true, id
	}
}

// The payments page lists the first DeadlineList vouchers awaiting a
// request, soonest to close first, and links to the rest.
func TestPartnerPaymentsListTheFirstAwaiting(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("partner@fabrikam.example")
	if p := b.Get("/partner/payments"); p.Doc.Find("[data-testid=awaiting-more]").Length() != 0 {
		t.Fatal("the demo's payments page links to more awaiting vouchers")
	}
	before := e.Count(`SELECT max(id) FROM vouchers`)
	e.AddVouchers(e.Demo.Vouchers["contoso-reserved"].ID, app.DeadlineList+1)
	e.Exec(`UPDATE vouchers SET state = 'REDEEMED', redeemed_on = '2021-02-01'::date + (id % 20)::int WHERE id > $1`, before)
	p := b.Get("/partner/payments")
	if n := p.Doc.Find("[data-testid=awaiting] li").Length(); n != app.DeadlineList {
		t.Errorf("%d vouchers awaiting a request listed, want %d", n, app.DeadlineList)
	}
	href, _ := p.Doc.Find("[data-testid=awaiting-more] a").Attr("href")
	if href != "/partner/vouchers?state=REDEEMED" {
		t.Errorf("the link to the rest = %q", href)
	}
	// Soonest to close first: the earliest redeemed.
	first := strings.Join(strings.Fields(p.Doc.Find("[data-testid=awaiting] li").First().Text()), " ")
	if !strings.Contains(first, "request by 2 April 2021") {
		t.Errorf("the first awaiting voucher = %q, want the one redeemed on 1 February (window to 2 April)", first)
	}
}
