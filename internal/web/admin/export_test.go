package admin

import (
	"testing"

	"sapsportal/internal/program"
)

// parseMoney reads digits with at most two decimals, never through a float,
// and refuses everything else (-1); what it accepts reads back the same.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1100", "1100.00", "1,100.5", "-0.50", "+1", "1.234", "", "99999999999999999999", "١٢٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := parseMoney(s)
		if n == -1 {
			return
		}
		if n < 0 {
			t.Fatalf("parseMoney(%q) = %d", s, n)
		}
		if back := parseMoney(minor(program.Money{Minor: n})); back != n {
			t.Fatalf("parseMoney(%q) = %d, which reads back as %d", s, n, back)
		}
	})
}
