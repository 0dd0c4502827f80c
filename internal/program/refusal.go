package program

import (
	"errors"
	"fmt"
)

// Code is the stable, machine-readable reason for a refusal.
type Code string

const (
	CodeCreationClosed        Code = "creation_closed"
	CodeVoucherExpired        Code = "voucher_expired"
	CodeRedemptionClosed      Code = "redemption_closed"
	CodePaymentWindowClosed   Code = "payment_window_closed"
	CodeInsufficientDays      Code = "insufficient_days"
	CodeNotEnrolled           Code = "not_enrolled"
	CodeNoQualifyingComp      Code = "no_qualifying_competency"
	CodeNoLocationInCountry   Code = "no_location_in_country"
	CodeOutsideValidity       Code = "engagement_outside_validity"
	CodeCloudRetired          Code = "cloud_engagement_retired"
	CodeConversionClosed      Code = "conversion_closed"
	CodeAccrualClosed         Code = "accrual_closed"
	CodeWrongState            Code = "wrong_state"
	CodeAlreadyReserved       Code = "already_reserved"
	CodeNotFound              Code = "not_found"
	CodeNotAllowed            Code = "not_allowed"
	CodeBenefitNotActive      Code = "benefit_not_active"
	CodeAgreementNotSigned    Code = "agreement_not_signed"
	CodeNoQualifiedConsultant Code = "no_qualified_consultant"
	CodeNotRegisteredPayment  Code = "not_registered_for_payment"
	CodeNoRate                Code = "no_payment_rate"
	CodeInvalid               Code = "invalid_input"
	CodeTooManyAttempts       Code = "too_many_attempts"
	CodeSecondFifteen         Code = "second_fifteen_day_engagement"
)

// Refusal is a rule saying no: a stable code, the rule it rests on, the date
// that rule turns on (if any) and a message a person can act on.
type Refusal struct {
	Code    Code
	Rule    string // where the rule is written, e.g. "DOMAIN.md §6"
	Date    Date   // the date the rule turns on; zero when none
	Message string
	Field   string // the form field at fault, for invalid input
	// Format and Args are the message before formatting, so that a page can
	// translate it and show its dates in the reader's language.
	Format string
	Args   []any
}

func (r *Refusal) Error() string { return fmt.Sprintf("%s: %s", r.Code, r.Message) }

func refuse(code Code, rule string, date Date, format string, args ...any) *Refusal {
	return &Refusal{Code: code, Rule: rule, Date: date, Message: english(format, args), Format: format, Args: args}
}

// Refuse is a refusal decided outside this package (a lost race, say).
func Refuse(code Code, format string, args ...any) *Refusal {
	return refuse(code, "", Date{}, format, args...)
}

// Invalid is a refusal of bad input in one field.
func Invalid(field, format string, args ...any) *Refusal {
	r := refuse(CodeInvalid, "", Date{}, format, args...)
	r.Field = field
	return r
}

// english formats a message, writing dates the long English way.
func english(format string, args []any) string {
	out := make([]any, len(args))
	for i, a := range args {
		if d, ok := a.(Date); ok {
			out[i] = d.Long()
		} else {
			out[i] = a
		}
	}
	return fmt.Sprintf(format, out...)
}

// NotFound is the one answer for anything a user may not see or that does
// not exist: the two must be indistinguishable.
func NotFound(what string) *Refusal {
	return &Refusal{Code: CodeNotFound, Message: fmt.Sprintf("No such %s.", what)}
}

// AsRefusal returns the refusal in err's chain, if there is one.
func AsRefusal(err error) (*Refusal, bool) {
	var r *Refusal
	ok := errors.As(err, &r)
	return r, ok
}

// IsCode reports whether err is a refusal with code c.
func IsCode(err error, c Code) bool {
	r, ok := AsRefusal(err)
	return ok && r.Code == c
}
