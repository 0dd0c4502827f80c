package api_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
	"sapsportal/internal/web/api"
	"sapsportal/internal/web/webtest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

const testRateLimit = 40

// TestWithTokens runs the tests of tokens, idempotency, limits, tenancy
// and the OpenAPI document on one portal (its seeded database made once:
// the machine is shared); each makes its own tokens, so that their counts
// do not mix.
func TestWithTokens(t *testing.T) {
	t.Parallel()
	e := webtest.NewWith(t, webtest.Options{API: api.Config{RateLimit: testRateLimit}})
	for _, tc := range []struct {
		name string
		test func(*testing.T, *webtest.Env)
	}{
		{"TokensOnTheAccountPage", testTokensOnTheAccountPage},
		{"TokensThatDoNotWork", testTokensThatDoNotWork},
		{"RateLimit", testRateLimits},
		{"IdempotentRetries", testIdempotentRetries},
		{"OpenAPICoversTheRouter", testOpenAPICoversTheRouter},
		{"AnotherTenantsIDIsNotFound", testAnotherTenantsIDIsNotFound},
		{"ReadOnlyTokensPostNothing", testReadOnlyTokensPostNothing},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, e) })
	}
}

func problem(t testing.TB, a answer, status int, code string) map[string]any {
	t.Helper()
	if a.Status != status || !strings.HasPrefix(a.Header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("status %d (%s), want %d problem+json: %s", a.Status, a.Header.Get("Content-Type"), status, a.Body)
	}
	p := a.json(t)
	if p["code"] != code || p["type"] != api.ProblemBase+code || num(p["status"]) != int64(status) || p["title"] == "" || p["detail"] == "" {
		t.Fatalf("problem %v, want code %s", p, code)
	}
	return p
}

func testTokensOnTheAccountPage(t *testing.T, e *webtest.Env) {
	c := makeToken(t, e, "pm@contoso.example", "PM dashboard", url.Values{"token_days": {"30"}, "token_read_only": {"yes"}})
	// Only the hash is kept; the token is in no other table.
	sum := sha256.Sum256([]byte(c.token))
	if n := tokensWith(t, e, "pm@contoso.example", `token_hash = $2 AND name = 'PM dashboard' AND read_only
		AND expires_at BETWEEN created_at + interval '29 days 23 hours' AND created_at + interval '30 days 1 hour'`, sum[:]); n != 1 {
		t.Errorf("stored token rows: %d", n)
	}
	if n := e.Count(`SELECT count(*) FROM sessions WHERE position($1::bytea IN data) > 0`, []byte(c.token)); n != 0 {
		t.Errorf("the secret is in %d sessions", n)
	}
	b := e.SignIn("pm@contoso.example")
	p := b.Get("/account")
	if !strings.Contains(p.Text("[data-testid=api-token]"), "PM dashboard") || strings.Contains(p.Body, c.token) {
		t.Errorf("the list: %q; the secret shown again: %v", p.Text("[data-testid=api-token]"), strings.Contains(p.Body, c.token))
	}
	// Another person sees none of it, even by id (RLS and the query).
	other := e.SignIn("benefits@contoso.example")
	if strings.Contains(other.Get("/account").Body, "PM dashboard") {
		t.Error("another person's account page lists the token")
	}
	if n := tokensWith(t, e, "benefits@contoso.example", `name = 'PM dashboard'`); n != 0 {
		t.Errorf("another person's scope reads %d of the token's rows", n)
	}
	var id int64
	action, _ := p.Doc.Find(`[data-testid=api-token] form`).Attr("action")
	fmt.Sscanf(action, "/account/tokens/%d/revoke", &id)
	if p := other.Post(fmt.Sprintf("/account/tokens/%d/revoke", id), nil); p.Status != http.StatusNotFound {
		t.Errorf("another person revokes it: %d", p.Status)
	}
	// Bad input, beside its field, and nothing made.
	for _, f := range []url.Values{{"token_name": {""}}, {"token_name": {"x"}, "token_days": {"366"}},
		{"token_name": {"x"}, "token_org": {fmt.Sprint(e.Demo.Orgs["Fabrikam Consulting"])}}} {
		if f.Get("token_org") == "" {
			f.Set("token_org", fmt.Sprint(e.Demo.Orgs["Contoso Ltd"]))
		}
		p := b.Post("/account/tokens", f)
		if p.Status != http.StatusUnprocessableEntity || p.Text("[data-testid=refusal]") == "" {
			t.Errorf("token %v: %d %q", f, p.Status, p.Text("[data-testid=refusal]"))
		}
	}
	// Read-only: every GET works, every POST is 403.
	must(t, c.get("/customer/vouchers"), 200, "read-only GET")
	problem(t, c.post(fmt.Sprintf("/customer/vouchers/%d/void", e.Demo.Vouchers["contoso-assigned"].ID), nil), 403, "read_only_token")
	// Revoked: 401, at once.
	if p := b.Post(fmt.Sprintf("/account/tokens/%d/revoke", id), nil); p.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", p.Status)
	}
	problem(t, c.get("/me"), 401, "unauthorized")
	if n := e.Count(`SELECT count(*) FROM audit_events WHERE action IN ('api_token.created', 'api_token.revoked') AND details->>'name' = 'PM dashboard'`); n != 2 {
		t.Errorf("audit events of the token: %d", n)
	}
}

