package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// strings reads one text column across every tenant, in order.
func (e *env) strings(t *testing.T, sql string, args ...any) []string {
	t.Helper()
	return e.stringsIn(t, store.Scope{Program: true}, sql, args...)
}

// stringsIn reads one text column in scope sc, in order.
func (e *env) stringsIn(t *testing.T, sc store.Scope, sql string, args ...any) []string {
	t.Helper()
	var out []string
	err := e.s.Transact(context.Background(), sc, time.Now(), func(tx *store.Tx) error {
		out = nil
		rows, err := tx.Query(context.Background(), sql, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// outboxOf lists a voucher's emails as "to: subject", in order.
func outboxOf(t *testing.T, e *env, voucherID int64) []string {
	return e.strings(t, `SELECT to_email || ': ' || subject FROM outbox WHERE voucher_id = $1 ORDER BY id`, voucherID)
}

func body(t *testing.T, e *env, voucherID int64, to, subject string) string {
	t.Helper()
	b := e.strings(t, `SELECT body FROM outbox WHERE voucher_id = $1 AND to_email = $2 AND subject LIKE $3`, voucherID, to, subject+"%")
	if len(b) != 1 {
		t.Fatalf("%d emails %q to %s", len(b), subject, to)
	}
	return b[0]
}

// lifecycleEmails checks the emails of TestFullLifecycleThroughPayment's
// voucher (reserved from 2 March 2021 for 3 days, reported, redeemed, paid):
// the reservation names the partner and the planned dates; the report goes
// to the project manager and the customer's benefit administrators; the
// payment's request and decision to the partner's admins, linking to the
// partner's pages under the configured base URL.
func lifecycleEmails(t *testing.T, e *env, v program.Voucher) {
	t.Helper()
	id := v.Code.Display()
	want := []string{
		"pm@contoso.example: Planning Services voucher " + id + " assigned to you",
		"pm@contoso.example: Voucher " + id + " reserved by Fabrikam Consulting",
		"pm@contoso.example: Completion report submitted for voucher " + id,
		"benefits@contoso.example: Completion report submitted for voucher " + id,
		"globaladmin@fabrikam.example: Payment requested for voucher " + id,
		"partner@fabrikam.example: Payment requested for voucher " + id,
		"globaladmin@fabrikam.example: Payment approved for voucher " + id,
		"partner@fabrikam.example: Payment approved for voucher " + id,
	}
	if diff := cmp.Diff(want, outboxOf(t, e, v.ID)); diff != "" {
		t.Errorf("emails (-want +got):\n%s", diff)
	}
	if b := body(t, e, v.ID, "pm@contoso.example", "Voucher "+id+" reserved"); !strings.Contains(b, "reserved by Fabrikam Consulting") ||
		!strings.Contains(b, "Planned engagement: 2 March 2021 to 4 March 2021.") {
		t.Errorf("reservation email: %q", b)
	}
	if b := body(t, e, v.ID, "benefits@contoso.example", "Completion report"); !strings.Contains(b, "Fabrikam Consulting has submitted") ||
		!strings.Contains(b, "delivered through 4 March 2021") || !strings.Contains(b, e.a.BaseURL+"/customer/vouchers/") {
		t.Errorf("report email: %q", b)
	}
	if b := body(t, e, v.ID, "partner@fabrikam.example", "Payment approved"); !strings.Contains(b, "3,300.00 USD") ||
		!strings.Contains(b, "Payment reference: PAY-1.") || !strings.Contains(b, e.a.BaseURL+"/partner/vouchers/") {
		t.Errorf("approval email: %q", b)
	}
}

func TestPaymentDeniedEmailAndDaysRemoved(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.a.BaseURL = "https://portal.example"
	admin := e.demo.Actor("admin@program.example")
	v := e.demo.Vouchers["contoso-payment-requested"]
	if _, err := e.a.DenyPayment(ctx, admin, v.ID, "No deliverable attached"); err != nil {
		t.Fatal(err)
	}
	b := body(t, e, v.ID, "partner@fabrikam.example", "Payment denied for voucher "+v.Code.Display())
	if !strings.Contains(b, "Reason: No deliverable attached") || !strings.Contains(b, "https://portal.example/partner/vouchers/") {
		t.Errorf("denial email: %q", b)
	}
	// The removal: one email per benefit administrator per enrollment that
	// had days, with the count.
	e.clk.Set(program.D(2021, 7, 1).In(time.UTC))
	if _, err := e.a.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	subjects := e.strings(t, `SELECT to_email || ': ' || subject FROM outbox WHERE subject LIKE '%days removed from enrollment%' ORDER BY subject`)
	removed := e.strings(t, `SELECT (-l.days)::text || ' Planning Services days removed from enrollment ' || s.agreement_number
		FROM ledger_entries l JOIN sa_enrollments s ON s.id = l.enrollment_id
		WHERE s.org_id = $1 AND l.kind = 'retirement_removal' AND l.days < 0 ORDER BY 1`, e.demo.Orgs["Contoso Ltd"])
	var want []string
	for _, r := range removed {
		want = append(want, "benefits@contoso.example: "+r)
	}
	var got []string
	for _, s := range subjects {
		if strings.HasPrefix(s, "benefits@contoso.example: ") {
			got = append(got, s)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" || len(want) != 2 {
		t.Errorf("Contoso's removal emails (-want +got):\n%s", diff)
	}
	if n := e.count(t, `SELECT count(*) FROM outbox WHERE subject = '40 Planning Services days removed from enrollment SA-CONTOSO-US-01'
		AND body LIKE '%https://portal.example/customer/days%'`); n != 1 {
		t.Errorf("SA-CONTOSO-US-01's removal email with its count and link: %d", n)
	}
	// A second sweep sends nothing more.
	before := e.count(t, "SELECT count(*) FROM outbox")
	if _, err := e.a.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if e.count(t, "SELECT count(*) FROM outbox") != before {
		t.Error("a second sweep wrote emails again")
	}
}
