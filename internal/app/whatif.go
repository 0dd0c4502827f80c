package app

import (
	"context"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// WhatIfView is the "What happens on …" panel of a home page: the date as
// typed, and the projection or why there is none.
type WhatIfView struct {
	Typed      string
	Projection *program.Projection
	Error      string
	Zone       string
}

// WhatIf projects what would be true on day on for what the actor can see
// in their organisation (program.Policy.WhatIf); it changes nothing. A
// benefit administrator's projection includes the enrollments' days; a
// project manager's, their own vouchers; a partner's, its vouchers.
func (a *App) WhatIf(ctx context.Context, actor Actor, on program.Date) (program.Projection, error) {
	var pr program.Projection
	err := a.transactAnyTime(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		var ens []program.Enrollment
		var err error
		if actor.Role == program.BenefitAdmin {
			if ens, err = tx.Enrollments(ctx, actor.OrgID); err != nil {
				return err
			}
		}
		var vs []program.Voucher
		if actor.Role != program.Consultant { // a consultant sees only their engagements
			if vs, err = tx.CalendarVouchers(ctx, actor.OrgID, actor.Role, actor.Email); err != nil {
				return err
			}
		}
		rates, err := tx.Rates(ctx)
		if err != nil {
			return err
		}
		pr, err = p.WhatIf(p.Today(tx.Now), on, ens, vs, rates)
		return err
	})
	return pr, err
}
