// Package web is the portal's HTTP face: routes, middleware, sign-in and the
// feature folders' pages. Handlers parse, call one use case and render.
package web

import (
	"context"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"

	"sapsportal/internal/app"
	"sapsportal/internal/store"
	"sapsportal/internal/web/api"
	"sapsportal/internal/web/ui"
	"sapsportal/web"
)

// Config is what the web layer needs to know of the deployment.
type Config struct {
	BaseURL   string
	Simulated bool // the clock is simulated: show the banner
	// RequestTimeout is how long a request may take in all, its database
	// waits included (default 30 s; four times as long for uploads).
	RequestTimeout time.Duration
	// /metrics answers the addresses of MetricsFrom (default loopback) and
	// requests bearing MetricsToken.
	MetricsFrom  []*net.IPNet
	MetricsToken string
	// API is the JSON API's settings (rate limit per token).
	API api.Config
}

// Server serves the portal.
type Server struct {
	app      *app.App
	store    *store.Store
	cfg      Config
	log      *slog.Logger
	sessions *scs.SessionManager
	stopping atomic.Bool // set when the instance begins to stop: /readyz says so first
	metrics  *metrics
}

// Stopping makes /readyz answer 503, so that a load balancer sends no new
// requests here while the instance drains the ones it has.
func (s *Server) Stopping() { s.stopping.Store(true) }

// Sign-in failures are limited per account and, separately, per client
// address (one NAT or proxy is one address: a large allowance). Only
// failures count; past the free ones each next attempt waits longer, so an
// attacker slows an account down for a minute at most and never locks its
// owner out. The counts live in PostgreSQL, shared by every instance.
var (
	signInByAccount = store.ThrottleLimit{Name: "sign-in account", Free: 5, Window: 15 * time.Minute, Base: 5 * time.Second, Max: time.Minute}
	signInByAddress = store.ThrottleLimit{Name: "sign-in address", Free: 50, Window: 15 * time.Minute, Base: 5 * time.Second, Max: 15 * time.Minute}
)

// NewServer wires the web layer.
func NewServer(a *app.App, cfg Config, log *slog.Logger) *Server {
	s := &Server{app: a, store: a.Store, cfg: cfg, log: log}
	sm := scs.New()
	// pgxstore's table, with whose session each is (no cleanup goroutine:
	// App.RunSweeps deletes expired sessions).
	sm.Store = savedOrLogged{store.NewSessionStore(a.Store.Pool, sessionOwner), log}
	sm.Codec = sessionCodec{}
	sm.Lifetime = 12 * time.Hour   // absolute
	sm.IdleTimeout = 2 * time.Hour // idle
	sm.Cookie.Name = "sapsportal_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = strings.HasPrefix(cfg.BaseURL, "https://")
	sm.ErrorFunc = ui.Error // the friendly 500 page, with the request id

	s.sessions = sm
	s.metrics = newMetrics(s)
	return s
}

// savedOrLogged saves sessions after the page's work is done: when that
// save fails (the database stalled just then), the page still answers what
// happened — a change that committed is never shown as an error, and its
// person is not asked to send it again; at worst the flash message is lost
// or the next page asks them to sign in.
type savedOrLogged struct {
	*store.SessionStore
	log *slog.Logger
}

func (s savedOrLogged) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if err := s.SessionStore.CommitCtx(ctx, token, b, expiry); err != nil {
		s.log.Warn("session not saved", "err", err)
	}
	return nil
}

func staticFiles() http.Handler {
	sub, err := fs.Sub(web.Static, "static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Files only: a directory is not listed.
		if strings.HasSuffix(r.URL.Path, "/") {
			ui.NotFound(w, r)
			return
		}
		if f, err := fs.Stat(sub, strings.TrimPrefix(r.URL.Path, "/static/")); err != nil || f.IsDir() {
			ui.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}
