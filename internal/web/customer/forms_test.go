package customer_test

import (
	"net/http"
	"strings"
	"testing"

	"sapsportal/internal/program"
	"sapsportal/internal/web/webtest"
)

// Voucher creation (issue 16 item 4): three steps, numbered so; every
// problem of the second step at once, beside its field, with what was
// typed kept; the confirm page only for a voucher the rules allow;
// "Change" keeps every choice.
func TestCreateVoucherFormKeepsEveryChoice(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	if got := b.Get("/customer/vouchers/new").Text("[data-testid=step]"); !strings.HasPrefix(got, "Step 1 of 3") {
		t.Errorf("step 1 says %q", got)
	}
	f := createForm(e, "SA-CONTOSO-US-02", "SharePoint Deployment Planning", 3, "pm@contoso.example")
	f.Set("invite", "new.pm@contoso.example")
	f.Set("days", "three")
	before := rows(e)
	p := b.Post("/customer/vouchers/new", f)
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("both a project manager and an invitation, and days that are no number: %d", p.Status)
	}
	if got := p.Text("#invite-error"); got != "Choose a project manager or invite one by email, not both." {
		t.Errorf("invite's message %q", got)
	}
	if got := p.Text("#days-error"); got != "Length must be a whole number, such as 5." {
		t.Errorf("days' message %q", got)
	}
	if p.Doc.Find(`[data-testid=error-summary] a[href="#invite"]`).Length() != 1 || p.Doc.Find(`[data-testid=error-summary] a[href="#days"]`).Length() != 1 {
		t.Errorf("summary: %q", p.Text("[data-testid=refusal]"))
	}
	if p.Doc.Find(`#invite[aria-invalid=true][aria-describedby=invite-error]`).AttrOr("value", "") != "new.pm@contoso.example" ||
		p.Doc.Find(`#project_manager option[selected]`).AttrOr("value", "") != "pm@contoso.example" {
		t.Error("the typed project manager and invitation are not kept")
	}
	if rows(e) != before {
		t.Fatal("a refused form changed rows")
	}
	// The confirm page runs every rule first: 18 days do not pay for 10
	// (here not allowed) — the length is refused beside its field.
	f = createForm(e, "SA-CONTOSO-US-02", "SharePoint Deployment Planning", 10, "pm@contoso.example")
	e.Exec("UPDATE engagement_types SET allowed_lengths = '{1,3,5,15}' WHERE name = 'SharePoint Deployment Planning'")
	if p := b.Post("/customer/vouchers/new", f); p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("#days-error"), "allows vouchers of 1, 3, 5, 15 days") ||
		p.Doc.Find("[data-testid=confirmation]").Length() != 0 {
		t.Errorf("a length not allowed reached the confirm page: %d %q", p.Status, p.Text("main"))
	}
	f.Set("days", "5")
	confirm := b.Post("/customer/vouchers/new", f)
	if confirm.Status != http.StatusOK || !strings.HasPrefix(confirm.Text("[data-testid=step]"), "Step 3 of 3") {
		t.Fatalf("confirm: %d %q", confirm.Status, confirm.Text("main"))
	}
	// "Change" goes back to step 2 with every choice kept.
	back := f
	back.Set("change", "yes")
	step2 := b.Post("/customer/vouchers/new", back)
	if step2.Status != http.StatusOK || !strings.HasPrefix(step2.Text("[data-testid=step]"), "Step 2 of 3") ||
		step2.Doc.Find(`input[name=days][value="5"][checked]`).Length() != 1 ||
		step2.Doc.Find(`#project_manager option[selected]`).AttrOr("value", "") != "pm@contoso.example" {
		t.Errorf("Change lost a choice: %d %q", step2.Status, step2.Text("main"))
	}
	if rows(e) != before {
		t.Fatal("the confirm and change steps changed rows")
	}
	// After the last day to create, the menu no longer offers the page, and
	// the page explains the date instead of a form.
	e.SetDate(program.D(2021, 7, 1))
	closed := b.Get("/customer/vouchers/new")
	if closed.Doc.Find(`nav a[href="/customer/vouchers/new"]`).Length() != 0 || closed.Doc.Find("form[data-testid=choose-form], form[data-testid=create-form]").Length() != 0 ||
		!strings.Contains(closed.Text("[data-testid=creation-closed]"), "30 June 2021") {
		t.Errorf("after the last day: %q", closed.Text("main"))
	}
	e.SetDate(program.D(2021, 6, 30))
	if b.Get("/customer").Doc.Find(`nav a[href="/customer/vouchers/new"]`).Length() != 1 {
		t.Error("on the last day, the menu offers New voucher")
	}
}

