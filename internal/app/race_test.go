package app_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// A void decided at 23:59:59 on the last day and the removal sweep at
// 00:00 race: whichever commits first, the enrollment ends with 0 days and
// the voucher's days are never added back after the removal.
func TestVoidRacingTheRemovalLeavesNoDays(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	p, err := e.a.Policy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	contoso := e.demo.Actor("benefits@contoso.example")
	lastDay := p.StartOf(p.RemovalOn).Add(-time.Second / 2)
	removalDay := p.StartOf(p.RemovalOn).Add(time.Second / 2)
	voided, refused := 0, 0
	for i := range 25 {
		// A fresh enrollment with one assigned voucher, made in June.
		var enrollment int64
		err := e.s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
			if err := tx.QueryRow(ctx, `INSERT INTO sa_enrollments (org_id, agreement_number, country, sa_end_date, activated_at)
				VALUES ($1, $2, 'US', '2023-01-01', now()) RETURNING id`, contoso.OrgID, fmt.Sprintf("SA-RACE-%02d", i)).Scan(&enrollment); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO ledger_entries (org_id, enrollment_id, kind, days, effective_on)
				VALUES ($1, $2, 'accrual', 10, '2021-01-15')`, contoso.OrgID, enrollment)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		june := app.New(e.s, program.NewSimulatedClock(p.StartOf(program.D(2021, 6, 1)).Add(9*time.Hour)), nil)
		v, err := june.CreateVoucher(ctx, contoso, app.CreateVoucherInput{EnrollmentID: enrollment, EngagementTypeID: e.sharePointID(t),
			Days: 3, ProjectManagerEmail: "pm@contoso.example"})
		if err != nil {
			t.Fatal(err)
		}
		voider := app.New(e.s, program.NewSimulatedClock(lastDay), nil)
		sweeper := app.New(e.s, program.NewSimulatedClock(removalDay), nil)
		var wg sync.WaitGroup
		var voidErr, sweepErr error
		start := make(chan struct{})
		wg.Go(func() { <-start; _, voidErr = voider.VoidVoucher(ctx, contoso, v.ID) })
		wg.Go(func() { <-start; _, sweepErr = sweeper.CatchUp(ctx) })
		close(start)
		wg.Wait()
		if sweepErr != nil {
			t.Fatalf("round %d: sweep: %v", i, sweepErr)
		}
		switch {
		case voidErr == nil:
			voided++
		case program.IsCode(voidErr, program.CodeCreationClosed) || program.IsCode(voidErr, program.CodeWrongState):
			refused++
		default:
			t.Fatalf("round %d: void: %v", i, voidErr)
		}
		if b := e.count(t, "SELECT balance FROM sa_enrollments WHERE id = $1", enrollment); b != 0 {
			t.Fatalf("round %d: balance %d after the removal (void: %v)", i, b, voidErr)
		}
		if n := e.count(t, "SELECT count(*) FROM ledger_entries WHERE enrollment_id = $1 AND kind = 'retirement_removal'", enrollment); n != 1 {
			t.Fatalf("round %d: %d removals", i, n)
		}
		if sum := e.count(t, "SELECT sum(days) FROM ledger_entries WHERE enrollment_id = $1", enrollment); sum != 0 {
			t.Fatalf("round %d: the ledger sums to %d", i, sum)
		}
	}
	t.Logf("%d voids won the race, %d were refused", voided, refused)
}

// Nothing moves days once the removal is recorded, whatever writes them.
func TestNoEntryMovesDaysAfterTheRemoval(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.clk.Set(time.Date(2021, 7, 1, 9, 0, 0, 0, time.UTC))
	if _, err := e.a.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	c1 := e.demo.Enrollments["SA-CONTOSO-US-01"]
	err := e.s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO ledger_entries (org_id, enrollment_id, kind, days, effective_on)
			SELECT org_id, id, 'accrual', 5, '2021-01-15' FROM sa_enrollments WHERE id = $1`, c1)
		return err
	})
	if err == nil {
		t.Error("an accrual was written after the removal")
	}
	if b := e.balance(t, "SA-CONTOSO-US-01"); b != 0 {
		t.Errorf("balance %d", b)
	}
}
