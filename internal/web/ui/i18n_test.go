package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sapsportal/internal/i18n"
)

// Every message the web layer translates has its French: the T("…")
// literals of every handler and view, the navigation (Register) and the
// timeline's labels.
func TestFrenchCoversEnglish(t *testing.T) {
	lit := regexp.MustCompile(`\b(?:T\(|Register\(program\.Kind\w+, )"((?:[^"\\]|\\.)*)"`)
	var missing []string
	err := walk([]string{"..", "../../app"}, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_templ.go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".templ") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			if !i18n.HasFrench(unquote(t, m[1])) {
				missing = append(missing, path+": "+m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The program's refusals and the use cases' own.
	refusal := regexp.MustCompile(`\b(?:refuse\(\w+, "[^"]*", [^,]+,\s*|Refuse\(\w+\.\w+, |Invalid\("\w+", |\.detail\()"((?:[^"\\]|\\.)*)"`)
	for _, dir := range []string{"../../program", "../../app"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range refusal.FindAllStringSubmatch(string(b), -1) {
				if !i18n.HasFrench(unquote(t, m[1])) {
					missing = append(missing, path+": "+m[1])
				}
			}
		}
	}
	for _, l := range actionLabels {
		if !i18n.HasFrench(l) {
			missing = append(missing, "timeline: "+l)
		}
	}
	for _, m := range missing {
		t.Errorf("no French for %s", m)
	}
}

func walk(roots []string, fn fs.WalkDirFunc) error {
	for _, r := range roots {
		if err := filepath.WalkDir(r, fn); err != nil {
			return err
		}
	}
	return nil
}

// unquote reads the text of a Go string literal's body.
func unquote(t *testing.T, body string) string {
	s, err := strconv.Unquote(`"` + body + `"`)
	if err != nil {
		t.Fatalf("%q: %v", body, err)
	}
	return s
}
