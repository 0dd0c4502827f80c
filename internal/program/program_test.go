package program

import (
	"testing"
	"time"
)

var losAngeles = mustLoad("America/Los_Angeles")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// zones runs each boundary test in UTC and in a zone behind it, where a
// program-local day ends 7 or 8 hours after UTC's.
var zones = []*time.Location{time.UTC, losAngeles}

func policyIn(loc *time.Location) Policy {
	p := DefaultPolicy()
	p.Location = loc
	return p
}

// at is a moment on day d at hh:mm program-local time.
func at(p Policy, d Date, hh, mm int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hh, mm, 0, 0, p.Location)
}

// around is the last minute of the day before d, d's first minute, and the
// first minute of the day after: the three moments every boundary is tested at.
type moment struct {
	name string
	day  func(Date) time.Time
}

func around(p Policy) []moment {
	return []moment{
		{"day before, 23:59", func(d Date) time.Time { return at(p, d.AddDays(-1), 23, 59) }},
		{"day of, 00:00", func(d Date) time.Time { return at(p, d, 0, 0) }},
		{"day after, 00:00", func(d Date) time.Time { return at(p, d.AddDays(1), 0, 0) }},
	}
}

func wantCode(t *testing.T, err error, want Code) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("want success, got %v", err)
		}
		return
	}
	if !IsCode(err, want) {
		t.Fatalf("want refusal %q, got %v", want, err)
	}
	r, _ := AsRefusal(err)
	if r.Message == "" {
		t.Fatalf("refusal %q has no message", want)
	}
}

var sharePoint = EngagementType{ID: 7, Name: "SharePoint Deployment Planning", Offering: "SDPS",
	AllowedLengths: []int{1, 3, 5, 10, 15}, Qualifying: []Qualification{{CompetencyID: 1, Competency: "Collaboration and Content", MinLevel: Silver}}}
var azure = EngagementType{ID: 12, Name: "Azure Cloud Migration Planning", Offering: "AZDPS", Cloud: true,
	Qualifying: []Qualification{{CompetencyID: 2, Competency: "Cloud Platform", MinLevel: Silver}}}

func activeEnrollment(balance int) Enrollment {
	return Enrollment{ID: 1, OrgID: 10, AgreementNumber: "SA-1", Country: "US", Activated: true, Balance: balance}
}

func TestCreateVoucherLastDayToCreate(t *testing.T) {
	for _, loc := range zones {
		p := policyIn(loc)
		cases := []struct {
			name string
			now  time.Time
			want Code
		}{
			{"2021-06-29 23:59", at(p, D(2021, 6, 29), 23, 59), ""},
			{"2021-06-30 00:00", at(p, D(2021, 6, 30), 0, 0), ""},
			{"2021-06-30 23:59", at(p, D(2021, 6, 30), 23, 59), ""},
			{"2021-07-01 00:00", at(p, D(2021, 7, 1), 0, 0), CodeCreationClosed},
		}
		for _, c := range cases {
			t.Run(loc.String()+"/"+c.name, func(t *testing.T) {
				o, err := CreateVoucher(p, c.now, activeEnrollment(40), CreateInput{Code: "ABCDEFGHJKM0", EngagementType: sharePoint, Days: 3, ProjectManagerEmail: "PM@Contoso.example "})
				wantCode(t, err, c.want)
				if err != nil {
					if r, _ := AsRefusal(err); r.Date != D(2021, 6, 30) || r.Message != "The last day to create vouchers was 30 June 2021." {
						t.Errorf("refusal = %+v", r)
					}
					return
				}
				if o.Voucher.State != Assigned || o.Voucher.ProjectManagerEmail != "pm@contoso.example" {
					t.Errorf("voucher = %+v", o.Voucher)
				}
				if o.Voucher.ExpiresOn != p.Today(c.now).AddDays(180) {
					t.Errorf("expires %v, want created + 180", o.Voucher.ExpiresOn)
				}
				if len(o.Ledger) != 1 || o.Ledger[0].Days != -3 || o.Ledger[0].Kind != EntryVoucherCreated {
					t.Errorf("ledger = %+v", o.Ledger)
				}
				if len(o.Notify) != 1 || o.Notify[0].Kind != NoticeAssigned || o.Notify[0].To != "pm@contoso.example" {
					t.Errorf("notify = %+v", o.Notify)
				}
			})
		}
	}
}

func TestCreateVoucherInLosAngelesUsesLocalDay(t *testing.T) {
	// 2021-07-01 05:00 UTC is still 30 June in Los Angeles.
	now := time.Date(2021, 7, 1, 5, 0, 0, 0, time.UTC)
	in := CreateInput{Code: "ABCDEFGHJKM0", EngagementType: sharePoint, Days: 1, ProjectManagerEmail: "pm@contoso.example"}
	_, err := CreateVoucher(policyIn(losAngeles), now, activeEnrollment(5), in)
	wantCode(t, err, "")
	_, err = CreateVoucher(policyIn(time.UTC), now, activeEnrollment(5), in)
	wantCode(t, err, CodeCreationClosed)
}

