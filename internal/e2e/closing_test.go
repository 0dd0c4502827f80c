package e2e

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"testing"

	"github.com/chromedp/chromedp"

	"sapsportal/internal/app"
	"sapsportal/internal/web/webtest"
)

// Scenario: the end of the program (issue 18, DOMAIN.md §10). The global
// admin runs the clock past the last payment window, sees what still
// stands in the way and resolves it, closes the program, fetches the
// archive; a customer reads the statement, and a change is refused with
// the closing date.
func TestBrowserClosingTheProgram(t *testing.T) {
	e := webtest.New(t)
	b := newBrowser(t, e)
	b.signIn("admin@program.example")
	b.open("/admin/closing")
	if b.count(`[data-obstacle=ASSIGNED]`) != 1 || b.count(`[data-obstacle=awaiting-decision]`) != 1 || b.count(`[data-testid=close-start]`) != 0 {
		t.Fatalf("on the demo date: %s", b.text("main"))
	}
	b.screenshot("closing-in-the-way")

	// Past the last payment window (2022-01-01 + 60 days): every demo
	// voucher ends, but one payment still awaits a decision.
	b.open("/admin/policy")
	b.choose("#clock-date", "2022-03-03")
	b.press(`[data-testid=clock-form] button`)
	b.see("[data-testid=confirm-happens]", "The date cannot be moved back.")
	b.press(`[data-testid=confirm-form] button[type=submit]`)
	b.see("[data-testid=flash]", "vouchers expired")
	b.open("/admin/closing")
	if b.count(`[data-testid=obstacles] tbody tr`) != 1 {
		t.Fatalf("after the catch-up: %s", b.text("[data-testid=obstacles]"))
	}
	b.press(`[data-obstacle=awaiting-decision] a`)
	b.press(`[data-testid=payment-queue] a.code`)
	b.typeInto("#reference", "PAY-2022-0002")
	b.press(`[data-testid=approve-form] button`)
	b.press(`[data-testid=confirm-form] button[type=submit]`)

	b.open("/admin/closing")
	b.see("[data-testid=nothing-in-the-way]", "Nothing stands in the way")
	b.press("[data-testid=close-start]")
	b.see("[data-testid=confirm-closing]", "read-only")
	b.screenshot("closing-confirm")
	b.press("[data-testid=close-program]")
	b.see("[data-testid=flash]", "The program is closed.")
	b.see("[data-testid=closed-on]", "3 March 2022")
	b.screenshot("closed")

	// The archive, fetched as the browser downloads it, checks against its
	// manifest.
	encoded, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`fetch('/admin/archive').then(r => r.arrayBuffer()).then(buf => {
		let s = ''; const a = new Uint8Array(buf);
		for (let i = 0; i < a.length; i += 8192) s += String.fromCharCode.apply(null, a.subarray(i, i + 8192));
		return btoa(s);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	checkManifest(t, encoded, e.Count("SELECT count(*) FROM vouchers"))

	b.open("/admin/statements")
	b.see("[data-testid=days-totals]", "Program totals")

	// A customer reads the statement: the enrollment balances to zero.
	b.signIn("benefits@contoso.example")
	b.open("/customer/statement")
	b.see("[data-testid=closed-on]", "3 March 2022")
	b.see(`[data-agreement="SA-CONTOSO-US-02"] [data-testid=balance]`, "0")
	b.screenshot("customer-statement")

	// And a change is refused with the closing date.
	b.open("/account")
	b.typeInto("#acc-name", " (after closing)")
	b.expect(409)
	if s := b.press(`[data-testid=details-form] button[type=submit]`); s != 409 {
		t.Errorf("a change after closing: %d, want 409", s)
	}
	b.see("[data-testid=error-message]", "The program closed on 3 March 2022")
	b.screenshot("change-refused")
}

func checkManifest(t *testing.T, encoded string, vouchers int) {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("the archive is not a zip (%d bytes): %v", len(raw), err)
	}
	var m app.Manifest
	sums := map[string]string{}
	rows := map[string]int{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "manifest.json" {
			if err := json.Unmarshal(body, &m); err != nil {
				t.Fatal(err)
			}
			continue
		}
		s := sha256.Sum256(body)
		sums[f.Name] = hex.EncodeToString(s[:])
		rows[f.Name] = bytes.Count(body, []byte("\n")) - 1 // no field of the demo holds a line break
	}
	// The demo's nine vouchers (tailspin-lapsed, DOMAIN.md §9, the ninth).
	if m.ClosedOn != "2022-03-03" || len(m.Files) != len(sums) || rows["vouchers.csv"] != vouchers {
		t.Fatalf("manifest closed on %q, %d files (%d in the zip), vouchers.csv %d rows", m.ClosedOn, len(m.Files), len(sums), rows["vouchers.csv"])
	}
	for _, f := range m.Files {
		if f.SHA256 != sums[f.Name] {
			t.Errorf("%s: manifest SHA-256 %s, file %s", f.Name, f.SHA256, sums[f.Name])
		}
	}
}
