package app

import (
	"context"
	"strconv"

	"sapsportal/internal/i18n"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// notify writes the emails an outcome calls for to the outbox, each in its
// recipient's language.
func (a *App) notify(ctx context.Context, tx *store.Tx, p program.Policy, o program.Outcome) error {
	v := o.Voucher
	for _, n := range o.Notify {
		l, err := a.recipientLanguage(ctx, tx, n.To)
		if err != nil {
			return err
		}
		subject, body := a.emailText(l, p, n.Kind, v)
		if s, b, ok := a.workEmail(l, p, n.Kind, o); ok {
			subject, body = s, b
		}
		if err := tx.Enqueue(ctx, store.Email{OrgID: tx.Scope.OrgID, To: n.To, Subject: subject, Body: body, VoucherID: v.ID}); err != nil {
			return err
		}
	}
	return nil
}

// recipientLanguage is the language a person chose, English when unknown.
func (a *App) recipientLanguage(ctx context.Context, tx *store.Tx, email string) (*i18n.Localizer, error) {
	lang, err := tx.UserLanguage(ctx, email)
	return i18n.For(lang), err
}

func (a *App) emailText(l *i18n.Localizer, p program.Policy, kind program.NoticeKind, v program.Voucher) (subject, body string) {
	id := v.Code.Display()
	last := l.DateZone(v.LastValidDay(), p.ZoneName())
	link := a.BaseURL + "/customer/vouchers/" + strconv.FormatInt(v.ID, 10)
	switch kind {
	case program.NoticeAssigned:
		return l.T("Planning Services voucher %s assigned to you", id),
			l.T("A Planning Services voucher has been assigned to you.\n\nVoucher ID: %s\nEngagement: %s\nDays: %d\nLast valid day: %s\n\nTo use it, forward the voucher ID and your email address (%s) to the partner who will deliver the engagement. The partner validates the voucher with both and reserves it.\n\nYour vouchers: %s\n",
				id, v.EngagementType.Name, v.Days, last, v.ProjectManagerEmail, a.BaseURL+"/customer")
	case program.NoticeReserved:
		return l.T("Voucher %s reserved by a partner", id),
			l.T("Your Planning Services voucher %s (%s, %d days) has been reserved by a partner.\nPlanned start: %s. Last valid day: %s.\n\nDetails: %s\n",
				id, v.EngagementType.Name, v.Days, l.Date(v.ReservedStart), last, link)
	case program.NoticeReservationCanceled:
		return l.T("Reservation of voucher %s cancelled", id),
			l.T("The partner cancelled its reservation of your Planning Services voucher %s (%s, %d days).\nThe voucher is yours again and can be given to another partner until %s.\n\nDetails: %s\n",
				id, v.EngagementType.Name, v.Days, last, link)
	}
	return string(kind), id
}
