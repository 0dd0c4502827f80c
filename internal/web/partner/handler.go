// Package partner is the partner portal under /partner: the partner admins' and
// consultants' pages.
package partner

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/web/ui"
)

// Handler serves the partner pages.
type Handler struct {
	App *app.App
}

// Routes registers the partner pages.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/", ui.Handle(h.home))
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return ui.Render(w, r, http.StatusOK, homePage(v))
}
