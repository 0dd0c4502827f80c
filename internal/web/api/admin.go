package api

import (
	"net/http"
	"strconv"
	"strings"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// The global admins' resources: organisations, enrollment and payment
// decisions, vouchers, the audit log and the policy.

type orgJSON struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Suspended bool   `json:"suspended"`
}

// organisations lists organisations by name (?q, ?kind), a page at a time
// (?cursor: the page's next_cursor).
func (h *Handler) organisations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.OrgFilter{Name: strings.TrimSpace(q.Get("q")), Kind: program.OrgKind(q.Get("kind")), Limit: 50}
	if c := q.Get("cursor"); c != "" {
		id, name, ok := strings.Cut(c, ":")
		n, err := strconv.ParseInt(id, 10, 64)
		if !ok || err != nil {
			return invalid("cursor", "This cursor is not one the API gave; start again from the first page.")
		}
		f.AfterID, f.AfterName = n, name
	}
	list, more, err := h.App.Organisations(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	out := orgPageJSON{Items: []orgJSON{}}
	for _, o := range list {
		out.Items = append(out.Items, orgJSON{o.ID, o.Name, string(o.Kind), o.Suspended})
	}
	if more && len(list) > 0 {
		last := list[len(list)-1]
		out.NextCursor = itoa(last.ID) + ":" + last.Name
	}
	return ok(w, http.StatusOK, out)
}

func (h *Handler) enrollmentQueue(w http.ResponseWriter, r *http.Request) error {
	q, err := h.App.EnrollmentQueue(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	out := enrollmentQueueJSON{Today: q.Today.String(), Pending: []enrollmentRequestJSON{}, Decided: []enrollmentRequestJSON{}}
	for _, p := range q.Pending {
		out.Pending = append(out.Pending, enrollmentRequest(p.Request))
	}
	for _, d := range q.Decided {
		out.Decided = append(out.Decided, enrollmentRequest(d))
	}
	return ok(w, http.StatusOK, out)
}

type decisionJSON struct {
	Decision  string `json:"decision"` // approve, or reject (enrollments) / deny (payments)
	Reason    string `json:"reason"`
	Reference string `json:"reference"`
}

func (h *Handler) decideEnrollment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in decisionJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Decision != "approve" && in.Decision != "reject" {
		return invalid("decision", "The decision is %s or %s.", "approve", "reject")
	}
	if err := h.App.DecideEnrollment(r.Context(), actorOf(r), id, in.Decision == "approve", in.Reason); err != nil {
		return err
	}
	q, err := h.App.EnrollmentQueue(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	for _, d := range q.Decided {
		if d.ID == id {
			return ok(w, http.StatusOK, enrollmentRequest(d))
		}
	}
	return program.NotFound("enrollment")
}

func (h *Handler) adminVouchers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := listFilter(q)
	if err != nil {
		return err
	}
	f.Query = strings.TrimSpace(q.Get("q"))
	if code := strings.TrimSpace(q.Get("code")); code != "" {
		c, err := program.ParseCode(code)
		if err != nil {
			return err
		}
		f.Code = string(c)
	}
	page, err := h.App.Vouchers(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return ok(w, http.StatusOK, voucherPage(page))
}

func (h *Handler) decidePayment(w http.ResponseWriter, r *http.Request) error {
	var in decisionJSON
	return h.step(w, r, &in, func(id int64) (program.Voucher, error) {
		switch in.Decision {
		case "approve":
			return h.App.ApprovePayment(r.Context(), actorOf(r), id, in.Reference)
		case "deny":
			return h.App.DenyPayment(r.Context(), actorOf(r), id, in.Reason)
		}
		return program.Voucher{}, invalid("decision", "The decision is %s or %s.", "approve", "deny")
	})
}

func (h *Handler) paymentQueue(w http.ResponseWriter, r *http.Request) error {
	state := r.URL.Query().Get("state")
	if state == "" {
		state = "requested"
	}
	rows, err := h.App.PaymentQueue(r.Context(), actorOf(r), state, 0)
	if err != nil {
		return err
	}
	out := paymentQueueJSON{Items: []paymentRowJSON{}}
	for _, p := range rows {
		out.Items = append(out.Items, paymentRow(p))
	}
	return ok(w, http.StatusOK, out)
}

// audit is the audit log, newest first, 50 a page (?cursor: the page's
// next_cursor), filtered as the console filters it.
func (h *Handler) audit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.AuditFilter{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")), Limit: 50}
	for _, n := range []struct {
		name string
		dst  *int64
	}{{"org_id", &f.OrgID}, {"voucher_id", &f.VoucherID}, {"cursor", &f.BeforeID}} {
		if s := q.Get(n.name); s != "" {
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil || v <= 0 {
				return invalid(n.name, "This field must be a number.")
			}
			*n.dst = v
		}
	}
	var err error
	if f.From, err = date("from", q.Get("from")); err != nil {
		return err
	}
	if f.To, err = date("to", q.Get("to")); err != nil {
		return err
	}
	page, err := h.App.Audit(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	out := auditPageJSON{Items: []eventJSON{}}
	for _, e := range page.Events {
		out.Items = append(out.Items, event(e))
	}
	if page.More && len(page.Events) > 0 {
		out.NextCursor = itoa(page.Events[len(page.Events)-1].ID)
	}
	return ok(w, http.StatusOK, out)
}

type policyJSON struct {
	TimeZone             string           `json:"time_zone"`
	Today                string           `json:"today"`
	CloudRetiredFrom     *string          `json:"cloud_retired_from"`
	ConversionClosedFrom *string          `json:"conversion_closed_from"`
	AccrualClosedFrom    *string          `json:"accrual_closed_from"`
	LastDayToCreate      *string          `json:"last_day_to_create"`
	RemovalOn            *string          `json:"removal_on"`
	LastDayToRedeem      *string          `json:"last_day_to_redeem"`
	ValidityDays         int              `json:"validity_days"`
	PaymentWindowDays    int              `json:"payment_window_days"`
	ConversionRatio      [2]int           `json:"conversion_ratio"`
	ReminderDays         map[string][]int `json:"reminder_days"`
}

func (h *Handler) policy(w http.ResponseWriter, r *http.Request) error {
	o, err := h.App.AdminOverview(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	p := o.Policy
	rd := map[string][]int{}
	for k, v := range p.Reminders {
		rd[string(k)] = v
	}
	return ok(w, http.StatusOK, policyJSON{TimeZone: p.ZoneName(), Today: p.Today(h.App.Clock.Now()).String(),
		CloudRetiredFrom: day(p.CloudRetiredFrom), ConversionClosedFrom: day(p.ConversionClosedFrom), AccrualClosedFrom: day(p.AccrualClosedFrom),
		LastDayToCreate: day(p.LastDayToCreate), RemovalOn: day(p.RemovalOn), LastDayToRedeem: day(p.LastDayToRedeem),
		ValidityDays: p.ValidityDays, PaymentWindowDays: p.PaymentWindowDays, ConversionRatio: [2]int{p.ConversionNum, p.ConversionDen}, ReminderDays: rd})
}
