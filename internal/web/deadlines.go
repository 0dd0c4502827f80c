package web

import (
	"net/http"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/web/ui"
)

// saveReminders saves the account page's reminder choices.
func (s *Server) saveReminders(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	if err := r.ParseForm(); err != nil {
		return err
	}
	c := app.ReminderChoices{Off: map[program.ReminderKind]bool{}, Digest: r.PostFormValue("digest") == "on"}
	on := map[string]bool{}
	for _, k := range r.PostForm["remind"] {
		on[k] = true
	}
	for _, k := range program.ReminderKinds {
		c.Off[k] = !on[string(k)]
	}
	return s.accountAct(w, r, "reminders", func() error { return s.app.SetReminderChoices(r.Context(), v.Actor(), c) },
		v.T("Your reminders are saved."))
}

// unsubscribeForm is the page an emailed unsubscribe link opens: it checks
// the link and offers one button (a GET changes nothing, so that a mail
// scanner following links unsubscribes nobody).
func (s *Server) unsubscribeForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	email, kind, sig := q.Get("email"), q.Get("kind"), q.Get("sig")
	if err := s.app.UnsubscribeLink(r.Context(), email, kind, sig); err != nil {
		return err
	}
	private(w)
	return ui.Render(w, r, http.StatusOK, unsubscribePage(ui.FromContext(r.Context()), email, program.ReminderKind(kind), sig, false))
}

// unsubscribe turns the link's kind of reminder off; no sign-in is needed
// (the link is signed), and a mail client's one-click POST works too.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	email, kind, sig := r.FormValue("email"), r.FormValue("kind"), r.FormValue("sig")
	if err := s.app.Unsubscribe(r.Context(), email, kind, sig, v.RequestID); err != nil {
		return err
	}
	private(w)
	return ui.Render(w, r, http.StatusOK, unsubscribePage(v, email, program.ReminderKind(kind), sig, true))
}
