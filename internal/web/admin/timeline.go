package admin

import (
	"fmt"

	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

// mark is one date on the retirement timeline.
type mark struct {
	X     string // x position in the SVG, in user units
	Label string
	Date  program.Date
	Above bool
	// Anchor keeps labels near the ends inside the picture.
	Anchor string
}

const (
	timelineWidth = 900
	timelinePad   = 40
)

// timeline places the retirement schedule and today on a line from the
// first milestone to the last, a month either side.
func timeline(v *ui.View, p program.Policy, today program.Date) (marks []mark, todayX string) {
	start, end := p.CloudRetiredFrom.AddDays(-31), p.LastDayToRedeem.AddDays(31)
	span := float64(start.DaysUntil(end))
	x := func(d program.Date) float64 {
		f := float64(start.DaysUntil(d)) / span
		f = max(0, min(1, f))
		return timelinePad + f*(timelineWidth-2*timelinePad)
	}
	for i, m := range []struct {
		label string
		d     program.Date
	}{
		{v.T("Cloud retired, conversion closed"), p.CloudRetiredFrom},
		{v.T("No more accrual"), p.AccrualClosedFrom},
		{v.T("Last day to create"), p.LastDayToCreate},
		{v.T("Remaining days removed"), p.RemovalOn},
		{v.T("Last day to redeem"), p.LastDayToRedeem},
	} {
		anchor := "middle"
		switch pos := x(m.d); {
		case pos < 160:
			anchor = "start"
		case pos > timelineWidth-160:
			anchor = "end"
		}
		marks = append(marks, mark{X: fmt.Sprintf("%.1f", x(m.d)), Label: m.label, Date: m.d, Above: i%2 == 0, Anchor: anchor})
	}
	return marks, fmt.Sprintf("%.1f", x(today))
}
