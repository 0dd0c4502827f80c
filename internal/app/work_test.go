package app_test

import (
	"context"
	"sync"
	"testing"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// The demo plays each of DOMAIN.md §9's partner steps: a reservation
// cancelled with its reason, and one rescheduled.
func TestDemoCancelledWithAReasonAndRescheduled(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	assigned, reserved := e.demo.Vouchers["contoso-assigned"], e.demo.Vouchers["contoso-reserved"]
	if n := e.count(t, `SELECT count(*) FROM reservations WHERE voucher_id = $1 AND cancel_reason = 'other' AND cancel_note <> ''`, assigned.ID); n != 1 {
		t.Errorf("cancelled reservations with a reason: %d", n)
	}
	if n := e.count(t, `SELECT count(*) FROM reservation_changes WHERE voucher_id = $1 AND from_start = '2021-03-08' AND to_start = '2021-03-15'`, reserved.ID); n != 1 {
		t.Errorf("plan changes: %d", n)
	}
	if n := e.count(t, `SELECT count(*) FROM audit_events WHERE voucher_id = $1 AND action = 'voucher.rescheduled'
		AND details->>'from_start' = '2021-03-08' AND details->>'to_start' = '2021-03-15'`, reserved.ID); n != 1 {
		t.Errorf("reschedule audit events: %d", n)
	}
	// The customer and the partner both read the reason and the history.
	for _, who := range []string{"benefits@contoso.example", "partner@fabrikam.example"} {
		d, err := e.a.VoucherDetail(context.Background(), e.demo.Actor(who), reserved.ID)
		if err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		if len(d.Reservations) != 1 || len(d.Reservations[0].Changes) != 1 || d.Reservations[0].Changes[0].FromStart != program.D(2021, 3, 8) {
			t.Errorf("%s reads the plan history as %+v", who, d.Reservations)
		}
	}
	d, err := e.a.VoucherDetail(context.Background(), e.demo.Actor("benefits@contoso.example"), assigned.ID)
	if err != nil || len(d.Reservations) != 1 || d.Reservations[0].CancelReason != program.CancelOther {
		t.Errorf("customer reads the cancellation as %+v, %v", d.Reservations, err)
	}
}

func TestRescheduleKeepsTheExpiryAndEmails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	partner := e.demo.Actor("partner@fabrikam.example")
	v := e.demo.Vouchers["contoso-reserved"] // Windows, 3 days, reserved from 2021-03-15
	consultant := e.demo.Users["consultant@fabrikam.example"]
	before := e.count(t, "SELECT count(*) FROM reservation_changes")
	// Beyond the validity: refused, nothing changed.
	last := v.LastValidDay()
	_, err := e.a.RescheduleVoucher(ctx, partner, v.ID, program.Schedule{StartOn: last.AddDays(-1), Consultants: []int64{consultant}})
	if !program.IsCode(err, program.CodeOutsideValidity) || e.count(t, "SELECT count(*) FROM reservation_changes") != before {
		t.Fatalf("start two days before the last valid day: %v", err)
	}
	got, err := e.a.RescheduleVoucher(ctx, partner, v.ID, program.Schedule{StartOn: last.AddDays(-2), Consultants: []int64{consultant}})
	if err != nil {
		t.Fatal(err)
	}
	if got.ExpiresOn != v.ExpiresOn || got.ReservedStart != last.AddDays(-2) {
		t.Errorf("after rescheduling: %+v", got)
	}
	if n := e.count(t, "SELECT count(*) FROM reservations WHERE voucher_id = $1 AND cancelled_at IS NULL AND start_on = $2 AND end_on = $3",
		v.ID, last.AddDays(-2).Time(), last.Time()); n != 1 {
		t.Errorf("live reservation not moved: %d", n)
	}
	if n := e.count(t, "SELECT count(*) FROM outbox WHERE voucher_id = $1 AND to_email = 'pm@contoso.example' AND subject LIKE '%new planned dates'", v.ID); n != 2 {
		t.Errorf("project manager emails of new dates: %d, want the demo's and this one", n)
	}
	// Another partner cannot touch it.
	_, err = e.a.RescheduleVoucher(ctx, e.demo.Actor("partner@northwind.example"), v.ID, program.Schedule{StartOn: program.D(2021, 3, 20)})
	if !program.IsCode(err, program.CodeNotFound) {
		t.Errorf("Northwind rescheduling: %v", err)
	}
}

