package api

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sapsportal/internal/i18n"
)

// Every title and refusal the API writes has its French (the web layer's
// test reads T("…") literals; the API's own refusals are read here).
func TestFrenchCoversAPI(t *testing.T) {
	var missing []string
	for _, title := range titles {
		if !i18n.HasFrench(title) {
			missing = append(missing, "title: "+title)
		}
	}
	lit := regexp.MustCompile(`\b(?:refuse\(http\.\w+, \w+,\s*|invalid\([^,]+, |return "|T\()"((?:[^"\\\n]|\\.)*)"`)
	files, _ := filepath.Glob("*.go")
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			s, err := strconv.Unquote(`"` + m[1] + `"`)
			if err != nil {
				t.Fatalf("%s: %q: %v", path, m[1], err)
			}
			if strings.HasPrefix(s, "This field must") || strings.Contains(m[0], "refuse") || strings.Contains(m[0], "invalid") || strings.Contains(m[0], "T(") {
				if !i18n.HasFrench(s) {
					missing = append(missing, path+": "+s)
				}
			}
		}
	}
	for _, m := range missing {
		t.Errorf("no French for %s", m)
	}
}
