package app

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// adminStep runs a global admin's change in the program scope (the explicit
// cross-tenant path) and audits it.
func (a *App) adminStep(ctx context.Context, actor Actor, act program.Action, action string,
	fn func(tx *store.Tx, p program.Policy) (map[string]any, error)) error {
	if err := program.Authorize(actor.Role, act); err != nil {
		return err
	}
	return a.transact(ctx, actor.programScope(), func(tx *store.Tx, p program.Policy) error {
		details, err := fn(tx, p)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, actor.audit(), program.Event{Action: action, Details: details}, nil)
	})
}

// CreateOrganisation adds a customer or partner organisation.
func (a *App) CreateOrganisation(ctx context.Context, actor Actor, name string, kind program.OrgKind) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, program.Invalid("name", "Name the organisation (up to 200 characters).")
	}
	if err := program.CheckLine("name", name, program.MaxName); err != nil {
		return 0, err
	}
	if kind != program.KindCustomer && kind != program.KindPartner {
		return 0, program.Invalid("kind", "An organisation is a customer or a partner.")
	}
	var id int64
	err := a.adminStep(ctx, actor, program.ActManageProgram, "organisation.created", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		var err error
		id, err = tx.CreateOrg(ctx, name, kind)
		return map[string]any{"name": name, "kind": string(kind), "org_id": id}, err
	})
	return id, err
}

// AddUser invites a person to an organisation with a role. It never
// touches an existing account (its password stays theirs): the person
// joins only by accepting the emailed invitation.
func (a *App) AddUser(ctx context.Context, actor Actor, orgID int64, email string, role program.Role) error {
	email, err := program.NormalizeEmail("email", email)
	if err != nil {
		return err
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, "user.invited", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		org, err := tx.Org(ctx, orgID)
		if err != nil {
			return nil, found(err, "organisation")
		}
		if !role.Valid() || role.Kind() != org.Kind {
			return nil, program.Invalid("role", "Choose a role of a %s organisation.", org.Kind)
		}
		return map[string]any{"org_id": orgID, "email": email, "role": string(role)}, a.inviteMember(ctx, tx, p, actor.UserID, org, email, role)
	})
}

// RemoveMember takes a person out of an organisation (their other
// memberships stay).
func (a *App) RemoveMember(ctx context.Context, actor Actor, orgID, userID int64) error {
	if userID == actor.UserID {
		return program.Invalid("user", "You cannot remove yourself.")
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, "user.removed", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		return map[string]any{"org_id": orgID, "user_id": userID}, found(tx.RemoveMembership(ctx, orgID, userID), "user")
	})
}

// SetSuspended suspends or reactivates an organisation; a suspended
// organisation's people cannot sign in.
func (a *App) SetSuspended(ctx context.Context, actor Actor, orgID int64, suspended bool) error {
	action := "organisation.reactivated"
	if suspended {
		action = "organisation.suspended"
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, action, func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		return map[string]any{"org_id": orgID}, found(tx.SetSuspended(ctx, orgID, suspended), "organisation")
	})
}

// CreateSAEnrollment adds a customer's SA enrollment.
func (a *App) CreateSAEnrollment(ctx context.Context, actor Actor, orgID int64, agreement, country string, saEnd program.Date) error {
	agreement, country = strings.TrimSpace(agreement), strings.ToUpper(strings.TrimSpace(country))
	var problems program.Problems // every one at once, the length before "enter"
	if err := program.CheckLine("agreement_number", agreement, program.MaxReference); err != nil {
		problems.Add(err)
	} else if agreement == "" {
		problems.Add(program.Invalid("agreement_number", "Enter the agreement number."))
	}
	if !program.ValidCountry(country) {
		problems.Add(program.Invalid("country", "Enter the country as a two-letter code such as US or FR."))
	}
	if saEnd.IsZero() {
		problems.Add(program.Invalid("sa_end_date", "Enter the SA end date."))
	}
	if err := problems.Err(); err != nil {
		return err
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, "sa_enrollment.created", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		org, err := tx.Org(ctx, orgID)
		if err != nil || org.Kind != program.KindCustomer {
			return nil, program.NotFound("customer")
		}
		if _, err := tx.CreateEnrollment(ctx, orgID, agreement, country, saEnd); err != nil {
			if store.IsUniqueViolation(err) {
				return nil, program.Invalid("agreement_number", "Agreement %s already exists.", agreement)
			}
			return nil, err
		}
		return map[string]any{"org_id": orgID, "agreement_number": agreement, "country": country}, nil
	})
}

