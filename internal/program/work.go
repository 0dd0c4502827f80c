package program

import (
	"errors"
	"slices"
	"strings"
	"time"
)

// The partner's work on a voucher as the program's own systems ran it
// (DOMAIN.md §5 and §9): the checklist shown on validation that also
// guards the reservation, the team named on an engagement, cancelling
// with a reason, rescheduling, and the types of deliverables.

// CodeOnlyProofOfConcept refuses a completion report whose deliverables
// are all proofs of concept or pilots (DOMAIN.md §9).
const CodeOnlyProofOfConcept Code = "only_proof_of_concept"

// NoticeRescheduled tells the project manager of new planned dates.
const NoticeRescheduled NoticeKind = "reservation_rescheduled"

// on gives a refusal the form field it is about.
func on(field string, r *Refusal) *Refusal {
	r.Field = field
	return r
}

// ReserveChecks is the checklist a partner sees on validating voucher v on
// day today: the voucher is available (assigned, not held by a partner)
// and still valid, then everything Eligibility asks of the partner in the
// customer's country. Reserve refuses on the first line not met, so the
// page and the rule agree (DOMAIN.md §5, reserve).
func (v Voucher) ReserveChecks(today Date, pt Partner) []Requirement {
	avail := Requirement{Code: CodeWrongState, Label: "Voucher available", Met: v.State == Assigned && v.PartnerOrgID == 0}
	switch {
	case v.PartnerOrgID == pt.OrgID && v.PartnerOrgID != 0:
		avail.Code = CodeAlreadyReserved
		avail.detail("Your organisation has already reserved it.")
	case v.State == Reserved || v.PartnerOrgID != 0:
		avail.Code = CodeAlreadyReserved
		avail.detail("Another partner has reserved it.")
	case v.State != Assigned:
		avail.detail("It is %s; only an assigned voucher can be reserved.", string(v.State))
	}
	valid := Requirement{Code: CodeVoucherExpired, Label: "Voucher still valid", Met: !v.ExpiredOn(today)}
	if valid.Met {
		valid.detail("Valid through %s.", v.LastValidDay())
	} else {
		valid.detail("Its last valid day was %s.", v.LastValidDay())
	}
	return append([]Requirement{avail, valid}, Eligibility(v.EngagementType, pt, today, v.Country)...)
}

// CanReserve reports whether every line of a checklist is met.
func CanReserve(checks []Requirement) bool {
	for _, r := range checks {
		if !r.Met {
			return false
		}
	}
	return true
}

// reserveBlocker is the refusal of the first line of ReserveChecks not met.
func (v Voucher) reserveBlocker(today Date, pt Partner) error {
	for _, r := range v.ReserveChecks(today, pt) {
		if r.Met {
			continue
		}
		switch r.Code {
		case CodeAlreadyReserved:
			return refuse(CodeAlreadyReserved, "DOMAIN.md §5", Date{},
				"Voucher %s has already been reserved by a partner.", v.Code.Display())
		case CodeWrongState:
			return wrongState(v, Assigned)
		case CodeVoucherExpired:
			return v.requireValid(today)
		case CodeNoQualifiedConsultant:
			return refuse(CodeNoQualifiedConsultant, "DOMAIN.md §5", Date{},
				"None of your consultants has passed an exam of a competency that qualifies for %s, so its completion report could never be accepted. A consultant must record such an exam first.",
				v.EngagementType.Name)
		}
		return refuse(r.Code, "DOMAIN.md §5", Date{}, "%s is required to reserve this voucher. %s", r.Label, r.Detail)
	}
	return nil
}

// RequireTeam checks the consultants named on an engagement of type et, at
// reservation and at rescheduling (DOMAIN.md §5, §9): each is one of the
// partner's consultants, the partner has at least one consultant who
// passed an exam of a qualifying competency, and when people are named,
// one of them has.
func (pt Partner) RequireTeam(et EngagementType, ids []int64) error {
	if err := pt.RequireConsultants(ids); err != nil {
		return err
	}
	someone := false
	for _, id := range pt.Consultants {
		someone = someone || pt.QualifiedConsultant(et, id)
	}
	for id := range pt.ConsultantCompetencies {
		someone = someone || pt.QualifiedConsultant(et, id)
	}
	if !someone {
		return on("consultants", refuse(CodeNoQualifiedConsultant, "DOMAIN.md §5", Date{},
			"None of your consultants has passed an exam of a competency that qualifies for %s, so its completion report could never be accepted. A consultant must record such an exam first.",
			et.Name))
	}
	if len(ids) == 0 {
		return nil
	}
	for _, id := range ids {
		if pt.QualifiedConsultant(et, id) {
			return nil
		}
	}
	return on("consultants", refuse(CodeNoQualifiedConsultant, "DOMAIN.md §5", Date{},
		"At least one of the consultants named must have passed an exam of a competency that qualifies for %s.", et.Name))
}

