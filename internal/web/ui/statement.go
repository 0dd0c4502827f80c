package ui

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// ServeStatements is the close-out statements page of every area
// (DOMAIN.md §10): a customer's enrollments, a partner's lines, or all of
// them with the program's totals for global admins. csv is the area's
// download prefix ("/customer/statement").
func ServeStatements(w http.ResponseWriter, r *http.Request, a *app.App, csvBase string) error {
	v := FromContext(r.Context())
	s, err := a.Statements(r.Context(), v.Actor())
	if program.IsCode(err, program.CodeWrongState) { // not closed yet: say when it will be there
		return Render(w, r, http.StatusOK, StatementsPage(v, s, csvBase, v.Message(err)))
	}
	if err != nil {
		return err
	}
	return Render(w, r, http.StatusOK, StatementsPage(v, s, csvBase, ""))
}

// ServeEnrollmentStatementsCSV streams the enrollments' statements as CSV.
func ServeEnrollmentStatementsCSV(w http.ResponseWriter, r *http.Request, a *app.App) error {
	v := FromContext(r.Context())
	var c *statementCSV
	n := 0
	err := a.EnrollmentStatements(r.Context(), v.Actor(), func(e store.EnrollmentStatement) error {
		if c == nil {
			c = newStatementCSV(w, "close-out-enrollments.csv", "customer", "agreement_number", "country", "accrued",
				"converted", "spent_on_vouchers", "returned", "forfeited", "removed_2021_07_01", "balance")
		}
		return c.row(&n, e.Customer, e.Agreement, e.Country, itoa(e.Accrued), itoa(e.Converted), itoa(e.Spent),
			itoa(e.Returned), itoa(e.Forfeited), itoa(e.Removed), itoa(e.Balance))
	})
	return c.end(w, r, err, "customer", "agreement_number", "country", "accrued",
		"converted", "spent_on_vouchers", "returned", "forfeited", "removed_2021_07_01", "balance")
}

var partnerColumns = []string{"partner", "vouchers_reserved", "vouchers_redeemed", "currency",
	"payments_requested", "amount_requested", "payments_awaiting_decision", "amount_awaiting_decision",
	"payments_approved_and_paid", "amount_paid", "payments_denied", "amount_denied"}

// ServePartnerStatementsCSV streams the partners' statements as CSV, one
// line per partner and currency.
func ServePartnerStatementsCSV(w http.ResponseWriter, r *http.Request, a *app.App) error {
	v := FromContext(r.Context())
	var c *statementCSV
	n := 0
	err := a.PartnerStatements(r.Context(), v.Actor(), func(p store.PartnerStatement) error {
		if c == nil {
			c = newStatementCSV(w, "close-out-partners.csv", partnerColumns...)
		}
		return c.row(&n, p.Partner, itoa(p.Reserved), itoa(p.Redeemed), p.Currency,
			itoa(p.Requested), decimal(p.RequestedMinor), itoa(p.Awaiting), decimal(p.AwaitingMinor),
			itoa(p.Paid), decimal(p.PaidMinor), itoa(p.Denied), decimal(p.DeniedMinor))
	})
	return c.end(w, r, err, partnerColumns...)
}

// statementCSV streams a statement: the header goes out with the first
// row, so that a refusal before any row is still a page.
type statementCSV struct{ w *csv.Writer }

func newStatementCSV(w http.ResponseWriter, filename string, header ...string) *statementCSV {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	c := &statementCSV{csv.NewWriter(w)}
	c.w.Write(header)
	return c
}

func (c *statementCSV) row(n *int, cells ...string) error {
	for i := range cells {
		cells[i] = safeCell(cells[i])
	}
	if err := c.w.Write(cells); err != nil {
		return err
	}
	if *n++; *n%500 == 0 { // stream: flush as it goes
		c.w.Flush()
	}
	return c.w.Error()
}

// end finishes the download: the error if nothing was sent yet, else the
// rest of the rows (a header alone when there were none).
func (c *statementCSV) end(w http.ResponseWriter, r *http.Request, err error, header ...string) error {
	if c == nil {
		if err != nil {
			return err
		}
		c = newStatementCSV(w, "close-out.csv", header...)
	}
	c.w.Flush()
	if err != nil {
		Logger(r.Context()).Error("statement download broken off", "err", err)
	}
	return nil
}

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula (as in the admin's exports).
const formulaStarts = "=+-@\t\r\n \uFF1D\uFF0B\uFF0D\uFF20"

func safeCell(s string) string {
	if r, _ := utf8.DecodeRuneInString(s); s != "" && strings.ContainsRune(formulaStarts, r) {
		return "'" + s
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

// decimal writes minor units with two decimals ("1234.50").
func decimal(minor int64) string {
	neg := ""
	if minor < 0 {
		neg, minor = "-", -minor
	}
	return neg + strconv.FormatInt(minor/100, 10) + "." + strconv.FormatInt(minor%100/10, 10) + strconv.FormatInt(minor%10, 10)
}

func money(minor int64, currency string) string {
	return program.Money{Minor: minor, Currency: currency}.String()
}
