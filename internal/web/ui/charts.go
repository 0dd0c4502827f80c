package ui

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"sapsportal/internal/program"
)

// The pictures (issue 16, item 11): server-rendered SVG, each with its text
// equivalent beside it, sized in user units that read at 1:1 on a 390 px
// phone and are capped in width by the stylesheet on wider screens.

// wrap cuts s into lines of at most n characters at spaces (a longer word
// stays whole): labels are laid out on their own rows, so they can never
// overlap, whatever the language.
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= n:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// TimelineRow is one row of the vertical retirement timeline: a milestone
// day with its rules, or today's marker between the past and the future.
type TimelineRow struct {
	Y     int // top of the row
	Date  program.Date
	Rules []string // translated
	Lines []string // Rules wrapped, one text line each
	Past  bool     // the day has passed (today counts as reached)
	Today bool     // today's marker, not a milestone
}

// RetirementLayout is the retirement timeline as laid out for drawing.
type RetirementLayout struct {
	Rows   []TimelineRow
	Height int
}

const (
	tlLineHeight = 18
	tlWrap       = 38 // characters per label line at font-size 14 in 360 units
)

// RetirementTimelineOf lays the retirement schedule out top to bottom, a
// row per day (rules of the same day together), with today's marker where
// it falls.
func RetirementTimelineOf(v *View, p program.Policy, today program.Date) RetirementLayout {
	var t RetirementLayout
	y := 10
	todayPlaced := false
	placeToday := func() {
		label := v.T("Today, %s", v.L.Date(today))
		t.Rows = append(t.Rows, TimelineRow{Y: y, Date: today, Today: true, Lines: []string{label}})
		y += tlLineHeight + 16
		todayPlaced = true
	}
	for _, ms := range p.Schedule() {
		if n := len(t.Rows); n > 0 && !t.Rows[n-1].Today && t.Rows[n-1].Date == ms.Date {
			r := &t.Rows[n-1]
			r.Rules = append(r.Rules, v.T(ms.Rule))
			more := wrap(v.T(ms.Rule), tlWrap)
			r.Lines = append(r.Lines, more...)
			y += len(more) * tlLineHeight
			continue
		}
		if !todayPlaced && today.Before(ms.Date) {
			placeToday()
		}
		lines := append([]string{v.L.Date(ms.Date)}, wrap(v.T(ms.Rule), tlWrap)...)
		t.Rows = append(t.Rows, TimelineRow{Y: y, Date: ms.Date, Rules: []string{v.T(ms.Rule)}, Lines: lines, Past: !today.Before(ms.Date)})
		y += len(lines)*tlLineHeight + 16
	}
	if !todayPlaced {
		placeToday()
	}
	t.Height = y
	return t
}

// LineY is the baseline of a row's i-th text line.
func (r TimelineRow) LineY(i int) string { return strconv.Itoa(r.Y + 14 + i*tlLineHeight) }

// DotY is the centre of a row's marker.
func (r TimelineRow) DotY() string { return strconv.Itoa(r.Y + 9) }

// Bar is one bar of a bar chart.
type Bar struct {
	Label string
	Value int64
	Text  string // the value as people read it
	Href  string // the filtered list it stands for ("" none)
	Class string // for its colour (a state, a series)
	Y     int
	Width string // of the bar, in user units
	// The second series' value, when the chart has two (drawn under the
	// first, on the same scale).
	Value2 int64
	Text2  string
	Width2 string
}

// BarChart is a horizontal bar chart: a row per bar, the label above its
// bar (or its two bars), so that no label overlaps another.
type BarChart struct {
	Bars   []Bar
	Height int
	Series []string // two series' names (their legend), or none
}

const (
	barMax    = 300 // user units for the largest value
	barRow    = 44
	barHeight = 14
)

const (
	pairRow    = 58 // a label and two bars
	pairLegend = 44 // the legend's two rows above the bars
)

// BarChartOf lays bars out; zero bars stay (an empty bar says "none").
func BarChartOf(bars []Bar) BarChart { return barChartOf(bars, nil) }

// PairedBarChartOf lays out bars of two series (Value and Value2, named
// by series), each label above its two bars, one scale for both.
func PairedBarChartOf(bars []Bar, series [2]string) BarChart {
	return barChartOf(bars, series[:])
}

