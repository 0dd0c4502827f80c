package program

import (
	"errors"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// State is where a voucher is in its lifecycle (DOMAIN.md §5).
type State string

const (
	Assigned         State = "ASSIGNED"
	Reserved         State = "RESERVED"
	Reported         State = "REPORTED"
	Redeemed         State = "REDEEMED"
	PaymentRequested State = "PAYMENT_REQUESTED"
	Paid             State = "PAID"
	Denied           State = "DENIED"
	Expired          State = "EXPIRED"
	Voided           State = "VOIDED"
)

// States lists every state in lifecycle order.
var States = []State{Assigned, Reserved, Reported, Redeemed, PaymentRequested, Paid, Denied, Expired, Voided}

// Ended reports whether nothing more can happen to a voucher in s.
func (s State) Ended() bool { return s == Paid || s == Denied || s == Expired || s == Voided }

// Unredeemed reports whether a voucher in s still holds its customer's days
// and so can expire (DOMAIN.md §5: "not yet redeemed when its validity ends").
func (s State) Unredeemed() bool { return s == Assigned || s == Reserved || s == Reported }

// Voucher is a customer's voucher for one planning engagement.
type Voucher struct {
	ID                  int64
	Code                Code12
	CustomerOrgID       int64
	EnrollmentID        int64
	Country             string // the customer enrollment's country
	EngagementType      EngagementType
	Days                int
	ProjectManagerEmail string
	State               State
	CreatedOn           Date
	ExpiresOn           Date // validity ends at this day's 00:00 program time
	PartnerOrgID        int64
	ReservedStart       Date
	RedeemedOn          Date
	PaymentWindowClosed bool
	// Statement is why the customer holds a second 15-day voucher of its
	// type (DOMAIN.md §9), read where it is shown: on validation and on the
	// voucher's page.
	Statement Statement
}

// LastValidDay is the last day anything may be done on the voucher: the day
// before its expiry (DOMAIN.md §5).
func (v Voucher) LastValidDay() Date { return v.ExpiresOn.AddDays(-1) }

// ExpiredOn reports whether the voucher's validity has ended on day d.
func (v Voucher) ExpiredOn(d Date) bool { return !d.Before(v.ExpiresOn) }

// DaysLeft is how many days remain, counting today, to act on the voucher.
func (v Voucher) DaysLeft(d Date) int {
	if n := d.DaysUntil(v.ExpiresOn); n > 0 {
		return n
	}
	return 0
}

// Outcome is what a step decides: the voucher after it, the ledger entries
// to append, the audit event and the people to notify.
type Outcome struct {
	Voucher Voucher
	Ledger  []Entry
	Event   Event
	Notify  []Notice
	// Statement is kept with a created voucher that needed one (DOMAIN.md §9).
	Statement Statement
}

// Notice is an email the step calls for; the app writes its words. It goes
// to one address (To), or to the people of organisation OrgID holding one
// of Roles.
type Notice struct {
	Kind  NoticeKind
	To    string
	OrgID int64
	Roles []Role
}

// partnerAdmins are the people of a partner who act on its vouchers.
var partnerAdmins = []Role{PartnerGlobalAdmin, PartnerAdmin}

// NoticeKind names an email.
type NoticeKind string

const (
	NoticeAssigned            NoticeKind = "voucher_assigned"
	NoticeReserved            NoticeKind = "voucher_reserved"
	NoticeReservationCanceled NoticeKind = "reservation_cancelled"
	// Issue 16: the customer hears of the report, the partner of its payment.
	NoticeReported         NoticeKind = "voucher_reported"
	NoticePaymentRequested NoticeKind = "payment_requested"
	NoticePaymentApproved  NoticeKind = "payment_approved"
	NoticePaymentDenied    NoticeKind = "payment_denied"
	// NoticeDaysRemoved is the benefit administrators' email of the days the
	// retirement removal took from an enrollment.
	NoticeDaysRemoved NoticeKind = "days_removed"
)

func (v Voucher) moved(to State, action string, details map[string]any) Outcome {
	before := v.State
	v.State = to
	return Outcome{Voucher: v, Event: Event{Action: action, Before: string(before), After: string(to), Details: details}}
}

func wrongState(v Voucher, want ...State) *Refusal {
	names := make([]string, len(want))
	for i, s := range want {
		names[i] = string(s)
	}
	return refuse(CodeWrongState, "DOMAIN.md §5", Date{},
		"Voucher %s is %s; this step needs it to be %s.", v.Code.Display(), v.State, strings.Join(names, " or "))
}

func (v Voucher) requireState(want ...State) error {
	for _, s := range want {
		if v.State == s {
			return nil
		}
	}
	return wrongState(v, want...)
}

func (v Voucher) requireValid(today Date) error {
	if v.ExpiredOn(today) {
		return refuse(CodeVoucherExpired, "DOMAIN.md §5", v.LastValidDay(),
			"Voucher %s expired: its last valid day was %s.", v.Code.Display(), v.LastValidDay())
	}
	return nil
}

// NormalizeEmail trims and lower-cases an email address and checks its form.
func NormalizeEmail(field, s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) > MaxEmail {
		return "", Invalid(field, "An email address has at most %d characters.", MaxEmail)
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.Index(s, "@"):], ".") {
		return "", Invalid(field, "Enter an email address such as name@example.com.")
	}
	return s, nil
}

