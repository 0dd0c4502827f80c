package ui

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"sapsportal/internal/program"
)

// StateLabel is a voucher state as people say it.
func (v *View) StateLabel(s program.State) string {
	switch s {
	case program.Assigned:
		return v.T("Assigned")
	case program.Reserved:
		return v.T("Reserved")
	case program.Reported:
		return v.T("Reported")
	case program.Redeemed:
		return v.T("Redeemed")
	case program.PaymentRequested:
		return v.T("Payment requested")
	case program.Paid:
		return v.T("Paid")
	case program.Denied:
		return v.T("Payment denied")
	case program.Expired:
		return v.T("Expired")
	case program.Voided:
		return v.T("Voided")
	}
	return string(s)
}

// ActionLabel is an audit action as people say it.
func (v *View) ActionLabel(action string) string {
	if l, ok := actionLabels[action]; ok {
		return v.T(l)
	}
	return action
}

var actionLabels = map[string]string{
	"voucher.created":               "Created and assigned",
	"voucher.reassigned":            "Reassigned to another project manager",
	"voucher.voided":                "Voided; days returned",
	"voucher.reserved":              "Reserved by a partner",
	"voucher.reservation_cancelled": "Reservation cancelled",
	"voucher.reported":              "Completion report submitted",
	"voucher.redeemed":              "Redeemed",
	"payment.requested":             "Payment requested",
	"payment.approved":              "Payment approved",
	"payment.denied":                "Payment denied",
	"voucher.validity_extended":     "Validity extended",
	"voucher.expired":               "Expired",
	"voucher.payment_window_closed": "Payment window closed",
	"benefit.activated":             "Benefit activated",
	"ledger.accrual":                "Days accrued",
	"ledger.training_converted":     "Training days converted",
	"ledger.retirement_removal":     "Remaining days removed",
}

// EntryLabel is a ledger entry kind as people say it.
func (v *View) EntryLabel(k program.EntryKind, days int) string {
	switch k {
	case program.EntryAccrual:
		return v.T("Accrual")
	case program.EntryTrainingConversion:
		return v.T("Training days converted")
	case program.EntryVoucherCreated:
		return v.T("Voucher created")
	case program.EntryVoucherVoided:
		return v.T("Voucher voided")
	case program.EntryVoucherExpired:
		if days == 0 {
			return v.T("Voucher expired: days forfeited")
		}
		return v.T("Voucher expired: days returned")
	case program.EntryRetirementRemoval:
		return v.T("Retirement removal")
	}
	return string(k)
}

// Days is "1 day" or "N days" (in French "0 jour", "1 jour", "2 jours").
func (v *View) Days(n int) string { return v.L.Plural(n, "%d day", "%d days") }

// Signed shows a ledger amount with its sign.
func Signed(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return strconv.Itoa(n)
}

// ID formats an id for a URL or a form value.
func ID(id int64) string { return strconv.FormatInt(id, 10) }

// Path joins a path and query values.
func Path(p string, q url.Values) string {
	if len(q) == 0 {
		return p
	}
	return p + "?" + q.Encode()
}

// Moment is an instant in the program's time zone, to the minute.
func (v *View) Moment(t time.Time) string {
	loc, err := time.LoadLocation(v.Zone)
	if err != nil {
		loc = time.UTC
	}
	return v.L.Time(t, loc)
}
