package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// partnerStep runs a partner organisation's setup change: the role check,
// then fn in one transaction with the partner's facts, audited.
func (a *App) partnerStep(ctx context.Context, actor Actor, act program.Action, action string,
	fn func(tx *store.Tx, p program.Policy, pt program.Partner) (map[string]any, error)) error {
	if err := program.Authorize(actor.Role, act); err != nil {
		return err
	}
	return a.transact(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		pt, err := tx.Partner(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		details, err := fn(tx, p, pt)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, actor.audit(), program.Event{Action: action, Details: details}, nil)
	})
}

// SignAgreement records the partner's signature of the program agreement.
func (a *App) SignAgreement(ctx context.Context, actor Actor, name, title string) error {
	name, title = strings.TrimSpace(name), strings.TrimSpace(title)
	if name == "" {
		return program.Invalid("name", "Enter the name of the person signing.")
	}
	if title == "" {
		return program.Invalid("title", "Enter the signer's title.")
	}
	if err := firstError(program.CheckLine("name", name, program.MaxName), program.CheckLine("title", title, program.MaxName)); err != nil {
		return err
	}
	return a.partnerStep(ctx, actor, program.ActSignAgreement, "agreement.signed", func(tx *store.Tx, p program.Policy, pt program.Partner) (map[string]any, error) {
		if pt.AgreementSigned {
			return nil, program.Refuse(program.CodeWrongState, "The program agreement is already signed.")
		}
		return map[string]any{"version": program.AgreementVersion, "signer": name, "title": title},
			tx.SignAgreement(ctx, actor.OrgID, program.AgreementVersion, name, title)
	})
}

// RequestEnrollment asks the program to enroll the partner in an offering
// (or to renew an enrollment).
func (a *App) RequestEnrollment(ctx context.Context, actor Actor, offering string) error {
	return a.partnerStep(ctx, actor, program.ActManagePartner, "enrollment.requested", func(tx *store.Tx, p program.Policy, pt program.Partner) (map[string]any, error) {
		offerings, err := tx.Offerings(ctx)
		if err != nil {
			return nil, err
		}
		known := false
		for _, o := range offerings {
			known = known || o.Code == offering
		}
		if !known {
			return nil, program.Invalid("offering", "Choose an offering of the program.")
		}
		reqs, err := tx.PartnerEnrollments(ctx, actor.OrgID, "requested")
		if err != nil {
			return nil, err
		}
		pending := false
		for _, r := range reqs {
			pending = pending || r.Offering == offering
		}
		if err := pt.RequestEnrollment(offering, pending, p.Today(tx.Now)); err != nil {
			return nil, err
		}
		_, err = tx.RequestEnrollment(ctx, actor.OrgID, offering)
		return map[string]any{"offering": offering}, err
	})
}

// AddLocation adds a partner location.
func (a *App) AddLocation(ctx context.Context, actor Actor, name, country string) error {
	name, country = strings.TrimSpace(name), strings.ToUpper(strings.TrimSpace(country))
	if name == "" {
		return program.Invalid("name", "Name the location.")
	}
	if err := program.CheckLine("name", name, program.MaxName); err != nil {
		return err
	}
	if !program.ValidCountry(country) {
		return program.Invalid("country", "Enter the country as a two-letter code such as US or FR.")
	}
	return a.partnerStep(ctx, actor, program.ActManagePartner, "location.added", func(tx *store.Tx, p program.Policy, pt program.Partner) (map[string]any, error) {
		_, err := tx.AddLocation(ctx, actor.OrgID, name, country)
		return map[string]any{"name": name, "country": country}, err
	})
}

// RegisterPayment records payee details for a location (the payee the
// program pays for the location's work; the registration itself is per
// offering: RegisterForPayment).
func (a *App) RegisterPayment(ctx context.Context, actor Actor, locationID int64, payee, reference string) error {
	pe, err := program.CheckPayee(payee, reference)
	if err != nil {
		return err
	}
	payee, reference = pe.Name, pe.Reference
	return a.partnerStep(ctx, actor, program.ActManagePartner, "payment.registered", func(tx *store.Tx, p program.Policy, pt program.Partner) (map[string]any, error) {
		if err := pt.RequireAgreement(); err != nil {
			return nil, err
		}
		err := tx.UpsertRegistration(ctx, actor.OrgID, locationID, payee, reference)
		return map[string]any{"location_id": locationID, "payee": payee}, chosen(found(err, "location"), "location_id", "Choose one of your locations.")
	})
}

