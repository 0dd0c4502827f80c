package app

import (
	"context"
	"errors"
	"time"

	"sapsportal/internal/auth"
	"sapsportal/internal/i18n"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// People and accounts (issue 12): invitations, password resets and a
// person's own settings. A person joins an organisation only by accepting
// an invitation; until then they are invited, not a member (issue 10,
// item 3), and the database refuses any other membership.

// ForgotPasswordTime is how long asking for a reset link takes, whether or
// not the address has an account: the answer and its timing are the same.
const ForgotPasswordTime = 400 * time.Millisecond

// invite creates the open invitation of email to org with role, or renews
// the one already open (a new link, role and validity), and emails its
// link in the recipient's language. Callers check the inviter's right and
// audit.
func (a *App) invite(ctx context.Context, tx *store.Tx, p program.Policy, by int64, org store.Org, email string, role program.Role) error {
	inv, err := tx.LockOpenInvitation(ctx, org.ID, email)
	token, hash := auth.NewToken()
	if errors.Is(err, store.ErrNotFound) {
		inv = program.Invitation{OrgID: org.ID, OrgName: org.Name, Email: email, Role: role, InvitedBy: by}.Renewed(tx.Now)
		inv.ID, err = tx.InsertInvitation(ctx, inv, hash)
		if !errors.Is(err, store.ErrExists) {
			if err != nil {
				return err
			}
			return a.emailInvitation(ctx, tx, p, inv, token)
		}
		// Invited at the same moment by someone else: renew theirs.
		inv, err = tx.LockOpenInvitation(ctx, org.ID, email)
	}
	if err != nil {
		return err
	}
	inv.Role, inv.InvitedBy = role, by
	inv = inv.Renewed(tx.Now)
	if err := tx.RenewInvitation(ctx, inv, hash); err != nil {
		return err
	}
	return a.emailInvitation(ctx, tx, p, inv, token)
}

func (a *App) emailInvitation(ctx context.Context, tx *store.Tx, p program.Policy, inv program.Invitation, token string) error {
	l, err := a.recipientLanguage(ctx, tx, inv.Email)
	if err != nil {
		return err
	}
	link := a.BaseURL + "/invitations/" + token
	until := l.Time(inv.ExpiresAt, p.Location)
	subject := l.T("You are invited to act for %s in the Planning Services portal", inv.OrgName)
	body := l.T("You are invited to act for %s as %s in the Planning Services portal.\n\nTo accept or decline, open this link (it works once, until %s):\n%s\n\nIf you did not expect this invitation, ignore this email.\n",
		inv.OrgName, RoleLabel(l, inv.Role), until, link)
	if inv.Role == program.ProjectManager {
		body = l.T("You are named project manager of Planning Services vouchers of %s. Each voucher's ID is emailed to you when it is assigned; you need nothing else to use it.\n\nTo follow your vouchers' status in the portal, accept this invitation (the link works once, until %s):\n%s\n\nIf you did not expect this invitation, ignore this email.\n",
			inv.OrgName, until, link)
	}
	return tx.Enqueue(ctx, store.Email{OrgID: inv.OrgID, To: inv.Email, Subject: subject, Body: body})
}

// RoleLabel is a role as people say it, in l's language.
func RoleLabel(l *i18n.Localizer, r program.Role) string {
	switch r {
	case program.BenefitAdmin:
		return l.T("Benefit administrator")
	case program.ProjectManager:
		return l.T("Project manager")
	case program.PartnerGlobalAdmin:
		return l.T("Partner global admin")
	case program.PartnerAdmin:
		return l.T("Partner admin")
	case program.Consultant:
		return l.T("Consultant")
	case program.GlobalAdmin:
		return l.T("Global admin")
	}
	return string(r)
}

// memberOf reports whether email is already a member of an organisation.
func memberOf(ctx context.Context, tx *store.Tx, orgID int64, email string) (bool, error) {
	members, err := tx.Members(ctx, orgID, "")
	for _, m := range members {
		if m.Email == email {
			return true, err
		}
	}
	return false, err
}

// inviteMember is the "add a person" of partner global admins and global
// admins: refused for a member already, else an invitation.
func (a *App) inviteMember(ctx context.Context, tx *store.Tx, p program.Policy, by int64, org store.Org, email string, role program.Role) error {
	member, err := memberOf(ctx, tx, org.ID, email)
	if err != nil {
		return err
	}
	if member {
		return program.Invalid("email", "%s is already a member of %s.", email, org.Name)
	}
	return a.invite(ctx, tx, p, by, org, email, role)
}

// peopleScope is where actor may manage an organisation's invitations: a
// global admin any organisation (the audited program scope), a partner
// global admin or benefit administrator their own. Anyone else finds no
// invitation.
func (actor Actor) peopleScope(orgID int64) (store.Scope, error) {
	switch {
	case actor.Role == program.GlobalAdmin:
		return actor.programScope(), nil
	case orgID == actor.OrgID && (actor.Role == program.PartnerGlobalAdmin || actor.Role == program.BenefitAdmin):
		return actor.scope(), nil
	}
	return store.Scope{}, program.NotFound("invitation")
}

// invitationStep locks one open invitation of an organisation that actor
// may manage, and runs fn on it with its audit event.
func (a *App) invitationStep(ctx context.Context, actor Actor, orgID, id int64, action string,
	fn func(tx *store.Tx, p program.Policy, inv program.Invitation) error) error {
	sc, err := actor.peopleScope(orgID)
	if err != nil {
		return err
	}
	return a.transact(ctx, sc, func(tx *store.Tx, p program.Policy) error {
		inv, err := tx.LockInvitation(ctx, orgID, id)
		if err != nil || !program.InvitableBy(actor.Role, inv.Role) {
			return found(store.ErrNotFound, "invitation")
		}
		if err := fn(tx, p, inv); err != nil {
			return err
		}
		return tx.Audit(ctx, actor.audit(), program.Event{Action: action,
			Details: map[string]any{"org_id": orgID, "invitation_id": id, "email": inv.Email, "role": string(inv.Role)}}, nil)
	})
}

// ResendInvitation sends an open (or expired) invitation again with a new
// link and a new week of validity; the old link stops working.
func (a *App) ResendInvitation(ctx context.Context, actor Actor, orgID, id int64) error {
	return a.invitationStep(ctx, actor, orgID, id, "invitation.resent", func(tx *store.Tx, p program.Policy, inv program.Invitation) error {
		if err := inv.Renewable(tx.Now); err != nil {
			return err
		}
		org, err := tx.Org(ctx, orgID)
		if err != nil {
			return err
		}
		return a.invite(ctx, tx, p, actor.UserID, org, inv.Email, inv.Role)
	})
}

// RevokeInvitation withdraws an open invitation: its link stops working.
func (a *App) RevokeInvitation(ctx context.Context, actor Actor, orgID, id int64) error {
	return a.invitationStep(ctx, actor, orgID, id, "invitation.revoked", func(tx *store.Tx, p program.Policy, inv program.Invitation) error {
		if err := tx.CloseInvitation(ctx, orgID, id, store.Revoked, 0); err != nil {
			return program.Refuse(program.CodeLinkUsed, "This invitation was answered or withdrawn meanwhile.")
		}
		l, err := a.recipientLanguage(ctx, tx, inv.Email)
		if err != nil {
			return err
		}
		return tx.Enqueue(ctx, store.Email{OrgID: orgID, To: inv.Email, Subject: l.T("Your invitation to %s was withdrawn", inv.OrgName),
			Body: l.T("%s withdrew its invitation to the Planning Services portal; its link no longer works.\n", inv.OrgName)})
	})
}

// InvitationLink is what the page of an invitation's link shows.
type InvitationLink struct {
	Invitation program.Invitation
	Status     program.LinkStatus
	// HasAccount: the invited email already has an account with a
	// password, whose owner must sign in to answer.
	HasAccount bool
}

// InvitationByToken reads the invitation of a link (identity scope: the
// token is the only key). An unknown token is "not found".
func (a *App) InvitationByToken(ctx context.Context, token string) (InvitationLink, error) {
	var l InvitationLink
	err := a.Store.Transact(ctx, store.Scope{Identity: true}, a.Clock.Now(), func(tx *store.Tx) error {
		inv, err := tx.InvitationByToken(ctx, auth.TokenHash(token))
		if err != nil {
			return found(err, "invitation")
		}
		u, err := tx.FindUser(ctx, inv.Email)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		l = InvitationLink{Invitation: inv, Status: inv.Status(tx.Now), HasAccount: u.PasswordHash != ""}
		return nil
	})
	return l, err
}

// NewAccount is what a person not signed in types to answer an invitation:
// a new person their name, password and language; a person with an
// account only their password (they sign in on the page).
type NewAccount struct {
	Name     string
	Password string
	Language string
}

// answerer is who answers an invitation in its transaction: userID, signed
// in; else, for an address with an account, its owner once acc's password
// matches; else a new person with the account acc describes (the caller
// then creates it). It refuses anyone else.
func answerer(ctx context.Context, tx *store.Tx, inv program.Invitation, userID int64, acc NewAccount) (store.User, error) {
	u, err := tx.FindUser(ctx, inv.Email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return u, err
	}
	switch {
	case userID != 0 && u.ID != userID:
		return u, program.Refuse(program.CodeNotAllowed, "This invitation is for %s; sign in as that person to answer it.", inv.Email)
	case userID == 0 && u.PasswordHash != "":
		if ok, err := auth.VerifyPassword(u.PasswordHash, acc.Password); err != nil || !ok {
			return u, program.Invalid("password", "The password is not right.")
		}
	}
	return u, nil
}

// linkStep runs fn on the invitation of a link, locked, in one transaction
// scoped to its organisation, as userID (or, with no one signed in, in the
// identity scope). An unknown token is "not found".
func (a *App) linkStep(ctx context.Context, token string, userID int64, requestID string,
	fn func(tx *store.Tx, p program.Policy, inv program.Invitation) error) error {
	link, err := a.InvitationByToken(ctx, token)
	if err != nil {
		return err
	}
	sc := store.Scope{OrgID: link.Invitation.OrgID, UserID: userID, Identity: userID == 0, RequestID: requestID}
	return a.transact(ctx, sc, func(tx *store.Tx, p program.Policy) error {
		inv, err := tx.LockInvitationByToken(ctx, auth.TokenHash(token))
		if err != nil {
			return found(err, "invitation")
		}
		return fn(tx, p, inv)
	})
}

// AcceptInvitation makes the invited person a member of the organisation
// with the invitation's role: userID, signed in as the invited email; or,
// with userID 0, the owner of the address's account (by its password) or a
// new person with the account they chose. Of two accepts of one link,
// exactly one wins. It returns the member and the invitation.
func (a *App) AcceptInvitation(ctx context.Context, token string, userID int64, acc NewAccount, requestID string) (member int64, inv program.Invitation, err error) {
	err = a.linkStep(ctx, token, userID, requestID, func(tx *store.Tx, p program.Policy, i program.Invitation) error {
		inv = i
		if err := inv.Answerable(tx.Now); err != nil {
			return err
		}
		u, err := answerer(ctx, tx, inv, userID, acc)
		if err != nil {
			return err
		}
		if u.PasswordHash == "" { // a new person, or an address invited before accounts had passwords
			if err := a.createAccount(ctx, tx, &u, inv.Email, acc); err != nil {
				return err
			}
		}
		member = u.ID
		if err := tx.CloseInvitation(ctx, inv.OrgID, inv.ID, store.Accepted, member); err != nil {
			return program.Refuse(program.CodeLinkUsed, "This invitation was answered or withdrawn meanwhile.")
		}
		already, err := memberOf(ctx, tx, inv.OrgID, inv.Email)
		if err != nil {
			return err
		}
		if !already {
			if err := tx.AddMembership(ctx, member, inv.OrgID, inv.Role); err != nil {
				return err
			}
		}
		return a.answered(ctx, tx, inv, member, "invitation.accepted", "%s accepted your invitation and is now a member of %s.")
	})
	return member, inv, err
}

// createAccount gives the invited address u the account acc describes.
func (a *App) createAccount(ctx context.Context, tx *store.Tx, u *store.User, email string, acc NewAccount) error {
	name, err := program.PersonName("name", acc.Name)
	if err != nil {
		return err
	}
	if err := auth.CheckNewPassword("password", acc.Password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(acc.Password)
	if err != nil {
		return err
	}
	nu := store.User{ID: u.ID, Email: email, Name: name, PasswordHash: hash, Language: program.Language(acc.Language)}
	if u.ID == 0 {
		u.ID, err = tx.InsertUser(ctx, nu)
	} else {
		err = tx.SetAccount(ctx, nu)
	}
	return err
}

// answered audits an answer to an invitation, as the person who gave it,
// and tells the inviter.
func (a *App) answered(ctx context.Context, tx *store.Tx, inv program.Invitation, userID int64, action, format string) error {
	ev := program.Event{Action: action, Details: map[string]any{"invitation_id": inv.ID, "role": string(inv.Role)}}
	if err := tx.Audit(ctx, store.Actor{UserID: userID, Email: inv.Email, OrgID: inv.OrgID}, ev, nil); err != nil {
		return err
	}
	return a.tellInviter(ctx, tx, inv, format)
}

// tellInviter emails whoever sent an invitation what became of it.
func (a *App) tellInviter(ctx context.Context, tx *store.Tx, inv program.Invitation, format string) error {
	if inv.InvitedBy == 0 {
		return nil
	}
	by, err := tx.UserEmail(ctx, inv.InvitedBy)
	if errors.Is(err, store.ErrNotFound) { // no longer visible to the organisation
		return nil
	}
	if err != nil {
		return err
	}
	l, err := a.recipientLanguage(ctx, tx, by)
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, store.Email{OrgID: inv.OrgID, To: by, Subject: l.T("Your invitation of %s", inv.Email),
		Body: l.T(format, inv.Email, inv.OrgName) + "\n"})
}

// DeclineInvitation closes an invitation without membership: the person
// stays out of the organisation. An address with an account is declined by
// its owner, signed in (userID) or by its password (typed with the answer).
func (a *App) DeclineInvitation(ctx context.Context, token string, userID int64, password, requestID string) error {
	return a.linkStep(ctx, token, userID, requestID, func(tx *store.Tx, p program.Policy, inv program.Invitation) error {
		if err := inv.Answerable(tx.Now); err != nil {
			return err
		}
		u, err := answerer(ctx, tx, inv, userID, NewAccount{Password: password})
		if err != nil {
			return err
		}
		if err := tx.CloseInvitation(ctx, inv.OrgID, inv.ID, store.Declined, 0); err != nil {
			return program.Refuse(program.CodeLinkUsed, "This invitation was answered or withdrawn meanwhile.")
		}
		return a.answered(ctx, tx, inv, u.ID, "invitation.declined", "%s declined your invitation to join %s.")
	})
}

// RenewInvitationLink sends the invited address a new link for an
// invitation whose link expired (the new one goes to the invited mailbox
// only, so holding the old link gives nothing).
func (a *App) RenewInvitationLink(ctx context.Context, token, requestID string) error {
	return a.linkStep(ctx, token, 0, requestID, func(tx *store.Tx, p program.Policy, inv program.Invitation) error {
		if err := inv.Renewable(tx.Now); err != nil {
			return err
		}
		org, err := tx.Org(ctx, inv.OrgID)
		if err != nil {
			return err
		}
		if err := a.invite(ctx, tx, p, inv.InvitedBy, org, inv.Email, inv.Role); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Actor{Email: inv.Email, OrgID: inv.OrgID}, program.Event{Action: "invitation.renewed",
			Details: map[string]any{"invitation_id": inv.ID}}, nil)
	})
}

