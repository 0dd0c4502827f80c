package program

import (
	"strings"
	"testing"
	"time"
)

// workZones adds a zone far ahead of UTC to the boundary tests of the
// partner's work (issue 18 asks for Pacific/Auckland).
var workZones = append(append([]*time.Location(nil), zones...), mustLoad("Pacific/Auckland"))

func TestCancelNeedsAReason(t *testing.T) {
	p := DefaultPolicy()
	now := at(p, D(2021, 3, 1), 9, 0)
	v := reservedBy(p, D(2021, 1, 1), 20)
	cases := []struct {
		name  string
		c     Cancellation
		want  Code
		field string
	}{
		{"no reason", Cancellation{}, CodeInvalid, "reason"},
		{"unknown reason", Cancellation{Reason: "bored"}, CodeInvalid, "reason"},
		{"offering changed", Cancellation{Reason: CancelOfferingChanged}, "", ""},
		{"will not take place", Cancellation{Reason: CancelWillNotTakePlace}, "", ""},
		{"another partner", Cancellation{Reason: CancelOtherPartner, Note: "Chose Contoso Consulting"}, "", ""},
		{"other without a note", Cancellation{Reason: CancelOther, Note: "   "}, CodeInvalid, "note"},
		{"other with a note", Cancellation{Reason: CancelOther, Note: "Budget frozen until autumn"}, "", ""},
		{"note at its limit", Cancellation{Reason: CancelOther, Note: strings.Repeat("n", MaxReason)}, "", ""},
		{"note one past its limit", Cancellation{Reason: CancelOther, Note: strings.Repeat("n", MaxReason+1)}, CodeInvalid, "note"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, err := v.CancelReservation(p, now, 20, c.c)
			wantCode(t, err, c.want)
			if err != nil {
				if r, _ := AsRefusal(err); r.Field != c.field {
					t.Errorf("field = %q, want %q", r.Field, c.field)
				}
				return
			}
			if o.Voucher.State != Assigned || o.Voucher.ExpiresOn != v.ExpiresOn || o.Event.Details["reason"] != string(c.c.Reason) ||
				o.Notify[0].Kind != NoticeReservationCanceled {
				t.Errorf("outcome = %+v", o)
			}
		})
	}
	// Both faults at once: no reason and a note too long.
	_, err := v.CancelReservation(p, now, 20, Cancellation{Note: strings.Repeat("n", MaxReason+1)})
	if got := len(Refusals(err)); got != 2 {
		t.Errorf("refusals = %d (%v), want 2", got, err)
	}
}

func TestRescheduleValidityWindow(t *testing.T) {
	for _, loc := range workZones {
		p := policyIn(loc)
		v := reservedBy(p, D(2021, 1, 1), 20) // 3 days; last valid day 2021-06-29
		v.ReservedStart = D(2021, 3, 10)
		for _, c := range []struct {
			start Date
			want  Code
		}{
			{D(2021, 2, 28), CodeOutsideValidity}, // the day before today
			{D(2021, 3, 1), ""},                   // today
			{D(2021, 3, 2), ""},                   // the day after today
			{D(2021, 6, 26), ""},                  // ends the day before the last valid day
			{D(2021, 6, 27), ""},                  // ends on the last valid day
			{D(2021, 6, 28), CodeOutsideValidity}, // would end on the expiry day
		} {
			t.Run(loc.String()+"/start "+c.start.String(), func(t *testing.T) {
				// 00:00 and 23:59 of the same program-local day decide alike.
				for _, now := range []time.Time{at(p, D(2021, 3, 1), 0, 0), at(p, D(2021, 3, 1), 23, 59)} {
					o, err := v.Reschedule(p, now, RescheduleInput{Partner: fabrikam(),
						Current: Schedule{StartOn: D(2021, 3, 10), Consultants: []int64{99}},
						New:     Schedule{StartOn: c.start, Consultants: []int64{99}}})
					wantCode(t, err, c.want)
					if err != nil {
						if r, _ := AsRefusal(err); r.Field != "start_on" {
							t.Errorf("field = %q", r.Field)
						}
						continue
					}
					if o.Voucher.ReservedStart != c.start || o.Voucher.ExpiresOn != v.ExpiresOn || o.Voucher.State != Reserved ||
						o.Event.Details["from_start"] != "2021-03-10" || o.Event.Details["to_start"] != c.start.String() ||
						o.Event.Details["to_end"] != c.start.AddDays(2).String() || o.Notify[0].Kind != NoticeRescheduled {
						t.Errorf("outcome = %+v", o)
					}
				}
			})
		}
		// The day after, the same start is in the past.
		_, err := v.Reschedule(p, at(p, D(2021, 3, 2), 0, 0), RescheduleInput{Partner: fabrikam(),
			Current: Schedule{StartOn: D(2021, 3, 10)}, New: Schedule{StartOn: D(2021, 3, 1)}})
		wantCode(t, err, CodeOutsideValidity)
	}
}

