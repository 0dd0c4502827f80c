package ui

import (
	"strconv"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
)

// StepperRow is a step laid out for the stepper picture.
type StepperRow struct {
	program.Step
	Label string
	Y     int
}

// CY and TextY place a row's dot and its words.
func (r StepperRow) CY() string    { return strconv.Itoa(r.Y) }
func (r StepperRow) TextY() string { return strconv.Itoa(r.Y + 5) }

// DateY is the baseline of a row's second line, its day or status.
func (r StepperRow) DateY() string { return strconv.Itoa(r.Y + 22) }

// StepperOf lays a voucher's lifecycle out top to bottom, a row per step.
func StepperOf(v *View, d app.VoucherDetail) (rows []StepperRow, height int) {
	var events []program.StepEvent
	for _, e := range d.Timeline {
		events = append(events, program.StepEvent{Action: e.Action, On: program.DateIn(e.OccurredAt, d.Policy.Location)})
	}
	for i, s := range d.Voucher.Steps(events) {
		rows = append(rows, StepperRow{Step: s, Label: v.StateLabel(s.State), Y: 14 + i*48})
	}
	return rows, 14 + len(rows)*48 - 14
}

// StepText is a step in words, for the picture's description.
func (v *View) StepText(r StepperRow) string {
	switch r.Status {
	case program.StepDone:
		return v.T("%s: done on %s.", r.Label, v.L.Date(r.On))
	case program.StepCurrent:
		return v.T("%s since %s: the voucher is here.", r.Label, v.L.Date(r.On))
	case program.StepEnded:
		return v.T("%s on %s: the voucher ended here.", r.Label, v.L.Date(r.On))
	}
	return v.T("%s: not yet.", r.Label)
}

// StepStatusText is a step's status in words beside its label (colour is
// never the only signal).
func (v *View) StepStatusText(r StepperRow) string {
	switch r.Status {
	case program.StepDone:
		return v.L.Date(r.On)
	case program.StepCurrent:
		return v.T("now, since %s", v.L.Date(r.On))
	case program.StepEnded:
		return v.T("ended %s", v.L.Date(r.On))
	}
	return v.T("not yet")
}

// DeadlineLabel is what a voucher's next deadline is the last day for.
func (v *View) DeadlineLabel(k program.DeadlineKind, s program.State) string {
	switch {
	case k == program.DeadlinePayment:
		return v.T("Last day to request payment")
	case k == program.DeadlineRedeem:
		return v.T("Last day to redeem")
	case s == program.Assigned:
		return v.T("Last day to reserve it")
	}
	return v.T("Last day to deliver and report it")
}

// Day is the day of an instant in the program's time zone.
func (v *View) Day(t time.Time) program.Date {
	loc, err := time.LoadLocation(v.Zone)
	if err != nil {
		loc = time.UTC
	}
	return program.DateIn(t, loc)
}
