package program

// DeadlineKind is what a person must do by a Deadline.
type DeadlineKind string

const (
	DeadlineVoucherExpiry DeadlineKind = "voucher_expiry" // the voucher's last valid day
	DeadlineCreate        DeadlineKind = "last_day_to_create"
	DeadlineRemoval       DeadlineKind = "removal" // the day remaining days are removed
	DeadlineRedeem        DeadlineKind = "last_day_to_redeem"
	DeadlinePayment       DeadlineKind = "payment_window" // last day to request payment
)

// Deadline is one day in a person's calendar: an all-day event in the
// program's time zone.
type Deadline struct {
	Kind    DeadlineKind
	Date    Date
	Voucher Voucher // zero for the program's own dates
}

// Deadlines are a person's dates, from their role in an organisation and
// the vouchers they can see there: the program's last day to create and
// the removal for customers' people, the last day to redeem for partners'
// admins, each unredeemed voucher's last valid day, and each redeemed
// voucher's last day to request payment (partners' admins) while its
// window is open (DOMAIN.md §5, §6).
func (p Policy) Deadlines(role Role, vouchers []Voucher) []Deadline {
	var out []Deadline
	partner := role == PartnerGlobalAdmin || role == PartnerAdmin
	switch {
	case role == BenefitAdmin || role == ProjectManager:
		out = append(out, Deadline{Kind: DeadlineCreate, Date: p.LastDayToCreate}, Deadline{Kind: DeadlineRemoval, Date: p.RemovalOn})
	case partner:
		out = append(out, Deadline{Kind: DeadlineRedeem, Date: p.LastDayToRedeem})
	default:
		return nil
	}
	for _, v := range vouchers {
		switch {
		case v.State.Unredeemed():
			out = append(out, Deadline{Kind: DeadlineVoucherExpiry, Date: v.LastValidDay(), Voucher: v})
		case partner && v.State == Redeemed && !v.PaymentWindowClosed && !v.RedeemedOn.IsZero():
			out = append(out, Deadline{Kind: DeadlinePayment, Date: p.LastDayToRequestPayment(v.RedeemedOn), Voucher: v})
		}
	}
	return out
}
