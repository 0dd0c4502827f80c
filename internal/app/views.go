package app

import (
	"context"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// Reads: each returns what one page shows, read in one transaction in the
// actor's scope, with the domain deciding every number of days.

// EnrollmentSummary is an enrollment with its days in live vouchers.
type EnrollmentSummary struct {
	program.Enrollment
	LiveDays int
	AtRisk   int // unused days the removal will take
	Removed  int // days the removal took (once it has happened)
}

// CustomerOverview is the customer home page.
type CustomerOverview struct {
	WhatIf      WhatIfView // "What happens on …", when asked
	Policy      program.Policy
	Today       program.Date
	Countdown   program.Countdown
	Enrollments []EnrollmentSummary
	Expiring    []store.VoucherRow // unredeemed, ending within the attention window, soonest first
	More        bool               // more than DeadlineList end within the window
	Mine        []store.VoucherRow // the project manager's own vouchers
	ToDos       ToDoList
	Counts      map[program.State]int // the organisation's vouchers by state (benefit administrators)
}

// DeadlineList is how many deadlines a page lists at a glance, soonest
// first: a home's, and the payments page's vouchers awaiting a request.
// Each links to the list of the rest. Every row more is read and rendered
// at every visit (issue 11: the partner home listed up to a hundred, the
// payments page fifty awaiting vouchers beside its requests).
const DeadlineList = 20

// CustomerOverview reads the customer home page.
func (a *App) CustomerOverview(ctx context.Context, actor Actor) (CustomerOverview, error) {
	var o CustomerOverview
	var es []program.Enrollment
	var attention []store.VoucherRow
	var toDos *toDoReads
	live, removed := map[int64]int{}, map[int64]int{}
	// Every read at once, in one round trip (issue 11).
	err := a.readAll(ctx, actor.scope(), func(q *store.Reads, p program.Policy, now time.Time) {
		o.Policy, o.Today = p, p.Today(now)
		o.Countdown = p.CustomerCountdown(o.Today)
		q.Enrollments(actor.OrgID, &es)
		q.LiveDays(actor.OrgID, live)
		q.RemovedDays(actor.OrgID, removed)
		toDos = customerToDos(q, o.Today, actor)
		if actor.Role != program.ProjectManager {
			q.CustomerStateCounts(actor.OrgID, &o.Counts)
		}
		// Only vouchers ending within the attention window can be expiring
		// soon; the domain decides which are.
		f := store.VoucherFilter{CustomerOrgID: actor.OrgID, States: []program.State{program.Assigned, program.Reserved, program.Reported},
			ExpiresAfter: o.Today, ExpiresBefore: o.Today.AddDays(program.AttentionDays + 1), Limit: DeadlineList}
		if actor.Role == program.ProjectManager {
			f.ProjectManager = actor.Email
			var more bool
			q.Vouchers(store.VoucherFilter{CustomerOrgID: actor.OrgID, ProjectManager: actor.Email, Limit: 200}, &o.Mine, &more)
		}
		q.Vouchers(f, &attention, &o.More)
	})
	if err != nil {
		return o, err
	}
	for _, e := range es {
		o.Enrollments = append(o.Enrollments, EnrollmentSummary{Enrollment: e, LiveDays: live[e.ID], AtRisk: e.DaysAtRisk(o.Policy, o.Today), Removed: removed[e.ID]})
	}
	toDos.facts.Enrollments = es
	o.ToDos = toDos.list(o.Policy, actor.Role, o.Today)
	for _, r := range attention {
		if r.ExpiringSoon(o.Today) {
			o.Expiring = append(o.Expiring, r)
		}
	}
	return o, nil
}

// EnrollmentLedger is one enrollment's ledger.
type EnrollmentLedger struct {
	Enrollment program.Enrollment
	Lines      []store.LedgerLine
	Earlier    bool // older entries than Lines exist
}

// DaysPageLines is how many of each ledger's newest entries the days page
// shows unless every entry is asked for.
const DaysPageLines = 100

// CustomerDays is the days page.
type CustomerDays struct {
	Policy      program.Policy
	Today       program.Date
	Enrollments []EnrollmentLedger
}

// CustomerDays reads every ledger of the actor's organisation: each one's
// newest DaysPageLines entries, or all of them.
func (a *App) CustomerDays(ctx context.Context, actor Actor, all bool) (CustomerDays, error) {
	var d CustomerDays
	err := a.read(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		d.Policy, d.Today = p, p.Today(tx.Now)
		es, err := tx.Enrollments(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		for _, e := range es {
			el := EnrollmentLedger{Enrollment: e}
			if all {
				el.Lines, err = tx.Ledger(ctx, e.ID)
			} else {
				el.Lines, el.Earlier, err = tx.LatestLedger(ctx, e.ID, DaysPageLines)
			}
			if err != nil {
				return err
			}
			d.Enrollments = append(d.Enrollments, el)
		}
		return nil
	})
	return d, err
}

// VoucherPage is a page of a voucher list.
type VoucherPage struct {
	Policy program.Policy
	Today  program.Date
	Rows   []store.VoucherRow
	More   bool
	// Count is how many vouchers the filters keep (at most store.CountCap;
	// Capped: more than that).
	Count  int
	Capped bool
	// Sort is the order the rows are in (one of store.Sort*).
	Sort string
}

// Vouchers lists the vouchers the actor may see, filtered: a customer's own,
// a project manager's assigned ones, a partner's reserved ones, or (for the
// program) any.
func (a *App) Vouchers(ctx context.Context, actor Actor, f store.VoucherFilter) (VoucherPage, error) {
	var page VoucherPage
	switch actor.OrgKind {
	case program.KindCustomer:
		f.CustomerOrgID, f.PartnerOrgID = actor.OrgID, 0
		if actor.Role == program.ProjectManager {
			f.ProjectManager = actor.Email
		}
	case program.KindPartner:
		f.PartnerOrgID, f.CustomerOrgID = actor.OrgID, 0
	case program.KindProgram:
	default:
		return page, program.NotFound("voucher")
	}
	err := a.readAll(ctx, a.readScope(actor), func(q *store.Reads, p program.Policy, now time.Time) {
		queueVoucherPage(q, p, now, f, &page)
	})
	return page, err
}

// queueVoucherPage queues the reads of a voucher list's page (its rows and
// its count) into q, to fill page.
func queueVoucherPage(q *store.Reads, p program.Policy, now time.Time, f store.VoucherFilter, page *VoucherPage) {
	*page = VoucherPage{Policy: p, Today: p.Today(now), Sort: store.SortOf(f)}
	q.Vouchers(f, &page.Rows, &page.More)
	q.CountVouchers(f, &page.Count, &page.Capped)
}

// CustomerVouchers reads a customer's voucher list and the create form's
// choices beside it, in one transaction.
func (a *App) CustomerVouchers(ctx context.Context, actor Actor, f store.VoucherFilter) (VoucherPage, VoucherOptions, error) {
	var page VoucherPage
	var opts VoucherOptions
	if actor.OrgKind != program.KindCustomer {
		return page, opts, program.NotFound("voucher")
	}
	f.CustomerOrgID, f.PartnerOrgID = actor.OrgID, 0
	if actor.Role == program.ProjectManager {
		f.ProjectManager = actor.Email
	}
	err := a.readAll(ctx, actor.scope(), func(q *store.Reads, p program.Policy, now time.Time) {
		queueVoucherPage(q, p, now, f, &page)
		queueVoucherOptions(q, p, now, actor, &opts)
	})
	return page, opts, err
}

// VoucherDetail is everything a voucher's page shows.
type VoucherDetail struct {
	Policy       program.Policy
	Today        program.Date
	Voucher      store.VoucherRow
	Timeline     []store.AuditEvent
	Reservations []store.ReservationInfo
	Report       *store.ReportInfo
	Payment      *store.PaymentInfo
}

// mayRead reports whether actor may see voucher v: its customer (a project
// manager only their own), the partner holding it (a consultant only the
// engagements they are named on), or the program.
func mayRead(actor Actor, v program.Voucher, namedConsultant bool) bool {
	switch actor.OrgKind {
	case program.KindCustomer:
		return v.CustomerOrgID == actor.OrgID && (actor.Role != program.ProjectManager || v.ProjectManagerEmail == actor.Email)
	case program.KindPartner:
		return v.PartnerOrgID == actor.OrgID && (actor.Role != program.Consultant || namedConsultant)
	case program.KindProgram:
		return true
	}
	return false
}

func (a *App) readScope(actor Actor) store.Scope {
	if actor.OrgKind == program.KindProgram {
		return actor.programScope()
	}
	return actor.scope()
}

// VoucherDetail reads one voucher the actor may see; any other is "not found".
func (a *App) VoucherDetail(ctx context.Context, actor Actor, id int64) (VoucherDetail, error) {
	var d VoucherDetail
	var rows []store.VoucherRow
	var more, named bool
	var statement program.Statement
	// Every read at once, in one round trip (issue 11): all are of this
	// voucher as the scope sees it; nothing is shown unless the actor may
	// read the voucher.
	err := a.readAll(ctx, a.readScope(actor), func(q *store.Reads, p program.Policy, now time.Time) {
		d.Policy, d.Today = p, p.Today(now)
		q.Vouchers(store.VoucherFilter{ID: id, Limit: 1}, &rows, &more)
		if actor.OrgKind == program.KindPartner && actor.Role == program.Consultant {
			q.NamedConsultant(id, actor.UserID, &named)
		}
		q.Statement(id, &statement)
		q.VoucherTimeline(id, &d.Timeline)
		q.Reservations(id, &d.Reservations)
		q.Report(id, &d.Report)
		// A consultant sees the engagement, not the money.
		if program.Can(actor.Role, program.ActRequestPayment) || actor.OrgKind != program.KindPartner {
			q.Payment(id, &d.Payment)
		}
	})
	if err != nil {
		return VoucherDetail{}, err
	}
	if len(rows) == 0 || !mayRead(actor, rows[0].Voucher, named) {
		return VoucherDetail{}, program.NotFound("voucher")
	}
	d.Voucher = rows[0]
	d.Voucher.Statement = statement
	return d, nil
}

// Deliverable returns a deliverable file of a voucher the actor may see.
func (a *App) Deliverable(ctx context.Context, actor Actor, id int64) (store.File, error) {
	var f store.File
	err := a.read(ctx, a.readScope(actor), func(tx *store.Tx, p program.Policy) error {
		file, voucherID, err := tx.Deliverable(ctx, id)
		if err != nil {
			return found(err, "file")
		}
		v, err := tx.Voucher(ctx, voucherID)
		if err != nil {
			return found(err, "file")
		}
		named := false
		if actor.OrgKind == program.KindPartner && actor.Role == program.Consultant {
			if named, err = tx.NamedConsultant(ctx, v.ID, actor.UserID); err != nil {
				return err
			}
		}
		if !mayRead(actor, v, named) {
			return program.NotFound("file")
		}
		f = file
		return nil
	})
	return f, err
}

// VoucherOptions is what the create form offers.
type VoucherOptions struct {
	Policy          program.Policy
	Today           program.Date
	Enrollments     []program.Enrollment
	Types           []program.EngagementType
	ProjectManagers []store.Member
	// HeldFifteen counts, per engagement type, the 15-day vouchers the
	// organisation holds: a second one needs a statement (DOMAIN.md §9).
	HeldFifteen map[int64]int
}

// VoucherOptions reads the create form's choices.
func (a *App) VoucherOptions(ctx context.Context, actor Actor) (VoucherOptions, error) {
	var o VoucherOptions
	err := a.read(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		var err error
		o, err = voucherOptionsIn(ctx, tx, p, actor)
		return err
	})
	return o, err
}