// Password resets ------------------------------------------------------------------

// ForgotPassword emails a single-use link (valid one hour) to set a new
// password when email has an account, and an email saying there is none
// otherwise: the page's answer, the work done and the time taken are the
// same either way (at least ForgotPasswordTime).
func (a *App) ForgotPassword(ctx context.Context, email, requestID string) error {
	start := time.Now()
	defer func() {
		if wait := ForgotPasswordTime - time.Since(start); wait > 0 {
			time.Sleep(wait)
		}
	}()
	email, err := program.NormalizeEmail("email", email)
	if err != nil {
		return err
	}
	return a.transactAnyTime(ctx, store.Scope{Identity: true, RequestID: requestID}, func(tx *store.Tx, p program.Policy) error {
		u, err := tx.FindUser(ctx, email)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		l := i18n.For(u.Language)
		msg := store.Email{To: email, Subject: l.T("Reset your Planning Services portal password")}
		if u.ID == 0 {
			msg.Body = l.T("Someone asked to reset the password of a Planning Services portal account with this address, but there is no account with it.\n\nIf it was you, perhaps you signed up with another address. If it was not, ignore this email.\n")
		} else {
			token, hash := auth.NewToken()
			expires := tx.Now.Add(program.ResetValidity)
			if err := tx.InsertReset(ctx, u.ID, hash, expires); err != nil {
				return err
			}
			msg.Body = l.T("To choose a new password for the Planning Services portal, open this link (it works once, until %s):\n%s\n\nIf you did not ask for it, ignore this email: your password stays as it is.\n",
				l.Time(expires, p.Location), a.BaseURL+"/password/reset/"+token)
		}
		if err := tx.Enqueue(ctx, msg); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Actor{UserID: u.ID, Email: email}, program.Event{Action: "password.reset_requested",
			Details: map[string]any{"account": u.ID != 0}}, nil)
	})
}

