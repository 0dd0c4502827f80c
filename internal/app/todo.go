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
// kind's candidates, in the order of its deadline, at most ToDoLimit.
type toDoReads struct {
	facts program.ToDoFacts
	more  map[program.ToDoKind]bool
}

func (r *toDoReads) vouchers(ctx context.Context, tx *store.Tx, kind program.ToDoKind, f store.VoucherFilter) error {
	f.Limit = ToDoLimit
	rows, more, err := tx.ListVouchers(ctx, f)
	if err != nil {
		return err
	}
	if more {
		if r.more == nil {
			r.more = map[program.ToDoKind]bool{}
		}
		r.more[kind] = true
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
	return nil
}

func (r *toDoReads) list(p program.Policy, role program.Role, today program.Date) ToDoList {
	return ToDoList{Items: p.ToDos(role, today, r.facts), More: r.more}
}

// customerToDos are a benefit administrator's or a project manager's
// (their own vouchers only).
func customerToDos(ctx context.Context, tx *store.Tx, p program.Policy, today program.Date, actor Actor, es []program.Enrollment) (ToDoList, error) {
	r := toDoReads{facts: program.ToDoFacts{Enrollments: es}}
	f := store.VoucherFilter{CustomerOrgID: actor.OrgID, State: program.Assigned, ExpiresAfter: today}
	if actor.Role == program.ProjectManager {
		f.ProjectManager = actor.Email
	}
	if err := r.vouchers(ctx, tx, program.ToDoUnreserved, f); err != nil {
		return ToDoList{}, err
	}
	return r.list(p, actor.Role, today), nil
}

// partnerToDos are a partner admin's: engagements to report, vouchers to
// redeem, payments to request.
func partnerToDos(ctx context.Context, tx *store.Tx, p program.Policy, today program.Date, actor Actor) (ToDoList, error) {
	var r toDoReads
	if !program.Can(actor.Role, program.ActRedeemVoucher) {
		return ToDoList{}, nil
	}
	reads := []struct {
		kind program.ToDoKind
		f    store.VoucherFilter
	}{
		{program.ToDoReport, store.VoucherFilter{PartnerOrgID: actor.OrgID, State: program.Reserved, ExpiresAfter: today, EngagementEndedBy: today}},
		{program.ToDoRedeem, store.VoucherFilter{PartnerOrgID: actor.OrgID, State: program.Reported, ExpiresAfter: today}},
		{program.ToDoRequestPayment, store.VoucherFilter{PartnerOrgID: actor.OrgID, WindowOpen: true, Order: store.OrderRedeemed}},
	}
	for _, x := range reads {
		if err := r.vouchers(ctx, tx, x.kind, x.f); err != nil {
			return ToDoList{}, err
		}
	}
	return r.list(p, actor.Role, today), nil
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
