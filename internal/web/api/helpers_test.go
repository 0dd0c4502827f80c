package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/web/webtest"
)

// client is a script using the API with one token.
type client struct {
	t     testing.TB
	e     *webtest.Env
	token string
	lang  string
}

// answer is one API response.
type answer struct {
	Status int
	Header http.Header
	Body   []byte
}

func (a answer) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.Body, &m); err != nil {
		t.Fatalf("status %d, body not a JSON object: %v: %s", a.Status, err, a.Body)
	}
	return m
}

// makeToken creates a token on the account page, as its person would, and
// reads its secret from the page.
func makeToken(t testing.TB, e *webtest.Env, email, name string, form url.Values) *client {
	t.Helper()
	b := e.SignIn(email)
	f := url.Values{"token_name": {name}}
	for k, v := range form {
		f[k] = v
	}
	if f.Get("token_org") == "" {
		p := b.Get("/account")
		f.Set("token_org", p.Doc.Find("#token-org option[selected]").AttrOr("value", ""))
	}
	p := b.Post("/account/tokens", f)
	if p.Status != http.StatusCreated {
		t.Fatalf("make token %q as %s: status %d: %s", name, email, p.Status, p.Text("[data-testid=refusal]"))
	}
	secret := p.Text("[data-testid=token-secret]")
	if !strings.HasPrefix(secret, "saps_") {
		t.Fatalf("no token shown: %q", secret)
	}
	return &client{t: t, e: e, token: secret}
}

func (c *client) do(method, path, contentType string, body []byte, header http.Header) answer {
	c.t.Helper()
	req, err := http.NewRequest(method, c.e.Server.URL+"/api/v1"+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

func (c *client) get(path string) answer {
	c.t.Helper()
	return c.do(http.MethodGet, path, "", nil, nil)
}

func (c *client) post(path string, body any) answer {
	c.t.Helper()
	return c.postKey(path, body, "")
}

func (c *client) postKey(path string, body any, key string) answer {
	c.t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		c.t.Fatal(err)
	}
	h := http.Header{}
	if key != "" {
		h.Set("Idempotency-Key", key)
	}
	return c.do(http.MethodPost, path, "application/json", b, h)
}

// multipartBody is a form with fields and files (name → content).
func multipartBody(t testing.TB, fields url.Values, files map[string]string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, content := range files {
		fw, err := mw.CreateFormFile("files", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

// must is an answer with the status want, as a JSON object.
func must(t testing.TB, a answer, want int, what string) map[string]any {
	t.Helper()
	if a.Status != want {
		t.Fatalf("%s: status %d, want %d: %s", what, a.Status, want, a.Body)
	}
	return a.json(t)
}

func num(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}
