package program

import (
	"fmt"
	"slices"
	"strings"
)

// Level is a partner competency level.
type Level string

const (
	Silver Level = "silver"
	Gold   Level = "gold"
)

// AtLeast reports whether l meets min (gold meets silver).
func (l Level) AtLeast(min Level) bool { return l == Gold || l == min }

// Qualification is one competency that qualifies a partner for an engagement
// type, at a minimum level.
type Qualification struct {
	CompetencyID int64
	Competency   string
	MinLevel     Level
}

// EngagementType is a kind of planning engagement (DOMAIN.md §3).
type EngagementType struct {
	ID             int64
	Name           string
	Offering       string
	Cloud          bool
	AllowedLengths []int
	Retired        bool
	Qualifying     []Qualification // any one of them qualifies
}

// HeldCompetency is a competency a partner holds, in force from ValidFrom
// through ValidTo (zero: open-ended).
type HeldCompetency struct {
	CompetencyID int64
	Level        Level
	ValidFrom    Date
	ValidTo      Date
}

// PartnerEnrollment is a partner's approved enrollment in an offering, in
// force from ValidFrom through ValidTo.
type PartnerEnrollment struct {
	Offering  string
	ValidFrom Date
	ValidTo   Date
}

// Location is a partner location.
type Location struct {
	ID      int64
	Name    string
	Country string
}

// Partner is what the program knows of a partner when it decides whether it
// may take a voucher: the facts behind the eligibility checklist.
type Partner struct {
	OrgID           int64
	AgreementSigned bool
	Enrollments     []PartnerEnrollment
	Competencies    []HeldCompetency
	Locations       []Location
	// Consultants are the user ids of the organisation's consultants: the
	// only people a reservation or a report may name.
	Consultants []int64
	// ConsultantCompetencies: for each consultant (user id), the competencies
	// of the exams they passed.
	ConsultantCompetencies map[int64][]int64
}

// RequireConsultants refuses a list of people to name on an engagement
// unless each is one of the partner's consultants (a list may be empty
// where the step allows it).
func (pt Partner) RequireConsultants(ids []int64) error {
	for _, id := range ids {
		if !slices.Contains(pt.Consultants, id) {
			return Invalid("consultants", "Name only consultants of your organisation.")
		}
	}
	return nil
}

func within(d, from, to Date) bool {
	return !d.Before(from) && (to.IsZero() || !d.After(to))
}

// EnrolledIn is the partner's enrollment in offering in force on day d.
func (pt Partner) EnrolledIn(offering string, d Date) (PartnerEnrollment, bool) {
	for _, e := range pt.Enrollments {
		if e.Offering == offering && within(d, e.ValidFrom, e.ValidTo) {
			return e, true
		}
	}
	return PartnerEnrollment{}, false
}

// Qualifies reports whether the partner holds, on day d, any competency that
// qualifies for et at its level.
func (pt Partner) Qualifies(et EngagementType, d Date) bool {
	for _, q := range et.Qualifying {
		for _, c := range pt.Competencies {
			if c.CompetencyID == q.CompetencyID && c.Level.AtLeast(q.MinLevel) && within(d, c.ValidFrom, c.ValidTo) {
				return true
			}
		}
	}
	return false
}

// QualifiedConsultant reports whether consultant passed an exam of a
// competency that qualifies for et.
func (pt Partner) QualifiedConsultant(et EngagementType, consultant int64) bool {
	for _, comp := range pt.ConsultantCompetencies[consultant] {
		for _, q := range et.Qualifying {
			if q.CompetencyID == comp {
				return true
			}
		}
	}
	return false
}

// LocationIn is the partner's first location in country.
func (pt Partner) LocationIn(country string) (Location, bool) {
	for _, l := range pt.Locations {
		if strings.EqualFold(l.Country, country) {
			return l, true
		}
	}
	return Location{}, false
}

// Requirement is one line of a partner's eligibility checklist.
type Requirement struct {
	Code   Code // the refusal a reservation would meet when it is not met
	Label  string
	Met    bool
	Detail string // what is held, or what is missing
	// DetailFormat and DetailArgs are Detail before formatting, for a page
	// to translate.
	DetailFormat string
	DetailArgs   []any
}

