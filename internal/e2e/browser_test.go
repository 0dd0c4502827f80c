// Package e2e drives the portal in headless Chromium like people use it:
// clicking and typing, across roles, against the real HTTP server and a real
// PostgreSQL seeded with the demo. After the seed, nothing is written to the
// database except through the pages.
//
// Run only these: make test-e2e. Screenshots: testdata-screens/<test>/.
package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"sapsportal/internal/seed"
	"sapsportal/internal/store/storetest"
	"sapsportal/internal/web/webtest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// chromium finds the browser; a laptop without it skips, CI fails.
func chromium(t *testing.T) string {
	for _, p := range []string{"chromium", "chromium-browser", "/usr/bin/chromium"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed (apt-get install chromium); browser tests must run in CI")
	}
	t.Skip("Chromium is not installed; skipping browser tests")
	return ""
}

// browser is one person's browser on the portal.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string
	shot int

	mu       sync.Mutex
	problems []string
	expected map[int]bool // statuses the scenario expects (a 404 it asks for)
}

func newBrowser(t *testing.T, e *webtest.Env) *browser {
	t.Helper()
	return newBrowserWithin(t, e, 2*time.Minute)
}

// newBrowserWithin is newBrowser for a test that needs more than two minutes.
func newBrowserWithin(t *testing.T, e *webtest.Env, limit time.Duration) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1200, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	b := &browser{t: t, ctx: ctx, base: e.Server.URL, expected: map[int]bool{},
		dir: filepath.Join("..", "..", "testdata-screens", t.Name())}
	os.RemoveAll(b.dir)
	if err := os.MkdirAll(b.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Listen(ctx, b.watch); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		cancelAlloc()
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, p := range b.problems {
			t.Errorf("browser: %s", p)
		}
	})
	return b
}

// watch records console errors, exceptions, failed requests and server
// errors; any of them fails the test.
func (b *browser) watch(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		b.problems = append(b.problems, "exception: "+ev.ExceptionDetails.Text)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == "error" {
			b.problems = append(b.problems, "console.error")
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			b.problems = append(b.problems, "request failed: "+ev.ErrorText)
		}
	case *network.EventResponseReceived:
		if s := int(ev.Response.Status); s >= 400 && !b.expected[s] {
			b.problems = append(b.problems, fmt.Sprintf("%d for %s", s, ev.Response.URL))
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError && !b.expectedLog(ev.Entry.Text) {
			b.problems = append(b.problems, "console: "+ev.Entry.Text)
		}
	}
}

func (b *browser) expectedLog(text string) bool {
	for s := range b.expected {
		if strings.Contains(text, fmt.Sprintf("status of %d", s)) {
			return true
		}
	}
	return false
}

// expect lets the next responses have status s (a page that is meant to
// answer "not found", say).
func (b *browser) expect(s int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.expected[s] = true
}

func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// open goes to a path and returns the status of the page.
func (b *browser) open(path string) int {
	b.t.Helper()
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		b.t.Fatal(err)
	}
	return int(resp.Status)
}

// press clicks something that loads a page, and waits for it.
func (b *browser) press(sel string) int {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
	return int(resp.Status)
}

func (b *browser) typeInto(sel, text string) {
	b.t.Helper()
	b.do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

// choose sets a select's or a date field's value, as picking it would.
func (b *browser) choose(sel, value string) {
	b.t.Helper()
	b.do(chromedp.SetValue(chromedp.CSS(sel), value))
}

func (b *browser) tick(sel string) { b.t.Helper(); b.do(chromedp.Click(chromedp.CSS(sel))) }

func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (b *browser) count(sel string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
	if err != nil {
		b.t.Fatal(err)
	}
	return n
}

func (b *browser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return strings.TrimPrefix(loc, b.base)
}

// see fails unless the element's text contains want.
func (b *browser) see(sel, want string) {
	b.t.Helper()
	if got := b.text(sel); !strings.Contains(got, want) {
		b.t.Fatalf("%s says %q, want %q (page %s)", sel, got, want, b.location())
	}
}

// screenshot saves the page as NN-name.png.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100)) // 100 means PNG
	if err != nil {
		b.t.Fatal(err)
	}
	b.shot++
	if err := os.WriteFile(filepath.Join(b.dir, fmt.Sprintf("%02d-%s.png", b.shot, name)), buf, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browser) signIn(email string) {
	b.t.Helper()
	b.open("/login")
	if b.count("#email") == 0 { // someone is signed in: sign out first
		b.press(`form[action="/logout"] button`)
	}
	b.typeInto("#email", email)
	b.typeInto("#password", seed.Password)
	if s := b.press(`[data-testid=login-form] button[type=submit]`); s != 200 {
		b.t.Fatalf("sign in as %s: %d", email, s)
	}
	b.see("[data-testid=signed-in-as]", email)
}

// tabTo presses Tab until the element matching sel has the focus: the
// keyboard alone reaches it.
func (b *browser) tabTo(sel string) {
	b.t.Helper()
	for range 120 {
		focused, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](fmt.Sprintf(`!!document.activeElement && document.activeElement.matches(%q)`, sel)))
		if err != nil {
			b.t.Fatal(err)
		}
		if focused {
			return
		}
		b.do(chromedp.KeyEvent(kb.Tab))
	}
	b.t.Fatalf("Tab never reached %s", sel)
}

func (b *browser) key(keys string) { b.t.Helper(); b.do(chromedp.KeyEvent(keys)) }

// keyLoads presses keys that load a page (Enter on a link or a form).
func (b *browser) keyLoads(keys string) int {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.KeyEvent(keys))
	if err != nil {
		b.t.Fatal(err)
	}
	return int(resp.Status)
}

func (b *browser) value(sel string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatal(err)
	}
	return v
}
