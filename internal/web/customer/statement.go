package customer

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

func init() {
	ui.Register(program.KindCustomer, "Close-out statement", "/customer/statement", program.BenefitAdmin)
}

// statementRoutes are the customer's close-out statement (DOMAIN.md §10):
// its own enrollments only, once the program is closed.
func (h *Handler) statementRoutes(r chi.Router) {
	r.Get("/statement", ui.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return ui.ServeStatements(w, r, h.App, "/customer/statement")
	}))
	r.Get("/statement/enrollments.csv", ui.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return ui.ServeEnrollmentStatementsCSV(w, r, h.App)
	}))
}
