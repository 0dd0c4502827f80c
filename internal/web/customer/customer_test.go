package customer_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store/storetest"
	"sapsportal/internal/web/webtest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func id(n int64) string { return strconv.FormatInt(n, 10) }

// rows counts the rows that any change would touch, to prove a refusal
// changed nothing.
func rows(e *webtest.Env) [5]int {
	return [5]int{e.Count("SELECT count(*) FROM vouchers"), e.Count("SELECT count(*) FROM ledger_entries"),
		e.Count("SELECT count(*) FROM audit_events"), e.Count("SELECT count(*) FROM outbox"),
		e.Count("SELECT count(*) FROM vouchers WHERE state = 'VOIDED'")}
}

func typeID(e *webtest.Env, name string) int64 {
	return int64(e.Count("SELECT id FROM engagement_types WHERE name = $1", name))
}

func TestHomeShowsOwnEnrollmentsAndCountdown(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	p := e.SignIn("benefits@contoso.example").Get("/customer")
	if p.Status != 200 {
		t.Fatalf("status %d", p.Status)
	}
	if got := p.Text("[data-testid=countdown]"); !strings.Contains(got, "Last day to create vouchers: 30 June 2021 (UTC)") || !strings.Contains(got, "121 days left") {
		t.Errorf("countdown = %q", got)
	}
	c1 := p.Doc.Find(`[data-agreement="SA-CONTOSO-US-01"]`)
	if got := strings.TrimSpace(c1.Find("[data-testid=balance]").Text()); got != "40 days" {
		t.Errorf("SA-CONTOSO-US-01 balance = %q", got)
	}
	if c1.Find("button").Text() != "Activate benefit" {
		t.Error("no Activate benefit action on the inactive enrollment")
	}
	if strings.Contains(p.Body, "TAILSPIN") || strings.Contains(p.Body, "Tailspin") {
		t.Error("Contoso's home shows Tailspin data")
	}
	if !strings.Contains(p.Text("[data-testid=attention]"), "40 days unused in SA-CONTOSO-US-01 will be removed on 1 July 2021 (UTC).") {
		t.Errorf("attention = %q", p.Text("[data-testid=attention]"))
	}
	// After the last day to create, the removal is what matters.
	e.SetDate(program.D(2021, 7, 2))
	if _, err := e.App.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	p = e.SignIn("benefits@contoso.example").Get("/customer")
	if got := p.Text("[data-testid=countdown]"); got != "Remaining days were removed on 1 July 2021 (UTC)" {
		t.Errorf("countdown after removal = %q", got)
	}
	if got := strings.TrimSpace(p.Doc.Find(`[data-agreement="SA-CONTOSO-US-01"] [data-testid=balance]`).Text()); got != "0 days" {
		t.Errorf("balance after removal = %q", got)
	}
}

