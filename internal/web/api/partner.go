package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/web/partner"
	"sapsportal/internal/web/ui"
)

// The partner's resources: eligibility, the voucher work and payments.

func (h *Handler) eligibility(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if err := program.Authorize(a.Role, program.ActValidateVoucher); err != nil { // the eligibility page's roles
		return err
	}
	s, err := h.App.PartnerSettings(r.Context(), a)
	if err != nil {
		return err
	}
	v := ui.FromContext(r.Context())
	out := eligibilityListJSON{Today: s.Today.String(), Items: []eligibilityJSON{}, Locations: []locationJSON{}, Consultants: []memberJSON{}}
	for _, l := range s.Locations {
		out.Locations = append(out.Locations, locationJSON{l.ID, l.Name, l.Country})
	}
	for _, m := range s.Members {
		if m.Role == program.Consultant {
			out.Consultants = append(out.Consultants, memberJSON{m.ID, m.Email, m.Name})
		}
	}
	for _, e := range s.Eligibility {
		ej := eligibilityJSON{EngagementTypeID: e.Type.ID, EngagementType: e.Type.Name, Offering: e.Type.Offering, Eligible: e.Eligible,
			Requirements: []requirementJSON{}}
		for _, q := range e.Requirements {
			ej.Requirements = append(ej.Requirements, requirementJSON{Code: string(q.Code), Label: v.T(q.Label), Met: q.Met,
				Detail: v.Localize(q.Detail, q.DetailFormat, q.DetailArgs)})
		}
		out.Items = append(out.Items, ej)
	}
	return ok(w, http.StatusOK, out)
}

type validateJSON struct {
	VoucherCode         string `json:"voucher_code"`
	ProjectManagerEmail string `json:"project_manager_email"`
}

// validate checks a voucher ID with its project manager's email: any
// mismatch is the same "not found", and failures are throttled.
func (h *Handler) validate(w http.ResponseWriter, r *http.Request) error {
	var in validateJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	v, err := h.App.ValidateVoucher(r.Context(), actorOf(r), in.VoucherCode, in.ProjectManagerEmail)
	if err != nil {
		return err
	}
	return ok(w, http.StatusOK, voucher(v))
}

type reserveJSON struct {
	VoucherCode         string  `json:"voucher_code"`
	ProjectManagerEmail string  `json:"project_manager_email"`
	LocationID          int64   `json:"location_id"`
	StartOn             string  `json:"start_on"`
	Consultants         []int64 `json:"consultants"`
	TermsAccepted       bool    `json:"terms_accepted"`
}

func (h *Handler) reserve(w http.ResponseWriter, r *http.Request) error {
	var in reserveJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	start, err := date("start_on", in.StartOn)
	if err != nil {
		return err
	}
	v, err := h.App.ReserveVoucher(r.Context(), actorOf(r), app.ReserveInput{Code: in.VoucherCode, Email: in.ProjectManagerEmail,
		LocationID: in.LocationID, StartOn: start, Consultants: in.Consultants, TermsAccepted: in.TermsAccepted})
	if err != nil {
		return err
	}
	return ok(w, http.StatusOK, voucher(v))
}

// cancelJSON is why a reservation is cancelled (DOMAIN.md §9): reason is
// offering_changed, not_taking_place, other_partner or other (with a note).
type cancelJSON struct {
	Reason string `json:"reason"`
	Note   string `json:"note,omitempty"`
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) error {
	var in cancelJSON
	return h.step(w, r, &in, func(id int64) (program.Voucher, error) {
		return h.App.CancelReservation(r.Context(), actorOf(r), id, program.Cancellation{Reason: program.CancelReason(in.Reason), Note: in.Note})
	})
}

func (h *Handler) redeem(w http.ResponseWriter, r *http.Request) error {
	return h.step(w, r, &struct{}{}, func(id int64) (program.Voucher, error) {
		return h.App.RedeemVoucher(r.Context(), actorOf(r), id)
	})
}

