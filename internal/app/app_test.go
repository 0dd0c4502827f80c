package app_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/seed"
	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// env is a seeded demo database with an app whose clock reads the demo date.
type env struct {
	s    *store.Store
	a    *app.App
	clk  *program.SimulatedClock
	demo *seed.Demo
}

func newEnv(t *testing.T) *env {
	t.Helper()
	s := storetest.NewStore(t)
	demo, err := seed.Run(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	clk := program.NewSimulatedClock(seed.Date.In(time.UTC).Add(9 * time.Hour))
	return &env{s: s, a: app.New(s, clk, nil), clk: clk, demo: demo}
}

// count runs a COUNT query across every tenant.
func (e *env) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	err := e.s.Transact(context.Background(), store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		return tx.QueryRow(context.Background(), sql, args...).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *env) balance(t *testing.T, agreement string) int {
	return e.count(t, "SELECT balance FROM sa_enrollments WHERE agreement_number = $1", agreement)
}

func (e *env) sharePointID(t *testing.T) int64 {
	return int64(e.count(t, "SELECT id FROM engagement_types WHERE name = 'SharePoint Deployment Planning'"))
}

func TestSeedMatchesTheDemo(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for agreement, want := range map[string]int{"SA-CONTOSO-US-01": 40, "SA-CONTOSO-US-02": 18, "SA-TAILSPIN-FR-01": 20, "SA-TAILSPIN-FR-02": 0} {
		if got := e.balance(t, agreement); got != want {
			t.Errorf("%s balance = %d, want %d", agreement, got, want)
		}
		// The balance column is the ledger's sum.
		if sum := e.count(t, `SELECT coalesce(sum(l.days), 0) FROM ledger_entries l JOIN sa_enrollments s ON s.id = l.enrollment_id
			WHERE s.agreement_number = $1`, agreement); sum != want {
			t.Errorf("%s ledger sum = %d, want %d", agreement, sum, want)
		}
	}
	want := map[string]program.State{"contoso-expired": program.Expired, "contoso-paid": program.Paid,
		"contoso-payment-requested": program.PaymentRequested, "contoso-reserved": program.Reserved,
		"contoso-assigned": program.Assigned, "tailspin-voided": program.Voided, "tailspin-expired": program.Expired,
		"tailspin-assigned": program.Assigned, "tailspin-lapsed": program.Expired}
	for name, state := range want {
		got := e.count(t, "SELECT count(*) FROM vouchers WHERE id = $1 AND state = $2", e.demo.Vouchers[name].ID, string(state))
		if got != 1 {
			t.Errorf("voucher %s is not %s", name, state)
		}
	}
	// DOMAIN.md §9: tailspin-lapsed expired on 2020-12-02, after its
	// enrollment's SA ended (2020-11-30): its 3 days were forfeited.
	if n := e.count(t, `SELECT count(*) FROM ledger_entries WHERE voucher_id = $1 AND kind = 'voucher_expired' AND days = 0
		AND note LIKE 'Forfeited: the voucher expired after 30 November 2020, the last day of Software Assurance%'`,
		e.demo.Vouchers["tailspin-lapsed"].ID); n != 1 {
		t.Errorf("the lapsed enrollment's voucher has %d forfeit entries, want 1", n)
	}
	if n := e.count(t, "SELECT count(*) FROM outbox WHERE to_email = 'pm@contoso.example' AND subject LIKE '%assigned to you'"); n != 5 {
		t.Errorf("assignment emails to pm@contoso = %d, want 5", n)
	}
}

func TestCreateVoucherWritesLedgerAuditAndEmail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	ben := e.demo.Actor("benefits@contoso.example")
	c1 := e.demo.Enrollments["SA-CONTOSO-US-01"]

	_, err := e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: c1, EngagementTypeID: e.sharePointID(t), Days: 3, ProjectManagerEmail: "pm@contoso.example"})
	if !program.IsCode(err, program.CodeBenefitNotActive) {
		t.Fatalf("before activation: %v", err)
	}
	if err := e.a.ActivateBenefit(ctx, ben, c1); err != nil {
		t.Fatal(err)
	}
	v, err := e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: c1, EngagementTypeID: e.sharePointID(t), Days: 3, ProjectManagerEmail: "PM@contoso.example"})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.balance(t, "SA-CONTOSO-US-01"); got != 37 {
		t.Errorf("balance = %d, want 37", got)
	}
	if v.ExpiresOn != program.D(2021, 8, 28) {
		t.Errorf("expires %v, want 2021-08-28 (1 March + 180 days)", v.ExpiresOn)
	}
	if n := e.count(t, "SELECT count(*) FROM audit_events WHERE voucher_id = $1 AND action = 'voucher.created' AND actor = 'benefits@contoso.example'", v.ID); n != 1 {
		t.Errorf("audit events = %d", n)
	}
	if n := e.count(t, "SELECT count(*) FROM outbox WHERE voucher_id = $1 AND to_email = 'pm@contoso.example' AND body LIKE '%'||$2||'%'", v.ID, v.Code.Display()); n != 1 {
		t.Errorf("assignment email with the voucher ID: %d", n)
	}
	// A new project manager gets the voucher's email with its ID, and an
	// invitation to follow their vouchers in the portal: invited, not yet
	// a member.
	v2, err := e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: c1, EngagementTypeID: e.sharePointID(t), Days: 1, ProjectManagerEmail: "new.pm@contoso.example"})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, "SELECT count(*) FROM outbox WHERE voucher_id = $1 AND to_email = 'new.pm@contoso.example' AND body LIKE '%'||$2||'%'", v2.ID, v2.Code.Display()); n != 1 {
		t.Errorf("new project manager's voucher email with the ID: %d", n)
	}
	if n := e.count(t, `SELECT count(*) FROM invitations WHERE email = 'new.pm@contoso.example' AND org_id = $1
		AND role = 'project_manager' AND accepted_at IS NULL`, ben.OrgID); n != 1 {
		t.Errorf("invitations of the new project manager = %d", n)
	}
	if n := e.count(t, `SELECT count(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'new.pm@contoso.example'`); n != 0 {
		t.Errorf("memberships before accepting = %d", n)
	}
}

func TestRefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	ben := e.demo.Actor("benefits@contoso.example")
	pm := e.demo.Actor("pm@contoso.example")
	c2 := e.demo.Enrollments["SA-CONTOSO-US-02"]
	snapshot := func() [4]int {
		return [4]int{e.count(t, "SELECT count(*) FROM vouchers"), e.count(t, "SELECT count(*) FROM ledger_entries"),
			e.count(t, "SELECT count(*) FROM audit_events"), e.count(t, "SELECT count(*) FROM outbox")}
	}
	before := snapshot()
	cases := []struct {
		name string
		do   func() error
		want program.Code
	}{
		{"project manager creating", func() error {
			_, err := e.a.CreateVoucher(ctx, pm, app.CreateVoucherInput{EnrollmentID: c2, EngagementTypeID: e.sharePointID(t), Days: 1, ProjectManagerEmail: "pm@contoso.example"})
			return err
		}, program.CodeNotAllowed},
		{"another tenant's enrollment", func() error {
			_, err := e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: e.demo.Enrollments["SA-TAILSPIN-FR-01"], EngagementTypeID: e.sharePointID(t), Days: 1, ProjectManagerEmail: "pm@contoso.example"})
			return err
		}, program.CodeInvalid},
		{"void another tenant's voucher", func() error {
			_, err := e.a.VoidVoucher(ctx, ben, e.demo.Vouchers["tailspin-assigned"].ID)
			return err
		}, program.CodeNotFound},
		{"void a reserved voucher", func() error {
			_, err := e.a.VoidVoucher(ctx, ben, e.demo.Vouchers["contoso-reserved"].ID)
			return err
		}, program.CodeWrongState},
	}
	for _, c := range cases {
		if err := c.do(); !program.IsCode(err, c.want) {
			t.Errorf("%s: got %v, want %s", c.name, err, c.want)
		}
	}
	if after := snapshot(); after != before {
		t.Errorf("refusals changed rows: before %v, after %v", before, after)
	}
	// Insufficient days: the first 15 fit (18 left), the second is refused.
	if _, err := e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: c2, EngagementTypeID: e.sharePointID(t), Days: 15, ProjectManagerEmail: "pm@contoso.example"}); err != nil {
		t.Fatal(err)
	}
	mid := snapshot()
	if _, err := e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: c2, EngagementTypeID: e.sharePointID(t), Days: 5, ProjectManagerEmail: "pm@contoso.example"}); !program.IsCode(err, program.CodeInsufficientDays) {
		t.Errorf("second voucher: %v", err)
	}
	if snapshot() != mid {
		t.Error("insufficient days changed rows")
	}
	// After the last day to create, nothing is created.
	e.clk.Set(program.D(2021, 7, 2).In(time.UTC))
	if _, err := e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: c2, EngagementTypeID: e.sharePointID(t), Days: 1, ProjectManagerEmail: "pm@contoso.example"}); !program.IsCode(err, program.CodeCreationClosed) {
		t.Errorf("after 2021-06-30: %v", err)
	}
}