// ResetLink is the state of a password reset link ("not found" for an
// unknown token).
func (a *App) ResetLink(ctx context.Context, token string) (program.LinkStatus, error) {
	var st program.LinkStatus
	err := a.Store.Transact(ctx, store.Scope{Identity: true}, a.Clock.Now(), func(tx *store.Tx) error {
		r, err := tx.ResetByToken(ctx, auth.TokenHash(token))
		st = r.Status(tx.Now)
		return found(err, "link")
	})
	return st, err
}

// ResetPassword sets a new password through a reset link, uses up every
// reset link of that person, and ends all their sessions. It returns the
// person's email.
func (a *App) ResetPassword(ctx context.Context, token, password, requestID string) (string, error) {
	var email string
	err := a.transactAnyTime(ctx, store.Scope{Identity: true, RequestID: requestID}, func(tx *store.Tx, p program.Policy) error {
		r, err := tx.ResetByToken(ctx, auth.TokenHash(token))
		if err != nil {
			return found(err, "link")
		}
		if err := r.Usable(tx.Now); err != nil {
			return err
		}
		if err := auth.CheckNewPassword("password", password); err != nil {
			return err
		}
		u, err := tx.LockUser(ctx, r.UserID)
		if err != nil {
			return err
		}
		email = u.Email
		if err := tx.UseResets(ctx, u.ID, r.ID); err != nil {
			return program.Refuse(program.CodeLinkUsed, "This link was already used. Ask for a new one below.")
		}
		return a.setPassword(ctx, tx, u, password, "", "password.reset")
	})
	return email, err
}

