// Package admin is the global admin console under /admin. Every read and
// write here crosses tenants through the app's explicit program scope, and
// every change is audited.
package admin

import (
	"cmp"
	"context"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

func init() {
	for _, n := range []struct{ label, href string }{
		{"Organisations", "/admin/organisations"}, {"Enrollments", "/admin/enrollments"}, {"Vouchers", "/admin/vouchers"},
		{"Payments", "/admin/payments"}, {"Catalog", "/admin/catalog"}, {"Policy and time", "/admin/policy"},
		{"Audit", "/admin/audit"}, {"Outbox", "/admin/outbox"},
	} {
		ui.Register(program.KindProgram, n.label, n.href)
	}
}

// Handler serves the admin console.
type Handler struct {
	App   *app.App
	Flash ui.Flasher
}

// Routes registers the admin pages.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/", ui.Handle(h.home))
	r.Get("/organisations", ui.Handle(h.organisations))
	r.Post("/organisations", ui.Handle(h.createOrganisation))
	r.Get("/organisations/{id}", ui.Handle(h.organisation))
	r.Post("/organisations/{id}/users", ui.Handle(h.addUser))
	r.Get("/organisations/{id}/users/{uid}/remove", ui.Handle(h.confirmRemove))
	r.Post("/organisations/{id}/users/{uid}/remove", ui.Handle(h.removeUser))
	r.Post("/organisations/{id}/invitations/{iid}/resend", ui.Handle(h.invitation(h.App.ResendInvitation, "The invitation is sent again with a new link.")))
	r.Post("/organisations/{id}/invitations/{iid}/revoke", ui.Handle(h.invitation(h.App.RevokeInvitation, "The invitation is withdrawn.")))
	r.Get("/organisations/{id}/suspend", ui.Handle(h.confirmSuspend))
	r.Post("/organisations/{id}/suspend", ui.Handle(h.suspend(true)))
	r.Post("/organisations/{id}/reactivate", ui.Handle(h.suspend(false)))
	r.Post("/organisations/{id}/enrollments", ui.Handle(h.createSAEnrollment))
	r.Post("/organisations/{id}/competencies", ui.Handle(h.recordCompetency))
	r.Post("/organisations/{id}/competencies/{cid}/end", ui.Handle(h.endCompetency))
	r.Post("/organisations/{id}/accruals", ui.Handle(h.recordAccrual))
	r.Get("/accruals/import", ui.Handle(h.importForm))
	r.Post("/accruals/import", ui.Handle(h.importAccruals))
	r.Get("/enrollments", ui.Handle(h.enrollments))
	r.Post("/enrollments/{id}/approve", ui.Handle(h.decideEnrollment(true)))
	r.Post("/enrollments/{id}/reject", ui.Handle(h.decideEnrollment(false)))
	r.Post("/renewals/{id}/approve", ui.Handle(h.decideRenewal(true)))
	r.Post("/renewals/{id}/reject", ui.Handle(h.decideRenewal(false)))
	r.Get("/catalog", ui.Handle(h.catalog))
	r.Post("/catalog/rates", ui.Handle(h.addRate))
	r.Post("/catalog/exams", ui.Handle(h.addExam))
	r.Post("/catalog/types/{id}", ui.Handle(h.updateType))
	r.Post("/catalog/offerings", ui.Handle(h.addOffering))
	r.Post("/catalog/competencies", ui.Handle(h.addCompetency))
	r.Post("/catalog/types", ui.Handle(h.addType))
	r.Post("/catalog/types/{id}/qualifications", ui.Handle(h.setQualification))
	r.Post("/catalog/types/{id}/qualifications/{cid}/remove", ui.Handle(h.removeQualification))
	r.Get("/policy", ui.Handle(h.policy))
	r.Get("/reminders", ui.Handle(h.reminders))
	r.Post("/policy", ui.Handle(h.savePolicy))
	r.Get("/clock", ui.Handle(h.confirmClock))
	r.Post("/clock", ui.Handle(h.moveClock))
	r.Get("/vouchers", ui.Handle(h.vouchers))
	r.Get("/vouchers/{id}", ui.Handle(h.voucher))
	r.Post("/vouchers/{id}/extend", ui.Handle(h.extend))
	r.Get("/vouchers/{id}/approve", ui.Handle(h.confirmPayment(true)))
	r.Post("/vouchers/{id}/approve", ui.Handle(h.decidePayment(true)))
	r.Get("/vouchers/{id}/deny", ui.Handle(h.confirmPayment(false)))
	r.Post("/vouchers/{id}/deny", ui.Handle(h.decidePayment(false)))
	r.Get("/payments", ui.Handle(h.payments))
	r.Get("/payments/export", ui.Handle(h.exportPaid))
	r.Get("/audit", ui.Handle(h.audit))
	r.Get("/audit/export", ui.Handle(h.exportAudit))
	r.Get("/outbox", ui.Handle(h.outbox))
	h.closingRoutes(r)
	r.Get("/files/{id}", ui.Handle(func(w http.ResponseWriter, r *http.Request) error { return ui.ServeDeliverable(w, r, h.App) }))
}

