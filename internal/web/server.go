// Package web is the portal's HTTP face: routes, middleware, sign-in and the
// feature folders' pages. Handlers parse, call one use case and render.
package web

import (
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"sapsportal/internal/app"
	"sapsportal/internal/auth"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
	"sapsportal/web"
)

// Config is what the web layer needs to know of the deployment.
type Config struct {
	BaseURL   string
	Simulated bool // the clock is simulated: show the banner
}

// Server serves the portal.
type Server struct {
	app      *app.App
	store    *store.Store
	cfg      Config
	log      *slog.Logger
	sessions *scs.SessionManager

	loginByAccount *auth.Throttle
	loginByAddress *auth.Throttle
	validations    *auth.Throttle
	resets         *auth.Throttle // forgotten-password requests, per address and per account
	answers        *auth.Throttle // answers to invitations, per link and per address
}

// NewServer wires the web layer.
func NewServer(a *app.App, cfg Config, log *slog.Logger) *Server {
	s := &Server{app: a, store: a.Store, cfg: cfg, log: log,
		loginByAccount: auth.NewThrottle(5, 15*time.Minute),
		loginByAddress: auth.NewThrottle(30, 15*time.Minute),
		validations:    auth.NewThrottle(10, 10*time.Minute),
		resets:         auth.NewThrottle(5, 15*time.Minute),
		answers:        auth.NewThrottle(10, 15*time.Minute),
	}
	sm := scs.New()
	// pgxstore's table, with whose session each is (no cleanup goroutine:
	// App.RunSweeps deletes expired sessions).
	sm.Store = store.NewSessionStore(a.Store.Pool, sessionOwner)
	sm.Lifetime = 12 * time.Hour   // absolute
	sm.IdleTimeout = 2 * time.Hour // idle
	sm.Cookie.Name = "sapsportal_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = strings.HasPrefix(cfg.BaseURL, "https://")
	sm.ErrorFunc = ui.Error // the friendly 500 page, with the request id

	s.sessions = sm
	return s
}

func staticFiles() http.Handler {
	sub, err := fs.Sub(web.Static, "static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
