package web

import "testing"

func TestSafeNext(t *testing.T) {
	for _, p := range []string{"/customer", "/customer/vouchers?state=ASSIGNED&after=2021-01-01_3", "/admin/audit#x"} {
		if got := safeNext(p); got != p {
			t.Errorf("safeNext(%q) = %q, want it kept", p, got)
		}
	}
	for _, p := range []string{"", "customer", "//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example",
		"/%0a/x", "https://evil.example/", "/ /evil.example", "/..//evil.example", "\\\\evil.example", "/logout",
		"/a\u2028b", "/\x00", "javascript:alert(1)", "/x//y"} {
		if got := safeNext(p); got != "" {
			t.Errorf("safeNext(%q) = %q, want it refused", p, got)
		}
	}
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/customer", "//x", "/\\x", "/\t/x", "https://x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := safeNext(s)
		if got == "" {
			return
		}
		if got != s || got[0] != '/' || len(got) > 1 && (got[1] == '/' || got[1] == '\\') {
			t.Fatalf("safeNext(%q) = %q", s, got)
		}
		for _, r := range got {
			if r < 0x20 || r == '\\' {
				t.Fatalf("safeNext(%q) kept %U", s, r)
			}
		}
	})
}