func TestRescheduleGuards(t *testing.T) {
	p := DefaultPolicy()
	now := at(p, D(2021, 3, 1), 9, 0)
	v := reservedBy(p, D(2021, 1, 1), 20)
	v.ReservedStart = D(2021, 3, 10)
	current := Schedule{StartOn: D(2021, 3, 10), Consultants: []int64{99}}
	cases := []struct {
		name string
		mod  func(*Voucher, *RescheduleInput)
		want Code
	}{
		{"new start", func(_ *Voucher, in *RescheduleInput) { in.New.StartOn = D(2021, 3, 15) }, ""},
		{"new consultants only", func(_ *Voucher, in *RescheduleInput) { in.New.Consultants = []int64{98, 99} }, ""},
		{"nothing changed", func(*Voucher, *RescheduleInput) {}, CodeInvalid},
		{"no start", func(_ *Voucher, in *RescheduleInput) { in.New.StartOn = Date{} }, CodeInvalid},
		{"someone not of the partner", func(_ *Voucher, in *RescheduleInput) { in.New.Consultants = []int64{99, 7} }, CodeInvalid},
		{"no one named qualified", func(_ *Voucher, in *RescheduleInput) { in.New.Consultants = []int64{98} }, CodeNoQualifiedConsultant},
		{"the partner has no qualified consultant", func(_ *Voucher, in *RescheduleInput) {
			in.Partner.ConsultantCompetencies = nil
			in.New.StartOn = D(2021, 3, 15)
		}, CodeNoQualifiedConsultant},
		{"another partner's", func(_ *Voucher, in *RescheduleInput) { in.Partner.OrgID = 21 }, CodeNotFound},
		{"reported already", func(v *Voucher, in *RescheduleInput) { v.State = Reported; in.New.StartOn = D(2021, 3, 15) }, CodeWrongState},
		{"expired, not yet swept", func(v *Voucher, in *RescheduleInput) { v.ExpiresOn = D(2021, 3, 1); in.New.StartOn = D(2021, 3, 15) }, CodeVoucherExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vv := v
			in := RescheduleInput{Partner: fabrikam(), Current: current, New: current}
			c.mod(&vv, &in)
			_, err := vv.Reschedule(p, now, in)
			wantCode(t, err, c.want)
		})
	}
	// A start out of the window and an unqualified team: both at once.
	_, err := v.Reschedule(p, now, RescheduleInput{Partner: fabrikam(), Current: current,
		New: Schedule{StartOn: D(2021, 2, 1), Consultants: []int64{98}}})
	if got := len(Refusals(err)); got != 2 {
		t.Errorf("refusals = %d (%v), want 2", got, err)
	}
}

func TestReserveNeedsAQualifiedConsultant(t *testing.T) {
	p := DefaultPolicy()
	now := at(p, D(2021, 3, 1), 9, 0)
	v := assigned(p, D(2021, 1, 1))
	pt := fabrikam()
	pt.ConsultantCompetencies = map[int64][]int64{98: {7}} // an exam of another competency
	_, err := v.Reserve(p, now, ReserveInput{Partner: pt, Email: "pm@contoso.example", LocationID: 3, StartOn: D(2021, 3, 10), TermsAccepted: true})
	wantCode(t, err, CodeNoQualifiedConsultant)
	// Naming only an unqualified consultant is refused too.
	_, err = v.Reserve(p, now, ReserveInput{Partner: fabrikam(), Email: "pm@contoso.example", LocationID: 3, StartOn: D(2021, 3, 10),
		Consultants: []int64{98}, TermsAccepted: true})
	wantCode(t, err, CodeNoQualifiedConsultant)
	// Every fault of the form at once: no location, a start in the past, terms.
	_, err = v.Reserve(p, now, ReserveInput{Partner: fabrikam(), Email: "pm@contoso.example", StartOn: D(2021, 2, 1)})
	fields := map[string]bool{}
	for _, r := range Refusals(err) {
		fields[r.Field] = true
	}
	if !fields["location_id"] || !fields["start_on"] || !fields["terms"] {
		t.Errorf("fields = %v (%v)", fields, err)
	}
}

