package program

import (
	"strings"
	"unicode/utf8"
)

// DOMAIN.md §9, one 15-day engagement per type: a customer organisation may
// hold only one 15-day voucher of an engagement type that is not VOIDED and
// did not expire unused, unless the benefit administrator states that the
// next one is for another division or legal entity, or for other products.

// SecondReason is why a customer holds another 15-day voucher of a type.
type SecondReason string

const (
	SecondOtherEntity   SecondReason = "other_entity"
	SecondOtherProducts SecondReason = "other_products"
)

// SecondReasons are the statements a benefit administrator may make, in
// the order the form offers them.
var SecondReasons = []SecondReason{SecondOtherEntity, SecondOtherProducts}

// MinStatementNote is the shortest note a statement takes, in characters.
const MinStatementNote = 10

// Statement is the benefit administrator's word that a second 15-day
// voucher of a type is for another division or legal entity, or for other
// products, with a note that says which.
type Statement struct {
	Reason SecondReason
	Note   string
}

// IsZero reports whether no statement was made.
func (s Statement) IsZero() bool { return s.Reason == "" && strings.TrimSpace(s.Note) == "" }

// HoldsFifteen reports whether a voucher counts against the one 15-day
// engagement of its type: 15 days, neither voided nor expired unused
// (an expired voucher was never redeemed: see Voucher.Expire).
func HoldsFifteen(v Voucher) bool {
	return v.Days == 15 && v.State != Voided && v.State != Expired
}

// NeedsStatement reports whether a voucher of days needs a statement when
// the customer already holds held 15-day vouchers of its type.
func NeedsStatement(days, held int) bool { return days == 15 && held > 0 }

// CheckStatement is the statement a voucher of days keeps, when the
// customer already holds held 15-day vouchers of its engagement type
// (typeName): none is needed for a shorter voucher or a first 15-day one
// (and none is kept); a second one is refused without a reason and a note
// of at least MinStatementNote characters. Each problem is a refusal of
// its field (statement_reason, statement_note), reported together.
func CheckStatement(days, held int, typeName string, s Statement) (Statement, error) {
	if !NeedsStatement(days, held) {
		return Statement{}, nil
	}
	s.Note = strings.TrimSpace(s.Note)
	if s.Reason == "" && s.Note == "" {
		r := refuse(CodeSecondFifteen, "DOMAIN.md §9", Date{}, "Your organisation already holds a 15-day voucher for %s: another one needs your statement that it is for another division or legal entity, or for other products, with a note.", typeName)
		r.Field = "statement_reason"
		return Statement{}, r
	}
	var p Problems
	switch s.Reason {
	case SecondOtherEntity, SecondOtherProducts:
	case "":
		p.Add(Invalid("statement_reason", "Say whether this voucher is for another division or legal entity, or for other products."))
	default:
		p.Add(Invalid("statement_reason", "Choose one of the reasons offered."))
	}
	if err := CheckParagraphs("statement_note", s.Note, MaxReason); err != nil {
		p.Add(err)
	} else if utf8.RuneCountInString(s.Note) < MinStatementNote {
		p.Add(Invalid("statement_note", "Write at least %d characters on which division, legal entity or products this voucher is for.", MinStatementNote))
	}
	return s, p.Err()
}