// checkStart is the planned start's rule, at reservation and at
// rescheduling: on or after today, and the whole engagement within the
// voucher's validity (start + days − 1 ≤ the last valid day).
func (v Voucher) checkStart(today, start Date) error {
	if start.IsZero() {
		return Invalid("start_on", "Enter the planned start date.")
	}
	end := start.AddDays(v.Days - 1)
	if start.Before(today) || end.After(v.LastValidDay()) {
		return on("start_on", refuse(CodeOutsideValidity, "DOMAIN.md §5", v.LastValidDay(),
			"A %d-day engagement must start on or after %s and end by %s, the voucher's last valid day.",
			v.Days, today, v.LastValidDay()))
	}
	return nil
}

// CancelReason is why a partner cancels a reservation (DOMAIN.md §9).
type CancelReason string

const (
	CancelOfferingChanged  CancelReason = "offering_changed"
	CancelWillNotTakePlace CancelReason = "not_taking_place"
	CancelOtherPartner     CancelReason = "other_partner"
	CancelOther            CancelReason = "other"
)

// CancelReasons lists the reasons in the order a form offers them.
var CancelReasons = []CancelReason{CancelOfferingChanged, CancelWillNotTakePlace, CancelOtherPartner, CancelOther}

// Label is the reason as people say it (English; pages translate it).
func (r CancelReason) Label() string {
	switch r {
	case CancelOfferingChanged:
		return "The offering or program changed"
	case CancelWillNotTakePlace:
		return "The engagement will not take place"
	case CancelOtherPartner:
		return "The customer chose another partner"
	case CancelOther:
		return "Other"
	}
	return string(r)
}

// Cancellation is a partner's reason for cancelling a reservation.
type Cancellation struct {
	Reason CancelReason
	Note   string
}

// Check is c as it is kept (the note trimmed), or why it cannot be: a
// reason is required, and "other" needs a note of at most MaxReason
// characters.
func (c Cancellation) Check() (Cancellation, error) {
	c.Note = strings.TrimSpace(c.Note)
	var errs []error
	if !slices.Contains(CancelReasons, c.Reason) {
		errs = append(errs, Invalid("reason", "Choose why the reservation is cancelled."))
	}
	if err := CheckParagraphs("note", c.Note, MaxReason); err != nil {
		errs = append(errs, err)
	} else if c.Reason == CancelOther && c.Note == "" {
		errs = append(errs, Invalid("note", "Write why the reservation is cancelled."))
	}
	return c, errors.Join(errs...)
}

// CancelReservation gives a RESERVED voucher back to its customer, for one
// of the reasons of DOMAIN.md §9; the expiry does not move (DOMAIN.md §5).
func (v Voucher) CancelReservation(p Policy, now time.Time, partnerOrgID int64, c Cancellation) (Outcome, error) {
	if v.PartnerOrgID != partnerOrgID {
		return Outcome{}, NotFound("voucher")
	}
	if err := v.requireState(Reserved); err != nil {
		return Outcome{}, err
	}
	if err := v.requireValid(p.Today(now)); err != nil {
		return Outcome{}, err
	}
	c, err := c.Check()
	if err != nil {
		return Outcome{}, err
	}
	v.PartnerOrgID = 0
	v.ReservedStart = Date{}
	o := v.moved(Assigned, "voucher.reservation_cancelled", map[string]any{
		"partner_org_id": partnerOrgID, "reason": string(c.Reason), "note": c.Note})
	o.Notify = []Notice{{Kind: NoticeReservationCanceled, To: v.ProjectManagerEmail}}
	return o, nil
}

// Schedule is a reservation's plan: its start and the consultants named.
type Schedule struct {
	StartOn     Date
	Consultants []int64
}

