package program

import (
	"fmt"
	"slices"
	"time"
)

// Policy is the retirement schedule and the program's windows (DOMAIN.md §6),
// stored in the database and editable by global admins. Every field that is
// a "from" date is refused from its 00:00; every "last day" is allowed
// through the whole of that day, in the program's time zone.
type Policy struct {
	Location             *time.Location
	CloudRetiredFrom     Date // from: no new vouchers of cloud engagement types
	ConversionClosedFrom Date // from: no training-day conversion
	AccrualClosedFrom    Date // from: no more accrual
	LastDayToCreate      Date // last day: create or assign a voucher
	RemovalOn            Date // from its 00:00: every remaining day is removed
	LastDayToRedeem      Date // last day: redeem
	ValidityDays         int  // a voucher ends at created + ValidityDays, 00:00
	PaymentWindowDays    int  // last day to request payment = redeemed + this
	ConversionNum        int  // training days × Num / Den = Planning Services days
	ConversionDen        int
}

// Lengths are the only voucher lengths there are (DOMAIN.md §3).
var Lengths = []int{1, 3, 5, 10, 15}

// DefaultPolicy is DOMAIN.md's schedule in UTC.
func DefaultPolicy() Policy {
	return Policy{
		Location:             time.UTC,
		CloudRetiredFrom:     D(2020, time.February, 1),
		ConversionClosedFrom: D(2020, time.February, 1),
		AccrualClosedFrom:    D(2021, time.February, 1),
		LastDayToCreate:      D(2021, time.June, 30),
		RemovalOn:            D(2021, time.July, 1),
		LastDayToRedeem:      D(2022, time.January, 1),
		ValidityDays:         180,
		PaymentWindowDays:    60,
		ConversionNum:        1,
		ConversionDen:        1,
	}
}

// Today is the program-local calendar day of now.
func (p Policy) Today(now time.Time) Date { return DateIn(now, p.Location) }

// StartOf is d's 00:00 in the program's time zone.
func (p Policy) StartOf(d Date) time.Time { return d.In(p.Location) }

// ZoneName names the program's time zone for display beside every deadline.
func (p Policy) ZoneName() string { return p.Location.String() }

// ExpiryFor is when a voucher created on day c stops being valid: c + 180
// days at 00:00 program time (DOMAIN.md §5). It is returned as that day.
func (p Policy) ExpiryFor(created Date) Date { return created.AddDays(p.ValidityDays) }

// LastDayToRequestPayment is the redemption day + 60 days (DOMAIN.md §5).
func (p Policy) LastDayToRequestPayment(redeemed Date) Date {
	return redeemed.AddDays(p.PaymentWindowDays)
}

// Validate checks a policy a global admin is about to save: every number
// within its bounds, every date within the program's years, and the
// schedule in its order — cloud retirement and the close of conversion
// before the close of accrual, that before the last day to create, that
// before the removal, and the removal on or before the last day to redeem.
func (p Policy) Validate() error {
	switch {
	case p.Location == nil:
		return Invalid("time_zone", "Choose a time zone.")
	case p.ValidityDays < 1 || p.ValidityDays > 3660:
		return Invalid("validity_days", "Validity must be between 1 and 3660 days.")
	case p.PaymentWindowDays < 0 || p.PaymentWindowDays > 3660:
		return Invalid("payment_window_days", "The payment window must be between 0 and 3660 days.")
	case p.ConversionNum < 1 || p.ConversionDen < 1 || p.ConversionNum > 1000 || p.ConversionDen > 1000:
		return Invalid("conversion_ratio", "The conversion ratio is two whole numbers from 1 to 1000.")
	}
	for _, d := range []struct {
		field string
		date  Date
	}{{"cloud_retired_from", p.CloudRetiredFrom}, {"conversion_closed_from", p.ConversionClosedFrom},
		{"accrual_closed_from", p.AccrualClosedFrom}, {"last_day_to_create", p.LastDayToCreate},
		{"removal_on", p.RemovalOn}, {"last_day_to_redeem", p.LastDayToRedeem}} {
		if d.date.Year < 2000 || d.date.Year > 2100 {
			return Invalid(d.field, "Enter a date from the year 2000 to 2100.")
		}
	}
	switch {
	case !p.CloudRetiredFrom.Before(p.AccrualClosedFrom):
		return Invalid("cloud_retired_from", "Cloud engagements must retire before accrual closes.")
	case !p.ConversionClosedFrom.Before(p.AccrualClosedFrom):
		return Invalid("conversion_closed_from", "Training-day conversion must close before accrual closes.")
	case !p.AccrualClosedFrom.Before(p.LastDayToCreate):
		return Invalid("accrual_closed_from", "Accrual must close before the last day to create vouchers.")
	case !p.LastDayToCreate.Before(p.RemovalOn):
		return Invalid("last_day_to_create", "The last day to create vouchers must come before the removal of remaining days.")
	case p.LastDayToRedeem.Before(p.RemovalOn):
		return Invalid("last_day_to_redeem", "The last day to redeem cannot come before the removal of remaining days.")
	}
	return nil
}

// LoadLocation reads a time zone name, refusing unknown ones.
func LoadLocation(name string) (*time.Location, error) {
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" || name == "Local" {
		return nil, Invalid("time_zone", "%q is not a time zone name such as UTC or Europe/Paris.", name)
	}
	return loc, nil
}

// LengthAllowed reports whether a voucher of n days may be made for a type
// that allows lengths (empty: every length).
func LengthAllowed(n int, allowed []int) bool {
	if !slices.Contains(Lengths, n) {
		return false
	}
	return len(allowed) == 0 || slices.Contains(allowed, n)
}

func lengthsText(allowed []int) string {
	if len(allowed) == 0 {
		allowed = Lengths
	}
	s := ""
	for i, n := range allowed {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(n)
	}
	return s
}