func voucherOptionsIn(ctx context.Context, tx *store.Tx, p program.Policy, actor Actor) (VoucherOptions, error) {
	var q store.Reads
	var o VoucherOptions
	queueVoucherOptions(&q, p, tx.Now, actor, &o)
	return o, tx.Send(ctx, &q)
}

// queueVoucherOptions queues the reads of the create form's choices into q,
// to fill o.
func queueVoucherOptions(q *store.Reads, p program.Policy, now time.Time, actor Actor, o *VoucherOptions) {
	*o = VoucherOptions{Policy: p, Today: p.Today(now), HeldFifteen: map[int64]int{}}
	q.Enrollments(actor.OrgID, &o.Enrollments)
	q.EngagementTypes(&o.Types)
	q.Members(actor.OrgID, program.ProjectManager, &o.ProjectManagers)
	q.HeldFifteenByType(actor.OrgID, o.HeldFifteen)
}

// Directory is the partner directory with its search choices.
type Directory struct {
	Profiles  []store.Profile
	Offerings []store.Offering
	Types     []program.EngagementType
}

// PartnerDirectory searches published partner profiles.
func (a *App) PartnerDirectory(ctx context.Context, actor Actor, f store.DirectoryFilter) (Directory, error) {
	var d Directory
	err := a.read(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		var err error
		if d.Profiles, err = tx.Directory(ctx, f); err != nil {
			return err
		}
		if d.Offerings, err = tx.Offerings(ctx); err != nil {
			return err
		}
		d.Types, err = tx.EngagementTypes(ctx)
		return err
	})
	return d, err
}

