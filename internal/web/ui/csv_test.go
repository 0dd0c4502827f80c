package ui

import "testing"

func TestSafeCell(t *testing.T) {
	for _, s := range []string{"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", " =1", "＝1+1", "＋1", "－1", "＠SUM(A1)"} {
		if got := SafeCell(s); got != "'"+s {
			t.Errorf("SafeCell(%q) = %q, not escaped", s, got)
		}
	}
	for _, s := range []string{"", "Contoso", "1100.00", "ABCD-EFGH-JKLM", "'quoted", "é=1"} {
		if got := SafeCell(s); got != s {
			t.Errorf("SafeCell(%q) = %q, changed", s, got)
		}
	}
}

func FuzzSafeCell(f *testing.F) {
	for _, s := range []string{"=1", "x", "＝", " "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := SafeCell(s)
		if got != s && got != "'"+s {
			t.Fatalf("SafeCell(%q) = %q", s, got)
		}
		if got != "" && got[0] != '\'' {
			for _, r := range formulaStarts {
				if []rune(got)[0] == r {
					t.Fatalf("SafeCell(%q) = %q starts a formula", s, got)
				}
			}
		}
	})
}
