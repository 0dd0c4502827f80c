package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/i18n"
	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

// The private calendar feed (RFC 5545): a person's deadlines as all-day
// events, at /calendar/{token}.

func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	c, err := s.app.CalendarFeed(r.Context(), chi.URLParam(r, "token"))
	if err != nil {
		return err
	}
	host := "sapsportal"
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	private(w)
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	l := ui.FromContext(r.Context()).L
	if c.Language != "" {
		l = i18n.For(c.Language) // the person's language, whoever's calendar client asks
	}
	_, err = w.Write([]byte(icalendar(c, l, host, s.cfg.BaseURL, time.Now())))
	return err
}

func (s *Server) createCalendarFeed(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	token, err := s.app.CreateCalendarFeed(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	return ui.Done(w, r, s.flash, "/account", v.T("Your calendar address, shown only now (copy it into your calendar): %s", s.cfg.BaseURL+"/calendar/"+token))
}

func (s *Server) revokeCalendarFeed(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return s.accountAct(w, r, "reminders", func() error { return s.app.RevokeCalendarFeed(r.Context(), v.Actor()) },
		v.T("Your calendar feed is turned off; its address no longer works."))
}

// deadlineSummary is an event's title.
func deadlineSummary(l *i18n.Localizer, d program.Deadline) string {
	id := d.Voucher.Code.Display()
	switch d.Kind {
	case program.DeadlineVoucherExpiry:
		return l.T("Last valid day of voucher %s (%s, %d days)", id, d.Voucher.EngagementType.Name, d.Voucher.Days)
	case program.DeadlinePayment:
		return l.T("Last day to request payment for voucher %s", id)
	case program.DeadlineCreate:
		return l.T("Last day to create or assign a voucher")
	case program.DeadlineRemoval:
		return l.T("Every remaining day in every ledger is removed")
	}
	return l.T("Last day to redeem a voucher")
}

// icalendar writes a calendar: CRLF line ends, lines folded at 75 octets,
// text escaped, one VEVENT per deadline with a stable UID, DTSTAMP, and
// all-day DTSTART/DTEND (VALUE=DATE) — dates in the program's time zone,
// which the calendar names.
func icalendar(c app.Calendar, l *i18n.Localizer, host, baseURL string, now time.Time) string {
	var b strings.Builder
	line := func(name, value string) { b.WriteString(fold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Planning Services//sapsportal//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", icalText(l.T("Planning Services deadlines")))
	line("X-WR-TIMEZONE", c.Policy.ZoneName())
	stamp := now.UTC().Format("20060102T150405Z")
	for _, d := range c.Events {
		uid := string(d.Kind) + "-" + d.Date.String()
		if d.Voucher.ID != 0 {
			uid = string(d.Kind) + "-" + strconv.FormatInt(d.Voucher.ID, 10)
		}
		line("BEGIN", "VEVENT")
		line("UID", uid+"@"+host)
		line("DTSTAMP", stamp)
		line("DTSTART;VALUE=DATE", icalDate(d.Date))
		line("DTEND;VALUE=DATE", icalDate(d.Date.AddDays(1)))
		line("SUMMARY", icalText(deadlineSummary(l, d.Deadline)))
		line("DESCRIPTION", icalText(l.T("%s, in the program's time zone (%s).", l.Date(d.Date), c.Policy.ZoneName())))
		line("TRANSP", "TRANSPARENT")
		if d.Voucher.ID != 0 {
			area := "/customer/vouchers/"
			if d.Partner {
				area = "/partner/vouchers/"
			}
			line("URL", baseURL+area+strconv.FormatInt(d.Voucher.ID, 10))
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.String()
}

func icalDate(d program.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

// icalText escapes a TEXT value (RFC 5545 §3.3.11).
func icalText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// fold ends a content line with CRLF, folding it into lines of at most 75
// octets (continuations start with one space), never inside a UTF-8
// character (RFC 5545 §3.1).
func fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s + "\r\n")
	return b.String()
}