// PublishedProfile reads one published profile (or the actor's own).
func (a *App) PublishedProfile(ctx context.Context, actor Actor, orgID int64) (store.Profile, []program.EngagementType, error) {
	var prof store.Profile
	var types []program.EngagementType
	err := a.read(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		var err error
		if prof, err = tx.Profile(ctx, orgID); err != nil {
			return found(err, "partner")
		}
		if !prof.Published && orgID != actor.OrgID {
			return program.NotFound("partner")
		}
		types, err = tx.EngagementTypes(ctx)
		return err
	})
	return prof, types, err
}

// exportPage is how many vouchers an export reads per keyset page.
const exportPage = 200

// EachVoucher calls fn for every voucher the actor may see under filter f
// (as Vouchers scopes it), in the list's order, reading page by page along
// its keyset in one read transaction: an export of any size holds one page.
func (a *App) EachVoucher(ctx context.Context, actor Actor, f store.VoucherFilter, fn func(program.Policy, store.VoucherRow) error) error {
	switch actor.OrgKind {
	case program.KindCustomer:
		f.CustomerOrgID, f.PartnerOrgID = actor.OrgID, 0
		if actor.Role == program.ProjectManager {
			f.ProjectManager = actor.Email
		}
	case program.KindPartner:
		if actor.Role == program.Consultant {
			return program.NotFound("page")
		}
		f.PartnerOrgID, f.CustomerOrgID = actor.OrgID, 0
	case program.KindProgram:
	default:
		return program.NotFound("voucher")
	}
	f.Limit, f.Order = exportPage, ""
	return a.read(ctx, a.readScope(actor), func(tx *store.Tx, p program.Policy) error {
		for {
			rows, more, err := tx.ListVouchers(ctx, f)
			if err != nil {
				return err
			}
			for _, r := range rows {
				if err := fn(p, r); err != nil {
					return err
				}
			}
			if !more || len(rows) == 0 {
				return nil
			}
			f.SetAfter(rows[len(rows)-1])
		}
	})
}
