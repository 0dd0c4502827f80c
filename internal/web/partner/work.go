package partner

import (
	"fmt"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

// The partner's work on a reserved voucher: reserve after a checklist,
// reschedule, cancel with a reason, report with typed deliverables, redeem
// after a confirmation (DOMAIN.md §5, §9; issue 16).

// Inputs of the voucher forms, by field, for the error summary's links.
var (
	reserveInputs    = map[string]string{"location_id": "location", "start_on": "start", "consultants": "consultants-first", "terms": "terms"}
	rescheduleInputs = map[string]string{"start_on": "r-start", "consultants": "r-consultants-first"}
	cancelInputs     = map[string]string{"reason": "reason-first", "note": "cancel-note"}
	reportInputs     = map[string]string{"delivered_start": "d-start", "delivered_end": "d-end", "consultants": "report-consultants-first",
		"summary": "summary", "next_steps": "next", "files": "file-1"}
)

// liveReservation is the voucher's reservation in force, if any.
func liveReservation(d app.VoucherDetail) *store.ReservationInfo {
	for i := range d.Reservations {
		if !d.Reservations[i].Cancelled {
			return &d.Reservations[i]
		}
	}
	return nil
}

// typedIDs are the ids ticked in a refused form (nil when none was refused).
func typedIDs(v *ui.View, name string) []int64 {
	var ids []int64
	for _, s := range v.Typed[name] {
		var n int64
		if _, err := fmt.Sscan(s, &n); err == nil {
			ids = append(ids, n)
		}
	}
	return ids
}

// consultantsChecked is whether consultant id is ticked: as typed after a
// refusal, else as given.
func consultantsChecked(v *ui.View, field string, id int64, given []int64) bool {
	if v.Typed != nil {
		return slices.Contains(typedIDs(v, field), id)
	}
	return slices.Contains(given, id)
}

// reschedule changes a reservation's planned start and consultants.
func (h *Handler) reschedule(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return program.Invalid("form", "The form could not be read.")
	}
	f := ui.ReadForm(r)
	next := program.Schedule{StartOn: f.Date("start_on", "Planned start date"), Consultants: ui.FormIDs(r, "consultants")}
	voucher, err := h.App.RescheduleVoucher(r.Context(), v.Actor(), id, next)
	if err = withForm(f, err); err != nil {
		return refusedForm(r, err, func(status int, err error) error {
			return h.renderVoucherWith(w, r, status, voucherErrors{Reschedule: errorsOf(v, err, rescheduleInputs)})
		})
	}
	return h.done(w, r, "/partner/vouchers/"+ui.ID(id), v.T("Voucher %s now starts on %s; the project manager has been emailed.",
		voucher.Code.Display(), v.L.Date(voucher.ReservedStart)))
}

// cancelForm is the confirmation step of a cancellation: what will happen,
// and the reason to give.
func (h *Handler) cancelForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderCancel(w, r, http.StatusOK, formErrors{})
}

func (h *Handler) renderCancel(w http.ResponseWriter, r *http.Request, status int, fe formErrors) error {
	v := ui.FromContext(r.Context())
	if err := onlyFor(v, program.ActCancelReservation); err != nil {
		return err
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.App.VoucherDetail(r.Context(), v.Actor(), id)
	if err != nil {
		return err
	}
	if d.Voucher.State != program.Reserved {
		return h.renderVoucher(w, r, http.StatusConflict, v.T("Voucher %s is not reserved: there is no reservation to cancel.", d.Voucher.Code.Display()))
	}
	return ui.Render(w, r, status, cancelPage(v, d, fe))
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return program.Invalid("form", "The form could not be read.")
	}
	c := program.Cancellation{Reason: program.CancelReason(r.PostFormValue("reason")), Note: r.PostFormValue("note")}
	voucher, err := h.App.CancelReservation(r.Context(), v.Actor(), id, c)
	if err != nil {
		return refusedForm(r, err, func(status int, err error) error {
			return h.renderCancel(w, r, status, errorsOf(v, err, cancelInputs))
		})
	}
	// The voucher is no longer the partner's to see: back to the list.
	return h.done(w, r, "/partner/vouchers", v.T("The reservation of voucher %s is cancelled (%s); the voucher is back with its customer and the project manager has been emailed.",
		voucher.Code.Display(), v.T(c.Reason.Label())))
}

