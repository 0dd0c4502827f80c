package admin

import (
	"net/http"

	"sapsportal/internal/web/ui"
)

// decideRenewal approves or rejects a renewal request from the enrollments page.
func (h *Handler) decideRenewal(approve bool) ui.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := ui.FromContext(r.Context())
		id, err := ui.PathID(r, "id")
		if err != nil {
			return err
		}
		msg := v.T("Renewal rejected; the partner is emailed the reason.")
		if approve {
			msg = v.T("Renewal approved: the enrollment runs one more year from its end.")
		}
		return h.act(w, r, func() error {
			return h.App.DecideRenewal(r.Context(), v.Actor(), id, approve, r.PostFormValue("reason"))
		}, "/admin/enrollments", msg, func(status int, m string) error { return h.renderEnrollments(w, r, status, m) })
	}
}
