package program

// AttentionDays is how far ahead the portals warn of a deadline: vouchers
// expiring and payment windows closing within 30 days.
const AttentionDays = 30

// CountdownKind says which retirement milestone matters now.
type CountdownKind string

const (
	// CountdownCreate: vouchers can still be created through Date.
	CountdownCreate CountdownKind = "create"
	// CountdownRemoved: remaining days were removed on Date.
	CountdownRemoved CountdownKind = "removed"
)

// Countdown is the retirement milestone a customer should see now.
type Countdown struct {
	Kind     CountdownKind
	Date     Date
	DaysLeft int // days from today to Date, for CountdownCreate
}

// CustomerCountdown is the milestone that matters on day today: the last day
// to create vouchers while it is ahead (DOMAIN.md §6), then the removal.
func (p Policy) CustomerCountdown(today Date) Countdown {
	if !today.After(p.LastDayToCreate) {
		return Countdown{Kind: CountdownCreate, Date: p.LastDayToCreate, DaysLeft: today.DaysUntil(p.LastDayToCreate)}
	}
	return Countdown{Kind: CountdownRemoved, Date: p.RemovalOn}
}

// CreationOpen reports whether vouchers may be created on day today.
func (p Policy) CreationOpen(today Date) bool { return !today.After(p.LastDayToCreate) }

// ConversionOpen reports whether training days may be converted on today.
func (p Policy) ConversionOpen(today Date) bool { return today.Before(p.ConversionClosedFrom) }

// CloudRetired reports whether cloud engagement types are closed to new
// vouchers on today.
func (p Policy) CloudRetired(today Date) bool { return !today.Before(p.CloudRetiredFrom) }

// ExpiringSoon reports whether an unredeemed voucher ends within the
// attention window.
func (v Voucher) ExpiringSoon(today Date) bool {
	return v.State.Unredeemed() && !v.ExpiredOn(today) && v.DaysLeft(today) <= AttentionDays
}

// DaysAtRisk is how many unused days an enrollment will lose at the removal,
// as of today (0 once removed).
func (e Enrollment) DaysAtRisk(p Policy, today Date) int {
	if e.Removed || !today.Before(p.RemovalOn) {
		return 0
	}
	return e.Balance
}

// CanVoid and CanReassign tell the pages whether to offer an action; the
// step itself still decides.
func (v Voucher) CanVoid(p Policy, today Date) bool {
	return v.State == Assigned && today.Before(p.RemovalOn) && !v.ExpiredOn(today)
}

func (v Voucher) CanReassign(p Policy, today Date) bool {
	return v.State == Assigned && p.CreationOpen(today) && !v.ExpiredOn(today)
}

// LengthsFor lists the lengths an engagement type allows that a balance can
// pay for.
func LengthsFor(et EngagementType, balance int) []int {
	var out []int
	for _, n := range Lengths {
		if LengthAllowed(n, et.AllowedLengths) && n <= balance {
			out = append(out, n)
		}
	}
	return out
}