func TestCreateVoucherGuards(t *testing.T) {
	p := DefaultPolicy()
	now := at(p, D(2021, 3, 1), 12, 0)
	base := CreateInput{Code: "ABCDEFGHJKM0", EngagementType: sharePoint, Days: 3, ProjectManagerEmail: "pm@contoso.example"}
	inactive := activeEnrollment(40)
	inactive.Activated = false
	only2 := sharePoint
	only2.AllowedLengths = []int{1, 5}
	retired := sharePoint
	retired.Retired = true
	cases := []struct {
		name string
		e    Enrollment
		mod  func(*CreateInput)
		want Code
	}{
		{"benefit not active", inactive, nil, CodeBenefitNotActive},
		{"balance exactly enough", activeEnrollment(3), nil, ""},
		{"one day short", activeEnrollment(2), nil, CodeInsufficientDays},
		{"length not in catalog", activeEnrollment(40), func(in *CreateInput) { in.Days = 4 }, CodeInvalid},
		{"more than 15", activeEnrollment(40), func(in *CreateInput) { in.Days = 20 }, CodeInvalid},
		{"length not allowed by type", activeEnrollment(40), func(in *CreateInput) { in.EngagementType = only2 }, CodeInvalid},
		{"retired type", activeEnrollment(40), func(in *CreateInput) { in.EngagementType = retired }, CodeCloudRetired},
		{"bad email", activeEnrollment(40), func(in *CreateInput) { in.ProjectManagerEmail = "not-an-email" }, CodeInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base
			if c.mod != nil {
				c.mod(&in)
			}
			_, err := CreateVoucher(p, now, c.e, in)
			wantCode(t, err, c.want)
		})
	}
}

func TestCloudRetiredFrom(t *testing.T) {
	for _, loc := range zones {
		p := policyIn(loc)
		for i, m := range around(p) {
			want := []Code{"", CodeCloudRetired, CodeCloudRetired}[i]
			t.Run(loc.String()+"/"+m.name, func(t *testing.T) {
				_, err := CreateVoucher(p, m.day(D(2020, 2, 1)), activeEnrollment(40),
					CreateInput{Code: "ABCDEFGHJKM0", EngagementType: azure, Days: 5, ProjectManagerEmail: "pm@contoso.example"})
				wantCode(t, err, want)
			})
		}
	}
}

func TestConvertTrainingClosedFrom(t *testing.T) {
	for _, loc := range zones {
		p := policyIn(loc)
		for i, m := range around(p) {
			want := []Code{"", CodeConversionClosed, CodeConversionClosed}[i]
			t.Run(loc.String()+"/"+m.name, func(t *testing.T) {
				e, _, err := activeEnrollment(0).ConvertTraining(p, m.day(D(2020, 2, 1)), 4)
				wantCode(t, err, want)
				if err == nil && (e.Days != 4 || e.Kind != EntryTrainingConversion) {
					t.Errorf("entry = %+v", e)
				}
			})
		}
	}
	p := DefaultPolicy()
	p.ConversionNum, p.ConversionDen = 1, 2
	e, _, err := activeEnrollment(0).ConvertTraining(p, at(p, D(2020, 1, 1), 0, 0), 5)
	if err != nil || e.Days != 2 {
		t.Errorf("ratio 1:2 of 5 = %+v, %v; want 2 days", e, err)
	}
	_, _, err = activeEnrollment(0).ConvertTraining(p, at(p, D(2020, 1, 1), 0, 0), 1)
	wantCode(t, err, CodeInvalid)
}

func TestAccrualClosedFrom(t *testing.T) {
	for _, loc := range zones {
		p := policyIn(loc)
		for i, m := range around(p) {
			want := []Code{"", CodeAccrualClosed, CodeAccrualClosed}[i]
			t.Run(loc.String()+"/"+m.name, func(t *testing.T) {
				_, _, err := activeEnrollment(0).RecordAccrual(p, m.day(D(2021, 2, 1)), 10, D(2021, 1, 15), "Q4")
				wantCode(t, err, want)
			})
		}
	}
	p := DefaultPolicy()
	now := at(p, D(2021, 1, 20), 0, 0)
	_, _, err := activeEnrollment(0).RecordAccrual(p, now, 10, D(2021, 1, 21), "")
	wantCode(t, err, CodeInvalid) // in the future
	_, _, err = activeEnrollment(0).RecordAccrual(p, now, 0, D(2021, 1, 1), "")
	wantCode(t, err, CodeInvalid)
}

func TestActivate(t *testing.T) {
	p := DefaultPolicy()
	e := activeEnrollment(0)
	e.Activated = false
	e2, ev, err := e.Activate(p, at(p, D(2021, 3, 1), 0, 0))
	if err != nil || !e2.Activated || ev.Action != "benefit.activated" {
		t.Fatalf("activate = %+v %+v %v", e2, ev, err)
	}
	_, _, err = e2.Activate(p, at(p, D(2021, 3, 1), 0, 0))
	wantCode(t, err, CodeWrongState)
	_, _, err = e.Activate(p, at(p, D(2021, 7, 1), 0, 0))
	wantCode(t, err, CodeCreationClosed)
}

