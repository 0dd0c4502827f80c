package customer

import (
	"context"
	"net/http"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

func init() {
	ui.Register(program.KindCustomer, "People", "/customer/people", program.BenefitAdmin)
}

// people is the benefit administrator's list of the organisation's people
// and of the project managers invited who have not answered yet.
func (h *Handler) people(w http.ResponseWriter, r *http.Request) error {
	return h.renderPeople(w, r, http.StatusOK, "")
}

func (h *Handler) renderPeople(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v := ui.FromContext(r.Context())
	if v.Current.Role != program.BenefitAdmin {
		return program.NotFound("page")
	}
	pp, err := h.App.OrgPeople(r.Context(), v.Actor())
	if err != nil {
		return err
	}
	return ui.Render(w, r, status, peoplePage(v, pp, msg))
}

// invitation resends or withdraws one of the organisation's invitations.
func (h *Handler) invitation(do func(context.Context, app.Actor, int64, int64) error, okMsg string) ui.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v := ui.FromContext(r.Context())
		id, err := ui.PathID(r, "id")
		if err != nil {
			return err
		}
		return ui.Act(w, r, h.Flash, func() error { return do(r.Context(), v.Actor(), v.Current.OrgID, id) }, "/customer/people", v.T(okMsg),
			func(status int, msg string) error { return h.renderPeople(w, r, status, msg) })
	}
}
