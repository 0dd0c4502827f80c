package web

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

// keyAgent is the browser a session was signed in from, for the list of a
// person's sessions.
const keyAgent = "agent"

// sessionOwner reads who a session belongs to from its data, for the
// session store's columns.
func sessionOwner(b []byte) store.SessionOwner {
	_, values, err := sessionCodec{}.Decode(b)
	if err != nil {
		return store.SessionOwner{}
	}
	id, _ := values[keyUserID].(int64)
	agent, _ := values[keyAgent].(string)
	return store.SessionOwner{UserID: id, UserAgent: agent}
}

// startSession signs userID in to act for orgID, in a new session token.
func (s *Server) startSession(r *http.Request, userID, orgID int64) error {
	ctx := r.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	agent := strings.ToValidUTF8(r.UserAgent(), "")
	if utf8.RuneCountInString(agent) > 200 {
		agent = string([]rune(agent)[:200])
	}
	s.sessions.Put(ctx, keyUserID, userID)
	s.sessions.Put(ctx, keyOrgID, orgID)
	s.sessions.Put(ctx, keyAgent, agent)
	return nil
}

// linkPrefixes are the paths whose next segment is an emailed link's
// secret token.
var linkPrefixes = []string{"/invitations/", "/password/reset/", "/calendar/"}

// redactLink hides the token of an emailed link's path, for the logs: a
// token in a log line is a usable link.
func redactLink(path string) string {
	for _, p := range linkPrefixes {
		if rest, ok := strings.CutPrefix(path, p); ok {
			_, tail, _ := strings.Cut(rest, "/")
			if tail != "" {
				tail = "/" + tail
			}
			return p + "…" + tail
		}
	}
	return path
}

// private marks a page not to be stored by the browser or any cache (it
// carries a link's token or a person's account).
func private(w http.ResponseWriter) { w.Header().Set("Cache-Control", "no-store") }

// Forgotten-password requests are limited per address and per account
// (each sends an email); answers to an invitation, which may carry an
// account's password, per link and per address, counting the refused ones.
var (
	resetsByAddress  = store.ThrottleLimit{Name: "password reset address", Free: 10, Window: 15 * time.Minute, Base: 30 * time.Second, Max: 15 * time.Minute}
	resetsByAccount  = store.ThrottleLimit{Name: "password reset account", Free: 3, Window: 15 * time.Minute, Base: time.Minute, Max: 15 * time.Minute}
	answersByLink    = store.ThrottleLimit{Name: "invitation answer link", Free: 5, Window: 15 * time.Minute, Base: 5 * time.Second, Max: 5 * time.Minute}
	answersByAddress = store.ThrottleLimit{Name: "invitation answer address", Free: 50, Window: 15 * time.Minute, Base: 5 * time.Second, Max: 15 * time.Minute}
)

// throttled is the message for an attempt that must still wait ("" when it
// may go ahead).
func (s *Server) throttled(r *http.Request, keys ...store.ThrottleKey) (string, error) {
	wait, err := s.store.ThrottleWait(r.Context(), keys...)
	if err != nil || wait <= 0 {
		return "", err
	}
	return ui.FromContext(r.Context()).T("Too many attempts. Wait %d seconds and try again.", int(wait.Seconds())+1), nil
}

// The account page ------------------------------------------------------------

type accountModel struct {
	Account   app.Account
	Reminders app.ReminderChoices
	Name      string // as typed
	Section   string // the form a refusal is about: details, password, organisations, sessions, tokens
	Error     string
	Tokens    []store.APIToken
	NewToken  *store.APIToken // just made: its secret is shown this once
	Secret    string
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, accountModel{})
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, m accountModel) error {
	v := ui.FromContext(r.Context())
	acc, err := s.app.Account(r.Context(), v.Actor(), s.sessions.Token(r.Context()))
	if err != nil {
		return err
	}
	m.Account = acc
	if m.Reminders, err = s.app.ReminderChoices(r.Context(), v.Actor()); err != nil {
		return err
	}
	if m.Tokens, err = s.app.APITokens(r.Context(), v.Actor()); err != nil {
		return err
	}
	private(w)
	if m.Section != "details" {
		m.Name = acc.User.Name
	}
	return ui.Render(w, r, status, accountPage(v, m))
}

