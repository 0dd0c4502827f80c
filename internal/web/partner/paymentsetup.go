package partner

import (
	"net/http"

	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

// paymentSetup is the partner global admin's payment registration page.
func (h *Handler) paymentSetup(w http.ResponseWriter, r *http.Request) error {
	return h.renderPaymentSetup(w, r, http.StatusOK, "")
}

func (h *Handler) renderPaymentSetup(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v := ui.FromContext(r.Context())
	if err := onlyFor(v, program.ActManagePartner); err != nil {
		return err
	}
	s, err := h.App.PaymentSetup(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	return ui.Render(w, r, status, paymentSetupPage(v, s, msg))
}

// paymentStep runs one change of the payment registration page.
func (h *Handler) paymentStep(w http.ResponseWriter, r *http.Request, do func() error, okMsg string) error {
	return ui.Act(w, r, h.Flash, do, "/partner/payments/registration", okMsg,
		func(status int, msg string) error { return h.renderPaymentSetup(w, r, status, msg) })
}

func (h *Handler) registerPayment(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return h.paymentStep(w, r, func() error {
		return h.App.RegisterPayment(r.Context(), v.Actor(), ui.FormID(r, "location_id"), r.PostFormValue("payee"), r.PostFormValue("reference"))
	}, v.T("Payee details saved."))
}

func (h *Handler) registerOffering(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	offering := r.PostFormValue("offering")
	return h.paymentStep(w, r, func() error { return h.App.RegisterForPayment(r.Context(), v.Actor(), offering) },
		v.T("You are registered for payment in %s.", offering))
}