// InviteUser invites a person to the partner organisation with a role: an
// invitation emailed to them, which makes them a member only once they
// accept it (an existing account of another organisation included).
func (a *App) InviteUser(ctx context.Context, actor Actor, email string, role program.Role) error {
	email, err := program.NormalizeEmail("email", email)
	if err != nil {
		return err
	}
	if !program.InvitableRole(role) {
		return program.Invalid("role", "Invite people as partner admins or consultants.")
	}
	return a.partnerStep(ctx, actor, program.ActManagePartner, "user.invited", func(tx *store.Tx, p program.Policy, pt program.Partner) (map[string]any, error) {
		org, err := tx.Org(ctx, actor.OrgID)
		if err != nil {
			return nil, err
		}
		return map[string]any{"email": email, "role": string(role)}, a.inviteMember(ctx, tx, p, actor.UserID, org, email, role)
	})
}

// RemoveUser takes a person out of the partner organisation.
func (a *App) RemoveUser(ctx context.Context, actor Actor, userID int64) error {
	if userID == actor.UserID {
		return program.Invalid("user", "You cannot remove yourself.")
	}
	return a.partnerStep(ctx, actor, program.ActManagePartner, "user.removed", func(tx *store.Tx, p program.Policy, pt program.Partner) (map[string]any, error) {
		return map[string]any{"user_id": userID}, found(tx.RemoveMembership(ctx, actor.OrgID, userID), "user")
	})
}

// RecordExam records an exam the acting consultant passed.
func (a *App) RecordExam(ctx context.Context, actor Actor, examID int64, passed program.Date) error {
	return a.partnerStep(ctx, actor, program.ActRecordExam, "exam.recorded", func(tx *store.Tx, p program.Policy, pt program.Partner) (map[string]any, error) {
		if passed.IsZero() || passed.After(p.Today(tx.Now)) {
			return nil, program.Invalid("passed_on", "Enter the day you passed the exam; it cannot be in the future.")
		}
		exams, err := tx.Exams(ctx)
		if err != nil {
			return nil, err
		}
		for _, x := range exams {
			if x.ID == examID {
				return map[string]any{"exam": x.Code, "passed_on": passed.String()}, tx.RecordExamByID(ctx, actor.OrgID, actor.UserID, examID, passed)
			}
		}
		return nil, program.Invalid("exam_id", "Choose an exam from the catalog.")
	})
}

// Partner dashboard and settings reads.

// PartnerOverview is the partner home page.
type PartnerOverview struct {
	WhatIf      WhatIfView // "What happens on …", when asked
	Policy      program.Policy
	Today       program.Date
	Counts      map[program.State]int
	Expiring    []store.VoucherRow // reserved or reported, ending within 30 days
	Windows     []store.VoucherRow // redeemed, payment window closing within 30 days
	More        bool               // either list has more than DeadlineList
	ToRedeem    int
	NextSteps   []string
	Engagements []store.Engagement // the consultant's
	Exams       []store.PassedExam // the consultant's
	ToDos       ToDoList
	Months      []store.MonthMoney // money requested and paid by month, the last 12 months
	Terms       []EnrollmentTerm   // the offering enrollments, when each ends
}