// accountAct runs one change of the account page: a refusal shows in the
// page next to the form it is about.
func (s *Server) accountAct(w http.ResponseWriter, r *http.Request, section string, do func() error, okMsg string) error {
	return ui.Act(w, r, s.flash, do, "/account", okMsg, func(status int, msg string) error {
		return s.renderAccount(w, r, status, accountModel{Section: section, Error: msg, Name: r.PostFormValue("name")})
	})
}

func (s *Server) updateAccount(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	lang := program.Language(r.PostFormValue("language"))
	err := s.accountAct(w, r, "details", func() error {
		return s.app.UpdateAccount(r.Context(), v.Actor(), r.PostFormValue("name"), lang)
	}, v.T("Your details are saved."))
	if err == nil {
		s.sessions.Put(r.Context(), keyLang, lang) // the next page is in the chosen language
	}
	return err
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := ui.FromContext(ctx)
	err := s.app.ChangePassword(ctx, v.Actor(), r.PostFormValue("current_password"), r.PostFormValue("password"), s.sessions.Token(ctx))
	if err != nil {
		return ui.Refused(w, r, err, func(status int, msg string) error {
			return s.renderAccount(w, r, status, accountModel{Section: "password", Error: msg})
		})
	}
	if err := s.startSession(r, v.User.ID, v.Current.OrgID); err != nil { // a new token for this browser too
		return err
	}
	return ui.Done(w, r, s.flash, "/account", v.T("Your password is changed; your other sessions are signed out."))
}

func (s *Server) leaveOrganisation(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id := ui.FormID(r, "org_id")
	name := ""
	for _, m := range v.Memberships {
		if m.OrgID == id {
			name = m.OrgName
		}
	}
	return s.accountAct(w, r, "organisations", func() error { return s.app.LeaveOrganisation(r.Context(), v.Actor(), id) },
		v.T("You left %s.", name))
}

func (s *Server) endOtherSessions(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := ui.FromContext(ctx)
	n, err := s.app.EndOtherSessions(ctx, v.Actor(), s.sessions.Token(ctx))
	if err != nil {
		return err
	}
	return ui.Done(w, r, s.flash, "/account", v.L.Plural(int(n), "Signed out everywhere else (%d session).", "Signed out everywhere else (%d sessions).", n))
}

// Invitations -----------------------------------------------------------------------

type invitationModel struct {
	Token    string
	Link     app.InvitationLink
	Name     string
	Language string
	Error    string
}

func (s *Server) invitation(w http.ResponseWriter, r *http.Request) error {
	return s.renderInvitation(w, r, http.StatusOK, invitationModel{})
}

func (s *Server) renderInvitation(w http.ResponseWriter, r *http.Request, status int, m invitationModel) error {
	v := ui.FromContext(r.Context())
	m.Token = chi.URLParam(r, "token")
	link, err := s.app.InvitationByToken(r.Context(), m.Token)
	if err != nil {
		return err
	}
	m.Link = link
	private(w)
	if m.Language == "" {
		m.Language = v.L.Lang()
	}
	return ui.Render(w, r, status, invitationPage(v, m))
}

// invitationAct answers an invitation; a refusal shows on its page.
// Answers are throttled per link and per address (an answer may carry an
// account's password).
func (s *Server) invitationAct(w http.ResponseWriter, r *http.Request, do func(token string) (to string, err error), okMsg string) error {
	token := chi.URLParam(r, "token")
	page := func(status int, msg string) error {
		return s.renderInvitation(w, r, status, invitationModel{Error: msg, Name: r.PostFormValue("name"), Language: r.PostFormValue("language")})
	}
	keys := []store.ThrottleKey{{Limit: answersByLink, Key: token}, {Limit: answersByAddress, Key: clientAddress(r)}}
	if msg, err := s.throttled(r, keys...); err != nil || msg != "" {
		if err != nil {
			return err
		}
		return page(http.StatusTooManyRequests, msg)
	}
	to, err := do(token)
	if err != nil {
		if program.IsCode(err, program.CodeInvalid) || program.IsCode(err, program.CodeNotAllowed) { // a wrong password, say
			if err := s.store.ThrottleFail(r.Context(), keys...); err != nil {
				return err
			}
		}
		return ui.Refused(w, r, err, page)
	}
	return ui.Done(w, r, s.flash, to, okMsg)
}

