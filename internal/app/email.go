package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"sapsportal/internal/i18n"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// notify writes the emails an outcome calls for to the outbox, each in its
// recipient's language: to an address, or to the people of an organisation
// in the roles a notice names (each address once).
func (a *App) notify(ctx context.Context, tx *store.Tx, p program.Policy, o program.Outcome) error {
	v := o.Voucher
	facts, err := a.emailFacts(ctx, tx, p, o)
	if err != nil {
		return err
	}
	var sent []string
	for _, n := range o.Notify {
		var to []store.Recipient
		if n.To != "" {
			l, err := tx.UserLanguage(ctx, n.To)
			if err != nil {
				return err
			}
			to = append(to, store.Recipient{Email: n.To, Language: l})
		}
		if len(n.Roles) > 0 {
			people, err := tx.PeopleToTell(ctx, n.OrgID, n.Roles)
			if err != nil {
				return err
			}
			to = append(to, people...)
		}
		for _, r := range to {
			if slices.Contains(sent, r.Email) {
				continue
			}
			sent = append(sent, r.Email)
			l := i18n.For(r.Language)
			subject, body := a.emailText(l, p, n.Kind, v, facts, r.Role)
			if s, b, ok := a.workEmail(l, p, n.Kind, o); ok {
				subject, body = s, b
			}
			if err := tx.Enqueue(ctx, store.Email{OrgID: tx.Scope.OrgID, To: r.Email, Subject: subject, Body: body, VoucherID: v.ID}); err != nil {
				return err
			}
		}
	}
	return nil
}

// emailFacts are what an email says beside the voucher: the partner's name
// and the planned dates for a reservation, the amount and the program's
// words for a payment.
type emailFacts struct {
	PartnerName      string
	PlannedEnd       program.Date
	Amount           program.Money
	Reference        string
	Reason           string
	DeliveredThrough program.Date
}

func (a *App) emailFacts(ctx context.Context, tx *store.Tx, p program.Policy, o program.Outcome) (emailFacts, error) {
	var f emailFacts
	v, d := o.Voucher, o.Event.Details
	if len(o.Notify) == 0 {
		return f, nil
	}
	if v.PartnerOrgID != 0 {
		org, err := tx.Org(ctx, v.PartnerOrgID)
		if err != nil {
			return f, err
		}
		f.PartnerName = org.Name
	}
	if end, ok := d["end_on"].(string); ok {
		f.PlannedEnd, _ = program.ParseDate(end)
	} else if !v.ReservedStart.IsZero() {
		f.PlannedEnd = v.ReservedStart.AddDays(v.Days - 1)
	}
	if end, ok := d["delivered_end"].(string); ok {
		f.DeliveredThrough, _ = program.ParseDate(end)
	}
	if m, ok := d["amount_minor"].(int64); ok {
		f.Amount = program.Money{Minor: m, Currency: fmt.Sprint(d["currency"])}
	} else if o.Event.Action == "payment.approved" || o.Event.Action == "payment.denied" {
		pay, err := tx.Payment(ctx, v.ID)
		if err != nil {
			return f, err
		}
		f.Amount = pay.Amount
	}
	f.Reference, _ = d["reference"].(string)
	f.Reason, _ = d["reason"].(string)
	return f, nil
}

// recipientLanguage is the language a person chose, English when unknown.
func (a *App) recipientLanguage(ctx context.Context, tx *store.Tx, email string) (*i18n.Localizer, error) {
	lang, err := tx.UserLanguage(ctx, email)
	return i18n.For(lang), err
}

// voucherLink is the voucher's page for a recipient: the partner's pages
// for its people, the customer's for everyone else (a project manager may
// have no role of an account yet).
func (a *App) voucherLink(v program.Voucher, role program.Role) string {
	area := "/customer/vouchers/"
	if role == program.PartnerAdmin || role == program.PartnerGlobalAdmin {
		area = "/partner/vouchers/"
	}
	return a.BaseURL + area + strconv.FormatInt(v.ID, 10)
}

