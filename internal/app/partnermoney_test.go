package app_test

import (
	"context"
	"testing"
	"time"

	"sapsportal/internal/program"
)

// The partner home's money by month counts a payment in the month it was
// made in the program's time zone: a new time zone moves it across a month
// end, and the tallies that keep the chart follow (migrations/000160).
func TestPaidMonthFollowsTheProgramTimeZone(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	partner := e.demo.Actor("partner@fabrikam.example")
	paidIn := func() (requested, paid map[program.Date]int64) {
		t.Helper()
		o, err := e.a.PartnerOverview(ctx, partner)
		if err != nil {
			t.Fatal(err)
		}
		requested, paid = map[program.Date]int64{}, map[program.Date]int64{}
		for _, m := range o.Months {
			if m.Requested.Minor != 0 {
				requested[m.Month] += m.Requested.Minor
			}
			if m.Paid.Minor != 0 {
				paid[m.Month] += m.Paid.Minor
			}
		}
		return requested, paid
	}
	// The demo's payment was made on 1 November 2020 at 10:00 UTC and
	// requested on 20 October.
	nov, oct := program.D(2020, 11, 1), program.D(2020, 10, 1)
	requested, paid := paidIn()
	if paid[nov] == 0 || paid[oct] != 0 || requested[oct] == 0 {
		t.Fatalf("in UTC: requested %v, paid %v; want the payment requested in October and paid in November", requested, paid)
	}
	amount := paid[nov]

	p, err := e.a.Policy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Location, err = time.LoadLocation("Pacific/Pago_Pago"); err != nil { // UTC−11: 31 October, 23:00
		t.Fatal(err)
	}
	if err := e.a.SavePolicy(ctx, e.demo.Actor("admin@program.example"), p); err != nil {
		t.Fatal(err)
	}
	requestedAfter, paid := paidIn()
	if paid[oct] != amount || paid[nov] != 0 {
		t.Errorf("in Pago Pago: paid %v; want %d paid in October", paid, amount)
	}
	if requestedAfter[oct] != requested[oct] {
		t.Errorf("the requested months moved with the time zone: %v, want %v", requestedAfter, requested)
	}
	if d := e.tallyDiff(t); len(d) > 0 {
		t.Errorf("after the new time zone, tallies differ from their recomputation:\n%v", d)
	}
}

