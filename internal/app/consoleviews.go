package app

import (
	"context"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// adminRead runs a global admin's read in the program scope.
func (a *App) adminRead(ctx context.Context, actor Actor, fn func(tx *store.Tx, p program.Policy) error) error {
	if err := program.Authorize(actor.Role, program.ActManageProgram); err != nil {
		return err
	}
	return a.read(ctx, actor.programScope(), fn)
}

// adminReadAll is readAll in the program's scope, for global admins only.
func (a *App) adminReadAll(ctx context.Context, actor Actor, queue func(q *store.Reads, p program.Policy, now time.Time)) error {
	if err := program.Authorize(actor.Role, program.ActManageProgram); err != nil {
		return err
	}
	return a.readAll(ctx, actor.programScope(), queue)
}

// adminReport is adminRead on the read replica, where there is one: for the
// audit log and exports, which may lag the latest write a little.
func (a *App) adminReport(ctx context.Context, actor Actor, fn func(tx *store.Tx, p program.Policy) error) error {
	if err := program.Authorize(actor.Role, program.ActManageProgram); err != nil {
		return err
	}
	return a.readIn(ctx, a.Store.TransactRead, actor.programScope(), fn)
}

// AdminOverview is the program at a glance.
type AdminOverview struct {
	Policy    program.Policy
	Today     program.Date
	Stats     store.Stats
	Simulated bool
	ToDos     ToDoList
	Months    []DaysMonth // the last 12 months, oldest first
}

// DaysMonth is one month of the admin home's days by month.
type DaysMonth struct {
	Month             program.Date // its first day
	Created, Redeemed int          // days put into vouchers, days redeemed
}

// daysByMonth are the 12 months up to today's, oldest first, from the
// program's tallies.
func daysByMonth(s store.Stats, today program.Date) []DaysMonth {
	var out []DaysMonth
	for i := 11; i >= 0; i-- {
		m := program.D(today.Year, today.Month-time.Month(i), 1)
		out = append(out, DaysMonth{Month: m, Created: s.CreatedByMonth[m], Redeemed: s.RedeemedByMonth[m]})
	}
	return out
}

// AdminOverview reads the admin home page.
func (a *App) AdminOverview(ctx context.Context, actor Actor) (AdminOverview, error) {
	var o AdminOverview
	_, o.Simulated = a.Clock.(*program.SimulatedClock)
	err := a.adminRead(ctx, actor, func(tx *store.Tx, p program.Policy) error {
		o.Policy, o.Today = p, p.Today(tx.Now)
		var err error
		if o.Stats, err = tx.Stats(ctx); err != nil {
			return err
		}
		o.Months = daysByMonth(o.Stats, o.Today)
		o.ToDos, err = adminToDos(ctx, tx, p, o.Today, actor)
		return err
	})
	return o, err
}

// Organisations searches organisations.
func (a *App) Organisations(ctx context.Context, actor Actor, f store.OrgFilter) ([]store.Org, bool, error) {
	var list []store.Org
	var more bool
	err := a.adminRead(ctx, actor, func(tx *store.Tx, p program.Policy) error {
		var err error
		list, more, err = tx.Orgs(ctx, f)
		return err
	})
	return list, more, err
}

// OrgPage is a page of the organisation list and how many match.
type OrgPage struct {
	Rows   []store.Org
	More   bool
	Count  int // organisations the filter keeps (Capped: more than store.CountCap)
	Capped bool
}

// OrganisationPage reads one page of organisations and how many match.
func (a *App) OrganisationPage(ctx context.Context, actor Actor, f store.OrgFilter) (OrgPage, error) {
	var page OrgPage
	err := a.adminReadAll(ctx, actor, func(q *store.Reads, p program.Policy, now time.Time) {
		q.Orgs(f, &page.Rows, &page.More)
		q.CountOrgs(f, &page.Count, &page.Capped)
	})
	return page, err
}

// OrgDetail is an organisation's admin page.
type OrgDetail struct {
	Policy       program.Policy
	Today        program.Date
	Org          store.Org
	Members      []store.Member
	Invitations  []program.Invitation
	Enrollments  []EnrollmentLedger
	Competencies []store.HeldCompetencyRow
	Catalog      []store.Competency
	Requests     []store.EnrollmentRequest
	Locations    []store.LocationInfo
}

// OrgDetail reads one organisation with its people, SA enrollments and
// ledgers (customers) or competencies and enrollments (partners).
func (a *App) OrgDetail(ctx context.Context, actor Actor, orgID int64) (OrgDetail, error) {
	var d OrgDetail
	err := a.adminRead(ctx, actor, func(tx *store.Tx, p program.Policy) error {
		d.Policy, d.Today = p, p.Today(tx.Now)
		var err error
		if d.Org, err = tx.Org(ctx, orgID); err != nil {
			return found(err, "organisation")
		}
		if d.Members, err = tx.Members(ctx, orgID, ""); err != nil {
			return err
		}
		if d.Invitations, err = tx.OpenInvitations(ctx, orgID); err != nil {
			return err
		}
		switch d.Org.Kind {
		case program.KindCustomer:
			es, err := tx.Enrollments(ctx, orgID)
			if err != nil {
				return err
			}
			for _, e := range es {
				lines, err := tx.Ledger(ctx, e.ID)
				if err != nil {
					return err
				}
				d.Enrollments = append(d.Enrollments, EnrollmentLedger{Enrollment: e, Lines: lines})
			}
		case program.KindPartner:
			if d.Competencies, err = tx.PartnerCompetencies(ctx, orgID); err != nil {
				return err
			}
			if d.Catalog, err = tx.Competencies(ctx); err != nil {
				return err
			}
			if d.Requests, err = tx.PartnerEnrollments(ctx, orgID, ""); err != nil {
				return err
			}
			if d.Locations, err = tx.Locations(ctx, orgID); err != nil {
				return err
			}
		}
		return nil
	})
	return d, err
}

// EnrollmentQueueItem is a pending request with the partner's eligibility
// for the offering's engagement types beside it.
type EnrollmentQueueItem struct {
	Request  store.EnrollmentRequest
	Types    []TypeEligibility
	Eligible int // types the partner could deliver if enrolled
}

// EnrollmentQueue is the admin's enrollments page.
type EnrollmentQueue struct {
	Today   program.Date
	Pending []EnrollmentQueueItem
	Decided []store.EnrollmentRequest
	// Renewals waits for a decision: each approval runs its enrollment one
	// more year from its current end (DOMAIN.md §9).
	Renewals []store.Renewal
}

// EnrollmentQueue reads pending requests and decided enrollments.
func (a *App) EnrollmentQueue(ctx context.Context, actor Actor) (EnrollmentQueue, error) {
	var q EnrollmentQueue
	err := a.adminRead(ctx, actor, func(tx *store.Tx, p program.Policy) error {
		q.Today = p.Today(tx.Now)
		all, err := tx.PartnerEnrollments(ctx, 0, "")
		if err != nil {
			return err
		}
		if q.Renewals, err = tx.PendingRenewals(ctx); err != nil {
			return err
		}
		types, err := tx.EngagementTypes(ctx)
		if err != nil {
			return err
		}
		for _, r := range all {
			if r.Status != "requested" {
				q.Decided = append(q.Decided, r)
				continue
			}
			pt, err := tx.Partner(ctx, r.OrgID)
			if err != nil {
				return err
			}
			// As if the enrollment were approved: what else would be missing?
			pt.Enrollments = append(pt.Enrollments, program.PartnerEnrollment{Offering: r.Offering, ValidFrom: q.Today, ValidTo: q.Today})
			item := EnrollmentQueueItem{Request: r}
			for _, t := range types {
				if t.Offering != r.Offering {
					continue
				}
				te := eligibilityOf(t, pt, q.Today)
				if te.Eligible {
					item.Eligible++
				}
				item.Types = append(item.Types, te)
			}
			q.Pending = append(q.Pending, item)
		}
		return nil
	})
	return q, err
}

// Catalog is the admin's catalog page.
type Catalog struct {
	Offerings    []store.Offering
	Types        []program.EngagementType
	Competencies []store.Competency
	Exams        []store.Exam
	Rates        []program.Rate
}

// Catalog reads every catalog.
func (a *App) Catalog(ctx context.Context, actor Actor) (Catalog, error) {
	var c Catalog
	err := a.adminRead(ctx, actor, func(tx *store.Tx, p program.Policy) error {
		var err error
		if c.Offerings, err = tx.Offerings(ctx); err != nil {
			return err
		}
		if c.Types, err = tx.EngagementTypes(ctx); err != nil {
			return err
		}
		if c.Competencies, err = tx.Competencies(ctx); err != nil {
			return err
		}
		if c.Exams, err = tx.Exams(ctx); err != nil {
			return err
		}
		c.Rates, err = tx.Rates(ctx)
		return err
	})
	return c, err
}

// PaymentQueue lists payment requests of a state (requested: the queue).
func (a *App) PaymentQueue(ctx context.Context, actor Actor, state string, beforeID int64) ([]store.PaymentRow, error) {
	var rows []store.PaymentRow
	err := a.adminRead(ctx, actor, func(tx *store.Tx, p program.Policy) error {
		var err error
		rows, err = tx.PaymentRequests(ctx, 0, state, beforeID, 100)
		return err
	})
	return rows, err
}

// PaymentPage is a page of the program's payment requests.
type PaymentPage struct {
	Policy program.Policy
	Today  program.Date
	Rows   []store.PaymentRow
	More   bool
	Count  int // requests the filter keeps (Capped: more than store.CountCap)
	Capped bool
}

// Payments reads one page of the program's payment requests and how many
// the filter keeps.
func (a *App) Payments(ctx context.Context, actor Actor, f store.PaymentFilter) (PaymentPage, error) {
	var page PaymentPage
	err := a.adminReadAll(ctx, actor, func(q *store.Reads, p program.Policy, now time.Time) {
		page.Policy, page.Today = p, p.Today(now)
		q.Payments(f, true, &page.Rows, &page.More)
		q.CountPayments(f, &page.Count, &page.Capped)
	})
	return page, err
}

// EachPaidBetween streams the paid requests decided between two
// program-local days (inclusive; a zero day is open) to fn, newest first.
func (a *App) EachPaidBetween(ctx context.Context, actor Actor, from, to program.Date, fn func(store.PaymentRow) error) error {
	return a.adminReport(ctx, actor, func(tx *store.Tx, p program.Policy) error {
		var lo, hi time.Time
		if !from.IsZero() {
			lo = p.StartOf(from)
		}
		if !to.IsZero() {
			hi = p.StartOf(to.AddDays(1))
		}
		return tx.EachPaid(ctx, lo, hi, fn)
	})
}

// AuditPage is a page of the audit log.
type AuditPage struct {
	Policy program.Policy
	Events []store.AuditEvent
	More   bool
	// Orgs is how many organisations the name filter matched (their
	// events are listed); OrgsMore, that more matched than AuditOrgLimit.
	Orgs     int
	OrgsMore bool
}

// AuditOrgLimit bounds the organisations a name filter of the audit log
// matches: their events are listed, and the page asks for more of the name.
const AuditOrgLimit = 100

// auditOrgs resolves f's organisation name to the ids of the organisations
// it matches; none reports that none does (and so no event).
func auditOrgs(ctx context.Context, tx *store.Tx, f *store.AuditFilter) (n int, more, none bool, err error) {
	if f.OrgName == "" {
		return 0, false, false, nil
	}
	ids, more, err := tx.MatchOrganisations(ctx, f.OrgName, AuditOrgLimit)
	if err != nil {
		return 0, false, false, err
	}
	f.OrgIDs = ids
	return len(ids), more, len(ids) == 0, nil
}

// Audit reads a page of the audit log.
func (a *App) Audit(ctx context.Context, actor Actor, f store.AuditFilter) (AuditPage, error) {
	var page AuditPage
	err := a.adminReport(ctx, actor, func(tx *store.Tx, p program.Policy) error {
		page.Policy = p
		f.Loc = p.Location
		n, more, none, err := auditOrgs(ctx, tx, &f)
		if err != nil || none {
			return err
		}
		page.Orgs, page.OrgsMore = n, more
		page.Events, page.More, err = tx.AuditEvents(ctx, f)
		return err
	})
	return page, err
}

// EachAudit streams every audit event matching f to fn.
func (a *App) EachAudit(ctx context.Context, actor Actor, f store.AuditFilter, fn func(program.Policy, store.AuditEvent) error) error {
	return a.adminReport(ctx, actor, func(tx *store.Tx, p program.Policy) error {
		f.Loc = p.Location
		if _, _, none, err := auditOrgs(ctx, tx, &f); err != nil || none {
			return err
		}
		return tx.EachAuditEvent(ctx, f, func(e store.AuditEvent) error { return fn(p, e) })
	})
}

// Outbox lists the emails written, newest first.
func (a *App) Outbox(ctx context.Context, actor Actor, beforeID int64) ([]store.OutboxMessage, error) {
	var msgs []store.OutboxMessage
	err := a.adminRead(ctx, actor, func(tx *store.Tx, p program.Policy) error {
		var err error
		msgs, err = tx.Outbox(ctx, beforeID, 50)
		return err
	})
	return msgs, err
}