// PartnerOverview reads the partner home page.
func (a *App) PartnerOverview(ctx context.Context, actor Actor) (PartnerOverview, error) {
	var o PartnerOverview
	if actor.Role == program.Consultant {
		err := a.read(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
			o.Policy, o.Today = p, p.Today(tx.Now)
			var err error
			if o.Engagements, err = tx.EngagementsOf(ctx, actor.OrgID, actor.UserID); err != nil {
				return err
			}
			o.Exams, err = tx.PassedExams(ctx, actor.OrgID, actor.UserID)
			return err
		})
		return o, err
	}
	// Every read at once, in one round trip (issue 11). Only vouchers ending
	// within the attention window can be expiring soon; the domain decides
	// which are. Payment windows close in the order the vouchers were
	// redeemed: the open ones, earliest first, serve both the windows
	// closing soon and the payments to request.
	var expiring, open []store.VoucherRow
	var moreExpiring, moreOpen, awaits bool
	var pt program.Partner
	var locs []store.LocationInfo
	var enrollments []store.EnrollmentRequest
	var renewals []store.Renewal
	var toDos *toDoReads
	err := a.readAll(ctx, actor.scope(), func(q *store.Reads, p program.Policy, now time.Time) {
		o.Policy, o.Today = p, p.Today(now)
		q.StateCounts(actor.OrgID, &o.Counts)
		q.Vouchers(store.VoucherFilter{PartnerOrgID: actor.OrgID,
			States: []program.State{program.Reserved, program.Reported}, ExpiresAfter: o.Today,
			ExpiresBefore: o.Today.AddDays(program.AttentionDays + 1), Limit: DeadlineList}, &expiring, &moreExpiring)
		q.Vouchers(store.VoucherFilter{PartnerOrgID: actor.OrgID, WindowOpen: true, Order: store.OrderRedeemed, Limit: DeadlineList}, &open, &moreOpen)
		q.Partner(actor.OrgID, &pt)
		q.Locations(actor.OrgID, &locs)
		q.AwaitsRegistration(actor.OrgID, &awaits)
		queueTerms(q, actor.OrgID, &enrollments, &renewals)
		toDos = partnerToDos(q, o.Today, actor, &open, &moreOpen)
		if program.Can(actor.Role, program.ActRequestPayment) {
			q.PartnerMoneyByMonth(actor.OrgID, program.D(o.Today.Year, o.Today.Month-11, 1), &o.Months)
		}
	})
	if err != nil {
		return o, err
	}
	for _, r := range expiring {
		if r.ExpiringSoon(o.Today) {
			o.Expiring = append(o.Expiring, r)
		}
	}
	for _, r := range open {
		if o.Today.DaysUntil(o.Policy.LastDayToRequestPayment(r.RedeemedOn)) > program.AttentionDays {
			break // and every later one, redeemed later
		}
		o.Windows = append(o.Windows, r)
	}
	o.More = moreExpiring || moreOpen && len(o.Windows) == len(open)
	o.NextSteps = registrationStep(awaits, nextSteps(pt, locs, o.Counts, o.Today))
	o.Terms = termsOf(enrollments, renewals, o.Today)
	o.ToDos = toDos.list(o.Policy, actor.Role, o.Today)
	return o, nil
}

// nextSteps are the partner's next steps, most pressing first (English
// messages, translated by the page).
func nextSteps(pt program.Partner, locs []store.LocationInfo, counts map[program.State]int, today program.Date) []string {
	var steps []string
	if !pt.AgreementSigned {
		steps = append(steps, "Sign the program agreement.")
	}
	active := false
	for _, e := range pt.Enrollments {
		if _, ok := pt.EnrolledIn(e.Offering, today); ok {
			active = true
		}
	}
	if !active {
		steps = append(steps, "Request enrollment in an offering.")
	}
	if len(locs) == 0 {
		steps = append(steps, "Add your locations.")
	}
	registered := false
	for _, l := range locs {
		registered = registered || l.Payee != ""
	}
	if !registered {
		steps = append(steps, "Register for payment.")
	}
	if counts[program.Reported] > 0 {
		steps = append(steps, "Redeem your reported vouchers.")
	}
	if counts[program.Redeemed] > 0 {
		steps = append(steps, "Request payment for your redeemed vouchers.")
	}
	return steps
}

// PartnerSettings is what the partner's set-up pages show.
type PartnerSettings struct {
	Policy       program.Policy
	Today        program.Date
	Partner      program.Partner
	Agreement    *store.Agreement
	Enrollments  []store.EnrollmentRequest
	Offerings    []store.Offering
	Locations    []store.LocationInfo
	Members      []store.Member
	Invitations  []program.Invitation // open, for the partner global admin
	Exams        []store.Exam
	PassedExams  []store.PassedExam
	Types        []program.EngagementType
	Profile      *store.Profile
	Eligibility  []TypeEligibility
	Competencies map[int64]string
	Terms        []EnrollmentTerm // the offering enrollments, when each ends
}

// TypeEligibility is the checklist for one engagement type.
type TypeEligibility struct {
	Type         program.EngagementType
	Requirements []program.Requirement
	Eligible     bool
	Missing      *program.Requirement // the first requirement not met (nil when all are)
}

