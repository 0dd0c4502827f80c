package ui

import (
	"net/url"
	"testing"

	"sapsportal/internal/i18n"
	"sapsportal/internal/store"
)

// A count in both languages, exact or stopped at the cap.
func TestCountText(t *testing.T) {
	for _, c := range []struct {
		lang   string
		n      int
		capped bool
		want   string
	}{
		{"en", 0, false, "0 vouchers"}, {"en", 1, false, "1 voucher"}, {"en", 1234, false, "1,234 vouchers"},
		{"en", store.CountCap, true, "more than 1,000 vouchers"},
		{"fr", 0, false, "0 bon"}, {"fr", 1, false, "1 bon"}, {"fr", 1234, false, "1\u00a0234 bons"},
		{"fr", store.CountCap, true, "plus de 1\u00a0000 bons"},
	} {
		v := &View{L: i18n.For(c.lang)}
		if got := v.CountText(c.n, c.capped, "%d voucher", "%d vouchers", "more than %d vouchers"); got != c.want {
			t.Errorf("%s %d %v: %q, want %q", c.lang, c.n, c.capped, got, c.want)
		}
	}
}

// An unknown order is the list's default; a header link starts the list
// over in its order with the same filters; aria-sort marks only the
// sorted column.
func TestSorts(t *testing.T) {
	if got := ProgramVoucherSorts.Pick(store.SortDays); got != store.SortExpiry {
		t.Errorf("program-wide days: %q", got)
	}
	if got := VoucherSorts.Pick("'; DROP TABLE vouchers"); got != store.SortExpiry {
		t.Errorf("unknown: %q", got)
	}
	l := SortList{Base: "/customer/vouchers", Q: url.Values{"state": {"RESERVED"}, "after": {"2021-05-01_3"}, "sort": {"expiry"}}, Sorts: VoucherSorts, Current: store.SortExpiry}
	if got := l.Link(store.SortDays); got != "/customer/vouchers?sort=days&state=RESERVED" {
		t.Errorf("link = %q", got)
	}
	if l.AriaSort(store.SortExpiry) != "ascending" || l.AriaSort(store.SortDays) != "" {
		t.Errorf("aria-sort: %q %q", l.AriaSort(store.SortExpiry), l.AriaSort(store.SortDays))
	}
}