func TestFullLifecycleThroughPayment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	ben := e.demo.Actor("benefits@contoso.example")
	partner := e.demo.Actor("partner@fabrikam.example")
	admin := e.demo.Actor("admin@program.example")
	consultant := e.demo.Users["consultant@fabrikam.example"]

	v, err := e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: e.demo.Enrollments["SA-CONTOSO-US-02"], EngagementTypeID: e.sharePointID(t), Days: 3, ProjectManagerEmail: "pm@contoso.example"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.ValidateVoucher(ctx, partner, v.Code.Display(), "someone@contoso.example"); !program.IsCode(err, program.CodeNotFound) {
		t.Fatalf("validate with the wrong email: %v", err)
	}
	got, err := e.a.ValidateVoucher(ctx, partner, string(v.Code), "pm@contoso.example")
	if err != nil || got.ID != v.ID {
		t.Fatalf("validate: %v %v", got.ID, err)
	}
	_, err = e.a.ReserveVoucher(ctx, partner, app.ReserveInput{Code: string(v.Code), Email: "pm@contoso.example",
		LocationID: e.demo.Locations["Fabrikam Seattle"], StartOn: program.D(2021, 3, 2), Consultants: []int64{consultant}, TermsAccepted: true})
	if err != nil {
		t.Fatal(err)
	}
	e.clk.Set(program.D(2021, 3, 5).In(time.UTC))
	_, err = e.a.CompleteVoucher(ctx, partner, v.ID, program.Report{DeliveredStart: program.D(2021, 3, 2), DeliveredEnd: program.D(2021, 3, 4),
		Consultants: []int64{consultant}, Summary: "Delivered"}, []store.File{{Name: "plan.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4"), Kind: program.DeploymentPlan}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.RedeemVoucher(ctx, partner, v.ID); err != nil {
		t.Fatal(err)
	}
	amount, err := e.a.RequestPayment(ctx, partner, v.ID)
	if err != nil || amount != (program.Money{Minor: 330000, Currency: "USD"}) {
		t.Fatalf("request payment: %v %v", amount, err)
	}
	if _, err := e.a.ApprovePayment(ctx, admin, v.ID, "PAY-1"); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, "SELECT count(*) FROM payment_requests WHERE voucher_id = $1 AND state = 'paid' AND payment_reference = 'PAY-1' AND amount_minor = 330000", v.ID); n != 1 {
		t.Errorf("paid request rows = %d", n)
	}
	actions := e.count(t, "SELECT count(DISTINCT action) FROM audit_events WHERE voucher_id = $1", v.ID)
	if actions != 6 { // created, reserved, reported, redeemed, payment requested, approved
		t.Errorf("timeline has %d actions, want 6", actions)
	}
	if n := e.count(t, "SELECT count(*) FROM outbox WHERE voucher_id = $1 AND subject LIKE '%reserved by Fabrikam Consulting'", v.ID); n != 1 {
		t.Errorf("reservation emails = %d", n)
	}
	lifecycleEmails(t, e, v)
}

