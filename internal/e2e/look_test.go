package e2e

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/go-chi/chi/v5"

	"sapsportal/internal/i18n"
	"sapsportal/internal/seed"
	"sapsportal/internal/web/webtest"
)

// axe-core, vendored unchanged from the npm registry's axe-core 4.14.1
// (MPL-2.0: the file keeps its notice; see testdata/axe/README.md).
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// The widths every page is checked at: a laptop and a phone.
var widths = []int64{1280, 390}

// pageIDs gives, for each GET route with a parameter, the real paths of
// the demo that each account opens (nil: none of its own). A new route with
// a parameter must be added here, or the test says so.
func pageIDs(e *webtest.Env, tokens map[string]string) map[string]func(seed.Account) []string {
	v := func(names ...string) []string {
		var ps []string
		for _, n := range names {
			ps = append(ps, fmt.Sprint(e.Demo.Vouchers[n].ID))
		}
		return ps
	}
	org := func(names ...string) []string {
		var ps []string
		for _, n := range names {
			ps = append(ps, fmt.Sprint(e.Demo.Orgs[n]))
		}
		return ps
	}
	return map[string]func(seed.Account) []string{
		"/customer/vouchers/{id}": func(a seed.Account) []string {
			if a.Org == "Tailspin Toys" {
				return v("tailspin-assigned", "tailspin-voided")
			}
			return v("contoso-reserved", "contoso-paid", "contoso-payment-requested")
		},
		"/customer/partners/{id}": func(seed.Account) []string { return org("Fabrikam Consulting") },
		"/partner/vouchers/{id}": func(a seed.Account) []string {
			if a.Org == "Fabrikam Consulting" {
				return v("contoso-reserved", "contoso-paid", "contoso-payment-requested")
			}
			return nil
		},
		"/admin/vouchers/{id}":              func(seed.Account) []string { return v("contoso-payment-requested", "contoso-paid", "tailspin-voided") },
		"/admin/organisations/{id}":         func(seed.Account) []string { return org("Fabrikam Consulting", "Contoso Ltd") },
		"/admin/vouchers/{id}/approve":      func(seed.Account) []string { return v("contoso-payment-requested") },
		"/admin/vouchers/{id}/deny":         func(seed.Account) []string { return v("contoso-payment-requested") },
		"/admin/organisations/{id}/suspend": func(seed.Account) []string { return org("Fabrikam Consulting") },
		"/customer/vouchers/{id}/void":      func(seed.Account) []string { return v("contoso-assigned", "tailspin-assigned") },
		"/partner/vouchers/{id}/cancel":     func(seed.Account) []string { return v("contoso-reserved") },
		"/invitations/{token}":              func(seed.Account) []string { return []string{tokens["invitation"]} },
		"/password/reset/{token}":           func(seed.Account) []string { return []string{tokens["reset"]} },
	}
}

// fullPaths are the pages that need more than one id or a query: their
// real paths.
func fullPaths(e *webtest.Env) map[string][]string {
	return map[string][]string{
		"/admin/clock":                 {"/admin/clock?date=2021-03-15", "/admin/clock?date=2021-08-15"},
		"/admin/payments":              {"/admin/payments", "/admin/payments?state=awaiting"},
		"/admin/vouchers/{id}/approve": {fmt.Sprintf("/admin/vouchers/%d/approve?reference=PAY-LOOK-1", e.Demo.Vouchers["contoso-payment-requested"].ID)},
		"/admin/vouchers/{id}/deny":    {fmt.Sprintf("/admin/vouchers/%d/deny?reason=Not+delivered+as+reported", e.Demo.Vouchers["contoso-payment-requested"].ID)},
		"/admin/organisations/{id}/users/{uid}/remove": {fmt.Sprintf("/admin/organisations/%d/users/%d/remove",
			e.Demo.Orgs["Contoso Ltd"], e.Demo.Users["pm@contoso.example"])},
	}
}

// notPages are GET routes that answer something else than a page (and
// the JSON API under /api/, which answers to tokens, not to sessions, and
// the CSV downloads).
var notPages = []string{"/healthz", "/readyz", "/metrics", "/favicon.ico", "/static/*", "/calendar/{token}",
	"/customer/files/{id}", "/partner/files/{id}", "/admin/files/{id}"}