// CreateInput is what a benefit administrator asks for a new voucher.
type CreateInput struct {
	Code                Code12
	EngagementType      EngagementType
	Days                int
	ProjectManagerEmail string
	// HeldFifteen is how many 15-day vouchers of the engagement type the
	// customer organisation holds (HoldsFifteen), read under the lock that
	// serializes its creations; Statement is the benefit administrator's
	// for a second one (DOMAIN.md §9).
	HeldFifteen int
	Statement   Statement
}

// CreateVoucher creates a voucher already assigned to a project manager and
// takes its days from the enrollment's ledger (DOMAIN.md §5, create + assign).
func CreateVoucher(p Policy, now time.Time, e Enrollment, in CreateInput) (Outcome, error) {
	today := p.Today(now)
	et := in.EngagementType
	switch {
	case !e.Activated:
		return Outcome{}, refuse(CodeBenefitNotActive, "DOMAIN.md §4", Date{},
			"Activate the Planning Services benefit of enrollment %s before creating vouchers.", e.AgreementNumber)
	case today.After(p.LastDayToCreate):
		return Outcome{}, refuse(CodeCreationClosed, "DOMAIN.md §6", p.LastDayToCreate,
			"The last day to create vouchers was %s.", p.LastDayToCreate)
	case et.Cloud && !today.Before(p.CloudRetiredFrom):
		return Outcome{}, refuse(CodeCloudRetired, "DOMAIN.md §6", p.CloudRetiredFrom,
			"Cloud engagements (%s) are retired: no new vouchers for them from %s.", et.Name, p.CloudRetiredFrom)
	case et.Retired:
		return Outcome{}, refuse(CodeCloudRetired, "DOMAIN.md §3", Date{},
			"The engagement type %s is retired.", et.Name)
	case LengthAllowed(in.Days, et.AllowedLengths) && e.Balance < in.Days:
		return Outcome{}, refuse(CodeInsufficientDays, "DOMAIN.md §4", Date{},
			"Enrollment %s has %d days left; a voucher of %d days needs more.", e.AgreementNumber, e.Balance, in.Days)
	}
	// The person's own choices: every problem at once.
	var problems Problems
	email, err := NormalizeEmail("project_manager_email", in.ProjectManagerEmail)
	problems.Add(err)
	if !LengthAllowed(in.Days, et.AllowedLengths) {
		problems.Add(Invalid("days", "%s allows vouchers of %s days.", et.Name, lengthsText(et.AllowedLengths)))
	}
	st, err := CheckStatement(in.Days, in.HeldFifteen, et.Name, in.Statement)
	problems.Add(err)
	if err := problems.Err(); err != nil {
		return Outcome{}, err
	}
	details := map[string]any{"days": in.Days, "engagement_type": et.Name, "project_manager": email}
	if st.Reason != "" {
		details["second_engagement"], details["second_engagement_note"] = string(st.Reason), st.Note
	}
	details["expires_on"] = p.ExpiryFor(today).String()
	v := Voucher{
		Code:                in.Code,
		CustomerOrgID:       e.OrgID,
		EnrollmentID:        e.ID,
		Country:             e.Country,
		EngagementType:      et,
		Days:                in.Days,
		ProjectManagerEmail: email,
		State:               Assigned,
		CreatedOn:           today,
		ExpiresOn:           p.ExpiryFor(today),
	}
	return Outcome{
		Voucher:   v,
		Ledger:    []Entry{{Kind: EntryVoucherCreated, Days: -in.Days, EffectiveOn: today}},
		Event:     Event{Action: "voucher.created", After: string(Assigned), Details: details},
		Notify:    []Notice{{Kind: NoticeAssigned, To: email}},
		Statement: st,
	}, nil
}