func TestConcurrentReservationsOneWins(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	v := e.demo.Vouchers["contoso-assigned"]
	// Northwind cannot take a US voucher, so make a second US partner able to:
	// give Northwind a US location, the competency and an exam.
	nw := e.demo.Actor("partner@northwind.example")
	var nwLoc int64
	err := e.s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		var err error
		if nwLoc, err = tx.AddLocation(ctx, nw.OrgID, "Northwind Boston", "US"); err != nil {
			return err
		}
		c, err := tx.CreateUser(ctx, "consultant@northwind.example", "Northwind Consultant", "")
		if err != nil {
			return err
		}
		if err := tx.AddMembership(ctx, c, nw.OrgID, program.Consultant); err != nil {
			return err
		}
		if err := tx.RecordExam(ctx, nw.OrgID, c, "MS-300", program.D(2019, 5, 1)); err != nil {
			return err
		}
		return tx.AddCompetency(ctx, nw.OrgID, "Collaboration and Content", program.Silver, program.D(2019, 1, 1))
	})
	if err != nil {
		t.Fatal(err)
	}
	fab := e.demo.Actor("partner@fabrikam.example")
	var wg sync.WaitGroup
	errs := make([]error, 32)
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			actor, loc := fab, e.demo.Locations["Fabrikam Seattle"]
			if i%2 == 1 {
				actor, loc = nw, nwLoc
			}
			_, errs[i] = e.a.ReserveVoucher(ctx, actor, app.ReserveInput{Code: string(v.Code), Email: "pm@contoso.example",
				LocationID: loc, StartOn: program.D(2021, 3, 10), TermsAccepted: true})
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !program.IsCode(err, program.CodeAlreadyReserved):
			t.Errorf("a losing attempt got %v, want already_reserved", err)
		}
	}
	if wins != 1 {
		t.Errorf("%d reservations succeeded, want 1", wins)
	}
	if n := e.count(t, "SELECT count(*) FROM reservations WHERE voucher_id = $1 AND cancelled_at IS NULL", v.ID); n != 1 {
		t.Errorf("%d reservation rows, want 1", n)
	}
	// The demo's reservation of it, cancelled, and the winner's.
	if n := e.count(t, "SELECT count(*) FROM audit_events WHERE voucher_id = $1 AND action = 'voucher.reserved'", v.ID); n != 2 {
		t.Errorf("%d reservation events, want 2", n)
	}
}

func TestConcurrentPaymentRequestsOneWins(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	partner := e.demo.Actor("partner@fabrikam.example")
	v := e.demo.Vouchers["contoso-reserved"] // Windows and Office, reserved from 2021-03-15
	e.clk.Set(program.D(2021, 3, 20).In(time.UTC))
	// The demo's consultant passed a Windows exam, which qualifies them to report it.
	consultant := e.demo.Users["consultant@fabrikam.example"]
	if _, err := e.a.CompleteVoucher(ctx, partner, v.ID, program.Report{DeliveredStart: program.D(2021, 3, 15), DeliveredEnd: program.D(2021, 3, 17),
		Consultants: []int64{consultant}, Summary: "Done"}, []store.File{{Name: "a.txt", ContentType: "text/plain", Content: []byte("x"), Kind: program.DeploymentPlan}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.RedeemVoucher(ctx, partner, v.ID); err != nil {
		t.Fatal(err)
	}
	// Its first DDPS redemption: the partner global admin registers for
	// payment in DDPS (DOMAIN.md §9).
	if err := e.a.RegisterForPayment(ctx, e.demo.Actor("globaladmin@fabrikam.example"), "DDPS"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 32)
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.a.RequestPayment(ctx, partner, v.ID)
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !program.IsCode(err, program.CodeWrongState):
			t.Errorf("a losing request got %v, want wrong_state", err)
		}
	}
	if wins != 1 || e.count(t, "SELECT count(*) FROM payment_requests WHERE voucher_id = $1", v.ID) != 1 {
		t.Errorf("%d requests succeeded; want exactly one row and one success", wins)
	}
}

