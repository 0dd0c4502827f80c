package app

import (
	"context"
	"fmt"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// notify writes the emails an outcome calls for to the outbox.
func (a *App) notify(ctx context.Context, tx *store.Tx, p program.Policy, o program.Outcome) error {
	v := o.Voucher
	for _, n := range o.Notify {
		subject, body := a.emailText(p, n.Kind, v)
		if err := tx.Enqueue(ctx, store.Email{OrgID: tx.Scope.OrgID, To: n.To, Subject: subject, Body: body, VoucherID: v.ID}); err != nil {
			return err
		}
	}
	return nil
}

func (a *App) emailText(p program.Policy, kind program.NoticeKind, v program.Voucher) (subject, body string) {
	id := v.Code.Display()
	last := fmt.Sprintf("%s (%s)", v.LastValidDay().Long(), p.ZoneName())
	switch kind {
	case program.NoticeAssigned:
		return "Planning Services voucher " + id + " assigned to you",
			fmt.Sprintf(`A Planning Services voucher has been assigned to you.

Voucher ID: %s
Engagement: %s
Days: %d
Last valid day: %s

To use it, forward the voucher ID and your email address (%s) to the partner
who will deliver the engagement. The partner validates the voucher with both
and reserves it before %s.

See your vouchers: %s/customer
`, id, v.EngagementType.Name, v.Days, last, v.ProjectManagerEmail, last, a.BaseURL)
	case program.NoticeReserved:
		return "Voucher " + id + " reserved by a partner",
			fmt.Sprintf(`Your Planning Services voucher %s (%s, %d days) has been reserved by a partner.
Planned start: %s. Last valid day: %s.

Details: %s/customer/vouchers/%d
`, id, v.EngagementType.Name, v.Days, v.ReservedStart.Long(), last, a.BaseURL, v.ID)
	case program.NoticeReservationCanceled:
		return "Reservation of voucher " + id + " cancelled",
			fmt.Sprintf(`The partner cancelled its reservation of your Planning Services voucher %s (%s, %d days).
The voucher is yours again and can be given to another partner until %s.

Details: %s/customer/vouchers/%d
`, id, v.EngagementType.Name, v.Days, last, a.BaseURL, v.ID)
	}
	return string(kind), id
}