// Every page of every role, in English and in French, at 1280 px and at
// 390 px: nothing wider than the window, no serious or critical axe-core
// violation, and no English left on a French page. One server, one browser.
func TestBrowserEveryPageFitsReadsAndPassesAxe(t *testing.T) {
	e := webtest.New(t)
	// An open invitation and an unused reset link, for their pages.
	tokens := map[string]string{"invitation": "look-invitation", "reset": "look-reset"}
	e.Exec(`INSERT INTO invitations (org_id, email, role, token_hash, created_at, expires_at)
		VALUES ($1, 'new@contoso.example', 'project_manager', sha256('look-invitation'), now(), '2100-01-01')`, e.Demo.Orgs["Contoso Ltd"])
	e.Exec(`INSERT INTO password_resets (user_id, token_hash, created_at, expires_at)
		VALUES ($1, sha256('look-reset'), now(), '2100-01-01')`, e.Demo.Users["pm@contoso.example"])

	// The pages: every GET route of the router, with the demo's ids, that
	// each account may open (the server says so), and the public ones
	// signed out.
	var routes []string
	chi.Walk(e.Routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.Replace(route, "/*/", "/", 1)
		if method == http.MethodGet && !slices.Contains(notPages, route) && !strings.HasPrefix(route, "/api/") && !strings.HasSuffix(route, ".csv") {
			routes = append(routes, route)
		}
		return nil
	})
	sort.Strings(routes)
	ids, full := pageIDs(e, tokens), fullPaths(e)
	accounts := append([]seed.Account{{}}, seed.Accounts...) // the first signed out
	pages := map[string][]string{}
	seen := map[string]bool{}
	public := map[string]bool{}
	for _, acc := range accounts {
		c := e.Browser()
		if acc.Email != "" {
			c = e.SignIn(acc.Email)
		}
		for _, r := range routes {
			paths := []string{r}
			if fp, ok := full[r]; ok {
				paths = fp
			} else if strings.Contains(r, "{") {
				f, ok := ids[r]
				if !ok {
					t.Errorf("route %s: give it the demo's ids in pageIDs", r)
					continue
				}
				paths = nil
				for _, id := range f(acc) {
					paths = append(paths, regexp.MustCompile(`\{\w+\}`).ReplaceAllString(r, id))
				}
			}
			for _, p := range paths {
				if public[p] { // the same page signed in: its signed-out look is checked
					continue
				}
				resp := c.Get(p)
				if resp.Status != http.StatusOK {
					continue
				}
				seen[r] = true
				if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") { // not a download
					pages[acc.Email] = append(pages[acc.Email], p)
					public[p] = public[p] || acc.Email == ""
				}
			}
		}
	}
	for _, r := range routes {
		if !seen[r] && r != "/" && r != "/unsubscribe" { // "/" sends each one home; unsubscribing needs a signed link
			t.Errorf("no account opens %s: give it an id, or list it in notPages", r)
		}
	}

	b := newBrowserWithin(t, e, 25*time.Minute)
	b.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error { // for axe, put into pages
		_, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	french := englishOnFrench()
	if !french.match("Sign out") || !french.match("Signed in as ada@example.com") || french.match("Se déconnecter") {
		t.Error("the English messages are not told from the French")
	}
	b.checksCanFail()
	start := time.Now()
	var visits int
	var spent [5]time.Duration // open, fit, axe, French, screenshot
	timed := func(i int, f func()) { t0 := time.Now(); f(); spent[i] += time.Since(t0) }
	for _, acc := range accounts {
		// LOOK_ONLY=a@x,b@y checks only these accounts' pages (while fixing them).
		if only := os.Getenv("LOOK_ONLY"); only != "" && !slices.Contains(strings.Split(only, ","), acc.Email) {
			continue
		}
		for _, lang := range []string{"en", "fr"} {
			if acc.Email != "" {
				b.signIn(acc.Email)
			} else {
				b.signOut()
			}
			b.do(chromedp.EmulateViewport(1280, 900))
			b.open("/login")
			b.setLanguage(lang)
			for _, w := range widths {
				b.do(chromedp.EmulateViewport(w, 900))
				for _, p := range pages[acc.Email] {
					var s int
					timed(0, func() { s = b.open(p) })
					if s != http.StatusOK {
						t.Errorf("%s as %q: %d", p, acc.Email, s)
						continue
					}
					visits++
					where := fmt.Sprintf("%s (%s, %s, %d px)", p, who(acc), lang, w)
					timed(1, func() { b.checkFits(where) })
					if w == widths[0] { // axe at one width: what it checks is the same at both
						timed(2, func() { b.checkAxe(where) })
					}
					if lang == "fr" {
						timed(3, func() { b.checkFrench(where, french) })
					}
					if lang == "en" && mainPage(p) || home(p) {
						timed(4, func() { b.screenshot(fmt.Sprintf("%s-%s-%d-%s", who(acc), lang, w, slug(p))) })
					}
				}
			}
		}
	}
	t.Logf("%d page visits in %s: opening %s, fit %s, axe %s, French %s, screenshots %s", visits, time.Since(start).Round(time.Millisecond),
		spent[0].Round(time.Millisecond), spent[1].Round(time.Millisecond), spent[2].Round(time.Millisecond), spent[3].Round(time.Millisecond), spent[4].Round(time.Millisecond))
}

