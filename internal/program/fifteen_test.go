package program

import (
	"strings"
	"testing"
)

// DOMAIN.md §9: one 15-day voucher per engagement type, unless stated
// otherwise — at the boundaries of the rule (a 10-day voucher, the first
// 15-day one, the second) and of the note (9, 10 and MaxReason+1 characters).
func TestOneFifteenDayEngagementPerType(t *testing.T) {
	p := policyIn(mustLoad("Pacific/Auckland"))
	now := at(p, D(2021, 3, 1), 9, 0)
	create := func(days, held int, st Statement) (Outcome, error) {
		return CreateVoucher(p, now, activeEnrollment(40), CreateInput{Code: NewCode(), EngagementType: sharePoint,
			Days: days, ProjectManagerEmail: "pm@contoso.example", HeldFifteen: held, Statement: st})
	}
	ok := Statement{Reason: SecondOtherEntity, Note: "Fabrikam Ltd."}
	cases := []struct {
		name      string
		days      int
		held      int
		st        Statement
		want      Code
		wantField string
	}{
		{"a 10-day voucher when one 15-day is held", 10, 1, Statement{}, "", ""},
		{"the first 15-day voucher", 15, 0, Statement{}, "", ""},
		{"a second 15-day voucher without a statement", 15, 1, Statement{}, CodeSecondFifteen, "statement_reason"},
		{"a third one without a statement", 15, 2, Statement{}, CodeSecondFifteen, "statement_reason"},
		{"a reason without a note", 15, 1, Statement{Reason: SecondOtherProducts}, CodeInvalid, "statement_note"},
		{"a note without a reason", 15, 1, Statement{Note: "Fabrikam Ltd."}, CodeInvalid, "statement_reason"},
		{"a reason not offered", 15, 1, Statement{Reason: "because", Note: "Fabrikam Ltd."}, CodeInvalid, "statement_reason"},
		{"a note of 9 characters", 15, 1, Statement{Reason: SecondOtherEntity, Note: " 123456789 "}, CodeInvalid, "statement_note"},
		{"a note of 10 characters", 15, 1, Statement{Reason: SecondOtherEntity, Note: "1234567890"}, "", ""},
		{"a note of MaxReason characters", 15, 1, Statement{Reason: SecondOtherProducts, Note: strings.Repeat("n", MaxReason)}, "", ""},
		{"a note of MaxReason+1 characters", 15, 1, Statement{Reason: SecondOtherProducts, Note: strings.Repeat("n", MaxReason+1)}, CodeInvalid, "statement_note"},
		{"a second one with its statement", 15, 1, ok, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, err := create(c.days, c.held, c.st)
			wantCode(t, err, c.want)
			if err != nil {
				if r, _ := AsRefusal(err); r.Field != c.wantField {
					t.Errorf("field = %q, want %q (%v)", r.Field, c.wantField, err)
				}
				return
			}
			needed := c.days == 15 && c.held > 0
			if kept := !o.Statement.IsZero(); kept != needed {
				t.Errorf("statement kept = %v, want %v", kept, needed)
			}
			if _, audited := o.Event.Details["second_engagement"]; audited != needed {
				t.Errorf("statement audited = %v, want %v: %v", audited, needed, o.Event.Details)
			}
		})
	}
	// A statement offered for a voucher that needs none is not kept.
	if o, err := create(10, 1, ok); err != nil || !o.Statement.IsZero() {
		t.Errorf("10 days with a statement: %v, %+v", err, o.Statement)
	}
	// Every problem of the person's choices at once.
	_, err := create(15, 1, Statement{Reason: "x", Note: "short"})
	if n := len(Refusals(err)); n != 2 {
		t.Errorf("refusals = %d (%v), want the reason's and the note's", n, err)
	}
}

func TestHoldsFifteen(t *testing.T) {
	for _, c := range []struct {
		days  int
		state State
		want  bool
	}{
		{15, Assigned, true}, {15, Reserved, true}, {15, Reported, true}, {15, Redeemed, true},
		{15, PaymentRequested, true}, {15, Paid, true}, {15, Denied, true},
		{15, Voided, false}, {15, Expired, false}, {10, Assigned, false},
	} {
		if got := HoldsFifteen(Voucher{Days: c.days, State: c.state}); got != c.want {
			t.Errorf("%d days %s: %v, want %v", c.days, c.state, got, c.want)
		}
	}
}