// Reassign gives an ASSIGNED voucher to another project manager; the expiry
// does not move (DOMAIN.md §5).
func (v Voucher) Reassign(p Policy, now time.Time, email string) (Outcome, error) {
	today := p.Today(now)
	email, err := NormalizeEmail("project_manager_email", email)
	if err != nil {
		return Outcome{}, err
	}
	if err := v.requireState(Assigned); err != nil {
		return Outcome{}, err
	}
	if today.After(p.LastDayToCreate) {
		return Outcome{}, refuse(CodeCreationClosed, "DOMAIN.md §6", p.LastDayToCreate,
			"The last day to assign vouchers was %s.", p.LastDayToCreate)
	}
	if err := v.requireValid(today); err != nil {
		return Outcome{}, err
	}
	if email == v.ProjectManagerEmail {
		return Outcome{}, Invalid("project_manager_email", "The voucher is already assigned to %s.", email)
	}
	before := v.ProjectManagerEmail
	v.ProjectManagerEmail = email
	o := v.moved(Assigned, "voucher.reassigned", map[string]any{"from": before, "to": email})
	o.Notify = []Notice{{Kind: NoticeAssigned, To: email}}
	return o, nil
}

// Void cancels an unused voucher and gives its days back to enrollment e
// (locked by the caller), only before 2021-07-01 and before e's remaining
// days are removed (DOMAIN.md §4).
func (v Voucher) Void(p Policy, now time.Time, e Enrollment) (Outcome, error) {
	today := p.Today(now)
	if err := v.requireState(Assigned); err != nil {
		return Outcome{}, err
	}
	if !today.Before(p.RemovalOn) || e.Removed {
		return Outcome{}, refuse(CodeCreationClosed, "DOMAIN.md §4", p.RemovalOn,
			"Vouchers could be voided only before %s, when remaining days were removed.", p.RemovalOn)
	}
	if err := v.requireValid(today); err != nil {
		return Outcome{}, err
	}
	o := v.moved(Voided, "voucher.voided", map[string]any{"days": v.Days})
	o.Ledger = []Entry{{Kind: EntryVoucherVoided, Days: v.Days, EffectiveOn: today, VoucherID: v.ID}}
	return o, nil
}

// Validate answers whether code and email name this voucher. Any mismatch is
// the same "no such voucher", never saying which part was wrong (DOMAIN.md §5).
func (v Voucher) Validate(email string) error {
	if strings.ToLower(strings.TrimSpace(email)) != v.ProjectManagerEmail {
		return NotFound("voucher")
	}
	return nil
}

// ReserveInput is a partner admin's reservation.
type ReserveInput struct {
	Partner       Partner
	Email         string // the project manager's email, as validated
	LocationID    int64
	StartOn       Date
	Consultants   []int64
	TermsAccepted bool
}

// Reserve lets the first eligible partner take an ASSIGNED voucher
// (DOMAIN.md §5, reserve).
func (v Voucher) Reserve(p Policy, now time.Time, in ReserveInput) (Outcome, error) {
	today := p.Today(now)
	if err := v.Validate(in.Email); err != nil {
		return Outcome{}, err
	}
	if err := v.reserveBlocker(today, in.Partner); err != nil {
		return Outcome{}, err
	}
	// The form's own faults, all at once.
	var errs []error
	loc, ok := Location{}, false
	for _, l := range in.Partner.Locations {
		if l.ID == in.LocationID {
			loc, ok = l, true
		}
	}
	if !ok {
		errs = append(errs, Invalid("location_id", "Choose one of your locations."))
	} else if !strings.EqualFold(loc.Country, v.Country) {
		errs = append(errs, on("location_id", refuse(CodeNoLocationInCountry, "DOMAIN.md §5", Date{},
			"The engagement must be delivered from a location in %s; %s is in %s.", v.Country, loc.Name, loc.Country)))
	}
	errs = append(errs, v.checkStart(today, in.StartOn), in.Partner.RequireTeam(v.EngagementType, in.Consultants))
	if !in.TermsAccepted {
		errs = append(errs, Invalid("terms", "Accept the program's terms to reserve the voucher."))
	}
	if err := errors.Join(errs...); err != nil {
		return Outcome{}, err
	}
	end := in.StartOn.AddDays(v.Days - 1)
	v.PartnerOrgID = in.Partner.OrgID
	v.ReservedStart = in.StartOn
	o := v.moved(Reserved, "voucher.reserved", map[string]any{
		"partner_org_id": in.Partner.OrgID, "start_on": in.StartOn.String(), "end_on": end.String(), "location": loc.Name})
	o.Notify = []Notice{{Kind: NoticeReserved, To: v.ProjectManagerEmail}}
	return o, nil
}

