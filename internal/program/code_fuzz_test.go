package program

import (
	"strings"
	"testing"
)

// ParseCode never panics, accepts exactly the codes whose check character
// fits, and reads back what it accepted however it was written.
func FuzzParseCode(f *testing.F) {
	for _, s := range []string{string(NewCode()), NewCode().Display(), "abcd-efgh-jklm", "", "----", "OIL0-1234-5678", "ÀBCD-EFGH-JKLM"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCode(s)
		if err != nil {
			if !IsCode(err, CodeInvalid) {
				t.Fatalf("ParseCode(%q): %v", s, err)
			}
			return
		}
		if len(c) != 12 || strings.ToUpper(string(c)) != string(c) {
			t.Fatalf("ParseCode(%q) = %q", s, c)
		}
		for _, again := range []string{string(c), c.Display(), strings.ToLower(c.Display())} {
			if d, err := ParseCode(again); err != nil || d != c {
				t.Fatalf("ParseCode(%q) = %q, %v; want %q", again, d, err, c)
			}
		}
		// One character changed is caught by the check character.
		b := []byte(c)
		b[5] = crockford[(strings.IndexByte(crockford, b[5])+1)%32]
		if _, err := ParseCode(string(b)); err == nil {
			t.Fatalf("%q with one character changed (%q) was accepted", c, b)
		}
	})
}