// RecordCompetency records a competency a partner holds, from a day on.
func (a *App) RecordCompetency(ctx context.Context, actor Actor, orgID, competencyID int64, level program.Level, from program.Date) error {
	var problems program.Problems
	if level != program.Silver && level != program.Gold {
		problems.Add(program.Invalid("level", "Choose Silver or Gold."))
	}
	if from.IsZero() {
		problems.Add(program.Invalid("valid_from", "Enter the day the competency was earned."))
	}
	if err := problems.Err(); err != nil {
		return err
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, "competency.recorded", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		org, err := tx.Org(ctx, orgID)
		if err != nil || org.Kind != program.KindPartner {
			return nil, program.NotFound("partner")
		}
		return map[string]any{"org_id": orgID, "competency_id": competencyID, "level": string(level)},
			tx.AddCompetencyByID(ctx, orgID, competencyID, level, from)
	})
}

// EndCompetency ends a partner's competency on a day.
func (a *App) EndCompetency(ctx context.Context, actor Actor, orgID, id int64, on program.Date) error {
	if on.IsZero() {
		return program.Invalid("valid_to", "Enter the last day the competency is held.")
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, "competency.ended", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		return map[string]any{"org_id": orgID, "id": id, "valid_to": on.String()}, found(tx.EndCompetency(ctx, orgID, id, on), "competency")
	})
}

// DecideEnrollment approves a partner's enrollment request (valid 12 months
// from today) or rejects it with a reason.
func (a *App) DecideEnrollment(ctx context.Context, actor Actor, id int64, approve bool, reason string) error {
	reason = strings.TrimSpace(reason)
	if !approve && reason == "" {
		return program.Invalid("reason", "Give the reason for rejecting the request.")
	}
	if err := program.CheckLine("reason", reason, program.MaxReason); err != nil {
		return err
	}
	action := "enrollment.rejected"
	if approve {
		action = "enrollment.approved"
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, action, func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		req, err := tx.LockPartnerEnrollment(ctx, id)
		if err != nil {
			return nil, found(err, "enrollment request")
		}
		if req.Status != "requested" {
			return nil, program.Refuse(program.CodeWrongState, "This request has already been decided.")
		}
		var from, to program.Date
		if approve {
			from, to = program.EnrollmentPeriod(p.Today(tx.Now))
		}
		details := map[string]any{"org_id": req.OrgID, "offering": req.Offering, "valid_to": to.String(), "reason": reason}
		return details, tx.DecideEnrollment(ctx, id, approve, from, to, reason)
	})
}

// AddRate adds a payment rate.
func (a *App) AddRate(ctx context.Context, actor Actor, r program.Rate) error {
	r.Country, r.Currency = strings.ToUpper(strings.TrimSpace(r.Country)), strings.ToUpper(strings.TrimSpace(r.Currency))
	switch {
	case !program.ValidCountry(r.Country):
		return program.Invalid("country", "Enter the country as a two-letter code such as US or FR.")
	case len(r.Currency) != 3:
		return program.Invalid("currency", "Enter a three-letter currency code such as USD.")
	case r.AmountMinor <= 0:
		return program.Invalid("amount", "Enter the amount per day, more than zero.")
	case r.ValidFrom.IsZero():
		return program.Invalid("valid_from", "Enter the first day the rate applies.")
	case !r.ValidTo.IsZero() && r.ValidTo.Before(r.ValidFrom):
		return program.Invalid("valid_to", "A rate cannot end before it starts.")
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, "catalog.rate_added", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		return map[string]any{"country": r.Country, "amount_minor": r.AmountMinor, "currency": r.Currency}, tx.AddRate(ctx, r)
	})
}

