// Package partner is the partner portal under /partner: the partner admins'
// and consultants' pages.
package partner

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

func init() {
	admins := []program.Role{program.PartnerGlobalAdmin, program.PartnerAdmin}
	ui.Register(program.KindPartner, "Eligibility", "/partner/eligibility", admins...)
	ui.Register(program.KindPartner, "Validate a voucher", "/partner/vouchers/validate", admins...)
	ui.Register(program.KindPartner, "Vouchers", "/partner/vouchers", admins...)
	ui.Register(program.KindPartner, "Payments", "/partner/payments", admins...)
	ui.Register(program.KindPartner, "Profile", "/partner/profile", admins...)
	ui.Register(program.KindPartner, "Organisation", "/partner/organisation", program.PartnerGlobalAdmin)
	ui.Register(program.KindPartner, "My exams", "/partner/exams", program.Consultant)
}

// Handler serves the partner pages.
type Handler struct {
	App   *app.App
	Flash ui.Flasher
}

// Routes registers the partner pages.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/", ui.Handle(h.home))
	r.Get("/eligibility", ui.Handle(h.eligibility))
	r.Get("/organisation", ui.Handle(h.organisation))
	r.Get("/agreement", ui.Handle(h.organisation))
	r.Post("/agreement", ui.Handle(h.signAgreement))
	r.Get("/enrollments", ui.Handle(h.organisation))
	r.Post("/enrollments", ui.Handle(h.requestEnrollment))
	r.Post("/enrollments/{id}/renew", ui.Handle(h.renewEnrollment))
	r.Get("/locations", ui.Handle(h.organisation))
	r.Post("/locations", ui.Handle(h.addLocation))
	r.Get("/people", ui.Handle(h.organisation))
	r.Post("/people", ui.Handle(h.invite))
	r.Post("/people/{id}/remove", ui.Handle(h.removeUser))
	r.Post("/invitations/{id}/resend", ui.Handle(ui.OwnInvitation(h.App.ResendInvitation, "The invitation is sent again with a new link.", h.setup)))
	r.Post("/invitations/{id}/revoke", ui.Handle(ui.OwnInvitation(h.App.RevokeInvitation, "The invitation is withdrawn.", h.setup)))
	r.Get("/payments/registration", ui.Handle(h.paymentSetup))
	r.Post("/payments/registration", ui.Handle(h.registerPayment))
	r.Post("/payments/registration/offering", ui.Handle(h.registerOffering))
	r.Get("/profile", ui.Handle(h.profile))
	r.Post("/profile", ui.Handle(h.saveProfile))
	r.Get("/exams", ui.Handle(h.exams))
	r.Post("/exams", ui.Handle(h.recordExam))
	r.Get("/vouchers", ui.Handle(h.vouchers))
	r.Post("/vouchers/redeem", ui.Handle(h.bulkRedeem))
	r.Get("/vouchers/export", ui.Handle(h.exportVouchers))
	r.Get("/vouchers/validate", ui.Handle(h.validateForm))
	r.Post("/vouchers/validate", ui.Handle(h.validate))
	r.Post("/vouchers/reserve", ui.Handle(h.reserve))
	r.Get("/vouchers/{id}", ui.Handle(h.voucher))
	r.Get("/vouchers/{id}/cancel", ui.Handle(h.cancelForm))
	r.Post("/vouchers/{id}/cancel", ui.Handle(h.cancel))
	r.Post("/vouchers/{id}/reschedule", ui.Handle(h.reschedule))
	r.Post("/vouchers/{id}/report", ui.Handle(h.report))
	r.Post("/vouchers/{id}/redeem", ui.Handle(h.redeem))
	r.Post("/vouchers/{id}/payment", ui.Handle(h.requestPayment))
	r.Get("/payments", ui.Handle(h.payments))
	h.statementRoutes(r)
	r.Get("/files/{id}", ui.Handle(func(w http.ResponseWriter, r *http.Request) error { return ui.ServeDeliverable(w, r, h.App) }))
}

// onlyFor answers "not found" to roles a page is not for.
func onlyFor(v *ui.View, act program.Action) error {
	if !program.Can(v.Current.Role, act) {
		return program.NotFound("page")
	}
	return nil
}

// exportVouchers streams the partner's voucher list, filtered as on the
// page, as CSV.
func (h *Handler) exportVouchers(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := onlyFor(v, program.ActRedeemVoucher); err != nil {
		return err
	}
	return ui.ServeVoucherCSV(w, r, h.App, store.VoucherFilter{State: program.State(r.URL.Query().Get("state")), Sort: r.URL.Query().Get("sort")}, "vouchers.csv")
}

