package app

import (
	"context"
	"strconv"

	"sapsportal/internal/i18n"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// Validation is what a partner learns on validating a voucher: the voucher
// and the checklist that guards its reservation (DOMAIN.md §5).
type Validation struct {
	Voucher program.Voucher
	Today   program.Date
	Checks  []program.Requirement
}

// CanReserve reports whether every check is met: only then is the reserve
// form shown.
func (v Validation) CanReserve() bool { return program.CanReserve(v.Checks) }

// ValidateForReserve is ValidateVoucher with the reservation's checklist
// for the actor's organisation, read in the same transaction. It changes
// nothing; failed attempts are throttled.
func (a *App) ValidateForReserve(ctx context.Context, actor Actor, code, email string) (Validation, error) {
	var val Validation
	if err := program.Authorize(actor.Role, program.ActValidateVoucher); err != nil {
		return val, err
	}
	c, err := program.ParseCode(code)
	if err != nil {
		return val, err
	}
	err = a.throttledLookup(ctx, actor, func() error {
		return a.transact(ctx, codeScope(actor, c), func(tx *store.Tx, p program.Policy) error {
			pt, err := tx.Partner(ctx, actor.OrgID)
			if err != nil {
				return err
			}
			if err := pt.RequireAgreement(); err != nil {
				return err
			}
			v, err := tx.VoucherByCode(ctx, c)
			if err != nil {
				return found(err, "voucher")
			}
			if err := v.Validate(email); err != nil {
				return err
			}
			val.Voucher, val.Today = v, p.Today(tx.Now)
			val.Checks = v.ReserveChecks(val.Today, pt)
			return nil
		})
	})
	return val, err
}

// RescheduleVoucher changes a reservation's planned start and consultants
// (DOMAIN.md §9); the project manager is emailed and the change is kept
// for the voucher's page.
func (a *App) RescheduleVoucher(ctx context.Context, actor Actor, voucherID int64, next program.Schedule) (program.Voucher, error) {
	var live store.Reservation
	return a.voucherStep(ctx, actor, program.ActReserveVoucher, actor.scope(), partnerVoucher(ctx, actor, voucherID),
		func(tx *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error) {
			pt, err := tx.Partner(ctx, actor.OrgID)
			if err != nil {
				return program.Outcome{}, err
			}
			if live, err = tx.LiveReservation(ctx, v.ID); err != nil {
				return program.Outcome{}, found(err, "voucher")
			}
			return v.Reschedule(p, tx.Now, program.RescheduleInput{Partner: pt,
				Current: program.Schedule{StartOn: live.StartOn, Consultants: live.Consultants}, New: next})
		},
		func(tx *store.Tx, p program.Policy, o program.Outcome) error {
			v := o.Voucher
			return tx.Reschedule(ctx, v, live, v.ReservedStart, v.ReservedStart.AddDays(v.Days-1), next.Consultants)
		})
}

// workEmail writes the emails of the partner's work whose words need more
// than the voucher: the reason of a cancellation, the new planned dates.
func (a *App) workEmail(l *i18n.Localizer, p program.Policy, kind program.NoticeKind, o program.Outcome) (subject, body string, ok bool) {
	v := o.Voucher
	id := v.Code.Display()
	last := l.DateZone(v.LastValidDay(), p.ZoneName())
	link := a.BaseURL + "/customer/vouchers/" + strconv.FormatInt(v.ID, 10)
	detail := func(k string) string { s, _ := o.Event.Details[k].(string); return s }
	date := func(k string) string {
		d, err := program.ParseDate(detail(k))
		if err != nil {
			return detail(k)
		}
		return l.Date(d)
	}
	switch kind {
	case program.NoticeReservationCanceled:
		reason := l.T(program.CancelReason(detail("reason")).Label())
		if note := detail("note"); note != "" {
			reason += " — " + note
		}
		return l.T("Reservation of voucher %s cancelled", id),
			l.T("The partner cancelled its reservation of your Planning Services voucher %s (%s, %d days).\nReason: %s\nThe voucher is yours again and can be given to another partner until %s.\n\nDetails: %s\n",
				id, v.EngagementType.Name, v.Days, reason, last, link), true
	case program.NoticeRescheduled:
		return l.T("Voucher %s: new planned dates", id),
			l.T("The partner changed the plan of your Planning Services voucher %s (%s, %d days).\nPlanned dates: %s – %s (were %s – %s).\nThe voucher's last valid day does not change: %s.\n\nDetails: %s\n",
				id, v.EngagementType.Name, v.Days, date("to_start"), date("to_end"), date("from_start"), date("from_end"), last, link), true
	}
	return "", "", false
}
