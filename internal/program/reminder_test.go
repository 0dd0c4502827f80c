package program

import (
	"testing"
)

func TestReminderDue(t *testing.T) {
	p := DefaultPolicy()
	removal := D(2021, 7, 1)
	for _, c := range []struct {
		name  string
		today Date
		want  int // 0: none due
	}{
		{"31 days before: nothing yet", D(2021, 5, 31), 0},
		{"30 days before: the 30-day reminder", D(2021, 6, 1), 30},
		{"29 days before: still the 30-day one (sent once)", D(2021, 6, 2), 30},
		{"7 days before", D(2021, 6, 24), 7},
		{"after a jump to 3 days before: the 7-day one only", D(2021, 6, 28), 7},
		{"the last day: the 1-day reminder", D(2021, 6, 30), 1},
		{"the removal day itself: too late", D(2021, 7, 1), 0},
		{"after: never", D(2021, 8, 1), 0},
	} {
		n, ok := p.ReminderDue(RemindRemoval, removal, c.today)
		if n != c.want || ok != (c.want > 0) {
			t.Errorf("%s: got %d %v, want %d", c.name, n, ok, c.want)
		}
	}
}

func TestVoucherDeadlines(t *testing.T) {
	p := DefaultPolicy()
	v := Voucher{ExpiresOn: D(2021, 8, 9), State: Reported}
	if end, ok := p.VoucherDeadline(RemindRedeem, v); !ok || end != D(2021, 8, 9) {
		t.Errorf("reported, expiring before the last day to redeem: %v %v", end, ok)
	}
	v.ExpiresOn = D(2022, 3, 1)
	if end, _ := p.VoucherDeadline(RemindRedeem, v); end != D(2022, 1, 2) {
		t.Errorf("reported, valid past the last day to redeem: %v, want the day after 1 January 2022", end)
	}
	if _, ok := p.VoucherDeadline(RemindReservedExpiry, v); ok {
		t.Error("a reported voucher is not reserved")
	}
	r := Voucher{State: Redeemed, RedeemedOn: D(2021, 4, 7)}
	if end, ok := p.VoucherDeadline(RemindPaymentWindow, r); !ok || end != D(2021, 6, 7) {
		t.Errorf("payment window: %v %v, want the day after 6 June", end, ok)
	}
	r.PaymentWindowClosed = true
	if _, ok := p.VoucherDeadline(RemindPaymentWindow, r); ok {
		t.Error("a closed window has no reminder")
	}
}

func TestParseReminderDays(t *testing.T) {
	if got, err := ParseReminderDays("f", " 7, 30 ,1"); err != nil || FormatReminderDays(got) != "30, 7, 1" {
		t.Errorf("got %v %v", got, err)
	}
	if got, err := ParseReminderDays("f", ""); err != nil || len(got) != 0 {
		t.Errorf("empty: %v %v", got, err)
	}
	for _, bad := range []string{"0", "366", "7, 7", "x", "1,2,3,4,5,6"} {
		if _, err := ParseReminderDays("f", bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// Every voucher with a deadline of some kind in a sweep's span is within
// the span's bounds on its columns (the sweep reads only those), day by day
// across a year, for every state and a spread of expiry and redemption days.
func TestReminderSpanHoldsEveryDeadlineInIt(t *testing.T) {
	p := DefaultPolicy()
	const horizon = 30
	for today := D(2021, 1, 1); today.Before(D(2022, 3, 1)); today = today.AddDays(3) {
		span := p.ReminderSpan(today, horizon)
		for _, st := range []State{Assigned, Reserved, Reported, Redeemed} {
			for d := -90; d <= 400; d += 5 {
				v := Voucher{State: st, ExpiresOn: today.AddDays(d)}
				if st == Redeemed {
					v.RedeemedOn, v.ExpiresOn = today.AddDays(-d/4), today.AddDays(d+100)
				}
				inSpan := false
				for _, k := range voucherKinds {
					if end, ok := p.VoucherDeadline(k, v); ok && end.After(span.Today) && !end.After(span.Last) {
						inSpan = true
					}
				}
				read := false // as store.ReminderVouchers's query reads it
				switch st {
				case Assigned, Reserved:
					read = v.ExpiresOn.After(span.Today) && !v.ExpiresOn.After(span.Last)
				case Reported:
					read = v.ExpiresOn.After(span.Today) && (!v.ExpiresOn.After(span.Last) || !span.RedeemBy.After(span.Last))
				case Redeemed:
					read = !v.RedeemedOn.Before(span.RedeemedFrom) && !v.RedeemedOn.After(span.RedeemedTo)
				}
				if inSpan && !read {
					t.Fatalf("%s: a %s voucher (expires %s, redeemed %s) has a deadline in the span and is not read", today, st, v.ExpiresOn, v.RedeemedOn)
				}
			}
		}
	}
}
