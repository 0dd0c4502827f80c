package program

import (
	"strings"
	"time"
)

// How long the links sent by email stay usable (issue 12).
const (
	InvitationValidity = 7 * 24 * time.Hour
	ResetValidity      = time.Hour
)

// Refusals of accounts and their links.
const (
	CodeLinkExpired Code = "link_expired"
	CodeLinkUsed    Code = "link_used"
	CodeLastAdmin   Code = "last_admin"
)

// LinkStatus is where an emailed link (an invitation, a password reset)
// stands at a moment.
type LinkStatus string

const (
	LinkOpen     LinkStatus = "open"
	LinkExpired  LinkStatus = "expired"
	LinkAccepted LinkStatus = "accepted"
	LinkDeclined LinkStatus = "declined"
	LinkRevoked  LinkStatus = "revoked"
	LinkUsed     LinkStatus = "used" // a password reset, once used
)

// Invitation asks a person (by email) to join an organisation with a role.
// Until they accept it they are invited, not a member.
type Invitation struct {
	ID         int64
	OrgID      int64
	OrgName    string
	Email      string
	Role       Role
	InvitedBy  int64
	CreatedAt  time.Time
	ExpiresAt  time.Time
	AcceptedAt time.Time
	DeclinedAt time.Time
	RevokedAt  time.Time
}

// Status is the invitation's state at now: an answered or withdrawn
// invitation stays so; an open one expires at ExpiresAt.
func (i Invitation) Status(now time.Time) LinkStatus {
	switch {
	case !i.AcceptedAt.IsZero():
		return LinkAccepted
	case !i.DeclinedAt.IsZero():
		return LinkDeclined
	case !i.RevokedAt.IsZero():
		return LinkRevoked
	case !now.Before(i.ExpiresAt):
		return LinkExpired
	}
	return LinkOpen
}

// Answerable refuses accepting or declining an invitation that is not open
// at now, saying why (the page then offers what can still be done).
func (i Invitation) Answerable(now time.Time) error {
	switch i.Status(now) {
	case LinkExpired:
		return Refuse(CodeLinkExpired, "This invitation has expired. Ask for a new link.")
	case LinkAccepted:
		return Refuse(CodeLinkUsed, "This invitation was already accepted. Sign in to use the portal.")
	case LinkDeclined:
		return Refuse(CodeLinkUsed, "This invitation was declined.")
	case LinkRevoked:
		return Refuse(CodeLinkUsed, "This invitation was withdrawn by the organisation.")
	}
	return nil
}

// Renewable refuses sending a new link for an invitation that was answered
// or withdrawn: only an open or expired one gets a new link.
func (i Invitation) Renewable(now time.Time) error {
	switch i.Status(now) {
	case LinkOpen, LinkExpired:
		return nil
	}
	return i.Answerable(now)
}

// Renewed is the invitation with a fresh validity from now.
func (i Invitation) Renewed(now time.Time) Invitation {
	i.CreatedAt, i.ExpiresAt = now, now.Add(InvitationValidity)
	return i
}

// InvitableBy reports whether someone acting with role may invite people
// with role r into their own organisation: partner global admins invite
// partner admins and consultants, benefit administrators project managers;
// the program's global admins invite anyone into any organisation (by kind).
func InvitableBy(actor, r Role) bool {
	switch actor {
	case PartnerGlobalAdmin:
		return InvitableRole(r)
	case BenefitAdmin:
		return r == ProjectManager
	case GlobalAdmin:
		return r.Valid()
	}
	return false
}

// PasswordReset is a single-use link to set a new password.
type PasswordReset struct {
	ID        int64
	UserID    int64
	ExpiresAt time.Time
	UsedAt    time.Time
}

// Status is the reset link's state at now.
func (r PasswordReset) Status(now time.Time) LinkStatus {
	switch {
	case !r.UsedAt.IsZero():
		return LinkUsed
	case !now.Before(r.ExpiresAt):
		return LinkExpired
	}
	return LinkOpen
}

// Usable refuses a reset link that was used or has expired.
func (r PasswordReset) Usable(now time.Time) error {
	switch r.Status(now) {
	case LinkUsed:
		return Refuse(CodeLinkUsed, "This link was already used. Ask for a new one below.")
	case LinkExpired:
		return Refuse(CodeLinkExpired, "This link has expired (links last one hour). Ask for a new one below.")
	}
	return nil
}

// Leave decides whether a person with role may leave an organisation in
// which others more people hold that role: the last partner global admin or
// benefit administrator may not (the organisation would have nobody to run
// it).
func Leave(role Role, others int) error {
	if others > 0 {
		return nil
	}
	switch role {
	case PartnerGlobalAdmin:
		return Refuse(CodeLastAdmin, "You are the organisation's only partner global admin; ask another person to take the role before you leave.")
	case BenefitAdmin:
		return Refuse(CodeLastAdmin, "You are the organisation's only benefit administrator; ask another person to take the role before you leave.")
	}
	return nil
}

// PersonName checks a person's name as typed: trimmed, not empty, one line
// of at most MaxName characters.
func PersonName(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", Invalid(field, "Enter your name.")
	}
	return s, CheckLine(field, s, MaxName)
}

// Language is a language the portal speaks ("en" or "fr"); anything else
// is English.
func Language(s string) string {
	if s == "fr" {
		return "fr"
	}
	return "en"
}
