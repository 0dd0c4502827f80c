package customer_test

import (
	"encoding/csv"
	"strings"
	"testing"

	"sapsportal/internal/web/webtest"
)

func readCSV(t *testing.T, p *webtest.Page) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(p.Body)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, p.Body)
	}
	return rows
}

func TestVoucherListCSV(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	b := e.SignIn("benefits@contoso.example")
	list := b.Get("/customer/vouchers?state=RESERVED")
	href, _ := list.Doc.Find("[data-testid=export-csv]").Attr("href")
	if href != "/customer/vouchers/export?state=RESERVED" {
		t.Fatalf("export link: %q", href)
	}
	p := b.Get(href)
	if p.Status != 200 || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export: %d %s", p.Status, p.Header.Get("Content-Type"))
	}
	rows := readCSV(t, p)
	r := e.Demo.Vouchers["contoso-reserved"]
	want := [][]string{
		{"voucher_id", "state", "customer", "agreement_number", "country", "engagement", "offering", "days", "project_manager",
			"partner", "created_on", "last_valid_day", "planned_start", "planned_end", "redeemed_on", "last_day_to_request_payment"},
		{r.Code.Display(), "RESERVED", "Contoso Ltd", "SA-CONTOSO-US-02", "US", r.EngagementType.Name, "DDPS", "3", "pm@contoso.example",
			"Fabrikam Consulting", "2021-02-10", "2021-08-08", "2021-03-15", "2021-03-17", "", ""},
	}
	if len(rows) != len(want) || strings.Join(rows[0], ",") != strings.Join(want[0], ",") || strings.Join(rows[1], ",") != strings.Join(want[1], ",") {
		t.Errorf("csv:\n%v\nwant:\n%v", rows, want)
	}
	// Every voucher, unfiltered: one row each, none of Tailspin's.
	all := readCSV(t, b.Get("/customer/vouchers/export"))
	if n := e.Count("SELECT count(*) FROM vouchers WHERE org_id = $1", e.Demo.Orgs["Contoso Ltd"]); len(all) != n+1 {
		t.Errorf("%d rows for %d vouchers", len(all)-1, n)
	}
	if strings.Contains(b.Get("/customer/vouchers/export").Body, "Tailspin") {
		t.Error("another tenant's vouchers in the export")
	}
	// A project manager's export is their own vouchers only.
	pm := readCSV(t, e.SignIn("pm@contoso.example").Get("/customer/vouchers/export"))
	for _, row := range pm[1:] {
		if row[8] != "pm@contoso.example" {
			t.Errorf("project manager's export has %v", row)
		}
	}
	// The partner's: the vouchers it holds.
	pp := readCSV(t, e.SignIn("partner@fabrikam.example").Get("/partner/vouchers/export?state=PAYMENT_REQUESTED"))
	if len(pp) != 2 || pp[1][0] != e.Demo.Vouchers["contoso-payment-requested"].Code.Display() || pp[1][15] != "2021-04-21" {
		t.Errorf("partner export: %v", pp)
	}
	if p := e.SignIn("consultant@fabrikam.example").Get("/partner/vouchers/export"); p.Status == 200 {
		t.Error("a consultant downloads the partner's vouchers")
	}
}
