package i18n

import (
	"fmt"
	"maps"
	"strconv"
	"strings"

	"sapsportal/internal/program"
)

// groupFR is the French thousands separator (a no-break space, as the
// printer groups numbers for French).
const groupFR = "\u00a0"

// group writes the digits of n in groups of three with sep.
func group(n int64, sep string) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Money is an amount for the language: "3,300.00 USD", "3 300,00 USD"
// (a no-break space groups the French thousands, and binds the currency).
func (l *Localizer) Money(m program.Money) string {
	v, sign := m.Minor, ""
	if v < 0 {
		v, sign = -v, "-"
	}
	if l.Lang() == "fr" {
		return fmt.Sprintf("%s%s,%02d%s%s", sign, group(v/100, groupFR), v%100, groupFR, m.Currency)
	}
	return fmt.Sprintf("%s%s.%02d %s", sign, group(v/100, ","), v%100, m.Currency)
}

// Size is a file size for the language: "1.5 MB", "1,5 Mo"; "12 KB",
// "12 Ko"; "512 B", "512 o".
func (l *Localizer) Size(n int) string {
	fr := l.Lang() == "fr"
	unit := func(en, fr string) string {
		if l.Lang() == "fr" {
			return groupFR + fr
		}
		return " " + en
	}
	switch {
	case n >= 1<<20:
		s := strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
		if fr {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s + unit("MB", "Mo")
	case n >= 1<<10:
		return l.Number((n+1<<9)>>10) + unit("KB", "Ko")
	}
	return l.Number(n) + unit("B", "o")
}

// Plural picks the singular or the plural English message for n, as the
// language counts (French says "0 demande", "1 demande", "2 demandes";
// English "0 requests", "1 request"), and translates it. Without args, n is
// the message's only argument.
func (l *Localizer) Plural(n int, one, other string, args ...any) string {
	if len(args) == 0 {
		args = []any{n}
	}
	a := n
	if a < 0 {
		a = -a
	}
	if a == 1 || (a == 0 && l.Lang() == "fr") {
		return l.T(one, args...)
	}
	return l.T(other, args...)
}

// French is a copy of the whole catalogue, English to French (for the
// browser tests, which look for English left on French pages).
func French() map[string]string { return maps.Clone(french) }
