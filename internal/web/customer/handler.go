// Package customer is the customer portal under /customer: the benefit
// administrator's and the project manager's pages.
package customer

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

func init() {
	ui.Register(program.KindCustomer, "Days", "/customer/days", program.BenefitAdmin)
	ui.Register(program.KindCustomer, "Vouchers", "/customer/vouchers")
	// DOMAIN.md §6: once the last day to create has passed, the page only
	// explains it, so the menu no longer offers it.
	ui.RegisterWhen(program.KindCustomer, "New voucher", "/customer/vouchers/new",
		func(v *ui.View) bool { return v.Policy.CreationOpen(v.Today) }, program.BenefitAdmin)
	ui.Register(program.KindCustomer, "Partner directory", "/customer/partners")
}

// Handler serves the customer pages.
type Handler struct {
	App   *app.App
	Flash ui.Flasher
}

// Routes registers the customer pages.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/", ui.Handle(h.home))
	r.Post("/enrollments/{id}/activate", ui.Handle(h.activate))
	r.Get("/days", ui.Handle(h.days))
	r.Post("/days/convert", ui.Handle(h.convert))
	r.Get("/vouchers", ui.Handle(h.vouchers))
	r.Get("/vouchers/export", ui.Handle(h.exportVouchers))
	r.Get("/vouchers/new", ui.Handle(h.newVoucher))
	r.Post("/vouchers/new", ui.Handle(h.createVoucher))
	r.Get("/vouchers/{id}", ui.Handle(h.voucher))
	r.Post("/vouchers/{id}/reassign", ui.Handle(h.reassign))
	r.Get("/vouchers/{id}/void", ui.Handle(h.confirmVoid))
	r.Post("/vouchers/{id}/void", ui.Handle(h.void))
	r.Get("/files/{id}", ui.Handle(h.file))
	r.Get("/partners", ui.Handle(h.partners))
	r.Get("/partners/{id}", ui.Handle(h.partner))
	r.Get("/people", ui.Handle(h.people))
	h.statementRoutes(r)
	r.Post("/invitations/{id}/resend", ui.Handle(ui.OwnInvitation(h.App.ResendInvitation, "The invitation is sent again with a new link.", h.peopleAct)))
	r.Post("/invitations/{id}/revoke", ui.Handle(ui.OwnInvitation(h.App.RevokeInvitation, "The invitation is withdrawn.", h.peopleAct)))
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	o, err := h.App.CustomerOverview(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	status, err := ui.AskWhatIf(r, h.App, &o.WhatIf)
	if err != nil {
		return err
	}
	return ui.Render(w, r, status, homePage(v, o))
}

func (h *Handler) activate(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.App.ActivateBenefit(r.Context(), v.Actor(), id); err != nil {
		return ui.Refused(w, r, err, func(status int, msg string) error {
			o, err := h.App.CustomerOverview(r.Context(), v.Actor())
			if err != nil {
				return err
			}
			return ui.Render(w, r, status, homePageWith(v, o, msg))
		})
	}
	return ui.Done(w, r, h.Flash, "/customer", v.T("The Planning Services benefit is active: you can create vouchers."))
}

func (h *Handler) days(w http.ResponseWriter, r *http.Request) error {
	return h.renderDays(w, r, http.StatusOK, "")
}

func (h *Handler) renderDays(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v := ui.FromContext(r.Context())
	if !program.Can(v.Current.Role, program.ActConvertTraining) {
		return program.NotFound("page")
	}
	d, err := h.App.CustomerDays(r.Context(), v.Actor(), r.URL.Query().Get("all") == "1")
	if err != nil {
		return err
	}
	return ui.Render(w, r, status, daysPage(v, d, msg))
}

func (h *Handler) convert(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	err := h.App.ConvertTraining(r.Context(), v.Actor(), ui.FormID(r, "enrollment_id"), ui.FormInt(r, "training_days"))
	if err != nil {
		return ui.Refused(w, r, err, func(_ int, msg string) error { return h.renderDays(w, r, ui.Status(err), msg) })
	}
	return ui.Done(w, r, h.Flash, "/customer/days", v.T("Training days converted."))
}

