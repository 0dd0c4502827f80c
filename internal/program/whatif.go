package program

import "slices"

// Projection is what would be true on a future day if nothing else were
// done until then ("What happens on …", issue 14): the same rules as the
// sweeps (Voucher.Expire, Enrollment.RetirementRemoval, the payment
// window), played on copies, changing nothing.
type Projection struct {
	On             Date
	Removed        []EnrollmentLoss // remaining days removed on the removal day
	Expired        []VoucherLoss    // vouchers that would have expired unused
	PaymentsClosed []PaymentLoss    // redeemed vouchers whose payment window would have closed
	CreationClosed bool             // vouchers can no longer be created
	RedeemClosed   bool             // vouchers can no longer be redeemed
}

// EnrollmentLoss is an enrollment's days removed by the retirement.
type EnrollmentLoss struct {
	Enrollment Enrollment
	Days       int
	On         Date // the removal day
}

// VoucherLoss is a voucher expired unused, with the days that went back
// to its enrollment (0: forfeited).
type VoucherLoss struct {
	Voucher      Voucher
	DaysReturned int
}

// PaymentLoss is a redeemed voucher that could no longer be paid for, with
// the amount a request would have asked (Known false: no rate in force).
type PaymentLoss struct {
	Voucher Voucher
	LastDay Date
	Amount  Money
	Known   bool
}

// MaxWhatIfDays bounds how far ahead a projection looks.
const MaxWhatIfDays = 3660

// WhatIf projects, from day today, what would be true on day on for the
// enrollments and vouchers given (those the person can see), with the
// payment rates in force.
func (p Policy) WhatIf(today, on Date, enrollments []Enrollment, vouchers []Voucher, rates []Rate) (Projection, error) {
	if on.IsZero() {
		return Projection{}, Invalid("on", "Enter a date.")
	}
	if on.Before(today) {
		return Projection{}, Invalid("on", "Choose a day from today on; what happened before is in the history.")
	}
	if today.DaysUntil(on) > MaxWhatIfDays {
		return Projection{}, Invalid("on", "Choose a day within %d days.", MaxWhatIfDays)
	}
	pr := Projection{On: on, CreationClosed: !p.CreationOpen(on), RedeemClosed: on.After(p.LastDayToRedeem)}
	ens := map[int64]*Enrollment{}
	for _, e := range enrollments {
		ens[e.ID] = &e
	}
	var expiring []Voucher
	for _, v := range vouchers {
		if v.State.Unredeemed() && v.ExpiredOn(on) {
			expiring = append(expiring, v)
		}
	}
	slices.SortStableFunc(expiring, func(a, b Voucher) int { return a.ExpiresOn.Compare(b.ExpiresOn) })
	expire := func(v Voucher) {
		e := ens[v.EnrollmentID]
		if e == nil {
			e = &Enrollment{ID: v.EnrollmentID}
		}
		o, err := v.Expire(p, p.StartOf(v.ExpiresOn), *e)
		if err != nil {
			return
		}
		d := o.Ledger[0].Days
		e.Balance += d
		pr.Expired = append(pr.Expired, VoucherLoss{Voucher: v, DaysReturned: d})
	}
	// In date order, as the sweeps do: expiries before the removal give
	// their days back first, then the removal, then later expiries.
	i := 0
	for ; i < len(expiring) && expiring[i].ExpiresOn.Before(p.RemovalOn); i++ {
		expire(expiring[i])
	}
	if !on.Before(p.RemovalOn) {
		for _, e := range enrollments {
			en := ens[e.ID]
			entry, _, err := en.RetirementRemoval(p, p.StartOf(p.RemovalOn))
			if err != nil {
				continue
			}
			en.Removed, en.Balance = true, 0
			if entry.Days != 0 {
				pr.Removed = append(pr.Removed, EnrollmentLoss{Enrollment: e, Days: -entry.Days, On: entry.EffectiveOn})
			}
		}
	}
	for ; i < len(expiring); i++ {
		expire(expiring[i])
	}
	for _, v := range vouchers {
		if v.State != Redeemed || v.RedeemedOn.IsZero() {
			continue
		}
		last := p.LastDayToRequestPayment(v.RedeemedOn)
		if !v.PaymentWindowClosed && !on.After(last) {
			continue
		}
		l := PaymentLoss{Voucher: v, LastDay: last}
		if r, ok := RateFor(rates, v.Country, v.EngagementType.Offering, v.RedeemedOn); ok {
			l.Amount, l.Known = Money{Minor: r.AmountMinor * int64(v.Days), Currency: r.Currency}, true
		}
		pr.PaymentsClosed = append(pr.PaymentsClosed, l)
	}
	return pr, nil
}

// DaysRemoved is the total of days the projection removes.
func (pr Projection) DaysRemoved() int {
	n := 0
	for _, r := range pr.Removed {
		n += r.Days
	}
	return n
}
