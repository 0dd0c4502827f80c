package app

import (
	"context"
	"errors"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// lockOwnEnrollment locks an enrollment of the actor's organisation.
func lockOwnEnrollment(ctx context.Context, tx *store.Tx, actor Actor, id int64) (program.Enrollment, error) {
	e, err := tx.LockEnrollment(ctx, id)
	if err == nil && e.OrgID != actor.OrgID {
		err = store.ErrNotFound
	}
	return e, found(err, "enrollment")
}

// ActivateBenefit turns on the Planning Services benefit of an enrollment.
func (a *App) ActivateBenefit(ctx context.Context, actor Actor, enrollmentID int64) error {
	if err := program.Authorize(actor.Role, program.ActActivateBenefit); err != nil {
		return err
	}
	return a.transact(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		e, err := lockOwnEnrollment(ctx, tx, actor, enrollmentID)
		if err != nil {
			return err
		}
		e2, ev, err := e.Activate(p, tx.Now)
		if err != nil {
			return err
		}
		if err := tx.ActivateBenefit(ctx, e2); err != nil {
			return err
		}
		ev.Details = map[string]any{"enrollment": e.AgreementNumber}
		return tx.Audit(ctx, actor.audit(), ev, nil)
	})
}

// ConvertTraining converts training-voucher days into Planning Services days.
func (a *App) ConvertTraining(ctx context.Context, actor Actor, enrollmentID int64, trainingDays int) error {
	if err := program.Authorize(actor.Role, program.ActConvertTraining); err != nil {
		return err
	}
	return a.transact(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		e, err := lockOwnEnrollment(ctx, tx, actor, enrollmentID)
		if err != nil {
			return chosen(err, "enrollment_id", "Choose one of your enrollments.")
		}
		entry, ev, err := e.ConvertTraining(p, tx.Now, trainingDays)
		if err != nil {
			return err
		}
		return a.appendWithAudit(ctx, tx, actor.audit(), e, entry, ev)
	})
}

func (a *App) appendWithAudit(ctx context.Context, tx *store.Tx, actor store.Actor, e program.Enrollment, entry program.Entry, ev program.Event) error {
	if err := tx.AppendLedger(ctx, e, []program.Entry{entry}); err != nil {
		return err
	}
	return tx.Audit(ctx, actor, enrollmentEvent(e, ev), nil)
}

// enrollmentEvent is a ledger event as audited: it names the enrollment.
func enrollmentEvent(e program.Enrollment, ev program.Event) program.Event {
	if ev.Details == nil {
		ev.Details = map[string]any{}
	}
	ev.Details["enrollment"] = e.AgreementNumber
	return ev
}

// CreateVoucherInput is a benefit administrator's request for a voucher.
type CreateVoucherInput struct {
	EnrollmentID        int64
	EngagementTypeID    int64
	Days                int
	ProjectManagerEmail string
	Statement           program.Statement // for a second 15-day voucher of a type (DOMAIN.md §9)
}

// CreateVoucher creates a voucher assigned to a project manager, takes its
// days from the ledger and emails the project manager its ID. A project
// manager who is not yet a member of the organisation is invited as one.
func (a *App) CreateVoucher(ctx context.Context, actor Actor, in CreateVoucherInput) (program.Voucher, error) {
	if err := program.Authorize(actor.Role, program.ActCreateVoucher); err != nil {
		return program.Voucher{}, err
	}
	var v program.Voucher
	err := a.transact(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		e, o, err := decideVoucher(ctx, tx, p, actor, in)
		if err != nil {
			return err
		}
		if err := a.ensureProjectManager(ctx, tx, p, actor, o.Voucher.ProjectManagerEmail); err != nil {
			return err
		}
		if o.Voucher.ID, err = tx.InsertVoucher(ctx, o.Voucher); err != nil {
			return err
		}
		if !o.Statement.IsZero() {
			if err := tx.InsertStatement(ctx, o.Voucher, actor.UserID, o.Statement); err != nil {
				return err
			}
			o.Voucher.Statement = o.Statement
		}
		for i := range o.Ledger {
			o.Ledger[i].VoucherID = o.Voucher.ID
		}
		if err := tx.AppendLedger(ctx, e, o.Ledger); err != nil {
			return err
		}
		if err := tx.Audit(ctx, actor.audit(), o.Event, &o.Voucher); err != nil {
			return err
		}
		v = o.Voucher
		return a.notify(ctx, tx, p, o)
	})
	return v, err
}

