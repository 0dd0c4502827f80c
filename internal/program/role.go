package program

// Role is what a user is inside one organisation (DOMAIN.md §2).
type Role string

const (
	BenefitAdmin       Role = "benefit_admin"
	ProjectManager     Role = "project_manager"
	PartnerGlobalAdmin Role = "partner_global_admin"
	PartnerAdmin       Role = "partner_admin"
	Consultant         Role = "consultant"
	GlobalAdmin        Role = "global_admin"
)

// OrgKind is the kind of tenant.
type OrgKind string

const (
	KindCustomer OrgKind = "customer"
	KindPartner  OrgKind = "partner"
	KindProgram  OrgKind = "program"
)

// Kind is the kind of organisation a role belongs to.
func (r Role) Kind() OrgKind {
	switch r {
	case BenefitAdmin, ProjectManager:
		return KindCustomer
	case PartnerGlobalAdmin, PartnerAdmin, Consultant:
		return KindPartner
	default:
		return KindProgram
	}
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case BenefitAdmin, ProjectManager, PartnerGlobalAdmin, PartnerAdmin, Consultant, GlobalAdmin:
		return true
	}
	return false
}

// Action is a step a person may ask for.
type Action string

const (
	ActActivateBenefit   Action = "activate_benefit"
	ActConvertTraining   Action = "convert_training"
	ActCreateVoucher     Action = "create_voucher"
	ActReassignVoucher   Action = "reassign_voucher"
	ActVoidVoucher       Action = "void_voucher"
	ActValidateVoucher   Action = "validate_voucher"
	ActReserveVoucher    Action = "reserve_voucher"
	ActCancelReservation Action = "cancel_reservation"
	ActCompleteVoucher   Action = "complete_voucher"
	ActRedeemVoucher     Action = "redeem_voucher"
	ActRequestPayment    Action = "request_payment"
	ActDecidePayment     Action = "decide_payment"
	ActExtendValidity    Action = "extend_validity"
	ActRecordAccrual     Action = "record_accrual"
	ActSignAgreement     Action = "sign_agreement"
	ActManagePartner     Action = "manage_partner" // enrollments, users, locations, payment registration
	ActRecordExam        Action = "record_exam"
	ActEditProfile       Action = "edit_profile"
	ActManageProgram     Action = "manage_program" // organisations, catalogs, policy, clock
)

// permissions is DOMAIN.md §2 and §5's "Actor" column as one table: deny by
// default, allow what is listed.
var permissions = map[Role][]Action{
	BenefitAdmin:   {ActActivateBenefit, ActConvertTraining, ActCreateVoucher, ActReassignVoucher, ActVoidVoucher},
	ProjectManager: {},
	PartnerGlobalAdmin: {ActSignAgreement, ActManagePartner, ActEditProfile, ActValidateVoucher, ActReserveVoucher,
		ActCancelReservation, ActCompleteVoucher, ActRedeemVoucher, ActRequestPayment},
	PartnerAdmin: {ActEditProfile, ActValidateVoucher, ActReserveVoucher, ActCancelReservation, ActCompleteVoucher,
		ActRedeemVoucher, ActRequestPayment},
	Consultant:  {ActRecordExam},
	GlobalAdmin: {ActDecidePayment, ActExtendValidity, ActRecordAccrual, ActManageProgram},
}

// Can reports whether role may take action.
func Can(role Role, a Action) bool {
	for _, x := range permissions[role] {
		if x == a {
			return true
		}
	}
	return false
}

// Authorize refuses an action the role may not take.
func Authorize(role Role, a Action) error {
	if Can(role, a) {
		return nil
	}
	return refuse(CodeNotAllowed, "DOMAIN.md §2", Date{}, "Your role in this organisation does not allow this action.")
}
