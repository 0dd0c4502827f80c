package web

import (
	"net/http"

	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

// The public schedule page (/schedule): the retirement schedule from the
// policy, as a timeline picture and a table.

// timelineMark is one date on the picture, with the milestones that fall on
// it.
type timelineMark struct {
	X     int
	Y     int // of its label: marks alternate above and below the line
	Date  program.Date
	Rules []string
	Past  bool
}

type scheduleModel struct {
	Policy     program.Policy
	Today      program.Date
	Milestones []program.Milestone
	Marks      []timelineMark
	TodayX     int // 0: today is outside the schedule
	Width      int
}

const (
	timelineWidth  = 960
	timelineMargin = 60
)

func (s *Server) schedule(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	p, err := s.app.Policy(r.Context())
	if err != nil {
		return err
	}
	m := scheduleModel{Policy: p, Today: v.Today, Milestones: p.Schedule(), Width: timelineWidth}
	first, last := m.Milestones[0].Date, m.Milestones[len(m.Milestones)-1].Date
	span := max(first.DaysUntil(last), 1)
	x := func(d program.Date) int {
		return timelineMargin + first.DaysUntil(d)*(timelineWidth-2*timelineMargin)/span
	}
	for _, ms := range m.Milestones {
		if n := len(m.Marks); n > 0 && m.Marks[n-1].Date == ms.Date {
			m.Marks[n-1].Rules = append(m.Marks[n-1].Rules, ms.Rule)
			continue
		}
		y := 40
		if len(m.Marks)%2 == 1 {
			y = 130
		}
		m.Marks = append(m.Marks, timelineMark{X: x(ms.Date), Y: y, Date: ms.Date, Rules: []string{ms.Rule}, Past: ms.Date.Before(v.Today)})
	}
	if !v.Today.Before(first) && !v.Today.After(last) {
		m.TodayX = x(v.Today)
	}
	return ui.Render(w, r, http.StatusOK, schedulePage(v, m))
}
