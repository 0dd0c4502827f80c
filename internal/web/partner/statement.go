package partner

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

func init() {
	ui.Register(program.KindPartner, "Close-out statement", "/partner/statement", program.PartnerGlobalAdmin, program.PartnerAdmin)
}

// statementRoutes are the partner's close-out statement (DOMAIN.md §10):
// its own vouchers and payments only, once the program is closed.
func (h *Handler) statementRoutes(r chi.Router) {
	r.Get("/statement", ui.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return ui.ServeStatements(w, r, h.App, "/partner/statement")
	}))
	r.Get("/statement/partners.csv", ui.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return ui.ServePartnerStatementsCSV(w, r, h.App)
	}))
}
