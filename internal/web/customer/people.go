package customer

import (
	"net/http"

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

// peopleAct runs one change of the people page.
func (h *Handler) peopleAct(w http.ResponseWriter, r *http.Request, do func() error, okMsg string) error {
	return ui.Act(w, r, h.Flash, do, "/customer/people", okMsg,
		func(status int, msg string) error { return h.renderPeople(w, r, status, msg) })
}
