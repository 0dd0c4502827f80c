package api

import (
	"strconv"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// The API's answers: snake_case names, dates as YYYY-MM-DD, moments as RFC
// 3339 in UTC, money as integer minor units with a currency. Each shape is
// made from the use case's own read by one function here, so that a new
// field is one line.

// day is a date, or nil when it has none.
func day(d program.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func moment(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func momentPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := moment(*t)
	return &s
}

type moneyJSON struct {
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
}

func money(m program.Money) moneyJSON { return moneyJSON{m.Minor, m.Currency} }

type voucherJSON struct {
	ID                  int64   `json:"id"`
	Code                string  `json:"code"`
	State               string  `json:"state"`
	Days                int     `json:"days"`
	EngagementTypeID    int64   `json:"engagement_type_id"`
	EngagementType      string  `json:"engagement_type"`
	Offering            string  `json:"offering"`
	CustomerOrgID       int64   `json:"customer_org_id"`
	EnrollmentID        int64   `json:"enrollment_id"`
	Country             string  `json:"country"`
	ProjectManagerEmail string  `json:"project_manager_email"`
	CreatedOn           *string `json:"created_on"`
	ExpiresOn           *string `json:"expires_on"`
	LastValidDay        *string `json:"last_valid_day"`
	PartnerOrgID        int64   `json:"partner_org_id,omitempty"`
	ReservedStart       *string `json:"reserved_start,omitempty"`
	RedeemedOn          *string `json:"redeemed_on,omitempty"`
	PaymentWindowClosed bool    `json:"payment_window_closed"`
	CustomerName        string  `json:"customer_name,omitempty"`
	PartnerName         string  `json:"partner_name,omitempty"`
	AgreementNumber     string  `json:"agreement_number,omitempty"`
}

func voucher(v program.Voucher) voucherJSON {
	return voucherJSON{ID: v.ID, Code: v.Code.Display(), State: string(v.State), Days: v.Days,
		EngagementTypeID: v.EngagementType.ID, EngagementType: v.EngagementType.Name, Offering: v.EngagementType.Offering,
		CustomerOrgID: v.CustomerOrgID, EnrollmentID: v.EnrollmentID, Country: v.Country, ProjectManagerEmail: v.ProjectManagerEmail,
		CreatedOn: day(v.CreatedOn), ExpiresOn: day(v.ExpiresOn), LastValidDay: day(v.LastValidDay()), PartnerOrgID: v.PartnerOrgID,
		ReservedStart: day(v.ReservedStart), RedeemedOn: day(v.RedeemedOn), PaymentWindowClosed: v.PaymentWindowClosed}
}

func voucherRow(r store.VoucherRow) voucherJSON {
	j := voucher(r.Voucher)
	j.CustomerName, j.PartnerName, j.AgreementNumber = r.CustomerName, r.PartnerName, r.AgreementNumber
	return j
}

// pageJSON is a page of a list with the cursor of the next ("" at the end).
type pageJSON[T any] struct {
	Today      string `json:"today"`
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func voucherPage(p app.VoucherPage) pageJSON[voucherJSON] {
	out := pageJSON[voucherJSON]{Today: p.Today.String(), Items: []voucherJSON{}}
	for _, r := range p.Rows {
		out.Items = append(out.Items, voucherRow(r))
	}
	if p.More && len(p.Rows) > 0 {
		last := p.Rows[len(p.Rows)-1]
		out.NextCursor = last.ExpiresOn.String() + "_" + itoa(last.ID)
	}
	return out
}

type eventJSON struct {
	ID         int64          `json:"id"`
	Actor      string         `json:"actor"`
	OrgID      int64          `json:"org_id,omitempty"`
	Action     string         `json:"action"`
	VoucherID  int64          `json:"voucher_id,omitempty"`
	Before     string         `json:"before_state,omitempty"`
	After      string         `json:"after_state,omitempty"`
	Details    map[string]any `json:"details"`
	RequestID  string         `json:"request_id"`
	OccurredAt string         `json:"occurred_at"`
}

func event(e store.AuditEvent) eventJSON {
	d := e.Details
	if d == nil {
		d = map[string]any{}
	}
	return eventJSON{ID: e.ID, Actor: e.Actor, OrgID: e.OrgID, Action: e.Action, VoucherID: e.VoucherID, Before: e.Before,
		After: e.After, Details: d, RequestID: e.RequestID, OccurredAt: moment(e.OccurredAt)}
}

type reservationJSON struct {
	PartnerName string  `json:"partner_name"`
	Location    string  `json:"location"`
	Country     string  `json:"country"`
	StartOn     *string `json:"start_on"`
	EndOn       *string `json:"end_on"`
	ReservedAt  string  `json:"reserved_at"`
	Cancelled   bool    `json:"cancelled"`
}

type fileJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
}

type reportJSON struct {
	DeliveredStart *string    `json:"delivered_start"`
	DeliveredEnd   *string    `json:"delivered_end"`
	Consultants    []string   `json:"consultants"`
	Summary        string     `json:"summary"`
	NextSteps      string     `json:"next_steps"`
	ReportedAt     string     `json:"reported_at"`
	Files          []fileJSON `json:"files"`
}

type paymentJSON struct {
	State       string    `json:"state"`
	Amount      moneyJSON `json:"amount"`
	RequestedOn *string   `json:"requested_on"`
	Reference   string    `json:"reference,omitempty"`
	DenyReason  string    `json:"deny_reason,omitempty"`
	DecidedAt   *string   `json:"decided_at,omitempty"`
}

type voucherDetailJSON struct {
	Voucher      voucherJSON       `json:"voucher"`
	Today        string            `json:"today"`
	Timeline     []eventJSON       `json:"timeline"`
	Reservations []reservationJSON `json:"reservations"`
	Report       *reportJSON       `json:"report"`
	Payment      *paymentJSON      `json:"payment"`
}

func voucherDetail(d app.VoucherDetail) voucherDetailJSON {
	out := voucherDetailJSON{Voucher: voucherRow(d.Voucher), Today: d.Today.String(), Timeline: []eventJSON{}, Reservations: []reservationJSON{}}
	for _, e := range d.Timeline {
		out.Timeline = append(out.Timeline, event(e))
	}
	for _, r := range d.Reservations {
		out.Reservations = append(out.Reservations, reservationJSON{PartnerName: r.PartnerName, Location: r.Location, Country: r.Country,
			StartOn: day(r.StartOn), EndOn: day(r.EndOn), ReservedAt: moment(r.ReservedAt), Cancelled: r.Cancelled})
	}
	if r := d.Report; r != nil {
		rj := &reportJSON{DeliveredStart: day(r.DeliveredStart), DeliveredEnd: day(r.DeliveredEnd), Consultants: r.Consultants,
			Summary: r.Summary, NextSteps: r.NextSteps, ReportedAt: moment(r.ReportedAt), Files: []fileJSON{}}
		if rj.Consultants == nil {
			rj.Consultants = []string{}
		}
		for _, f := range r.Files {
			rj.Files = append(rj.Files, fileJSON{f.ID, f.Name, f.ContentType, f.Size})
		}
		out.Report = rj
	}
	if p := d.Payment; p != nil {
		out.Payment = &paymentJSON{State: p.State, Amount: money(p.Amount), RequestedOn: day(p.RequestedOn), Reference: p.Reference,
			DenyReason: p.DenyReason, DecidedAt: momentPtr(p.DecidedAt)}
	}
	return out
}

type paymentRowJSON struct {
	ID          int64     `json:"id"`
	VoucherID   int64     `json:"voucher_id"`
	Code        string    `json:"code"`
	PartnerName string    `json:"partner_name"`
	Customer    string    `json:"customer"`
	Country     string    `json:"country"`
	Days        int       `json:"days"`
	Amount      moneyJSON `json:"amount"`
	State       string    `json:"state"`
	Reference   string    `json:"reference,omitempty"`
	DenyReason  string    `json:"deny_reason,omitempty"`
	RequestedOn *string   `json:"requested_on"`
	DecidedAt   *string   `json:"decided_at,omitempty"`
}

func paymentRow(p store.PaymentRow) paymentRowJSON {
	return paymentRowJSON{ID: p.ID, VoucherID: p.VoucherID, Code: p.Code.Display(), PartnerName: p.PartnerName, Customer: p.Customer,
		Country: p.Country, Days: p.Days, Amount: money(p.Amount), State: p.State, Reference: p.Reference, DenyReason: p.DenyReason,
		RequestedOn: day(p.RequestedOn), DecidedAt: momentPtr(p.DecidedAt)}
}

type enrollmentRequestJSON struct {
	ID          int64   `json:"id"`
	OrgID       int64   `json:"org_id"`
	PartnerName string  `json:"partner_name"`
	Offering    string  `json:"offering"`
	Status      string  `json:"status"`
	ValidFrom   *string `json:"valid_from,omitempty"`
	ValidTo     *string `json:"valid_to,omitempty"`
	Reason      string  `json:"reason,omitempty"`
	RequestedAt string  `json:"requested_at"`
}

func enrollmentRequest(e store.EnrollmentRequest) enrollmentRequestJSON {
	return enrollmentRequestJSON{ID: e.ID, OrgID: e.OrgID, PartnerName: e.PartnerName, Offering: e.Offering, Status: e.Status,
		ValidFrom: day(e.ValidFrom), ValidTo: day(e.ValidTo), Reason: e.Reason, RequestedAt: moment(e.RequestedAt)}
}

type requirementJSON struct {
	Code   string `json:"code"`
	Label  string `json:"label"`
	Met    bool   `json:"met"`
	Detail string `json:"detail"`
}

type eligibilityJSON struct {
	EngagementTypeID int64             `json:"engagement_type_id"`
	EngagementType   string            `json:"engagement_type"`
	Offering         string            `json:"offering"`
	Eligible         bool              `json:"eligible"`
	Requirements     []requirementJSON `json:"requirements"`
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// The named shapes of each answer and body (the OpenAPI document is made
// from them: openapi.go).

type enrollmentsJSON struct {
	Today string           `json:"today"`
	Items []enrollmentJSON `json:"items"`
}

type reassignJSON struct {
	ProjectManagerEmail string `json:"project_manager_email"`
}

type eligibilityListJSON struct {
	Today       string            `json:"today"`
	Items       []eligibilityJSON `json:"items"`
	Locations   []locationJSON    `json:"locations"`
	Consultants []memberJSON      `json:"consultants"`
}

type locationJSON struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
}

type memberJSON struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

type bulkRedeemInJSON struct {
	VoucherIDs []int64 `json:"voucher_ids"`
}

type bulkRedeemJSON struct {
	Results []redeemResultJSON `json:"results"`
}

type paymentRequestedJSON struct {
	Voucher voucherJSON `json:"voucher"`
	Amount  moneyJSON   `json:"amount"`
}

type partnerPaymentsJSON struct {
	Today        string           `json:"today"`
	Requests     []paymentRowJSON `json:"requests"`
	Awaiting     []voucherJSON    `json:"awaiting"`
	AwaitingMore bool             `json:"awaiting_more"` // more await than listed: GET /partner/vouchers?state=REDEEMED has them
}

type orgPageJSON struct {
	Items      []orgJSON `json:"items"`
	NextCursor string    `json:"next_cursor"`
}

type enrollmentQueueJSON struct {
	Today   string                  `json:"today"`
	Pending []enrollmentRequestJSON `json:"pending"`
	Decided []enrollmentRequestJSON `json:"decided"`
}

type paymentQueueJSON struct {
	Items []paymentRowJSON `json:"items"`
}

type auditPageJSON struct {
	Items      []eventJSON `json:"items"`
	NextCursor string      `json:"next_cursor"`
}
