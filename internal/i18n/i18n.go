// Package i18n is the portal's one translation layer: every user-facing
// string goes through a Localizer, which also formats dates and numbers for
// the language. English is the source language; the catalogs map each
// English string to its French translation.
package i18n

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"sapsportal/internal/program"
)

// Languages are the languages the portal speaks, the first the default.
var Languages = []language.Tag{language.English, language.French}

var matcher = language.NewMatcher(Languages)

// catalog is built on first use, after every file's init has added its
// messages with addFrench.
var catalogOnce = sync.OnceValue(func() *catalog.Builder {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for en, fr := range french {
		if err := b.SetString(language.French, en, fr); err != nil {
			panic(err)
		}
	}
	return b
})

// addFrench adds a feature's messages to the catalog (from an init func, so
// each feature keeps its French in a file of its own). A message defined
// twice with two translations is a mistake caught at start.
func addFrench(m map[string]string) {
	for en, fr := range m {
		if old, ok := french[en]; ok && old != fr {
			panic("i18n: two French translations of " + en)
		}
		french[en] = fr
	}
}

// Localizer speaks one language.
type Localizer struct {
	Tag     language.Tag
	printer *message.Printer
}

// For returns the Localizer for a language code ("en", "fr"); anything else
// is English.
func For(code string) *Localizer {
	tag := language.English
	if code == "fr" {
		tag = language.French
	}
	return &Localizer{Tag: tag, printer: message.NewPrinter(tag, message.Catalog(catalogOnce()))}
}

// Match picks the language for a request: the stored choice when there is
// one, else the browser's Accept-Language.
func Match(choice string, r *http.Request) string {
	if choice == "en" || choice == "fr" {
		return choice
	}
	tags, _, _ := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	_, i, _ := matcher.Match(tags...)
	return Code(Languages[i])
}

// Code is the short code of a tag.
func Code(tag language.Tag) string {
	base, _ := tag.Base()
	return base.String()
}

// Lang is the localizer's short code, for <html lang>.
func (l *Localizer) Lang() string { return Code(l.Tag) }

// T translates an English message, formatting args as fmt.Sprintf would,
// with numbers grouped for the language.
func (l *Localizer) T(key string, args ...any) string {
	if len(args) == 0 { // most of a page's words: no formatting to do (issue 11)
		if s, ok := l.plain(key); ok {
			return s
		}
	}
	return l.printer.Sprintf(key, args...)
}

// plain is the translation of a message that needs no formatting: no
// arguments and no "%" in the English or the French.
func (l *Localizer) plain(key string) (string, bool) {
	s := key
	if l.Tag == language.French {
		if fr, ok := french[key]; ok {
			s = fr
		}
	}
	return s, !strings.Contains(key, "%") && !strings.Contains(s, "%")
}

var monthsFR = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre"}

// Date is a long date: "1 March 2021", "1 mars 2021".
func (l *Localizer) Date(d program.Date) string {
	if d.IsZero() {
		return "—"
	}
	if l.Lang() == "fr" {
		return fmt.Sprintf("%d %s %d", d.Day, monthsFR[d.Month-1], d.Year) // a year is not grouped
	}
	return d.Long()
}

// DateZone is a date with the zone it is read in: "30 June 2021 (UTC)".
func (l *Localizer) DateZone(d program.Date, zone string) string {
	return l.Date(d) + " (" + zone + ")"
}

// Time is a moment in a zone, to the minute.
func (l *Localizer) Time(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return l.Date(program.DateIn(t, loc)) + " " + t.Format("15:04") + " " + loc.String()
}

// Number groups digits for the language.
func (l *Localizer) Number(n int) string { return l.printer.Sprintf("%d", n) }

// HasFrench reports whether an English message has its French.
func HasFrench(en string) bool {
	_, ok := french[en]
	return ok
}