// listFilter reads a voucher list's filters and page cursor from the query.
func listFilter(q url.Values) store.VoucherFilter {
	f := store.VoucherFilter{State: program.State(q.Get("state")), ProjectManager: strings.TrimSpace(q.Get("pm")), Limit: 25}
	f.EnrollmentID, _ = strconv.ParseInt(q.Get("enrollment"), 10, 64)
	ui.VoucherCursor(q, &f)
	return f
}

func (h *Handler) vouchers(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	q := r.URL.Query()
	f := listFilter(q)
	page, opts, err := h.App.CustomerVouchers(r.Context(), v.Actor(), f)
	if err != nil {
		return err
	}
	next := ui.NextVoucherPage("/customer/vouchers", q, page.Sort, page.Rows, page.More)
	return ui.Render(w, r, http.StatusOK, vouchersPage(v, page, opts, q, next))
}

// exportVouchers streams the voucher list, filtered as on the page, as CSV.
func (h *Handler) exportVouchers(w http.ResponseWriter, r *http.Request) error {
	f := listFilter(r.URL.Query())
	f.AfterID = 0
	return ui.ServeVoucherCSV(w, r, h.App, f, "vouchers.csv")
}

// createForm is the create form as typed.
type createForm struct {
	EnrollmentID     int64
	EngagementTypeID int64
	Days             int
	ProjectManager   string
	Invite           string
	Reason           program.SecondReason // a second 15-day voucher's statement (DOMAIN.md §9)
	Note             string
}

func (f createForm) email() string {
	if strings.TrimSpace(f.Invite) != "" {
		return f.Invite
	}
	return f.ProjectManager
}

func (f createForm) input() app.CreateVoucherInput {
	return app.CreateVoucherInput{EnrollmentID: f.EnrollmentID, EngagementTypeID: f.EngagementTypeID, Days: f.Days,
		ProjectManagerEmail: strings.TrimSpace(f.email()), Statement: program.Statement{Reason: f.Reason, Note: f.Note}}
}

// readCreateForm reads the create form from a query (step 1 and its links)
// or a post (steps 2 and 3); days that are no number are refused by name.
func readCreateForm(r *http.Request) (createForm, *ui.Form) {
	in := ui.ReadForm(r)
	f := createForm{EnrollmentID: in.ID("enrollment_id"), EngagementTypeID: in.ID("engagement_type_id"),
		Days: in.Int("days", "Length"), ProjectManager: in.Text("project_manager", "Project manager"),
		Invite: in.Text("invite", "Or invite a project manager by email"), Reason: program.SecondReason(in.Text("statement_reason", "Why another 15-day voucher")),
		Note: in.Text("statement_note", "Which division, legal entity or products")}
	if f.EnrollmentID == 0 {
		f.EnrollmentID = in.ID("enrollment")
	}
	if f.EngagementTypeID == 0 {
		f.EngagementTypeID = in.ID("type")
	}
	return f, in
}

// newVoucher is the create form in three steps, so that it works without
// JavaScript: first the enrollment and the engagement, then only the lengths
// that engagement allows and the balance pays for, and the project manager,
// then what the voucher will take, to confirm.
func (h *Handler) newVoucher(w http.ResponseWriter, r *http.Request) error {
	f, _ := readCreateForm(r)
	return h.renderNew(w, r, http.StatusOK, f, "", false)
}