// redeem asks first: the confirmation page carries the form's one-time
// key, and only its "confirm" redeems.
func (h *Handler) redeem(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	if r.PostFormValue("confirm") != "yes" {
		if err := program.Authorize(v.Current.Role, program.ActRedeemVoucher); err != nil {
			return err
		}
		d, err := h.App.VoucherDetail(r.Context(), v.Actor(), id)
		if err != nil {
			return err
		}
		if d.Voucher.State != program.Reported {
			return h.renderVoucher(w, r, http.StatusConflict, v.T("Voucher %s is %s; only a reported voucher can be redeemed.", d.Voucher.Code.Display(), v.StateLabel(d.Voucher.State)))
		}
		return ui.Render(w, r, http.StatusOK, redeemConfirmPage(v, []app.VoucherDetail{d}, formKey(r), "/partner/vouchers/"+ui.ID(id)+"/redeem"))
	}
	return h.voucherAction(w, r, func(id int64) error {
		_, err := h.App.RedeemVoucher(r.Context(), v.Actor(), id)
		return err
	}, v.T("Voucher redeemed."))
}

// confirmBulkRedeem is the confirmation page of a bulk redemption: each
// selected voucher the partner may see, with its days.
func (h *Handler) confirmBulkRedeem(w http.ResponseWriter, r *http.Request, ids []int64) error {
	v := ui.FromContext(r.Context())
	if err := program.Authorize(v.Current.Role, program.ActRedeemVoucher); err != nil {
		return err
	}
	var ds []app.VoucherDetail
	for _, id := range ids {
		d, err := h.App.VoucherDetail(r.Context(), v.Actor(), id)
		if program.IsCode(err, program.CodeNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		ds = append(ds, d)
	}
	if len(ds) == 0 {
		return h.renderVouchers(w, r, http.StatusUnprocessableEntity, []redeemResult{{Message: v.T("Select the vouchers to redeem.")}})
	}
	return ui.Render(w, r, http.StatusOK, redeemConfirmPage(v, ds, formKey(r), "/partner/vouchers/redeem"))
}

// readReport reads the completion report form: its fields and up to
// maxFiles files, each with its type (file_N and kind_N). Files refused for
// their size or content are the report's Refused, to be told together with
// the rest of the form's faults.
func readReport(r *http.Request) (*ui.Form, program.Report, []store.File, error) {
	if err := r.ParseMultipartForm(MaxUploadMemory); err != nil {
		return ui.ReadForm(r), program.Report{}, nil, TooLarge()
	}
	f := ui.ReadForm(r)
	rep := program.Report{DeliveredStart: f.Date("delivered_start", "Delivered from"), DeliveredEnd: f.Date("delivered_end", "Delivered until"),
		Consultants: ui.FormIDs(r, "consultants"), Summary: r.FormValue("summary"), NextSteps: r.FormValue("next_steps")}
	var fhs []*multipart.FileHeader
	var kinds []program.DeliverableKind
	for i := 1; i <= maxFiles; i++ {
		n := strconv.Itoa(i)
		if got := r.MultipartForm.File["file_"+n]; len(got) > 0 {
			fhs = append(fhs, got[0])
			kinds = append(kinds, program.DeliverableKind(r.FormValue("kind_"+n)))
		}
	}
	files, err := ReadDeliverables(fhs)
	if len(program.Refusals(err)) > 0 {
		// The files sent, with the types chosen for them, refused or not.
		rep.Files, rep.Kinds, rep.Refused = len(fhs), kinds, err
		return f, rep, nil, nil
	} else if err != nil {
		return f, rep, nil, err
	}
	for i := range files {
		files[i].Kind = kinds[i]
	}
	return f, rep, files, nil
}

func (h *Handler) report(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := program.Authorize(v.Current.Role, program.ActCompleteVoucher); err != nil {
		return err // before reading any file
	}
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	show := func(status int, err error) error {
		return h.renderVoucherWith(w, r, status, voucherErrors{Report: errorsOf(v, err, reportInputs)})
	}
	f, rep, files, err := readReport(r)
	if err == nil {
		_, err = h.App.CompleteVoucher(r.Context(), v.Actor(), id, rep, files)
		err = withForm(f, err)
	}
	if err != nil {
		return refusedForm(r, err, show)
	}
	return h.done(w, r, "/partner/vouchers/"+ui.ID(id), v.T("Completion report submitted; the customer can read it."))
}

// formKey is the one-time key the first step of a form was sent with, for
// its confirmation to carry (a new one when it had none).
func formKey(r *http.Request) string {
	if k := r.PostFormValue("_key"); len(k) >= 16 && len(k) <= 64 {
		return k
	}
	return ui.NewSubmissionKey()
}
