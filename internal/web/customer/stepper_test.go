package customer_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"sapsportal/internal/web/webtest"
)

// steps reads a voucher page's stepper as "state status" lines.
func steps(p *webtest.Page) []string {
	var out []string
	p.Doc.Find("[data-testid=step]").Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.AttrOr("data-state", "")+" "+s.AttrOr("data-status", ""))
	})
	return out
}

func TestVoucherStepperAndPlannedDates(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")

	// Assigned on 20 February 2021, valid 180 days: last valid day 18 August.
	p := b.Get("/customer/vouchers/" + id(e.Demo.Vouchers["contoso-assigned"].ID))
	want := "ASSIGNED current|RESERVED todo|REPORTED todo|REDEEMED todo|PAYMENT_REQUESTED todo|PAID todo"
	if got := strings.Join(steps(p), "|"); got != want {
		t.Errorf("assigned stepper: %s", got)
	}
	if got := strings.Join(strings.Fields(p.Text("[data-testid=next-deadline]")), " "); got != "Last day to reserve it: 18 August 2021 (UTC) — 171 days left" {
		t.Errorf("next deadline: %q", got)
	}
	if desc := p.Text("#stepper-desc"); !strings.Contains(desc, "Assigned since 20 February 2021: the voucher is here.") {
		t.Errorf("stepper words: %q", desc)
	}

	// Payment requested: every step before it done with its day, the
	// partner's planned dates shown to the customer, no deadline of theirs.
	p = b.Get("/customer/vouchers/" + id(e.Demo.Vouchers["contoso-payment-requested"].ID))
	want = "ASSIGNED done|RESERVED done|REPORTED done|REDEEMED done|PAYMENT_REQUESTED current|PAID todo"
	if got := strings.Join(steps(p), "|"); got != want {
		t.Errorf("payment requested stepper: %s", got)
	}
	if desc := p.Text("#stepper-desc"); !strings.Contains(desc, "Reported: done on 15 February 2021.") || !strings.Contains(desc, "Redeemed: done on 20 February 2021.") {
		t.Errorf("stepper words: %q", desc)
	}
	if p.Doc.Find("[data-testid=next-deadline]").Length() != 0 {
		t.Error("a deadline shown while the program decides")
	}
	if got := strings.Join(strings.Fields(p.Text("[data-testid=planned-dates]")), " "); got != "8 February 2021 – 10 February 2021" {
		t.Errorf("planned dates: %q", got)
	}

	// Expired: where it ended.
	p = b.Get("/customer/vouchers/" + id(e.Demo.Vouchers["contoso-expired"].ID))
	if got := strings.Join(steps(p), "|"); got != "ASSIGNED done|EXPIRED ended" {
		t.Errorf("expired stepper: %s", got)
	}
	// Paid: the paid day beside the payment.
	p = e.SignIn("admin@program.example").Get("/admin/vouchers/" + id(e.Demo.Vouchers["contoso-paid"].ID))
	if got := strings.Join(steps(p), "|"); got != "ASSIGNED done|RESERVED done|REPORTED done|REDEEMED done|PAYMENT_REQUESTED done|PAID done" {
		t.Errorf("paid stepper: %s", got)
	}
	if got := p.Text("[data-testid=paid-on]"); got != "1 November 2020" {
		t.Errorf("paid on: %q", got)
	}
}

func TestDaysBurnDown(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	p := e.SignIn("benefits@contoso.example").Get("/customer/days")
	c1 := p.Doc.Find(`[data-testid=ledger][data-agreement="SA-CONTOSO-US-01"]`)
	// Converted 5 on 20 January 2020, accrued 25 and 10: 40 days, removed on 1 July 2021.
	if got := c1.Find("[data-testid=burn-down-desc]").Text(); got != "From 5 days on 20 January 2020 to 40 days on 15 September 2020; remaining days are removed on 1 July 2021." {
		t.Errorf("burn-down words: %q", got)
	}
	if c1.Find("[data-testid=burn-removal] line").Length() != 1 || c1.Find("path.burn-line").AttrOr("d", "") == "" {
		t.Error("no removal mark or no line")
	}
}
