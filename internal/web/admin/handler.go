// Package admin is the global admin console under /admin.
package admin

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/web/ui"
)

// Handler serves the admin console.
type Handler struct {
	App *app.App
}

// Routes registers the admin pages.
func (h *Handler) Routes(r chi.Router) {
	r.Get("/", ui.Handle(h.home))
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return ui.Render(w, r, http.StatusOK, homePage(v))
}
