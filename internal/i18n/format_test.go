package i18n

import (
	"testing"

	"sapsportal/internal/program"
)

func TestMoneyAndSizes(t *testing.T) {
	en, fr := For("en"), For("fr")
	for _, c := range []struct {
		l    *Localizer
		m    program.Money
		want string
	}{
		{en, program.Money{Minor: 330000, Currency: "USD"}, "3,300.00 USD"},
		{fr, program.Money{Minor: 330000, Currency: "USD"}, "3\u00a0300,00\u00a0USD"},
		{en, program.Money{Minor: 123456789, Currency: "EUR"}, "1,234,567.89 EUR"},
		{fr, program.Money{Minor: 123456789, Currency: "EUR"}, "1\u00a0234\u00a0567,89\u00a0EUR"},
		{en, program.Money{Minor: -5, Currency: "USD"}, "-0.05 USD"},
		{fr, program.Money{Minor: 99999, Currency: "USD"}, "999,99\u00a0USD"},
	} {
		if got := c.l.Money(c.m); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.l.Lang(), c.m, got, c.want)
		}
	}
	for _, c := range []struct {
		l    *Localizer
		n    int
		want string
	}{
		{en, 512, "512 B"}, {fr, 512, "512\u00a0o"},
		{en, 12 << 10, "12 KB"}, {fr, 12 << 10, "12\u00a0Ko"},
		{en, 3 << 19, "1.5 MB"}, {fr, 3 << 19, "1,5\u00a0Mo"},
		{en, 1000 << 10, "1,000 KB"}, {fr, 1000 << 10, "1\u00a0000\u00a0Ko"},
	} {
		if got := c.l.Size(c.n); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.l.Lang(), c.n, got, c.want)
		}
	}
}

func TestPlural(t *testing.T) {
	en, fr := For("en"), For("fr")
	for _, c := range []struct {
		l    *Localizer
		n    int
		want string
	}{
		{en, 0, "0 payment requests"}, {en, 1, "1 payment request"}, {en, 2, "2 payment requests"},
		{fr, 0, "0 demande de paiement"}, {fr, 1, "1 demande de paiement"}, {fr, 2, "2 demandes de paiement"},
		{fr, 1200, "1\u00a0200 demandes de paiement"},
	} {
		if got := c.l.Plural(c.n, "%d payment request", "%d payment requests"); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.l.Lang(), c.n, got, c.want)
		}
	}
}
