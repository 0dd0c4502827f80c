package app_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// DOMAIN.md §9: the partner global admin registers for payment once per
// offering, only after a voucher of it is redeemed; a payment request needs
// the registration for the voucher's offering and a payee for its location.
func TestPaymentRegistrationPerOffering(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	global := e.demo.Actor("globaladmin@fabrikam.example")
	partner := e.demo.Actor("partner@fabrikam.example")
	consultant := e.demo.Actor("consultant@fabrikam.example")

	// The demo registered SDPS after its first redemption; DDPS has none.
	if err := e.a.RegisterForPayment(ctx, global, "SDPS"); !program.IsCode(err, program.CodeWrongState) {
		t.Errorf("SDPS again: %v", err)
	}
	if err := e.a.RegisterForPayment(ctx, global, "DDPS"); !program.IsCode(err, program.CodeNotRegisteredPayment) {
		t.Errorf("DDPS before any redemption: %v", err)
	}
	if err := e.a.RegisterForPayment(ctx, partner, "DDPS"); !program.IsCode(err, program.CodeNotAllowed) {
		t.Errorf("a partner admin registering: %v", err)
	}
	if err := e.a.RegisterForPayment(ctx, global, "NOPE"); !program.IsCode(err, program.CodeInvalid) {
		t.Errorf("unknown offering: %v", err)
	}

	// Deliver and redeem the reserved Windows (DDPS) voucher.
	v := e.demo.Vouchers["contoso-reserved"] // reserved from 2021-03-15, 3 days
	md100 := int64(e.count(t, "SELECT id FROM exams WHERE code = 'MD-100'"))
	if err := e.a.RecordExam(ctx, consultant, md100, program.D(2020, 1, 10)); err != nil {
		t.Fatal(err)
	}
	e.clk.Set(program.D(2021, 3, 20).In(time.UTC).Add(9 * time.Hour))
	if _, err := e.a.CompleteVoucher(ctx, partner, v.ID, program.Report{DeliveredStart: program.D(2021, 3, 15), DeliveredEnd: program.D(2021, 3, 17),
		Consultants: []int64{consultant.UserID}, Summary: "Delivered"}, []store.File{{Name: "plan.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4"), Kind: program.DeploymentPlan}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.RedeemVoucher(ctx, partner, v.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.RequestPayment(ctx, partner, v.ID); !program.IsCode(err, program.CodeNotRegisteredPayment) {
		t.Fatalf("payment before registering DDPS: %v", err)
	}
	if n := e.count(t, "SELECT count(*) FROM payment_requests WHERE voucher_id = $1", v.ID); n != 0 {
		t.Fatalf("refused request left %d rows", n)
	}

	hasStep := func() bool {
		t.Helper()
		o, err := e.a.PartnerOverview(ctx, partner)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(o.NextSteps, "Register for payment.")
	}
	if !hasStep() {
		t.Error("the home page's next steps do not ask to register for DDPS")
	}

	// Two registrations at once: exactly one wins, audited once.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = e.a.RegisterForPayment(ctx, global, "DDPS") }()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || !program.IsCode(errs[0], program.CodeWrongState) && !program.IsCode(errs[1], program.CodeWrongState) {
		t.Fatalf("concurrent registrations: %v, %v", errs[0], errs[1])
	}
	if n := e.count(t, "SELECT count(*) FROM payment_offering_registrations WHERE org_id = $1 AND offering_code = 'DDPS' AND registered_by = $2", global.OrgID, global.UserID); n != 1 {
		t.Errorf("DDPS registrations = %d", n)
	}
	if n := e.count(t, "SELECT count(*) FROM audit_events WHERE action = 'payment.registered_offering' AND org_id = $1 AND details->>'offering' = 'DDPS'", global.OrgID); n != 1 {
		t.Errorf("audit events = %d", n)
	}

	if hasStep() {
		t.Error("next steps still ask to register once registered")
	}

	// The payee of the delivery location is the other half.
	if err := e.s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM payment_registrations WHERE location_id = $1", e.demo.Locations["Fabrikam Seattle"])
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.RequestPayment(ctx, partner, v.ID); !program.IsCode(err, program.CodeNotRegisteredPayment) {
		t.Fatalf("payment without a payee: %v", err)
	}
	if err := e.a.RegisterPayment(ctx, global, e.demo.Locations["Fabrikam Seattle"], "Fabrikam LLC", "US-ACH-0099"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.RequestPayment(ctx, partner, v.ID); err != nil {
		t.Fatalf("payment with both: %v", err)
	}

	// Another partner sees none of Fabrikam's registrations.
	nw := e.demo.Actor("partner@northwind.example")
	err := e.s.Transact(ctx, store.Scope{OrgID: nw.OrgID, UserID: nw.UserID}, time.Now(), func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM payment_offering_registrations").Scan(&n); err != nil {
			return err
		}
		if n != 0 {
			t.Errorf("Northwind sees %d registrations", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