// Of two partner admins rescheduling and cancelling at once, each step
// sees the other's result: never a change recorded on a cancelled
// reservation.
func TestRescheduleRacingCancel(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	partner := e.demo.Actor("partner@fabrikam.example")
	v := e.demo.Vouchers["contoso-reserved"]
	var wg sync.WaitGroup
	var rerr, cerr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		_, rerr = e.a.RescheduleVoucher(ctx, partner, v.ID, program.Schedule{StartOn: program.D(2021, 3, 22)})
	}()
	go func() {
		defer wg.Done()
		_, cerr = e.a.CancelReservation(ctx, partner, v.ID, program.Cancellation{Reason: program.CancelWillNotTakePlace})
	}()
	wg.Wait()
	if cerr != nil {
		t.Fatalf("cancel: %v", cerr)
	}
	if rerr != nil && !program.IsCode(rerr, program.CodeNotFound) && !program.IsCode(rerr, program.CodeWrongState) {
		t.Errorf("reschedule: %v", rerr)
	}
	// The clock is read when each transaction begins, before it waits for
	// the voucher, so the order shows in what each step saw, not in times:
	// a reschedule that won moved the reservation the cancel then ended; one
	// that lost recorded nothing.
	before := e.count(t, "SELECT count(*) FROM reservation_changes WHERE voucher_id = $1 AND to_start = $2", v.ID, program.D(2021, 3, 22).Time())
	moved := e.count(t, "SELECT count(*) FROM reservations WHERE voucher_id = $1 AND cancelled_at IS NOT NULL AND start_on = $2", v.ID, program.D(2021, 3, 22).Time())
	live := e.count(t, "SELECT count(*) FROM reservations WHERE voucher_id = $1 AND cancelled_at IS NULL", v.ID)
	if live != 0 {
		t.Errorf("%d live reservations after the cancellation", live)
	}
	if rerr == nil && (before != 1 || moved != 1) {
		t.Errorf("reschedule won: %d changes to the new date, %d cancelled reservations on it", before, moved)
	}
	if rerr != nil && (before != 0 || moved != 0) {
		t.Errorf("reschedule lost (%v): %d changes to the new date, %d cancelled reservations on it", rerr, before, moved)
	}
}

func TestReportOfOnlyPilotsChangesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	partner := e.demo.Actor("partner@fabrikam.example")
	v := e.demo.Vouchers["contoso-reserved"]
	e.clk.Set(program.D(2021, 3, 20).In(e.clk.Now().Location()))
	consultant := e.demo.Users["consultant@fabrikam.example"]
	rep := program.Report{DeliveredStart: program.D(2021, 3, 15), DeliveredEnd: program.D(2021, 3, 17), Consultants: []int64{consultant}, Summary: "Pilot run"}
	pilot := store.File{Name: "pilot.txt", ContentType: "text/plain", Content: []byte("pilot"), Kind: program.ProofOfConcept}
	_, err := e.a.CompleteVoucher(ctx, partner, v.ID, rep, []store.File{pilot})
	if !program.IsCode(err, program.CodeOnlyProofOfConcept) || e.count(t, "SELECT count(*) FROM completion_reports WHERE voucher_id = $1", v.ID) != 0 {
		t.Fatalf("a report of a pilot only: %v", err)
	}
	plan := store.File{Name: "plan.txt", ContentType: "text/plain", Content: []byte("plan"), Kind: program.MigrationPlan}
	if _, err := e.a.CompleteVoucher(ctx, partner, v.ID, rep, []store.File{pilot, plan}); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, `SELECT count(*) FROM deliverables d JOIN completion_reports r ON r.id = d.report_id
		WHERE r.voucher_id = $1 AND d.kind IN ('proof_of_concept', 'migration_plan')`, v.ID); n != 2 {
		t.Errorf("typed deliverables stored: %d", n)
	}
}
