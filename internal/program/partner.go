package program

import "strings"

// AgreementVersion is the program agreement partners sign.
const AgreementVersion = "2019-1"

// RenewalWindowDays is how long before an enrollment ends its partner may
// ask to renew it (DOMAIN.md §9, yearly renewal): in its last 90 days.
const RenewalWindowDays = 90

// EnrollmentPeriod is the validity of an enrollment approved on day d:
// 12 months, through the day before d's anniversary (DOMAIN.md §5 needs it
// valid on the day of a reservation).
func EnrollmentPeriod(d Date) (from, to Date) {
	to = dateOf(d.utc().AddDate(1, 0, 0)).AddDays(-1)
	return d, to
}

// RequestEnrollment decides whether a partner may ask to enroll in an
// offering on day today: the agreement must be signed, no request may be
// pending, and while an enrollment in the offering is in force the partner
// renews it instead (DOMAIN.md §9, yearly renewal: RequestRenewal).
func (pt Partner) RequestEnrollment(offering string, pending bool, today Date) error {
	if !pt.AgreementSigned {
		return refuse(CodeAgreementNotSigned, "DOMAIN.md §2", Date{}, "Sign the program agreement first.")
	}
	if pending {
		return refuse(CodeWrongState, "DOMAIN.md §5", Date{}, "A request to enroll in %s is already waiting for the program's decision.", offering)
	}
	if e, ok := pt.EnrolledIn(offering, today); ok {
		if from := e.RenewableFrom(); today.Before(from) {
			return refuse(CodeWrongState, "DOMAIN.md §9", from,
				"You are enrolled in %s until %s; you can renew from %s.", offering, e.ValidTo, from)
		}
		return refuse(CodeWrongState, "DOMAIN.md §9", Date{},
			"You are enrolled in %s until %s: ask to renew that enrollment instead.", offering, e.ValidTo)
	}
	return nil
}

// RequireAgreement refuses partner work before the program agreement is
// signed.
func (pt Partner) RequireAgreement() error {
	if !pt.AgreementSigned {
		return refuse(CodeAgreementNotSigned, "DOMAIN.md §2", Date{},
			"Your organisation has not signed the program agreement; a partner global admin must sign it first.")
	}
	return nil
}

// InvitableRole reports whether a partner global admin may invite someone
// with role r.
func InvitableRole(r Role) bool { return r == PartnerAdmin || r == Consultant }

// ValidCountry reports whether s is a two-letter country code (upper case).
func ValidCountry(s string) bool {
	return len(s) == 2 && strings.ToUpper(s) == s && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}