func TestCatchUpAcrossRemovalInOneJump(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	// Jump from 1 March 2021 to 1 September 2021 in one call.
	e.clk.Set(program.D(2021, 9, 1).In(time.UTC))
	var wg sync.WaitGroup
	reports := make([]app.CatchUpReport, 2)
	errs := make([]error, 2)
	for i := range 2 { // two instances at once
		wg.Add(1)
		go func() {
			defer wg.Done()
			reports[i], errs[i] = e.a.CatchUp(ctx)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// contoso-assigned (created 2021-02-20) expires 2021-08-19: after removal, forfeited.
	// contoso-reserved (created 2021-02-10) expires 2021-08-09: forfeited.
	// tailspin-assigned (created 2021-02-15) expires 2021-08-14: forfeited.
	expired := reports[0].Expired + reports[1].Expired
	if expired != 3 {
		t.Errorf("expired %d vouchers across both runs, want 3: %+v", expired, reports)
	}
	if n := e.count(t, "SELECT count(*) FROM audit_events WHERE action = 'voucher.expired' AND occurred_at > '2021-03-01'"); n != 3 {
		t.Errorf("expiry audit events = %d, want each once (3)", n)
	}
	for _, agreement := range []string{"SA-CONTOSO-US-01", "SA-CONTOSO-US-02", "SA-TAILSPIN-FR-01"} {
		if b := e.balance(t, agreement); b != 0 {
			t.Errorf("%s balance after removal = %d", agreement, b)
		}
	}
	if n := e.count(t, "SELECT count(*) FROM ledger_entries WHERE kind = 'retirement_removal'"); n != 4 {
		t.Errorf("removal entries = %d, want one per enrollment", n)
	}
	if n := e.count(t, "SELECT coalesce(-sum(days), 0) FROM ledger_entries WHERE kind = 'retirement_removal'"); n != 40+18+20 {
		t.Errorf("days removed = %d, want 78", n)
	}
	// The three above, and tailspin-lapsed's (DOMAIN.md §9) from the demo.
	if n := e.count(t, "SELECT count(*) FROM ledger_entries WHERE kind = 'voucher_expired' AND days = 0 AND note LIKE 'Forfeited%'"); n != 4 {
		t.Errorf("forfeit entries = %d, want 4", n)
	}
	// Idempotent: a third run does nothing.
	r, err := e.a.CatchUp(ctx)
	if err != nil || r != (app.CatchUpReport{}) {
		t.Errorf("third run: %+v %v", r, err)
	}
}

func TestCatchUpReturnsDaysOfVouchersExpiringBeforeRemoval(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	ben := e.demo.Actor("benefits@contoso.example")
	// A voucher created 2021-01-01 expires 2021-06-30, the day before removal:
	// its days come back, and are then removed with the rest.
	e.clk.Set(program.D(2021, 1, 1).In(time.UTC))
	v, err := e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: e.demo.Enrollments["SA-CONTOSO-US-02"], EngagementTypeID: e.sharePointID(t), Days: 5, ProjectManagerEmail: "pm@contoso.example"})
	if err != nil {
		t.Fatal(err)
	}
	e.clk.Set(program.D(2021, 7, 1).In(time.UTC))
	if _, err := e.a.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, "SELECT days FROM ledger_entries WHERE voucher_id = $1 AND kind = 'voucher_expired'", v.ID); n != 5 {
		t.Errorf("days returned = %d, want 5", n)
	}
	if n := e.count(t, `SELECT -days FROM ledger_entries WHERE kind = 'retirement_removal' AND enrollment_id = $1`, e.demo.Enrollments["SA-CONTOSO-US-02"]); n != 18 {
		t.Errorf("removed = %d, want 18 (13 left + 5 returned)", n)
	}
}

