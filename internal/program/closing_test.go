package program

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var auckland = mustLoad("Pacific/Auckland")

// The last thing that can happen is a payment request on the last day of
// the last payment window: a redemption on 2022-01-01 + 60 days = 2022-03-02
// (DOMAIN.md §10). A redeemed voucher stands in the way through that whole
// day, program time, and no longer from 2022-03-03 00:00.
func TestInTheWayLastPaymentWindow(t *testing.T) {
	for _, loc := range []*time.Location{time.UTC, auckland, losAngeles} {
		p := policyIn(loc)
		last := D(2022, time.March, 2)
		redeemed := []VoucherCount{{State: Redeemed, RedeemedOn: p.LastDayToRedeem, N: 2}, {State: Paid, N: 3}}
		cases := []struct {
			name string
			now  time.Time
			open int
		}{
			{"day before, 23:59", at(p, last.AddDays(-1), 23, 59), 2},
			{"day of, 00:00", at(p, last, 0, 0), 2},
			{"day of, 23:59", at(p, last, 23, 59), 2},
			{"day after, 00:00", at(p, last.AddDays(1), 0, 0), 0},
		}
		for _, c := range cases {
			o := InTheWay(p, c.now, redeemed)
			if o.OpenWindows != c.open || o.None() != (c.open == 0) {
				t.Errorf("%s %s: open windows %d (none %v), want %d", loc, c.name, o.OpenWindows, o.None(), c.open)
			}
			if c.open > 0 && o.LastWindowDay != last {
				t.Errorf("%s %s: last window day %s, want %s", loc, c.name, o.LastWindowDay, last)
			}
			_, _, err := Close(p, c.now, Closing{}, o, 1)
			if c.open > 0 {
				wantCode(t, err, CodeWrongState)
			} else {
				wantCode(t, err, "")
			}
		}
	}
}

// A window the sweep has marked closed no longer stands in the way, and
// every other end state never does.
func TestInTheWayEndStates(t *testing.T) {
	p := DefaultPolicy()
	now := at(p, D(2022, time.January, 10), 12, 0)
	counts := []VoucherCount{
		{State: Expired, N: 4}, {State: Voided, N: 1}, {State: Paid, N: 2}, {State: Denied, N: 1},
		{State: Redeemed, RedeemedOn: D(2022, time.January, 1), WindowClosed: true, N: 1},
	}
	if o := InTheWay(p, now, counts); !o.None() {
		t.Fatalf("end states stand in the way: %+v", o)
	}
	counts = append(counts, VoucherCount{State: Assigned, N: 2}, VoucherCount{State: Reserved, N: 1},
		VoucherCount{State: Reported, N: 1}, VoucherCount{State: PaymentRequested, N: 3},
		VoucherCount{State: Redeemed, RedeemedOn: D(2021, time.December, 1), N: 1})
	got := InTheWay(p, now, counts)
	want := Obstacles{Unended: map[State]int{Assigned: 2, Reserved: 1, Reported: 1}, OpenWindows: 1,
		LastWindowDay: D(2022, time.January, 30), AwaitingDecision: 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("obstacles (-want +got):\n%s", diff)
	}
	_, _, err := Close(p, now, Closing{}, got, 1)
	wantCode(t, err, CodeWrongState)
}

// Closing records the program-local day, in a zone far from UTC too, and
// cannot be repeated.
func TestCloseOnceOnTheProgramDay(t *testing.T) {
	p := policyIn(auckland)
	now := time.Date(2022, time.March, 2, 12, 30, 0, 0, time.UTC) // 3 March 01:30 in Auckland
	c, ev, err := Close(p, now, Closing{}, Obstacles{}, 7)
	wantCode(t, err, "")
	if want := (Closing{On: D(2022, time.March, 3), At: now, By: 7}); c != want {
		t.Errorf("closing %+v, want %+v", c, want)
	}
	if ev.Action != "program.closed" || ev.Details["closed_on"] != "2022-03-03" {
		t.Errorf("event %+v", ev)
	}
	_, _, err = Close(p, now.Add(time.Hour), c, Obstacles{}, 8)
	wantCode(t, err, CodeProgramClosed)
	if r, _ := AsRefusal(err); r.Date != c.On {
		t.Errorf("refusal date %s, want the closing date %s", r.Date, c.On)
	}
	r := ProgramClosed(c.On)
	if r.Code != CodeProgramClosed || r.Date != c.On || r.Message == "" {
		t.Errorf("ProgramClosed = %+v", r)
	}
}