// setPassword stores a new password for u, ends their sessions but keep
// (every one when keep is ""), audits action and tells them by email.
func (a *App) setPassword(ctx context.Context, tx *store.Tx, u store.User, password, keep, action string) error {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := tx.SetPassword(ctx, u.ID, hash); err != nil {
		return err
	}
	ended, err := tx.EndSessions(ctx, u.ID, keep)
	if err != nil {
		return err
	}
	if err := tx.Audit(ctx, store.Actor{UserID: u.ID, Email: u.Email}, program.Event{Action: action,
		Details: map[string]any{"sessions_ended": ended}}, nil); err != nil {
		return err
	}
	l := i18n.For(u.Language)
	return tx.Enqueue(ctx, store.Email{To: u.Email, Subject: l.T("Your Planning Services portal password was changed"),
		Body: l.T("The password of your Planning Services portal account (%s) was just changed, and your other sessions were signed out.\n\nIf it was not you, choose a new password at once: %s\n",
			u.Email, a.BaseURL+"/password/forgot")})
}

// The person's own account -----------------------------------------------------------

// Account is what a person's account page shows.
type Account struct {
	User        store.User
	Memberships []store.Membership
	Sessions    []store.Session
	Invitations []program.Invitation // open invitations to them
}

// personal is the scope of a person acting on their own account.
func personal(actor Actor) store.Scope {
	return store.Scope{UserID: actor.UserID, RequestID: actor.RequestID}
}

