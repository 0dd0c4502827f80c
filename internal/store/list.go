package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// VoucherFilter selects a page of vouchers, ordered by expiry then id.
type VoucherFilter struct {
	CustomerOrgID  int64 // only this customer's vouchers (0: any visible)
	PartnerOrgID   int64 // only vouchers this partner holds (0: any visible)
	State          program.State
	States         []program.State
	EnrollmentID   int64
	ProjectManager string
	ID             int64
	Code           string
	Query          string // customer or partner name contains (admin search)
	// ExpiresAfter and ExpiresBefore keep vouchers whose validity ends after
	// or before these days.
	ExpiresAfter, ExpiresBefore program.Date
	// WindowOpen keeps REDEEMED vouchers whose payment window is open,
	// redeemed before RedeemedBefore when it is set.
	WindowOpen     bool
	RedeemedBefore program.Date
	// Keyset: the page starts after (AfterExpires, AfterID).
	AfterExpires program.Date
	AfterID      int64
	Limit        int
}

// VoucherRow is a voucher with the names a list shows beside it.
type VoucherRow struct {
	program.Voucher
	AgreementNumber string
	CustomerName    string
	PartnerName     string
}

// voucherListColumns are voucherColumns for lists: the engagement type
// without its qualifying competencies, which no list shows.
const voucherListColumns = `v.id, v.code, v.org_id, v.enrollment_id, v.country, v.days, v.project_manager_email, v.state,
	v.created_on, v.expires_on, coalesce(v.partner_org_id, 0), v.redeemed_on, v.payment_window_closed,
	(SELECT r.start_on FROM reservations r WHERE r.voucher_id = v.id AND r.cancelled_at IS NULL),
	et.id, et.name, et.offering_code, o.cloud, et.allowed_lengths, et.retired, '{}'::bigint[], '{}'::text[], '{}'::text[]`

// ListVouchers returns one page of vouchers visible in scope and whether
// more follow. It never uses OFFSET: the index on (…, expires_on, id) serves
// the keyset.
func (tx *Tx) ListVouchers(ctx context.Context, f VoucherFilter) ([]VoucherRow, bool, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.CustomerOrgID != 0 {
		add("v.org_id = ?", f.CustomerOrgID)
	}
	if f.PartnerOrgID != 0 {
		add("v.partner_org_id = ?", f.PartnerOrgID)
	}
	if slices.Contains(program.States, f.State) {
		// Written out (it is one of the program's states), so that a
		// prepared plan can use the partial indexes of one state, such as
		// vouchers_partner_redeemed_idx.
		where = append(where, "v.state = '"+string(f.State)+"'")
	} else if f.State != "" {
		add("v.state = ?", string(f.State))
	}
	if len(f.States) > 0 {
		s := make([]string, len(f.States))
		for i, st := range f.States {
			s[i] = string(st)
		}
		add("v.state = ANY(?)", s)
	}
	if f.EnrollmentID != 0 {
		add("v.enrollment_id = ?", f.EnrollmentID)
	}
	if f.ProjectManager != "" {
		add("v.project_manager_email = ?", strings.ToLower(f.ProjectManager))
	}
	if f.ID != 0 {
		add("v.id = ?", f.ID)
	}
	if f.Code != "" {
		add("v.code = ?", f.Code)
	}
	if f.Query != "" {
		add(`(v.org_id IN (SELECT id FROM organisations WHERE name ILIKE '%' || ? || '%')
			OR v.partner_org_id IN (SELECT id FROM organisations WHERE name ILIKE '%' || ? || '%'))`, f.Query) // one parameter, used twice
	}
	if !f.ExpiresAfter.IsZero() {
		add("v.expires_on > ?", f.ExpiresAfter.Time())
	}
	if !f.ExpiresBefore.IsZero() {
		add("v.expires_on < ?", f.ExpiresBefore.Time())
	}
	if f.WindowOpen {
		// Written out, so that the planner can use vouchers_partner_window_idx.
		where = append(where, "v.state = 'REDEEMED' AND NOT v.payment_window_closed")
	}
	if !f.RedeemedBefore.IsZero() {
		add("v.redeemed_on < ?", f.RedeemedBefore.Time())
	}
	if f.AfterID != 0 {
		args = append(args, f.AfterExpires.Time(), f.AfterID)
		where = append(where, fmt.Sprintf("(v.expires_on, v.id) > ($%d, $%d)", len(args)-1, len(args)))
	}
	limit := pageLimit(f.Limit, 50, 200)
	// A partner does not see the customer's enrollment (row-level
	// security): its agreement number is then empty. The names are read per
	// row of the page (an index lookup each), never joined over every
	// enrollment or organisation.
	sql := `SELECT ` + voucherListColumns + `,
		coalesce((SELECT e.agreement_number FROM sa_enrollments e WHERE e.id = v.enrollment_id), ''),
		(SELECT c.name FROM organisations c WHERE c.id = v.org_id),
		coalesce((SELECT pn.name FROM organisations pn WHERE pn.id = v.partner_org_id), '')` + voucherFrom
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += fmt.Sprintf(" ORDER BY v.expires_on, v.id LIMIT %d", limit+1)
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, false, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (VoucherRow, error) {
		var row VoucherRow
		v, err := scanVoucher(extraRow{r, []any{&row.AgreementNumber, &row.CustomerName, &row.PartnerName}})
		row.Voucher = v
		return row, err
	})
	if err != nil {
		return nil, false, err
	}
	list, more := trimPage(list, limit)
	return list, more, nil
}

