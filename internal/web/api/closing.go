package api

import (
	"net/http"

	"sapsportal/internal/program"
)

// readOnlyOnceClosed refuses every change once the program is closed, with
// the closing date (DOMAIN.md §10): the API's twin of the pages' guard, for
// every route under it. Reading still works.
func (h *Handler) readOnlyOnceClosed(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		c, err := h.App.Closing(r.Context())
		if err == nil && c.Closed() {
			err = program.ProgramClosed(c.On)
		}
		if err != nil {
			writeProblem(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}