func (h *Handler) done(w http.ResponseWriter, r *http.Request, to, msg string) error {
	return ui.Done(w, r, h.Flash, to, msg)
}

func (h *Handler) act(w http.ResponseWriter, r *http.Request, do func() error, to, okMsg string, page func(status int, msg string) error) error {
	return ui.Act(w, r, h.Flash, do, to, okMsg, page)
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	o, err := h.App.AdminOverview(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	return ui.Render(w, r, http.StatusOK, homePage(v, o))
}

// Organisations and people.

func (h *Handler) organisations(w http.ResponseWriter, r *http.Request) error {
	return h.renderOrganisations(w, r, http.StatusOK, "")
}

func (h *Handler) renderOrganisations(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v := ui.FromContext(r.Context())
	q := r.URL.Query()
	f := store.OrgFilter{Name: strings.TrimSpace(q.Get("q")), Kind: program.OrgKind(q.Get("kind")), Sort: ui.OrgSorts.Pick(q.Get("sort")), Limit: 25}
	if name, id, ok := strings.Cut(q.Get("after"), "\x1f"); ok {
		f.AfterName = name
		f.AfterID, _ = strconv.ParseInt(id, 10, 64)
	}
	page, err := h.App.OrganisationPage(r.Context(), v.Actor(), f)
	if err != nil {
		return err
	}
	kept := ui.Query("q", f.Name, "kind", string(f.Kind), "sort", f.Sort)
	next := ""
	if page.More {
		last := page.Rows[len(page.Rows)-1]
		nq := ui.Query("q", f.Name, "kind", string(f.Kind), "sort", f.Sort)
		nq.Set("after", last.Name+"\x1f"+ui.ID(last.ID))
		next = ui.Path("/admin/organisations", nq)
	}
	l := ui.SortList{Base: "/admin/organisations", Q: kept, Sorts: ui.OrgSorts, Current: f.Sort}
	return ui.Render(w, r, status, organisationsPage(v, page, q, next, msg, l))
}

func (h *Handler) createOrganisation(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	var id int64
	err := func() error {
		var err error
		id, err = h.App.CreateOrganisation(r.Context(), v.Actor(), r.PostFormValue("name"), program.OrgKind(r.PostFormValue("kind")))
		return err
	}()
	if err != nil {
		if msg := v.Message(err); msg != "" {
			return h.renderOrganisations(w, r, ui.Status(err), msg)
		}
		return err
	}
	return h.done(w, r, "/admin/organisations/"+ui.ID(id), v.T("Organisation created."))
}

func (h *Handler) organisation(w http.ResponseWriter, r *http.Request) error {
	return h.renderOrganisation(w, r, http.StatusOK, "")
}

func (h *Handler) renderOrganisation(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.App.OrgDetail(r.Context(), v.Actor(), id)
	if err != nil {
		return err
	}
	return ui.Render(w, r, status, organisationPage(v, d, msg))
}

// orgAct runs a change on one organisation's page.
func (h *Handler) orgAct(w http.ResponseWriter, r *http.Request, do func(orgID int64) error, okMsg string) error {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	return h.act(w, r, func() error { return do(id) }, "/admin/organisations/"+ui.ID(id), okMsg,
		func(status int, msg string) error { return h.renderOrganisation(w, r, status, msg) })
}

func (h *Handler) addUser(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.orgAct(w, r, func(id int64) error {
		return h.App.AddUser(r.Context(), v.Actor(), id, r.PostFormValue("email"), program.Role(r.PostFormValue("role")))
	}, v.T("Invitation sent."))
}

// invitation resends or withdraws one of an organisation's invitations.
func (h *Handler) invitation(do func(context.Context, app.Actor, int64, int64) error, okMsg string) ui.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := ui.FromContext(r.Context())
		iid, err := ui.PathID(r, "iid")
		if err != nil {
			return err
		}
		return h.orgAct(w, r, func(id int64) error { return do(r.Context(), v.Actor(), id, iid) }, v.T(okMsg))
	}
}