// AddExam adds an exam to the catalog.
func (a *App) AddExam(ctx context.Context, actor Actor, code, name string, competencyID int64) error {
	code, name = strings.ToUpper(strings.TrimSpace(code)), strings.TrimSpace(name)
	if code == "" || name == "" {
		return program.Invalid("code", "Enter the exam's code and name.")
	}
	if err := firstError(program.CheckLine("code", code, program.MaxReference), program.CheckLine("name", name, program.MaxName)); err != nil {
		return err
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, "catalog.exam_added", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		err := tx.AddExam(ctx, code, name, competencyID)
		if store.IsUniqueViolation(err) {
			return nil, program.Invalid("code", "Exam %s already exists.", code)
		}
		return map[string]any{"code": code, "competency_id": competencyID}, err
	})
}

// UpdateEngagementType changes an engagement type's lengths and retired flag.
func (a *App) UpdateEngagementType(ctx context.Context, actor Actor, id int64, lengths []int, retired bool) error {
	if err := validLengths(lengths); err != nil {
		return err
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, "catalog.engagement_type_updated", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		return map[string]any{"id": id, "lengths": lengths, "retired": retired}, found(tx.UpdateEngagementType(ctx, id, lengths, retired), "engagement type")
	})
}

// SavePolicy replaces the program's policy, auditing before and after.
func (a *App) SavePolicy(ctx context.Context, actor Actor, next program.Policy) error {
	if err := next.Validate(); err != nil {
		return err
	}
	// Forgotten before (a page read meanwhile is not kept) and after commit.
	a.policy.forget()
	defer a.policy.forget()
	return a.adminStep(ctx, actor, program.ActManageProgram, "policy.changed", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		return map[string]any{"before": PolicyFields(p), "after": PolicyFields(next)}, tx.SavePolicy(ctx, next)
	})
}

// PolicyFields is a policy as name → value, for the audit log and the
// confirmation of a change.
func PolicyFields(p program.Policy) map[string]string {
	f := map[string]string{
		"time_zone": p.ZoneName(), "cloud_retired_from": p.CloudRetiredFrom.String(),
		"conversion_closed_from": p.ConversionClosedFrom.String(), "accrual_closed_from": p.AccrualClosedFrom.String(),
		"last_day_to_create": p.LastDayToCreate.String(), "removal_on": p.RemovalOn.String(),
		"last_day_to_redeem": p.LastDayToRedeem.String(), "validity_days": strconv.Itoa(p.ValidityDays),
		"payment_window_days": strconv.Itoa(p.PaymentWindowDays),
		"conversion_ratio":    fmt.Sprintf("%d:%d", p.ConversionDen, p.ConversionNum),
	}
	for _, k := range program.ReminderKinds {
		f["reminder_"+string(k)] = program.FormatReminderDays(p.Reminders[k])
	}
	return f
}

// ErrNotSimulated is a refusal to move a real clock.
var ErrNotSimulated = program.Refuse(program.CodeNotAllowed, "The clock can be moved only in demo mode (a simulated clock).")

// MoveClock sets the simulated clock to a day (its 09:00 in the program's
// zone) and runs the catch-up sweeps at once.
func (a *App) MoveClock(ctx context.Context, actor Actor, to program.Date) (CatchUpReport, error) {
	sim, ok := a.Clock.(program.MovableClock)
	if !ok {
		return CatchUpReport{}, ErrNotSimulated
	}
	if to.IsZero() {
		return CatchUpReport{}, program.Invalid("date", "Enter a date.")
	}
	var next time.Time
	err := a.adminStep(ctx, actor, program.ActManageProgram, "clock.moved", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		// What the sweeps did cannot be undone, so the date only moves on.
		if today := p.Today(tx.Now); to.Before(today) {
			return nil, program.Invalid("date", "The simulated date only moves forward; today is %s.", today)
		}
		next = p.StartOf(to).Add(9 * time.Hour)
		return map[string]any{"from": sim.Now().Format(time.RFC3339), "to": next.Format(time.RFC3339)}, nil
	})
	if err != nil {
		return CatchUpReport{}, err
	}
	if err := sim.Move(ctx, next); err != nil { // once the move is on record
		return CatchUpReport{}, err
	}
	r, err := a.CatchUp(ctx)
	if err == nil {
		_, err = a.SendReminders(ctx) // what is due on the new date, after the catch-up
	}
	return r, err
}

// ImportRowError is a bad row of an accrual import.
type ImportRowError struct {
	Line    int
	Message string
}

