package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
	"sapsportal/internal/web/ui"
)

// The customer's resources: enrollments with their ledgers, and vouchers.

type enrollmentJSON struct {
	ID              int64       `json:"id"`
	AgreementNumber string      `json:"agreement_number"`
	Country         string      `json:"country"`
	SAEndDate       *string     `json:"sa_end_date"`
	Activated       bool        `json:"activated"`
	Balance         int         `json:"balance"`
	Removed         bool        `json:"removed"`
	Ledger          []entryJSON `json:"ledger"`
	EarlierEntries  bool        `json:"earlier_entries"`
}

type entryJSON struct {
	ID          int64   `json:"id"`
	Kind        string  `json:"kind"`
	Days        int     `json:"days"`
	EffectiveOn *string `json:"effective_on"`
	VoucherID   int64   `json:"voucher_id,omitempty"`
	VoucherCode string  `json:"voucher_code,omitempty"`
	Note        string  `json:"note,omitempty"`
	Balance     int     `json:"balance"`
	CreatedAt   string  `json:"created_at"`
}

// enrollments is the organisation's enrollments, each with its balance and
// ledger (the newest app.DaysPageLines entries; ?all=1 for every one).
func (h *Handler) enrollments(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if err := program.Authorize(a.Role, program.ActConvertTraining); err != nil { // the benefit administrator's, as the days page
		return err
	}
	d, err := h.App.CustomerDays(r.Context(), a, r.URL.Query().Get("all") == "1")
	if err != nil {
		return err
	}
	out := enrollmentsJSON{Today: d.Today.String(), Items: []enrollmentJSON{}}
	for _, el := range d.Enrollments {
		e := el.Enrollment
		ej := enrollmentJSON{ID: e.ID, AgreementNumber: e.AgreementNumber, Country: e.Country, SAEndDate: day(e.SAEndDate),
			Activated: e.Activated, Balance: e.Balance, Removed: e.Removed, Ledger: []entryJSON{}, EarlierEntries: el.Earlier}
		for _, l := range el.Lines {
			ej.Ledger = append(ej.Ledger, entryJSON{ID: l.ID, Kind: string(l.Kind), Days: l.Days, EffectiveOn: day(l.EffectiveOn),
				VoucherID: l.VoucherID, VoucherCode: program.Code12(l.VoucherCode).Display(), Note: l.Note, Balance: l.Balance, CreatedAt: moment(l.CreatedAt)})
		}
		out.Items = append(out.Items, ej)
	}
	return ok(w, http.StatusOK, out)
}

// listFilter reads a voucher list's filters, its page size (?limit, 1 to
// 100, default 25) and its cursor (?cursor: a page's next_cursor).
func listFilter(q url.Values) (store.VoucherFilter, error) {
	f := store.VoucherFilter{State: program.State(strings.TrimSpace(q.Get("state"))), ProjectManager: strings.TrimSpace(q.Get("project_manager")), Limit: 25}
	if s := q.Get("enrollment_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return f, invalid("enrollment_id", "This field must be a number.")
		}
		f.EnrollmentID = id
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return f, invalid("limit", "A page has from 1 to %d items.", 100)
		}
		f.Limit = n
	}
	if c := q.Get("cursor"); c != "" {
		ui.VoucherCursor(url.Values{"after": {c}}, &f)
		if f.AfterID == 0 || f.AfterExpires.IsZero() {
			return f, invalid("cursor", "This cursor is not one the API gave; start again from the first page.")
		}
	}
	return f, nil
}

// vouchers is the customer's and the partner's voucher list: the use case
// reads what the token's organisation may see.
func (h *Handler) vouchers(w http.ResponseWriter, r *http.Request) error {
	f, err := listFilter(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := h.App.Vouchers(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return ok(w, http.StatusOK, voucherPage(page))
}

type createVoucherJSON struct {
	EnrollmentID        int64  `json:"enrollment_id"`
	EngagementTypeID    int64  `json:"engagement_type_id"`
	Days                int    `json:"days"`
	ProjectManagerEmail string `json:"project_manager_email"`
}

func (h *Handler) createVoucher(w http.ResponseWriter, r *http.Request) error {
	var in createVoucherJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	v, err := h.App.CreateVoucher(r.Context(), actorOf(r), app.CreateVoucherInput{EnrollmentID: in.EnrollmentID,
		EngagementTypeID: in.EngagementTypeID, Days: in.Days, ProjectManagerEmail: in.ProjectManagerEmail})
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/customer/vouchers/"+itoa(v.ID))
	return ok(w, http.StatusCreated, voucher(v))
}

// voucher is one voucher with its timeline, as its page shows it; another
// tenant's is "not found".
func (h *Handler) voucher(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := h.App.VoucherDetail(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return ok(w, http.StatusOK, voucherDetail(d))
}

// step runs one step on the voucher of the path and answers the voucher
// after it.
func (h *Handler) step(w http.ResponseWriter, r *http.Request, in any, do func(id int64) (program.Voucher, error)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if in != nil {
		if err := decode(r, in); err != nil {
			return err
		}
	}
	v, err := do(id)
	if err != nil {
		return err
	}
	return ok(w, http.StatusOK, voucher(v))
}

func (h *Handler) reassign(w http.ResponseWriter, r *http.Request) error {
	var in reassignJSON
	return h.step(w, r, &in, func(id int64) (program.Voucher, error) {
		return h.App.ReassignVoucher(r.Context(), actorOf(r), id, in.ProjectManagerEmail)
	})
}

func (h *Handler) void(w http.ResponseWriter, r *http.Request) error {
	return h.step(w, r, &struct{}{}, func(id int64) (program.Voucher, error) {
		return h.App.VoidVoucher(r.Context(), actorOf(r), id)
	})
}

type engagementTypeJSON struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	Offering       string `json:"offering"`
	Cloud          bool   `json:"cloud"`
	AllowedLengths []int  `json:"allowed_lengths"`
	Retired        bool   `json:"retired"`
}

type voucherOptionsJSON struct {
	Today           string               `json:"today"`
	EngagementTypes []engagementTypeJSON `json:"engagement_types"`
	ProjectManagers []string             `json:"project_managers"`
}

// voucherOptions is what a voucher may be created with: the engagement
// types and the organisation's project managers (the create form's
// choices; the enrollments are at /customer/enrollments).
func (h *Handler) voucherOptions(w http.ResponseWriter, r *http.Request) error {
	o, err := h.App.VoucherOptions(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	out := voucherOptionsJSON{Today: o.Today.String(), EngagementTypes: []engagementTypeJSON{}, ProjectManagers: []string{}}
	for _, t := range o.Types {
		lengths := t.AllowedLengths
		if lengths == nil {
			lengths = []int{}
		}
		out.EngagementTypes = append(out.EngagementTypes, engagementTypeJSON{t.ID, t.Name, t.Offering, t.Cloud, lengths, t.Retired})
	}
	for _, m := range o.ProjectManagers {
		out.ProjectManagers = append(out.ProjectManagers, m.Email)
	}
	return ok(w, http.StatusOK, out)
}
