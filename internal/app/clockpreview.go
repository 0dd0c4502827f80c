package app

import (
	"context"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// ClockPreviewLimit is how many vouchers, and how many enrollments, the
// simulated clock's confirmation lists.
const ClockPreviewLimit = 50

// ClockPreview is what moving the simulated date to To would do to
// vouchers and enrollments, decided by the sweeps' own rules
// (program.Policy.WhatIf, which plays Voucher.Expire and
// Enrollment.RetirementRemoval on copies): the first vouchers to expire,
// in expiry order, and the first enrollments whose remaining days would be
// removed, each with how many there are in all.
type ClockPreview struct {
	To               program.Date
	Projected        bool // false: To is too far ahead to project
	Expiring         []ExpiringVoucher
	ExpiringTotal    int
	Removals         []RemovalPreview
	RemovalsAtMost   int // enrollments that may lose days (those listed among them)
	RemovalsComplete bool
}

// ExpiringVoucher is a voucher the move expires, with its customer and the
// days that go back to its enrollment (0: forfeited).
type ExpiringVoucher struct {
	store.VoucherRow
	DaysReturned int
}

// RemovalPreview is an enrollment the removal day empties.
type RemovalPreview struct {
	store.EnrollmentRow
	Days int
}

// PreviewClock reads what moving the simulated date to day to would do
// (program scope; it changes nothing).
func (a *App) PreviewClock(ctx context.Context, actor Actor, to program.Date) (ClockPreview, error) {
	pv := ClockPreview{To: to}
	err := a.adminRead(ctx, actor, func(tx *store.Tx, p program.Policy) error {
		today := p.Today(tx.Now)
		if today.DaysUntil(to) > program.MaxWhatIfDays {
			return nil
		}
		rows, _, err := tx.ListVouchers(ctx, store.VoucherFilter{
			States: []program.State{program.Assigned, program.Reserved, program.Reported}, ExpiresBefore: to.AddDays(1), Limit: ClockPreviewLimit})
		if err != nil {
			return err
		}
		if pv.ExpiringTotal, err = tx.CountLiveExpiringBy(ctx, to); err != nil {
			return err
		}
		var candidates []store.EnrollmentRow
		if !to.Before(p.RemovalOn) {
			if candidates, pv.RemovalsAtMost, err = tx.RemovalCandidates(ctx, p.RemovalOn, ClockPreviewLimit); err != nil {
				return err
			}
		}
		// The projection needs each voucher's enrollment, and each candidate's
		// vouchers that give days back before the removal.
		var vouchers []program.Voucher
		var ids []int64
		seen := map[int64]bool{}
		for _, r := range rows {
			vouchers = append(vouchers, r.Voucher)
			if !seen[r.EnrollmentID] {
				seen[r.EnrollmentID] = true
				ids = append(ids, r.EnrollmentID)
			}
		}
		var candidateIDs []int64
		for _, c := range candidates {
			candidateIDs = append(candidateIDs, c.ID)
			if !seen[c.ID] {
				seen[c.ID] = true
				ids = append(ids, c.ID)
			}
		}
		if len(candidateIDs) > 0 {
			more, err := tx.LiveVouchersExpiringBefore(ctx, candidateIDs, p.RemovalOn)
			if err != nil {
				return err
			}
			listed := map[int64]bool{}
			for _, v := range vouchers {
				listed[v.ID] = true
			}
			for _, v := range more {
				if !listed[v.ID] {
					vouchers = append(vouchers, v)
				}
			}
		}
		var ens []program.Enrollment
		if len(ids) > 0 {
			if ens, err = tx.EnrollmentsByID(ctx, ids); err != nil {
				return err
			}
		}
		pr, err := p.WhatIf(today, to, ens, vouchers, nil)
		if err != nil {
			return err
		}
		pv.Projected = true
		returned := map[int64]int{}
		for _, l := range pr.Expired {
			returned[l.Voucher.ID] = l.DaysReturned
		}
		for _, r := range rows {
			if d, ok := returned[r.ID]; ok {
				pv.Expiring = append(pv.Expiring, ExpiringVoucher{VoucherRow: r, DaysReturned: d})
			}
		}
		removed := map[int64]int{}
		for _, l := range pr.Removed {
			removed[l.Enrollment.ID] = l.Days
		}
		for _, c := range candidates {
			if d := removed[c.ID]; d > 0 {
				pv.Removals = append(pv.Removals, RemovalPreview{EnrollmentRow: c, Days: d})
			}
		}
		pv.RemovalsComplete = len(candidates) == pv.RemovalsAtMost
		return nil
	})
	return pv, err
}