func (r *Requirement) detail(format string, args ...any) {
	r.DetailFormat, r.DetailArgs, r.Detail = format, args, english(format, args)
}

// Eligibility is the checklist of what a partner needs, on day d, to deliver
// et (DOMAIN.md §5, reserve). The country line is included when country is
// given. The same checklist guards Reserve, so the page and the rule agree.
func Eligibility(et EngagementType, pt Partner, d Date, country string) []Requirement {
	agreement := Requirement{Code: CodeAgreementNotSigned, Label: "Program agreement signed", Met: pt.AgreementSigned}
	if !pt.AgreementSigned {
		agreement.detail("A partner global admin must sign the program agreement.")
	}
	enr, ok := pt.EnrolledIn(et.Offering, d)
	enrolled := Requirement{Code: CodeNotEnrolled, Label: "Enrolled in " + et.Offering, Met: ok}
	if ok {
		enrolled.detail("Enrolled until %s.", enr.ValidTo)
	} else {
		enrolled.detail("Request enrollment in %s; a global admin approves it.", et.Offering)
	}
	var names []string
	for _, q := range et.Qualifying {
		names = append(names, fmt.Sprintf("%s %s", titleLevel(q.MinLevel), q.Competency))
	}
	competency := Requirement{Code: CodeNoQualifyingComp, Label: "Qualifying competency", Met: pt.Qualifies(et, d)}
	competency.detail("Any of: %s.", strings.Join(names, "; "))
	qualified := false
	for id := range pt.ConsultantCompetencies {
		if pt.QualifiedConsultant(et, id) {
			qualified = true
		}
	}
	consultant := Requirement{Code: CodeNoQualifiedConsultant, Label: "A consultant with a qualifying exam", Met: qualified}
	if !qualified {
		consultant.detail("At least one consultant must record an exam of a qualifying competency.")
	}
	reqs := []Requirement{agreement, enrolled, competency, consultant}
	if country != "" {
		_, ok := pt.LocationIn(country)
		location := Requirement{Code: CodeNoLocationInCountry, Label: "A location in " + country, Met: ok}
		if !ok {
			location.detail("Add a location in %s.", country)
		}
		reqs = append(reqs, location)
	}
	return reqs
}

func titleLevel(l Level) string {
	if l == Gold {
		return "Gold"
	}
	return "Silver/Gold"
}

// Rate is a payment rate: an amount per day in minor units of a currency.
type Rate struct {
	Country     string
	Offering    string // empty: any offering
	Currency    string
	AmountMinor int64
	ValidFrom   Date
	ValidTo     Date
}

// RateFor is the rate in force on day d for a delivery country and offering;
// a rate for the offering wins over a general one (DOMAIN.md §3).
func RateFor(rates []Rate, country, offering string, d Date) (Rate, bool) {
	var best Rate
	found := false
	for _, r := range rates {
		if !strings.EqualFold(r.Country, country) || !within(d, r.ValidFrom, r.ValidTo) {
			continue
		}
		if r.Offering != "" && r.Offering != offering {
			continue
		}
		if !found || (best.Offering == "" && r.Offering != "") {
			best, found = r, true
		}
	}
	return best, found
}

// Money is an amount in minor units of a currency; never a float.
type Money struct {
	Minor    int64
	Currency string
}

// String shows money as "1,234.56 USD" (two minor digits).
func (m Money) String() string {
	neg := m.Minor < 0
	v := m.Minor
	if neg {
		v = -v
	}
	whole := fmt.Sprint(v / 100)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	s := fmt.Sprintf("%s.%02d %s", b.String(), v%100, m.Currency)
	if neg {
		s = "-" + s
	}
	return s
}

// FirstMissing is the first requirement of a checklist that is not met, the
// one to see to first (nil when every one is).
func FirstMissing(reqs []Requirement) *Requirement {
	for _, r := range reqs {
		if !r.Met {
			return &r
		}
	}
	return nil
}

// Eligible reports whether every requirement of the checklist, but a
// location in a customer's country, is met on day d.
func Eligible(et EngagementType, pt Partner, d Date) bool {
	for _, r := range Eligibility(et, pt, d, "") {
		if !r.Met {
			return false
		}
	}
	return !et.Retired
}