// Report is a partner's completion report.
type Report struct {
	DeliveredStart Date
	DeliveredEnd   Date
	Consultants    []int64
	Summary        string
	NextSteps      string
	Files          int
	// Kinds is each file's type, in the order of the files (DOMAIN.md §9).
	Kinds []DeliverableKind
	// Refused is the refusal of files the form could not take (too large,
	// of a type not accepted): the report is then refused with it, and with
	// every other fault of the form. Files and Kinds count the files sent.
	Refused error
}

// Complete records that the engagement was delivered (DOMAIN.md §5, complete).
func (v Voucher) Complete(p Policy, now time.Time, pt Partner, r Report) (Outcome, error) {
	today := p.Today(now)
	if v.PartnerOrgID != pt.OrgID {
		return Outcome{}, NotFound("voucher")
	}
	if err := v.requireState(Reserved); err != nil {
		return Outcome{}, err
	}
	if err := v.requireValid(today); err != nil {
		return Outcome{}, err
	}
	// Every fault of the form at once, each on its field.
	var errs []error
	switch {
	case r.DeliveredStart.IsZero():
		errs = append(errs, Invalid("delivered_start", "Enter the day the engagement started."))
	case r.DeliveredStart.Before(v.CreatedOn):
		errs = append(errs, Invalid("delivered_start", "The engagement cannot start before the voucher was created (%s).", v.CreatedOn))
	}
	switch {
	case r.DeliveredEnd.IsZero():
		errs = append(errs, Invalid("delivered_end", "Enter the day the engagement ended."))
	case !r.DeliveredStart.IsZero() && r.DeliveredEnd.Before(r.DeliveredStart):
		errs = append(errs, Invalid("delivered_end", "The engagement cannot end before it starts."))
	case r.DeliveredEnd.After(today):
		errs = append(errs, on("delivered_end", refuse(CodeWrongState, "DOMAIN.md §5", today,
			"An engagement can be reported once it has ended; it ends on %s.", r.DeliveredEnd)))
	}
	if len(r.Consultants) == 0 {
		errs = append(errs, Invalid("consultants", "Name the consultants who delivered the engagement."))
	} else if err := pt.RequireConsultants(r.Consultants); err != nil {
		errs = append(errs, err)
	} else if !slices.ContainsFunc(r.Consultants, func(c int64) bool { return pt.QualifiedConsultant(v.EngagementType, c) }) {
		errs = append(errs, on("consultants", refuse(CodeNoQualifiedConsultant, "DOMAIN.md §5", Date{},
			"At least one consultant who delivered it must have passed an exam of a competency that qualifies for %s.", v.EngagementType.Name)))
	}
	if strings.TrimSpace(r.Summary) == "" {
		errs = append(errs, Invalid("summary", "Write a summary of the engagement."))
	} else {
		errs = append(errs, CheckParagraphs("summary", r.Summary, MaxSummary))
	}
	errs = append(errs, CheckParagraphs("next_steps", r.NextSteps, MaxSummary), r.Refused, checkDeliverables(r.Files, r.Kinds))
	if err := errors.Join(errs...); err != nil {
		return Outcome{}, err
	}
	kinds := make([]string, len(r.Kinds))
	for i, k := range r.Kinds {
		kinds[i] = string(k)
	}
	o := v.moved(Reported, "voucher.reported", map[string]any{
		"delivered_start": r.DeliveredStart.String(), "delivered_end": r.DeliveredEnd.String(), "files": r.Files, "kinds": kinds})
	o.Notify = []Notice{{Kind: NoticeReported, To: v.ProjectManagerEmail},
		{Kind: NoticeReported, OrgID: v.CustomerOrgID, Roles: []Role{BenefitAdmin}}}
	return o, nil
}

