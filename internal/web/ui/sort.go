package ui

import (
	"net/url"
	"slices"
	"strconv"

	"sapsportal/internal/store"
)

// A list's orders (issue 16, item 12): each list offers a few, chosen by
// its filter form's "Sort by" select (the "sort" query parameter) and, where
// a column holds the sorted value, by that column's header link. An unknown
// value is the list's first order.

// SortOption is one order a list offers.
type SortOption struct {
	Value string
	Label string // English, translated when shown
	// Dir is the sorted column's aria-sort ("ascending" or "descending").
	Dir string
}

// Sorts is a list's orders, the default first.
type Sorts []SortOption

// Pick is the order named s, or the default.
func (s Sorts) Pick(v string) string {
	if _, ok := s.find(v); ok {
		return v
	}
	return s[0].Value
}

// find is the order named v, if the list offers it.
func (s Sorts) find(v string) (SortOption, bool) {
	i := slices.IndexFunc(s, func(o SortOption) bool { return o.Value == v })
	if i < 0 {
		return SortOption{}, false
	}
	return s[i], true
}

// The voucher lists' orders: a customer's and a partner's (each served by
// an index that starts with the organisation), and the program-wide list's,
// without the days order no program-wide index serves.
var (
	VoucherSorts = Sorts{
		{store.SortExpiry, "Expiring soonest", "ascending"},
		{store.SortNewest, "Newest first", "descending"},
		{store.SortDays, "Most days first", "descending"},
	}
	ProgramVoucherSorts = VoucherSorts[:2]
)

// SortList is the state a list's sortable headers need: the page, its
// query (filters and order), its orders and the one in force.
type SortList struct {
	Base    string
	Q       url.Values
	Sorts   Sorts
	Current string
}

// Has reports whether the list offers order s.
func (l SortList) Has(s string) bool {
	_, ok := l.Sorts.find(s)
	return ok
}

// Link is the list in order s, from its first page, with the same filters.
func (l SortList) Link(s string) string {
	q := url.Values{}
	for k, vs := range l.Q {
		if k != "after" && k != "sort" {
			q[k] = vs
		}
	}
	q.Set("sort", s)
	return Path(l.Base, q)
}

// AriaSort is the aria-sort of the column sorted by s: its direction when
// the list is in that order, else "" (no attribute).
func (l SortList) AriaSort(s string) string {
	if l.Current != s {
		return ""
	}
	o, _ := l.Sorts.find(s)
	return o.Dir
}

// CountText is "1,234 vouchers" in the page's language, or "more than
// 1,000 vouchers" when the count stopped there.
func (v *View) CountText(n int, capped bool, one, other, more string) string {
	if capped {
		return v.L.Plural(n, more, more)
	}
	return v.L.Plural(n, one, other)
}

// The payment request lists' orders: newest first (the default) or oldest
// first, both the id's.
const (
	PaymentNewest = "newest"
	PaymentOldest = "oldest"
)

// PaymentSorts is the payment request lists' orders.
var PaymentSorts = Sorts{
	{PaymentNewest, "Newest first", "descending"},
	{PaymentOldest, "Oldest first", "ascending"},
}

// Other is the order of a two-way column that is not in force: the
// column's header link turns the list around.
func (l SortList) Other(a, b string) string {
	if l.Current == a {
		return b
	}
	return a
}

// AriaSortOf is the direction of whichever of orders is in force, for a
// column that several orders sort.
func (l SortList) AriaSortOf(orders ...string) string {
	for _, s := range orders {
		if d := l.AriaSort(s); d != "" {
			return d
		}
	}
	return ""
}

// PaymentList reads a payment request list's order and keyset cursor
// ("after" = the last id shown) from q, with the list's headers' state.
// keep names the filters (besides the order) that its links carry.
func PaymentList(base string, q url.Values, keep ...string) (store.PaymentFilter, SortList) {
	sort := PaymentSorts.Pick(q.Get("sort"))
	f := store.PaymentFilter{Oldest: sort == PaymentOldest}
	f.AfterID, _ = strconv.ParseInt(q.Get("after"), 10, 64)
	if f.AfterID < 0 {
		f.AfterID = 0
	}
	kept := url.Values{"sort": {sort}}
	for _, k := range keep {
		if s := q.Get(k); s != "" {
			kept.Set(k, s)
		}
	}
	return f, SortList{Base: base, Q: kept, Sorts: PaymentSorts, Current: sort}
}

// NextPaymentPage is the link to the requests after rows when more follow,
// with the same filters and order ("" when there is none).
func NextPaymentPage(l SortList, rows []store.PaymentRow, more bool) string {
	if !more || len(rows) == 0 {
		return ""
	}
	q := url.Values{}
	for k, vs := range l.Q {
		q[k] = vs
	}
	q.Set("after", ID(rows[len(rows)-1].ID))
	return Path(l.Base, q)
}

// OrgSorts is the organisation list's orders.
var OrgSorts = Sorts{
	{store.OrgByName, "Name, A to Z", "ascending"},
	{store.OrgByNameDesc, "Name, Z to A", "descending"},
	{store.OrgNewest, "Newest first", "descending"},
}

// The enrollment queue's orders: newest request first (the default), oldest
// first, or by partner name.
const (
	EnrollmentNewest  = "newest"
	EnrollmentOldest  = "oldest"
	EnrollmentPartner = "partner"
)

// EnrollmentSorts is the enrollment queue's orders.
var EnrollmentSorts = Sorts{
	{EnrollmentNewest, "Newest first", "descending"},
	{EnrollmentOldest, "Oldest first", "ascending"},
	{EnrollmentPartner, "Partner, A to Z", "ascending"},
}