// Account reads the actor's account; session is their current session's
// token.
func (a *App) Account(ctx context.Context, actor Actor, session string) (Account, error) {
	var acc Account
	err := a.Store.Transact(ctx, personal(actor), a.Clock.Now(), func(tx *store.Tx) error {
		var err error
		if acc.User, err = tx.LockUser(ctx, actor.UserID); err != nil {
			return err
		}
		if acc.Memberships, err = tx.Memberships(ctx, actor.UserID); err != nil {
			return err
		}
		if acc.Sessions, err = tx.Sessions(ctx, actor.UserID, session); err != nil {
			return err
		}
		acc.Invitations, err = tx.InvitationsFor(ctx, acc.User.Email)
		return err
	})
	return acc, err
}

// accountStep is one change of a person to their own account, audited as
// theirs (no organisation's) and confirmed to them by email.
func (a *App) accountStep(ctx context.Context, actor Actor, action string, fn func(tx *store.Tx, u store.User) (map[string]any, error)) error {
	return a.transact(ctx, personal(actor), func(tx *store.Tx, p program.Policy) error {
		u, err := tx.LockUser(ctx, actor.UserID)
		if err != nil {
			return err
		}
		details, err := fn(tx, u)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, store.Actor{UserID: u.ID, Email: u.Email}, program.Event{Action: action, Details: details}, nil)
	})
}

