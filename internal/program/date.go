package program

import (
	"fmt"
	"time"
)

// Date is a calendar day with no time zone: the unit in which DOMAIN.md
// states every rule. A moment becomes a Date in the program's time zone
// (Policy.Today); a Date becomes a moment at its 00:00 in that zone
// (Policy.StartOf).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// D builds a Date; it normalises out-of-range values like time.Date.
func D(year int, month time.Month, day int) Date {
	return dateOf(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

func dateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// DateIn is the calendar day of t in loc.
func DateIn(t time.Time, loc *time.Location) Date { return dateOf(t.In(loc)) }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return dateOf(t), nil
}

func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// In is the moment d starts (00:00) in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays is d moved n days on the calendar.
func (d Date) AddDays(n int) Date { return dateOf(d.utc().AddDate(0, 0, n)) }

// DaysUntil counts calendar days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.utc().Sub(d.utc()).Hours() / 24) }

// Compare is -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int { return d.utc().Compare(e.utc()) }

func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }
func (d Date) After(e Date) bool  { return d.Compare(e) > 0 }
func (d Date) IsZero() bool       { return d == Date{} }

// String is the ISO form, YYYY-MM-DD.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.utc().Format(time.DateOnly)
}

// Long is the English long form used in messages: "30 June 2021".
func (d Date) Long() string { return d.utc().Format("2 January 2006") }

// Time is d at 00:00 UTC, for storage in a date column.
func (d Date) Time() time.Time { return d.utc() }

// DateFromTime reads a date column (00:00 UTC) back.
func DateFromTime(t time.Time) Date { return dateOf(t) }
