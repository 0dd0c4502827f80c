package admin_test

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// The audit log finds a voucher's events by its ID as people type it, with
// or without dashes, in any case: those events and no other.
func TestAuditByVoucherID(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	v := e.Demo.Vouchers["contoso-paid"]
	want := e.Count("SELECT count(*) FROM audit_events WHERE voucher_id = $1", v.ID)
	if want < 5 {
		t.Fatalf("the paid voucher has %d events", want)
	}
	for _, typed := range []string{"  " + strings.ToLower(v.Code.Display()) + " ", string(v.Code)} {
		p := b.Get("/admin/audit?code=" + url.QueryEscape(typed))
		rows := p.Doc.Find("[data-testid=audit] tbody tr")
		if p.Status != http.StatusOK || rows.Length() != want {
			t.Fatalf("%q: %d, %d rows, want %d", typed, p.Status, rows.Length(), want)
		}
		if n := rows.Find(`a[href="/admin/vouchers/` + id(v.ID) + `"]`).Length(); n != want {
			t.Errorf("%q: %d of %d rows are the voucher's", typed, n, want)
		}
		if got := p.Doc.Find("#code").AttrOr("value", ""); got != typed {
			t.Errorf("the field keeps what was typed: %q", got)
		}
	}
	// A well-formed ID that no voucher has: no events, no error.
	other := program.NewCode()
	for e.Count("SELECT count(*) FROM vouchers WHERE code = $1", string(other)) != 0 {
		other = program.NewCode()
	}
	none := b.Get("/admin/audit?code=" + other.Display())
	if none.Status != http.StatusOK || none.Doc.Find("[data-testid=audit] tbody tr").Length() != 0 ||
		none.Doc.Find("[data-testid=no-events]").Length() != 1 || none.Doc.Find("[data-testid=refusal]").Length() != 0 {
		t.Errorf("unknown voucher ID: %d %q", none.Status, none.Text("main"))
	}
	// A typing mistake is said beside the field, and nothing is listed.
	bad := b.Get("/admin/audit?code=ABCD-EFGH")
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Text("[data-testid=code-error]"), "12 letters and digits") ||
		bad.Doc.Find("#code").AttrOr("aria-invalid", "") != "true" || bad.Doc.Find("[data-testid=audit]").Length() != 0 {
		t.Errorf("malformed voucher ID: %d %q", bad.Status, bad.Text("main"))
	}
	if !strings.Contains(bad.Text("[data-testid=error-summary]"), "Voucher ID") {
		t.Errorf("the summary names the field: %q", bad.Text("[data-testid=refusal]"))
	}
	if p := b.Get("/admin/audit/export?code=ABCD-EFGH"); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("export of a malformed voucher ID: %d", p.Status)
	}
	// The numeric id of links from elsewhere still filters.
	if p := b.Get("/admin/audit?voucher=" + id(v.ID)); p.Doc.Find("[data-testid=audit] tbody tr").Length() != want {
		t.Errorf("by voucher id: %d rows", p.Doc.Find("[data-testid=audit] tbody tr").Length())
	}
}

