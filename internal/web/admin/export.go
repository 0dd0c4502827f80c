package admin

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

func minor(m program.Money) string { return ui.Decimal(m) }

// exportPaid writes the paid requests decided in a period as CSV.
func (h *Handler) exportPaid(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	q := r.URL.Query()
	from, _ := program.ParseDate(q.Get("from"))
	to, _ := program.ParseDate(q.Get("to"))
	c := ui.NewCSV(w, "paid-"+from.String()+"-"+to.String()+".csv")
	c.Row("voucher_id", "partner", "customer", "country", "days", "amount", "currency", "reference", "requested_on", "paid_at")
	err := h.App.EachPaidBetween(r.Context(), v.Actor(), from, to, func(p store.PaymentRow) error {
		if err := c.Row(p.Code.Display(), p.PartnerName, p.Customer, p.Country, strconv.Itoa(p.Days), minor(p.Amount), p.Amount.Currency,
			p.Reference, p.RequestedOn.String(), p.DecidedAt.UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.Flush()
}

// exportAudit streams the filtered audit log as CSV, row by row.
func (h *Handler) exportAudit(w http.ResponseWriter, r *http.Request) error {
	v := ui.FromContext(r.Context())
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return err // the page says what is wrong with the filter
	}
	f.BeforeID = 0
	c := ui.NewCSV(w, "audit.csv")
	// The codes, as stored and filtered on, each beside its name for people
	// in the export's language.
	c.Row("id", "occurred_at", "actor", "organisation_id", "action", "action_name", "voucher_id", "before", "before_name",
		"after", "after_name", "details", "request_id")
	err = h.App.EachAudit(r.Context(), v.Actor(), f, func(_ program.Policy, e store.AuditEvent) error {
		details, _ := json.Marshal(e.Details)
		if err := c.Row(ui.ID(e.ID), e.OccurredAt.UTC().Format(time.RFC3339), e.Actor, ui.ID(e.OrgID), e.Action, v.AuditName(e.Action),
			ui.ID(e.VoucherID), e.Before, v.AuditState(e.Before), e.After, v.AuditState(e.After), string(details), e.RequestID); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.Flush()
}