// Redeem claims a reported voucher, through 2022-01-01 (DOMAIN.md §5).
func (v Voucher) Redeem(p Policy, now time.Time, partnerOrgID int64) (Outcome, error) {
	today := p.Today(now)
	if v.PartnerOrgID != partnerOrgID {
		return Outcome{}, NotFound("voucher")
	}
	if err := v.requireState(Reported); err != nil {
		return Outcome{}, err
	}
	if today.After(p.LastDayToRedeem) {
		return Outcome{}, refuse(CodeRedemptionClosed, "DOMAIN.md §6", p.LastDayToRedeem,
			"The last day to redeem vouchers was %s.", p.LastDayToRedeem)
	}
	if err := v.requireValid(today); err != nil {
		return Outcome{}, err
	}
	v.RedeemedOn = today
	return v.moved(Redeemed, "voucher.redeemed", map[string]any{
		"last_day_to_request_payment": p.LastDayToRequestPayment(today).String()}), nil
}

// PaymentInput is what a payment request rests on.
type PaymentInput struct {
	Registered bool   // the partner is registered for payment in the voucher's offering
	Payee      bool   // payee details exist for the delivery location
	Offering   string // for an offering-specific rate
	Rates      []Rate
}

// RequestPayment asks the program to pay for a redeemed voucher: days × the
// rate in force on the redemption date for the delivery country, within 60
// days of redemption (DOMAIN.md §3, §5).
func (v Voucher) RequestPayment(p Policy, now time.Time, partnerOrgID int64, in PaymentInput) (Outcome, Money, error) {
	today := p.Today(now)
	if v.PartnerOrgID != partnerOrgID {
		return Outcome{}, Money{}, NotFound("voucher")
	}
	if err := v.requireState(Redeemed); err != nil {
		return Outcome{}, Money{}, err
	}
	last := p.LastDayToRequestPayment(v.RedeemedOn)
	if v.PaymentWindowClosed || today.After(last) {
		return Outcome{}, Money{}, refuse(CodePaymentWindowClosed, "DOMAIN.md §5", last,
			"The last day to request payment for voucher %s was %s.", v.Code.Display(), last)
	}
	if !in.Registered {
		return Outcome{}, Money{}, refuse(CodeNotRegisteredPayment, "DOMAIN.md §9", Date{},
			"Your organisation is not registered for payment in %s: a partner global admin registers for it once per offering, then you can request payment.", v.EngagementType.Offering)
	}
	if !in.Payee {
		return Outcome{}, Money{}, refuse(CodeNotRegisteredPayment, "DOMAIN.md §9", Date{},
			"The delivery location of voucher %s has no payee: a partner global admin enters the payee details for it, then you can request payment.", v.Code.Display())
	}
	rate, ok := RateFor(in.Rates, v.Country, in.Offering, v.RedeemedOn)
	if !ok {
		return Outcome{}, Money{}, refuse(CodeNoRate, "DOMAIN.md §3", v.RedeemedOn,
			"No payment rate is in force for %s on %s; ask the program to add one.", v.Country, v.RedeemedOn)
	}
	amount := Money{Minor: rate.AmountMinor * int64(v.Days), Currency: rate.Currency}
	o := v.moved(PaymentRequested, "payment.requested", map[string]any{
		"amount_minor": amount.Minor, "currency": amount.Currency, "rate_minor": rate.AmountMinor, "days": v.Days})
	o.Notify = []Notice{{Kind: NoticePaymentRequested, OrgID: v.PartnerOrgID, Roles: partnerAdmins}}
	return o, amount, nil
}

// ApprovePayment marks a requested payment paid with its reference.
func (v Voucher) ApprovePayment(reference string) (Outcome, error) {
	if err := v.requireState(PaymentRequested); err != nil {
		return Outcome{}, err
	}
	reference = strings.TrimSpace(reference)
	if reference == "" {
		return Outcome{}, Invalid("reference", "Enter the payment reference.")
	}
	if err := CheckLine("reference", reference, MaxReference); err != nil {
		return Outcome{}, err
	}
	o := v.moved(Paid, "payment.approved", map[string]any{"reference": reference})
	o.Notify = []Notice{{Kind: NoticePaymentApproved, OrgID: v.PartnerOrgID, Roles: partnerAdmins}}
	return o, nil
}