func (h *Handler) removeUser(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	uid, err := ui.PathID(r, "uid")
	if err != nil {
		return err
	}
	return h.orgAct(w, r, func(id int64) error { return h.App.RemoveMember(r.Context(), v.Actor(), id, uid) },
		v.T("The person is removed from the organisation."))
}

func (h *Handler) suspend(suspended bool) ui.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := ui.FromContext(r.Context())
		msg := v.T("Organisation reactivated.")
		if suspended {
			msg = v.T("Organisation suspended: its people cannot sign in.")
		}
		return h.orgAct(w, r, func(id int64) error { return h.App.SetSuspended(r.Context(), v.Actor(), id, suspended) }, msg)
	}
}

func (h *Handler) createSAEnrollment(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.orgAct(w, r, func(id int64) error {
		f := ui.ReadForm(r)
		agreement, country, end := f.Text("agreement_number", "Agreement number"), f.Text("country", "Country"), f.Date("sa_end_date", "SA end date")
		return f.Run(func() error { return h.App.CreateSAEnrollment(r.Context(), v.Actor(), id, agreement, country, end) })
	}, v.T("SA enrollment created."))
}

func (h *Handler) recordCompetency(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.orgAct(w, r, func(id int64) error {
		f := ui.ReadForm(r)
		from := f.Date("valid_from", "Valid from")
		return f.Run(func() error {
			return h.App.RecordCompetency(r.Context(), v.Actor(), id, f.ID("competency_id"), program.Level(r.PostFormValue("level")), from)
		})
	}, v.T("Competency recorded."))
}

func (h *Handler) endCompetency(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	cid, err := ui.PathID(r, "cid")
	if err != nil {
		return err
	}
	return h.orgAct(w, r, func(id int64) error {
		f := ui.ReadForm(r)
		to := f.Date("valid_to", "Last day")
		return ui.Row(f.Run(func() error { return h.App.EndCompetency(r.Context(), v.Actor(), id, cid, to) }), cid, "valid_to")
	}, v.T("Competency ended."))
}

func (h *Handler) recordAccrual(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	// Each enrollment has its own form: its fields are named by it (date-42).
	f := ui.ReadForm(r)
	eid := f.ID("enrollment_id")
	date, days, note := f.Date("date", "Date"), f.Int("days", "Days"), f.Text("note", "Note")
	return h.orgAct(w, r, func(int64) error {
		return ui.Row(f.Run(func() error { return h.App.RecordAccrual(r.Context(), v.Actor(), eid, days, date, note) }), eid, "date", "days", "note")
	}, v.T("Accrual recorded."))
}