func assigned(p Policy, created Date) Voucher {
	return Voucher{ID: 5, Code: "ABCDEFGHJKM0", CustomerOrgID: 10, EnrollmentID: 1, Country: "US", EngagementType: sharePoint,
		Days: 3, ProjectManagerEmail: "pm@contoso.example", State: Assigned, CreatedOn: created, ExpiresOn: p.ExpiryFor(created)}
}

func TestVoidBeforeRemoval(t *testing.T) {
	for _, loc := range zones {
		p := policyIn(loc)
		for i, m := range around(p) {
			want := []Code{"", CodeCreationClosed, CodeCreationClosed}[i]
			t.Run(loc.String()+"/"+m.name, func(t *testing.T) {
				o, err := assigned(p, D(2021, 6, 1)).Void(p, m.day(D(2021, 7, 1)), Enrollment{})
				wantCode(t, err, want)
				if err == nil && (o.Voucher.State != Voided || o.Ledger[0].Days != 3 || o.Ledger[0].Kind != EntryVoucherVoided) {
					t.Errorf("outcome = %+v", o)
				}
			})
		}
	}
	p := DefaultPolicy()
	v := assigned(p, D(2021, 1, 1))
	v.State = Reserved
	_, err := v.Void(p, at(p, D(2021, 3, 1), 0, 0), Enrollment{})
	wantCode(t, err, CodeWrongState)
	// Once the enrollment's days are removed, nothing gives days back,
	// even on a day before the removal (a sweep that got there first).
	v.State = Assigned
	_, err = v.Void(p, at(p, D(2021, 6, 30), 23, 59), Enrollment{Removed: true})
	wantCode(t, err, CodeCreationClosed)
	o, err := v.Expire(p, at(p, D(2021, 7, 1), 0, 0), Enrollment{Removed: true})
	if err != nil || o.Ledger[0].Days != 0 {
		t.Errorf("expiry after the removal returns %+v, %v", o.Ledger, err)
	}
}

func TestReassignKeepsExpiry(t *testing.T) {
	p := DefaultPolicy()
	v := assigned(p, D(2021, 1, 10))
	o, err := v.Reassign(p, at(p, D(2021, 6, 30), 23, 0), "other@contoso.example")
	if err != nil || o.Voucher.ExpiresOn != v.ExpiresOn || o.Voucher.ProjectManagerEmail != "other@contoso.example" {
		t.Fatalf("reassign = %+v, %v", o.Voucher, err)
	}
	_, err = v.Reassign(p, at(p, D(2021, 7, 1), 0, 0), "other@contoso.example")
	wantCode(t, err, CodeCreationClosed)
	_, err = v.Reassign(p, at(p, D(2021, 3, 1), 0, 0), "pm@contoso.example")
	wantCode(t, err, CodeInvalid)
}

func fabrikam() Partner {
	return Partner{
		OrgID: 20, AgreementSigned: true,
		Enrollments:            []PartnerEnrollment{{Offering: "SDPS", ValidFrom: D(2020, 6, 1), ValidTo: D(2021, 5, 31)}},
		Competencies:           []HeldCompetency{{CompetencyID: 1, Level: Gold, ValidFrom: D(2019, 1, 1)}},
		Locations:              []Location{{ID: 3, Name: "Seattle", Country: "US"}, {ID: 4, Name: "Paris", Country: "FR"}},
		Consultants:            []int64{98, 99},
		ConsultantCompetencies: map[int64][]int64{99: {1}},
	}
}

func TestReserveValidityWindow(t *testing.T) {
	for _, loc := range zones {
		p := policyIn(loc)
		v := assigned(p, D(2021, 1, 1)) // expires 2021-06-30, last valid day 2021-06-29
		if v.LastValidDay() != D(2021, 6, 29) {
			t.Fatalf("last valid day = %v", v.LastValidDay())
		}
		now := at(p, D(2021, 3, 1), 9, 0)
		cases := []struct {
			start Date
			want  Code
		}{
			{D(2021, 2, 28), CodeOutsideValidity}, // before today
			{D(2021, 3, 1), ""},                   // today
			{D(2021, 6, 27), ""},                  // 3 days ending on the last valid day
			{D(2021, 6, 28), CodeOutsideValidity}, // would end on the expiry day
		}
		for _, c := range cases {
			t.Run(loc.String()+"/start "+c.start.String(), func(t *testing.T) {
				pt := fabrikam()
				pt.Enrollments[0].ValidTo = D(2021, 12, 31)
				o, err := v.Reserve(p, now, ReserveInput{Partner: pt, Email: "pm@contoso.example", LocationID: 3, StartOn: c.start, TermsAccepted: true})
				wantCode(t, err, c.want)
				if err == nil && (o.Voucher.State != Reserved || o.Voucher.PartnerOrgID != 20 || o.Notify[0].Kind != NoticeReserved) {
					t.Errorf("outcome = %+v", o)
				}
			})
		}
	}
}

