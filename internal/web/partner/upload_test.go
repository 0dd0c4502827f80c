package partner

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafeFilename(t *testing.T) {
	long := strings.Repeat("é", 200) + ".pdf" // 404 bytes
	cases := []struct{ name, ct, want string }{
		{"plan.pdf", "application/pdf", "plan.pdf"},
		{"report.pdf.html", "application/pdf", "report_pdf.pdf"},
		{"report.pdf.html", "text/plain", "report_pdf.txt"},
		{"data.CSV", "text/plain", "data.csv"},
		{"../../etc/passwd", "text/plain", "passwd.txt"},
		{`C:\Users\x\notes.txt`, "text/plain", "notes.txt"},
		{"invoice\u202Efdp.exe", "application/pdf", "invoicefdp.pdf"},
		{"a\x00b\x1f.png", "image/png", "ab.png"},
		{".htaccess", "text/plain", "file.txt"},
		{"", "image/jpeg", "file.jpg"},
		{"photo.jpeg", "image/jpeg", "photo.jpeg"},
		{"deck.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "deck.pptx"},
	}
	for _, c := range cases {
		if got := safeFilename(c.name, c.ct); got != c.want {
			t.Errorf("safeFilename(%q, %s) = %q, want %q", c.name, c.ct, got, c.want)
		}
	}
	got := safeFilename(long, "application/pdf")
	if len(got) > 255 || !utf8.ValidString(got) || !strings.HasSuffix(got, ".pdf") {
		t.Errorf("long name: %d bytes %q", len(got), got)
	}
}

func FuzzSafeFilename(f *testing.F) {
	for _, s := range []string{"plan.pdf", "a.b.c", "..\\x", "\u202Eexe.pdf", strings.Repeat("x", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		for ct := range allowedTypes {
			got := safeFilename(name, ct)
			ext := got[strings.LastIndex(got, "."):]
			if len(got) > 255 || got == "" || !utf8.ValidString(got) || strings.ContainsAny(got, "/\\\x00") ||
				strings.Count(got, ".") != 1 || !slices.Contains(allowedTypes[ct], ext) {
				t.Fatalf("safeFilename(%q, %s) = %q", name, ct, got)
			}
			for _, r := range got {
				if r < 0x20 || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
					t.Fatalf("safeFilename(%q) kept %U", name, r)
				}
			}
		}
	})
}

func TestSVGIsRefusedHoweverItIsSniffed(t *testing.T) {
	for _, svg := range []string{`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`,
		"<?xml version=\"1.0\"?>\n<SVG onload=alert(1)>", "   \n<!-- a comment -->\n<svg>"} {
		if !isSVG([]byte(svg)) {
			t.Errorf("not seen as SVG: %q (sniffed %s)", svg, sniff("x.txt", []byte(svg)))
		}
	}
}
