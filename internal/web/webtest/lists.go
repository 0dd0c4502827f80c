package webtest

import (
	"strings"

	"github.com/PuerkitoBio/goquery"

	"sapsportal/internal/program"
)

// AddVouchers copies voucher like n times (same customer, enrollment,
// engagement, partner and state), with new codes, lengths cycling through
// the program's and last valid days spread over a month in no order of
// their ids: enough rows, in distinct orders, for a list's pages.
func (e *Env) AddVouchers(like int64, n int) {
	e.T.Helper()
	lengths := []int{1, 3, 5, 10, 15}
	for i := range n {
		expires := program.D(2021, 5, 1).AddDays((i * 7) % 30)
		e.Exec(`INSERT INTO vouchers (code, org_id, enrollment_id, country, engagement_type_id, days, project_manager_email, state,
				created_on, expires_on, partner_org_id, redeemed_on, payment_window_closed)
			SELECT $2, org_id, enrollment_id, country, engagement_type_id, $3, project_manager_email, state,
				'2021-02-01', $4, partner_org_id, redeemed_on, payment_window_closed FROM vouchers WHERE id = $1`,
			like, string(program.NewCode()), lengths[i%len(lengths)], expires.Time())
	}
}

// ListRow is a voucher as a list shows it, with what its orders sort by.
type ListRow struct {
	Code    string
	ID      int
	Days    int
	Expires int // days since 2000-01-01
}

// ListedVouchers reads the rows of the page's list (rows whose selector is
// sel, each with its code in data-voucher) and their vouchers' sort keys.
func (e *Env) ListedVouchers(p *Page, sel string) []ListRow {
	e.T.Helper()
	var out []ListRow
	p.Doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
		code, _ := s.Attr("data-voucher")
		code = strings.TrimSpace(code)
		out = append(out, ListRow{Code: code,
			ID:      e.Count(`SELECT id FROM vouchers WHERE code = $1`, code),
			Days:    e.Count(`SELECT days FROM vouchers WHERE code = $1`, code),
			Expires: e.Count(`SELECT expires_on - date '2000-01-01' FROM vouchers WHERE code = $1`, code)})
	})
	return out
}

// NextLink is the page's next-page link ("" when there is none).
func (p *Page) NextLink() string {
	href, _ := p.Doc.Find("[data-testid=next-page]").Attr("href")
	return href
}

// Before reports whether row a comes strictly before b in a voucher list's
// order: "expiry" (last valid day, then id), "newest" (id, descending) or
// "days" (days then id, descending).
func Before(sort string, a, b ListRow) bool {
	switch sort {
	case "newest":
		return a.ID > b.ID
	case "days":
		return a.Days > b.Days || (a.Days == b.Days && a.ID > b.ID)
	}
	return a.Expires < b.Expires || (a.Expires == b.Expires && a.ID < b.ID)
}

// InOrder fails the test unless rows are in the list's order sort.
func (e *Env) InOrder(what, sort string, rows []ListRow) {
	e.T.Helper()
	for i := 1; i < len(rows); i++ {
		if !Before(sort, rows[i-1], rows[i]) {
			e.T.Errorf("%s: row %d (%+v) is not after row %d (%+v) in the %q order", what, i, rows[i], i-1, rows[i-1], sort)
		}
	}
}

// TwoPages checks a list's first page and the one its next link opens:
// each in order sort, the second after the first, none shown twice, and
// together all total rows (total at most two pages).
func (e *Env) TwoPages(b *Browser, first *Page, sel, sort string, total int) {
	e.T.Helper()
	p1 := e.ListedVouchers(first, sel)
	e.InOrder("page 1", sort, p1)
	next := first.NextLink()
	if next == "" {
		e.T.Fatalf("no next page in the %q order (%d rows)", sort, len(p1))
	}
	if !strings.Contains(next, "sort="+sort) {
		e.T.Errorf("the next page link %q does not keep the order %q", next, sort)
	}
	second := b.Get(next)
	if second.Status != 200 {
		e.T.Fatalf("GET %s: %d", next, second.Status)
	}
	p2 := e.ListedVouchers(second, sel)
	e.InOrder("page 2", sort, p2)
	if len(p2) == 0 || !Before(sort, p1[len(p1)-1], p2[0]) {
		e.T.Errorf("page 2 does not follow page 1 in the %q order: %v then %v", sort, p1, p2)
	}
	seen := map[string]bool{}
	for _, r := range append(p1, p2...) {
		if seen[r.Code] {
			e.T.Errorf("%s is shown twice", r.Code)
		}
		seen[r.Code] = true
	}
	if len(seen) != total {
		e.T.Errorf("two pages show %d vouchers, want all %d", len(seen), total)
	}
}

// AddPaymentRequests copies voucher like, which has a payment request, n
// times with its request (awaiting the program's review), requested on
// days after the template's.
func (e *Env) AddPaymentRequests(like int64, n int) {
	e.T.Helper()
	for i := range n {
		code := string(program.NewCode())
		e.Exec(`INSERT INTO vouchers (code, org_id, enrollment_id, country, engagement_type_id, days, project_manager_email, state,
				created_on, expires_on, partner_org_id, redeemed_on, payment_window_closed)
			SELECT $2, org_id, enrollment_id, country, engagement_type_id, days, project_manager_email, 'PAYMENT_REQUESTED',
				created_on, expires_on, partner_org_id, redeemed_on, payment_window_closed FROM vouchers WHERE id = $1`, like, code)
		e.Exec(`INSERT INTO payment_requests (voucher_id, partner_org_id, customer_org_id, location_id, country, days, rate_minor,
				amount_minor, currency, state, requested_on, requested_by)
			SELECT (SELECT id FROM vouchers WHERE code = $2), partner_org_id, customer_org_id, location_id, country, days, rate_minor,
				amount_minor, currency, 'requested', requested_on + $3::int, requested_by FROM payment_requests WHERE voucher_id = $1`, like, code, i)
	}
}

// ListedCodes reads the voucher codes of the page's rows (sel), in order.
func ListedCodes(p *Page, sel string) []string {
	var out []string
	p.Doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Find("a.code").First().Text()))
	})
	return out
}
