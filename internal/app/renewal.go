package app

import (
	"context"
	"strings"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// RequestRenewal asks the program to renew one of the partner's offering
// enrollments for a year (the partner global admin, in the enrollment's
// last 90 days: DOMAIN.md §9). Of two asking at once, one wins; the other
// is told a request is already waiting.
func (a *App) RequestRenewal(ctx context.Context, actor Actor, enrollmentID int64) error {
	return a.partnerStep(ctx, actor, program.ActManagePartner, "enrollment.renewal_requested", func(tx *store.Tx, p program.Policy, pt program.Partner) (map[string]any, error) {
		if err := pt.RequireAgreement(); err != nil {
			return nil, err
		}
		e, pending, err := tx.LockApprovedEnrollment(ctx, actor.OrgID, enrollmentID)
		if err != nil {
			return nil, found(err, "enrollment")
		}
		if err := e.RequestRenewal(p.Today(tx.Now), pending); err != nil {
			return nil, err
		}
		_, err = tx.RequestRenewal(ctx, actor.OrgID, enrollmentID, e.ValidTo)
		if store.IsUniqueViolation(err) {
			return nil, program.Refuse(program.CodeWrongState, "A request to renew your enrollment in %s is already waiting for the program's decision.", e.Offering)
		}
		return map[string]any{"enrollment_id": enrollmentID, "offering": e.Offering, "valid_to": e.ValidTo.String()}, err
	})
}

// DecideRenewal approves a renewal request (the enrollment then runs one
// more year from its current end, not from today) or rejects it with a
// reason; the partner's global admins are emailed the decision.
func (a *App) DecideRenewal(ctx context.Context, actor Actor, id int64, approve bool, reason string) error {
	reason = strings.TrimSpace(reason)
	if !approve && reason == "" {
		return program.Invalid("reason", "Give the reason for rejecting the request.")
	}
	if err := program.CheckLine("reason", reason, program.MaxReason); err != nil {
		return err
	}
	action := "enrollment.renewal_rejected"
	if approve {
		action = "enrollment.renewal_approved"
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, action, func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		r, err := tx.LockRenewal(ctx, id)
		if err != nil {
			return nil, found(err, "renewal request")
		}
		if r.Status != "requested" {
			return nil, program.Refuse(program.CodeWrongState, "This request has already been decided.")
		}
		details := map[string]any{"org_id": r.OrgID, "offering": r.Offering, "enrollment_id": r.EnrollmentID,
			"valid_to_before": r.Before.String()}
		if approve {
			renewed := r.Enrollment().Renewed()
			details["valid_to_after"] = renewed.ValidTo.String()
			if err := tx.ApproveRenewal(ctx, r, renewed.ValidTo); err != nil {
				return nil, err
			}
			r.After = renewed.ValidTo
		} else {
			details["reason"] = reason
			if err := tx.RejectRenewal(ctx, id, reason); err != nil {
				return nil, found(err, "renewal request")
			}
		}
		return details, a.emailRenewalDecision(ctx, tx, p, r, approve, reason)
	})
}

// emailRenewalDecision tells the partner's global admins, each in their
// language, what the program decided.
func (a *App) emailRenewalDecision(ctx context.Context, tx *store.Tx, p program.Policy, r store.Renewal, approve bool, reason string) error {
	admins, err := tx.Members(ctx, r.OrgID, program.PartnerGlobalAdmin)
	if err != nil {
		return err
	}
	link := a.BaseURL + "/partner/eligibility"
	for _, m := range admins {
		l, err := a.recipientLanguage(ctx, tx, m.Email)
		if err != nil {
			return err
		}
		subject := l.T("Your enrollment in %s is renewed until %s", r.Offering, l.Date(r.After))
		body := l.T("The program approved the renewal of your enrollment in %s. It now runs until %s (%s), one year from its previous end, %s.\n\nYour enrollments: %s\n",
			r.Offering, l.Date(r.After), p.ZoneName(), l.Date(r.Before), link)
		if !approve {
			subject = l.T("Your enrollment in %s is not renewed", r.Offering)
			body = l.T("The program rejected the renewal of your enrollment in %s: %s\nThe enrollment ends after %s (%s).\n\nYour enrollments: %s\n",
				r.Offering, reason, l.Date(r.Before), p.ZoneName(), link)
		}
		if err := tx.Enqueue(ctx, store.Email{OrgID: r.OrgID, To: m.Email, Subject: subject, Body: body}); err != nil {
			return err
		}
	}
	return nil
}

// EnrollmentTerm is one of the partner's approved offering enrollments
// with its end and its renewal, for the partner's pages.
type EnrollmentTerm struct {
	ID            int64
	Enrollment    program.PartnerEnrollment
	Ended         bool
	RenewableFrom program.Date
	CanRenew      bool           // the renewal window is open and no request waits
	Pending       *store.Renewal // a renewal request waiting for the program
	Last          *store.Renewal // the latest decided renewal, if any
}

// enrollmentTerms reads the partner's approved enrollments, the latest
// ending last, with their renewals.
func enrollmentTerms(ctx context.Context, tx *store.Tx, orgID int64, today program.Date) ([]EnrollmentTerm, error) {
	var q store.Reads
	var all []store.EnrollmentRequest
	var renewals []store.Renewal
	queueTerms(&q, orgID, &all, &renewals)
	if err := tx.Send(ctx, &q); err != nil {
		return nil, err
	}
	return termsOf(all, renewals, today), nil
}

// queueTerms queues the reads of enrollmentTerms.
func queueTerms(q *store.Reads, orgID int64, all *[]store.EnrollmentRequest, renewals *[]store.Renewal) {
	q.PartnerEnrollments(orgID, "approved", all)
	q.Renewals(orgID, renewals)
}

// termsOf is the terms of the approved enrollments all, with their renewals.
func termsOf(all []store.EnrollmentRequest, renewals []store.Renewal, today program.Date) []EnrollmentTerm {
	var out []EnrollmentTerm
	for _, e := range all {
		pe := program.PartnerEnrollment{Offering: e.Offering, ValidFrom: e.ValidFrom, ValidTo: e.ValidTo}
		t := EnrollmentTerm{ID: e.ID, Enrollment: pe, Ended: pe.Ended(today), RenewableFrom: pe.RenewableFrom()}
		for i := range renewals {
			r := &renewals[i]
			switch {
			case r.EnrollmentID != e.ID:
			case r.Status == "requested":
				t.Pending = r
			case t.Last == nil:
				t.Last = r
			}
		}
		t.CanRenew = t.Pending == nil && pe.Renewable(today)
		out = append(out, t)
	}
	return out
}

// EnrollmentTerms reads the partner's enrollments with their ends and
// renewals (the eligibility and home pages).
func (a *App) EnrollmentTerms(ctx context.Context, actor Actor) ([]EnrollmentTerm, program.Date, error) {
	var terms []EnrollmentTerm
	var today program.Date
	err := a.read(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		today = p.Today(tx.Now)
		var err error
		terms, err = enrollmentTerms(ctx, tx, actor.OrgID, today)
		return err
	})
	return terms, today, err
}
