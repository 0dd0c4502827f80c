package i18n

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sapsportal/internal/program"
)

// Every message the web layer translates has its French.
func TestFrenchCoversEnglish(t *testing.T) {
	lit := regexp.MustCompile(`\bT\("((?:[^"\\]|\\.)*)"`)
	var missing []string
	err := filepath.WalkDir("../web", func(path string, d os.DirEntry, err error) error {
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
			if _, ok := french[m[1]]; !ok {
				missing = append(missing, path+": "+m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range missing {
		t.Errorf("no French for %s", m)
	}
}

func TestDatesAndNumbers(t *testing.T) {
	d := program.D(2021, 6, 30)
	if got := For("en").Date(d); got != "30 June 2021" {
		t.Errorf("en: %q", got)
	}
	if got := For("fr").Date(d); got != "30 juin 2021" {
		t.Errorf("fr: %q", got)
	}
	if got := For("fr").DateZone(d, "UTC"); got != "30 juin 2021 (UTC)" {
		t.Errorf("fr zone: %q", got)
	}
	if got := For("en").Number(12345); got != "12,345" {
		t.Errorf("en number: %q", got)
	}
	if got := For("fr").Number(12345); !strings.Contains(got, "345") || got == "12,345" {
		t.Errorf("fr number: %q", got)
	}
	if For("fr").T("Sign in") != "Se connecter" || For("en").T("Sign in") != "Sign in" || For("de").Lang() != "en" {
		t.Error("translation")
	}
}

func TestMatch(t *testing.T) {
	r, _ := http.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Language", "fr-CA,fr;q=0.9")
	if Match("", r) != "fr" || Match("en", r) != "en" {
		t.Error("match")
	}
	r.Header.Set("Accept-Language", "de-DE")
	if Match("", r) != "en" {
		t.Error("fallback")
	}
}