// CheckVoucher asks every rule of CreateVoucher without creating anything,
// so that the confirm page is shown only for a voucher that can be made.
func (a *App) CheckVoucher(ctx context.Context, actor Actor, in CreateVoucherInput) error {
	if err := program.Authorize(actor.Role, program.ActCreateVoucher); err != nil {
		return err
	}
	return a.read(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		_, _, err := decideVoucher(ctx, tx, p, actor, in)
		return err
	})
}

// decideVoucher reads what CreateVoucher's rules need (the enrollment
// locked, and the 15-day vouchers of the type counted under the lock that
// serializes such creations, DOMAIN.md §9) and asks them.
func decideVoucher(ctx context.Context, tx *store.Tx, p program.Policy, actor Actor, in CreateVoucherInput) (program.Enrollment, program.Outcome, error) {
	e, err := lockOwnEnrollment(ctx, tx, actor, in.EnrollmentID)
	if err != nil {
		return e, program.Outcome{}, chosen(err, "enrollment_id", "Choose one of your enrollments.")
	}
	et, err := tx.EngagementType(ctx, in.EngagementTypeID)
	if err != nil {
		return e, program.Outcome{}, chosen(found(err, "engagement type"), "engagement_type_id", "Choose an engagement type of the catalog.")
	}
	held := 0
	if in.Days == 15 {
		if held, err = tx.HeldFifteen(ctx, actor.OrgID, et.ID); err != nil {
			return e, program.Outcome{}, err
		}
	}
	o, err := program.CreateVoucher(p, tx.Now, e, program.CreateInput{
		Code: program.NewCode(), EngagementType: et, Days: in.Days, ProjectManagerEmail: in.ProjectManagerEmail,
		HeldFifteen: held, Statement: in.Statement})
	return e, o, err
}

// ensureProjectManager invites email to the actor's organisation as a
// project manager when they are not a member and hold no open invitation
// yet. The voucher's email with its ID goes to them either way (DOMAIN.md
// §5); the invitation only lets them follow their vouchers in the portal.
// An account of another organisation is never made a member here.
func (a *App) ensureProjectManager(ctx context.Context, tx *store.Tx, p program.Policy, actor Actor, email string) error {
	member, err := memberOf(ctx, tx, actor.OrgID, email)
	if err != nil || member {
		return err
	}
	inv, err := tx.LockOpenInvitation(ctx, actor.OrgID, email)
	if err == nil && inv.Status(tx.Now) == program.LinkOpen {
		return nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	org, err := tx.Org(ctx, actor.OrgID)
	if err != nil {
		return err
	}
	if err := a.invite(ctx, tx, p, actor.UserID, org, email, program.ProjectManager); err != nil {
		return err
	}
	return tx.Audit(ctx, actor.audit(), program.Event{Action: "user.invited",
		Details: map[string]any{"email": email, "role": string(program.ProjectManager)}}, nil)
}

// ownVoucher locks a voucher of the actor's (customer) organisation.
func ownVoucher(ctx context.Context, actor Actor, id int64) func(*store.Tx) (program.Voucher, error) {
	return func(tx *store.Tx) (program.Voucher, error) {
		v, err := tx.LockVoucher(ctx, id)
		if err == nil && v.CustomerOrgID != actor.OrgID {
			err = store.ErrNotFound
		}
		return v, err
	}
}

// ReassignVoucher gives an ASSIGNED voucher to another project manager.
func (a *App) ReassignVoucher(ctx context.Context, actor Actor, voucherID int64, email string) (program.Voucher, error) {
	return a.voucherStep(ctx, actor, program.ActReassignVoucher, actor.scope(), ownVoucher(ctx, actor, voucherID),
		func(tx *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error) {
			o, err := v.Reassign(p, tx.Now, email)
			if err == nil {
				err = a.ensureProjectManager(ctx, tx, p, actor, o.Voucher.ProjectManagerEmail)
			}
			return o, err
		}, nil)
}

// VoidVoucher cancels an unused voucher and returns its days.
func (a *App) VoidVoucher(ctx context.Context, actor Actor, voucherID int64) (program.Voucher, error) {
	return a.voucherStep(ctx, actor, program.ActVoidVoucher, actor.scope(), ownVoucher(ctx, actor, voucherID),
		func(tx *store.Tx, p program.Policy, v program.Voucher) (program.Outcome, error) {
			// The enrollment is locked before deciding: a removal sweep
			// that commits first is seen, never overtaken.
			e, err := tx.LockEnrollment(ctx, v.EnrollmentID)
			if err != nil {
				return program.Outcome{}, err
			}
			return v.Void(p, tx.Now, e)
		}, nil)
}
