package program

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestVoucherSteps(t *testing.T) {
	created, reserved, reported := D(2021, 1, 10), D(2021, 2, 1), D(2021, 2, 15)
	redeemed, requested, decided := D(2021, 2, 20), D(2021, 2, 25), D(2021, 3, 1)
	ev := func(pairs ...any) []StepEvent {
		var out []StepEvent
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, StepEvent{Action: pairs[i].(string), On: pairs[i+1].(Date)})
		}
		return out
	}
	all := ev("voucher.created", created, "voucher.reserved", reserved, "voucher.reported", reported,
		"voucher.redeemed", redeemed, "payment.requested", requested)
	for _, c := range []struct {
		name   string
		v      Voucher
		events []StepEvent
		want   []Step
	}{
		{"assigned", Voucher{State: Assigned, CreatedOn: created}, ev("voucher.created", created), []Step{
			{Assigned, created, StepCurrent}, {Reserved, Date{}, StepTodo}, {Reported, Date{}, StepTodo},
			{Redeemed, Date{}, StepTodo}, {PaymentRequested, Date{}, StepTodo}, {Paid, Date{}, StepTodo}}},
		{"reserved then cancelled: assigned again", Voucher{State: Assigned, CreatedOn: created},
			ev("voucher.created", created, "voucher.reserved", reserved, "voucher.reservation_cancelled", reported), []Step{
				{Assigned, created, StepCurrent}, {Reserved, Date{}, StepTodo}, {Reported, Date{}, StepTodo},
				{Redeemed, Date{}, StepTodo}, {PaymentRequested, Date{}, StepTodo}, {Paid, Date{}, StepTodo}}},
		{"payment requested", Voucher{State: PaymentRequested, CreatedOn: created, RedeemedOn: redeemed}, all, []Step{
			{Assigned, created, StepDone}, {Reserved, reserved, StepDone}, {Reported, reported, StepDone},
			{Redeemed, redeemed, StepDone}, {PaymentRequested, requested, StepCurrent}, {Paid, Date{}, StepTodo}}},
		{"paid: every step done", Voucher{State: Paid, CreatedOn: created, RedeemedOn: redeemed}, append(all[:len(all):len(all)], StepEvent{"payment.approved", decided}), []Step{
			{Assigned, created, StepDone}, {Reserved, reserved, StepDone}, {Reported, reported, StepDone},
			{Redeemed, redeemed, StepDone}, {PaymentRequested, requested, StepDone}, {Paid, decided, StepDone}}},
		{"denied: ends after the request", Voucher{State: Denied, CreatedOn: created, RedeemedOn: redeemed}, append(all[:len(all):len(all)], StepEvent{"payment.denied", decided}), []Step{
			{Assigned, created, StepDone}, {Reserved, reserved, StepDone}, {Reported, reported, StepDone},
			{Redeemed, redeemed, StepDone}, {PaymentRequested, requested, StepDone}, {Denied, decided, StepEnded}}},
		{"expired while reserved", Voucher{State: Expired, CreatedOn: created},
			ev("voucher.created", created, "voucher.reserved", reserved, "voucher.expired", D(2021, 7, 9)), []Step{
				{Assigned, created, StepDone}, {Reserved, reserved, StepDone}, {Expired, D(2021, 7, 9), StepEnded}}},
		{"voided", Voucher{State: Voided, CreatedOn: created}, ev("voucher.created", created, "voucher.voided", reserved), []Step{
			{Assigned, created, StepDone}, {Voided, reserved, StepEnded}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, c.v.Steps(c.events)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestNextDeadline(t *testing.T) {
	p := DefaultPolicy()
	for _, c := range []struct {
		name  string
		v     Voucher
		today Date
		want  NextDeadline
		ok    bool
	}{
		{"assigned, the day before its last valid day", Voucher{State: Assigned, ExpiresOn: D(2021, 8, 19)}, D(2021, 8, 17),
			NextDeadline{DeadlineVoucherExpiry, D(2021, 8, 18), 2}, true},
		{"assigned, its last valid day", Voucher{State: Assigned, ExpiresOn: D(2021, 8, 19)}, D(2021, 8, 18),
			NextDeadline{DeadlineVoucherExpiry, D(2021, 8, 18), 1}, true},
		{"assigned, the expiry day", Voucher{State: Assigned, ExpiresOn: D(2021, 8, 19)}, D(2021, 8, 19), NextDeadline{}, false},
		{"reported, valid past the last day to redeem", Voucher{State: Reported, ExpiresOn: D(2022, 3, 1)}, D(2021, 12, 31),
			NextDeadline{DeadlineRedeem, D(2022, 1, 1), 2}, true},
		{"redeemed: the payment window", Voucher{State: Redeemed, RedeemedOn: D(2021, 2, 20)}, D(2021, 4, 21),
			NextDeadline{DeadlinePayment, D(2021, 4, 21), 1}, true},
		{"redeemed: the day after the window", Voucher{State: Redeemed, RedeemedOn: D(2021, 2, 20)}, D(2021, 4, 22), NextDeadline{}, false},
		{"payment requested: the program's turn", Voucher{State: PaymentRequested, RedeemedOn: D(2021, 2, 20)}, D(2021, 3, 1), NextDeadline{}, false},
		{"paid", Voucher{State: Paid}, D(2021, 3, 1), NextDeadline{}, false},
	} {
		got, ok := p.NextDeadline(c.v, c.today)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: got %+v %v, want %+v %v", c.name, got, ok, c.want, c.ok)
		}
	}
}