func (h *Handler) importForm(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return ui.Render(w, r, http.StatusOK, importPage(v, nil, ""))
}

// importAccruals takes a CSV file (or pasted text) and imports it all or
// not at all.
func (h *Handler) importAccruals(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	var text string
	if err := r.ParseMultipartForm(10 << 20); err == nil {
		if f, _, err := r.FormFile("file"); err == nil {
			b := new(strings.Builder)
			_, err := io.Copy(b, f)
			f.Close()
			if err != nil {
				return err
			}
			text = b.String()
		}
	}
	if text == "" {
		text = r.FormValue("csv")
	}
	res, err := h.App.ImportAccruals(r.Context(), v.Actor(), strings.NewReader(text))
	if err != nil {
		if msg := v.Message(err); msg != "" {
			return ui.Render(w, r, ui.Status(err), importPage(v, nil, msg))
		}
		return err
	}
	if len(res.Errors) > 0 {
		return ui.Render(w, r, http.StatusUnprocessableEntity, importPage(v, &res, v.T("Nothing was imported: correct these rows and send the whole file again.")))
	}
	return h.done(w, r, "/admin/accruals/import", v.T("Imported %d accruals, %d days in all.", res.Rows, res.Days))
}

// Enrollments.

func (h *Handler) enrollments(w http.ResponseWriter, r *http.Request) error {
	return h.renderEnrollments(w, r, http.StatusOK, "")
}

func (h *Handler) renderEnrollments(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v := ui.FromContext(r.Context())
	q, err := h.App.EnrollmentQueue(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	sort := ui.EnrollmentSorts.Pick(r.URL.Query().Get("sort"))
	sortEnrollments(q, sort)
	l := ui.SortList{Base: "/admin/enrollments", Q: ui.Query("sort", sort), Sorts: ui.EnrollmentSorts, Current: sort}
	return ui.Render(w, r, status, enrollmentsPage(v, q, msg, l))
}

// sortEnrollments puts the queue's requests and decided enrollments in
// order sort (the store reads them newest first; every partner's
// enrollments are few, read whole).
func sortEnrollments(q app.EnrollmentQueue, sort string) {
	byRequest := func(a, b store.EnrollmentRequest) int {
		switch sort {
		case ui.EnrollmentOldest:
			if c := a.RequestedAt.Compare(b.RequestedAt); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		case ui.EnrollmentPartner:
			if c := strings.Compare(strings.ToLower(a.PartnerName), strings.ToLower(b.PartnerName)); c != 0 {
				return c
			}
			if c := strings.Compare(a.Offering, b.Offering); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		}
		if c := b.RequestedAt.Compare(a.RequestedAt); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	}
	slices.SortStableFunc(q.Pending, func(a, b app.EnrollmentQueueItem) int { return byRequest(a.Request, b.Request) })
	slices.SortStableFunc(q.Decided, byRequest)
}

func (h *Handler) decideEnrollment(approve bool) ui.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := ui.FromContext(r.Context())
		id, err := ui.PathID(r, "id")
		if err != nil {
			return err
		}
		msg := v.T("Enrollment rejected.")
		if approve {
			msg = v.T("Enrollment approved for 12 months.")
		}
		return h.act(w, r, func() error {
			return h.App.DecideEnrollment(r.Context(), v.Actor(), id, approve, r.PostFormValue("reason"))
		},
			"/admin/enrollments", msg, func(status int, m string) error { return h.renderEnrollments(w, r, status, m) })
	}
}

// Catalog.

func (h *Handler) catalog(w http.ResponseWriter, r *http.Request) error {
	return h.renderCatalog(w, r, http.StatusOK, "")
}

