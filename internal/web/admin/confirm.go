package admin

import (
	"net/http"
	"net/url"
	"strings"

	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

// The confirmation steps of the admin's changes that cannot be undone
// (issue 16 item 8): a GET page that says what will happen, whose form
// makes the change (the POST routes, unchanged).

func (h *Handler) confirm(w http.ResponseWriter, r *http.Request, c ui.Confirmation) error {
	return ui.Render(w, r, http.StatusOK, ui.ConfirmPage(ui.FromContext(r.Context()), c))
}

// confirmSuspend: its people can no longer sign in.
func (h *Handler) confirmSuspend(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.App.OrgDetail(r.Context(), v.Actor(), id)
	if err != nil {
		return err
	}
	back := "/admin/organisations/" + ui.ID(id)
	if d.Org.Kind == program.KindProgram || d.Org.Suspended {
		return h.renderOrganisation(w, r, http.StatusConflict, v.T("%s cannot be suspended.", d.Org.Name))
	}
	return h.confirm(w, r, ui.Confirmation{
		Title: v.T("Suspend %s?", d.Org.Name),
		Happens: []string{
			v.T("Its %d people can no longer sign in to act for %s; those signed in are signed out of it on their next page.", len(d.Members), d.Org.Name),
			v.T("Nothing else changes: its vouchers, days and payments stay as they are, and it can be reactivated."),
		},
		Action: back + "/suspend", Button: v.T("Suspend"), Back: back, Danger: true,
	})
}

// confirmRemove: the person loses their role in the organisation.
func (h *Handler) confirmRemove(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	uid, err := ui.PathID(r, "uid")
	if err != nil {
		return err
	}
	d, err := h.App.OrgDetail(r.Context(), v.Actor(), id)
	if err != nil {
		return err
	}
	back := "/admin/organisations/" + ui.ID(id)
	for _, m := range d.Members {
		if m.ID == uid {
			return h.confirm(w, r, ui.Confirmation{
				Title: v.T("Remove %s from %s?", m.Email, d.Org.Name),
				Happens: []string{
					v.T("%s is no longer %s of %s and can no longer act for it.", m.Email, v.RoleName(m.Role), d.Org.Name),
					v.T("Their account stays, with its other organisations; what they did stays in the audit log."),
				},
				Action: back + "/users/" + ui.ID(uid) + "/remove", Button: v.T("Remove"), Back: back, Danger: true,
			})
		}
	}
	return program.NotFound("person")
}

// confirmPayment: approving pays the amount requested; denying (with its
// reason) ends the voucher unpaid.
func (h *Handler) confirmPayment(approve bool) ui.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := ui.FromContext(r.Context())
		id, err := ui.PathID(r, "id")
		if err != nil {
			return err
		}
		d, err := h.App.VoucherDetail(r.Context(), v.Actor(), id)
		if err != nil {
			return err
		}
		back := "/admin/vouchers/" + ui.ID(id)
		if d.Voucher.State != program.PaymentRequested || d.Payment == nil {
			return h.renderVoucher(w, r, http.StatusConflict, v.T("Voucher %s has no payment request awaiting a decision.", d.Voucher.Code.Display()))
		}
		code, amount := d.Voucher.Code.Display(), d.Payment.Amount.String()
		f := ui.ReadForm(r)
		if approve {
			ref := strings.TrimSpace(f.Text("reference", "Payment reference"))
			if err := requiredLine("reference", ref, program.MaxReference, "Enter the payment reference."); err != nil {
				r.PostForm = url.Values{"reference": {ref}}
				return ui.Refused(w, r, err, func(status int, msg string) error { return h.renderVoucher(w, r, status, msg) })
			}
			return h.confirm(w, r, ui.Confirmation{
				Title: v.T("Approve the payment for voucher %s?", code),
				Happens: []string{
					v.T("%s is paid to %s for voucher %s, with the reference %s.", amount, d.Voucher.PartnerName, code, ref),
					v.T("The voucher becomes Paid: its payment cannot be decided again."),
				},
				Action: back + "/approve", Fields: url.Values{"reference": {ref}}, Button: v.T("Approve"), Back: back,
			})
		}
		reason := strings.TrimSpace(f.Text("reason", "Reason"))
		if err := requiredLine("reason", reason, program.MaxReason, "Give the reason for denying the payment."); err != nil {
			r.PostForm = url.Values{"reason": {reason}}
			return ui.Refused(w, r, err, func(status int, msg string) error { return h.renderVoucher(w, r, status, msg) })
		}
		return h.confirm(w, r, ui.Confirmation{
			Title: v.T("Deny the payment for voucher %s?", code),
			Happens: []string{
				v.T("%s requested by %s for voucher %s is not paid, for this reason: %s", amount, d.Voucher.PartnerName, code, reason),
				v.T("The voucher becomes Payment denied: it cannot be requested again."),
			},
			Action: back + "/deny", Fields: url.Values{"reason": {reason}}, Button: v.T("Deny"), Back: back, Danger: true,
		})
	}
}

// confirmClock: what the catch-up will do when the simulated date moves
// to the day asked (the schedule's dates it passes, and the sweeps).
func (h *Handler) confirmClock(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	f := ui.ReadForm(r)
	to := f.Date("date", "Set the date to")
	if n := f.Int("advance", "or advance by days"); n > 0 && n <= 3660 {
		to = v.Today.AddDays(n)
	}
	page := func(status int, msg string) error {
		o, err := h.App.AdminOverview(r.Context(), v.Actor())
		if err != nil {
			return err
		}
		return ui.Render(w, r, status, policyPage(v, o, policyForm(o.Policy), nil, msg))
	}
	if !f.Has("date") && !f.Has("advance") && to.IsZero() {
		f.Check(program.Invalid("date", "Enter a date."))
	}
	if !to.IsZero() && !to.After(v.Today) {
		f.Check(program.Invalid("date", "The simulated date only moves forward; today is %s.", v.Today))
	}
	if err := f.Err(); err != nil {
		r.PostForm = r.URL.Query()
		return ui.Refused(w, r, ui.Renamed(err, map[string]string{"date": "clock-date"}), page)
	}
	happens := []string{v.T("The date moves from %s to %s, and stays there.", v.L.Date(v.Today), v.L.Date(to))}
	for _, m := range v.Policy.Schedule() {
		if m.Date.After(v.Today) && !m.Date.After(to) {
			happens = append(happens, v.T("%s: %s.", v.L.Date(m.Date), v.T(m.Rule)))
		}
	}
	happens = append(happens,
		v.T("Every voucher whose validity ends by then expires: its unused days go back to its enrollment, or are forfeited, as the rules say."),
		v.T("Every payment window that ends by then closes; every reminder and email due by then is sent."),
		v.T("The date cannot be moved back."))
	pv, err := h.App.PreviewClock(r.Context(), v.Actor(), to)
	if err != nil {
		return err
	}
	return h.confirm(w, r, ui.Confirmation{
		Title: v.T("Move the simulated date to %s?", v.L.Date(to)), Happens: happens, Details: clockConsequences(v, pv),
		Action: "/admin/clock", Fields: url.Values{"date": {to.String()}}, Button: v.T("Move the date"), Back: "/admin/policy#clock",
	})
}

// requiredLine is a one-line field that must be given, within max.
func requiredLine(field, s string, max int, missing string) error {
	if err := program.CheckLine(field, s, max); err != nil {
		return err
	}
	if s == "" {
		return program.Invalid(field, missing)
	}
	return nil
}
