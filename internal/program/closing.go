package program

import "time"

// CodeProgramClosed refuses every change once the program is closed
// (DOMAIN.md §10); its Date is the closing date.
const CodeProgramClosed Code = "program_closed"

// Closing is the program's closing, once it has happened (DOMAIN.md §10).
type Closing struct {
	On Date      // the program-local day it was closed
	At time.Time // the moment
	By int64     // the global admin who closed it
}

// Closed reports whether the program has been closed.
func (c Closing) Closed() bool { return !c.On.IsZero() }

// ProgramClosed is the refusal of any change after closing: nothing can
// change any more, and it says since when.
func ProgramClosed(on Date) *Refusal {
	return refuse(CodeProgramClosed, "DOMAIN.md §10", on,
		"The program closed on %s: nothing can change any more. You can still read your history and download your statements.", on)
}

// VoucherCount is how many vouchers are in one state, by redemption day
// and payment-window mark for redeemed ones (the store groups them so).
type VoucherCount struct {
	State        State
	RedeemedOn   Date // for REDEEMED: the redemption day
	WindowClosed bool // for REDEEMED: marked payment-window-closed
	N            int
}

// Obstacles are what still stands in the way of closing the program
// (DOMAIN.md §10): vouchers not in an end state and payments awaiting a
// decision.
type Obstacles struct {
	Unended map[State]int // ASSIGNED, RESERVED, REPORTED: still live or not yet expired by the sweep
	// OpenWindows is how many REDEEMED vouchers may still be paid for: their
	// payment window (redemption + 60 days) is open through LastWindowDay.
	OpenWindows   int
	LastWindowDay Date
	// AwaitingDecision is how many payment requests (PAYMENT_REQUESTED)
	// await a global admin's decision.
	AwaitingDecision int
}

// None reports whether nothing stands in the way.
func (o Obstacles) None() bool {
	n := o.OpenWindows + o.AwaitingDecision
	for _, c := range o.Unended {
		n += c
	}
	return n == 0
}

// InTheWay is what stands in the way of closing on now's program-local day.
// A voucher is in an end state when EXPIRED, VOIDED, PAID or DENIED, or
// REDEEMED with its payment window closed: marked so, or past its last day
// to request payment (redemption + 60 days, DOMAIN.md §5) even if the
// sweep has not marked it yet.
func InTheWay(p Policy, now time.Time, counts []VoucherCount) Obstacles {
	today := p.Today(now)
	o := Obstacles{Unended: map[State]int{}}
	for _, c := range counts {
		switch {
		case c.State.Unredeemed():
			o.Unended[c.State] += c.N
		case c.State == PaymentRequested:
			o.AwaitingDecision += c.N
		case c.State == Redeemed && !c.WindowClosed:
			last := p.LastDayToRequestPayment(c.RedeemedOn)
			if !today.After(last) {
				o.OpenWindows += c.N
				if last.After(o.LastWindowDay) {
					o.LastWindowDay = last
				}
			}
		}
	}
	return o
}

// Close closes the program on now's day, once nothing stands in the way;
// it can happen only once (DOMAIN.md §10).
func Close(p Policy, now time.Time, was Closing, o Obstacles, by int64) (Closing, Event, error) {
	if was.Closed() {
		return was, Event{}, refuse(CodeProgramClosed, "DOMAIN.md §10", was.On,
			"The program was already closed on %s; closing cannot be repeated.", was.On)
	}
	if !o.None() {
		return was, Event{}, refuse(CodeWrongState, "DOMAIN.md §10", o.LastWindowDay,
			"The program cannot close yet: %d vouchers are not in an end state, %d payment windows are open and %d payments await a decision.",
			o.unended(), o.OpenWindows, o.AwaitingDecision)
	}
	c := Closing{On: p.Today(now), At: now, By: by}
	return c, Event{Action: "program.closed", After: "CLOSED", Details: map[string]any{"closed_on": c.On.String()}}, nil
}

func (o Obstacles) unended() int {
	n := 0
	for _, c := range o.Unended {
		n += c
	}
	return n
}

// CanReadStatement reports whether a role may read close-out statements:
// a customer's benefit administrator its enrollments', a partner's admins
// its own, the program's global admins everyone's (DOMAIN.md §10).
func CanReadStatement(r Role) bool {
	switch r {
	case BenefitAdmin, PartnerGlobalAdmin, PartnerAdmin, GlobalAdmin:
		return true
	}
	return false
}