func TestReserveGuards(t *testing.T) {
	p := DefaultPolicy()
	now := at(p, D(2021, 3, 1), 9, 0)
	v := assigned(p, D(2021, 1, 1))
	start := D(2021, 3, 10)
	cases := []struct {
		name string
		mod  func(*Voucher, *ReserveInput)
		want Code
	}{
		{"eligible", func(*Voucher, *ReserveInput) {}, ""},
		{"wrong email", func(_ *Voucher, in *ReserveInput) { in.Email = "x@contoso.example" }, CodeNotFound},
		{"agreement unsigned", func(_ *Voucher, in *ReserveInput) { in.Partner.AgreementSigned = false }, CodeAgreementNotSigned},
		{"enrollment ended the day before", func(_ *Voucher, in *ReserveInput) { in.Partner.Enrollments[0].ValidTo = D(2021, 2, 28) }, CodeNotEnrolled},
		{"enrollment ends today", func(_ *Voucher, in *ReserveInput) { in.Partner.Enrollments[0].ValidTo = D(2021, 3, 1) }, ""},
		{"no qualifying competency", func(_ *Voucher, in *ReserveInput) { in.Partner.Competencies = nil }, CodeNoQualifyingComp},
		{"gold required, silver held", func(v *Voucher, in *ReserveInput) {
			v.EngagementType.Qualifying[0].MinLevel = Gold
			in.Partner.Competencies[0].Level = Silver
		}, CodeNoQualifyingComp},
		{"no location in country", func(v *Voucher, in *ReserveInput) { v.Country = "DE" }, CodeNoLocationInCountry},
		{"location in another country chosen", func(_ *Voucher, in *ReserveInput) { in.LocationID = 4 }, CodeNoLocationInCountry},
		{"terms not accepted", func(_ *Voucher, in *ReserveInput) { in.TermsAccepted = false }, CodeInvalid},
		{"already reserved", func(v *Voucher, _ *ReserveInput) { v.State, v.PartnerOrgID = Reserved, 21 }, CodeAlreadyReserved},
		{"voided", func(v *Voucher, _ *ReserveInput) { v.State = Voided }, CodeWrongState},
		{"expired but not yet swept", func(v *Voucher, _ *ReserveInput) { v.ExpiresOn = D(2021, 3, 1) }, CodeVoucherExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vv := v
			vv.EngagementType.Qualifying = append([]Qualification(nil), v.EngagementType.Qualifying...)
			in := ReserveInput{Partner: fabrikam(), Email: "PM@contoso.example", LocationID: 3, StartOn: start, TermsAccepted: true}
			c.mod(&vv, &in)
			_, err := vv.Reserve(p, now, in)
			wantCode(t, err, c.want)
		})
	}
}

func reservedBy(p Policy, created Date, partner int64) Voucher {
	v := assigned(p, created)
	v.State, v.PartnerOrgID = Reserved, partner
	return v
}

func TestCancelReservation(t *testing.T) {
	p := DefaultPolicy()
	v := reservedBy(p, D(2021, 1, 1), 20)
	o, err := v.CancelReservation(p, at(p, D(2021, 3, 1), 0, 0), 20, Cancellation{Reason: CancelOtherPartner})
	if err != nil || o.Voucher.State != Assigned || o.Voucher.PartnerOrgID != 0 || o.Voucher.ExpiresOn != v.ExpiresOn {
		t.Fatalf("cancel = %+v, %v", o.Voucher, err)
	}
	_, err = v.CancelReservation(p, at(p, D(2021, 3, 1), 0, 0), 21, Cancellation{Reason: CancelOtherPartner})
	wantCode(t, err, CodeNotFound)
	_, err = o.Voucher.CancelReservation(p, at(p, D(2021, 3, 1), 0, 0), 20, Cancellation{Reason: CancelOtherPartner})
	wantCode(t, err, CodeNotFound)
}

func TestCompleteGuards(t *testing.T) {
	p := DefaultPolicy()
	v := reservedBy(p, D(2021, 1, 1), 20)
	now := at(p, D(2021, 3, 10), 9, 0)
	good := Report{DeliveredStart: D(2021, 3, 8), DeliveredEnd: D(2021, 3, 10), Consultants: []int64{99}, Summary: "Done", Files: 1, Kinds: []DeliverableKind{DeploymentPlan}}
	cases := []struct {
		name string
		mod  func(*Report)
		want Code
	}{
		{"ended today", func(*Report) {}, ""},
		{"ends tomorrow", func(r *Report) { r.DeliveredEnd = D(2021, 3, 11) }, CodeWrongState},
		{"end before start", func(r *Report) { r.DeliveredStart = D(2021, 3, 10); r.DeliveredEnd = D(2021, 3, 9) }, CodeInvalid},
		{"no summary", func(r *Report) { r.Summary = "  " }, CodeInvalid},
		{"no file", func(r *Report) { r.Files = 0 }, CodeInvalid},
		{"no consultant", func(r *Report) { r.Consultants = nil }, CodeInvalid},
		{"unqualified consultant", func(r *Report) { r.Consultants = []int64{98} }, CodeNoQualifiedConsultant},
		{"someone not of the partner", func(r *Report) { r.Consultants = []int64{99, 7} }, CodeInvalid},
		{"before the voucher existed", func(r *Report) { r.DeliveredStart = D(2020, 12, 31) }, CodeInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := good
			c.mod(&r)
			o, err := v.Complete(p, now, fabrikam(), r)
			wantCode(t, err, c.want)
			if err == nil && o.Voucher.State != Reported {
				t.Errorf("state = %v", o.Voucher.State)
			}
		})
	}
	other := fabrikam()
	other.OrgID = 21
	_, err := v.Complete(p, now, other, good)
	wantCode(t, err, CodeNotFound)
}

