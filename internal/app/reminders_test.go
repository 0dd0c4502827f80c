package app_test

import (
	"context"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// sentReminders counts the reminders recorded, per "email kind days-before".
func (e *env) sentReminders(t *testing.T) map[string]int {
	t.Helper()
	got := map[string]int{}
	err := e.s.Transact(context.Background(), store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		rows, err := tx.Query(context.Background(), `SELECT email || ' ' || kind || ' ' || days_before, count(*) FROM reminders_sent GROUP BY 1`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				return err
			}
			got[k] = n
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// day sets the clock to d's 09:00 UTC.
func (e *env) day(d program.Date) { e.clk.Set(d.In(time.UTC).Add(9 * time.Hour)) }

// sweep runs the catch-up and the reminders as instances would, instances
// of them at once, reading the vouchers one and two at a time (so that
// every reminder test also checks that batches send what one pass would,
// digests included).
func (e *env) sweep(t *testing.T, instances int) {
	t.Helper()
	ctx := context.Background()
	if _, err := e.a.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, instances)
	for i := range instances {
		other := app.New(e.s, e.clk, nil) // another instance, same database
		other.ReminderBatch = i + 1
		wg.Go(func() { _, errs[i] = other.SendReminders(ctx) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// reminderYear plays the demo from 2021-03-01 to 2022-03-01 with the
// sweeps running every day (on two instances at once), and the partner's
// work on two vouchers done through the use cases: Fabrikam reports the
// SharePoint voucher Contoso makes on 2 March and never redeems it; it
// reserves, reports and redeems Contoso's assigned voucher in April and
// never asks to be paid; the reserved voucher stays reserved. On the
// day of its first reminder, partner@fabrikam.example follows its
// unsubscribe link (payment window reminders only).
func reminderYear(t *testing.T, e *env) {
	ctx := context.Background()
	partner := e.demo.Actor("partner@fabrikam.example")
	consultant := e.demo.Users["consultant@fabrikam.example"]
	var reported program.Voucher
	assigned := e.demo.Vouchers["contoso-assigned"]
	reserve := func(v program.Voucher, start program.Date) {
		t.Helper()
		if _, err := e.a.ReserveVoucher(ctx, partner, app.ReserveInput{Code: string(v.Code), Email: v.ProjectManagerEmail,
			LocationID: e.demo.Locations["Fabrikam Seattle"], StartOn: start, Consultants: []int64{consultant}, TermsAccepted: true}); err != nil {
			t.Fatal(err)
		}
	}
	report := func(id int64, start, end program.Date) {
		t.Helper()
		_, err := e.a.CompleteVoucher(ctx, partner, id, program.Report{DeliveredStart: start, DeliveredEnd: end,
			Consultants: []int64{consultant}, Summary: "Workshops held; deployment plan agreed with the customer.", NextSteps: "Pilot."},
			[]store.File{{Name: "deployment-plan.txt", ContentType: "text/plain", Content: []byte("Deployment plan\n"), Kind: program.DeploymentPlan}})
		if err != nil {
			t.Fatal(err)
		}
	}
	steps := map[program.Date]func(){
		program.D(2021, 3, 2): func() {
			var err error
			reported, err = e.a.CreateVoucher(ctx, e.demo.Actor("benefits@contoso.example"), app.CreateVoucherInput{
				EnrollmentID: e.demo.Enrollments["SA-CONTOSO-US-02"], EngagementTypeID: e.sharePointID(t), Days: 1, ProjectManagerEmail: "pm@contoso.example"})
			if err != nil {
				t.Fatal(err)
			}
			reserve(reported, program.D(2021, 3, 10))
		},
		program.D(2021, 3, 20): func() { report(reported.ID, program.D(2021, 3, 10), program.D(2021, 3, 10)) },
		program.D(2021, 4, 1):  func() { reserve(assigned, program.D(2021, 4, 5)) },
		program.D(2021, 4, 6):  func() { report(assigned.ID, program.D(2021, 4, 5), program.D(2021, 4, 5)) },
		program.D(2021, 4, 7): func() {
			if _, err := e.a.RedeemVoucher(ctx, partner, assigned.ID); err != nil {
				t.Fatal(err)
			}
		},
	}
	unsubscribed := false
	for d := program.D(2021, 3, 1); !d.After(program.D(2022, 3, 1)); d = d.AddDays(1) {
		e.day(d)
		if f := steps[d]; f != nil {
			f()
		}
		e.sweep(t, 2)
		if !unsubscribed && e.count(t, `SELECT count(*) FROM reminders_sent WHERE email = 'partner@fabrikam.example'`) > 0 {
			unsubscribed = true
			link := unsubscribeLink(t, e, "partner@fabrikam.example")
			q := link.Query()
			if q.Get("kind") != "payment_window" {
				t.Fatalf("first partner reminder: %s", link)
			}
			if err := e.a.Unsubscribe(ctx, q.Get("email"), q.Get("kind"), q.Get("sig"), "test"); err != nil {
				t.Fatal(err)
			}
		}
	}
}

var linkRE = regexp.MustCompile(`http://\S+/unsubscribe\?\S+`)

func unsubscribeLink(t *testing.T, e *env, email string) *url.URL {
	t.Helper()
	var body string
	err := e.s.Transact(context.Background(), store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT body FROM outbox WHERE to_email = $1 AND body LIKE '%/unsubscribe?%' ORDER BY id LIMIT 1`, email).Scan(&body)
	})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(linkRE.FindString(body))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestRemindersOverTheYear: exactly the reminders issue 14 lists, counted
// per person, kind and days before, from the demo's own vouchers.
func TestRemindersOverTheYear(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	reminderYear(t, e)
	want := map[string]int{
		// Three enrollments hold days until the removal on 1 July 2021 (two Contoso's).
		"benefits@contoso.example removal 30": 2, "benefits@contoso.example removal 7": 2, "benefits@contoso.example removal 1": 2,
		"benefits@tailspin.example removal 30": 1, "benefits@tailspin.example removal 7": 1, "benefits@tailspin.example removal 1": 1,
		// Tailspin's assigned voucher (expires 14 August 2021) is never reserved;
		// Contoso's was reserved in April, so its benefit administrator hears nothing.
		"benefits@tailspin.example assigned_expiry 30": 1, "benefits@tailspin.example assigned_expiry 7": 1,
		// Project managers: their unredeemed vouchers' expiry (Contoso's reserved
		// one, 9 August, and the reported one, 29 August; Tailspin's, 14 August).
		"pm@contoso.example voucher_expiry 30": 2, "pm@contoso.example voucher_expiry 7": 2, "pm@contoso.example voucher_expiry 1": 2,
		"it@tailspin.example voucher_expiry 30": 1, "it@tailspin.example voucher_expiry 7": 1, "it@tailspin.example voucher_expiry 1": 1,
		// Fabrikam's admins (not its consultant): the reserved voucher's expiry,
		// the reported voucher to redeem before it expires, the redeemed one's
		// payment window (last day 6 June).
		"globaladmin@fabrikam.example reserved_expiry 30": 1, "globaladmin@fabrikam.example reserved_expiry 7": 1,
		"partner@fabrikam.example reserved_expiry 30": 1, "partner@fabrikam.example reserved_expiry 7": 1,
		"globaladmin@fabrikam.example redeem 30": 1, "globaladmin@fabrikam.example redeem 7": 1,
		"partner@fabrikam.example redeem 30": 1, "partner@fabrikam.example redeem 7": 1,
		"globaladmin@fabrikam.example payment_window 14": 1, "globaladmin@fabrikam.example payment_window 3": 1,
		// partner@ unsubscribed from payment window reminders after the first.
		"partner@fabrikam.example payment_window 14": 1,
	}
	if diff := cmp.Diff(want, e.sentReminders(t)); diff != "" {
		t.Errorf("reminders (-want +got):\n%s", diff)
	}
	// Each reminder is one email, none twice, none on or after its deadline.
	if n, m := e.count(t, `SELECT count(*) FROM reminders_sent`), e.count(t, `SELECT count(*) FROM outbox WHERE body LIKE '%/unsubscribe?%'`); n != m {
		t.Errorf("%d reminders recorded, %d emailed", n, m)
	}
	if n := e.count(t, `SELECT count(*) FROM reminders_sent WHERE sent_on >= deadline OR sent_on < deadline - days_before`); n != 0 {
		t.Errorf("%d reminders outside their window", n)
	}
	if n := e.count(t, `SELECT count(*) FROM reminder_optouts WHERE email = 'partner@fabrikam.example' AND kind = 'payment_window'`); n != 1 {
		t.Errorf("unsubscribe not recorded")
	}
	if n := e.count(t, `SELECT count(*) FROM audit_events WHERE action = 'reminders.unsubscribed' AND actor = 'partner@fabrikam.example'`); n != 1 {
		t.Errorf("unsubscribe not audited")
	}
	// A sweep once more at the end, on a fresh instance, sends nothing.
	before := e.count(t, `SELECT count(*) FROM outbox`)
	e.sweep(t, 3)
	if after := e.count(t, `SELECT count(*) FROM outbox`); after != before {
		t.Errorf("a sweep at the end wrote %d more emails", after-before)
	}
}

// TestRemindersAfterAClockJump: the sweep after a jump sends only what is
// true on the new date: nothing for a deadline passed, and only the most
// urgent reminder of one still ahead, once.
func TestRemindersAfterAClockJump(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.day(program.D(2022, 3, 1))
	e.sweep(t, 2)
	if n := e.count(t, `SELECT count(*) FROM reminders_sent`); n != 0 {
		t.Errorf("a jump past every deadline sent %d reminders", n)
	}

	e = newEnv(t)
	e.day(program.D(2021, 6, 28)) // 3 days before the removal; Tailspin's voucher expires in 47 days
	e.sweep(t, 2)
	e.sweep(t, 1)
	want := map[string]int{"benefits@contoso.example removal 7": 2, "benefits@tailspin.example removal 7": 1}
	if diff := cmp.Diff(want, e.sentReminders(t)); diff != "" {
		t.Errorf("reminders after the jump (-want +got):\n%s", diff)
	}
}

// TestReminderEmailInTheRecipientsLanguage: the date, its zone and the days
// left, in French for a person who chose French.
func TestReminderEmailInTheRecipientsLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	if err := e.a.UpdateAccount(ctx, e.demo.Actor("benefits@tailspin.example"), "Tailspin Benefits", "fr"); err != nil {
		t.Fatal(err)
	}
	e.day(program.D(2021, 6, 1))
	e.sweep(t, 1)
	if n := e.count(t, `SELECT count(*) FROM outbox WHERE to_email = 'benefits@tailspin.example'
		AND subject = '20 jours Planning Services inutilisés seront retirés le 1 juillet 2021'
		AND body LIKE '%1 juillet 2021 (UTC)%' AND body LIKE '%Jours restants : 30.%'`); n != 1 {
		t.Errorf("French removal reminder: %d", n)
	}
	if n := e.count(t, `SELECT count(*) FROM outbox WHERE to_email = 'benefits@contoso.example'
		AND subject = '40 unused Planning Services days will be removed on 1 July 2021' AND body LIKE '%1 July 2021 (UTC)%' AND body LIKE '%Days left: 30.%'`); n != 1 {
		t.Errorf("English removal reminder: %d", n)
	}
}

// TestReminderChoices: a kind turned off on the account page stops that
// kind only; the weekly digest replaces single reminders.
func TestReminderChoices(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	ben := e.demo.Actor("benefits@tailspin.example")
	if err := e.a.SetReminderChoices(ctx, ben, app.ReminderChoices{Off: map[program.ReminderKind]bool{program.RemindRemoval: true}}); err != nil {
		t.Fatal(err)
	}
	got, err := e.a.ReminderChoices(ctx, ben)
	if err != nil || !got.Off[program.RemindRemoval] || got.Off[program.RemindAssignedExpiry] || got.Digest {
		t.Fatalf("choices = %+v, %v", got, err)
	}
	e.day(program.D(2021, 6, 1))
	e.sweep(t, 1)
	e.day(program.D(2021, 7, 15)) // 30 days before the assigned voucher expires
	e.sweep(t, 1)
	// On 15 July: Tailspin's assigned voucher ends in 30 days, Contoso's
	// reserved one in 25 (its 30-day reminder is the most urgent due).
	want := map[string]int{"benefits@contoso.example removal 30": 2, "benefits@tailspin.example assigned_expiry 30": 1,
		"it@tailspin.example voucher_expiry 30": 1, "pm@contoso.example voucher_expiry 30": 1,
		"globaladmin@fabrikam.example reserved_expiry 30": 1, "partner@fabrikam.example reserved_expiry 30": 1}
	if diff := cmp.Diff(want, e.sentReminders(t)); diff != "" {
		t.Errorf("reminders (-want +got):\n%s", diff)
	}
	// A forged link changes nothing.
	if err := e.a.Unsubscribe(ctx, "benefits@contoso.example", "removal", "forged", "test"); !program.IsCode(err, program.CodeInvalid) {
		t.Errorf("forged link: %v", err)
	}
	if n := e.count(t, `SELECT count(*) FROM reminder_optouts WHERE email = 'benefits@contoso.example'`); n != 0 {
		t.Errorf("forged link unsubscribed")
	}
}

// TestWeeklyDigest: a person who chose the digest gets one email a week
// listing what falls due within 30 days, and no single reminders.
func TestWeeklyDigest(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	if err := e.a.SetReminderChoices(ctx, e.demo.Actor("benefits@tailspin.example"), app.ReminderChoices{Digest: true}); err != nil {
		t.Fatal(err)
	}
	for d := program.D(2021, 5, 1); !d.After(program.D(2021, 7, 31)); d = d.AddDays(1) {
		e.day(d)
		e.sweep(t, 2)
	}
	// The removal (1 July) is within 30 days from 1 June: the weeks of 31 May
	// (sent on Tuesday 1 June), 7, 14, 21 and 28 June; the assigned voucher
	// (expires 14 August) from 15 July: the weeks of 12, 19 and 26 July.
	want := map[string]int{"benefits@tailspin.example digest 7": 8}
	got := map[string]int{}
	for k, n := range e.sentReminders(t) {
		if len(k) > len("benefits@tailspin.example") && k[:len("benefits@tailspin.example")] == "benefits@tailspin.example" {
			got[k] = n
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("digests (-want +got):\n%s", diff)
	}
	if n := e.count(t, `SELECT count(*) FROM outbox WHERE to_email = 'benefits@tailspin.example' AND subject = 'Your Planning Services deadlines for the next 30 days'
		AND body LIKE '%20 unused Planning Services days will be removed on 1 July 2021. Last day: 30 June 2021. Days left: 30.%'`); n != 1 {
		t.Errorf("the first digest: %d", n)
	}
}