func (a *App) emailText(l *i18n.Localizer, p program.Policy, kind program.NoticeKind, v program.Voucher, f emailFacts, role program.Role) (subject, body string) {
	id := v.Code.Display()
	last := l.DateZone(v.LastValidDay(), p.ZoneName())
	link := a.voucherLink(v, role)
	switch kind {
	case program.NoticeAssigned:
		return l.T("Planning Services voucher %s assigned to you", id),
			l.T("A Planning Services voucher has been assigned to you.\n\nVoucher ID: %s\nEngagement: %s\nDays: %d\nLast valid day: %s\n\nTo use it, forward the voucher ID and your email address (%s) to the partner who will deliver the engagement. The partner validates the voucher with both and reserves it.\n\nYour vouchers: %s\n",
				id, v.EngagementType.Name, v.Days, last, v.ProjectManagerEmail, a.BaseURL+"/customer")
	case program.NoticeReserved:
		return l.T("Voucher %s reserved by %s", id, f.PartnerName),
			l.T("Your Planning Services voucher %s (%s, %d days) has been reserved by %s.\nPlanned engagement: %s to %s. Last valid day: %s.\n\nDetails: %s\n",
				id, v.EngagementType.Name, v.Days, f.PartnerName, l.Date(v.ReservedStart), l.Date(f.PlannedEnd), last, link)
	case program.NoticeReservationCanceled:
		return l.T("Reservation of voucher %s cancelled", id),
			l.T("The partner cancelled its reservation of your Planning Services voucher %s (%s, %d days).\nThe voucher is yours again and can be given to another partner until %s.\n\nDetails: %s\n",
				id, v.EngagementType.Name, v.Days, last, link)
	case program.NoticeReported:
		return l.T("Completion report submitted for voucher %s", id),
			l.T("%s has submitted the completion report of the engagement of voucher %s (%s, %d days), delivered through %s.\nThe report and its deliverables are on the voucher's page.\n\nDetails: %s\n",
				f.PartnerName, id, v.EngagementType.Name, v.Days, l.Date(f.DeliveredThrough), link)
	case program.NoticePaymentRequested:
		return l.T("Payment requested for voucher %s", id),
			l.T("Payment of %s has been requested for voucher %s (%s, %d days). The program reviews the request; you will be emailed its decision.\n\nDetails: %s\n",
				f.Amount.String(), id, v.EngagementType.Name, v.Days, link)
	case program.NoticePaymentApproved:
		return l.T("Payment approved for voucher %s", id),
			l.T("The program approved the payment of %s for voucher %s (%s, %d days).\nPayment reference: %s.\n\nDetails: %s\n",
				f.Amount.String(), id, v.EngagementType.Name, v.Days, f.Reference, link)
	case program.NoticePaymentDenied:
		return l.T("Payment denied for voucher %s", id),
			l.T("The program denied the payment of %s for voucher %s (%s, %d days).\nReason: %s\n\nDetails: %s\n",
				f.Amount.String(), id, v.EngagementType.Name, v.Days, f.Reason, link)
	}
	return string(kind), id
}

// daysRemovedText is the benefit administrators' email of a removal.
func (a *App) daysRemovedText(l *i18n.Localizer, p program.Policy, e program.Enrollment, days int) (subject, body string) {
	return l.T("%d Planning Services days removed from enrollment %s", days, e.AgreementNumber),
		l.T("The Planning Services program is retired: on %s the %d days that remained in enrollment %s were removed. No more vouchers can be created from it; vouchers already created stay valid until their own last valid day.\n\nYour days: %s\n",
			l.DateZone(p.RemovalOn, p.ZoneName()), days, e.AgreementNumber, a.BaseURL+"/customer/days")
}

// notifyRemovals writes the days-removed emails of the removals a sweep
// batch recorded: to each enrollment's benefit administrators, with the
// count (none for an enrollment that had no days left).
func (a *App) notifyRemovals(ctx context.Context, tx *store.Tx, p program.Policy, removed []store.LedgerLineFor, es map[int64]program.Enrollment) error {
	var orgs []int64
	for _, r := range removed {
		if r.Entry.Days < 0 && !slices.Contains(orgs, r.OrgID) {
			orgs = append(orgs, r.OrgID)
		}
	}
	if len(orgs) == 0 {
		return nil
	}
	people, err := tx.PeopleToTellIn(ctx, orgs, []program.Role{program.BenefitAdmin})
	if err != nil {
		return err
	}
	for _, r := range removed {
		if r.Entry.Days >= 0 {
			continue
		}
		for _, m := range people[r.OrgID] {
			subject, body := a.daysRemovedText(i18n.For(m.Language), p, es[r.EnrollmentID], -r.Entry.Days)
			if err := tx.Enqueue(ctx, store.Email{OrgID: r.OrgID, To: m.Email, Subject: subject, Body: body}); err != nil {
				return err
			}
		}
	}
	return nil
}