func (h *Handler) renderNew(w http.ResponseWriter, r *http.Request, status int, f createForm, msg string, confirm bool) error {
	v := ui.FromContext(r.Context())
	if !program.Can(v.Current.Role, program.ActCreateVoucher) {
		return program.NotFound("page")
	}
	opts, err := h.App.VoucherOptions(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	if confirm {
		return ui.Render(w, r, status, confirmPage(v, opts, f))
	}
	return ui.Render(w, r, status, newVoucherPage(v, opts, f, msg))
}

// createFields are the use case's field names as the form names them.
func createFields(f createForm) map[string]string {
	pm := "project_manager"
	if strings.TrimSpace(f.Invite) != "" {
		pm = "invite"
	}
	return map[string]string{"project_manager_email": pm, "enrollment_id": "enrollment", "engagement_type_id": "type"}
}

// createVoucher takes the second step's form: checked by every rule of the
// use case, it shows what the voucher will take and when it ends; the
// confirmed post creates it; "Change" goes back to the second step with
// every choice kept.
func (h *Handler) createVoucher(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := program.Authorize(v.Current.Role, program.ActCreateVoucher); err != nil {
		return err
	}
	f, in := readCreateForm(r)
	page := func(status int, msg string) error { return h.renderNew(w, r, status, f, msg, false) }
	if r.PostFormValue("change") == "yes" {
		return page(http.StatusOK, "")
	}
	if f.Days == 0 && !in.Has("days") {
		in.Check(program.Invalid("days", "Choose the voucher's length."))
	}
	switch {
	case strings.TrimSpace(f.ProjectManager) != "" && strings.TrimSpace(f.Invite) != "":
		in.Check(program.Invalid("invite", "Choose a project manager or invite one by email, not both."))
	case strings.TrimSpace(f.email()) == "":
		in.Check(program.Invalid("project_manager", "Choose a project manager, or invite one by email."))
	}
	if err := in.Err(); err != nil {
		return ui.Refused(w, r, err, page)
	}
	if r.PostFormValue("confirm") != "yes" {
		if err := h.App.CheckVoucher(r.Context(), v.Actor(), f.input()); err != nil {
			return ui.Refused(w, r, ui.Renamed(err, createFields(f)), page)
		}
		return h.renderNew(w, r, http.StatusOK, f, "", true)
	}
	voucher, err := h.App.CreateVoucher(r.Context(), v.Actor(), f.input())
	if err != nil {
		return ui.Refused(w, r, ui.Renamed(err, createFields(f)), page)
	}
	return ui.Done(w, r, h.Flash, "/customer/vouchers/"+ui.ID(voucher.ID), v.T("Voucher %s created and sent to %s.", voucher.Code.Display(), voucher.ProjectManagerEmail))
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

func (h *Handler) voucherAction(w http.ResponseWriter, r *http.Request, do func(id int64) (program.Voucher, error), done string) error {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := do(id); err != nil {
		return ui.Refused(w, r, err, func(_ int, msg string) error { return h.renderVoucher(w, r, ui.Status(err), msg) })
	}
	h.Flash(r, "ok", done)
	http.Redirect(w, r, "/customer/vouchers/"+ui.ID(id), http.StatusSeeOther)
	return nil
}

func (h *Handler) reassign(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	email := r.PostFormValue("project_manager_email")
	return h.voucherAction(w, r, func(id int64) (program.Voucher, error) {
		return h.App.ReassignVoucher(r.Context(), v.Actor(), id, email)
	}, v.T("The voucher is now assigned to %s, who has been emailed its ID.", strings.ToLower(strings.TrimSpace(email))))
}

func (h *Handler) void(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.voucherAction(w, r, func(id int64) (program.Voucher, error) {
		return h.App.VoidVoucher(r.Context(), v.Actor(), id)
	}, v.T("The voucher is void; its days are back in the balance."))
}

func (h *Handler) file(w http.ResponseWriter, r *http.Request) error {
	return ui.ServeDeliverable(w, r, h.App)
}

func (h *Handler) partners(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	q := r.URL.Query()
	f := store.DirectoryFilter{Offering: q.Get("offering"), Country: strings.TrimSpace(q.Get("country")), Text: strings.TrimSpace(q.Get("q"))}
	f.EngagementTypeID, _ = strconv.ParseInt(q.Get("type"), 10, 64)
	d, err := h.App.PartnerDirectory(r.Context(), v.Actor(), f)
	if err != nil {
		return err
	}
	return ui.Render(w, r, http.StatusOK, directoryPage(v, d, q))
}

func (h *Handler) partner(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	p, types, err := h.App.PublishedProfile(r.Context(), v.Actor(), id)
	if err != nil {
		return err
	}
	return ui.Render(w, r, http.StatusOK, ui.ProfilePage(v, p, types))
}
