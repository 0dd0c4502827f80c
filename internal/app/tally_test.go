package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// tallyDiff lists the tallies (migrations/000020) that differ from their
// recomputation from the tables of record, either way.
func (e *env) tallyDiff(t *testing.T) []string {
	t.Helper()
	var diff []string
	err := e.s.Transact(context.Background(), store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		rows, err := tx.Query(context.Background(), `
			WITH kept AS (SELECT scope, key_id, item, n, amount FROM tallies WHERE n <> 0 OR amount <> 0),
			again AS (SELECT scope, key_id, item, n, amount FROM tallies_recomputed)
			(SELECT 'kept ' || row(kept.*)::text FROM kept EXCEPT SELECT 'kept ' || row(again.*)::text FROM again)
			UNION ALL
			(SELECT 'recomputed ' || row(again.*)::text FROM again EXCEPT SELECT 'recomputed ' || row(kept.*)::text FROM kept)`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			diff = append(diff, s)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return diff
}

// TestTalliesEqualTheirRecomputationAfterEveryStep plays every kind of step
// that moves a voucher, a ledger or a payment, and after each one checks the
// maintained tallies (home pages' counts and sums) against a recomputation
// from every voucher, entry and request.
func TestTalliesEqualTheirRecomputationAfterEveryStep(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	ben := e.demo.Actor("benefits@contoso.example")
	partner := e.demo.Actor("partner@fabrikam.example")
	admin := e.demo.Actor("admin@program.example")
	consultant := e.demo.Users["consultant@fabrikam.example"]
	c1, c2 := e.demo.Enrollments["SA-CONTOSO-US-01"], e.demo.Enrollments["SA-CONTOSO-US-02"]
	check := func(step string) {
		t.Helper()
		if d := e.tallyDiff(t); len(d) > 0 {
			t.Fatalf("after %s, tallies differ from their recomputation:\n%v", step, d)
		}
	}
	must := func(step string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		check(step)
	}
	check("the demo's history")
	// Keep the counts honest too: a mistake in a trigger could keep both
	// sides equal only if it also broke the view.
	if n := e.count(t, `SELECT n FROM tallies WHERE scope = 'program' AND item = 'ASSIGNED'`); n != e.count(t, `SELECT count(*) FROM vouchers WHERE state = 'ASSIGNED'`) || n == 0 {
		t.Fatalf("program ASSIGNED tally = %d", n)
	}

	must("activate", e.a.ActivateBenefit(ctx, ben, c1))
	create := func(enrollment int64, days int) program.Voucher {
		t.Helper()
		v, err := e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: enrollment, EngagementTypeID: e.sharePointID(t), Days: days, ProjectManagerEmail: "pm@contoso.example"})
		must("create", err)
		return v
	}
	voided := create(c1, 3)
	_, err := e.a.ReassignVoucher(ctx, ben, voided.ID, "other.pm@contoso.example")
	must("reassign", err)
	_, err = e.a.VoidVoucher(ctx, ben, voided.ID)
	must("void", err)

	v := create(c2, 3)
	reserve := func() {
		t.Helper()
		_, err := e.a.ReserveVoucher(ctx, partner, app.ReserveInput{Code: string(v.Code), Email: "pm@contoso.example",
			LocationID: e.demo.Locations["Fabrikam Seattle"], StartOn: program.D(2021, 3, 2), Consultants: []int64{consultant}, TermsAccepted: true})
		must("reserve", err)
	}
	reserve()
	_, err = e.a.CancelReservation(ctx, partner, v.ID, program.Cancellation{Reason: program.CancelWillNotTakePlace})
	must("cancel reservation", err)
	reserve()
	e.clk.Set(program.D(2021, 3, 5).In(time.UTC))
	_, err = e.a.CompleteVoucher(ctx, partner, v.ID, program.Report{DeliveredStart: program.D(2021, 3, 2), DeliveredEnd: program.D(2021, 3, 4),
		Consultants: []int64{consultant}, Summary: "Delivered"}, []store.File{{Name: "plan.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4"), Kind: program.DeploymentPlan}})
	must("complete", err)
	_, err = e.a.RedeemVoucher(ctx, partner, v.ID)
	must("redeem", err)
	_, err = e.a.RequestPayment(ctx, partner, v.ID)
	must("request payment", err)
	_, err = e.a.DenyPayment(ctx, admin, v.ID, "No deliverable of the right kind.")
	must("deny payment", err)

	// Expiries before the removal return days, the removal takes the rest,
	// later expiries are forfeited, and payment windows close.
	e.clk.Set(program.D(2021, 9, 1).In(time.UTC))
	r, err := e.a.CatchUp(ctx)
	must("catch-up", err)
	if r.Expired == 0 || r.Enrollments == 0 || r.DaysForfeited == 0 {
		t.Fatalf("the catch-up did not exercise every sweep: %+v", r)
	}
	if n := e.count(t, `SELECT n FROM tallies WHERE scope = 'program' AND item = 'enrollments_with_days'`); n != 0 {
		t.Errorf("enrollments with days after the removal = %d", n)
	}
}

// The days page's newest entries carry the same running balances as the
// whole ledger's last lines.
func TestLatestLedgerLinesMatchTheWholeLedger(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	err := e.s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		id := e.demo.Enrollments["SA-CONTOSO-US-02"]
		all, err := tx.Ledger(ctx, id)
		if err != nil {
			return err
		}
		if len(all) < 4 {
			t.Fatalf("the demo ledger has %d lines", len(all))
		}
		latest, earlier, err := tx.LatestLedger(ctx, id, 3)
		if err != nil {
			return err
		}
		if !earlier {
			t.Error("no earlier entries reported")
		}
		if diff := cmp.Diff(all[len(all)-3:], latest); diff != "" {
			t.Errorf("latest lines (-whole ledger's last +latest):\n%s", diff)
		}
		latest, earlier, err = tx.LatestLedger(ctx, id, len(all))
		if err == nil && (earlier || len(latest) != len(all)) {
			t.Errorf("all %d lines: got %d, earlier %v", len(all), len(latest), earlier)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