func TestRedeemLastDay(t *testing.T) {
	for _, loc := range zones {
		p := policyIn(loc)
		for i, m := range []moment{
			{"2022-01-01 23:59", func(Date) time.Time { return at(p, D(2022, 1, 1), 23, 59) }},
			{"2022-01-02 00:00", func(Date) time.Time { return at(p, D(2022, 1, 2), 0, 0) }},
		} {
			want := []Code{"", CodeRedemptionClosed}[i]
			t.Run(loc.String()+"/"+m.name, func(t *testing.T) {
				v := reservedBy(p, D(2021, 6, 30), 20) // valid through 2021-12-26... extended below
				v.State = Reported
				v.ExpiresOn = D(2022, 1, 2)
				o, err := v.Redeem(p, m.day(Date{}), 20)
				wantCode(t, err, want)
				if err == nil && (o.Voucher.State != Redeemed || o.Voucher.RedeemedOn != D(2022, 1, 1)) {
					t.Errorf("outcome = %+v", o.Voucher)
				}
			})
		}
	}
	p := DefaultPolicy()
	v := reservedBy(p, D(2021, 1, 1), 20)
	v.State = Reported
	_, err := v.Redeem(p, at(p, v.ExpiresOn, 0, 0), 20)
	wantCode(t, err, CodeVoucherExpired)
	_, err = v.Redeem(p, at(p, v.LastValidDay(), 23, 59), 20)
	wantCode(t, err, "")
}

var usRate = []Rate{{Country: "US", Currency: "USD", AmountMinor: 100000, ValidFrom: D(2019, 1, 1)}}

func TestRequestPaymentWindow(t *testing.T) {
	for _, loc := range zones {
		p := policyIn(loc)
		v := reservedBy(p, D(2021, 1, 1), 20)
		v.State, v.RedeemedOn = Redeemed, D(2021, 3, 1)
		last := D(2021, 4, 30) // 1 March + 60 days
		if p.LastDayToRequestPayment(v.RedeemedOn) != last {
			t.Fatalf("last day = %v", p.LastDayToRequestPayment(v.RedeemedOn))
		}
		for i, m := range around(p) {
			want := []Code{"", "", CodePaymentWindowClosed}[i]
			t.Run(loc.String()+"/"+m.name, func(t *testing.T) {
				o, amount, err := v.RequestPayment(p, m.day(last), 20, PaymentInput{Registered: true, Payee: true, Rates: usRate})
				wantCode(t, err, want)
				if err == nil && (o.Voucher.State != PaymentRequested || amount != (Money{300000, "USD"})) {
					t.Errorf("outcome = %+v %v", o.Voucher, amount)
				}
			})
		}
	}
	p := DefaultPolicy()
	v := reservedBy(p, D(2021, 1, 1), 20)
	v.State, v.RedeemedOn = Redeemed, D(2021, 3, 1)
	now := at(p, D(2021, 3, 2), 0, 0)
	_, _, err := v.RequestPayment(p, now, 20, PaymentInput{Registered: false, Rates: usRate})
	wantCode(t, err, CodeNotRegisteredPayment)
	_, _, err = v.RequestPayment(p, now, 20, PaymentInput{Registered: true, Payee: true})
	wantCode(t, err, CodeNoRate)
	_, _, err = v.RequestPayment(p, now, 21, PaymentInput{Registered: true, Payee: true, Rates: usRate})
	wantCode(t, err, CodeNotFound)
	v.PaymentWindowClosed = true
	_, _, err = v.RequestPayment(p, now, 20, PaymentInput{Registered: true, Payee: true, Rates: usRate})
	wantCode(t, err, CodePaymentWindowClosed)
}

func TestDecidePayment(t *testing.T) {
	p := DefaultPolicy()
	v := reservedBy(p, D(2021, 1, 1), 20)
	v.State = PaymentRequested
	o, err := v.ApprovePayment(" PAY-1 ")
	if err != nil || o.Voucher.State != Paid || o.Event.Details["reference"] != "PAY-1" {
		t.Fatalf("approve = %+v %v", o, err)
	}
	_, err = v.ApprovePayment("")
	wantCode(t, err, CodeInvalid)
	o, err = v.DenyPayment("No deliverable")
	if err != nil || o.Voucher.State != Denied {
		t.Fatalf("deny = %+v %v", o, err)
	}
	_, err = v.DenyPayment(" ")
	wantCode(t, err, CodeInvalid)
	_, err = o.Voucher.ApprovePayment("PAY-2")
	wantCode(t, err, CodeWrongState)
}