// pageLimit is a page size: n within 1..max, or def.
func pageLimit(n, def, max int) int {
	if n <= 0 || n > max {
		return def
	}
	return n
}

// trimPage cuts a list read with limit+1 rows to limit, and reports whether
// more follow: the keyset lists' way to know there is a next page.
func trimPage[T any](list []T, limit int) ([]T, bool) {
	if len(list) > limit {
		return list[:limit], true
	}
	return list, false
}

// extraRow lets scanVoucher read a row that has more columns after the
// voucher's.
type extraRow struct {
	pgx.Row
	extra []any
}

func (r extraRow) Scan(dest ...any) error { return r.Row.Scan(append(dest, r.extra...)...) }

// ReservationInfo is a voucher's reservation as its pages show it.
type ReservationInfo struct {
	PartnerName string
	Location    string
	Country     string
	StartOn     program.Date
	EndOn       program.Date
	ReservedAt  time.Time
	Cancelled   bool
}

// Reservations lists a voucher's reservations, newest first.
func (tx *Tx) Reservations(ctx context.Context, voucherID int64) ([]ReservationInfo, error) {
	rows, err := tx.Query(ctx, `SELECT o.name, l.name, l.country, r.start_on, r.end_on, r.reserved_at, r.cancelled_at IS NOT NULL
		FROM reservations r JOIN organisations o ON o.id = r.partner_org_id JOIN partner_locations l ON l.id = r.location_id
		WHERE r.voucher_id = $1 ORDER BY r.reserved_at DESC, r.id DESC`, voucherID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (ReservationInfo, error) {
		var i ReservationInfo
		var s, e time.Time
		err := r.Scan(&i.PartnerName, &i.Location, &i.Country, &s, &e, &i.ReservedAt, &i.Cancelled)
		i.StartOn, i.EndOn = program.DateFromTime(s), program.DateFromTime(e)
		return i, err
	})
}

// FileInfo describes a deliverable without its content.
type FileInfo struct {
	ID          int64
	Name        string
	ContentType string
	Size        int
}

// ReportInfo is a completion report as its pages show it.
type ReportInfo struct {
	DeliveredStart program.Date
	DeliveredEnd   program.Date
	Consultants    []string
	Summary        string
	NextSteps      string
	ReportedAt     time.Time
	Files          []FileInfo
}

// Report reads a voucher's completion report, if it has one.
func (tx *Tx) Report(ctx context.Context, voucherID int64) (ReportInfo, error) {
	var r ReportInfo
	var id int64
	var s, e time.Time
	err := tx.QueryRow(ctx, `SELECT cr.id, cr.delivered_start, cr.delivered_end, cr.summary, cr.next_steps, cr.reported_at,
		ARRAY(SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id AND m.org_id = cr.partner_org_id AND m.role = 'consultant'
			WHERE u.id = ANY(cr.consultant_user_ids) ORDER BY u.email)
		FROM completion_reports cr WHERE cr.voucher_id = $1`, voucherID).
		Scan(&id, &s, &e, &r.Summary, &r.NextSteps, &r.ReportedAt, &r.Consultants)
	if err != nil {
		return r, notFound(err)
	}
	r.DeliveredStart, r.DeliveredEnd = program.DateFromTime(s), program.DateFromTime(e)
	rows, err := tx.Query(ctx, `SELECT id, filename, content_type, octet_length(content) FROM deliverables WHERE report_id = $1 ORDER BY id`, id)
	if err != nil {
		return r, err
	}
	r.Files, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (FileInfo, error) {
		var f FileInfo
		err := row.Scan(&f.ID, &f.Name, &f.ContentType, &f.Size)
		return f, err
	})
	return r, err
}

// Deliverable reads one file visible in scope.
func (tx *Tx) Deliverable(ctx context.Context, id int64) (File, int64, error) {
	var f File
	var voucherID int64
	err := tx.QueryRow(ctx, `SELECT d.filename, d.content_type, d.content, cr.voucher_id FROM deliverables d
		JOIN completion_reports cr ON cr.id = d.report_id WHERE d.id = $1`, id).Scan(&f.Name, &f.ContentType, &f.Content, &voucherID)
	return f, voucherID, notFound(err)
}

// PaymentInfo is a voucher's payment request.
type PaymentInfo struct {
	State       string
	Amount      program.Money
	RequestedOn program.Date
	Reference   string
	DenyReason  string
	DecidedAt   *time.Time
}

// Payment reads a voucher's payment request, if any.
func (tx *Tx) Payment(ctx context.Context, voucherID int64) (PaymentInfo, error) {
	var p PaymentInfo
	var on time.Time
	err := tx.QueryRow(ctx, `SELECT state, amount_minor, currency, requested_on, payment_reference, deny_reason, decided_at
		FROM payment_requests WHERE voucher_id = $1`, voucherID).
		Scan(&p.State, &p.Amount.Minor, &p.Amount.Currency, &on, &p.Reference, &p.DenyReason, &p.DecidedAt)
	p.RequestedOn = program.DateFromTime(on)
	return p, notFound(err)
}
