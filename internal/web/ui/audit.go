package ui

import "sapsportal/internal/program"

// AuditAction is an action the audit log records: its code, as stored and
// filtered on, and its name for people (English, translated by AuditName).
type AuditAction struct {
	Code, Name string
}

// AuditActions is every action the portal records (program and app emit
// them; TestAuditActionsNameEveryEmittedAction keeps the list whole), in
// the order the audit log's filter offers them.
var AuditActions = []AuditAction{
	{"voucher.created", "Voucher created"},
	{"voucher.reassigned", "Voucher reassigned"},
	{"voucher.voided", "Voucher voided"},
	{"voucher.reserved", "Voucher reserved"},
	{"voucher.reservation_cancelled", "Voucher reservation cancelled"},
	{"voucher.rescheduled", "Voucher plan changed"},
	{"voucher.reported", "Voucher completion reported"},
	{"voucher.redeemed", "Voucher redeemed"},
	{"voucher.validity_extended", "Voucher validity extended"},
	{"voucher.expired", "Voucher expired"},
	{"voucher.payment_window_closed", "Voucher payment window closed"},
	{"payment.requested", "Payment requested"},
	{"payment.approved", "Payment approved"},
	{"payment.denied", "Payment denied"},
	{"payment.registered", "Payee recorded for a location"},
	{"payment.registered_offering", "Registered for payment in an offering"},
	{"sa_enrollment.created", "Software Assurance enrollment created"},
	{"benefit.activated", "Benefit activated"},
	{"ledger.accrual", "Days accrued"},
	{"ledger.training_converted", "Training days converted"},
	{"ledger.retirement_removal", "Remaining days removed"},
	{"enrollment.requested", "Offering enrollment requested"},
	{"enrollment.approved", "Offering enrollment approved"},
	{"enrollment.rejected", "Offering enrollment rejected"},
	{"enrollment.renewal_requested", "Enrollment renewal requested"},
	{"enrollment.renewal_approved", "Enrollment renewal approved"},
	{"enrollment.renewal_rejected", "Enrollment renewal rejected"},
	{"agreement.signed", "Program agreement signed"},
	{"location.added", "Location added"},
	{"profile.saved", "Partner profile saved"},
	{"competency.recorded", "Competency recorded"},
	{"competency.ended", "Competency ended"},
	{"exam.recorded", "Exam recorded"},
	{"organisation.created", "Organisation created"},
	{"organisation.suspended", "Organisation suspended"},
	{"organisation.reactivated", "Organisation reactivated"},
	{"user.invited", "Person invited"},
	{"user.removed", "Person removed"},
	{"user.left", "Person left the organisation"},
	{"invitation.accepted", "Invitation accepted"},
	{"invitation.declined", "Invitation declined"},
	{"invitation.renewed", "Invitation renewed"},
	{"invitation.resent", "Invitation sent again"},
	{"invitation.revoked", "Invitation withdrawn"},
	{"account.updated", "Account updated"},
	{"password.changed", "Password changed"},
	{"password.reset", "Password reset"},
	{"password.reset_requested", "Password reset requested"},
	{"sessions.ended", "Sessions ended"},
	{"api_token.created", "API token created"},
	{"api_token.revoked", "API token revoked"},
	{"calendar.created", "Calendar feed created"},
	{"calendar.revoked", "Calendar feed revoked"},
	{"reminders.chosen", "Reminders chosen"},
	{"reminders.unsubscribed", "Reminders unsubscribed"},
	{"catalog.offering_added", "Offering added"},
	{"catalog.engagement_type_added", "Engagement type added"},
	{"catalog.engagement_type_updated", "Engagement type updated"},
	{"catalog.competency_added", "Competency added to the catalog"},
	{"catalog.exam_added", "Exam added to the catalog"},
	{"catalog.qualification_set", "Qualifying competency set"},
	{"catalog.qualification_removed", "Qualifying competency removed"},
	{"catalog.rate_added", "Daily rate added"},
	{"policy.changed", "Program rules changed"},
	{"clock.moved", "Program date moved"},
	{"program.closed", "Program closed"},
}

var auditNames = func() map[string]string {
	m := make(map[string]string, len(AuditActions))
	for _, a := range AuditActions {
		m[a.Code] = a.Name
	}
	return m
}()

// KnownAuditAction reports whether the portal records action.
func KnownAuditAction(action string) bool {
	_, ok := auditNames[action]
	return ok
}

// AuditName is an audit action's name in the page's language; an action
// the portal no longer records (an old row) is its code.
func (v *View) AuditName(action string) string {
	if n, ok := auditNames[action]; ok {
		return v.T(n)
	}
	return action
}

// AuditState is a before or after state of an audit event as people say
// it: a voucher's state, the benefit's, the program's; anything else as
// recorded.
func (v *View) AuditState(s string) string {
	switch s {
	case "":
		return ""
	case "inactive":
		return v.T("Not yet active")
	case "active":
		return v.T("In effect")
	case "CLOSED":
		return v.T("Closed")
	}
	return v.StateLabel(program.State(s))
}