func (h *Handler) renderCatalog(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v := ui.FromContext(r.Context())
	c, err := h.App.Catalog(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	return ui.Render(w, r, status, catalogPage(v, c, msg))
}

func (h *Handler) catalogAct(w http.ResponseWriter, r *http.Request, do func() error, okMsg string) error {
	return h.act(w, r, do, "/admin/catalog", okMsg, func(status int, msg string) error { return h.renderCatalog(w, r, status, msg) })
}

// parseMoney reads "1100.00" or "1100" as minor units, never through a float.
func parseMoney(s string) int64 {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		return -1
	}
	for len(frac) < 2 {
		frac += "0"
	}
	if whole == "" || strings.ContainsAny(whole+frac, "+-") {
		return -1 // digits only: no sign, no "-0.50" read as 0.50
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w > 1_000_000_000_000 {
		return -1
	}
	return w*100 + f
}

func (h *Handler) addRate(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	f := ui.ReadForm(r)
	rate := program.Rate{Country: r.PostFormValue("country"), Offering: r.PostFormValue("offering"), Currency: r.PostFormValue("currency"),
		AmountMinor: parseMoney(r.PostFormValue("amount")), ValidFrom: f.Date("valid_from", "Valid from"), ValidTo: f.Date("valid_to", "Valid to")}
	return h.catalogAct(w, r, f.Then(func() error { return h.App.AddRate(r.Context(), v.Actor(), rate) }), v.T("Payment rate added."))
}

func (h *Handler) addExam(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.catalogAct(w, r, func() error {
		return h.App.AddExam(r.Context(), v.Actor(), r.PostFormValue("code"), r.PostFormValue("name"), ui.FormID(r, "competency_id"))
	}, v.T("Exam added."))
}

func (h *Handler) updateType(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	return h.catalogAct(w, r, func() error {
		return h.App.UpdateEngagementType(r.Context(), v.Actor(), id, formLengths(r), r.PostFormValue("retired") == "yes")
	}, v.T("Engagement type updated."))
}

func formLengths(r *http.Request) []int {
	r.ParseForm()
	var lengths []int
	for _, n := range ui.FormIDs(r, "lengths") {
		lengths = append(lengths, int(n))
	}
	return lengths
}

func (h *Handler) addOffering(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.catalogAct(w, r, func() error {
		return h.App.CreateOffering(r.Context(), v.Actor(), r.PostFormValue("code"), r.PostFormValue("name"), r.PostFormValue("cloud") == "yes")
	}, v.T("Offering added."))
}

func (h *Handler) addCompetency(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.catalogAct(w, r, func() error { return h.App.CreateCompetency(r.Context(), v.Actor(), r.PostFormValue("name")) },
		v.T("Competency added."))
}

func (h *Handler) addType(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.catalogAct(w, r, func() error {
		return h.App.CreateEngagementType(r.Context(), v.Actor(), r.PostFormValue("offering"), r.PostFormValue("name"), formLengths(r))
	}, v.T("Engagement type added; make a competency qualify for it."))
}

func (h *Handler) setQualification(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	return h.catalogAct(w, r, func() error {
		return h.App.SetQualification(r.Context(), v.Actor(), id, ui.FormID(r, "competency_id"), program.Level(r.PostFormValue("level")))
	}, v.T("Qualifying competency saved."))
}

func (h *Handler) removeQualification(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	cid, err := ui.PathID(r, "cid")
	if err != nil {
		return err
	}
	return h.catalogAct(w, r, func() error { return h.App.RemoveQualification(r.Context(), v.Actor(), id, cid) },
		v.T("Qualifying competency removed."))
}

// Policy and time.

func (h *Handler) policy(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	o, err := h.App.AdminOverview(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	return ui.Render(w, r, http.StatusOK, policyPage(v, o, policyForm(o.Policy), nil, ""))
}

// policyFormValues are the policy form's fields as typed.
type policyFormValues map[string]string

func policyForm(p program.Policy) policyFormValues {
	f := policyFormValues(app.PolicyFields(p))
	f["conversion_num"], f["conversion_den"] = strconv.Itoa(p.ConversionNum), strconv.Itoa(p.ConversionDen)
	return f
}

var policyDateFields = []string{"cloud_retired_from", "conversion_closed_from", "accrual_closed_from", "last_day_to_create", "removal_on", "last_day_to_redeem"}

func parsePolicy(f policyFormValues) (program.Policy, error) {
	var p program.Policy
	loc, err := program.LoadLocation(strings.TrimSpace(f["time_zone"]))
	if err != nil {
		return p, err
	}
	p.Location = loc
	dates := []*program.Date{&p.CloudRetiredFrom, &p.ConversionClosedFrom, &p.AccrualClosedFrom, &p.LastDayToCreate, &p.RemovalOn, &p.LastDayToRedeem}
	for i, name := range policyDateFields {
		d, err := program.ParseDate(strings.TrimSpace(f[name]))
		if err != nil {
			return p, program.Invalid(name, "%s: %s", name, err.Error())
		}
		*dates[i] = d
	}
	ints := map[string]*int{"validity_days": &p.ValidityDays, "payment_window_days": &p.PaymentWindowDays,
		"conversion_num": &p.ConversionNum, "conversion_den": &p.ConversionDen}
	for name, dst := range ints {
		n, err := strconv.Atoi(strings.TrimSpace(f[name]))
		if err != nil {
			return p, program.Invalid(name, "%s must be a whole number.", name)
		}
		*dst = n
	}
	p.Reminders = program.ReminderDays{}
	for _, k := range program.ReminderKinds {
		days, err := program.ParseReminderDays("reminder_"+string(k), f["reminder_"+string(k)])
		if err != nil {
			return p, err
		}
		p.Reminders[k] = days
	}
	return p, p.Validate()
}

// savePolicy shows what a change affects and asks for confirmation; the
// confirmed post saves it.
func (h *Handler) savePolicy(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	o, err := h.App.AdminOverview(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	f := policyFormValues{}
	for name := range policyForm(o.Policy) {
		f[name] = r.PostFormValue(name)
	}
	next, err := parsePolicy(f)
	if err != nil {
		return ui.Render(w, r, http.StatusUnprocessableEntity, policyPage(v, o, f, nil, v.Message(err)))
	}
	changes := changedFields(policyForm(o.Policy), policyForm(next))
	if len(changes) == 0 {
		return ui.Render(w, r, http.StatusUnprocessableEntity, policyPage(v, o, f, nil, v.T("Nothing changed.")))
	}
	if r.PostFormValue("confirm") != "yes" {
		return ui.Render(w, r, http.StatusOK, policyPage(v, o, f, changes, ""))
	}
	return h.act(w, r, func() error { return h.App.SavePolicy(r.Context(), v.Actor(), next) }, "/admin/policy", v.T("Policy saved; it applies at once."),
		func(status int, msg string) error { return ui.Render(w, r, status, policyPage(v, o, f, nil, msg)) })
}

type change struct{ Field, Before, After string }

func changedFields(before, after policyFormValues) []change {
	var out []change
	for _, name := range append(append([]string{"time_zone"}, append(policyDateFields, "validity_days", "payment_window_days", "conversion_ratio")...), reminderFields()...) {
		if before[name] != after[name] {
			out = append(out, change{name, before[name], after[name]})
		}
	}
	return out
}

func (h *Handler) moveClock(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	to := ui.FormDate(r, "date")
	if n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("advance"))); err == nil && n > 0 && n <= 3660 {
		to = v.Today.AddDays(n)
	}
	rep, err := h.App.MoveClock(r.Context(), v.Actor(), to)
	if err != nil {
		if msg := v.Message(err); msg != "" {
			o, readErr := h.App.AdminOverview(r.Context(), v.Actor())
			if readErr != nil {
				return readErr
			}
			return ui.Render(w, r, ui.Status(err), policyPage(v, o, policyForm(o.Policy), nil, msg))
		}
		return err
	}
	return h.done(w, r, "/admin/policy", v.T("The date is now %s. Catch-up: %d vouchers expired (%d days returned, %d forfeited), %d days removed from %d enrollments, %d payment windows closed.",
		v.L.Date(to), rep.Expired, rep.DaysReturned, rep.DaysForfeited, rep.DaysRemoved, rep.Enrollments, rep.WindowsClosed))
}

// Vouchers and payments.

func (h *Handler) vouchers(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	q := r.URL.Query()
	f := store.VoucherFilter{State: program.State(q.Get("state")), Query: strings.TrimSpace(q.Get("q")), Limit: 25}
	if code := strings.TrimSpace(q.Get("code")); code != "" {
		c, err := program.ParseCode(code)
		if err != nil {
			return ui.Render(w, r, http.StatusUnprocessableEntity, vouchersPage(v, app.VoucherPage{}, q, "", v.Message(err)))
		}
		f.Code = string(c)
	}
	ui.VoucherCursor(q, &f)
	f.Sort = ui.ProgramVoucherSorts.Pick(f.Sort)
	page, err := h.App.Vouchers(r.Context(), v.Actor(), f)
	if err != nil {
		return err
	}
	next := ui.NextVoucherPage("/admin/vouchers", q, page.Sort, page.Rows, page.More)
	return ui.Render(w, r, http.StatusOK, vouchersPage(v, page, q, next, ""))
}

func (h *Handler) voucher(w http.ResponseWriter, r *http.Request) error {
	return h.renderVoucher(w, r, http.StatusOK, "")
}

func (h *Handler) renderVoucher(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.App.VoucherDetail(r.Context(), v.Actor(), id)
	if err != nil {
		return err
	}
	return ui.Render(w, r, status, voucherPage(v, d, msg))
}

func (h *Handler) voucherAct(w http.ResponseWriter, r *http.Request, do func(id int64) error, okMsg string) error {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	return h.act(w, r, func() error { return do(id) }, "/admin/vouchers/"+ui.ID(id), okMsg,
		func(status int, msg string) error { return h.renderVoucher(w, r, status, msg) })
}

func (h *Handler) extend(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	f := ui.ReadForm(r)
	last, reason := f.Date("last_valid_day", "New last valid day"), f.Text("reason", "Reason")
	return h.voucherAct(w, r, func(id int64) error {
		if last.IsZero() && !f.Has("last_valid_day") {
			f.Check(program.Invalid("last_valid_day", "Enter the new last valid day."))
		}
		return f.Run(func() error {
			_, err := h.App.ExtendValidity(r.Context(), v.Actor(), id, last.AddDays(1), reason)
			return ui.Renamed(err, map[string]string{"expires_on": "last_valid_day"})
		})
	}, v.T("Validity extended."))
}

func (h *Handler) decidePayment(approve bool) ui.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := ui.FromContext(r.Context())
		msg := v.T("Payment denied.")
		if approve {
			msg = v.T("Payment approved.")
		}
		return h.voucherAct(w, r, func(id int64) error {
			var err error
			if approve {
				_, err = h.App.ApprovePayment(r.Context(), v.Actor(), id, r.PostFormValue("reference"))
			} else {
				_, err = h.App.DenyPayment(r.Context(), v.Actor(), id, r.PostFormValue("reason"))
			}
			return err
		}, msg)
	}
}