// The audit log finds the events about the organisations whose name holds
// what was typed, in any case.
func TestAuditByOrganisationName(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	fab := e.Demo.Orgs["Fabrikam Consulting"]
	about := "SELECT count(*) FROM audit_events WHERE (org_id = ANY($1) OR customer_org_id = ANY($1) OR partner_org_id = ANY($1))"
	want := e.Count(about, []int64{fab})
	if want == 0 || want > 50 {
		t.Fatalf("Fabrikam has %d events", want)
	}
	p := b.Get("/admin/audit?org_name=" + url.QueryEscape(" fabRIKAM "))
	if got := p.Doc.Find("[data-testid=audit] tbody tr").Length(); p.Status != http.StatusOK || got != want {
		t.Errorf("Fabrikam's events: %d, %d rows, want %d", p.Status, got, want)
	}
	// "to" is in Contoso Ltd and Tailspin Toys: the events about either.
	two := []int64{e.Demo.Orgs["Contoso Ltd"], e.Demo.Orgs["Tailspin Toys"]}
	want = e.Count(about, two)
	all := e.Count("SELECT count(*) FROM audit_events")
	if want <= e.Count(about, two[:1]) || want <= e.Count(about, two[1:]) || want >= all || want > 50 {
		t.Fatalf("Contoso and Tailspin: %d events of %d", want, all)
	}
	p = b.Get("/admin/audit?org_name=TO")
	if got := p.Doc.Find("[data-testid=audit] tbody tr").Length(); got != want {
		t.Errorf("Contoso's and Tailspin's events: %d rows, want %d", got, want)
	}
	// A name no organisation has, or a wildcard typed as such: no events.
	for _, s := range []string{"Nobody Ltd", "%", "_"} {
		p := b.Get("/admin/audit?org_name=" + url.QueryEscape(s))
		if p.Status != http.StatusOK || p.Doc.Find("[data-testid=audit] tbody tr").Length() != 0 || p.Doc.Find("[data-testid=no-events]").Length() != 1 {
			t.Errorf("%q: %d, %d rows", s, p.Status, p.Doc.Find("[data-testid=audit] tbody tr").Length())
		}
	}
	if p := b.Get("/admin/audit?org_name=" + strings.Repeat("x", program.MaxName+1)); p.Status != http.StatusUnprocessableEntity ||
		p.Doc.Find("[data-testid=org_name-error]").Length() != 1 {
		t.Errorf("too long a name: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	exp := b.Get("/admin/audit/export?org_name=fabrikam")
	recs, err := csv.NewReader(strings.NewReader(exp.Body)).ReadAll()
	if err != nil || len(recs) != e.Count(about, []int64{fab})+1 {
		t.Errorf("export of Fabrikam's events: %d records, %v", len(recs), err)
	}
}

// Actions and states read as names, in the page's language, with the
// action's code beside; the filter offers every action by name; an action
// the portal no longer records shows its code.
func TestAuditReadableNames(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("admin@program.example")
	p := b.Get("/admin/audit?action=voucher.reserved")
	row := p.Doc.Find(`[data-testid=audit] tr[data-action="voucher.reserved"]`).First()
	if row.Find("[data-testid=action-name]").Text() != "Voucher reserved" || row.Find("[data-testid=action-code]").Text() != "voucher.reserved" {
		t.Errorf("action: %q", row.Text())
	}
	if st := row.Find("[data-testid=states]"); !strings.Contains(st.Text(), "Assigned → Reserved") || st.Find(`span[title="RESERVED"]`).Length() != 1 {
		t.Errorf("states: %q", st.Text())
	}
	opt := p.Doc.Find(`#a-action option[value="voucher.reserved"]`)
	if opt.Text() != "Voucher reserved" || opt.AttrOr("selected", "no") == "no" {
		t.Errorf("action filter: %q", p.Doc.Find("#a-action").Text())
	}
	if n := p.Doc.Find("#a-action option").Length(); n < 60 {
		t.Errorf("the filter offers %d actions", n)
	}
	e.Exec(`INSERT INTO audit_events (actor, action, details, request_id, occurred_at) VALUES ('system', 'legacy.thing', '{}', 'old', now())`)
	old := b.Get("/admin/audit?action=legacy.thing")
	if got := old.Text(`[data-testid=audit] tr[data-action="legacy.thing"] [data-testid=action-name]`); got != "legacy.thing" {
		t.Errorf("unknown action: %q", got)
	}
	if old.Doc.Find(`#a-action option[value="legacy.thing"][selected]`).Length() != 1 {
		t.Error("the filter keeps an unknown action")
	}

	exp := b.Get("/admin/audit/export?action=voucher.reserved")
	recs, err := csv.NewReader(strings.NewReader(exp.Body)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("export: %v %v", recs, err)
	}
	h, r := recs[0], recs[1]
	if h[4] != "action" || h[5] != "action_name" || r[4] != "voucher.reserved" || r[5] != "Voucher reserved" ||
		h[7] != "before" || h[8] != "before_name" || r[7] != "ASSIGNED" || r[8] != "Assigned" || h[10] != "after_name" || r[10] != "Reserved" {
		t.Errorf("export columns: %q %q", h, r)
	}

	b.Post("/lang", url.Values{"lang": {"fr"}})
	fr := b.Get("/admin/audit?action=voucher.reserved")
	row = fr.Doc.Find(`[data-testid=audit] tr[data-action="voucher.reserved"]`).First()
	if row.Find("[data-testid=action-name]").Text() != "Bon réservé" || !strings.Contains(row.Find("[data-testid=states]").Text(), "Attribué → Réservé") {
		t.Errorf("French: %q", row.Text())
	}
	if got := fr.Doc.Find(`#a-action option[value="payment.approved"]`).Text(); got != "Paiement approuvé" {
		t.Errorf("French filter: %q", got)
	}
	recs, err = csv.NewReader(strings.NewReader(b.Get("/admin/audit/export?action=voucher.reserved").Body)).ReadAll()
	if err != nil || len(recs) < 2 || recs[1][5] != "Bon réservé" || recs[1][4] != "voucher.reserved" {
		t.Errorf("French export: %v %v", recs, err)
	}
	bad := b.Get("/admin/audit?code=ABCD")
	if bad.Status != http.StatusUnprocessableEntity || bad.Doc.Find("[data-testid=code-error]").Length() != 1 {
		t.Errorf("French malformed ID: %d %q", bad.Status, bad.Text("main"))
	}
}
