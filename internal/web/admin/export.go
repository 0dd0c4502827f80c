package admin

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula, or skip to one: = + - @, their full-width forms, and
// tab, line feed, carriage return and space.
const formulaStarts = "=+-@\t\r\n \uFF1D\uFF0B\uFF0D\uFF20"

// safeCell keeps a spreadsheet from reading a cell as a formula: such a
// value gets a leading quote.
func safeCell(s string) string {
	if r, _ := utf8.DecodeRuneInString(s); s != "" && strings.ContainsRune(formulaStarts, r) {
		return "'" + s
	}
	return s
}

// csvWriter writes safe cells and flushes as it goes.
type csvWriter struct{ w *csv.Writer }

func newCSV(w http.ResponseWriter, filename string) *csvWriter {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "no-store")
	return &csvWriter{csv.NewWriter(w)}
}

func (c *csvWriter) row(cells ...string) error {
	for i := range cells {
		cells[i] = safeCell(cells[i])
	}
	return c.w.Write(cells)
}

// every counts a row written and flushes every 500, so that a long export
// streams.
func (c *csvWriter) every(n *int) error {
	if *n++; *n%500 == 0 {
		return c.flush()
	}
	return nil
}

func (c *csvWriter) flush() error {
	c.w.Flush()
	return c.w.Error()
}

func minor(m program.Money) string {
	neg := ""
	v := m.Minor
	if v < 0 {
		neg, v = "-", -v
	}
	return neg + strconv.FormatInt(v/100, 10) + "." + strconv.FormatInt(v%100/10, 10) + strconv.FormatInt(v%10, 10)
}

// exportPaid writes the paid requests decided in a period as CSV.
func (h *Handler) exportPaid(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	q := r.URL.Query()
	from, _ := program.ParseDate(q.Get("from"))
	to, _ := program.ParseDate(q.Get("to"))
	c := newCSV(w, "paid-"+from.String()+"-"+to.String()+".csv")
	c.row("voucher_id", "partner", "customer", "country", "days", "amount", "currency", "reference", "requested_on", "paid_at")
	n := 0
	err := h.App.EachPaidBetween(r.Context(), v.Actor(), from, to, func(p store.PaymentRow) error {
		if err := c.row(p.Code.Display(), p.PartnerName, p.Customer, p.Country, strconv.Itoa(p.Days), minor(p.Amount), p.Amount.Currency,
			p.Reference, p.RequestedOn.String(), p.DecidedAt.UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		return c.every(&n)
	})
	if err != nil {
		return err
	}
	return c.flush()
}

// exportAudit streams the filtered audit log as CSV, row by row.
func (h *Handler) exportAudit(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	f := auditFilter(r.URL.Query())
	f.BeforeID = 0
	c := newCSV(w, "audit.csv")
	c.row("id", "occurred_at", "actor", "organisation_id", "action", "voucher_id", "before", "after", "details", "request_id")
	n := 0
	err := h.App.EachAudit(r.Context(), v.Actor(), f, func(_ program.Policy, e store.AuditEvent) error {
		details, _ := json.Marshal(e.Details)
		if err := c.row(ui.ID(e.ID), e.OccurredAt.UTC().Format(time.RFC3339), e.Actor, ui.ID(e.OrgID), e.Action, ui.ID(e.VoucherID),
			e.Before, e.After, string(details), e.RequestID); err != nil {
			return err
		}
		return c.every(&n)
	})
	if err != nil {
		return err
	}
	return c.flush()
}