// UpdateAccount sets the actor's name and language.
func (a *App) UpdateAccount(ctx context.Context, actor Actor, name, language string) error {
	name, err := program.PersonName("name", name)
	if err != nil {
		return err
	}
	language = program.Language(language)
	return a.accountStep(ctx, actor, "account.updated", func(tx *store.Tx, u store.User) (map[string]any, error) {
		before := map[string]any{"name": u.Name, "language": u.Language}
		u.Name, u.Language, u.PasswordHash = name, language, ""
		if err := tx.SetAccount(ctx, u); err != nil {
			return nil, err
		}
		l := i18n.For(language)
		err := tx.Enqueue(ctx, store.Email{To: u.Email, Subject: l.T("Your Planning Services portal account was updated"),
			Body: l.T("Your name is now %s and your language %s.\n", name, l.T(languageName(language)))})
		return map[string]any{"before": before, "name": name, "language": language}, err
	})
}

func languageName(code string) string {
	if code == "fr" {
		return "French"
	}
	return "English"
}

// ChangePassword sets a new password after checking the current one, and
// signs the actor out everywhere but session (this browser).
func (a *App) ChangePassword(ctx context.Context, actor Actor, current, password, session string) error {
	return a.transact(ctx, personal(actor), func(tx *store.Tx, p program.Policy) error {
		u, err := tx.LockUser(ctx, actor.UserID)
		if err != nil {
			return err
		}
		if ok, err := auth.VerifyPassword(u.PasswordHash, current); err != nil || !ok {
			return program.Invalid("current_password", "Your current password is not right.")
		}
		if err := auth.CheckNewPassword("password", password); err != nil {
			return err
		}
		return a.setPassword(ctx, tx, u, password, session, "password.changed")
	})
}

