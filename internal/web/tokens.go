package web

import (
	"net/http"

	"sapsportal/internal/app"
	"sapsportal/internal/web/ui"
)

// The account page's API tokens (issue 13).

func (s *Server) createAPIToken(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	in := app.NewAPIToken{Name: r.PostFormValue("token_name"), OrgID: ui.FormID(r, "token_org"),
		ReadOnly: r.PostFormValue("token_read_only") == "yes", Days: ui.FormInt(r, "token_days")}
	secret, t, err := s.app.CreateAPIToken(r.Context(), v.Actor(), in)
	if err != nil {
		return ui.Refused(w, r, err, func(status int, msg string) error {
			return s.renderAccount(w, r, status, accountModel{Section: "tokens", Error: msg})
		})
	}
	// The secret is in this answer only: not in a flash (sessions are
	// stored), not after a redirect.
	return s.renderAccount(w, r, http.StatusCreated, accountModel{NewToken: &t, Secret: secret})
}

func (s *Server) revokeAPIToken(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	id, err := ui.PathID(r, "id")
	if err != nil {
		return err
	}
	return s.accountAct(w, r, "tokens", func() error { return s.app.RevokeAPIToken(r.Context(), v.Actor(), id) },
		v.T("The API token is revoked; it no longer works."))
}

// typedOr is a field as typed in a refused form, or def.
func typedOr(v *ui.View, name, def string) string {
	if s := v.Value(name); s != "" {
		return s
	}
	return def
}
