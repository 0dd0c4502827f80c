package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"sapsportal/internal/web/webtest"
)

func id(n int64) string { return strconv.FormatInt(n, 10) }

// Scenario 1: a voucher from creation to payment, across every role.
func TestBrowserHappyPathAcrossRoles(t *testing.T) {
	e := webtest.New(t)
	b := newBrowser(t, e)
	sharePoint := id(int64(e.Count("SELECT id FROM engagement_types WHERE name = 'SharePoint Deployment Planning'")))
	c1 := id(e.Demo.Enrollments["SA-CONTOSO-US-01"])

	// The benefit administrator activates the benefit and creates a voucher.
	b.signIn("benefits@contoso.example")
	b.screenshot("customer-home")
	b.press(`[data-agreement="SA-CONTOSO-US-01"] button`)
	b.see("[data-testid=flash]", "benefit is active")
	b.press(`nav a[href="/customer/vouchers/new"]`)
	b.choose("#enrollment", c1)
	b.choose("#type", sharePoint)
	b.press(`[data-testid=choose-form] button[type=submit]`)
	b.tick(`input[name=days][value="3"]`)
	b.choose("#project_manager", "pm@contoso.example")
	b.screenshot("create-form")
	b.press(`[data-testid=create-form] button[type=submit]`)
	b.see("[data-testid=confirm-days]", "3 days from SA-CONTOSO-US-01 (37 days left after it)")
	b.see("[data-testid=confirm-expiry]", "27 August 2021 (UTC)")
	b.screenshot("confirmation")
	b.press(`button[name=confirm][value=yes]`)
	b.see("[data-testid=flash]", "created and sent to pm@contoso.example")
	code := b.text("[data-testid=voucher-code]")
	voucherPath := b.location()
	b.screenshot("voucher-created")

	// The project manager sees it; the assignment email carries its ID.
	b.signIn("pm@contoso.example")
	if b.count(`[data-testid=my-voucher] input[value="`+code+`"]`) != 1 {
		t.Fatalf("project manager's home lacks %s", code)
	}
	b.screenshot("project-manager-home")
	b.signIn("admin@program.example")
	b.open("/admin/outbox")
	b.see(`[data-testid=email][data-to="pm@contoso.example"]`, code)
	b.screenshot("assignment-email")

	// The partner admin validates it and reserves it.
	b.signIn("partner@fabrikam.example")
	b.press(`nav a[href="/partner/vouchers/validate"]`)
	b.typeInto("#voucher_id", strings.ToLower(code))
	b.typeInto("#pm-email", "pm@contoso.example")
	b.press(`[data-testid=validate-form] button`)
	b.see("[data-testid=validated]", "Voucher "+code+" is valid")
	b.choose("#start", "2021-03-02")
	b.tick(`[data-testid=reserve-form] input[name=consultants]`)
	b.tick(`[data-testid=reserve-form] input[name=terms]`)
	b.screenshot("reserve-form")
	b.press(`[data-testid=reserve-form] button[type=submit]`)
	b.see("[data-testid=flash]", "is reserved")
	partnerVoucher := b.location()

	// The engagement is delivered: the program's admin moves the demo date on.
	b.signIn("admin@program.example")
	b.open("/admin/policy")
	b.choose("#clock-date", "2021-03-05")
	b.press(`[data-testid=clock-form] button`)
	b.see("[data-testid=confirm-happens]", "The date cannot be moved back.")
	b.press(`[data-testid=confirm-form] button[type=submit]`)
	b.see("[data-testid=flash]", "The date is now 5 March 2021")

	// The partner reports, redeems and asks to be paid.
	b.signIn("partner@fabrikam.example")
	b.open(partnerVoucher)
	b.choose("#d-start", "2021-03-02")
	b.choose("#d-end", "2021-03-04")
	b.tick(`[data-testid=report-form] input[name=consultants]`)
	b.typeInto("#summary", "Three workshops; the deployment plan is agreed.")
	file := filepath.Join(t.TempDir(), "deployment-plan.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4\n% deployment plan\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.do(chromedpUpload("#file-1", file))
	b.choose("#kind-1", "deployment_plan")
	b.screenshot("completion-report")
	b.press(`[data-testid=report-form] button[type=submit]`)
	b.see("[data-testid=flash]", "Completion report submitted")
	b.press(`form[action$="/redeem"] button`)
	b.see("[data-testid=redeem-consequences]", "spent for good")
	b.press(`[data-testid=redeem-confirm] button[type=submit]`)
	b.see("[data-testid=flash]", "Voucher redeemed")
	b.see("[data-testid=quote]", "3,300.00 USD")
	b.press(`form[action$="/payment"] button`)
	b.see("[data-testid=flash]", "Payment requested")
	b.screenshot("payment-requested")

	// The global admin approves it with a reference.
	b.signIn("admin@program.example")
	b.press(`nav a[href="/admin/payments"]`)
	b.press(`[data-testid=payment-queue] a.code`)
	b.typeInto("#reference", "PAY-E2E-0001")
	b.press(`[data-testid=approve-form] button`)
	b.see("[data-testid=confirm-happens]", "with the reference")
	b.press(`[data-testid=confirm-form] button[type=submit]`)
	b.see("[data-testid=flash]", "Payment approved")
	b.screenshot("payment-approved")

	// The partner sees it paid; the customer sees the whole timeline.
	b.signIn("partner@fabrikam.example")
	b.open("/partner/payments")
	b.see("[data-testid=payments]", "Paid, reference PAY-E2E-0001")
	b.screenshot("partner-paid")
	b.signIn("benefits@contoso.example")
	b.open(voucherPath)
	b.see("[data-testid=payment-state]", "Paid, reference PAY-E2E-0001")
	for _, action := range []string{"voucher.created", "voucher.reserved", "voucher.reported", "voucher.redeemed", "payment.requested", "payment.approved"} {
		if b.count(`[data-testid=timeline] li[data-action="`+action+`"]`) != 1 {
			t.Errorf("the customer's timeline lacks %s", action)
		}
	}
	b.screenshot("customer-timeline")
}

// Scenario 2: the schedule says no, and the page says why.
func TestBrowserCreationClosedAfterRetirement(t *testing.T) {
	e := webtest.New(t)
	b := newBrowser(t, e)
	b.signIn("admin@program.example")
	b.open("/admin/policy")
	b.choose("#clock-date", "2021-07-02")
	b.press(`[data-testid=clock-form] button`)
	b.see("[data-testid=confirm-happens]", "The date cannot be moved back.")
	b.press(`[data-testid=confirm-form] button[type=submit]`)
	b.see("[data-testid=flash]", "78 days removed from 4 enrollments")
	b.screenshot("clock-moved")

	b.signIn("benefits@contoso.example")
	b.see("[data-testid=countdown]", "Remaining days were removed on 1 July 2021 (UTC)")
	b.see(`[data-agreement="SA-CONTOSO-US-02"] [data-testid=balance]`, "0 days")
	b.screenshot("customer-home-after-removal")
	b.open("/customer/vouchers/new")
	b.see("[data-testid=creation-closed]", "Vouchers can no longer be created: the last day to create them was 30 June 2021 (UTC).")
	b.screenshot("create-form-closed")
	b.open("/customer/days")
	b.see(`[data-testid=ledger][data-agreement="SA-CONTOSO-US-01"] tr[data-kind=retirement_removal]`, "-40")
	b.screenshot("ledger-removal")
}

// Scenario 3: another partner's voucher is not there, and a wrong email
// gets the same answer as a wrong ID.
func TestBrowserIsolationBetweenPartners(t *testing.T) {
	e := webtest.New(t)
	b := newBrowser(t, e)
	reserved := e.Demo.Vouchers["contoso-reserved"]
	b.signIn("partner@fabrikam.example")
	if s := b.open("/partner/vouchers/" + id(reserved.ID)); s != 200 {
		t.Fatalf("Fabrikam's own voucher: %d", s)
	}
	b.screenshot("fabrikam-sees-its-voucher")

	b.signIn("partner@northwind.example")
	b.expect(404)
	if s := b.open("/partner/vouchers/" + id(reserved.ID)); s != 404 {
		t.Errorf("Northwind opening Fabrikam's voucher: %d", s)
	}
	b.see("h1", "Page not found")
	b.screenshot("northwind-not-found")
	b.open("/partner/vouchers/validate")
	b.typeInto("#voucher_id", e.Demo.Vouchers["contoso-assigned"].Code.Display())
	b.typeInto("#pm-email", "someone.else@contoso.example")
	b.press(`[data-testid=validate-form] button`)
	b.see("[data-testid=refusal]", "No such voucher")
	if b.count("[data-testid=validated]") != 0 {
		t.Error("a wrong email revealed the voucher")
	}
	b.screenshot("no-such-voucher")
}

// Scenario 4: signing in and creating a voucher with the keyboard alone.
func TestBrowserKeyboardOnly(t *testing.T) {
	e := webtest.New(t)
	b := newBrowser(t, e)
	b.open("/login")
	b.tabTo("#email")
	b.key("benefits@contoso.example")
	b.key(kb.Tab)
	b.key("demo-password")
	if s := b.keyLoads(kb.Enter); s != 200 {
		t.Fatalf("sign in by keyboard: %d", s)
	}
	b.see("[data-testid=signed-in-as]", "benefits@contoso.example")
	b.tabTo(`nav a[href="/customer/vouchers/new"]`)
	b.keyLoads(kb.Enter)
	b.screenshot("create-form-by-keyboard")

	// The second enrollment (active, 18 days), SharePoint, 3 days, the first project manager.
	b.tabTo("#enrollment")
	b.key(kb.ArrowDown)
	if b.value("#enrollment") != id(e.Demo.Enrollments["SA-CONTOSO-US-02"]) {
		t.Fatal("ArrowDown did not choose the second enrollment")
	}
	b.tabTo("#type")
	sharePoint := id(int64(e.Count("SELECT id FROM engagement_types WHERE name = 'SharePoint Deployment Planning'")))
	for range 20 {
		if b.value("#type") == sharePoint {
			break
		}
		b.key(kb.ArrowDown)
	}
	if b.value("#type") != sharePoint {
		t.Fatal("the keyboard could not choose SharePoint Deployment Planning")
	}
	b.tabTo(`[data-testid=choose-form] button[type=submit]`)
	b.keyLoads(kb.Enter)
	b.tabTo(`input[name=days]`)
	b.key(" ")
	b.key(kb.ArrowRight) // 1 day → 3 days
	if b.count(`input[name=days][value="3"]:checked`) != 1 {
		t.Fatal("the keyboard could not choose 3 days")
	}
	b.tabTo("#project_manager")
	b.key(kb.ArrowDown)
	b.tabTo(`[data-testid=create-form] button[type=submit]`)
	b.keyLoads(kb.Enter)
	b.see("[data-testid=confirm-days]", "3 days from SA-CONTOSO-US-02")
	b.tabTo(`button[name=confirm][value=yes]`)
	b.keyLoads(kb.Enter)
	b.see("[data-testid=flash]", "created and sent to pm@contoso.example")
	b.screenshot("created-by-keyboard")
}