// LeaveOrganisation takes the actor out of one of their organisations;
// the last partner global admin or benefit administrator may not leave.
func (a *App) LeaveOrganisation(ctx context.Context, actor Actor, orgID int64) error {
	sc := personal(actor)
	sc.OrgID = orgID
	return a.transact(ctx, sc, func(tx *store.Tx, p program.Policy) error {
		ms, err := tx.Memberships(ctx, actor.UserID)
		if err != nil {
			return err
		}
		var m *store.Membership
		for i := range ms {
			if ms[i].OrgID == orgID {
				m = &ms[i]
			}
		}
		if m == nil { // a reference to no organisation of theirs
			return program.Invalid("org_id", "Choose one of your organisations.")
		}
		holders, err := tx.LockRoleHolders(ctx, orgID, m.Role)
		if err != nil {
			return err
		}
		if err := program.Leave(m.Role, len(holders)-1); err != nil {
			return err
		}
		if err := tx.RemoveMembership(ctx, orgID, actor.UserID); err != nil {
			return found(err, "organisation")
		}
		if err := tx.Audit(ctx, store.Actor{UserID: actor.UserID, Email: actor.Email, OrgID: orgID}, program.Event{Action: "user.left",
			Details: map[string]any{"role": string(m.Role)}}, nil); err != nil {
			return err
		}
		l, err := a.recipientLanguage(ctx, tx, actor.Email)
		if err != nil {
			return err
		}
		return tx.Enqueue(ctx, store.Email{OrgID: orgID, To: actor.Email, Subject: l.T("You left %s", m.OrgName),
			Body: l.T("You are no longer a member of %s in the Planning Services portal. To join again, ask its administrator for an invitation.\n", m.OrgName)})
	})
}

// EndOtherSessions signs the actor out of every session but session.
func (a *App) EndOtherSessions(ctx context.Context, actor Actor, session string) (int64, error) {
	var n int64
	err := a.accountStep(ctx, actor, "sessions.ended", func(tx *store.Tx, u store.User) (map[string]any, error) {
		var err error
		if n, err = tx.EndSessions(ctx, u.ID, session); err != nil {
			return nil, err
		}
		l := i18n.For(u.Language)
		err = tx.Enqueue(ctx, store.Email{To: u.Email, Subject: l.T("You were signed out of your other sessions"),
			Body: l.T("As you asked, your Planning Services portal account (%s) was signed out everywhere except the browser you asked from.\n", u.Email)})
		return map[string]any{"sessions_ended": n}, err
	})
	return n, err
}

// People is an organisation's members and the invitations waiting for an
// answer.
type People struct {
	Members     []store.Member
	Invitations []program.Invitation
}

// OrgPeople reads the people of the actor's organisation, for those who
// manage its invitations (a benefit administrator's people page).
func (a *App) OrgPeople(ctx context.Context, actor Actor) (People, error) {
	var pp People
	sc, err := actor.peopleScope(actor.OrgID)
	if err != nil {
		return pp, err
	}
	err = a.Store.Transact(ctx, sc, a.Clock.Now(), func(tx *store.Tx) error {
		var err error
		if pp.Members, err = tx.Members(ctx, actor.OrgID, ""); err != nil {
			return err
		}
		pp.Invitations, err = tx.OpenInvitations(ctx, actor.OrgID)
		return err
	})
	return pp, err
}
