// Package webtest runs the real portal (routes, middleware, sessions) over a
// seeded demo database for handler tests, and signs people in like a browser.
package webtest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/go-chi/chi/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/seed"
	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
	"sapsportal/internal/web"
	"sapsportal/internal/web/api"
)

// Env is a running portal over its own seeded database.
type Env struct {
	T      testing.TB
	Store  *store.Store
	App    *app.App
	Clock  *program.SimulatedClock
	Demo   *seed.Demo
	Server *httptest.Server
	// Routes is the portal's router, for tests that walk every route.
	Routes chi.Routes
}

// Options change how the portal under test is deployed.
type Options struct {
	BaseURL      string // default http://127.0.0.1
	MetricsFrom  []*net.IPNet
	MetricsToken string
	API          api.Config
}

// New starts the portal on the demo, at the demo date (09:00 UTC).
func New(t testing.TB) *Env {
	t.Helper()
	return NewWith(t, Options{})
}

// NewWith is New with options.
func NewWith(t testing.TB, o Options) *Env {
	t.Helper()
	if o.BaseURL == "" {
		o.BaseURL = "http://127.0.0.1"
	}
	s := storetest.NewStore(t)
	demo, err := seed.Run(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	clk := program.NewSimulatedClock(seed.Date.In(time.UTC).Add(9 * time.Hour))
	a := app.New(s, clk, nil)
	srv := web.NewServer(a, web.Config{BaseURL: o.BaseURL, Simulated: true, MetricsFrom: o.MetricsFrom, MetricsToken: o.MetricsToken, API: o.API}, slog.New(slog.DiscardHandler))
	h := srv.Handler()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	routes, _ := h.(chi.Routes)
	return &Env{T: t, Store: s, App: a, Clock: clk, Demo: demo, Server: ts, Routes: routes}
}

// SetDate moves the simulated clock to 09:00 UTC on d.
func (e *Env) SetDate(d program.Date) { e.Clock.Set(d.In(time.UTC).Add(9 * time.Hour)) }

// Count runs a COUNT-like query across every tenant, as the owner would see.
func (e *Env) Count(sql string, args ...any) int {
	e.T.Helper()
	var n int
	err := e.Store.Transact(context.Background(), store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		return tx.QueryRow(context.Background(), sql, args...).Scan(&n)
	})
	if err != nil {
		e.T.Fatal(err)
	}
	return n
}

// Exec changes the database directly, across every tenant: for a test's
// setup only, never for what it asserts.
func (e *Env) Exec(sql string, args ...any) {
	e.T.Helper()
	err := e.Store.Transact(context.Background(), store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		_, err := tx.Exec(context.Background(), sql, args...)
		return err
	})
	if err != nil {
		e.T.Fatal(err)
	}
}

// Browser is a client with its own cookies, as one person's browser.
type Browser struct {
	env    *Env
	Client *http.Client
	Lang   string // Accept-Language
}

// Browser opens a fresh browser that does not follow redirects.
func (e *Env) Browser() *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{env: e, Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// SignIn opens a browser signed in as a demo account.
func (e *Env) SignIn(email string) *Browser {
	e.T.Helper()
	b := e.Browser()
	resp := b.Post("/login", url.Values{"email": {email}, "password": {seed.Password}})
	if resp.Status != http.StatusSeeOther {
		e.T.Fatalf("sign in as %s: status %d: %s", email, resp.Status, resp.Text("[data-testid=refusal]"))
	}
	return b
}

// Page is a response with its parsed HTML.
type Page struct {
	Status   int
	Header   http.Header
	Body     string
	Doc      *goquery.Document
	Location string
}

// Text is the trimmed text of the elements matching sel.
func (p *Page) Text(sel string) string { return strings.TrimSpace(p.Doc.Find(sel).Text()) }

// Has reports whether the page text contains s.
func (p *Page) Has(s string) bool { return strings.Contains(p.Doc.Text(), s) }

func (b *Browser) do(req *http.Request) *Page {
	b.env.T.Helper()
	if b.Lang != "" {
		req.Header.Set("Accept-Language", b.Lang)
	}
	resp, err := b.Client.Do(req)
	if err != nil {
		b.env.T.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if err != nil {
		b.env.T.Fatal(err)
	}
	return &Page{Status: resp.StatusCode, Header: resp.Header, Body: string(body), Doc: doc, Location: resp.Header.Get("Location")}
}

// Get fetches a path.
func (b *Browser) Get(path string) *Page {
	req, _ := http.NewRequest(http.MethodGet, b.env.Server.URL+path, nil)
	return b.do(req)
}

// Head asks for a path's headers.
func (b *Browser) Head(path string) *Page {
	req, _ := http.NewRequest(http.MethodHead, b.env.Server.URL+path, nil)
	return b.do(req)
}

// Post submits a form as a same-origin browser would.
func (b *Browser) Post(path string, form url.Values) *Page {
	req, _ := http.NewRequest(http.MethodPost, b.env.Server.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// PostRaw submits a body with a content type (multipart uploads, CSV).
func (b *Browser) PostRaw(path, contentType string, body io.Reader) *Page {
	req, _ := http.NewRequest(http.MethodPost, b.env.Server.URL+path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// Follow fetches where a redirect points.
func (b *Browser) Follow(p *Page) *Page {
	b.env.T.Helper()
	if p.Location == "" {
		b.env.T.Fatalf("no redirect (status %d): %s", p.Status, p.Text("[data-testid=refusal], [data-testid=error-message]"))
	}
	return b.Get(p.Location)
}

// LinkIn is the path of the newest link starting with prefix (such as
// "/invitations/") in the outbox's emails to an address, as the person
// would click it; it fails the test when there is none.
func (e *Env) LinkIn(to, prefix string) string {
	e.T.Helper()
	var body string
	err := e.Store.Transact(context.Background(), store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		return tx.QueryRow(context.Background(), `SELECT body FROM outbox WHERE to_email = $1 AND body LIKE '%' || $2 || '%'
			ORDER BY id DESC LIMIT 1`, to, prefix).Scan(&body)
	})
	if err != nil {
		e.T.Fatalf("no email to %s with a %s link: %v", to, prefix, err)
	}
	i := strings.Index(body, prefix)
	end := i + strings.IndexAny(body[i:], " \n")
	if end < i {
		end = len(body)
	}
	return body[i:end]
}
