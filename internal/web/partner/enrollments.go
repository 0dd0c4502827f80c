package partner

import (
	"net/http"

	"sapsportal/internal/web/ui"
)

// renewEnrollment asks the program to renew one offering enrollment; the
// answer is shown on the eligibility page, where each enrollment's end is.
func (h *Handler) renewEnrollment(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	return ui.Act(w, r, h.Flash, func() error { return h.App.RequestRenewal(r.Context(), v.Actor(), id) },
		"/partner/eligibility", v.T("Your request to renew the enrollment is sent to the program."),
		func(status int, msg string) error { return h.renderEligibility(w, r, status, msg) })
}

// renderEligibility is the eligibility page with a refusal above it.
func (h *Handler) renderEligibility(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v := ui.FromContext(r.Context())
	s, err := h.App.PartnerSettings(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	return ui.Render(w, r, status, eligibilityPage(v, s, msg))
}