func TestPaymentWindowClosesAfterSixtyDays(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	partner := e.demo.Actor("partner@fabrikam.example")
	v := e.demo.Vouchers["contoso-reserved"]
	e.clk.Set(program.D(2021, 3, 20).In(time.UTC))
	if _, err := e.a.CompleteVoucher(ctx, partner, v.ID, program.Report{DeliveredStart: program.D(2021, 3, 15), DeliveredEnd: program.D(2021, 3, 17),
		Consultants: []int64{e.demo.Users["consultant@fabrikam.example"]}, Summary: "Done"}, []store.File{{Name: "a.txt", ContentType: "text/plain", Content: []byte("x"), Kind: program.DeploymentPlan}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.RedeemVoucher(ctx, partner, v.ID); err != nil {
		t.Fatal(err)
	}
	e.clk.Set(program.D(2021, 5, 19).In(time.UTC).Add(23 * time.Hour)) // 20 March + 60 days, last minute
	if r, _ := e.a.CatchUp(ctx); r.WindowsClosed != 0 {
		t.Fatalf("window closed on its last day")
	}
	e.clk.Set(program.D(2021, 5, 20).In(time.UTC))
	if r, err := e.a.CatchUp(ctx); err != nil || r.WindowsClosed != 1 {
		t.Fatalf("catch-up: %+v %v", r, err)
	}
	if _, err := e.a.RequestPayment(ctx, partner, v.ID); !program.IsCode(err, program.CodePaymentWindowClosed) {
		t.Errorf("request after the window: %v", err)
	}
}

func TestEmailsSpeakTheRecipientsLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	if err := e.s.SetLanguage(ctx, e.demo.Users["pm@contoso.example"], "fr"); err != nil {
		t.Fatal(err)
	}
	v, err := e.a.CreateVoucher(ctx, e.demo.Actor("benefits@contoso.example"), app.CreateVoucherInput{
		EnrollmentID: e.demo.Enrollments["SA-CONTOSO-US-02"], EngagementTypeID: e.sharePointID(t), Days: 1, ProjectManagerEmail: "pm@contoso.example"})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, `SELECT count(*) FROM outbox WHERE voucher_id = $1 AND subject = 'Bon de services de planification ' || $2 || ' qui vous est attribué'
		AND body LIKE '%Dernier jour de validité : 27 août 2021 (UTC)%'`, v.ID, v.Code.Display()); n != 1 {
		t.Errorf("French assignment email: %d", n)
	}
	// Someone who never chose a language gets English.
	w, err := e.a.CreateVoucher(ctx, e.demo.Actor("benefits@contoso.example"), app.CreateVoucherInput{
		EnrollmentID: e.demo.Enrollments["SA-CONTOSO-US-02"], EngagementTypeID: e.sharePointID(t), Days: 1, ProjectManagerEmail: "new@contoso.example"})
	if err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, `SELECT count(*) FROM outbox WHERE voucher_id = $1 AND body LIKE '%Last valid day: 27 August 2021 (UTC)%'`, w.ID); n != 1 {
		t.Errorf("English assignment email: %d", n)
	}
}

type fakeMailer struct {
	mu   sync.Mutex
	sent []string
	fail bool
}

func (m *fakeMailer) Send(_ context.Context, to, subject, _ string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail {
		return errors.New("server down")
	}
	m.sent = append(m.sent, to+": "+subject)
	return nil
}

func TestRetryWaitGrows(t *testing.T) {
	want := []time.Duration{30 * time.Second, 30 * time.Second, time.Minute, 2 * time.Minute}
	for n, w := range want {
		if got := app.RetryWait(n); got != w {
			t.Errorf("RetryWait(%d) = %v, want %v", n, got, w)
		}
	}
	if app.RetryWait(50) != time.Hour {
		t.Error("no upper bound")
	}
}