func barChartOf(bars []Bar, series []string) BarChart {
	var top int64
	for _, b := range bars {
		top = max(top, b.Value, b.Value2)
	}
	width := func(n int64) string {
		w := 0.0
		if top > 0 {
			w = float64(n) / float64(top) * barMax
		}
		if n > 0 {
			w = max(w, 2) // a visible sliver for a small value
		}
		return strconv.FormatFloat(w, 'f', 1, 64)
	}
	start, row := 6, barRow
	if series != nil {
		start, row = pairLegend+6, pairRow
	}
	for i := range bars {
		bars[i].Y = start + i*row
		bars[i].Width = width(bars[i].Value)
		bars[i].Width2 = width(bars[i].Value2)
	}
	return BarChart{Bars: bars, Height: start + len(bars)*row, Series: series}
}

// LabelY and BarY place a bar's label and its bar; Bar2Y the second
// series' bar.
func (b Bar) LabelY() string { return strconv.Itoa(b.Y + 12) }
func (b Bar) BarY() string   { return strconv.Itoa(b.Y + 18) }
func (b Bar) Bar2Y() string  { return strconv.Itoa(b.Y + 36) }

// ValueX is where a bar's value is written, just after the bar; Value2X
// the second series'.
func (b Bar) ValueX() string  { return afterBar(b.Width) }
func (b Bar) Value2X() string { return afterBar(b.Width2) }

func afterBar(width string) string {
	w, _ := strconv.ParseFloat(width, 64)
	return strconv.FormatFloat(w+6, 'f', 1, 64)
}

// StateBars are vouchers by state as bars, each linking to its filtered
// list (base?state=…), in lifecycle order; states with none are left out
// unless every state has none.
func StateBars(v *View, counts map[program.State]int, base string) []Bar {
	var bars []Bar
	for _, s := range program.States {
		if counts[s] == 0 {
			continue
		}
		href := ""
		if base != "" {
			href = base + "?state=" + string(s)
		}
		bars = append(bars, Bar{Label: v.StateLabel(s), Value: int64(counts[s]), Text: v.L.Number(counts[s]), Href: href, Class: "state-" + strings.ToLower(string(s))})
	}
	return bars
}

var monthNamesFR = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre"}

// Month is a month as people read it: "March 2021", "mars 2021".
func (v *View) Month(d program.Date) string {
	if v.L.Lang() == "fr" {
		return monthNamesFR[d.Month-1] + " " + strconv.Itoa(d.Year)
	}
	return d.Month.String() + " " + strconv.Itoa(d.Year)
}

// BurnPoint is one day's balance on a burn-down.
type BurnPoint struct {
	On      program.Date
	Balance int
}

// BurnDown is an enrollment's balance over time laid out as a step line,
// with the removal day marked.
type BurnDown struct {
	Path     string // the step line's SVG path
	RemovalX string
	Removal  program.Date
	Max      int
	First    BurnPoint
	Last     BurnPoint
	Points   int
}

const (
	burnLeft, burnRight = 40.0, 350.0
	burnTop, burnBottom = 20.0, 150.0
)

// BurnDownOf draws the balance after each day's entries, from the first
// entry to the removal day (or the last entry, if later), as steps.
func BurnDownOf(points []BurnPoint, removal program.Date) (BurnDown, bool) {
	if len(points) == 0 {
		return BurnDown{}, false
	}
	// One point per day: the balance after that day's last entry.
	var days []BurnPoint
	for _, p := range points {
		if n := len(days); n > 0 && days[n-1].On == p.On {
			days[n-1].Balance = p.Balance
			continue
		}
		days = append(days, p)
	}
	b := BurnDown{Removal: removal, First: days[0], Last: days[len(days)-1], Points: len(days)}
	start, end := days[0].On, removal
	if days[len(days)-1].On.After(end) {
		end = days[len(days)-1].On
	}
	span := float64(max(start.DaysUntil(end), 1))
	for _, d := range days {
		b.Max = max(b.Max, d.Balance)
	}
	top := float64(max(b.Max, 1))
	x := func(d program.Date) float64 { return burnLeft + float64(start.DaysUntil(d))/span*(burnRight-burnLeft) }
	y := func(n int) float64 { return burnBottom - float64(max(n, 0))/top*(burnBottom-burnTop) }
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	var sb strings.Builder
	for i, d := range days {
		if i == 0 {
			sb.WriteString("M" + f(x(d.On)) + " " + f(y(d.Balance)))
			continue
		}
		sb.WriteString(" H" + f(x(d.On)) + " V" + f(y(d.Balance)))
	}
	sb.WriteString(" H" + f(x(end)))
	b.Path = sb.String()
	b.RemovalX = f(x(removal))
	return b, true
}