// asUser changes the database in a person's own scope (their tokens are
// no one else's to write), for a test's setup.
func asUser(t testing.TB, e *webtest.Env, email, sql string, args ...any) {
	t.Helper()
	err := e.Store.Transact(context.Background(), store.Scope{UserID: e.Demo.Users[email]}, time.Now(), func(tx *store.Tx) error {
		tag, err := tx.Exec(context.Background(), sql, args...)
		if err == nil && tag.RowsAffected() == 0 {
			err = fmt.Errorf("%s changed nothing", sql)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// tokensWith counts the api_tokens rows matching cond that email's own
// scope can read (cond may use $1, the person's id, and $2…).
func tokensWith(t testing.TB, e *webtest.Env, email, cond string, args ...any) int {
	t.Helper()
	uid := e.Demo.Users[email]
	var n int
	err := e.Store.Transact(context.Background(), store.Scope{UserID: uid}, time.Now(), func(tx *store.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT count(*) FROM api_tokens WHERE $1::bigint > 0 AND `+cond, append([]any{uid}, args...)...).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func testTokensThatDoNotWork(t *testing.T, e *webtest.Env) {
	for _, tc := range []struct {
		name  string
		spoil func(c *client)
	}{
		{"no token", func(c *client) { c.token = "" }},
		{"unknown token", func(c *client) { c.token = "saps_nothing" }},
		{"expired token", func(c *client) {
			asUser(t, e, "partner@northwind.example", `UPDATE api_tokens SET created_at = created_at - interval '2 days', expires_at = created_at - interval '1 day' WHERE token_hash = sha256($1::bytea)`, []byte(c.token))
		}},
		{"member suspended", func(c *client) {
			e.Exec(`UPDATE organisations SET suspended_at = now() WHERE id = $1`, e.Demo.Orgs["Northwind Advisors"])
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := makeToken(t, e, "partner@northwind.example", "Northwind "+tc.name, nil)
			must(t, c.get("/me"), 200, "before")
			tc.spoil(c)
			a := c.get("/me")
			problem(t, a, 401, "unauthorized")
			if a.Header.Get("WWW-Authenticate") == "" {
				t.Error("no WWW-Authenticate")
			}
		})
	}
	e.Exec(`UPDATE organisations SET suspended_at = NULL WHERE id = $1`, e.Demo.Orgs["Northwind Advisors"])
	// No cookie is set or read; a cross-site POST is not refused for its origin.
	c := makeToken(t, e, "partner@northwind.example", "Northwind cookies", nil)
	a := c.do(http.MethodPost, "/partner/vouchers/validate", "application/json", []byte(`{"voucher_code":"AAAA-AAAA-AAAA"}`),
		http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}})
	if a.Header.Get("Set-Cookie") != "" || a.Status == http.StatusForbidden {
		t.Errorf("cross-site API POST: %d, cookie %q", a.Status, a.Header.Get("Set-Cookie"))
	}
	// French, when asked.
	c.token, c.lang = "", "fr"
	if p := problem(t, c.get("/me"), 401, "unauthorized"); !strings.Contains(p["detail"].(string), "jeton") {
		t.Errorf("French detail: %v", p["detail"])
	}
}

func testRateLimits(t *testing.T, e *webtest.Env) {
	c := makeToken(t, e, "partner@fabrikam.example", "Fabrikam busy", nil)
	var last answer
	for i := 1; i <= testRateLimit; i++ {
		last = c.get("/me")
		if last.Status != 200 {
			t.Fatalf("request %d: %d", i, last.Status)
		}
	}
	if last.Header.Get("RateLimit-Limit") != fmt.Sprint(testRateLimit) || last.Header.Get("RateLimit-Remaining") != "0" || last.Header.Get("RateLimit-Reset") == "" {
		t.Errorf("headers: %v", last.Header)
	}
	a := c.get("/me")
	problem(t, a, 429, "rate_limited")
	if a.Header.Get("Retry-After") == "" || a.Header.Get("RateLimit-Remaining") != "0" {
		t.Errorf("429 headers: %v", a.Header)
	}
	// Another token of the same person has its own count.
	must(t, makeToken(t, e, "partner@fabrikam.example", "Fabrikam other", nil).get("/me"), 200, "another token")
}

func testIdempotentRetries(t *testing.T, e *webtest.Env) {
	c := makeToken(t, e, "benefits@tailspin.example", "Tailspin retries", nil)
	sharePoint := e.Count(`SELECT id FROM engagement_types WHERE name = 'SharePoint Deployment Planning'`)
	body := map[string]any{"enrollment_id": e.Demo.Enrollments["SA-TAILSPIN-FR-01"], "engagement_type_id": sharePoint,
		"days": 1, "project_manager_email": "it@tailspin.example"}
	vouchers := func() int {
		return e.Count(`SELECT count(*) FROM vouchers WHERE org_id = $1`, e.Demo.Orgs["Tailspin Toys"])
	}
	before := vouchers()
	answers := make([]answer, 32)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = c.postKey("/customer/vouchers", body, "create-once")
		}()
	}
	wg.Wait()
	if n := vouchers() - before; n != 1 {
		t.Fatalf("32 parallel requests with one key made %d vouchers, want 1", n)
	}
	first := answers[0]
	for i, a := range answers {
		if a.Status != http.StatusCreated || string(a.Body) != string(first.Body) {
			t.Errorf("answer %d: %d %s, want the first answer %d %s", i, a.Status, a.Body, first.Status, first.Body)
		}
	}
	// Again later: the same answer, nothing more.
	again := c.postKey("/customer/vouchers", body, "create-once")
	if again.Status != http.StatusCreated || string(again.Body) != string(first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("retry: %d %s", again.Status, again.Body)
	}
	// The same key with another body: 422, nothing made.
	body["days"] = 3
	problem(t, c.postKey("/customer/vouchers", body, "create-once"), 422, "idempotency_key_reused")
	if n := vouchers() - before; n != 1 {
		t.Errorf("vouchers made: %d", n)
	}
	// The same key from another token is another key.
	other := makeToken(t, e, "benefits@tailspin.example", "Tailspin other", nil)
	must(t, other.postKey("/customer/vouchers", body, "create-once"), 201, "another token's key")
	if n := vouchers() - before; n != 2 {
		t.Errorf("vouchers made: %d", n)
	}
	_ = program.Assigned
}
