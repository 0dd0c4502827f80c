package ui

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// The CSV downloads of every area (the admin's exports, the customers' and
// partners' voucher lists): safe cells, streamed.

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula, or skip to one: = + - @, their full-width forms, and
// tab, line feed, carriage return and space.
const formulaStarts = "=+-@\t\r\n \uFF1D\uFF0B\uFF0D\uFF20"

// SafeCell keeps a spreadsheet from reading a cell as a formula: such a
// value gets a leading quote.
func SafeCell(s string) string {
	if r, _ := utf8.DecodeRuneInString(s); s != "" && strings.ContainsRune(formulaStarts, r) {
		return "'" + s
	}
	return s
}

// CSV writes safe cells and flushes as it goes.
type CSV struct {
	w *csv.Writer
	n int
}

// NewCSV starts a CSV download named filename.
func NewCSV(w http.ResponseWriter, filename string) *CSV {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "no-store")
	return &CSV{w: csv.NewWriter(w)}
}

// Row writes one row; every 500 rows it flushes, so a long export streams.
func (c *CSV) Row(cells ...string) error {
	for i := range cells {
		cells[i] = SafeCell(cells[i])
	}
	if err := c.w.Write(cells); err != nil {
		return err
	}
	if c.n++; c.n%500 == 0 {
		return c.Flush()
	}
	return nil
}

// Flush writes what is buffered.
func (c *CSV) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// Decimal is an amount in minor units as a decimal number: "3300.00".
func Decimal(m program.Money) string {
	neg := ""
	v := m.Minor
	if v < 0 {
		neg, v = "-", -v
	}
	return neg + strconv.FormatInt(v/100, 10) + "." + strconv.FormatInt(v%100/10, 10) + strconv.FormatInt(v%10, 10)
}

// VoucherCSVHeader and VoucherCSVRow are a voucher list's download: the
// columns of the page, in the program's words, dates in ISO form.
var VoucherCSVHeader = []string{"voucher_id", "state", "customer", "agreement_number", "country", "engagement", "offering",
	"days", "project_manager", "partner", "created_on", "last_valid_day", "planned_start", "planned_end", "redeemed_on",
	"last_day_to_request_payment"}

// VoucherCSVRow is one voucher's row.
func VoucherCSVRow(p program.Policy, r store.VoucherRow) []string {
	lastPay := ""
	if !r.RedeemedOn.IsZero() {
		lastPay = p.LastDayToRequestPayment(r.RedeemedOn).String()
	}
	return []string{r.Code.Display(), string(r.State), r.CustomerName, r.AgreementNumber, r.Country, r.EngagementType.Name,
		r.EngagementType.Offering, strconv.Itoa(r.Days), r.ProjectManagerEmail, r.PartnerName, r.CreatedOn.String(),
		r.LastValidDay().String(), r.ReservedStart.String(), r.PlannedEnd.String(), r.RedeemedOn.String(), lastPay}
}

// ServeVoucherCSV streams the vouchers the actor may see under filter f as
// CSV, page by page along the list's keyset (never all in memory).
func ServeVoucherCSV(w http.ResponseWriter, r *http.Request, a *app.App, f store.VoucherFilter, filename string) error {
	v := FromContext(r.Context())
	var c *CSV
	err := a.EachVoucher(r.Context(), v.Actor(), f, func(p program.Policy, row store.VoucherRow) error {
		if c == nil {
			c = NewCSV(w, filename)
			if err := c.Row(VoucherCSVHeader...); err != nil {
				return err
			}
		}
		return c.Row(VoucherCSVRow(p, row)...)
	})
	if err != nil {
		if c != nil {
			return nil // the header is sent: the download ends short, the log has why
		}
		return err
	}
	if c == nil {
		c = NewCSV(w, filename)
		if err := c.Row(VoucherCSVHeader...); err != nil {
			return err
		}
	}
	return c.Flush()
}

// ExportQuery keeps the list filters named in keys that are set: the
// download is the list as filtered, without its page cursor.
func ExportQuery(q url.Values, keys ...string) url.Values {
	out := url.Values{}
	for _, k := range keys {
		if s := q.Get(k); s != "" {
			out.Set(k, s)
		}
	}
	return out
}

// Query is key, value pairs as query values, leaving out empty values.
func Query(kv ...string) url.Values {
	out := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			out.Set(kv[i], kv[i+1])
		}
	}
	return out
}