// DOMAIN.md §9 in the pages: a second 15-day voucher of a type asks for
// the statement on the form, is refused before the confirm page without
// it, and with it shows it on the confirm page, then to the global admin.
func TestSecondFifteenDayVoucherNeedsAStatement(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	first := createForm(e, "SA-CONTOSO-US-02", "Windows and Office Deployment Planning", 15, "pm@contoso.example")
	first.Set("confirm", "yes")
	if p := b.Post("/customer/vouchers/new", first); p.Status != http.StatusSeeOther {
		t.Fatalf("the first 15-day voucher: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if p := b.Post("/customer/enrollments/"+id(e.Demo.Enrollments["SA-CONTOSO-US-01"])+"/activate", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("activate: %d", p.Status)
	}
	step2 := b.Get("/customer/vouchers/new?enrollment=" + id(e.Demo.Enrollments["SA-CONTOSO-US-01"]) + "&type=" + id(typeID(e, "Windows and Office Deployment Planning")))
	if step2.Doc.Find("[data-testid=statement] input[name=statement_reason]").Length() != 2 || step2.Doc.Find("textarea#statement_note[maxlength='1000']").Length() != 1 {
		t.Fatalf("step 2 lacks the statement: %q", step2.Text("main"))
	}
	second := createForm(e, "SA-CONTOSO-US-01", "Windows and Office Deployment Planning", 15, "pm@contoso.example")
	before := rows(e)
	p := b.Post("/customer/vouchers/new", second)
	if p.Status != http.StatusConflict || !strings.Contains(p.Text("#statement_reason-error"), "already holds a 15-day voucher for Windows and Office Deployment Planning") ||
		p.Doc.Find("[data-testid=confirmation]").Length() != 0 {
		t.Errorf("without a statement: %d %q", p.Status, p.Text("main"))
	}
	second.Set("statement_reason", "other_products")
	second.Set("statement_note", "short")
	p = b.Post("/customer/vouchers/new", second)
	if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("#statement_note-error"), "at least 10 characters") ||
		p.Doc.Find(`input[name=statement_reason][value=other_products][checked]`).Length() != 1 || p.Text("#statement_note") != "short" {
		t.Errorf("a short note: %d %q", p.Status, p.Text("main"))
	}
	if rows(e) != before {
		t.Fatal("a refused statement changed rows")
	}
	second.Set("statement_note", "Office 365 ProPlus for the Dublin plant.")
	confirm := b.Post("/customer/vouchers/new", second)
	if got := confirm.Text("[data-testid=confirm-statement]"); got != "It is for other products: Office 365 ProPlus for the Dublin plant." {
		t.Errorf("confirm page statement %q (%d)", got, confirm.Status)
	}
	second.Set("confirm", "yes")
	done := b.Post("/customer/vouchers/new", second)
	if done.Status != http.StatusSeeOther {
		t.Fatalf("with the statement: %d %q", done.Status, done.Text("main"))
	}
	vid := strings.TrimPrefix(done.Location, "/customer/vouchers/")
	admin := e.SignIn("admin@program.example").Get("/admin/vouchers/" + vid)
	if got := admin.Text("[data-testid=statement]"); !strings.Contains(got, "other products") || !strings.Contains(got, "Dublin plant") {
		t.Errorf("admin's voucher page statement %q", got)
	}
}

// Voiding asks first, saying what will happen; the confirm page changes
// nothing, and its form (with its own one-time key) voids.
func TestVoidIsConfirmedFirst(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	v := e.Demo.Vouchers["contoso-assigned"]
	page := b.Get("/customer/vouchers/" + id(v.ID))
	if page.Doc.Find(`form[method=get][action="/customer/vouchers/`+id(v.ID)+`/void"]`).Length() != 1 {
		t.Fatal("the voucher page's void button does not lead to the confirmation")
	}
	before := rows(e)
	c := b.Get("/customer/vouchers/" + id(v.ID) + "/void")
	if got := c.Text("[data-testid=confirm-happens]"); c.Status != http.StatusOK || !strings.Contains(got, "Its 1 day go back to enrollment SA-CONTOSO-US-02") && !strings.Contains(got, "go back to enrollment SA-CONTOSO-US-02") {
		t.Errorf("confirmation: %d %q", c.Status, got)
	}
	if rows(e) != before {
		t.Fatal("the confirmation changed rows")
	}
	key := c.Doc.Find(`[data-testid=confirm-form] input[name=_key]`).AttrOr("value", "")
	form := map[string][]string{"_key": {key}}
	if p := b.Post("/customer/vouchers/"+id(v.ID)+"/void", form); p.Status != http.StatusSeeOther {
		t.Fatalf("void: %d", p.Status)
	}
	if again := b.Post("/customer/vouchers/"+id(v.ID)+"/void", form); again.Status != http.StatusSeeOther {
		t.Errorf("the same confirmation sent twice: %d, want its first answer", again.Status)
	}
	if e.Count("SELECT count(*) FROM audit_events WHERE voucher_id = $1 AND action = 'voucher.voided'", v.ID) != 1 {
		t.Error("voided not exactly once")
	}
}