func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := ui.FromContext(ctx)
	return s.invitationAct(w, r, func(token string) (string, error) {
		acc := app.NewAccount{Name: r.PostFormValue("name"), Password: r.PostFormValue("password"), Language: r.PostFormValue("language")}
		user, inv, err := s.app.AcceptInvitation(ctx, token, v.User.ID, acc, v.RequestID)
		if err != nil {
			return "", err
		}
		if acc.Language != "" && v.User.ID == 0 { // a new person chose it
			s.sessions.Put(ctx, keyLang, program.Language(acc.Language))
		}
		// Signed in, acting for the organisation just joined.
		return ui.HomePath(inv.Role.Kind()), s.startSession(r, user, inv.OrgID)
	}, v.T("Welcome: you are now a member of the organisation."))
}

func (s *Server) declineInvitation(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	to := "/login"
	if v.SignedIn() {
		to = "/account"
	}
	return s.invitationAct(w, r, func(token string) (string, error) {
		return to, s.app.DeclineInvitation(r.Context(), token, v.User.ID, r.PostFormValue("password"), v.RequestID)
	}, v.T("You declined the invitation; you did not join the organisation."))
}

func (s *Server) renewInvitation(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return s.invitationAct(w, r, func(token string) (string, error) {
		return "/login", s.app.RenewInvitationLink(r.Context(), token, v.RequestID)
	}, v.T("A new link is on its way to the invited address."))
}

// Forgotten passwords ------------------------------------------------------------

type passwordModel struct {
	Email  string
	Token  string
	Status program.LinkStatus
	Error  string
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return ui.Render(w, r, http.StatusOK, forgotPage(v, passwordModel{}))
}

// forgotPassword sends a reset link; the answer is the same whether or not
// the address has an account.
func (s *Server) forgotPassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := ui.FromContext(ctx)
	m := passwordModel{Email: strings.TrimSpace(r.PostFormValue("email"))}
	// Every request counts (each sends an email), whatever the address.
	keys := []store.ThrottleKey{{Limit: resetsByAddress, Key: clientAddress(r)}, {Limit: resetsByAccount, Key: strings.ToLower(m.Email)}}
	if msg, err := s.throttled(r, keys...); err != nil || msg != "" {
		if err != nil {
			return err
		}
		m.Error = msg
		return ui.Render(w, r, http.StatusTooManyRequests, forgotPage(v, m))
	}
	if err := s.store.ThrottleFail(ctx, keys...); err != nil {
		return err
	}
	return ui.Act(w, r, s.flash, func() error { return s.app.ForgotPassword(ctx, m.Email, v.RequestID) }, "/login",
		v.T("If an account uses this address, a link to choose a new password is on its way to it. The link works once, for one hour."),
		func(status int, msg string) error {
			m.Error = msg
			return ui.Render(w, r, status, forgotPage(v, m))
		})
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderReset(w, r, http.StatusOK, "")
}

func (s *Server) renderReset(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	v := ui.FromContext(r.Context())
	m := passwordModel{Token: chi.URLParam(r, "token"), Error: msg}
	st, err := s.app.ResetLink(r.Context(), m.Token)
	if err != nil {
		return err
	}
	m.Status = st
	private(w)
	return ui.Render(w, r, status, resetPage(v, m))
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	return ui.Act(w, r, s.flash, func() error {
		_, err := s.app.ResetPassword(r.Context(), chi.URLParam(r, "token"), r.PostFormValue("password"), v.RequestID)
		return err
	}, "/login", v.T("Your password is changed, and every session of your account is signed out. Sign in with the new password."),
		func(status int, msg string) error { return s.renderReset(w, r, status, msg) })
}