// awaitingPayment is the payments page's list of redeemed vouchers whose
// payment window is open, soonest deadline first.
const awaitingPayment = "awaiting"

// paymentsModel is the payments page: a page of requests in one state, or
// of vouchers awaiting a request.
type paymentsModel struct {
	State    string
	Page     app.PaymentPage
	Awaiting app.VoucherPage
	Sort     ui.SortList
	Next     string
}

func (h *Handler) payments(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	q := r.URL.Query()
	m := paymentsModel{State: q.Get("state")}
	switch m.State {
	case "requested", "paid", "denied", awaitingPayment:
	default:
		m.State = "requested"
	}
	if m.State == awaitingPayment {
		// Soonest deadline first: the program-wide index on the open
		// windows' redemption days serves it (vouchers_window_idx).
		f := store.VoucherFilter{WindowOpen: true, Order: store.OrderRedeemed, Limit: 25}
		if d, id, ok := strings.Cut(q.Get("after"), "_"); ok {
			f.AfterRedeemed, _ = program.ParseDate(d)
			f.AfterID, _ = strconv.ParseInt(id, 10, 64)
		}
		var err error
		if m.Awaiting, err = h.App.Vouchers(r.Context(), v.Actor(), f); err != nil {
			return err
		}
		if rows := m.Awaiting.Rows; m.Awaiting.More && len(rows) > 0 {
			last := rows[len(rows)-1]
			m.Next = ui.Path("/admin/payments", url.Values{"state": {awaitingPayment}, "after": {last.RedeemedOn.String() + "_" + ui.ID(last.ID)}})
		}
		return ui.Render(w, r, http.StatusOK, paymentsPage(v, m))
	}
	q.Set("state", m.State)
	f, l := ui.PaymentList("/admin/payments", q, "state")
	f.State, f.Limit = m.State, 25
	m.Sort = l
	var err error
	if m.Page, err = h.App.Payments(r.Context(), v.Actor(), f); err != nil {
		return err
	}
	m.Next = ui.NextPaymentPage(l, m.Page.Rows, m.Page.More)
	return ui.Render(w, r, http.StatusOK, paymentsPage(v, m))
}

