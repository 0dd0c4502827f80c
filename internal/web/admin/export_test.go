package admin

import (
	"testing"

	"sapsportal/internal/program"
)

func TestSafeCell(t *testing.T) {
	for _, s := range []string{"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", " =1", "＝1+1", "＋1", "－1", "＠SUM(A1)"} {
		if got := safeCell(s); got != "'"+s {
			t.Errorf("safeCell(%q) = %q, not escaped", s, got)
		}
	}
	for _, s := range []string{"", "Contoso", "1100.00", "ABCD-EFGH-JKLM", "'quoted", "é=1"} {
		if got := safeCell(s); got != s {
			t.Errorf("safeCell(%q) = %q, changed", s, got)
		}
	}
}

func FuzzSafeCell(f *testing.F) {
	for _, s := range []string{"=1", "x", "＝", " "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := safeCell(s)
		if got != s && got != "'"+s {
			t.Fatalf("safeCell(%q) = %q", s, got)
		}
		if got != "" && got[0] != '\'' {
			for _, r := range formulaStarts {
				if []rune(got)[0] == r {
					t.Fatalf("safeCell(%q) = %q starts a formula", s, got)
				}
			}
		}
	})
}

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
