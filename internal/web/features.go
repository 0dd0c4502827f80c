package web

import (
	"github.com/go-chi/chi/v5"

	"sapsportal/internal/web/admin"
	"sapsportal/internal/web/customer"
	"sapsportal/internal/web/partner"
)

func (s *Server) customerRoutes(r chi.Router) {
	(&customer.Handler{App: s.app, Flash: s.flash}).Routes(r)
}
func (s *Server) partnerRoutes(r chi.Router) {
	(&partner.Handler{App: s.app, Flash: s.flash}).Routes(r)
}
func (s *Server) adminRoutes(r chi.Router) { (&admin.Handler{App: s.app, Flash: s.flash}).Routes(r) }
