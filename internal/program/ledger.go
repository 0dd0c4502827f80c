package program

import (
	"strings"
	"time"
)

// EntryKind is the kind of a days-ledger entry (DOMAIN.md §4).
type EntryKind string

const (
	EntryAccrual            EntryKind = "accrual"
	EntryTrainingConversion EntryKind = "training_conversion"
	EntryVoucherCreated     EntryKind = "voucher_created"
	EntryVoucherVoided      EntryKind = "voucher_voided"
	EntryVoucherExpired     EntryKind = "voucher_expired" // days back, or 0 when forfeited
	EntryRetirementRemoval  EntryKind = "retirement_removal"
)

// Entry is one line of a customer SA enrollment's days ledger. The balance is
// the sum of the entries.
type Entry struct {
	Kind        EntryKind
	Days        int
	EffectiveOn Date
	VoucherID   int64
	Note        string
}

// Enrollment is a customer's SA enrollment with its benefit and balance.
type Enrollment struct {
	ID              int64
	OrgID           int64
	AgreementNumber string
	Country         string
	SAEndDate       Date
	Activated       bool
	Balance         int
	Removed         bool // the retirement removal has been recorded
}

// SALapsedBy says whether SA had ended before day d: d is after the SA end
// date, the last day of SA (DOMAIN.md §9 "SA lapse"). The zero SA end date
// never lapses.
func (e Enrollment) SALapsedBy(d Date) bool { return !e.SAEndDate.IsZero() && d.After(e.SAEndDate) }

// Activate turns the Planning Services benefit on, once per enrollment.
func (e Enrollment) Activate(p Policy, now time.Time) (Enrollment, Event, error) {
	if e.Activated {
		return e, Event{}, refuse(CodeWrongState, "DOMAIN.md §4", Date{},
			"The benefit of enrollment %s is already active.", e.AgreementNumber)
	}
	if today := p.Today(now); !today.Before(p.RemovalOn) {
		return e, Event{}, refuse(CodeCreationClosed, "DOMAIN.md §6", p.RemovalOn,
			"Planning Services days were removed on %s; the benefit can no longer be activated.", p.RemovalOn)
	}
	e.Activated = true
	return e, Event{Action: "benefit.activated", Before: "inactive", After: "active"}, nil
}

// RecordAccrual adds days earned on an effective date. DOMAIN.md §4/§6: the
// effective date must be before 2021-02-01 and nothing accrues from that day
// on, whatever the effective date; an accrual cannot be dated in the future.
func (e Enrollment) RecordAccrual(p Policy, now time.Time, days int, effective Date, note string) (Entry, Event, error) {
	today := p.Today(now)
	if !today.Before(p.AccrualClosedFrom) {
		return Entry{}, Event{}, refuse(CodeAccrualClosed, "DOMAIN.md §6", p.AccrualClosedFrom,
			"No days accrue from %s on; this accrual cannot be recorded.", p.AccrualClosedFrom)
	}
	if !effective.Before(p.AccrualClosedFrom) {
		return Entry{}, Event{}, refuse(CodeAccrualClosed, "DOMAIN.md §4", p.AccrualClosedFrom,
			"An accrual must be effective before %s.", p.AccrualClosedFrom)
	}
	if effective.After(today) {
		return Entry{}, Event{}, Invalid("date", "An accrual cannot be dated after today (%s).", today)
	}
	if days < 1 || days > 10000 {
		return Entry{}, Event{}, Invalid("days", "Days must be a whole number from 1 to 10000.")
	}
	if err := CheckLine("note", note, MaxReason); err != nil {
		return Entry{}, Event{}, err
	}
	entry := Entry{Kind: EntryAccrual, Days: days, EffectiveOn: effective, Note: strings.TrimSpace(note)}
	return entry, Event{Action: "ledger.accrual", Details: map[string]any{"days": days, "effective_on": effective.String()}}, nil
}

// ConvertTraining turns training-voucher days into Planning Services days at
// the configured ratio, only before 2020-02-01 (DOMAIN.md §4).
func (e Enrollment) ConvertTraining(p Policy, now time.Time, trainingDays int) (Entry, Event, error) {
	today := p.Today(now)
	if !today.Before(p.ConversionClosedFrom) {
		return Entry{}, Event{}, refuse(CodeConversionClosed, "DOMAIN.md §6", p.ConversionClosedFrom,
			"Training days could be converted only before %s.", p.ConversionClosedFrom)
	}
	if trainingDays < 1 || trainingDays > 1000 {
		return Entry{}, Event{}, Invalid("training_days", "Training days must be a whole number from 1 to 1000.")
	}
	days := trainingDays * p.ConversionNum / p.ConversionDen
	if days < 1 {
		return Entry{}, Event{}, Invalid("training_days", "At a ratio of %d:%d, %d training days make less than one day.",
			p.ConversionDen, p.ConversionNum, trainingDays)
	}
	entry := Entry{Kind: EntryTrainingConversion, Days: days, EffectiveOn: today}
	return entry, Event{Action: "ledger.training_converted", Details: map[string]any{"training_days": trainingDays, "days": days}}, nil
}

// RetirementRemoval removes the whole remaining balance from 2021-07-01
// 00:00 (DOMAIN.md §4). It is recorded once per enrollment, even when the
// balance is already 0, so that the ledger says why nothing is left.
func (e Enrollment) RetirementRemoval(p Policy, now time.Time) (Entry, Event, error) {
	if e.Removed {
		return Entry{}, Event{}, refuse(CodeWrongState, "DOMAIN.md §4", p.RemovalOn, "The remaining days were already removed.")
	}
	if p.Today(now).Before(p.RemovalOn) {
		return Entry{}, Event{}, refuse(CodeWrongState, "DOMAIN.md §6", p.RemovalOn,
			"Remaining days are removed on %s, not before.", p.RemovalOn)
	}
	entry := Entry{Kind: EntryRetirementRemoval, Days: -e.Balance, EffectiveOn: p.RemovalOn,
		Note: "Program retirement: remaining days removed on " + p.RemovalOn.Long() + "."}
	return entry, Event{Action: "ledger.retirement_removal", Details: map[string]any{"days": e.Balance}}, nil
}

// Event is what an audit record says happened: the action, the state before
// and after, and details.
type Event struct {
	Action  string
	Before  string
	After   string
	Details map[string]any
}