func TestActivateBenefit(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	c1 := e.Demo.Enrollments["SA-CONTOSO-US-01"]
	p := b.Post("/customer/enrollments/"+id(c1)+"/activate", nil)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("activate: %d %s", p.Status, p.Text("[data-testid=refusal]"))
	}
	if n := e.Count("SELECT count(*) FROM sa_enrollments WHERE id = $1 AND activated_at IS NOT NULL", c1); n != 1 {
		t.Error("not activated in the database")
	}
	home := b.Follow(p)
	if !strings.Contains(home.Text("[data-testid=flash]"), "benefit is active") ||
		home.Doc.Find(`[data-agreement="SA-CONTOSO-US-01"] [data-testid=benefit-state]`).Text() != "Benefit active" {
		t.Errorf("home after activation: %q", home.Text("main"))
	}
	// Twice: refused in the page, nothing changes.
	before := rows(e)
	again := b.Post("/customer/enrollments/"+id(c1)+"/activate", nil)
	if again.Status != http.StatusConflict || !strings.Contains(again.Text("[data-testid=refusal]"), "already active") {
		t.Errorf("second activation: %d %q", again.Status, again.Text("[data-testid=refusal]"))
	}
	if rows(e) != before {
		t.Error("a refused activation changed rows")
	}
	// Another tenant's enrollment does not exist for Contoso.
	if p := b.Post("/customer/enrollments/"+id(e.Demo.Enrollments["SA-TAILSPIN-FR-01"])+"/activate", nil); p.Status != 404 {
		t.Errorf("activate Tailspin's enrollment: %d", p.Status)
	}
	// A project manager may not.
	pm := e.SignIn("pm@contoso.example")
	if p := pm.Post("/customer/enrollments/"+id(c1)+"/activate", nil); p.Status != http.StatusForbidden || p.Text("[data-testid=refusal]") == "" {
		t.Errorf("project manager activating: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
}

func TestDaysLedgerAndClosedConversion(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	p := b.Get("/customer/days")
	ledger := p.Doc.Find(`[data-testid=ledger][data-agreement="SA-CONTOSO-US-01"] tbody tr`)
	if ledger.Length() != 3 { // conversion, two accruals
		t.Fatalf("SA-CONTOSO-US-01 ledger has %d lines, want 3", ledger.Length())
	}
	last := ledger.Last().Find("td").Last().Text()
	if last != "40" {
		t.Errorf("running balance ends at %q, want 40", last)
	}
	if got := p.Text("[data-testid=conversion-closed]"); !strings.Contains(got, "only before 1 February 2020 (UTC)") {
		t.Errorf("conversion closed message = %q", got)
	}
	expired := p.Doc.Find(`[data-testid=ledger][data-agreement="SA-CONTOSO-US-02"] tr[data-kind=voucher_expired]`)
	if expired.Length() != 1 || !strings.Contains(expired.Text(), "days returned") {
		t.Errorf("expired voucher line: %q", expired.Text())
	}
	before := rows(e)
	refused := b.Post("/customer/days/convert", url.Values{"enrollment_id": {id(e.Demo.Enrollments["SA-CONTOSO-US-01"])}, "training_days": {"3"}})
	if refused.Status != http.StatusConflict || !strings.Contains(refused.Text("[data-testid=refusal]"), "only before 1 February 2020") {
		t.Errorf("conversion in 2021: %d %q", refused.Status, refused.Text("[data-testid=refusal]"))
	}
	if rows(e) != before {
		t.Error("refused conversion changed rows")
	}
	// Before the cut-off, it converts.
	e.SetDate(program.D(2020, 1, 31))
	ok := b.Post("/customer/days/convert", url.Values{"enrollment_id": {id(e.Demo.Enrollments["SA-CONTOSO-US-01"])}, "training_days": {"3"}})
	if ok.Status != http.StatusSeeOther || e.Count("SELECT balance FROM sa_enrollments WHERE agreement_number = 'SA-CONTOSO-US-01'") != 43 {
		t.Errorf("conversion on 2020-01-31: %d", ok.Status)
	}
	if pm := e.SignIn("pm@contoso.example").Get("/customer/days"); pm.Status != 404 {
		t.Errorf("project manager sees the days page: %d", pm.Status)
	}
}

func createForm(e *webtest.Env, enrollment string, typ string, days int, pm string) url.Values {
	return url.Values{"enrollment_id": {id(e.Demo.Enrollments[enrollment])}, "engagement_type_id": {id(typeID(e, typ))},
		"days": {strconv.Itoa(days)}, "project_manager": {pm}}
}

func TestCreateVoucherInTwoSteps(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	form := b.Get("/customer/vouchers/new")
	azure := form.Doc.Find(`option[value="` + id(typeID(e, "Azure Cloud Migration Planning")) + `"]`)
	if _, disabled := azure.Attr("disabled"); !disabled || !strings.Contains(azure.Text(), "retired from 1 February 2020") {
		t.Errorf("Azure option: disabled=%v %q", disabled, azure.Text())
	}
	// Step 2 offers only the lengths the engagement allows and the balance pays for.
	e.Exec("UPDATE engagement_types SET allowed_lengths = '{1,3,5,15}' WHERE name = 'SharePoint Deployment Planning'")
	step2 := b.Get("/customer/vouchers/new?enrollment=" + id(e.Demo.Enrollments["SA-CONTOSO-US-02"]) + "&type=" + id(typeID(e, "SharePoint Deployment Planning")))
	var offered []string
	step2.Doc.Find(`[data-testid=create-form] input[name=days]`).Each(func(_ int, s *goquery.Selection) { offered = append(offered, s.AttrOr("value", "")) })
	if strings.Join(offered, ",") != "1,3,5,15" { // 18 days left: 15 fits, 10 is not allowed
		t.Errorf("lengths offered: %v", offered)
	}
	if step2.Doc.Find(`select#project_manager option[value="pm@contoso.example"]`).Length() != 1 {
		t.Error("project managers not offered")
	}
	fortyDays := b.Get("/customer/vouchers/new?enrollment=" + id(e.Demo.Enrollments["SA-CONTOSO-US-01"]) + "&type=" + id(typeID(e, "SharePoint Deployment Planning")))
	if fortyDays.Doc.Find(`[data-testid=create-form] input[name=days]`).Length() != 4 {
		t.Errorf("40 days pay for every allowed length")
	}
	f := createForm(e, "SA-CONTOSO-US-02", "SharePoint Deployment Planning", 3, "pm@contoso.example")
	before := rows(e)
	confirm := b.Post("/customer/vouchers/new", f)
	if confirm.Status != 200 {
		t.Fatalf("confirmation: %d %s", confirm.Status, confirm.Text("[data-testid=refusal]"))
	}
	if got := confirm.Text("[data-testid=confirm-days]"); got != "3 days from SA-CONTOSO-US-02 (15 days left after it)" {
		t.Errorf("confirmation days = %q", got)
	}
	if got := confirm.Text("[data-testid=confirm-expiry]"); got != "27 August 2021 (UTC)" {
		t.Errorf("confirmation expiry = %q", got)
	}
	if rows(e) != before {
		t.Fatal("the confirmation step created something")
	}
	f.Set("confirm", "yes")
	done := b.Post("/customer/vouchers/new", f)
	if done.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", done.Status, done.Text("[data-testid=refusal]"))
	}
	page := b.Follow(done)
	code := page.Text("[data-testid=voucher-code]")
	if !strings.Contains(page.Text("[data-testid=flash]"), "created and sent to pm@contoso.example") || len(code) != 14 {
		t.Fatalf("voucher page: flash %q code %q", page.Text("[data-testid=flash]"), code)
	}
	if n := e.Count("SELECT count(*) FROM outbox WHERE to_email = 'pm@contoso.example' AND body LIKE '%' || $1 || '%'", code); n != 1 {
		t.Errorf("assignment emails with %s: %d", code, n)
	}
	if e.Count("SELECT balance FROM sa_enrollments WHERE agreement_number = 'SA-CONTOSO-US-02'") != 15 {
		t.Error("balance not 15")
	}
	// The project manager sees it on their home page.
	home := e.SignIn("pm@contoso.example").Get("/customer")
	if home.Doc.Find(`[data-testid=my-voucher] input[value="`+code+`"]`).Length() != 1 {
		t.Errorf("project manager's home lacks %s", code)
	}
}

