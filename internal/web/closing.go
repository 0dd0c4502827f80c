package web

import (
	"net/http"
	"strings"

	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

// stillOpenWhenClosed are the only changes a closed program takes: signing
// in and out, choosing the organisation and language one reads in, and the
// way back into a forgotten account (DOMAIN.md §10: people can still sign
// in to read their history).
func stillOpenWhenClosed(r *http.Request) bool {
	switch p := r.URL.Path; {
	case p == "/login", p == "/logout", p == "/org", p == "/lang", p == "/password/forgot":
		return true
	case strings.HasPrefix(p, "/password/reset/"):
		return true
	}
	return false
}

// readOnlyOnceClosed refuses every state-changing request once the program
// is closed, with the closing date: one place for every route, those added
// later included. (The use cases refuse too, reading the closing afresh in
// their transaction, and the database under them.) Every page shows the
// closing in a banner.
func (s *Server) readOnlyOnceClosed(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := s.app.Closing(r.Context())
		if err != nil {
			ui.Error(w, r, err)
			return
		}
		v := ui.FromContext(r.Context())
		v.ClosedOn = c.On // every page says so
		if !c.Closed() || r.Method == http.MethodGet || r.Method == http.MethodHead || stillOpenWhenClosed(r) {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		ui.Render(w, r, http.StatusConflict, ui.ErrorPage(v, v.T("The program is closed"), v.Message(program.ProgramClosed(c.On))))
	})
}
