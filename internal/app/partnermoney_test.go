package app_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
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

// The partner home reads the vouchers whose payment window is open once,
// earliest redeemed first: those closing within 30 days are its deadlines,
// and every one is a payment to request.
func TestPartnerHomeWindowsAndPaymentsToRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	ben := e.demo.Actor("benefits@contoso.example")
	partner := e.demo.Actor("partner@fabrikam.example")
	consultant := e.demo.Users["consultant@fabrikam.example"]
	v, err := e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: e.demo.Enrollments["SA-CONTOSO-US-02"],
		EngagementTypeID: e.sharePointID(t), Days: 3, ProjectManagerEmail: "pm@contoso.example"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.ReserveVoucher(ctx, partner, app.ReserveInput{Code: string(v.Code), Email: "pm@contoso.example",
		LocationID: e.demo.Locations["Fabrikam Seattle"], StartOn: program.D(2021, 3, 2), Consultants: []int64{consultant}, TermsAccepted: true}); err != nil {
		t.Fatal(err)
	}
	// The engagement (2 to 4 March) has ended: a report to write, known
	// from the list's live reservation, its start and planned end.
	e.clk.Set(program.D(2021, 3, 5).In(time.UTC))
	o, err := e.a.PartnerOverview(ctx, partner)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(o.ToDos.Items, func(d program.ToDo) bool { return d.Kind == program.ToDoReport && d.Voucher.ID == v.ID }) {
		t.Errorf("after its engagement, no report to write for %s: %+v", v.Code, o.ToDos.Items)
	}
	if _, err := e.a.CompleteVoucher(ctx, partner, v.ID, program.Report{DeliveredStart: program.D(2021, 3, 2), DeliveredEnd: program.D(2021, 3, 4),
		Consultants: []int64{consultant}, Summary: "Delivered"}, []store.File{{Name: "plan.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4"), Kind: program.DeploymentPlan}}); err != nil {
		t.Fatal(err)
	}
	if v, err = e.a.RedeemVoucher(ctx, partner, v.ID); err != nil {
		t.Fatal(err)
	}
	p, err := e.a.Policy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	last := p.LastDayToRequestPayment(v.RedeemedOn)
	home := func(on program.Date) (windows, toRequest bool) {
		t.Helper()
		e.clk.Set(on.In(time.UTC))
		o, err := e.a.PartnerOverview(ctx, partner)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range o.Windows {
			windows = windows || r.ID == v.ID
		}
		for _, d := range o.ToDos.Items {
			toRequest = toRequest || d.Kind == program.ToDoRequestPayment && d.Voucher.ID == v.ID && d.Date == last
		}
		return windows, toRequest
	}
	if w, r := home(last.AddDays(-program.AttentionDays - 1)); w || !r {
		t.Errorf("%d days before its window closes: among the deadlines %v, a payment to request %v; want false, true", program.AttentionDays+1, w, r)
	}
	if w, r := home(last.AddDays(-program.AttentionDays)); !w || !r {
		t.Errorf("%d days before its window closes: among the deadlines %v, a payment to request %v; want true, true", program.AttentionDays, w, r)
	}
}

// The payments pages count their requests from the tallies (a partner's
// by month, the program's by state): the counts are the requests there are.
func TestPaymentCountsAreTheRequests(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	partner := e.demo.Actor("partner@fabrikam.example")
	mine, err := e.a.PartnerPayments(ctx, partner, store.PaymentFilter{}, true)
	if err != nil {
		t.Fatal(err)
	}
	want := e.count(t, `SELECT count(*) FROM payment_requests WHERE partner_org_id = $1`, partner.OrgID)
	if want == 0 || mine.Count != want || mine.Capped {
		t.Errorf("the partner's payments page counts %d requests (capped %v), want %d (and more than none)", mine.Count, mine.Capped, want)
	}
	admin := e.demo.Actor("admin@program.example")
	for _, state := range []string{"", "requested", "paid", "denied"} {
		page, err := e.a.Payments(ctx, admin, store.PaymentFilter{State: state})
		if err != nil {
			t.Fatal(err)
		}
		want := e.count(t, `SELECT count(*) FROM payment_requests WHERE $1 = '' OR state = $1`, state)
		if page.Count != want || page.Capped {
			t.Errorf("the program's payments in state %q: counted %d (capped %v), want %d", state, page.Count, page.Capped, want)
		}
	}
}
