package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"sapsportal/internal/web/api"
	"sapsportal/internal/web/webtest"
)

// Every API route with an {id}, with another tenant's id and with one that
// does not exist: 404 problem+json, and nothing changed. Areas of another
// kind of organisation do not exist for a token (404) either.
func testAnotherTenantsIDIsNotFound(t *testing.T, e *webtest.Env) {
	tokens := map[string]*client{
		"customer": makeToken(t, e, "benefits@contoso.example", "tenancy customer", nil),
		"partner":  makeToken(t, e, "partner@fabrikam.example", "tenancy partner", nil),
		"admin":    makeToken(t, e, "admin@program.example", "tenancy admin", nil),
	}
	// Ids of another tenant, by area (the program's admins see every tenant).
	other := map[string]string{
		"customer": fmt.Sprint(e.Demo.Vouchers["tailspin-assigned"].ID),
		"partner":  fmt.Sprint(e.Demo.Vouchers["tailspin-assigned"].ID),
	}
	bodies := map[string]string{
		"reassign":         `{"project_manager_email":"someone@contoso.example"}`,
		"decision":         `{"decision":"approve"}`,
		"payment-decision": `{"decision":"approve","reference":"X"}`,
	}
	ct, report := multipartBody(t, url.Values{"delivered_start": {"2021-02-01"}, "delivered_end": {"2021-02-02"}, "summary": {"x"}},
		map[string]string{"plan.txt": "plan\n"})
	var routes int
	chi.Walk(e.Routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.Replace(route, "/*/", "/", -1)
		path, ok := strings.CutPrefix(route, api.Prefix)
		if !ok || !strings.Contains(path, "{id}") {
			return nil
		}
		routes++
		area := strings.Split(path, "/")[1]
		ids := []string{"987654321"}
		if id := other[area]; id != "" {
			ids = append(ids, id)
		}
		for _, id := range ids {
			for name, c := range tokens {
				if name != area && id != ids[0] {
					continue
				}
				p := strings.Replace(path, "{id}", id, 1)
				events := e.Count(`SELECT count(*) FROM audit_events`)
				var a answer
				switch {
				case method == http.MethodGet:
					a = c.get(p)
				case strings.HasSuffix(p, "/report"):
					a = c.do(method, p, ct, report, nil)
				default:
					body := bodies[p[strings.LastIndex(p, "/")+1:]]
					if body == "" {
						body = "{}"
					}
					a = c.do(method, p, "application/json", []byte(body), nil)
				}
				if a.Status != http.StatusNotFound || !strings.HasPrefix(a.Header.Get("Content-Type"), "application/problem+json") || a.json(t)["code"] != "not_found" {
					t.Errorf("%s %s as the %s: %d %s, want 404 not_found", method, p, name, a.Status, a.Body)
				}
				if e.Count(`SELECT count(*) FROM audit_events`) != events {
					t.Errorf("%s %s as the %s changed something", method, p, name)
				}
			}
		}
		return nil
	})
	if routes < 10 {
		t.Errorf("only %d routes with an id", routes)
	}
}

// A read-only token's POST is 403 on every API route that takes one, in
// its own area and any other, and changes nothing.
func testReadOnlyTokensPostNothing(t *testing.T, e *webtest.Env) {
	ro := url.Values{"token_read_only": {"yes"}}
	tokens := []*client{
		makeToken(t, e, "benefits@contoso.example", "read-only customer", ro),
		makeToken(t, e, "partner@fabrikam.example", "read-only partner", ro),
		makeToken(t, e, "admin@program.example", "read-only admin", ro),
	}
	var posts int
	chi.Walk(e.Routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		path, ok := strings.CutPrefix(strings.Replace(route, "/*/", "/", -1), api.Prefix)
		if !ok || method != http.MethodPost {
			return nil
		}
		posts++
		path = strings.Replace(path, "{id}", fmt.Sprint(e.Demo.Vouchers["contoso-assigned"].ID), 1)
		for _, c := range tokens {
			events := e.Count(`SELECT count(*) FROM audit_events`)
			a := c.do(method, path, "application/json", []byte(`{}`), nil)
			if a.Status != http.StatusForbidden || !strings.HasPrefix(a.Header.Get("Content-Type"), "application/problem+json") || a.json(t)["code"] != "read_only_token" {
				t.Errorf("POST %s read-only: %d %s", path, a.Status, a.Body)
			}
			if e.Count(`SELECT count(*) FROM audit_events`) != events {
				t.Errorf("POST %s read-only changed something", path)
			}
		}
		return nil
	})
	if posts < 12 {
		t.Errorf("only %d POST routes", posts)
	}
}
