package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// icsEvent is one VEVENT's properties, name (with parameters) → value.
type icsEvent map[string]string

// parseICS reads a calendar as RFC 5545 says: every line ends in CRLF and
// is at most 75 octets, continuation lines start with a space; it returns
// the calendar's own properties and its events, failing on anything else.
func parseICS(t *testing.T, body string) (map[string]string, []icsEvent) {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Fatal("the calendar does not end with CRLF")
	}
	var lines []string
	for _, raw := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if strings.ContainsAny(raw, "\r\n") {
			t.Fatalf("a bare CR or LF in %q", raw)
		}
		if !utf8.ValidString(raw) {
			t.Errorf("a line folded inside a character: %q", raw)
		}
		if len(raw) > 75 {
			t.Errorf("line of %d octets: %q", len(raw), raw)
		}
		if strings.HasPrefix(raw, " ") {
			lines[len(lines)-1] += raw[1:]
			continue
		}
		lines = append(lines, raw)
	}
	cal := map[string]string{}
	var events []icsEvent
	var cur icsEvent
	depth := 0
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("no colon in %q", l)
		}
		switch {
		case name == "BEGIN":
			depth++
			if value == "VEVENT" {
				cur = icsEvent{}
			}
		case name == "END":
			depth--
			if value == "VEVENT" {
				events = append(events, cur)
				cur = nil
			}
		case cur != nil:
			cur[name] = value
		default:
			cal[name] = value
		}
	}
	if depth != 0 || lines[0] != "BEGIN:VCALENDAR" || cal["VERSION"] != "2.0" || cal["PRODID"] == "" {
		t.Fatalf("not a calendar: depth %d, first %q, %v", depth, lines[0], cal)
	}
	uids := map[string]bool{}
	for _, ev := range events {
		for _, p := range []string{"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY"} {
			if ev[p] == "" {
				t.Errorf("event without %s: %v", p, ev)
			}
		}
		if uids[ev["UID"]] {
			t.Errorf("UID %s twice", ev["UID"])
		}
		uids[ev["UID"]] = true
		if len(ev["DTSTAMP"]) != 16 || !strings.HasSuffix(ev["DTSTAMP"], "Z") {
			t.Errorf("DTSTAMP %q is not a UTC date-time", ev["DTSTAMP"])
		}
	}
	return cal, events
}

var feedRE = regexp.MustCompile(`/calendar/[A-Za-z0-9_-]{43}`)

func icsDate(d program.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

func (e icsEvent) unescaped(name string) string {
	return strings.NewReplacer(`\\`, `\`, `\;`, ";", `\,`, ",", `\n`, "\n").Replace(e[name])
}

// A person's private feed lists their deadlines as all-day events on the
// voucher dates, in UTC and in Pacific/Auckland; revoking it ends it.
func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	pm := e.SignIn("pm@contoso.example")
	pm.Get("/account")
	made := pm.Post("/account/calendar", nil)
	if made.Status != http.StatusSeeOther {
		t.Fatalf("make: %d", made.Status)
	}
	shown := pm.Follow(made)
	feed := feedRE.FindString(shown.Doc.Text())
	if feed == "" {
		t.Fatalf("the address is not shown: %q", shown.Text("main"))
	}
	if n := e.Count(`SELECT count(*) FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE u.email = 'pm@contoso.example'
		AND f.token_hash = sha256(convert_to($1, 'UTF8'))`, strings.TrimPrefix(feed, "/calendar/")); n != 1 {
		t.Fatal("the token is not stored as its hash")
	}
	get := func() (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(e.Server.URL + feed)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	reserved, assigned := e.Demo.Vouchers["contoso-reserved"], e.Demo.Vouchers["contoso-assigned"]
	for _, zone := range []string{"UTC", "Pacific/Auckland"} {
		e.Exec(`UPDATE policy SET time_zone = $1`, zone)
		resp, body := get()
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("%s: %d %s", zone, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		cal, events := parseICS(t, body)
		if cal["X-WR-TIMEZONE"] != zone {
			t.Errorf("zone %q, want %s", cal["X-WR-TIMEZONE"], zone)
		}
		byStart := map[string]icsEvent{}
		for _, ev := range events {
			byStart[ev["DTSTART;VALUE=DATE"]] = ev
		}
		// pm@contoso's unredeemed vouchers (the reserved, 8 August; the
		// assigned, 18 August), the last day to create and the removal.
		for _, want := range []struct {
			day     program.Date
			summary string
		}{
			{reserved.LastValidDay(), "Last valid day of voucher " + reserved.Code.Display()},
			{assigned.LastValidDay(), "Last valid day of voucher " + assigned.Code.Display()},
			{program.D(2021, 6, 30), "Last day to create or assign a voucher"},
			{program.D(2021, 7, 1), "Every remaining day in every ledger is removed"},
		} {
			ev := byStart[icsDate(want.day)]
			if ev == nil || !strings.HasPrefix(ev.unescaped("SUMMARY"), want.summary) {
				t.Errorf("%s: no event %q on %s: %v", zone, want.summary, want.day, ev)
				continue
			}
			if ev["DTEND;VALUE=DATE"] != icsDate(want.day.AddDays(1)) {
				t.Errorf("%s: %s ends %s", zone, want.summary, ev["DTEND;VALUE=DATE"])
			}
			if !strings.Contains(ev.unescaped("DESCRIPTION"), "("+zone+")") {
				t.Errorf("%s: description without the zone: %q", zone, ev["DESCRIPTION"])
			}
		}
		if len(events) != 4 {
			t.Errorf("%s: %d events, want 4 (other people's vouchers leaked?)", zone, len(events))
		}
	}
	if p := pm.Post("/account/calendar/revoke", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", p.Status)
	}
	if resp, _ := get(); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a revoked feed: %d", resp.StatusCode)
	}
}

// Folding never splits a character and escapes what TEXT must escape.
func TestCalendarFeedInFrenchFoldsByOctets(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	e.Exec(`UPDATE users SET language = 'fr' WHERE email = 'partner@fabrikam.example'`)
	b := e.SignIn("partner@fabrikam.example")
	b.Post("/lang", map[string][]string{"lang": {"fr"}})
	shown := b.Follow(b.Post("/account/calendar", nil))
	feed := feedRE.FindString(shown.Doc.Text())
	resp, err := http.Get(e.Server.URL + feed)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	_, events := parseICS(t, string(body))
	found := false
	for _, ev := range events {
		if strings.HasPrefix(ev.unescaped("SUMMARY"), "Dernier jour de validité du bon") && strings.Contains(ev["SUMMARY"], `\,`) {
			found = true
		}
	}
	if !found {
		t.Errorf("no French voucher event with an escaped comma: %v", events)
	}
}