func (h *Handler) outbox(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	msgs, err := h.App.Outbox(r.Context(), v.Actor(), before)
	if err != nil {
		return err
	}
	return ui.Render(w, r, http.StatusOK, outboxPage(v, msgs))
}

func (h *Handler) audit(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	q := r.URL.Query()
	f, err := auditFilter(q)
	if err != nil {
		v.Label("code", "Voucher ID")
		v.Label("org_name", "Organisation name")
		return ui.Refused(w, r, err, func(status int, msg string) error {
			return ui.Render(w, r, status, auditPage(v, app.AuditPage{}, q, "", msg))
		})
	}
	f.Limit = 50
	page, err := h.App.Audit(r.Context(), v.Actor(), f)
	if err != nil {
		return err
	}
	next := ""
	if page.More {
		q := r.URL.Query()
		q.Set("before", ui.ID(page.Events[len(page.Events)-1].ID))
		next = ui.Path("/admin/audit", q)
	}
	return ui.Render(w, r, http.StatusOK, auditPage(v, page, q, next, ""))
}

// auditFilter reads the audit log's filters: a voucher ID as people type
// it, part of an organisation's name, and the numeric ids of links from
// elsewhere. A voucher ID with a typing mistake is refused (field "code");
// one that no voucher has finds no events.
func auditFilter(q url.Values) (store.AuditFilter, error) {
	f := store.AuditFilter{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action"))}
	var p program.Problems
	if s := strings.TrimSpace(q.Get("code")); s != "" {
		c, err := program.ParseCode(s)
		p.Add(ui.Renamed(err, map[string]string{"voucher_id": "code"}))
		f.Code = string(c)
	}
	if s := strings.TrimSpace(q.Get("org_name")); s != "" {
		p.Add(program.CheckLine("org_name", s, program.MaxName))
		f.OrgName = s
	}
	f.OrgID, _ = strconv.ParseInt(q.Get("org"), 10, 64)
	f.VoucherID, _ = strconv.ParseInt(q.Get("voucher"), 10, 64)
	f.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	f.From, _ = program.ParseDate(q.Get("from"))
	f.To, _ = program.ParseDate(q.Get("to"))
	return f, p.Err()
}
