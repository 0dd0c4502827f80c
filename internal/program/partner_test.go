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
		{"too early to renew (61 days left)", nil, "SDPS", false, D(2021, 3, 31), CodeWrongState},
		{"renewal window opens (59 days left)", nil, "SDPS", false, D(2021, 4, 2), ""},
		{"expired", nil, "SDPS", false, D(2021, 6, 1), ""},
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
