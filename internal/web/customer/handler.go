// Package customer is the customer portal under /customer: the benefit
// administrator's and the project manager's pages.
package customer

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/web/ui"
)

// Handler serves the customer pages.
type Handler struct {
	App *app.App
}

// Routes registers the customer pages.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/", ui.Handle(h.home))
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return ui.Render(w, r, http.StatusOK, homePage(v))
}
