package program

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// todoLine is a to-do as kind, voucher (or enrollment) id, date and days left.
type todoLine struct {
	Kind     ToDoKind
	ID       int64
	Date     Date
	DaysLeft int
}

func todoLines(ts []ToDo) []todoLine {
	out := []todoLine{}
	for _, t := range ts {
		id := t.Voucher.ID
		if id == 0 {
			id = t.Enrollment.ID
		}
		out = append(out, todoLine{t.Kind, id, t.Date, t.DaysLeft})
	}
	return out
}

func TestToDosCustomer(t *testing.T) {
	p := DefaultPolicy()
	es := []Enrollment{
		{ID: 1, Activated: true, Balance: 20},
		{ID: 2, Activated: false, Balance: 5},
		{ID: 3, Activated: true, Balance: 0}, // nothing to use
	}
	vs := []Voucher{
		{ID: 10, State: Assigned, ExpiresOn: D(2021, 6, 15)}, // last valid day 14 June
		{ID: 11, State: Reserved, ExpiresOn: D(2021, 5, 1)},  // the partner's to do, not the customer's
		{ID: 12, State: Assigned, ExpiresOn: D(2021, 3, 10)}, // last valid day 9 March
		{ID: 13, State: Assigned, ExpiresOn: D(2021, 2, 28)}, // expired by 1 March
		{ID: 14, State: Redeemed, RedeemedOn: D(2021, 3, 1)}, // the partner's
		{ID: 15, State: Voided, ExpiresOn: D(2021, 6, 1)},    // ended
		{ID: 16, State: Assigned, ExpiresOn: D(2021, 6, 30)}, // last valid day 29 June
		{ID: 17, State: Assigned, ExpiresOn: D(2021, 7, 2)},  // last valid day 1 July
		{ID: 18, State: Expired, ExpiresOn: D(2021, 2, 1)},   // ended
		{ID: 19, State: PaymentRequested, RedeemedOn: D(2021, 1, 1)},
	}
	f := ToDoFacts{Enrollments: es, Vouchers: vs}
	for _, c := range []struct {
		name  string
		role  Role
		today Date
		want  []todoLine
	}{
		{"benefit admin, 1 March 2021: by date, activation with creation's last day", BenefitAdmin, D(2021, 3, 1), []todoLine{
			{ToDoUnreserved, 12, D(2021, 3, 9), 9},
			{ToDoUnreserved, 10, D(2021, 6, 14), 106},
			{ToDoUnreserved, 16, D(2021, 6, 29), 121},
			{ToDoUseDays, 1, D(2021, 6, 30), 122},
			{ToDoUseDays, 2, D(2021, 6, 30), 122},
			{ToDoActivate, 2, D(2021, 6, 30), 122},
			{ToDoUnreserved, 17, D(2021, 7, 1), 123},
		}},
		{"the voucher's last valid day: 1 day left", BenefitAdmin, D(2021, 3, 9), []todoLine{
			{ToDoUnreserved, 12, D(2021, 3, 9), 1},
			{ToDoUnreserved, 10, D(2021, 6, 14), 98},
			{ToDoUnreserved, 16, D(2021, 6, 29), 113},
			{ToDoUseDays, 1, D(2021, 6, 30), 114},
			{ToDoUseDays, 2, D(2021, 6, 30), 114},
			{ToDoActivate, 2, D(2021, 6, 30), 114},
			{ToDoUnreserved, 17, D(2021, 7, 1), 115},
		}},
		{"the day after it (not yet swept): gone", BenefitAdmin, D(2021, 3, 10), []todoLine{
			{ToDoUnreserved, 10, D(2021, 6, 14), 97},
			{ToDoUnreserved, 16, D(2021, 6, 29), 112},
			{ToDoUseDays, 1, D(2021, 6, 30), 113},
			{ToDoUseDays, 2, D(2021, 6, 30), 113},
			{ToDoActivate, 2, D(2021, 6, 30), 113},
			{ToDoUnreserved, 17, D(2021, 7, 1), 114},
		}},
		{"30 June 2021, the last day before the removal", BenefitAdmin, D(2021, 6, 30), []todoLine{
			{ToDoUseDays, 1, D(2021, 6, 30), 1},
			{ToDoUseDays, 2, D(2021, 6, 30), 1},
			{ToDoActivate, 2, D(2021, 6, 30), 1},
			{ToDoUnreserved, 17, D(2021, 7, 1), 2},
		}},
		{"1 July 2021, the removal day (not yet swept): no days to use", BenefitAdmin, D(2021, 7, 1), []todoLine{
			{ToDoUnreserved, 17, D(2021, 7, 1), 1},
		}},
		{"2 July 2021: nothing", BenefitAdmin, D(2021, 7, 2), []todoLine{}},
		{"project manager: vouchers only", ProjectManager, D(2021, 6, 30), []todoLine{
			{ToDoUnreserved, 17, D(2021, 7, 1), 2},
		}},
		{"consultant: nothing", Consultant, D(2021, 3, 1), []todoLine{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, todoLines(p.ToDos(c.role, c.today, f))); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestToDosRemovedEnrollment(t *testing.T) {
	p := DefaultPolicy()
	f := ToDoFacts{Enrollments: []Enrollment{{ID: 1, Activated: true, Balance: 4, Removed: true}}}
	if got := p.ToDos(BenefitAdmin, D(2021, 6, 30), f); len(got) != 0 {
		t.Errorf("removed enrollment: %v", got)
	}
}

func TestToDosPartner(t *testing.T) {
	p := DefaultPolicy()
	vs := []Voucher{
		// Reserved 5 days from 8 March: ends 12 March.
		{ID: 1, State: Reserved, Days: 5, ReservedStart: D(2021, 3, 8), ExpiresOn: D(2021, 5, 1)},
		// Reported, expiring after the last day to redeem.
		{ID: 2, State: Reported, Days: 3, ExpiresOn: D(2022, 2, 1)},
		// Reported, expiring first.
		{ID: 3, State: Reported, Days: 3, ExpiresOn: D(2021, 4, 1)},
		// Redeemed 1 March 2021: last day to request payment 30 April.
		{ID: 4, State: Redeemed, RedeemedOn: D(2021, 3, 1)},
		{ID: 5, State: Redeemed, RedeemedOn: D(2021, 1, 1), PaymentWindowClosed: true},
		{ID: 6, State: Assigned, ExpiresOn: D(2021, 4, 1)}, // the customer's
		// Rescheduled: the reservation says it ends 20 March.
		{ID: 7, State: Reserved, Days: 1, ReservedStart: D(2021, 3, 12), ExpiresOn: D(2021, 6, 1)},
	}
	f := ToDoFacts{Vouchers: vs, EngagementEnds: map[int64]Date{7: D(2021, 3, 20)}}
	for _, c := range []struct {
		name  string
		today Date
		want  []todoLine
	}{
		{"11 March: the engagement has not ended", D(2021, 3, 11), []todoLine{
			{ToDoRedeem, 3, D(2021, 3, 31), 21},
			{ToDoRequestPayment, 4, D(2021, 4, 30), 51},
			{ToDoRedeem, 2, D(2022, 1, 1), 297},
		}},
		{"12 March: its last day, the report is due", D(2021, 3, 12), []todoLine{
			{ToDoRedeem, 3, D(2021, 3, 31), 20},
			{ToDoRequestPayment, 4, D(2021, 4, 30), 50}, // same day: the most final step first
			{ToDoReport, 1, D(2021, 4, 30), 50},
			{ToDoRedeem, 2, D(2022, 1, 1), 296},
		}},
		{"20 March: the rescheduled one ends too", D(2021, 3, 20), []todoLine{
			{ToDoRedeem, 3, D(2021, 3, 31), 12},
			{ToDoRequestPayment, 4, D(2021, 4, 30), 42},
			{ToDoReport, 1, D(2021, 4, 30), 42},
			{ToDoReport, 7, D(2021, 5, 31), 73},
			{ToDoRedeem, 2, D(2022, 1, 1), 288},
		}},
		{"30 April: the window's last day", D(2021, 4, 30), []todoLine{
			{ToDoRequestPayment, 4, D(2021, 4, 30), 1},
			{ToDoReport, 1, D(2021, 4, 30), 1},
			{ToDoReport, 7, D(2021, 5, 31), 32},
			{ToDoRedeem, 2, D(2022, 1, 1), 247},
		}},
		{"1 May: the window closed, the first reservation expired", D(2021, 5, 1), []todoLine{
			{ToDoReport, 7, D(2021, 5, 31), 31},
			{ToDoRedeem, 2, D(2022, 1, 1), 246},
		}},
		{"1 January 2022: the last day to redeem", D(2022, 1, 1), []todoLine{
			{ToDoRedeem, 2, D(2022, 1, 1), 1},
		}},
		{"2 January 2022: nothing", D(2022, 1, 2), []todoLine{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := todoLines(p.ToDos(PartnerAdmin, c.today, f))
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			if g := p.ToDos(PartnerGlobalAdmin, c.today, f); len(g) != len(got) {
				t.Errorf("a partner global admin does what a partner admin does: %d vs %d", len(g), len(got))
			}
			if g := p.ToDos(Consultant, c.today, f); len(g) != 0 {
				t.Errorf("consultant: %v", g)
			}
		})
	}
}

func TestToDosProgram(t *testing.T) {
	p := DefaultPolicy()
	f := ToDoFacts{
		Payments: []AwaitingPayment{
			{Voucher: Voucher{ID: 2, State: PaymentRequested}, RequestedOn: D(2021, 3, 5)},
			{Voucher: Voucher{ID: 1, State: PaymentRequested}, RequestedOn: D(2021, 3, 1)},
			{Voucher: Voucher{ID: 3, State: Paid}, RequestedOn: D(2021, 2, 1)}, // decided meanwhile
		},
		EnrollmentRequests: 2, OldestRequest: D(2021, 3, 2),
	}
	got := todoLines(p.ToDos(GlobalAdmin, D(2021, 6, 1), f))
	want := []todoLine{
		{ToDoDecidePayment, 1, D(2021, 3, 1), 0},
		{ToDoDecideEnrollment, 0, D(2021, 3, 2), 0},
		{ToDoDecidePayment, 2, D(2021, 3, 5), 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if g := p.ToDos(GlobalAdmin, D(2021, 6, 1), ToDoFacts{}); len(g) != 0 {
		t.Errorf("nothing queued: %v", g)
	}
}

func TestBenefitActive(t *testing.T) {
	for _, c := range []struct {
		e    Enrollment
		want bool
	}{
		{Enrollment{Activated: true, Balance: 1}, true},
		{Enrollment{Activated: true, Balance: 0}, false},
		{Enrollment{Activated: false, Balance: 5}, false},
		{Enrollment{Activated: true, Balance: 0, Removed: true}, false},
	} {
		if got := c.e.BenefitActive(); got != c.want {
			t.Errorf("%+v: %v", c.e, got)
		}
	}
}