func (h *Handler) done(w http.ResponseWriter, r *http.Request, to, msg string) error {
	return ui.Done(w, r, h.Flash, to, msg)
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	o, err := h.App.PartnerOverview(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	status, err := ui.AskWhatIf(r, h.App, &o.WhatIf)
	if err != nil {
		return err
	}
	return ui.Render(w, r, status, homePage(v, o))
}

func (h *Handler) eligibility(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := onlyFor(v, program.ActValidateVoucher); err != nil {
		return err
	}
	s, err := h.App.PartnerSettings(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	return ui.Render(w, r, http.StatusOK, eligibilityPage(v, s, ""))
}

// organisation is the partner global admin's set-up page: agreement,
// enrollments, locations with payment registration, and people.
func (h *Handler) organisation(w http.ResponseWriter, r *http.Request) error {
	return h.renderOrganisation(w, r, http.StatusOK, "")
}

func (h *Handler) renderOrganisation(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v := ui.FromContext(r.Context())
	if err := onlyFor(v, program.ActManagePartner); err != nil {
		return err
	}
	s, err := h.App.PartnerSettings(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	return ui.Render(w, r, status, organisationPage(v, s, msg))
}

// setup runs one set-up change of the organisation page.
func (h *Handler) setup(w http.ResponseWriter, r *http.Request, do func() error, okMsg string) error {
	return ui.Act(w, r, h.Flash, do, "/partner/organisation", okMsg,
		func(status int, msg string) error { return h.renderOrganisation(w, r, status, msg) })
}

func (h *Handler) signAgreement(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.setup(w, r, func() error {
		return h.App.SignAgreement(r.Context(), v.Actor(), r.PostFormValue("name"), r.PostFormValue("title"))
	}, v.T("The program agreement is signed."))
}

func (h *Handler) requestEnrollment(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	offering := r.PostFormValue("offering")
	return h.setup(w, r, func() error { return h.App.RequestEnrollment(r.Context(), v.Actor(), offering) },
		v.T("Your request to enroll in %s is sent to the program.", offering))
}

func (h *Handler) addLocation(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.setup(w, r, func() error {
		return h.App.AddLocation(r.Context(), v.Actor(), r.PostFormValue("name"), r.PostFormValue("country"))
	}, v.T("Location added."))
}

func (h *Handler) invite(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	email := r.PostFormValue("email")
	return h.setup(w, r, func() error {
		return h.App.InviteUser(r.Context(), v.Actor(), email, program.Role(r.PostFormValue("role")))
	}, v.T("%s is invited.", strings.ToLower(strings.TrimSpace(email))))
}

func (h *Handler) removeUser(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	return h.setup(w, r, func() error { return h.App.RemoveUser(r.Context(), v.Actor(), id) }, v.T("The person is removed from your organisation."))
}

func (h *Handler) profile(w http.ResponseWriter, r *http.Request) error {
	return h.renderProfile(w, r, http.StatusOK, "", nil)
}

func (h *Handler) renderProfile(w http.ResponseWriter, r *http.Request, status int, msg string, typed *app.ProfileInput) error {
	v := ui.FromContext(r.Context())
	if err := onlyFor(v, program.ActEditProfile); err != nil {
		return err
	}
	s, err := h.App.PartnerSettings(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	in := app.ProfileInput{}
	if s.Profile != nil {
		in = app.ProfileInput{Description: s.Profile.Description, Offerings: s.Profile.Offerings, Countries: s.Profile.Countries,
			ContactEmail: s.Profile.ContactEmail, Website: s.Profile.Website, Published: s.Profile.Published}
	}
	if typed != nil {
		in = *typed
	}
	return ui.Render(w, r, status, profilePage(v, s, in, msg))
}

func (h *Handler) saveProfile(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := r.ParseForm(); err != nil {
		return program.Invalid("form", "The form could not be read.")
	}
	in := app.ProfileInput{Description: r.PostFormValue("description"), Offerings: r.PostForm["offerings"],
		Countries: splitList(r.PostFormValue("countries")), ContactEmail: r.PostFormValue("contact_email"),
		Website: r.PostFormValue("website"), Published: r.PostFormValue("published") == "yes"}
	if err := h.App.SaveProfile(r.Context(), v.Actor(), in); err != nil {
		return ui.Refused(w, r, err, func(status int, msg string) error { return h.renderProfile(w, r, status, msg, &in) })
	}
	msg := v.T("Profile saved as a draft; customers do not see it.")
	if in.Published {
		msg = v.T("Profile saved and published in the customers' directory.")
	}
	return h.done(w, r, "/partner/profile", msg)
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
}

func (h *Handler) exams(w http.ResponseWriter, r *http.Request) error {
	return h.renderExams(w, r, http.StatusOK, "")
}

func (h *Handler) renderExams(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v := ui.FromContext(r.Context())
	if err := onlyFor(v, program.ActRecordExam); err != nil {
		return err
	}
	s, err := h.App.PartnerSettings(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	return ui.Render(w, r, status, examsPage(v, s, msg))
}

func (h *Handler) recordExam(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := h.App.RecordExam(r.Context(), v.Actor(), ui.FormID(r, "exam_id"), ui.FormDate(r, "passed_on")); err != nil {
		return ui.Refused(w, r, err, func(status int, msg string) error { return h.renderExams(w, r, status, msg) })
	}
	return h.done(w, r, "/partner/exams", v.T("Exam recorded."))
}

// The voucher work.

func (h *Handler) validateForm(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := onlyFor(v, program.ActValidateVoucher); err != nil {
		return err
	}
	return ui.Render(w, r, http.StatusOK, validatePage(v, validateModel{}))
}

type validateModel struct {
	Code       string
	Email      string
	Error      string
	Validation *app.Validation
	Voucher    *program.Voucher
	Settings   app.PartnerSettings
	Start      string
	Location   int64
	Errors     formErrors // the reserve form's
}

// validate checks a voucher ID with the project manager's email. Every
// mismatch gets the same "no such voucher"; the use case throttles failed
// attempts per user and per organisation.
func (h *Handler) validate(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := onlyFor(v, program.ActValidateVoucher); err != nil {
		return err
	}
	m := validateModel{Code: strings.TrimSpace(r.PostFormValue("voucher_id")), Email: strings.TrimSpace(r.PostFormValue("email"))}
	return h.showValidated(w, r, m, http.StatusOK)
}

func (h *Handler) showValidated(w http.ResponseWriter, r *http.Request, m validateModel, status int) error {
	v := ui.FromContext(r.Context())
	val, err := h.App.ValidateForReserve(r.Context(), v.Actor(), m.Code, m.Email)
	if err != nil {
		if rf, ok := program.AsRefusal(err); ok {
			m.Error = v.Message(err)
			if rf.Code == program.CodeNotFound {
				m.Error = v.T("No such voucher: check the voucher ID and the project manager's email address.")
			}
			return ui.Render(w, r, ui.Status(err), validatePage(v, m))
		}
		return err
	}
	s, err := h.App.PartnerSettings(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	// The ID as people write it, with its dashes, whatever was typed.
	m.Validation, m.Voucher, m.Settings, m.Code = &val, &val.Voucher, s, val.Voucher.Code.Display()
	return ui.Render(w, r, status, validatePage(v, m))
}

func (h *Handler) reserve(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := r.ParseForm(); err != nil {
		return program.Invalid("form", "The form could not be read.")
	}
	consultants := ui.FormIDs(r, "consultants")
	f := ui.ReadForm(r)
	in := app.ReserveInput{Code: r.PostFormValue("voucher_id"), Email: r.PostFormValue("email"), LocationID: ui.FormID(r, "location_id"),
		StartOn: f.Date("start_on", "Planned start date"), Consultants: consultants, TermsAccepted: r.PostFormValue("terms") == "yes"}
	voucher, err := h.App.ReserveVoucher(r.Context(), v.Actor(), in)
	if err = withForm(f, err); err != nil {
		// The person is still validating: the menu says so.
		v.Path = "/partner/vouchers/validate"
		m := validateModel{Code: in.Code, Email: in.Email, Start: r.PostFormValue("start_on"), Location: in.LocationID}
		return refusedForm(r, err, func(status int, err error) error {
			m.Errors = errorsOf(v, err, reserveInputs)
			return h.showValidated(w, r, m, status)
		})
	}
	return h.done(w, r, "/partner/vouchers/"+ui.ID(voucher.ID), v.T("Voucher %s is reserved; the project manager has been emailed.", voucher.Code.Display()))
}

func (h *Handler) vouchers(w http.ResponseWriter, r *http.Request) error {
	return h.renderVouchers(w, r, http.StatusOK, nil)
}

func (h *Handler) renderVouchers(w http.ResponseWriter, r *http.Request, status int, results []redeemResult) error {
	v := ui.FromContext(r.Context())
	if err := onlyFor(v, program.ActValidateVoucher); err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.VoucherFilter{State: program.State(q.Get("state")), Limit: 25}
	ui.VoucherCursor(q, &f)
	page, err := h.App.Vouchers(r.Context(), v.Actor(), f)
	if err != nil {
		return err
	}
	kept := ui.Query("state", q.Get("state"), "sort", ui.VoucherSorts.Pick(q.Get("sort")))
	next := ui.NextVoucherPage("/partner/vouchers", kept, page.Sort, page.Rows, page.More)
	l := ui.SortList{Base: "/partner/vouchers", Q: kept, Sorts: ui.VoucherSorts, Current: page.Sort}
	return ui.Render(w, r, status, vouchersPage(v, page, q.Get("state"), next, results, l))
}

type redeemResult struct {
	Code    string
	OK      bool
	Message string
}

// bulkRedeem redeems each selected voucher on its own and reports each.
func (h *Handler) bulkRedeem(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := r.ParseForm(); err != nil {
		return program.Invalid("form", "The form could not be read.")
	}
	ids := ui.FormIDs(r, "voucher")
	if len(ids) == 0 {
		return h.renderVouchers(w, r, http.StatusUnprocessableEntity, []redeemResult{{Message: v.T("Select the vouchers to redeem.")}})
	}
	if r.PostFormValue("confirm") != "yes" {
		return h.confirmBulkRedeem(w, r, ids)
	}
	var results []redeemResult
	for _, res := range h.App.RedeemVouchers(r.Context(), v.Actor(), ids) {
		rr := redeemResult{Code: "#" + ui.ID(res.VoucherID), OK: res.Err == nil}
		if res.Err == nil {
			rr.Code, rr.Message = res.Voucher.Code.Display(), v.T("Redeemed.")
		} else if msg := v.Message(res.Err); msg != "" {
			rr.Message = msg
		} else {
			return res.Err
		}
		results = append(results, rr)
	}
	return h.renderVouchers(w, r, http.StatusOK, results)
}

func (h *Handler) voucher(w http.ResponseWriter, r *http.Request) error {
	return h.renderVoucher(w, r, http.StatusOK, "")
}

func (h *Handler) renderVoucher(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	return h.renderVoucherWith(w, r, status, voucherErrors{Refusal: msg})
}

// voucherErrors are the refusals a voucher's page shows: one message, or
// a form's errors beside its fields.
type voucherErrors struct {
	Refusal    string
	Reschedule formErrors
	Report     formErrors
}

func (h *Handler) renderVoucherWith(w http.ResponseWriter, r *http.Request, status int, e voucherErrors) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.App.VoucherDetail(r.Context(), v.Actor(), id)
	if err != nil {
		return err
	}
	m := voucherModel{Detail: d, Refusal: e.Refusal, Errors: e}
	if d.Voucher.State == program.Redeemed {
		if amount, last, err := h.App.PaymentQuote(r.Context(), v.Actor(), id); err == nil {
			m.Quote, m.LastToRequest = &amount, last
		}
	}
	if d.Voucher.State == program.Reserved {
		if m.Settings, err = h.App.PartnerSettings(r.Context(), v.Actor()); err != nil {
			return err
		}
	}
	return ui.Render(w, r, status, voucherPage(v, m))
}

type voucherModel struct {
	Detail        app.VoucherDetail
	Refusal       string
	Errors        voucherErrors
	Quote         *program.Money
	LastToRequest program.Date
	Settings      app.PartnerSettings
}

func (h *Handler) voucherAction(w http.ResponseWriter, r *http.Request, do func(id int64) error, okMsg string) error {
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	return ui.Act(w, r, h.Flash, func() error { return do(id) }, "/partner/vouchers/"+ui.ID(id), okMsg,
		func(status int, msg string) error { return h.renderVoucher(w, r, status, msg) })
}

func (h *Handler) requestPayment(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.voucherAction(w, r, func(id int64) error {
		_, err := h.App.RequestPayment(r.Context(), v.Actor(), id)
		return err
	}, v.T("Payment requested."))
}

func (h *Handler) payments(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := onlyFor(v, program.ActRequestPayment); err != nil {
		return err
	}
	q := r.URL.Query()
	f, l := ui.PaymentList("/partner/payments", q)
	f.Limit = 25
	p, err := h.App.PartnerPayments(r.Context(), v.Actor(), f, true)
	if err != nil {
		return err
	}
	return ui.Render(w, r, http.StatusOK, paymentsPage(v, p, l, ui.NextPaymentPage(l, p.Requests, p.More)))
}
