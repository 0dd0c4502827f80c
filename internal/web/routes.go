package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/program"
	"sapsportal/internal/web/api"
	"sapsportal/internal/web/ui"
)

// Handler is every route of the portal, in one list. Everything is private
// (signed-in users only) except the routes in the public group.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(s.observe, secure(bodyLimit, strings.HasPrefix(s.cfg.BaseURL, "https://")), bounded(s.requestBudget),
		forPages(crossOrigin), forPages(cleanInput), forPages(s.oncePerKey))
	r.NotFound(ui.NotFound)
	r.MethodNotAllowed(ui.NotFound)

	// The JSON API (issue 13): bearer tokens, no cookies, its own refusals
	// and its own one-time keys (Idempotency-Key).
	r.Mount(api.Prefix, (&api.Handler{App: s.app, Store: s.store, Cfg: s.cfg.API}).Routes())

	// Public, and independent of sessions and the database's policy.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Get("/metrics", s.metricsHandler().ServeHTTP)
	static := staticFiles()
	r.Get("/static/*", static.ServeHTTP)
	r.Head("/static/*", static.ServeHTTP)
	r.Get("/favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})

	r.Group(func(r chi.Router) {
		r.Use(withSessionMember, s.sessions.LoadAndSave, s.loadView, s.readOnlyOnceClosed)
		r.NotFound(ui.NotFound)

		// Public pages.
		r.Get("/", ui.Handle(s.root))
		r.Get("/login", ui.Handle(s.loginForm))
		r.Post("/login", ui.Handle(s.login))
		r.Post("/lang", ui.Handle(s.setLanguage))
		r.Get("/schedule", ui.Handle(s.schedule))
		// The links emailed to people (their token is the key).
		r.Get("/invitations/{token}", ui.Handle(s.invitation))
		r.Post("/invitations/{token}/accept", ui.Handle(s.acceptInvitation))
		r.Post("/invitations/{token}/decline", ui.Handle(s.declineInvitation))
		r.Post("/invitations/{token}/renew", ui.Handle(s.renewInvitation))
		r.Get("/password/forgot", ui.Handle(s.forgotForm))
		r.Post("/password/forgot", ui.Handle(s.forgotPassword))
		r.Get("/password/reset/{token}", ui.Handle(s.resetForm))
		r.Post("/password/reset/{token}", ui.Handle(s.resetPassword))
		// A reminder's signed unsubscribe link (issue 14).
		r.Get("/unsubscribe", ui.Handle(s.unsubscribeForm))
		r.Post("/unsubscribe", ui.Handle(s.unsubscribe))
		// A person's private calendar feed (the token is the key).
		r.Get("/calendar/{token}", ui.Handle(s.calendarFeed))

		// Signed in.
		r.Group(func(r chi.Router) {
			r.Use(requireUser)
			r.Post("/logout", ui.Handle(s.logout))
			r.Post("/org", ui.Handle(s.switchOrg))
			r.Get("/account", ui.Handle(s.account))
			r.Post("/account", ui.Handle(s.updateAccount))
			r.Post("/account/password", ui.Handle(s.changePassword))
			r.Post("/account/leave", ui.Handle(s.leaveOrganisation))
			r.Post("/account/sessions/end", ui.Handle(s.endOtherSessions))
			r.Post("/account/reminders", ui.Handle(s.saveReminders))
			r.Post("/account/calendar", ui.Handle(s.createCalendarFeed))
			r.Post("/account/calendar/revoke", ui.Handle(s.revokeCalendarFeed))
			r.Post("/account/tokens", ui.Handle(s.createAPIToken))
			r.Post("/account/tokens/{id}/revoke", ui.Handle(s.revokeAPIToken))

			r.Route("/customer", func(r chi.Router) {
				r.Use(requireKind(program.KindCustomer))
				s.customerRoutes(r)
			})
			r.Route("/partner", func(r chi.Router) {
				r.Use(requireKind(program.KindPartner))
				s.partnerRoutes(r)
			})
			r.Route("/admin", func(r chi.Router) {
				r.Use(requireKind(program.KindProgram))
				s.adminRoutes(r)
			})
		})
	})
	return r
}

// Request bodies are bounded: 1 MiB for forms, 25 MiB for the routes that
// take files (deliverables, CSV imports).
const (
	maxBody   = 1 << 20
	maxUpload = 25 << 20
)

func bodyLimit(r *http.Request) int64 {
	if takesFiles(r) {
		return maxUpload
	}
	return maxBody
}

func takesFiles(r *http.Request) bool {
	return strings.HasSuffix(r.URL.Path, "/report") || strings.HasSuffix(r.URL.Path, "/import")
}

// requestBudget is how long a request may take in all, its database waits
// included (a stalled database cannot hold it longer): Config's
// RequestTimeout, 30 s by default, four times that for the routes that
// take files.
func (s *Server) requestBudget(r *http.Request) time.Duration {
	d := s.cfg.RequestTimeout
	if d <= 0 {
		d = 30 * time.Second
	}
	if takesFiles(r) || r.URL.Path == "/admin/archive" { // the archive streams every table
		return 4 * d
	}
	return d
}

// forPages applies a middleware of the pages (forms' cross-origin check,
// their input check, their one-time keys) to everything but the API, which
// takes no cookies and checks its input and keys itself.
func forPages(mw func(http.Handler) http.Handler) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		pages := mw(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == api.Prefix || strings.HasPrefix(r.URL.Path, api.Prefix+"/") {
				next.ServeHTTP(w, r)
				return
			}
			pages.ServeHTTP(w, r)
		})
	}
}
