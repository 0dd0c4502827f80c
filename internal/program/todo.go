package program

import (
	"cmp"
	"slices"
)

// ToDoKind is one kind of thing a person must do next (issue 16, item 9).
type ToDoKind string

const (
	// ToDoActivate: benefit administrators, an enrollment with days whose
	// benefit is not active, while vouchers can still be created (§4, §6).
	ToDoActivate ToDoKind = "activate"
	// ToDoUseDays: benefit administrators, an enrollment whose remaining
	// days will be removed; the last day to use them is the day before the
	// removal (§4, §6).
	ToDoUseDays ToDoKind = "use_days"
	// ToDoUnreserved: the customer, an assigned voucher no partner has
	// reserved yet, by its last valid day (§5).
	ToDoUnreserved ToDoKind = "unreserved"
	// ToDoReport: the partner, a reserved voucher whose engagement has ended
	// without a completion report, by the voucher's last valid day (§5).
	ToDoReport ToDoKind = "report"
	// ToDoRedeem: the partner, a reported voucher not yet redeemed, by its
	// last valid day or the last day to redeem, whichever comes first (§5, §6).
	ToDoRedeem ToDoKind = "redeem"
	// ToDoRequestPayment: the partner, a redeemed voucher whose payment
	// window is open, by its last day to request payment (§5).
	ToDoRequestPayment ToDoKind = "request_payment"
	// ToDoDecidePayment: the program, a payment request awaiting a decision,
	// oldest first (Date is the day it was requested).
	ToDoDecidePayment ToDoKind = "decide_payment"
	// ToDoDecideEnrollment: the program, partners' enrollment requests.
	ToDoDecideEnrollment ToDoKind = "decide_enrollment"
)

// ToDo is one thing a person must do next.
type ToDo struct {
	Kind ToDoKind
	// Date is the last day it can be done (the day it was asked for, for
	// the program's queues, which have no deadline).
	Date Date
	// DaysLeft counts the days left to do it, today included (1 on the
	// last day); 0 for the program's queues.
	DaysLeft   int
	Voucher    Voucher    // the voucher kinds
	Enrollment Enrollment // ToDoActivate, ToDoUseDays
	Days       int        // ToDoUseDays: the days that will be removed
	Count      int        // ToDoDecideEnrollment: how many requests
}

// Deadline reports whether the item has a last day (the program's queues
// have none).
func (t ToDo) Deadline() bool { return t.Kind != ToDoDecidePayment && t.Kind != ToDoDecideEnrollment }

// ToDoFacts are what the to-dos are decided from: what a page read, each
// list bounded by the store (the items past its limit are counted, not
// listed). Vouchers may hold any states; the domain picks.
type ToDoFacts struct {
	Enrollments []Enrollment
	Vouchers    []Voucher
	// EngagementEnds is each reserved voucher's planned end, by voucher id
	// (start + days − 1 when absent).
	EngagementEnds map[int64]Date
	// Payments awaiting a decision (program): voucher and request day.
	Payments []AwaitingPayment
	// EnrollmentRequests awaiting a decision (program), and the oldest's day.
	EnrollmentRequests int
	OldestRequest      Date
}

// AwaitingPayment is a payment request awaiting the program's decision.
type AwaitingPayment struct {
	Voucher     Voucher
	RequestedOn Date
}

// toDoOrder breaks ties between items of the same day: the most final step
// first.
var toDoOrder = []ToDoKind{ToDoRequestPayment, ToDoRedeem, ToDoReport, ToDoUnreserved, ToDoUseDays, ToDoActivate,
	ToDoDecidePayment, ToDoDecideEnrollment}

// ToDos lists what a person in role must do next as of today, soonest
// deadline first, from the facts their page read. Nothing that can no
// longer be done is listed (an expired voucher, a closed window, a removal
// that has happened), so an empty list means there is truly nothing to do.
func (p Policy) ToDos(role Role, today Date, f ToDoFacts) []ToDo {
	var out []ToDo
	add := func(t ToDo) {
		if t.Deadline() {
			if today.After(t.Date) {
				return // too late: nothing left to do
			}
			t.DaysLeft = today.DaysUntil(t.Date) + 1
		}
		out = append(out, t)
	}
	partner := role == PartnerGlobalAdmin || role == PartnerAdmin
	switch role {
	case BenefitAdmin:
		for _, e := range f.Enrollments {
			if e.Removed || e.Balance <= 0 || !today.Before(p.RemovalOn) {
				continue
			}
			if !e.Activated && p.CreationOpen(today) {
				add(ToDo{Kind: ToDoActivate, Date: p.LastDayToCreate, Enrollment: e})
			}
			add(ToDo{Kind: ToDoUseDays, Date: p.RemovalOn.AddDays(-1), Enrollment: e, Days: e.Balance})
		}
	case GlobalAdmin:
		for _, a := range f.Payments {
			if a.Voucher.State == PaymentRequested {
				add(ToDo{Kind: ToDoDecidePayment, Date: a.RequestedOn, Voucher: a.Voucher})
			}
		}
		if f.EnrollmentRequests > 0 {
			add(ToDo{Kind: ToDoDecideEnrollment, Date: f.OldestRequest, Count: f.EnrollmentRequests})
		}
	}
	for _, v := range f.Vouchers {
		if v.State.Unredeemed() && v.ExpiredOn(today) {
			continue // the sweep will end it: nothing can be done
		}
		switch {
		case v.State == Assigned && (role == BenefitAdmin || role == ProjectManager):
			add(ToDo{Kind: ToDoUnreserved, Date: v.LastValidDay(), Voucher: v})
		case v.State == Reserved && partner:
			end, ok := f.EngagementEnds[v.ID]
			if !ok {
				end = v.ReservedStart.AddDays(v.Days - 1)
			}
			// DOMAIN.md §5: a report is possible once the engagement end ≤ today.
			if !v.ReservedStart.IsZero() && !end.After(today) {
				add(ToDo{Kind: ToDoReport, Date: v.LastValidDay(), Voucher: v})
			}
		case v.State == Reported && partner:
			last := v.LastValidDay()
			if p.LastDayToRedeem.Before(last) {
				last = p.LastDayToRedeem
			}
			add(ToDo{Kind: ToDoRedeem, Date: last, Voucher: v})
		case v.State == Redeemed && partner && !v.PaymentWindowClosed && !v.RedeemedOn.IsZero():
			add(ToDo{Kind: ToDoRequestPayment, Date: p.LastDayToRequestPayment(v.RedeemedOn), Voucher: v})
		}
	}
	slices.SortStableFunc(out, func(a, b ToDo) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		if c := slices.Index(toDoOrder, a.Kind) - slices.Index(toDoOrder, b.Kind); c != 0 {
			return c
		}
		switch {
		case a.Voucher.ID != b.Voucher.ID:
			return cmp.Compare(a.Voucher.ID, b.Voucher.ID)
		default:
			return cmp.Compare(a.Enrollment.ID, b.Enrollment.ID)
		}
	})
	return out
}

// BenefitActive reports whether an enrollment's benefit is in use: active
// and holding days (a benefit with 0 days left is not "active": nothing can
// be created from it).
func (e Enrollment) BenefitActive() bool { return e.Activated && !e.Removed && e.Balance > 0 }
