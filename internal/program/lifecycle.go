package program

// The lifecycle stepper every voucher page shows (issue 16, item 11): the
// steps of DOMAIN.md §5 with the day each was reached, or where the voucher
// ended, and its next deadline.

// StepStatus is where a step stands.
type StepStatus string

const (
	StepDone    StepStatus = "done"    // reached and passed
	StepCurrent StepStatus = "current" // the voucher is here
	StepTodo    StepStatus = "todo"    // ahead
	StepEnded   StepStatus = "ended"   // where it ended early (expired, voided, denied)
)

// Step is one step of the stepper.
type Step struct {
	State  State
	On     Date // the day it was reached (zero: not reached)
	Status StepStatus
}

// StepEvent is a step's audit event: its action and the day it happened.
type StepEvent struct {
	Action string
	On     Date
}

// NextDeadline is the last day of the voucher's next step and the days
// left to take it, today counting (1 on the last day).
type NextDeadline struct {
	Kind     DeadlineKind
	Date     Date
	DaysLeft int
}

// lifecycle is the happy path of DOMAIN.md §5.
var lifecycle = []State{Assigned, Reserved, Reported, Redeemed, PaymentRequested, Paid}

// stepOf is the state an audit action brings a voucher to.
var stepOf = map[string]State{
	"voucher.created": Assigned, "voucher.reserved": Reserved, "voucher.reported": Reported,
	"voucher.redeemed": Redeemed, "payment.requested": PaymentRequested, "payment.approved": Paid,
	"payment.denied": Denied, "voucher.expired": Expired, "voucher.voided": Voided,
}

// Steps is the stepper of v from its audit events (oldest first): each
// step of the lifecycle with the day it was last reached, up to the state
// the voucher is in. A voucher that ended early (expired, voided, denied)
// shows the steps it reached then its end; a cancelled reservation takes
// the reserved step back off.
func (v Voucher) Steps(events []StepEvent) []Step {
	on := map[State]Date{}
	for _, e := range events {
		if s, ok := stepOf[e.Action]; ok {
			on[s] = e.On
		}
		if e.Action == "voucher.reservation_cancelled" {
			delete(on, Reserved)
		}
	}
	if on[Assigned].IsZero() {
		on[Assigned] = v.CreatedOn
	}
	if !v.RedeemedOn.IsZero() {
		on[Redeemed] = v.RedeemedOn
	}
	end := v.State == Expired || v.State == Voided || v.State == Denied
	// The last lifecycle step reached, for an early end.
	reached := 0
	for i, s := range lifecycle {
		if s == v.State {
			reached = i
		}
	}
	if end {
		for i, s := range lifecycle {
			if !on[s].IsZero() && (s != Reserved || v.State != Voided) {
				reached = i
			}
		}
	}
	var steps []Step
	for i, s := range lifecycle {
		switch {
		case end && i > reached:
			steps = append(steps, Step{State: v.State, On: on[v.State], Status: StepEnded})
			return steps
		case end && i == reached:
			steps = append(steps, Step{State: s, On: on[s], Status: StepDone})
			if i == len(lifecycle)-1 {
				return steps
			}
		case i < reached:
			steps = append(steps, Step{State: s, On: on[s], Status: StepDone})
		case i == reached:
			st := StepCurrent
			if s == Paid {
				st = StepDone
			}
			steps = append(steps, Step{State: s, On: on[s], Status: st})
		default:
			steps = append(steps, Step{State: s, Status: StepTodo})
		}
	}
	return steps
}

// NextDeadline is the last day of v's next step as of today: reserve and
// report within its validity, redeem by its last valid day or the last day
// to redeem, request payment within the window. None once nothing is due
// from its holder (awaiting the program, ended, or too late).
func (p Policy) NextDeadline(v Voucher, today Date) (NextDeadline, bool) {
	var d NextDeadline
	switch {
	case v.State == Assigned || v.State == Reserved:
		d = NextDeadline{Kind: DeadlineVoucherExpiry, Date: v.LastValidDay()}
	case v.State == Reported:
		d = NextDeadline{Kind: DeadlineRedeem, Date: v.LastValidDay()}
		if p.LastDayToRedeem.Before(d.Date) {
			d.Date = p.LastDayToRedeem
		}
	case v.State == Redeemed && !v.PaymentWindowClosed && !v.RedeemedOn.IsZero():
		d = NextDeadline{Kind: DeadlinePayment, Date: p.LastDayToRequestPayment(v.RedeemedOn)}
	default:
		return d, false
	}
	if today.After(d.Date) {
		return NextDeadline{}, false
	}
	d.DaysLeft = today.DaysUntil(d.Date) + 1
	return d, true
}
