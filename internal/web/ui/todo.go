package ui

import (
	"sapsportal/internal/app"
	"sapsportal/internal/program"
)

// ToDoLink is where a to-do is done.
func ToDoLink(t program.ToDo, today program.Date, p program.Policy) string {
	switch t.Kind {
	case program.ToDoActivate:
		return "/customer#enr-" + ID(t.Enrollment.ID)
	case program.ToDoUseDays:
		if p.CreationOpen(today) && t.Enrollment.Activated {
			return "/customer/vouchers/new?enrollment=" + ID(t.Enrollment.ID)
		}
		return "/customer/days"
	case program.ToDoUnreserved:
		return "/customer/vouchers/" + ID(t.Voucher.ID)
	case program.ToDoReport, program.ToDoRedeem, program.ToDoRequestPayment:
		return "/partner/vouchers/" + ID(t.Voucher.ID)
	case program.ToDoDecidePayment:
		return "/admin/vouchers/" + ID(t.Voucher.ID)
	case program.ToDoDecideEnrollment:
		return "/admin/enrollments"
	}
	return "/"
}

// ToDoText is what a to-do asks, in the reader's language.
func (v *View) ToDoText(t program.ToDo) string {
	code := t.Voucher.Code.Display()
	switch t.Kind {
	case program.ToDoActivate:
		return v.T("Activate the benefit of enrollment %s to create vouchers from its %s.", t.Enrollment.AgreementNumber, v.Days(t.Enrollment.Balance))
	case program.ToDoUseDays:
		return v.T("Use the %s left in enrollment %s: they will be removed on %s.", v.Days(t.Days), t.Enrollment.AgreementNumber, v.L.Date(t.Date.AddDays(1)))
	case program.ToDoUnreserved:
		return v.T("Voucher %s (%s) is not reserved by a partner yet.", code, v.Days(t.Voucher.Days))
	case program.ToDoReport:
		return v.T("Submit the completion report of voucher %s: the engagement has ended.", code)
	case program.ToDoRedeem:
		return v.T("Redeem voucher %s: its report is submitted.", code)
	case program.ToDoRequestPayment:
		return v.T("Request payment for voucher %s, redeemed on %s.", code, v.L.Date(t.Voucher.RedeemedOn))
	case program.ToDoDecidePayment:
		return v.T("Approve or deny the payment request for voucher %s, requested on %s.", code, v.L.Date(t.Date))
	case program.ToDoDecideEnrollment:
		return v.T("Decide the partners' enrollment requests (%d), the oldest from %s.", t.Count, v.L.Date(t.Date))
	}
	return string(t.Kind)
}

// toDoMore is a kind's filtered list and its words, for the items the
// home page did not read.
func toDoMore(k program.ToDoKind) (href, label string) {
	switch k {
	case program.ToDoUnreserved:
		return "/customer/vouchers?state=ASSIGNED", "More vouchers are not reserved yet: see them all."
	case program.ToDoReport:
		return "/partner/vouchers?state=RESERVED", "More engagements await their report: see every reserved voucher."
	case program.ToDoRedeem:
		return "/partner/vouchers?state=REPORTED", "More reported vouchers await redemption: see them all."
	case program.ToDoRequestPayment:
		return "/partner/vouchers?state=REDEEMED", "More redeemed vouchers await a payment request: see them all."
	case program.ToDoDecidePayment:
		return "/admin/payments", "More payment requests await a decision: see the queue."
	}
	return "/", ""
}

// toDoMoreKinds lists the kinds a list has more of, in a fixed order.
func toDoMoreKinds(l app.ToDoList) []program.ToDoKind {
	var out []program.ToDoKind
	for _, k := range []program.ToDoKind{program.ToDoUnreserved, program.ToDoReport, program.ToDoRedeem,
		program.ToDoRequestPayment, program.ToDoDecidePayment} {
		if l.More[k] {
			out = append(out, k)
		}
	}
	return out
}