func TestExpire(t *testing.T) {
	for _, loc := range zones {
		p := policyIn(loc)
		cases := []struct {
			created    Date
			wantReturn int
		}{
			{D(2020, 12, 31), 3}, // expires 2021-06-29
			{D(2021, 1, 1), 3},   // expires 2021-06-30: still before removal
			{D(2021, 1, 2), 0},   // expires 2021-07-01: forfeited
			{D(2021, 1, 3), 0},   // expires 2021-07-02
		}
		for _, c := range cases {
			v := assigned(p, c.created)
			t.Run(loc.String()+"/expiring "+v.ExpiresOn.String(), func(t *testing.T) {
				_, err := v.Expire(p, at(p, v.ExpiresOn.AddDays(-1), 23, 59), Enrollment{})
				wantCode(t, err, CodeWrongState)
				// A sweep months late records the same entry, dated the expiry day.
				for _, now := range []time.Time{at(p, v.ExpiresOn, 0, 0), at(p, D(2022, 6, 1), 0, 0)} {
					o, err := v.Expire(p, now, Enrollment{})
					wantCode(t, err, "")
					e := o.Ledger[0]
					if o.Voucher.State != Expired || e.Days != c.wantReturn || e.EffectiveOn != v.ExpiresOn || e.Kind != EntryVoucherExpired || e.Note == "" {
						t.Errorf("outcome = %+v ledger %+v", o.Voucher, e)
					}
				}
			})
		}
	}
	p := DefaultPolicy()
	v := assigned(p, D(2021, 1, 1))
	for _, s := range []State{Redeemed, PaymentRequested, Paid, Denied, Expired, Voided} {
		v.State = s
		_, err := v.Expire(p, at(p, D(2022, 1, 1), 0, 0), Enrollment{})
		wantCode(t, err, CodeWrongState)
	}
}

func TestRetirementRemoval(t *testing.T) {
	for _, loc := range zones {
		p := policyIn(loc)
		for i, m := range around(p) {
			want := []Code{CodeWrongState, "", ""}[i]
			t.Run(loc.String()+"/"+m.name, func(t *testing.T) {
				e, _, err := activeEnrollment(17).RetirementRemoval(p, m.day(D(2021, 7, 1)))
				wantCode(t, err, want)
				if err == nil && (e.Days != -17 || e.EffectiveOn != D(2021, 7, 1) || e.Kind != EntryRetirementRemoval) {
					t.Errorf("entry = %+v", e)
				}
			})
		}
	}
	p := DefaultPolicy()
	e := activeEnrollment(0)
	e.Removed = true
	_, _, err := e.RetirementRemoval(p, at(p, D(2021, 8, 1), 0, 0))
	wantCode(t, err, CodeWrongState)
}

func TestClosePaymentWindow(t *testing.T) {
	p := DefaultPolicy()
	v := reservedBy(p, D(2021, 1, 1), 20)
	v.State, v.RedeemedOn = Redeemed, D(2021, 3, 1)
	_, err := v.ClosePaymentWindow(p, at(p, D(2021, 4, 30), 23, 59))
	wantCode(t, err, CodeWrongState)
	o, err := v.ClosePaymentWindow(p, at(p, D(2021, 5, 1), 0, 0))
	if err != nil || !o.Voucher.PaymentWindowClosed || o.Voucher.State != Redeemed {
		t.Fatalf("close = %+v %v", o.Voucher, err)
	}
	_, err = o.Voucher.ClosePaymentWindow(p, at(p, D(2021, 5, 2), 0, 0))
	wantCode(t, err, CodeWrongState)
}

func TestExtendValidity(t *testing.T) {
	p := DefaultPolicy()
	v := assigned(p, D(2021, 6, 1)) // expires 2021-11-28
	now := at(p, D(2021, 7, 1), 0, 0)
	o, err := v.ExtendValidity(p, now, D(2022, 1, 2), "90-day program extension")
	if err != nil || o.Voucher.ExpiresOn != D(2022, 1, 2) || o.Voucher.LastValidDay() != p.LastDayToRedeem {
		t.Fatalf("extend = %+v %v", o.Voucher, err)
	}
	_, err = v.ExtendValidity(p, now, D(2022, 1, 3), "too far")
	wantCode(t, err, CodeRedemptionClosed)
	_, err = v.ExtendValidity(p, now, D(2021, 12, 1), "")
	wantCode(t, err, CodeInvalid)
	_, err = v.ExtendValidity(p, now, v.ExpiresOn, "same day")
	wantCode(t, err, CodeInvalid)
	v.State = Paid
	_, err = v.ExtendValidity(p, now, D(2021, 12, 1), "ended")
	wantCode(t, err, CodeWrongState)
}