// report takes the completion report as multipart/form-data: the fields
// delivered_start, delivered_end (YYYY-MM-DD), consultants (repeated ids),
// summary, next_steps, and the deliverables as files, checked as the
// page checks them, with kinds (repeated) giving each file's type in order:
// deployment_plan, upgrade_plan, migration_plan, vision_scope,
// planning_tool_output or proof_of_concept.
func (h *Handler) report(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if err := program.Authorize(a.Role, program.ActCompleteVoucher); err != nil {
		return err // before reading any file
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseMultipartForm(partner.MaxUploadMemory); err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			return err
		}
		return partner.TooLarge()
	}
	defer r.MultipartForm.RemoveAll()
	for name, vs := range r.MultipartForm.Value {
		for _, s := range vs {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				return invalid(name, "This field contains a character that is not allowed (a NUL byte or invalid UTF-8).")
			}
		}
	}
	files, err := partner.ReadDeliverables(r.MultipartForm.File["files"])
	if err != nil {
		return err
	}
	// kinds: each file's type, in the order of the files (DOMAIN.md §9).
	for i, k := range r.MultipartForm.Value["kinds"] {
		if i < len(files) {
			files[i].Kind = program.DeliverableKind(strings.TrimSpace(k))
		}
	}
	var consultants []int64
	for _, s := range r.MultipartForm.Value["consultants"] {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return invalid("consultants", "This field must be a number.")
		}
		consultants = append(consultants, n)
	}
	start, err := date("delivered_start", r.FormValue("delivered_start"))
	if err != nil {
		return err
	}
	end, err := date("delivered_end", r.FormValue("delivered_end"))
	if err != nil {
		return err
	}
	rep := program.Report{DeliveredStart: start, DeliveredEnd: end, Consultants: consultants,
		Summary: r.FormValue("summary"), NextSteps: r.FormValue("next_steps")}
	v, err := h.App.CompleteVoucher(r.Context(), a, id, rep, files)
	if err != nil {
		return err
	}
	return ok(w, http.StatusOK, voucher(v))
}

type redeemResultJSON struct {
	VoucherID int64        `json:"voucher_id"`
	OK        bool         `json:"ok"`
	Voucher   *voucherJSON `json:"voucher,omitempty"`
	Problem   *Problem     `json:"problem,omitempty"`
}

// bulkRedeem redeems each voucher on its own and answers each one's
// outcome (200 even when some are refused).
func (h *Handler) bulkRedeem(w http.ResponseWriter, r *http.Request) error {
	var in bulkRedeemInJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	if len(in.VoucherIDs) == 0 || len(in.VoucherIDs) > 100 {
		return invalid("voucher_ids", "List from 1 to %d vouchers to redeem.", 100)
	}
	out := bulkRedeemJSON{Results: []redeemResultJSON{}}
	for _, res := range h.App.RedeemVouchers(r.Context(), actorOf(r), in.VoucherIDs) {
		rr := redeemResultJSON{VoucherID: res.VoucherID, OK: res.Err == nil}
		if res.Err == nil {
			v := voucher(res.Voucher)
			rr.Voucher = &v
		} else if _, refused := program.AsRefusal(res.Err); refused {
			p := problemOf(r.Context(), res.Err)
			p.RequestID = ""
			rr.Problem = &p
		} else {
			return res.Err
		}
		out.Results = append(out.Results, rr)
	}
	return ok(w, http.StatusOK, out)
}

func (h *Handler) requestPayment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := decode(r, &struct{}{}); err != nil {
		return err
	}
	a := actorOf(r)
	amount, err := h.App.RequestPayment(r.Context(), a, id)
	if err != nil {
		return err
	}
	d, err := h.App.VoucherDetail(r.Context(), a, id)
	if err != nil {
		return err
	}
	return ok(w, http.StatusOK, paymentRequestedJSON{voucherRow(d.Voucher), money(amount)})
}

func (h *Handler) payments(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if err := program.Authorize(a.Role, program.ActRequestPayment); err != nil {
		return err
	}
	p, err := h.App.PartnerPayments(r.Context(), a, store.PaymentFilter{}, false)
	if err != nil {
		return err
	}
	out := partnerPaymentsJSON{Today: p.Today.String(), Requests: []paymentRowJSON{}, Awaiting: []voucherJSON{}, AwaitingMore: p.MoreAwaiting}
	for _, row := range p.Requests {
		out.Requests = append(out.Requests, paymentRow(row))
	}
	for _, v := range p.Awaiting {
		out.Awaiting = append(out.Awaiting, voucherRow(v))
	}
	return ok(w, http.StatusOK, out)
}