func TestOutboxIsSentOnceAfterCommit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	unsent := e.count(t, "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
	if unsent == 0 {
		t.Fatal("the demo wrote no email")
	}
	down := &fakeMailer{fail: true}
	if n, err := e.a.SendOutbox(ctx, down); err != nil || n != 0 {
		t.Fatalf("with the server down: %d, %v", n, err)
	}
	if e.count(t, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") != unsent {
		t.Fatal("failed deliveries were marked sent")
	}
	// Each failed email waits before its next attempt, with why it failed.
	waiting := e.count(t, "SELECT count(*) FROM outbox WHERE attempts = 1 AND last_error = 'server down' AND next_attempt_at > now() + interval '20 seconds'")
	if waiting == 0 || waiting != e.count(t, "SELECT count(*) FROM outbox WHERE attempts > 0") {
		t.Errorf("%d failed emails wait for a retry", waiting)
	}
	if n, _ := e.a.SendOutbox(ctx, &fakeMailer{}); n != unsent-waiting {
		t.Errorf("sent %d before the wait was over, want only the %d never tried", n, unsent-waiting)
	}
	if err := e.s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE outbox SET next_attempt_at = now()")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	m := &fakeMailer{}
	var wg sync.WaitGroup
	for range 2 { // two instances at once
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.a.SendOutbox(ctx, m); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if len(m.sent) != waiting { // the rest were sent above
		t.Errorf("sent %d emails, want each of the %d waiting once", len(m.sent), waiting)
	}
	if e.count(t, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") != 0 {
		t.Error("emails left unsent")
	}
	if n, _ := e.a.SendOutbox(ctx, m); n != 0 {
		t.Errorf("a second run sent %d", n)
	}
}

// DOMAIN.md §9: two 15-day vouchers of one engagement type created at once
// for one customer (from two enrollments, so no enrollment lock orders
// them all): one wins, the others need the statement; with it, the next is
// made, and the statement is kept, audited and shown.
func TestConcurrentFifteenDayVouchersOneWinsOrBothState(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	ben := e.demo.Actor("benefits@contoso.example")
	c1, c2 := e.demo.Enrollments["SA-CONTOSO-US-01"], e.demo.Enrollments["SA-CONTOSO-US-02"]
	if err := e.a.ActivateBenefit(ctx, ben, c1); err != nil {
		t.Fatal(err)
	}
	windows := int64(e.count(t, "SELECT id FROM engagement_types WHERE name = 'Windows and Office Deployment Planning'"))
	held := e.count(t, "SELECT count(*) FROM vouchers WHERE org_id = $1 AND engagement_type_id = $2 AND days = 15 AND state NOT IN ('VOIDED', 'EXPIRED')", ben.OrgID, windows)
	if held != 0 {
		t.Fatalf("the demo's Contoso already holds %d 15-day Windows vouchers", held)
	}
	createBoth := func(st program.Statement) []error {
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			enrollment := []int64{c1, c2}[i%2]
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: enrollment, EngagementTypeID: windows,
					Days: 15, ProjectManagerEmail: "pm@contoso.example", Statement: st})
			}()
		}
		wg.Wait()
		return errs
	}
	errs := createBoth(program.Statement{})
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case program.IsCode(err, program.CodeInsufficientDays): // the winner took the enrollment's days
		case !program.IsCode(err, program.CodeSecondFifteen):
			t.Errorf("a loser got %v, want second_fifteen_day_engagement", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d 15-day vouchers made without a statement, want 1", wins)
	}
	st := program.Statement{Reason: program.SecondOtherEntity, Note: "For Contoso Canada, a separate legal entity."}
	v, err := e.a.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: c1, EngagementTypeID: windows, Days: 15,
		ProjectManagerEmail: "pm@contoso.example", Statement: st})
	if err != nil {
		t.Fatalf("with the statement: %v", err)
	}
	if n := e.count(t, `SELECT count(*) FROM second_engagement_statements WHERE voucher_id = $1 AND org_id = $2
		AND reason = 'other_entity' AND note = $3`, v.ID, ben.OrgID, st.Note); n != 1 {
		t.Errorf("statement kept = %d, want 1", n)
	}
	if n := e.count(t, `SELECT count(*) FROM audit_events WHERE voucher_id = $1 AND action = 'voucher.created'
		AND details->>'second_engagement' = 'other_entity' AND details->>'second_engagement_note' = $2`, v.ID, st.Note); n != 1 {
		t.Errorf("statement audited = %d, want 1", n)
	}
	// The partner validating it and the global admin see it.
	d, err := e.a.VoucherDetail(ctx, e.demo.Actor("admin@program.example"), v.ID)
	if err != nil || d.Voucher.Statement != st {
		t.Errorf("admin's voucher page statement = %+v, %v", d.Voucher.Statement, err)
	}
	pv, err := e.a.ValidateVoucher(ctx, e.demo.Actor("partner@fabrikam.example"), string(v.Code), "pm@contoso.example")
	if err != nil || pv.Statement != st {
		t.Errorf("partner's validation statement = %+v, %v", pv.Statement, err)
	}
}
