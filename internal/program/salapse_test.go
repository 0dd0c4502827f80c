package program

import (
	"strings"
	"testing"
	"time"
)


// DOMAIN.md §9 "SA lapse": a voucher stays valid after its enrollment's SA
// end date, but its unused days are forfeited when it expires after that
// date; expiring on the SA end date itself still returns them.
func TestExpireSALapse(t *testing.T) {
	for _, loc := range []*time.Location{time.UTC, losAngeles, auckland} {
		p := policyIn(loc)
		v := assigned(p, D(2020, 12, 1)) // expires 2021-05-30, before the removal
		cases := []struct {
			name       string
			saEnd      Date
			wantReturn int
			wantNote   string
		}{
			{"SA ends the day after the expiry", v.ExpiresOn.AddDays(1), 3, "returned"},
			{"SA ends on the expiry day", v.ExpiresOn, 3, "returned"},
			{"SA ended the day before the expiry", v.ExpiresOn.AddDays(-1), 0, "last day of Software Assurance"},
			{"SA ended months before", v.ExpiresOn.AddDays(-100), 0, "last day of Software Assurance"},
		}
		for _, c := range cases {
			t.Run(loc.String()+"/"+c.name, func(t *testing.T) {
				e := activeEnrollment(0)
				e.SAEndDate = c.saEnd
				// Still valid to its own last day, whatever the SA end date.
				_, err := v.Expire(p, at(p, v.ExpiresOn.AddDays(-1), 23, 59), e)
				wantCode(t, err, CodeWrongState)
				for _, now := range []time.Time{at(p, v.ExpiresOn, 0, 0), at(p, D(2022, 6, 1), 0, 0)} {
					o, err := v.Expire(p, now, e)
					wantCode(t, err, "")
					l := o.Ledger[0]
					if o.Voucher.State != Expired || l.Days != c.wantReturn || l.Kind != EntryVoucherExpired || l.EffectiveOn != v.ExpiresOn {
						t.Errorf("outcome %+v, ledger %+v, want %d days back", o.Voucher, l, c.wantReturn)
					}
					if !strings.Contains(l.Note, c.wantNote) {
						t.Errorf("note %q, want it to say %q", l.Note, c.wantNote)
					}
					if got := o.Event.Details["days_returned"]; got != c.wantReturn {
						t.Errorf("audit days_returned = %v, want %d", got, c.wantReturn)
					}
				}
			})
		}
	}
}

func TestSALapsedBy(t *testing.T) {
	e := Enrollment{SAEndDate: D(2021, 3, 31)}
	for _, c := range []struct {
		d    Date
		want bool
	}{{D(2021, 3, 30), false}, {D(2021, 3, 31), false}, {D(2021, 4, 1), true}} {
		if got := e.SALapsedBy(c.d); got != c.want {
			t.Errorf("SA ending %s lapsed by %s = %v, want %v", e.SAEndDate, c.d, got, c.want)
		}
	}
	if (Enrollment{}).SALapsedBy(D(2030, 1, 1)) {
		t.Error("an enrollment without an SA end date lapsed")
	}
}