// DenyPayment refuses a requested payment; a reason is required.
func (v Voucher) DenyPayment(reason string) (Outcome, error) {
	if err := v.requireState(PaymentRequested); err != nil {
		return Outcome{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Outcome{}, Invalid("reason", "Give the reason for denying the payment.")
	}
	if err := CheckLine("reason", reason, MaxReason); err != nil {
		return Outcome{}, err
	}
	o := v.moved(Denied, "payment.denied", map[string]any{"reason": reason})
	o.Notify = []Notice{{Kind: NoticePaymentDenied, OrgID: v.PartnerOrgID, Roles: partnerAdmins}}
	return o, nil
}

// ExtendValidity moves a live voucher's expiry later, with a written reason,
// never past the program's last day to redeem (DOMAIN.md §5).
func (v Voucher) ExtendValidity(p Policy, now time.Time, newExpiry Date, reason string) (Outcome, error) {
	if !v.State.Unredeemed() {
		return Outcome{}, wrongState(v, Assigned, Reserved, Reported)
	}
	if err := v.requireValid(p.Today(now)); err != nil {
		return Outcome{}, err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return Outcome{}, Invalid("reason", "Give the reason for the extension.")
	case CheckLine("reason", reason, MaxReason) != nil:
		return Outcome{}, CheckLine("reason", reason, MaxReason)
	case !newExpiry.After(v.ExpiresOn):
		return Outcome{}, Invalid("expires_on", "The new last valid day must be after %s.", v.LastValidDay())
	case newExpiry.AddDays(-1).After(p.LastDayToRedeem):
		return Outcome{}, refuse(CodeRedemptionClosed, "DOMAIN.md §6", p.LastDayToRedeem,
			"A voucher cannot stay valid past %s, the last day to redeem.", p.LastDayToRedeem)
	}
	before := v.ExpiresOn
	v.ExpiresOn = newExpiry
	return v.moved(v.State, "voucher.validity_extended", map[string]any{
		"from": before.String(), "to": newExpiry.String(), "reason": reason}), nil
}

// Expire ends a voucher whose validity is over. Its days come back to the
// ledger of enrollment e (locked by the caller) only when it expires before
// 2021-07-01, e's remaining days are not yet removed and it does not expire
// after e's SA end date; otherwise they are forfeited, recorded as an entry
// of 0 days with the reason (DOMAIN.md §4, §9 "SA lapse"). The entry is
// dated the expiry day, not the day the sweep ran, so a sweep that catches
// up after a clock jump writes the same ledger.
//
// SA lapse compares expires_on (the first day the voucher is no longer
// valid) with the SA end date (the last day of SA): expiring on the SA end
// date itself still returns the days. An enrollment without an SA end date
// (the zero Date: only in tests; the column is NOT NULL) never lapses.
func (v Voucher) Expire(p Policy, now time.Time, e Enrollment) (Outcome, error) {
	if !v.State.Unredeemed() {
		return Outcome{}, wrongState(v, Assigned, Reserved, Reported)
	}
	if !v.ExpiredOn(p.Today(now)) {
		return Outcome{}, refuse(CodeWrongState, "DOMAIN.md §5", v.ExpiresOn,
			"Voucher %s is valid through %s.", v.Code.Display(), v.LastValidDay())
	}
	entry := Entry{Kind: EntryVoucherExpired, Days: v.Days, EffectiveOn: v.ExpiresOn, VoucherID: v.ID,
		Note: "Unused days returned on expiry."}
	switch {
	case !v.ExpiresOn.Before(p.RemovalOn) || e.Removed:
		entry.Days = 0
		entry.Note = "Forfeited: the voucher expired on or after " + p.RemovalOn.Long() + ", when remaining days were removed."
	case e.SALapsedBy(v.ExpiresOn):
		entry.Days = 0
		entry.Note = "Forfeited: the voucher expired after " + e.SAEndDate.Long() + ", the last day of Software Assurance of enrollment " + e.AgreementNumber + "."
	}
	o := v.moved(Expired, "voucher.expired", map[string]any{"days_returned": entry.Days, "expires_on": v.ExpiresOn.String()})
	o.Ledger = []Entry{entry}
	return o, nil
}

// ClosePaymentWindow marks a REDEEMED voucher whose payment window has passed
// (DOMAIN.md §5).
func (v Voucher) ClosePaymentWindow(p Policy, now time.Time) (Outcome, error) {
	if v.State != Redeemed || v.PaymentWindowClosed {
		return Outcome{}, wrongState(v, Redeemed)
	}
	last := p.LastDayToRequestPayment(v.RedeemedOn)
	if !p.Today(now).After(last) {
		return Outcome{}, refuse(CodeWrongState, "DOMAIN.md §5", last, "The payment window is open through %s.", last)
	}
	v.PaymentWindowClosed = true
	return v.moved(Redeemed, "voucher.payment_window_closed", map[string]any{"last_day": last.String()}), nil
}