// RescheduleInput is a partner's change of a reservation's plan.
type RescheduleInput struct {
	Partner Partner
	Current Schedule
	New     Schedule
}

// Reschedule changes a RESERVED voucher's planned start and consultants
// under the guards of the reservation: start on or after today, the whole
// engagement within the validity, the consultants the partner's own and one
// of them qualified. The expiry never moves; the project manager is
// emailed (DOMAIN.md §9).
func (v Voucher) Reschedule(p Policy, now time.Time, in RescheduleInput) (Outcome, error) {
	today := p.Today(now)
	if v.PartnerOrgID != in.Partner.OrgID || v.PartnerOrgID == 0 {
		return Outcome{}, NotFound("voucher")
	}
	if err := v.requireState(Reserved); err != nil {
		return Outcome{}, err
	}
	if err := v.requireValid(today); err != nil {
		return Outcome{}, err
	}
	errs := []error{v.checkStart(today, in.New.StartOn), in.Partner.RequireTeam(v.EngagementType, in.New.Consultants)}
	if err := errors.Join(errs...); err != nil {
		return Outcome{}, err
	}
	from, to := in.Current, in.New
	if from.StartOn == to.StartOn && sameIDs(from.Consultants, to.Consultants) {
		return Outcome{}, Invalid("start_on", "This is the current plan: change the start date or the consultants.")
	}
	v.ReservedStart = to.StartOn
	o := v.moved(Reserved, "voucher.rescheduled", map[string]any{
		"from_start": from.StartOn.String(), "from_end": from.StartOn.AddDays(v.Days - 1).String(),
		"to_start": to.StartOn.String(), "to_end": to.StartOn.AddDays(v.Days - 1).String(),
		"from_consultants": from.Consultants, "to_consultants": to.Consultants})
	o.Notify = []Notice{{Kind: NoticeRescheduled, To: v.ProjectManagerEmail}}
	return o, nil
}

func sameIDs(a, b []int64) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// DeliverableKind is the type of a completion report's file (DOMAIN.md §9).
type DeliverableKind string

const (
	DeploymentPlan     DeliverableKind = "deployment_plan"
	UpgradePlan        DeliverableKind = "upgrade_plan"
	MigrationPlan      DeliverableKind = "migration_plan"
	VisionScope        DeliverableKind = "vision_scope"
	PlanningToolOutput DeliverableKind = "planning_tool_output"
	ProofOfConcept     DeliverableKind = "proof_of_concept"
)

// DeliverableKinds lists the types in the order a form offers them.
var DeliverableKinds = []DeliverableKind{DeploymentPlan, UpgradePlan, MigrationPlan, VisionScope, PlanningToolOutput, ProofOfConcept}

// Label is the type as people say it (English; pages translate it).
func (k DeliverableKind) Label() string {
	switch k {
	case DeploymentPlan:
		return "Deployment plan"
	case UpgradePlan:
		return "Upgrade plan"
	case MigrationPlan:
		return "Migration plan"
	case VisionScope:
		return "Vision and scope"
	case PlanningToolOutput:
		return "Planning tool output"
	case ProofOfConcept:
		return "Proof of concept / pilot"
	}
	return string(k)
}

// checkDeliverables is the rule on a report's files: at least one, each
// with its type, and not only proofs of concept or pilots, which are only a
// supplement (DOMAIN.md §9, deliverable types).
func checkDeliverables(files int, kinds []DeliverableKind) error {
	if files < 1 {
		return Invalid("files", "Attach at least one deliverable file.")
	}
	if len(kinds) != files {
		return Invalid("files", "Choose the type of each deliverable file.")
	}
	for _, k := range kinds {
		if !slices.Contains(DeliverableKinds, k) {
			return Invalid("files", "Choose the type of each deliverable file.")
		}
	}
	for _, k := range kinds {
		if k != ProofOfConcept {
			return nil
		}
	}
	return on("files", refuse(CodeOnlyProofOfConcept, "DOMAIN.md §9", Date{},
		"By the program's rule on deliverable types, a proof of concept or pilot is only a supplement: attach at least one deployment plan, upgrade plan, migration plan, vision and scope document or planning tool output."))
}

// ReportOpensOn is the first day the completion report of an engagement
// planned to end on end can be submitted: that day itself (DOMAIN.md §5:
// engagement end ≤ today).
func ReportOpensOn(end Date) Date { return end }
