package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"time"

	"sapsportal/internal/i18n"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

// Session keys.
const (
	keyUserID    = "user_id"
	keyOrgID     = "org_id"
	keyLang      = "lang"
	keyFlash     = "flash"
	keyFlashKind = "flash_kind"
)

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// observe gives each request an id, logs one line for it, and turns a panic
// into the 500 page.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		log := s.log.With("request_id", id)
		ctx := ui.WithLogger(r.Context(), log)
		ctx = ui.WithView(ctx, &ui.View{L: i18n.For(i18n.Match("", r)), RequestID: id, Path: r.URL.Path})
		sw := &statusWriter{ResponseWriter: w}
		w.Header().Set("X-Request-Id", id)
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic", "panic", p)
				if sw.status == 0 {
					ui.Error(sw, r.WithContext(ctx), errPanic)
				}
			}
			took := time.Since(start)
			log.Info("request", "method", r.Method, "path", redactLink(r.URL.Path), "status", sw.status,
				"bytes", sw.bytes, "duration_ms", took.Milliseconds())
			s.metrics.observe(r, sw.status, took)
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

var errPanic = errors.New("panic")

// secure sets the headers every response carries and bounds request bodies;
// over https, browsers are told to come back over https only (HSTS).
func secure(limit func(*http.Request) int64, https bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			if https {
				h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
			}
			h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("X-Frame-Options", "DENY")
			r.Body = http.MaxBytesReader(w, r.Body, limit(r))
			next.ServeHTTP(w, r)
		})
	}
}

// bounded gives each request a deadline: past it, its database calls give
// up and the page says to try again (503).
func bounded(budget func(*http.Request) time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), budget(r))
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// crossOrigin rejects cross-site unsafe requests (Go's CrossOriginProtection)
// with the friendly page.
func crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := ui.FromContext(r.Context())
		ui.Render(w, r, http.StatusForbidden, ui.ErrorPage(v, v.T("Request refused"), v.T("The form was sent from another site and was refused.")))
	}))
	return cop.Handler(next)
}

// loadView fills the request's View from the session: language, user, the
// organisation acted for (re-checked against live memberships on every
// request) and the flash.
func (s *Server) loadView(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		v := ui.FromContext(ctx)
		v.Simulated = s.cfg.Simulated
		if p, err := s.app.Policy(ctx); err == nil {
			v.Now = s.app.Clock.Now()
			v.Today, v.Zone, v.Policy = p.Today(v.Now), p.ZoneName(), p
		} else {
			ui.Error(w, r, err)
			return
		}
		lang := s.sessions.GetString(ctx, keyLang)
		if uid := s.sessions.GetInt64(ctx, keyUserID); uid != 0 {
			user, ms, _, err := s.memberships(r, uid)
			if err != nil {
				ui.Error(w, r, err)
				return
			}
			if len(ms) == 0 { // removed, or every organisation suspended: sign out
				s.sessions.Remove(ctx, keyUserID)
				s.sessions.Remove(ctx, keyOrgID)
			} else {
				v.User, v.Memberships = user, ms
				v.Current = ms[0]
				want := s.sessions.GetInt64(ctx, keyOrgID)
				for _, m := range ms {
					if m.OrgID == want {
						v.Current = m
					}
				}
				if lang == "" {
					lang = user.Language
				}
			}
		}
		if v.SignedIn() {
			// A signed-in page is this person's alone: no cache keeps it,
			// and the back button after signing out does not show it.
			w.Header().Set("Cache-Control", "no-store")
		}
		v.L = i18n.For(i18n.Match(lang, r))
		if msg := s.sessions.PopString(ctx, keyFlash); msg != "" {
			v.Flash = ui.Flash{Kind: s.sessions.PopString(ctx, keyFlashKind), Message: msg}
		}
		next.ServeHTTP(w, r)
	})
}

// withSessionMember has the session store read the signed-in person and
// their organisations with the session (store.WithSessionMember), which
// loadView then takes instead of reading them again.
func withSessionMember(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(store.WithSessionMember(r.Context())))
	})
}

// memberships reads a user and the organisations they may act for now
// (suspended ones left out), and whether they belong to any at all: read
// with the request's session when it was, else one round trip in the
// user's scope.
func (s *Server) memberships(r *http.Request, userID int64) (user store.User, active []store.Membership, member bool, err error) {
	user, ms, ok, err := store.SessionMember(r.Context(), userID)
	if !ok {
		user, ms, err = s.store.Member(r.Context(), userID)
	}
	if err == store.ErrNotFound {
		return user, nil, false, nil
	}
	if err != nil {
		return user, nil, false, err
	}
	for _, m := range ms {
		if !m.Suspended {
			active = append(active, m)
		}
	}
	return user, active, len(ms) > 0, nil
}

// requireUser lets only signed-in users through; the rest go to sign in.
// Routes are private unless listed as public in routes.go.
func requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !ui.FromContext(r.Context()).SignedIn() {
			http.Redirect(w, r, "/login?next="+r.URL.EscapedPath(), http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireKind admits only users acting for an organisation of kind; for
// anyone else the area does not exist (404).
func requireKind(kind program.OrgKind) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if ui.FromContext(r.Context()).Current.OrgKind != kind {
				ui.NotFound(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func (s *Server) flash(r *http.Request, kind, msg string) {
	s.sessions.Put(r.Context(), keyFlash, msg)
	s.sessions.Put(r.Context(), keyFlashKind, kind)
}

func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
