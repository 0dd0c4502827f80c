package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"sapsportal/internal/auth"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

func (s *Server) root(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if !v.SignedIn() {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, ui.HomePath(v.Current.OrgKind), http.StatusSeeOther)
	return nil
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if v.SignedIn() {
		http.Redirect(w, r, ui.HomePath(v.Current.OrgKind), http.StatusSeeOther)
		return nil
	}
	return ui.Render(w, r, http.StatusOK, loginPage(v, loginModel{Next: safeNext(r.URL.Query().Get("next"))}))
}

type loginModel struct {
	Email string
	Next  string
	Error string
}

// login signs a user in. A wrong password and an unknown email get the same
// answer in the same time; failures are throttled per account and address.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := ui.FromContext(ctx)
	m := loginModel{Email: strings.ToLower(strings.TrimSpace(r.PostFormValue("email"))), Next: safeNext(r.PostFormValue("next"))}
	password := r.PostFormValue("password")
	account := store.ThrottleKey{Limit: signInByAccount, Key: m.Email}
	address := store.ThrottleKey{Limit: signInByAddress, Key: clientAddress(r)}
	if wait, err := s.store.ThrottleWait(ctx, account, address); err != nil {
		return err
	} else if wait > 0 {
		m.Error = v.T("Too many failed sign-in attempts. Wait %d seconds and try again.", int(wait.Seconds())+1)
		return ui.Render(w, r, http.StatusTooManyRequests, loginPage(v, m))
	}
	user, err := s.store.UserByEmail(ctx, m.Email)
	if err != nil && err != store.ErrNotFound {
		return err
	}
	hash := user.PasswordHash
	if err == store.ErrNotFound || hash == "" {
		hash = auth.DummyHash
	}
	ok, err := auth.VerifyPassword(hash, password)
	if err != nil || !ok || user.ID == 0 || user.PasswordHash == "" {
		if err := s.store.ThrottleFail(ctx, account, address); err != nil {
			return err
		}
		s.metrics.signInFailures.Inc()
		m.Error = v.T("The email address or password is not right.")
		return ui.Render(w, r, http.StatusUnauthorized, loginPage(v, m))
	}
	_, ms, member, err := s.memberships(r, user.ID)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		m.Error = v.T("Your organisation's access to the portal is suspended.")
		if !member {
			m.Error = v.T("You no longer belong to any organisation in the portal; ask your administrator.")
		}
		return ui.Render(w, r, http.StatusForbidden, loginPage(v, m))
	}
	if err := s.store.ThrottleReset(ctx, account); err != nil {
		return err
	}
	if err := s.startSession(r, user.ID, ms[0].OrgID); err != nil {
		return err
	}
	s.log.Info("signed in", "user_id", user.ID, "request_id", v.RequestID)
	next := m.Next
	if next == "" {
		next = ui.HomePath(ms[0].OrgKind)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Remove(ctx, keyUserID)
	s.sessions.Remove(ctx, keyOrgID)
	s.flash(r, "ok", ui.FromContext(ctx).T("You are signed out."))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// switchOrg changes the organisation the user acts for, among their own,
// with a new session token as at sign-in (the privileges changed).
func (s *Server) switchOrg(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, _ := strconv.ParseInt(r.PostFormValue("org_id"), 10, 64)
	for _, m := range v.Memberships {
		if m.OrgID == id {
			if err := s.sessions.RenewToken(r.Context()); err != nil {
				return err
			}
			s.sessions.Put(r.Context(), keyOrgID, id)
			s.flash(r, "ok", v.T("You now act for %s.", m.OrgName))
			http.Redirect(w, r, ui.HomePath(m.OrgKind), http.StatusSeeOther)
			return nil
		}
	}
	ui.NotFound(w, r)
	return nil
}

// setLanguage remembers the language choice (session, and the user's profile
// when signed in) and goes back to the page it was made on.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := r.PostFormValue("lang")
	if lang != "en" && lang != "fr" {
		lang = "en"
	}
	s.sessions.Put(ctx, keyLang, lang)
	if v := ui.FromContext(ctx); v.SignedIn() {
		if err := s.store.SetLanguage(ctx, v.User.ID, lang); err != nil {
			return err
		}
	}
	next := safeNext(r.PostFormValue("next"))
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// safeNext keeps a redirect target on this site: an absolute path of our
// own, with no scheme, host, backslash, control character or "//" that a
// browser could read as another site ("" otherwise).
func safeNext(p string) string {
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Path == "/logout" {
		return ""
	}
	for _, s := range []string{p, u.Path} { // as sent, and as decoded
		if s == "" || s[0] != '/' || strings.Contains(s, "//") || strings.ContainsRune(s, '\\') {
			return ""
		}
		for _, r := range s {
			if unicode.IsControl(r) || unicode.IsSpace(r) || !unicode.IsPrint(r) {
				return ""
			}
		}
	}
	return p
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if s.stopping.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("stopping\n"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), time.Second) // unready at once, not after the pool's wait
	defer cancel()
	if err := s.store.Pool.Ping(ctx); err != nil {
		ui.Logger(r.Context()).Error("readyz", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unreachable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}