// mainPage tells the pages screenshotted at both widths: each role's home page,
// its first page of each kind of voucher page, and the sign-in page.
func mainPage(p string) bool {
	return home(p) || strings.HasSuffix(p, "/vouchers") || strings.Contains(p, "/vouchers/")
}

func home(p string) bool {
	return strings.Count(p, "/") == 2 && strings.HasSuffix(p, "/") || p == "/login"
}

func who(acc seed.Account) string {
	if acc.Email == "" {
		return "signed-out"
	}
	return strings.NewReplacer("@", "-", ".example", "").Replace(acc.Email)
}

func slug(p string) string {
	s := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(p, "-"), "-")
	if s == "" {
		return "home"
	}
	return s
}

// setLanguage picks a language in the header's form, as a person would.
func (b *browser) setLanguage(lang string) {
	b.t.Helper()
	b.choose("#lang-switch", lang)
	b.press(`form.lang button[type=submit]`)
	if got, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); got != lang {
		b.t.Fatalf("language %q after choosing %q", got, lang)
	}
}

// checkFits fails when the page is wider than the window, naming the
// elements that stick out.
func (b *browser) checkFits(where string) {
	b.t.Helper()
	out, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`(() => {
		const w = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= w) return [];
		const out = [];
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.right > w + 1 && out.length < 5) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
				(el.className && typeof el.className == 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
				' right=' + Math.round(r.right) + ' "' + (el.textContent || '').trim().slice(0, 40) + '"');
		}
		return ['scroll width ' + document.documentElement.scrollWidth + ' > ' + w].concat(out);
	})()`))
	if err != nil {
		b.t.Fatal(err)
	}
	if len(out) > 0 {
		b.t.Errorf("%s is wider than its window: %s", where, strings.Join(out, "; "))
	}
	if strings.Contains(where, "1280 px") { // the header on one line
		rows, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`(() => {
			const mids = [...document.querySelectorAll('.top > *, .top .who > *')].map(el => {
				const r = el.getBoundingClientRect(); return (r.top + r.bottom) / 2; });
			return mids.length && Math.max(...mids) - Math.min(...mids) > 16 ? 2 : 1;
		})()`))
		if err != nil {
			b.t.Fatal(err)
		}
		if rows > 1 {
			b.t.Errorf("%s: the header takes more than one line", where)
		}
	}
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axe runs axe-core on the page: its serious and critical violations.
func (b *browser) axe(where string) []axeViolation {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](axeSource+`; true`)); err != nil {
		b.t.Fatal(err)
	}
	res, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(async () => {
		const r = await axe.run(document, {resultTypes: ['violations']});
		return JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical'));
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("axe on %s: %v", where, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(res), &vs); err != nil {
		b.t.Fatal(err)
	}
	return vs
}

// checkAxe fails on any serious or critical violation axe-core finds.
func (b *browser) checkAxe(where string) {
	b.t.Helper()
	for _, v := range b.axe(where) {
		var nodes []string
		for i, n := range v.Nodes {
			if i == 3 {
				nodes = append(nodes, fmt.Sprintf("… %d in all", len(v.Nodes)))
				break
			}
			nodes = append(nodes, fmt.Sprintf("%v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " ")))
		}
		b.t.Errorf("axe on %s: %s %s (%s): %s", where, v.Impact, v.ID, v.Help, strings.Join(nodes, " | "))
	}
}

// checksCanFail spoils a page as a careless change would (an image
// without text, a nameless button, a block wider than the window) and makes
// sure that the checks see it.
func (b *browser) checksCanFail() {
	b.t.Helper()
	b.open("/login")
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.querySelector('main').insertAdjacentHTML('beforeend',
		'<img src="/static/favicon.svg"><button></button><div style="width: 3000px">wide</div>'); true`)); err != nil {
		b.t.Fatal(err)
	}
	found := map[string]bool{}
	for _, v := range b.axe("a spoilt page") {
		found[v.ID] = true
	}
	if !found["image-alt"] || !found["button-name"] {
		b.t.Errorf("axe-core did not see an image without text and a nameless button: %v", found)
	}
	wide, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
	if err != nil || !wide {
		b.t.Errorf("a page wider than its window is not seen as such (%v)", err)
	}
}

// properNames are English words a French page shows as they are: names,
// codes and words French shares.
var properNames = map[string]bool{"English": true, "Menu": true}

// englishMessages are the English messages whose French differs: whole
// texts, and patterns for those with values (%s, %d), each with its longest
// plain part to look for first.
type englishMessages struct {
	whole    map[string]bool
	patterns []englishPattern
}

type englishPattern struct {
	part string
	re   *regexp.Regexp
}

func englishOnFrench() englishMessages {
	m := englishMessages{whole: map[string]bool{}}
	verb := regexp.MustCompile(`%[-+# 0-9.]*[sdvqf]`)
	for en, fr := range i18n.French() {
		if en == fr || properNames[en] {
			continue
		}
		parts := verb.Split(en, -1)
		if len(parts) == 1 {
			m.whole[strings.TrimRight(strings.TrimSpace(en), ":")] = true
			continue
		}
		longest := ""
		for i, p := range parts {
			if len(strings.TrimSpace(p)) > len(longest) {
				longest = strings.TrimSpace(p)
			}
			parts[i] = regexp.QuoteMeta(p)
		}
		if len(longest) < 6 { // "%s (%s)", "%d days": too little to tell
			continue
		}
		m.patterns = append(m.patterns, englishPattern{longest, regexp.MustCompile(`^` + strings.Join(parts, `.+`) + `$`)})
	}
	return m
}

func (m englishMessages) match(s string) bool {
	if m.whole[s] {
		return true
	}
	for _, p := range m.patterns {
		if strings.Contains(s, p.part) && p.re.MatchString(s) {
			return true
		}
	}
	return false
}

// checkFrench fails on a text of the French page (a text node, a label or
// a placeholder) that is an English message of the catalogue.
func (b *browser) checkFrench(where string, english englishMessages) {
	b.t.Helper()
	texts, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`(() => {
		const out = [document.title];
		const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			const p = n.parentElement;
			// Left as they are: what is marked English or not to translate
			// (the outbox's emails, written in their reader's language).
			if (p && (p.closest('[lang="en"]') || p.closest('[translate="no"]'))) continue;
			const s = n.textContent.replace(/\s+/g, ' ').trim();
			if (s) out.push(s);
		}
		for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
			for (const a of ['aria-label', 'placeholder', 'title', 'alt']) {
				const s = el.getAttribute(a);
				if (s) out.push(s.trim());
			}
		}
		for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) out.push(el.value.trim());
		return out;
	})()`))
	if err != nil {
		b.t.Fatal(err)
	}
	for _, s := range texts {
		s = strings.TrimRight(strings.TrimSpace(s), ":")
		if english.match(s) {
			b.t.Errorf("English on the French page %s: %q", where, s)
		}
	}
}
