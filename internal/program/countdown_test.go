package program

import "testing"

func TestCustomerCountdown(t *testing.T) {
	p := DefaultPolicy()
	cases := []struct {
		today Date
		want  Countdown
	}{
		{D(2021, 3, 1), Countdown{CountdownCreate, D(2021, 6, 30), 121}},
		{D(2021, 6, 30), Countdown{CountdownCreate, D(2021, 6, 30), 0}},
		{D(2021, 7, 1), Countdown{Kind: CountdownRemoved, Date: D(2021, 7, 1)}},
	}
	for _, c := range cases {
		if got := p.CustomerCountdown(c.today); got != c.want {
			t.Errorf("%v: %+v, want %+v", c.today, got, c.want)
		}
	}
}

func TestAttentionAndOffers(t *testing.T) {
	p := DefaultPolicy()
	v := assigned(p, D(2021, 1, 1)) // expires 2021-06-30
	if v.ExpiringSoon(D(2021, 5, 30)) || !v.ExpiringSoon(D(2021, 5, 31)) || v.ExpiringSoon(D(2021, 6, 30)) {
		t.Error("ExpiringSoon at the 30-day boundary")
	}
	if !v.CanVoid(p, D(2021, 6, 29)) || v.CanVoid(p, D(2021, 6, 30)) {
		t.Error("CanVoid")
	}
	if !v.CanReassign(p, D(2021, 6, 29)) {
		t.Error("CanReassign")
	}
	e := activeEnrollment(12)
	if e.DaysAtRisk(p, D(2021, 6, 30)) != 12 || e.DaysAtRisk(p, D(2021, 7, 1)) != 0 {
		t.Error("DaysAtRisk")
	}
	if !p.ConversionOpen(D(2020, 1, 31)) || p.ConversionOpen(D(2020, 2, 1)) || p.CloudRetired(D(2020, 1, 31)) || !p.CloudRetired(D(2020, 2, 1)) {
		t.Error("open/closed")
	}
	only := sharePoint
	only.AllowedLengths = []int{1, 5, 15}
	if got := LengthsFor(only, 10); len(got) != 2 || got[1] != 5 {
		t.Errorf("LengthsFor = %v", got)
	}
}
