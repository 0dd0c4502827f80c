package program

import "testing"

func TestEnrollmentPeriod(t *testing.T) {
	from, to := EnrollmentPeriod(D(2021, 3, 1))
	if from != D(2021, 3, 1) || to != D(2022, 2, 28) {
		t.Errorf("period = %v – %v", from, to)
	}
	if _, to := EnrollmentPeriod(D(2020, 2, 29)); to != D(2021, 2, 28) {
		t.Errorf("leap day: to = %v", to)
	}
}

func TestRequestEnrollment(t *testing.T) {
	pt := fabrikam() // SDPS until 2021-05-31
	cases := []struct {
		name     string
		pt       func(Partner) Partner
		offering string
		pending  bool
		today    Date
		want     Code
	}{
		{"new offering", nil, "DDPS", false, D(2021, 3, 1), ""},
		{"pending", nil, "DDPS", true, D(2021, 3, 1), CodeWrongState},
		// While enrolled the partner renews instead (DOMAIN.md §9).
		{"enrolled, before the renewal window", nil, "SDPS", false, D(2021, 3, 2), CodeWrongState},
		{"enrolled, in the renewal window", nil, "SDPS", false, D(2021, 3, 3), CodeWrongState},
		{"enrolled, last day", nil, "SDPS", false, D(2021, 5, 31), CodeWrongState},
		{"ended the day before", nil, "SDPS", false, D(2021, 6, 1), ""},
		{"agreement unsigned", func(p Partner) Partner { p.AgreementSigned = false; return p }, "DDPS", false, D(2021, 3, 1), CodeAgreementNotSigned},
	}
	for _, c := range cases {
		p := pt
		if c.pt != nil {
			p = c.pt(p)
		}
		t.Run(c.name, func(t *testing.T) { wantCode(t, p.RequestEnrollment(c.offering, c.pending, c.today), c.want) })
	}
	wantCode(t, Partner{}.RequireAgreement(), CodeAgreementNotSigned)
	if !InvitableRole(Consultant) || InvitableRole(GlobalAdmin) || InvitableRole(PartnerGlobalAdmin) {
		t.Error("invitable roles")
	}
	if !ValidCountry("FR") || ValidCountry("fr") || ValidCountry("FRA") {
		t.Error("country codes")
	}
}