func eligibilityOf(t program.EngagementType, pt program.Partner, today program.Date) TypeEligibility {
	reqs := program.Eligibility(t, pt, today, "")
	return TypeEligibility{Type: t, Requirements: reqs, Eligible: program.Eligible(t, pt, today), Missing: program.FirstMissing(reqs)}
}

// Deliverable is the engagement types the partner may deliver today.
func (s PartnerSettings) Deliverable() []TypeEligibility {
	var out []TypeEligibility
	for _, te := range s.Eligibility {
		if te.Eligible {
			out = append(out, te)
		}
	}
	return out
}

// Blocked is the engagement types still offered that the partner may not
// deliver today, each with what is missing first (Missing).
func (s PartnerSettings) Blocked() []TypeEligibility {
	var out []TypeEligibility
	for _, te := range s.Eligibility {
		if !te.Eligible && !te.Type.Retired && te.Missing != nil {
			out = append(out, te)
		}
	}
	return out
}

// PartnerSettings reads everything of the partner's set-up.
func (a *App) PartnerSettings(ctx context.Context, actor Actor) (PartnerSettings, error) {
	var s PartnerSettings
	err := a.read(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		s.Policy, s.Today = p, p.Today(tx.Now)
		var err error
		if s.Partner, err = tx.Partner(ctx, actor.OrgID); err != nil {
			return err
		}
		if ag, err := tx.Agreement(ctx, actor.OrgID); err == nil {
			s.Agreement = &ag
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if s.Enrollments, err = tx.PartnerEnrollments(ctx, actor.OrgID, ""); err != nil {
			return err
		}
		if s.Offerings, err = tx.Offerings(ctx); err != nil {
			return err
		}
		if s.Locations, err = tx.Locations(ctx, actor.OrgID); err != nil {
			return err
		}
		if s.Members, err = tx.Members(ctx, actor.OrgID, ""); err != nil {
			return err
		}
		if program.Can(actor.Role, program.ActManagePartner) {
			if s.Invitations, err = tx.OpenInvitations(ctx, actor.OrgID); err != nil {
				return err
			}
		}
		if s.Exams, err = tx.Exams(ctx); err != nil {
			return err
		}
		if s.PassedExams, err = tx.PassedExams(ctx, actor.OrgID, 0); err != nil {
			return err
		}
		if s.Types, err = tx.EngagementTypes(ctx); err != nil {
			return err
		}
		for _, t := range s.Types {
			s.Eligibility = append(s.Eligibility, eligibilityOf(t, s.Partner, s.Today))
		}
		if s.Terms, err = enrollmentTerms(ctx, tx, actor.OrgID, s.Today); err != nil {
			return err
		}
		if prof, err := tx.Profile(ctx, actor.OrgID); err == nil {
			s.Profile = &prof
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return nil
	})
	return s, err
}

// PartnerPayments is the partner's payments page.
type PartnerPayments struct {
	Policy   program.Policy
	Today    program.Date
	Requests []store.PaymentRow
	More     bool // more requests follow (a paged read)
	Count    int  // requests the filter keeps (Capped: more than store.CountCap)
	Capped   bool
	// Awaiting are the redeemed vouchers with no request yet and their
	// window open, the soonest to close first: at most DeadlineList of
	// them (MoreAwaiting: more follow, in the list of redeemed vouchers).
	Awaiting     []store.VoucherRow
	MoreAwaiting bool
}

// PartnerPayments reads the partner's payment requests (f's page; unpaged,
// f.Limit of them, when f.Limit is 0 or paged is false) and what awaits one.
func (a *App) PartnerPayments(ctx context.Context, actor Actor, f store.PaymentFilter, paged bool) (PartnerPayments, error) {
	var out PartnerPayments
	f.PartnerOrgID = actor.OrgID
	if !paged {
		f.Limit = 100
	}
	err := a.readAll(ctx, actor.scope(), func(q *store.Reads, p program.Policy, now time.Time) {
		out.Policy, out.Today = p, p.Today(now)
		q.Payments(f, paged, &out.Requests, &out.More)
		if paged {
			q.CountPayments(f, &out.Count, &out.Capped)
		}
		q.Vouchers(store.VoucherFilter{PartnerOrgID: actor.OrgID, WindowOpen: true, Order: store.OrderRedeemed, Limit: DeadlineList},
			&out.Awaiting, &out.MoreAwaiting)
	})
	return out, err
}
