package app

import (
	"context"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// ToDoLimit is how many items of each kind a home page reads for its
// to-dos; the filtered lists have the rest (ToDoList.More says which).
const ToDoLimit = 20

// ToDoList is a home page's to-dos, soonest deadline first, as the domain
// decides them from bounded reads.
type ToDoList struct {
	Items []program.ToDo
	// More names the kinds whose read hit ToDoLimit: more of them wait in
	// the filtered list.
	More map[program.ToDoKind]bool
}

// Nothing reports whether there is truly nothing to do.
func (l ToDoList) Nothing() bool { return len(l.Items) == 0 && len(l.More) == 0 }

// toDoReads gathers the facts of one person's to-dos: each list read is one
// kind's candidates, in the order of its deadline, at most ToDoLimit. The
// reads are queued (queue) with the page's others and taken once sent (list).
type toDoReads struct {
	facts   program.ToDoFacts
	more    map[program.ToDoKind]bool
	pending []*toDoRead
}

// toDoRead is one queued list read and what it returned.
type toDoRead struct {
	kind program.ToDoKind
	rows *[]store.VoucherRow
	more *bool
}

func (r *toDoReads) queue(q *store.Reads, kind program.ToDoKind, f store.VoucherFilter) {
	f.Limit = ToDoLimit
	x := &toDoRead{kind: kind, rows: new([]store.VoucherRow), more: new(bool)}
	r.pending = append(r.pending, x)
	q.Vouchers(f, x.rows, x.more)
}

// share takes one kind's candidates from a read the page makes anyway, in
// the order of their deadline (rows and more are filled once it is sent).
func (r *toDoReads) share(kind program.ToDoKind, rows *[]store.VoucherRow, more *bool) {
	r.pending = append(r.pending, &toDoRead{kind: kind, rows: rows, more: more})
}

// list is the to-dos, once the queued reads were sent.
func (r *toDoReads) list(p program.Policy, role program.Role, today program.Date) ToDoList {
	for _, x := range r.pending {
		rows, more := *x.rows, *x.more
		if len(rows) > ToDoLimit {
			rows, more = rows[:ToDoLimit], true
		}
		if more {
			if r.more == nil {
				r.more = map[program.ToDoKind]bool{}
			}
			r.more[x.kind] = true
		}
		for _, row := range rows {
			r.facts.Vouchers = append(r.facts.Vouchers, row.Voucher)
			if !row.PlannedEnd.IsZero() {
				if r.facts.EngagementEnds == nil {
					r.facts.EngagementEnds = map[int64]program.Date{}
				}
				r.facts.EngagementEnds[row.ID] = row.PlannedEnd
			}
		}
	}
	r.pending = nil
	return ToDoList{Items: p.ToDos(role, today, r.facts), More: r.more}
}

// customerToDos queues a benefit administrator's or a project manager's
// to-do reads into q (their own vouchers only); the enrollments are the
// caller's to add to the facts.
func customerToDos(q *store.Reads, today program.Date, actor Actor) *toDoReads {
	var r toDoReads
	f := store.VoucherFilter{CustomerOrgID: actor.OrgID, State: program.Assigned, ExpiresAfter: today}
	if actor.Role == program.ProjectManager {
		f.ProjectManager = actor.Email
	}
	r.queue(q, program.ToDoUnreserved, f)
	return &r
}

// partnerToDos queues a partner admin's to-do reads into q: engagements to
// report, vouchers to redeem, payments to request (none for a consultant).
// The payments to request are the first of open, the read of the vouchers
// whose payment window is open, earliest redeemed first (the home page's
// own).
func partnerToDos(q *store.Reads, today program.Date, actor Actor, open *[]store.VoucherRow, moreOpen *bool) *toDoReads {
	var r toDoReads
	if !program.Can(actor.Role, program.ActRedeemVoucher) {
		return &r
	}
	r.queue(q, program.ToDoReport, store.VoucherFilter{PartnerOrgID: actor.OrgID, State: program.Reserved, ExpiresAfter: today, EngagementEndedBy: today})
	r.queue(q, program.ToDoRedeem, store.VoucherFilter{PartnerOrgID: actor.OrgID, State: program.Reported, ExpiresAfter: today})
	r.share(program.ToDoRequestPayment, open, moreOpen)
	return &r
}

// adminToDos are the program's queues: payment requests oldest first and
// partners' enrollment requests.
func adminToDos(ctx context.Context, tx *store.Tx, p program.Policy, today program.Date, actor Actor) (ToDoList, error) {
	var r toDoReads
	pays, err := tx.OldestPaymentRequests(ctx, ToDoLimit+1)
	if err != nil {
		return ToDoList{}, err
	}
	if len(pays) > ToDoLimit {
		pays = pays[:ToDoLimit]
		r.more = map[program.ToDoKind]bool{program.ToDoDecidePayment: true}
	}
	for _, pr := range pays {
		r.facts.Payments = append(r.facts.Payments, program.AwaitingPayment{
			Voucher:     program.Voucher{ID: pr.VoucherID, Code: pr.Code, Days: pr.Days, State: program.PaymentRequested},
			RequestedOn: pr.RequestedOn})
	}
	if r.facts.EnrollmentRequests, r.facts.OldestRequest, err = tx.EnrollmentRequestsWaiting(ctx, p.Location); err != nil {
		return ToDoList{}, err
	}
	return r.list(p, actor.Role, today), nil
}
