package app_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

func term(t *testing.T, e *env, actor app.Actor, offering string) app.EnrollmentTerm {
	t.Helper()
	terms, _, err := e.a.EnrollmentTerms(context.Background(), actor)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range terms {
		if x.Enrollment.Offering == offering {
			return x
		}
	}
	t.Fatalf("no enrollment in %s", offering)
	return app.EnrollmentTerm{}
}

// DOMAIN.md §9, yearly renewal: asked in the last 90 days, approved by a
// global admin, one more year from the current end; the partner is emailed.
func TestEnrollmentRenewal(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	global := e.demo.Actor("globaladmin@fabrikam.example")
	admin := e.demo.Actor("admin@program.example")
	day := func(d program.Date) { e.clk.Set(d.In(time.UTC).Add(9 * time.Hour)) }

	// SDPS runs until 2021-05-31: renewable from 2021-03-03.
	sdps := term(t, e, global, "SDPS")
	if sdps.Enrollment.ValidTo != program.D(2021, 5, 31) || sdps.CanRenew || sdps.RenewableFrom != program.D(2021, 3, 3) {
		t.Fatalf("SDPS term on the demo date: %+v", sdps)
	}
	day(program.D(2021, 3, 2))
	if err := e.a.RequestRenewal(ctx, global, sdps.ID); !program.IsCode(err, program.CodeWrongState) {
		t.Fatalf("the day before the window: %v", err)
	} else if r, _ := program.AsRefusal(err); r.Date != program.D(2021, 3, 3) {
		t.Errorf("refusal names %v, want the day it becomes possible", r.Date)
	}
	if err := e.a.RequestRenewal(ctx, e.demo.Actor("partner@fabrikam.example"), sdps.ID); !program.IsCode(err, program.CodeNotAllowed) {
		t.Errorf("a partner admin asking: %v", err)
	}
	if err := e.a.RequestRenewal(ctx, e.demo.Actor("partner@northwind.example"), sdps.ID); err == nil {
		t.Error("Northwind renewed Fabrikam's enrollment")
	}
	day(program.D(2021, 3, 3))
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = e.a.RequestRenewal(ctx, global, sdps.ID) }()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("two requests at once: %v, %v", errs[0], errs[1])
	}
	if n := e.count(t, "SELECT count(*) FROM enrollment_renewals WHERE enrollment_id = $1 AND status = 'requested'", sdps.ID); n != 1 {
		t.Fatalf("waiting renewals = %d", n)
	}
	if term(t, e, global, "SDPS").Pending == nil {
		t.Error("the pending renewal is not on the partner's term")
	}

	// The demo's SSDPS renewal (ends 2021-03-31) is approved late, on 10
	// April: it runs from its end, to 2022-03-31, not from the approval.
	day(program.D(2021, 4, 10))
	if got := term(t, e, global, "SSDPS"); !got.Ended {
		t.Errorf("SSDPS on 10 April is not ended: %+v", got)
	}
	ssdps := e.count(t, "SELECT r.id FROM enrollment_renewals r JOIN partner_enrollments pe ON pe.id = r.enrollment_id WHERE pe.offering_code = 'SSDPS' AND r.status = 'requested'")
	if err := e.a.DecideRenewal(ctx, admin, int64(ssdps), true, ""); err != nil {
		t.Fatal(err)
	}
	if err := e.a.DecideRenewal(ctx, admin, int64(ssdps), false, "again"); !program.IsCode(err, program.CodeWrongState) {
		t.Errorf("deciding twice: %v", err)
	}
	if got := term(t, e, global, "SSDPS"); got.Ended || got.Enrollment.ValidTo != program.D(2022, 3, 31) || got.Last == nil || got.Last.After != program.D(2022, 3, 31) {
		t.Errorf("SSDPS after approval: %+v", got)
	}
	if n := e.count(t, "SELECT count(*) FROM outbox WHERE to_email = 'globaladmin@fabrikam.example' AND subject LIKE '%SSDPS is renewed until 31 March 2022%'"); n != 1 {
		t.Errorf("approval emails = %d", n)
	}
	if n := e.count(t, "SELECT count(*) FROM audit_events WHERE action = 'enrollment.renewal_approved' AND details->>'valid_to_after' = '2022-03-31' AND details->>'valid_to_before' = '2021-03-31'"); n != 1 {
		t.Errorf("approval audit events = %d", n)
	}

	// Rejecting needs a reason, and says it to the partner.
	if err := e.a.DecideRenewal(ctx, admin, int64(e.count(t, "SELECT id FROM enrollment_renewals WHERE enrollment_id = $1", sdps.ID)), false, " "); !program.IsCode(err, program.CodeInvalid) {
		t.Errorf("reject without a reason: %v", err)
	}
	if err := e.a.DecideRenewal(ctx, admin, int64(e.count(t, "SELECT id FROM enrollment_renewals WHERE enrollment_id = $1", sdps.ID)), false, "Competency lapsed"); err != nil {
		t.Fatal(err)
	}
	if got := term(t, e, global, "SDPS"); got.Enrollment.ValidTo != program.D(2021, 5, 31) || got.Pending != nil || !got.CanRenew {
		t.Errorf("SDPS after rejection: %+v", got)
	}
	if n := e.count(t, "SELECT count(*) FROM outbox WHERE to_email = 'globaladmin@fabrikam.example' AND subject LIKE '%SDPS is not renewed%' AND body LIKE '%Competency lapsed%'"); n != 1 {
		t.Errorf("rejection emails = %d", n)
	}

	// Another partner sees none of Fabrikam's renewals (row-level security).
	nw := e.demo.Actor("partner@northwind.example")
	if err := e.s.Transact(ctx, store.Scope{OrgID: nw.OrgID, UserID: nw.UserID}, time.Now(), func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM enrollment_renewals").Scan(&n); err != nil || n != 0 {
			t.Errorf("Northwind sees %d renewals (%v)", n, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// Past its end an enrollment no longer counts: a new enrollment request
	// is possible, a renewal is not.
	day(program.D(2021, 6, 1))
	if err := e.a.RequestRenewal(ctx, global, sdps.ID); !program.IsCode(err, program.CodeWrongState) {
		t.Errorf("renewal after the end: %v", err)
	}
	if err := e.a.RequestEnrollment(ctx, global, "SDPS"); err != nil {
		t.Errorf("new enrollment after the end: %v", err)
	}
}