func TestCreateVoucherRefusals(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	cases := []struct {
		name   string
		form   url.Values
		status int
		says   string
	}{
		{"benefit not active", createForm(e, "SA-CONTOSO-US-01", "SharePoint Deployment Planning", 3, "pm@contoso.example"), http.StatusConflict, "Activate the Planning Services benefit"},
		{"cloud after 2020-02-01", createForm(e, "SA-CONTOSO-US-02", "Azure Cloud Migration Planning", 3, "pm@contoso.example"), http.StatusConflict, "Cloud engagements (Azure Cloud Migration Planning) are retired: no new vouchers for them from 1 February 2020."},
		{"another tenant's enrollment", createForm(e, "SA-TAILSPIN-FR-01", "SharePoint Deployment Planning", 1, "pm@contoso.example"), http.StatusUnprocessableEntity, "Choose one of your enrollments."},
		{"bad email", createForm(e, "SA-CONTOSO-US-02", "SharePoint Deployment Planning", 1, "not an email"), http.StatusUnprocessableEntity, "Enter an email address"},
	}
	for _, c := range cases {
		before := rows(e)
		c.form.Set("confirm", "yes")
		p := b.Post("/customer/vouchers/new", c.form)
		if p.Status != c.status || !strings.Contains(p.Text("[data-testid=refusal], [data-testid=error-message]"), c.says) {
			t.Errorf("%s: %d %q", c.name, p.Status, p.Text("[data-testid=refusal], [data-testid=error-message]"))
		}
		if rows(e) != before {
			t.Errorf("%s changed rows", c.name)
		}
	}
	// 18 days left: 15 fit, then 5 do not.
	ok := createForm(e, "SA-CONTOSO-US-02", "SharePoint Deployment Planning", 15, "pm@contoso.example")
	ok.Set("confirm", "yes")
	if p := b.Post("/customer/vouchers/new", ok); p.Status != http.StatusSeeOther {
		t.Fatalf("15 days: %d", p.Status)
	}
	before := rows(e)
	more := createForm(e, "SA-CONTOSO-US-02", "SharePoint Deployment Planning", 5, "pm@contoso.example")
	more.Set("confirm", "yes")
	p := b.Post("/customer/vouchers/new", more)
	if p.Status != http.StatusConflict || p.Text("[data-testid=refusal]") != "Enrollment SA-CONTOSO-US-02 has 3 days left; a voucher of 5 days needs more." {
		t.Errorf("insufficient days: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if rows(e) != before {
		t.Error("insufficient days changed rows")
	}
	// After 2021-06-30: the form says so, and a post is refused.
	e.SetDate(program.D(2021, 7, 1))
	if got := b.Get("/customer/vouchers/new").Text("[data-testid=creation-closed]"); !strings.Contains(got, "the last day to create them was 30 June 2021 (UTC)") {
		t.Errorf("closed form says %q", got)
	}
	one := createForm(e, "SA-CONTOSO-US-02", "SharePoint Deployment Planning", 1, "pm@contoso.example")
	one.Set("confirm", "yes")
	before = rows(e)
	if p := b.Post("/customer/vouchers/new", one); p.Status != http.StatusConflict || p.Text("[data-testid=refusal]") != "The last day to create vouchers was 30 June 2021." {
		t.Errorf("after 2021-06-30: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if rows(e) != before {
		t.Error("refused creation changed rows")
	}
	// A project manager has no create form.
	if p := e.SignIn("pm@contoso.example").Get("/customer/vouchers/new"); p.Status != 404 {
		t.Errorf("project manager's create form: %d", p.Status)
	}
}

func TestVoucherDetailVoidAndReassign(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	assigned := e.Demo.Vouchers["contoso-assigned"]
	p := b.Get("/customer/vouchers/" + id(assigned.ID))
	if p.Text("[data-testid=voucher-code]") != assigned.Code.Display() || p.Doc.Find(`[data-testid=timeline] li[data-action="voucher.created"]`).Length() != 1 {
		t.Fatalf("detail: %q", p.Text("main"))
	}
	if !strings.Contains(p.Text("[data-testid=last-valid-day]"), "18 August 2021 (UTC)") {
		t.Errorf("last valid day: %q", p.Text("[data-testid=last-valid-day]"))
	}
	// A project manager may not void, and nothing changes.
	before := rows(e)
	pm := e.SignIn("pm@contoso.example")
	if p := pm.Post("/customer/vouchers/"+id(assigned.ID)+"/void", nil); p.Status != http.StatusForbidden || !strings.Contains(p.Text("[data-testid=refusal]"), "does not allow") {
		t.Errorf("project manager voiding: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if rows(e) != before {
		t.Error("refused void changed rows")
	}
	// Reassign keeps the expiry and emails the new project manager.
	r := b.Post("/customer/vouchers/"+id(assigned.ID)+"/reassign", url.Values{"project_manager_email": {"Other.PM@contoso.example"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("reassign: %d %q", r.Status, r.Text("[data-testid=refusal]"))
	}
	if e.Count("SELECT count(*) FROM vouchers WHERE id = $1 AND project_manager_email = 'other.pm@contoso.example' AND expires_on = '2021-08-19'", assigned.ID) != 1 {
		t.Error("reassignment not stored with the same expiry")
	}
	if e.Count("SELECT count(*) FROM outbox WHERE to_email = 'other.pm@contoso.example' AND voucher_id = $1", assigned.ID) != 1 {
		t.Error("new project manager not emailed")
	}
	if e.Count("SELECT count(*) FROM outbox WHERE to_email = 'other.pm@contoso.example' AND body LIKE '%/invitations/%'") != 1 {
		t.Error("new project manager not invited to follow their vouchers")
	}
	// Void after the removal is refused; before it, the days come back.
	e.SetDate(program.D(2021, 7, 1))
	before = rows(e)
	if p := b.Post("/customer/vouchers/"+id(assigned.ID)+"/void", nil); p.Status != http.StatusConflict || !strings.Contains(p.Text("[data-testid=refusal]"), "only before 1 July 2021") {
		t.Errorf("void after removal: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if rows(e) != before {
		t.Error("void after removal changed rows")
	}
	e.SetDate(program.D(2021, 6, 30))
	if p := b.Post("/customer/vouchers/"+id(assigned.ID)+"/void", nil); p.Status != http.StatusSeeOther {
		t.Errorf("void on 2021-06-30: %d %q", p.Status, p.Text("[data-testid=refusal]"))
	}
	if e.Count("SELECT balance FROM sa_enrollments WHERE agreement_number = 'SA-CONTOSO-US-02'") != 19 {
		t.Error("voided day not returned")
	}
}

func TestOtherTenantsVouchersAreNotFound(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	tailspin := e.Demo.Vouchers["tailspin-assigned"]
	for _, path := range []string{"/customer/vouchers/" + id(tailspin.ID), "/customer/vouchers/999999", "/customer/vouchers/abc"} {
		if p := b.Get(path); p.Status != 404 || p.Text("h1") != "Page not found" {
			t.Errorf("GET %s = %d %q", path, p.Status, p.Text("h1"))
		}
	}
	before := rows(e)
	if p := b.Post("/customer/vouchers/"+id(tailspin.ID)+"/void", nil); p.Status != 404 {
		t.Errorf("void Tailspin's voucher: %d", p.Status)
	}
	if rows(e) != before {
		t.Error("cross-tenant void changed rows")
	}
	list := b.Get("/customer/vouchers")
	if strings.Contains(list.Body, string(tailspin.Code)) || list.Doc.Find("[data-testid=voucher-list] tbody tr").Length() != 7 { // with the two voided 15-day ones
		t.Errorf("Contoso's list: %d rows", list.Doc.Find("[data-testid=voucher-list] tbody tr").Length())
	}
	// A project manager sees only their own vouchers.
	e.App.CreateVoucher(context.Background(), e.Demo.Actor("benefits@contoso.example"), app.CreateVoucherInput{
		EnrollmentID: e.Demo.Enrollments["SA-CONTOSO-US-02"], EngagementTypeID: typeID(e, "SharePoint Deployment Planning"), Days: 1, ProjectManagerEmail: "someone.else@contoso.example"})
	pmList := e.SignIn("pm@contoso.example").Get("/customer/vouchers")
	if strings.Contains(pmList.Body, "someone.else@contoso.example") {
		t.Error("project manager sees another project manager's voucher")
	}
}

func TestDeliverableDownload(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	v := e.Demo.Vouchers["contoso-paid"]
	b := e.SignIn("benefits@contoso.example")
	detail := b.Get("/customer/vouchers/" + id(v.ID))
	href, ok := detail.Doc.Find("[data-testid=deliverable]").Attr("href")
	if !ok {
		t.Fatal("no deliverable link")
	}
	f := b.Get(href)
	if f.Status != 200 || f.Body != "Deployment plan (demo)\n" || !strings.HasPrefix(f.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %d %q %q", f.Status, f.Body, f.Header.Get("Content-Disposition"))
	}
	if p := e.SignIn("benefits@tailspin.example").Get(href); p.Status != 404 {
		t.Errorf("Tailspin downloads Contoso's deliverable: %d", p.Status)
	}
	if p := e.SignIn("partner@northwind.example").Get(strings.Replace(href, "/customer/", "/partner/", 1)); p.Status != 404 {
		t.Errorf("Northwind downloads Fabrikam's deliverable: %d", p.Status)
	}
}

func TestVoucherListFiltersAndKeysetPages(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	ctx := context.Background()
	ben := e.Demo.Actor("benefits@contoso.example")
	c1 := e.Demo.Enrollments["SA-CONTOSO-US-01"]
	if err := e.App.ActivateBenefit(ctx, ben, c1); err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		if i%10 == 0 {
			e.SetDate(program.D(2021, 3, 1+i/10))
		}
		if _, err := e.App.CreateVoucher(ctx, ben, app.CreateVoucherInput{EnrollmentID: c1, EngagementTypeID: typeID(e, "SharePoint Deployment Planning"), Days: 1, ProjectManagerEmail: "pm@contoso.example"}); err != nil {
			t.Fatal(err)
		}
	}
	b := e.SignIn("benefits@contoso.example")
	seen := map[string]bool{}
	path := "/customer/vouchers?enrollment=" + id(c1)
	pages := 0
	for path != "" {
		p := b.Get(path)
		pages++
		p.Doc.Find("[data-testid=voucher-list] tbody tr").Each(func(_ int, s *goquery.Selection) {
			code, _ := s.Attr("data-voucher")
			if seen[code] {
				t.Errorf("voucher %s on two pages", code)
			}
			seen[code] = true
		})
		path, _ = p.Doc.Find("[data-testid=next-page]").Attr("href")
	}
	if len(seen) != 30 || pages != 2 {
		t.Errorf("saw %d vouchers on %d pages, want 30 on 2", len(seen), pages)
	}
	assigned := b.Get("/customer/vouchers?state=RESERVED")
	if n := assigned.Doc.Find("[data-testid=voucher-list] tbody tr").Length(); n != 1 {
		t.Errorf("RESERVED filter: %d rows", n)
	}
	byPM := b.Get("/customer/vouchers?pm=nobody@contoso.example")
	if byPM.Text("[data-testid=empty]") == "" {
		t.Error("filter by an unknown project manager is not empty")
	}
}

func TestPartnerDirectory(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("pm@contoso.example")
	all := b.Get("/customer/partners")
	if all.Doc.Find("[data-testid=directory] li").Length() != 1 || !strings.Contains(all.Text("[data-testid=directory]"), "Fabrikam Consulting") {
		t.Fatalf("directory: %q", all.Text("[data-testid=directory]"))
	}
	for q, want := range map[string]int{
		"offering=SDPS": 1, "offering=AZDPS": 0, "country=us": 1, "country=FR": 0,
		"type=" + id(typeID(e, "SharePoint Deployment Planning")): 1,
		"type=" + id(typeID(e, "Exchange Deployment Planning")):   0,
		"q=windows": 1, "q=nothing-like-this": 0,
	} {
		if n := b.Get("/customer/partners?" + q).Doc.Find("[data-testid=directory] li").Length(); n != want {
			t.Errorf("%s: %d partners, want %d", q, n, want)
		}
	}
	profile := b.Get("/customer/partners/" + id(e.Demo.Orgs["Fabrikam Consulting"]))
	if profile.Text("[data-testid=profile-name]") != "Fabrikam Consulting" || !strings.Contains(profile.Text("[data-testid=profile]"), "SharePoint Deployment Planning") {
		t.Errorf("profile: %q", profile.Text("main"))
	}
	// An unpublished profile is not found.
	e.Exec("UPDATE partner_profiles SET published = false")
	if p := b.Get("/customer/partners/" + id(e.Demo.Orgs["Fabrikam Consulting"])); p.Status != 404 {
		t.Errorf("unpublished profile: %d", p.Status)
	}
}

func TestRefusalsSpeakTheReadersLanguage(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	b.Post("/lang", url.Values{"lang": {"fr"}, "next": {"/customer"}})
	e.SetDate(program.D(2021, 7, 1))
	f := createForm(e, "SA-CONTOSO-US-02", "SharePoint Deployment Planning", 1, "pm@contoso.example")
	f.Set("confirm", "yes")
	p := b.Post("/customer/vouchers/new", f)
	if got := p.Text("[data-testid=refusal]"); got != "Le dernier jour pour créer des bons était le 30 juin 2021." {
		t.Errorf("French refusal: %q", got)
	}
	if got := p.Doc.Find("html").AttrOr("lang", ""); got != "fr" {
		t.Errorf("page language %q", got)
	}
}
