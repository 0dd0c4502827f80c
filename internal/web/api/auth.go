package api

import (
	"context"
	"net/http"
	"strings"

	"sapsportal/internal/app"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

// Every request but the OpenAPI document bears a personal API token:
// Authorization: Bearer <token>. No cookie is read or set here, so no
// other site can make a browser send an API request with someone's
// rights: the cross-origin check of the forms is not needed.

type actorKey struct{}
type tokenKey struct{}

func actorOf(r *http.Request) app.Actor {
	a, _ := r.Context().Value(actorKey{}).(app.Actor)
	return a
}

func tokenOf(r *http.Request) store.APIToken {
	t, _ := r.Context().Value(tokenKey{}).(store.APIToken)
	return t
}

// bearer is the token of an Authorization header ("" for none).
func bearer(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// authenticate finds who the token acts as, with their role in its
// organisation now; any token that does not work is 401. Every audit event
// the request writes records the token's name.
func (h *Handler) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secret := bearer(r)
		if secret == "" {
			writeProblem(w, r, errUnauthorized)
			return
		}
		v := ui.FromContext(r.Context())
		actor, t, err := h.App.APIActor(r.Context(), secret, v.RequestID)
		if err != nil {
			writeProblem(w, r, err)
			return
		}
		ui.Logger(r.Context()).Debug("api token", "token_id", t.ID, "user_id", actor.UserID, "org_id", actor.OrgID)
		ctx := context.WithValue(r.Context(), actorKey{}, actor)
		ctx = context.WithValue(ctx, tokenKey{}, t)
		ctx = store.WithAPIToken(ctx, t.Name)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// me is who the token acts as.
func (h *Handler) me(w http.ResponseWriter, r *http.Request) error {
	a, t := actorOf(r), tokenOf(r)
	return ok(w, http.StatusOK, meJSON{UserID: a.UserID, Email: a.Email, OrgID: a.OrgID, OrgName: t.OrgName, OrgKind: string(a.OrgKind),
		Role: string(a.Role), TokenID: t.ID, TokenName: t.Name, ReadOnly: t.ReadOnly, ExpiresAt: t.ExpiresAt.UTC().Format("2006-01-02T15:04:05Z")})
}

type meJSON struct {
	UserID    int64  `json:"user_id"`
	Email     string `json:"email"`
	OrgID     int64  `json:"org_id"`
	OrgName   string `json:"org_name"`
	OrgKind   string `json:"org_kind"`
	Role      string `json:"role"`
	TokenID   int64  `json:"token_id"`
	TokenName string `json:"token_name"`
	ReadOnly  bool   `json:"read_only"`
	ExpiresAt string `json:"expires_at"`
}