func TestEligibilityChecklist(t *testing.T) {
	pt := fabrikam()
	reqs := Eligibility(sharePoint, pt, D(2021, 3, 1), "FR")
	for _, r := range reqs {
		if !r.Met {
			t.Errorf("%s not met: %s", r.Label, r.Detail)
		}
	}
	pt.ConsultantCompetencies = nil
	reqs = Eligibility(sharePoint, pt, D(2021, 6, 1), "DE")
	met := map[Code]bool{}
	for _, r := range reqs {
		met[r.Code] = r.Met
	}
	want := map[Code]bool{CodeAgreementNotSigned: true, CodeNotEnrolled: false, CodeNoQualifyingComp: true,
		CodeNoQualifiedConsultant: false, CodeNoLocationInCountry: false}
	for c, w := range want {
		if met[c] != w {
			t.Errorf("%s met = %v, want %v", c, met[c], w)
		}
	}
	if m := FirstMissing(reqs); m == nil || m.Code != CodeNotEnrolled {
		t.Errorf("first missing: %+v", m)
	}
	if m := FirstMissing(Eligibility(sharePoint, fabrikam(), D(2021, 3, 1), "FR")); m != nil {
		t.Errorf("nothing is missing, yet: %+v", m)
	}
}

func TestRateFor(t *testing.T) {
	rates := []Rate{
		{Country: "US", Currency: "USD", AmountMinor: 100, ValidFrom: D(2019, 1, 1), ValidTo: D(2020, 12, 31)},
		{Country: "US", Currency: "USD", AmountMinor: 200, ValidFrom: D(2021, 1, 1)},
		{Country: "US", Offering: "SDPS", Currency: "USD", AmountMinor: 300, ValidFrom: D(2021, 1, 1)},
	}
	cases := []struct {
		d        Date
		offering string
		want     int64
	}{
		{D(2020, 12, 31), "DDPS", 100}, {D(2021, 1, 1), "DDPS", 200}, {D(2021, 1, 1), "SDPS", 300},
	}
	for _, c := range cases {
		r, ok := RateFor(rates, "us", c.offering, c.d)
		if !ok || r.AmountMinor != c.want {
			t.Errorf("RateFor(%v, %s) = %v %v, want %d", c.d, c.offering, r.AmountMinor, ok, c.want)
		}
	}
	if _, ok := RateFor(rates, "FR", "SDPS", D(2021, 1, 1)); ok {
		t.Error("a rate for FR was found")
	}
}

func TestMoneyString(t *testing.T) {
	for m, want := range map[Money]string{{123456789, "USD"}: "1,234,567.89 USD", {5, "EUR"}: "0.05 EUR", {-100000, "USD"}: "-1,000.00 USD"} {
		if got := m.String(); got != want {
			t.Errorf("%v = %q, want %q", m.Minor, got, want)
		}
	}
}

func TestCodes(t *testing.T) {
	seen := map[Code12]bool{}
	for range 1000 {
		c := NewCode()
		if seen[c] {
			t.Fatal("duplicate code")
		}
		seen[c] = true
		got, err := ParseCode(" " + string(c[:4]) + "-" + string(c[4:8]) + "-" + string(c[8:]) + " ")
		if err != nil || got != c {
			t.Fatalf("ParseCode(%s) = %s, %v", c.Display(), got, err)
		}
		lower := []byte(c.Display())
		for i := range lower {
			if lower[i] >= 'A' && lower[i] <= 'Z' {
				lower[i] += 'a' - 'A'
			}
		}
		if got, err := ParseCode(string(lower)); err != nil || got != c {
			t.Fatalf("lower-case %s: %s, %v", lower, got, err)
		}
		// Every single-character typo is caught.
		for i := range 12 {
			for _, r := range crockford {
				if byte(r) == c[i] {
					continue
				}
				typo := []byte(c)
				typo[i] = byte(r)
				if _, err := ParseCode(string(typo)); err == nil {
					t.Fatalf("typo %s of %s accepted", typo, c)
				}
			}
		}
	}
	for _, bad := range []string{"", "ABCD", "ABCD-EFGH-JKLU", "ABCD-EFGH-JKLM-N"} {
		if _, err := ParseCode(bad); !IsCode(err, CodeInvalid) {
			t.Errorf("ParseCode(%q) = %v", bad, err)
		}
	}
	if Code12("ABCDEFGHJKM0").Display() != "ABCD-EFGH-JKM0" {
		t.Error("display")
	}
}

func TestPermissions(t *testing.T) {
	cases := []struct {
		role Role
		act  Action
		want bool
	}{
		{BenefitAdmin, ActCreateVoucher, true},
		{ProjectManager, ActCreateVoucher, false},
		{PartnerAdmin, ActReserveVoucher, true},
		{Consultant, ActReserveVoucher, false},
		{Consultant, ActRedeemVoucher, false},
		{PartnerAdmin, ActSignAgreement, false},
		{PartnerGlobalAdmin, ActSignAgreement, true},
		{GlobalAdmin, ActDecidePayment, true},
		{PartnerAdmin, ActDecidePayment, false},
	}
	for _, c := range cases {
		if got := Can(c.role, c.act); got != c.want {
			t.Errorf("Can(%s, %s) = %v", c.role, c.act, got)
		}
		if err := Authorize(c.role, c.act); (err == nil) != c.want {
			t.Errorf("Authorize(%s, %s) = %v", c.role, c.act, err)
		}
	}
	if BenefitAdmin.Kind() != KindCustomer || Consultant.Kind() != KindPartner || GlobalAdmin.Kind() != KindProgram || Role("x").Valid() {
		t.Error("role kinds")
	}
}