// ImportResult is what an accrual import did.
type ImportResult struct {
	Rows   int
	Days   int
	Errors []ImportRowError
}

// AccrualRow is one row of an accrual import, as read.
type AccrualRow struct {
	Line      int
	Agreement string
	On        program.Date
	Days      int
	Note      string
}

// ParseAccruals reads an accrual import (agreement number, date, days,
// note; an optional header): the rows it could read and, for each it could
// not, its line and why. It decides no rule; ImportAccruals does.
func ParseAccruals(r io.Reader) ([]AccrualRow, []ImportRowError, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	var rows []AccrualRow
	var bad []ImportRowError
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, bad, nil
		}
		if err != nil {
			return nil, nil, program.Invalid("file", "The file is not CSV: %v", err)
		}
		if line > maxImportRows {
			return nil, nil, program.Invalid("file", "An import has at most %d rows.", maxImportRows)
		}
		if line == 1 && len(rec) > 0 && strings.EqualFold(strings.TrimSpace(rec[0]), "agreement_number") {
			continue // header
		}
		if len(rec) < 3 || len(rec) > 4 {
			bad = append(bad, ImportRowError{line, "A row has 3 or 4 fields: agreement number, date, days, note."})
			continue
		}
		row := AccrualRow{Line: line, Agreement: strings.TrimSpace(rec[0])}
		if len(rec) == 4 {
			row.Note = rec[3]
		}
		if row.On, err = program.ParseDate(strings.TrimSpace(rec[1])); err != nil {
			bad = append(bad, ImportRowError{line, err.Error()})
			continue
		}
		if row.Days, err = strconv.Atoi(strings.TrimSpace(rec[2])); err != nil {
			bad = append(bad, ImportRowError{line, fmt.Sprintf("%q is not a whole number of days.", rec[2])})
			continue
		}
		rows = append(rows, row)
	}
}

// maxImportRows bounds one import (a quarter's accruals for every customer fit).
const maxImportRows = 100000

// ImportAccruals records accruals from CSV (agreement number, date, days,
// note), all or nothing: every row is checked; if any is bad, nothing is
// imported and each bad row is listed with its reason.
func (a *App) ImportAccruals(ctx context.Context, actor Actor, r io.Reader) (ImportResult, error) {
	var res ImportResult
	if err := program.Authorize(actor.Role, program.ActRecordAccrual); err != nil {
		return res, err
	}
	rows, bad, err := ParseAccruals(r)
	if err != nil {
		return res, err
	}
	errBadRows := errors.New("bad rows")
	err = a.transact(ctx, actor.programScope(), func(tx *store.Tx, p program.Policy) error {
		res = ImportResult{Errors: append([]ImportRowError(nil), bad...)}
		for _, row := range rows {
			id, err := tx.EnrollmentByAgreement(ctx, row.Agreement)
			if err != nil {
				if errors.Is(err, store.ErrNotFound) {
					res.Errors = append(res.Errors, ImportRowError{row.Line, fmt.Sprintf("No enrollment has agreement number %q.", row.Agreement)})
					continue
				}
				return err
			}
			e, err := tx.LockEnrollment(ctx, id)
			if err != nil {
				return err
			}
			entry, ev, err := e.RecordAccrual(p, tx.Now, row.Days, row.On, row.Note)
			if err != nil {
				if rf, ok := program.AsRefusal(err); ok {
					res.Errors = append(res.Errors, ImportRowError{row.Line, rf.Message})
					continue
				}
				return err
			}
			ev.Details["import"] = true
			if err := a.appendWithAudit(ctx, tx, actor.audit(), e, entry, ev); err != nil {
				return err
			}
			res.Rows++
			res.Days += row.Days
		}
		if len(res.Errors) > 0 {
			return errBadRows // roll back every row
		}
		if res.Rows == 0 {
			res.Errors = append(res.Errors, ImportRowError{0, "The file has no rows to import."})
			return errBadRows
		}
		return nil
	})
	if errors.Is(err, errBadRows) {
		res.Rows, res.Days = 0, 0
		slices.SortFunc(res.Errors, func(a, b ImportRowError) int { return a.Line - b.Line })
		return res, nil
	}
	return res, err
}
