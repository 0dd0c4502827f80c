package program

import (
	"strings"
	"testing"
	"time"
)

// An enrollment valid 2020-06-01 – 2021-05-31 may be renewed in its last 90
// days, from 2021-03-03 through 2021-05-31 (DOMAIN.md §9).
func TestRequestRenewalToTheDay(t *testing.T) {
	e := PartnerEnrollment{Offering: "SDPS", ValidFrom: D(2020, 6, 1), ValidTo: D(2021, 5, 31)}
	if got := e.RenewableFrom(); got != D(2021, 3, 3) {
		t.Fatalf("renewable from %v, want 2021-03-03", got)
	}
	for _, c := range []struct {
		name    string
		today   Date
		pending bool
		want    Code
		date    Date
	}{
		{"day before the window", D(2021, 3, 2), false, CodeWrongState, D(2021, 3, 3)},
		{"first day of the window", D(2021, 3, 3), false, "", Date{}},
		{"day after the window opens", D(2021, 3, 4), false, "", Date{}},
		{"day before the last day", D(2021, 5, 30), false, "", Date{}},
		{"last day", D(2021, 5, 31), false, "", Date{}},
		{"day after the last day", D(2021, 6, 1), false, CodeWrongState, D(2021, 5, 31)},
		{"already asked", D(2021, 4, 1), true, CodeWrongState, Date{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := e.RequestRenewal(c.today, c.pending)
			wantCode(t, err, c.want)
			if r, ok := AsRefusal(err); ok && r.Date != c.date {
				t.Errorf("refusal date %v, want %v", r.Date, c.date)
			}
			if got, want := e.Renewable(c.today), c.want == "" || c.pending; got != want {
				t.Errorf("Renewable(%v) = %v", c.today, got)
			}
		})
	}
	err := e.RequestRenewal(D(2021, 3, 2), false)
	if r, _ := AsRefusal(err); r == nil || !strings.Contains(r.Message, "from 3 March 2021") {
		t.Errorf("early refusal does not say when: %v", err)
	}
}

// The renewal runs one more year from the current end, not from approval.
func TestRenewedFromTheCurrentEnd(t *testing.T) {
	for _, c := range []struct{ to, want Date }{
		{D(2021, 5, 31), D(2022, 5, 31)},
		{D(2021, 2, 28), D(2022, 2, 28)},
		{D(2020, 2, 28), D(2021, 2, 28)}, // runs 2020-02-29 – 2021-02-28
		{D(2020, 2, 29), D(2021, 2, 28)}, // runs 2020-03-01 – 2021-02-28
		{D(2021, 12, 31), D(2022, 12, 31)},
	} {
		e := PartnerEnrollment{Offering: "SDPS", ValidFrom: c.to.AddDays(-364), ValidTo: c.to}
		got := e.Renewed()
		if got.ValidTo != c.want || got.ValidFrom != e.ValidFrom || got.Offering != "SDPS" {
			t.Errorf("renewing an enrollment ending %v: %+v, want it to end %v", c.to, got, c.want)
		}
	}
}

// An enrollment past its end no longer counts for eligibility or a
// reservation; renewed, it counts again through its new end.
func TestEnrollmentEndForEligibility(t *testing.T) {
	pt := fabrikam() // SDPS until 2021-05-31
	for _, c := range []struct {
		day  Date
		want bool
	}{{D(2021, 5, 30), true}, {D(2021, 5, 31), true}, {D(2021, 6, 1), false}} {
		if _, ok := pt.EnrolledIn("SDPS", c.day); ok != c.want {
			t.Errorf("enrolled on %v = %v", c.day, ok)
		}
	}
	pt.Enrollments[0] = pt.Enrollments[0].Renewed()
	for _, c := range []struct {
		day  Date
		want bool
	}{{D(2021, 6, 1), true}, {D(2022, 5, 31), true}, {D(2022, 6, 1), false}} {
		if _, ok := pt.EnrolledIn("SDPS", c.day); ok != c.want {
			t.Errorf("renewed: enrolled on %v = %v", c.day, ok)
		}
	}
}

// The renewal window opens at 00:00 program time of 2021-03-03, whatever the
// zone: in Pacific/Auckland that is 2021-03-02 11:00 UTC.
func TestRenewalWindowInProgramTime(t *testing.T) {
	auckland, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Fatal(err)
	}
	e := PartnerEnrollment{Offering: "SDPS", ValidFrom: D(2020, 6, 1), ValidTo: D(2021, 5, 31)}
	for _, loc := range append(zones, auckland) {
		p := policyIn(loc)
		for i, m := range around(p) {
			want := []Code{CodeWrongState, "", ""}[i]
			t.Run(loc.String()+"/opens/"+m.name, func(t *testing.T) {
				wantCode(t, e.RequestRenewal(p.Today(m.day(e.RenewableFrom())), false), want)
			})
		}
		// And closes when the last day is over: the day after ValidTo.
		for i, m := range around(p) {
			want := []Code{"", "", CodeWrongState}[i]
			t.Run(loc.String()+"/closes/"+m.name, func(t *testing.T) {
				wantCode(t, e.RequestRenewal(p.Today(m.day(e.ValidTo)), false), want)
			})
		}
	}
	p := policyIn(auckland)
	if got := p.Today(time.Date(2021, 3, 2, 11, 0, 0, 0, time.UTC)); got != D(2021, 3, 3) {
		t.Errorf("11:00 UTC on 2 March is %v in Auckland, want 3 March", got)
	}
	if err := e.RequestRenewal(p.Today(time.Date(2021, 3, 2, 10, 59, 0, 0, time.UTC)), false); !IsCode(err, CodeWrongState) {
		t.Errorf("10:59 UTC on 2 March (23:59 in Auckland): %v", err)
	}
}