func TestPolicyValidate(t *testing.T) {
	if err := DefaultPolicy().Validate(); err != nil {
		t.Fatal(err)
	}
	// Each bound and each step of the schedule's order, the day it breaks
	// and the day before, where it still holds.
	cases := []struct {
		field  string
		breaks func(*Policy)
		holds  func(*Policy)
	}{
		{"cloud_retired_from", func(p *Policy) { p.CloudRetiredFrom = p.AccrualClosedFrom },
			func(p *Policy) { p.CloudRetiredFrom = p.AccrualClosedFrom.AddDays(-1) }},
		{"conversion_closed_from", func(p *Policy) { p.ConversionClosedFrom = p.AccrualClosedFrom },
			func(p *Policy) { p.ConversionClosedFrom = p.AccrualClosedFrom.AddDays(-1) }},
		{"accrual_closed_from", func(p *Policy) { p.AccrualClosedFrom = p.LastDayToCreate },
			func(p *Policy) { p.AccrualClosedFrom = p.LastDayToCreate.AddDays(-1) }},
		{"last_day_to_create", func(p *Policy) { p.LastDayToCreate = p.RemovalOn },
			func(p *Policy) { p.LastDayToCreate = p.RemovalOn.AddDays(-1) }},
		{"last_day_to_redeem", func(p *Policy) { p.LastDayToRedeem = p.RemovalOn.AddDays(-1) },
			func(p *Policy) { p.LastDayToRedeem = p.RemovalOn }},
		{"conversion_ratio", func(p *Policy) { p.ConversionNum = 1001 }, func(p *Policy) { p.ConversionNum = 1000 }},
		{"conversion_ratio", func(p *Policy) { p.ConversionDen = 0 }, func(p *Policy) { p.ConversionDen = 1 }},
		{"validity_days", func(p *Policy) { p.ValidityDays = 3661 }, func(p *Policy) { p.ValidityDays = 3660 }},
		{"payment_window_days", func(p *Policy) { p.PaymentWindowDays = -1 }, func(p *Policy) { p.PaymentWindowDays = 0 }},
		{"last_day_to_redeem", func(p *Policy) { p.LastDayToRedeem = D(2101, 1, 1) }, func(p *Policy) { p.LastDayToRedeem = D(2100, 12, 31) }},
		{"cloud_retired_from", func(p *Policy) { p.CloudRetiredFrom = Date{} }, func(p *Policy) { p.CloudRetiredFrom = D(2000, 1, 1) }},
	}
	for _, c := range cases {
		p := DefaultPolicy()
		c.breaks(&p)
		err := p.Validate()
		if r, ok := AsRefusal(err); !ok || r.Code != CodeInvalid || r.Field != c.field {
			t.Errorf("%s broken: %v", c.field, err)
		}
		p = DefaultPolicy()
		c.holds(&p)
		if err := p.Validate(); err != nil {
			t.Errorf("%s at its bound: %v", c.field, err)
		}
	}
	if _, err := LoadLocation("Mars/Base"); !IsCode(err, CodeInvalid) {
		t.Error("unknown zone accepted")
	}
	if loc, err := LoadLocation("Europe/Paris"); err != nil || loc.String() != "Europe/Paris" {
		t.Error(err)
	}
}

func TestDates(t *testing.T) {
	d, err := ParseDate("2021-06-30")
	if err != nil || d != D(2021, 6, 30) || d.String() != "2021-06-30" || d.Long() != "30 June 2021" {
		t.Fatal(d, err)
	}
	if _, err := ParseDate("30/06/2021"); err == nil {
		t.Error("bad date parsed")
	}
	if D(2021, 1, 1).DaysUntil(D(2021, 6, 30)) != 180 || D(2021, 1, 1).AddDays(180) != D(2021, 6, 30) {
		t.Error("day arithmetic")
	}
	// Across a daylight-saving change, days are still whole.
	if D(2021, 3, 13).DaysUntil(D(2021, 3, 15)) != 2 {
		t.Error("DST")
	}
	p := policyIn(losAngeles)
	if p.StartOf(D(2021, 7, 1)).UTC() != time.Date(2021, 7, 1, 7, 0, 0, 0, time.UTC) {
		t.Error("StartOf in LA")
	}
	if DateFromTime(D(2021, 7, 1).Time()) != D(2021, 7, 1) {
		t.Error("round trip")
	}
	v := assigned(p, D(2021, 1, 1))
	if v.DaysLeft(D(2021, 6, 29)) != 1 || v.DaysLeft(D(2021, 6, 30)) != 0 {
		t.Error("days left")
	}
}

func TestSimulatedClock(t *testing.T) {
	start := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	c := NewSimulatedClock(start)
	if d := c.Now().Sub(start); d < 0 || d > time.Second {
		t.Fatalf("now = %v", c.Now())
	}
	c.Advance(48 * time.Hour)
	if got := DateIn(c.Now(), time.UTC); got != D(2021, 3, 3) {
		t.Fatalf("after advance: %v", got)
	}
	if FixedClock(start).Now() != start || (SystemClock{}).Now().Before(start) {
		t.Error("clocks")
	}
}