func TestReserveChecks(t *testing.T) {
	for _, loc := range workZones {
		p := policyIn(loc)
		v := assigned(p, D(2021, 1, 1)) // expires 2021-06-30
		cases := []struct {
			name  string
			mod   func(*Voucher, *Partner)
			today Date
			unmet Code
		}{
			{"every check met", func(*Voucher, *Partner) {}, D(2021, 3, 1), ""},
			{"last valid day", func(*Voucher, *Partner) {}, D(2021, 6, 29), ""},
			{"expiry day", func(*Voucher, *Partner) {}, D(2021, 6, 30), CodeVoucherExpired},
			{"reserved by another partner", func(v *Voucher, _ *Partner) { v.State, v.PartnerOrgID = Reserved, 21 }, D(2021, 3, 1), CodeAlreadyReserved},
			{"reserved by us", func(v *Voucher, _ *Partner) { v.State, v.PartnerOrgID = Reserved, 20 }, D(2021, 3, 1), CodeAlreadyReserved},
			{"voided", func(v *Voucher, _ *Partner) { v.State = Voided }, D(2021, 3, 1), CodeWrongState},
			{"no location in the country", func(v *Voucher, _ *Partner) { v.Country = "DE" }, D(2021, 3, 1), CodeNoLocationInCountry},
			{"no qualified consultant", func(_ *Voucher, pt *Partner) { pt.ConsultantCompetencies = nil }, D(2021, 3, 1), CodeNoQualifiedConsultant},
			{"enrollment ended the day before", func(_ *Voucher, pt *Partner) { pt.Enrollments[0].ValidTo = D(2021, 2, 28) }, D(2021, 3, 1), CodeNotEnrolled},
			{"enrollment ends today", func(_ *Voucher, pt *Partner) { pt.Enrollments[0].ValidTo = D(2021, 3, 1) }, D(2021, 3, 1), ""},
		}
		for _, c := range cases {
			t.Run(loc.String()+"/"+c.name, func(t *testing.T) {
				vv, pt := v, fabrikam()
				pt.Enrollments[0].ValidTo = D(2021, 12, 31)
				c.mod(&vv, &pt)
				checks := vv.ReserveChecks(c.today, pt)
				var unmet []Code
				for _, r := range checks {
					if !r.Met {
						unmet = append(unmet, r.Code)
					}
				}
				if (c.unmet == "") != CanReserve(checks) || (c.unmet != "" && (len(unmet) == 0 || unmet[0] != c.unmet)) {
					t.Fatalf("unmet = %v, want first %q", unmet, c.unmet)
				}
				// Reserve agrees with the checklist.
				_, err := vv.Reserve(p, at(p, c.today, 12, 0), ReserveInput{Partner: pt, Email: "pm@contoso.example", LocationID: 3,
					StartOn: c.today, Consultants: []int64{99}, TermsAccepted: true})
				if c.unmet == CodeVoucherExpired || c.unmet == "" && c.today == D(2021, 6, 29) {
					// a 3-day engagement cannot start on the last valid day: the
					// checklist is about the voucher, the start about the form
					return
				}
				wantCode(t, err, c.unmet)
			})
		}
	}
}

func TestDeliverableTypes(t *testing.T) {
	p := DefaultPolicy()
	v := reservedBy(p, D(2021, 1, 1), 20)
	now := at(p, D(2021, 3, 10), 9, 0)
	good := Report{DeliveredStart: D(2021, 3, 8), DeliveredEnd: D(2021, 3, 10), Consultants: []int64{99}, Summary: "Done"}
	cases := []struct {
		name  string
		kinds []DeliverableKind
		want  Code
	}{
		{"a deployment plan", []DeliverableKind{DeploymentPlan}, ""},
		{"each type but a proof of concept", []DeliverableKind{UpgradePlan, MigrationPlan, VisionScope, PlanningToolOutput}, ""},
		{"a plan and a pilot", []DeliverableKind{ProofOfConcept, MigrationPlan}, ""},
		{"only a proof of concept", []DeliverableKind{ProofOfConcept}, CodeOnlyProofOfConcept},
		{"only pilots", []DeliverableKind{ProofOfConcept, ProofOfConcept}, CodeOnlyProofOfConcept},
		{"no type", []DeliverableKind{""}, CodeInvalid},
		{"an unknown type", []DeliverableKind{"slides"}, CodeInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := good
			r.Files, r.Kinds = len(c.kinds), c.kinds
			o, err := v.Complete(p, now, fabrikam(), r)
			wantCode(t, err, c.want)
			if err != nil {
				rf, _ := AsRefusal(err)
				if rf.Field != "files" {
					t.Errorf("field = %q", rf.Field)
				}
				if c.want == CodeOnlyProofOfConcept && (rf.Rule != "DOMAIN.md §9" || !strings.Contains(rf.Message, "rule on deliverable types")) {
					t.Errorf("refusal does not name its rule: %+v", rf)
				}
				return
			}
			if got := o.Event.Details["kinds"].([]string); len(got) != len(c.kinds) {
				t.Errorf("kinds = %v", got)
			}
		})
	}
	// Every fault of the report at once.
	_, err := v.Complete(p, now, fabrikam(), Report{DeliveredEnd: D(2021, 3, 11), Kinds: []DeliverableKind{ProofOfConcept}, Files: 1})
	fields := map[string]bool{}
	for _, r := range Refusals(err) {
		fields[r.Field] = true
	}
	for _, f := range []string{"delivered_start", "delivered_end", "consultants", "summary", "files"} {
		if !fields[f] {
			t.Errorf("no refusal on %s: %v", f, err)
		}
	}
}
