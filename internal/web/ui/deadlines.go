package ui

import "sapsportal/internal/program"

// ReminderLabel names a kind of reminder for the people who get it.
func (v *View) ReminderLabel(k program.ReminderKind) string {
	switch k {
	case program.RemindRemoval:
		return v.T("Unused days before they are removed (benefit administrators)")
	case program.RemindAssignedExpiry:
		return v.T("Assigned vouchers not yet reserved, before they expire (benefit administrators)")
	case program.RemindVoucherExpiry:
		return v.T("Your vouchers, before they expire (project managers)")
	case program.RemindReservedExpiry:
		return v.T("Reserved vouchers, before they expire (partner admins)")
	case program.RemindRedeem:
		return v.T("Reported vouchers, before the last day to redeem (partner admins)")
	case program.RemindPaymentWindow:
		return v.T("Redeemed vouchers, before the payment window closes (partner admins)")
	}
	return string(k)
}

// PaymentDeadline is a redeemed voucher's last day to request payment and
// the days left to it, counting today, while its payment window is open
// (the program's NextDeadline; false otherwise).
func PaymentDeadline(p program.Policy, today program.Date, v program.Voucher) (program.NextDeadline, bool) {
	d, ok := p.NextDeadline(v, today)
	return d, ok && d.Kind == program.DeadlinePayment
}
