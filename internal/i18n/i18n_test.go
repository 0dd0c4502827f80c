package i18n

import (
	"net/http"
	"strings"
	"testing"

	"sapsportal/internal/program"
)

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

// The shortcut for messages without arguments says what the catalog says,
// for every message in both languages.
func TestPlainMessagesAsTheCatalog(t *testing.T) {
	for _, code := range []string{"en", "fr"} {
		l := For(code)
		n := 0
		for key := range french {
			if got, ok := l.plain(key); ok {
				n++
				if want := l.printer.Sprintf(key); got != want {
					t.Errorf("%s %q: %q, the catalog says %q", code, key, got, want)
				}
			}
		}
		if got, _ := l.plain("A message no catalog has"); got != l.printer.Sprintf("A message no catalog has") {
			t.Errorf("%s: an unknown message: %q", code, got)
		}
		if n == 0 {
			t.Fatalf("%s: no message took the shortcut", code)
		}
	}
}
