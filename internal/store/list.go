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
	// WindowOpen keeps REDEEMED vouchers whose payment window is open.
	WindowOpen bool
	// EngagementEndedBy keeps vouchers whose live reservation's planned end
	// is on or before this day (the engagements a report can be written for).
	EngagementEndedBy program.Date
	// Order is the list's order: "" by expiry (the keyset's), OrderRedeemed
	// by redemption day (payment windows, soonest closing first).
	Order string
	// Sort is the order a person chose for a list (SortExpiry, SortNewest,
	// SortDays); anything else is SortExpiry. Order, when set, wins.
	Sort string
	// Keyset: the page starts after (AfterExpires, AfterID) in SortExpiry,
	// after AfterID in SortNewest, after (AfterDays, AfterID) in SortDays,
	// after (AfterRedeemed, AfterID) in OrderRedeemed.
	AfterExpires  program.Date
	AfterDays     int
	AfterRedeemed program.Date
	AfterID       int64
	Limit         int
}

// The orders a person can choose for a voucher list. Each is served by an
// index that starts with the tenant (vouchers_org_*, vouchers_partner_*)
// and, program-wide, SortExpiry and SortNewest by vouchers_expiry_idx and
// the primary key; SortDays needs a tenant.
const (
	SortExpiry = "expiry" // expiring soonest first (the default)
	SortNewest = "newest" // newest first
	SortDays   = "days"   // most days first
)

// sort is the order the list is read in: f.Sort when it is one the filter
// has an index for, else SortExpiry.
func (f VoucherFilter) sort() string {
	switch f.Sort {
	case SortNewest:
		return SortNewest
	case SortDays:
		if f.CustomerOrgID != 0 || f.PartnerOrgID != 0 {
			return SortDays
		}
	}
	return SortExpiry
}

// SortOf is the order a list filtered by f is shown in.
func SortOf(f VoucherFilter) string { return f.sort() }

// SetAfter makes f the page after last in f's order.
func (f *VoucherFilter) SetAfter(last VoucherRow) {
	f.AfterExpires, f.AfterDays, f.AfterRedeemed, f.AfterID = last.ExpiresOn, last.Days, last.RedeemedOn, last.ID
}

// VoucherRow is a voucher with the names a list shows beside it.
type VoucherRow struct {
	program.Voucher
	AgreementNumber string
	CustomerName    string
	PartnerName     string
	PlannedEnd      program.Date // the live reservation's planned last day
}

// OrderRedeemed orders a voucher list by redemption day.
const OrderRedeemed = "redeemed"

// PlannedStart is the live reservation's planned first day.
func (r VoucherRow) PlannedStart() program.Date { return r.ReservedStart }

// voucherListColumns are voucherColumns for lists: the live reservation's
// start and planned end together (scanListVoucher), and the engagement type
// without its qualifying competencies, which no list shows.
const voucherListColumns = `v.id, v.code, v.org_id, v.enrollment_id, v.country, v.days, v.project_manager_email, v.state,
	v.created_on, v.expires_on, coalesce(v.partner_org_id, 0), v.redeemed_on, v.payment_window_closed,
	(SELECT ARRAY[r.start_on, r.end_on] FROM reservations r WHERE r.voucher_id = v.id AND r.cancelled_at IS NULL),
	et.id, et.name, et.offering_code, o.cloud, et.allowed_lengths, et.retired`

// ListVouchers returns one page of vouchers visible in scope and whether
// more follow. It never uses OFFSET: the index on (…, expires_on, id) serves
// the keyset.
func (tx *Tx) ListVouchers(ctx context.Context, f VoucherFilter) ([]VoucherRow, bool, error) {
	var list []VoucherRow
	var more bool
	err := tx.run(ctx, vouchersRead(f, &list, &more))
	return list, more, err
}

// Vouchers queues ListVouchers(f), into list and more.
func (q *Reads) Vouchers(f VoucherFilter, list *[]VoucherRow, more *bool) {
	q.add(vouchersRead(f, list, more))
}

func vouchersRead(f VoucherFilter, list *[]VoucherRow, more *bool) read {
	c := voucherWhere(f)
	order := "v.expires_on, v.id"
	switch {
	case f.Order == OrderRedeemed:
		order = "v.redeemed_on, v.id"
		if f.AfterID != 0 {
			c.args = append(c.args, f.AfterRedeemed.Time(), f.AfterID)
			c.where = append(c.where, fmt.Sprintf("(v.redeemed_on, v.id) > ($%d, $%d)", len(c.args)-1, len(c.args)))
		}
	case f.sort() == SortNewest:
		order = "v.id DESC"
		if f.AfterID != 0 {
			c.args = append(c.args, f.AfterID)
			c.where = append(c.where, fmt.Sprintf("v.id < $%d", len(c.args)))
		}
	case f.sort() == SortDays:
		order = "v.days DESC, v.id DESC"
		if f.AfterID != 0 {
			c.args = append(c.args, f.AfterDays, f.AfterID)
			c.where = append(c.where, fmt.Sprintf("(v.days, v.id) < ($%d, $%d)", len(c.args)-1, len(c.args)))
		}
	default:
		if f.AfterID != 0 {
			c.args = append(c.args, f.AfterExpires.Time(), f.AfterID)
			c.where = append(c.where, fmt.Sprintf("(v.expires_on, v.id) > ($%d, $%d)", len(c.args)-1, len(c.args)))
		}
	}
	limit := pageLimit(f.Limit, 50, 200)
	// A partner does not see the customer's enrollment (row-level
	// security): its agreement number is then empty, and the query says so
	// too, so that a partner's list does not look up, row by row, an
	// enrollment it may not read. The names are read per row of the page
	// (an index lookup each), never joined over every enrollment or
	// organisation.
	sql := `SELECT ` + voucherListColumns + `,
		CASE WHEN v.org_id = app_org_id() OR app_program()
			THEN coalesce((SELECT e.agreement_number FROM sa_enrollments e WHERE e.id = v.enrollment_id), '') ELSE '' END,
		(SELECT c.name FROM organisations c WHERE c.id = v.org_id),
		coalesce((SELECT pn.name FROM organisations pn WHERE pn.id = v.partner_org_id), '')` + voucherFrom
	sql += c.sql() + fmt.Sprintf(" ORDER BY %s LIMIT %d", order, limit+1)
	return read{sql, c.args, func(rows pgx.Rows) error {
		all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (VoucherRow, error) {
			var row VoucherRow
			var err error
			row.Voucher, row.PlannedEnd, err = scanListVoucher(r, &row.AgreementNumber, &row.CustomerName, &row.PartnerName)
			return row, err
		})
		*list, *more = trimPage(all, limit)
		return err
	}}
}

// CountCap is how far a list's count counts: past it a page says "more
// than 1,000". Counting ten times as far cost a program-wide list most of
// its speed at a million vouchers (issue 11: 117 rps instead of 890).
const CountCap = 1000

// CountVouchers counts the vouchers f's filters keep (the keyset ignored),
// and whether there are more than CountCap. A list filtered only by state
// reads the maintained tallies; any other is counted up to CountCap+1 rows.
func (tx *Tx) CountVouchers(ctx context.Context, f VoucherFilter) (int, bool, error) {
	var n int
	var capped bool
	err := tx.run(ctx, countVouchersRead(f, &n, &capped))
	return n, capped, err
}

// CountVouchers queues Tx.CountVouchers(f), into n and capped.
func (q *Reads) CountVouchers(f VoucherFilter, n *int, capped *bool) {
	q.add(countVouchersRead(f, n, capped))
}

func countVouchersRead(f VoucherFilter, n *int, capped *bool) read {
	state := ""
	if slices.Contains(program.States, f.State) {
		state = string(f.State)
	}
	onlyState := f.EnrollmentID == 0 && f.ProjectManager == "" && f.ID == 0 && f.Code == "" && f.Query == "" &&
		len(f.States) == 0 && f.ExpiresAfter.IsZero() && f.ExpiresBefore.IsZero() && !f.WindowOpen &&
		f.EngagementEndedBy.IsZero() && (f.State == "" || state != "")
	if onlyState && (f.CustomerOrgID == 0 || f.PartnerOrgID == 0) {
		var counts map[program.State]int
		r := stateCountsRead(f.PartnerOrgID, &counts)
		if f.CustomerOrgID != 0 {
			r = customerStateCountsRead(f.CustomerOrgID, &counts)
		}
		scan := r.scan
		r.scan = func(rows pgx.Rows) error {
			if err := scan(rows); err != nil {
				return err
			}
			*n, *capped = 0, false
			for s, c := range counts {
				if state == "" || string(s) == state {
					*n += c
				}
			}
			return nil
		}
		return r
	}
	c := voucherWhere(f)
	return countCappedRead(`SELECT 1 FROM vouchers v`+c.sql(), c.args, n, capped)
}

// countCappedRead counts the rows the query rows returns, up to CountCap
// (capped: more than that), reading at most CountCap+1 of them.
func countCappedRead(rows string, args []any, n *int, capped *bool) read {
	return read{fmt.Sprintf(`SELECT count(*) FROM (%s LIMIT %d) s`, rows, CountCap+1), args, func(r pgx.Rows) error {
		var err error
		if *n, err = pgx.CollectExactlyOneRow(r, pgx.RowTo[int]); err != nil {
			return err
		}
		*n, *capped = capCount(*n)
		return nil
	}}
}

// capCount is a count as a list shows it: at most CountCap, and whether
// there are more.
func capCount(n int) (int, bool) { return min(n, CountCap), n > CountCap }

// voucherWhere is f's filters (without its keyset) as conditions on v.
func voucherWhere(f VoucherFilter) conditions {
	var c conditions
	if f.CustomerOrgID != 0 {
		c.add("v.org_id = ?", f.CustomerOrgID)
	}
	if f.PartnerOrgID != 0 {
		c.add("v.partner_org_id = ?", f.PartnerOrgID)
	}
	if slices.Contains(program.States, f.State) {
		// Written out (it is one of the program's states), so that a
		// prepared plan can use the partial indexes of one state, such as
		// vouchers_partner_redeemed_idx.
		c.where = append(c.where, "v.state = '"+string(f.State)+"'")
	} else if f.State != "" {
		c.add("v.state = ?", string(f.State))
	}
	if len(f.States) > 0 {
		s := make([]string, len(f.States))
		for i, st := range f.States {
			s[i] = string(st)
		}
		c.add("v.state = ANY(?)", s)
	}
	if f.EnrollmentID != 0 {
		c.add("v.enrollment_id = ?", f.EnrollmentID)
	}
	if f.ProjectManager != "" {
		c.add("v.project_manager_email = ?", strings.ToLower(f.ProjectManager))
	}
	if f.ID != 0 {
		c.add("v.id = ?", f.ID)
	}
	if f.Code != "" {
		c.add("v.code = ?", f.Code)
	}
	if f.Query != "" {
		c.add(`(v.org_id IN (SELECT id FROM organisations WHERE name ILIKE '%' || ? || '%')
			OR v.partner_org_id IN (SELECT id FROM organisations WHERE name ILIKE '%' || ? || '%'))`, f.Query) // one parameter, used twice
	}
	if !f.ExpiresAfter.IsZero() {
		c.add("v.expires_on > ?", f.ExpiresAfter.Time())
	}
	if !f.ExpiresBefore.IsZero() {
		c.add("v.expires_on < ?", f.ExpiresBefore.Time())
	}
	if f.WindowOpen {
		// Written out, so that the planner can use vouchers_partner_window_idx.
		c.where = append(c.where, "v.state = 'REDEEMED' AND NOT v.payment_window_closed")
	}
	if !f.EngagementEndedBy.IsZero() {
		c.add("EXISTS (SELECT 1 FROM reservations r WHERE r.voucher_id = v.id AND r.cancelled_at IS NULL AND r.end_on <= ?)", f.EngagementEndedBy.Time())
	}
	return c
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

// scanListVoucher scans voucherListColumns, and the columns after them
// into extra: the voucher and its live reservation's planned end. The
// reservation is read once for both its days (one lookup per row of the
// page, where its start and its end took one each), into []time.Time,
// which pgx decodes without reflection (issue 11: decoding a list's arrays
// was about a fifth of its scanning).
func scanListVoucher(row pgx.Row, extra ...any) (program.Voucher, program.Date, error) {
	var v program.Voucher
	var scan voucherScan
	var plan []time.Time
	dest := append(scan.dest(&v, &plan), engagementTypeBareDest(&v.EngagementType)...)
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return v, program.Date{}, notFound(err)
	}
	scan.finish(&v)
	if len(plan) != 2 {
		return v, program.Date{}, nil
	}
	v.ReservedStart = program.DateFromTime(plan[0])
	return v, program.DateFromTime(plan[1]), nil
}

// ReservationInfo is a voucher's reservation as its pages show it.
type ReservationInfo struct {
	PartnerName string
	Location    string
	Country     string
	StartOn     program.Date
	EndOn       program.Date
	ReservedAt  time.Time
	Cancelled   bool
	// CancelReason and CancelNote are why it was cancelled (none for
	// reservations cancelled before reasons were asked).
	CancelReason program.CancelReason
	CancelNote   string
	// Consultants are the user ids named on it.
	Consultants []int64
	// Changes are its reschedulings, oldest first (DOMAIN.md §9).
	Changes []PlanChange
	id      int64
}

// Reservations lists a voucher's reservations, newest first.
func (tx *Tx) Reservations(ctx context.Context, voucherID int64) ([]ReservationInfo, error) {
	var q Reads
	var out []ReservationInfo
	q.Reservations(voucherID, &out)
	return out, tx.Send(ctx, &q)
}

// Reservations queues Tx.Reservations(voucherID), into out: their changes
// first, then the reservations they belong to.
func (q *Reads) Reservations(voucherID int64, out *[]ReservationInfo) {
	changes := map[int64][]PlanChange{}
	q.add(planChangesRead(voucherID, changes))
	// The customer may not read the partner's locations: it sees the dates.
	q.add(rowsRead(`SELECT r.id, coalesce(o.name, ''), coalesce(l.name, ''), coalesce(l.country, ''), r.start_on, r.end_on, r.reserved_at, r.cancelled_at IS NOT NULL,
		coalesce(r.cancel_reason, ''), r.cancel_note, r.consultant_user_ids
		FROM reservations r LEFT JOIN organisations o ON o.id = r.partner_org_id LEFT JOIN partner_locations l ON l.id = r.location_id
		WHERE r.voucher_id = $1 ORDER BY r.reserved_at DESC, r.id DESC`, []any{voucherID}, out,
		func(r pgx.CollectableRow) (ReservationInfo, error) {
			var i ReservationInfo
			var s, e time.Time
			err := r.Scan(&i.id, &i.PartnerName, &i.Location, &i.Country, &s, &e, &i.ReservedAt, &i.Cancelled, &i.CancelReason, &i.CancelNote, &i.Consultants)
			i.StartOn, i.EndOn = program.DateFromTime(s), program.DateFromTime(e)
			i.Changes = changes[i.id]
			return i, err
		}))
}

// FileInfo describes a deliverable without its content.
type FileInfo struct {
	ID          int64
	Name        string
	ContentType string
	Size        int
	Kind        program.DeliverableKind
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
	var q Reads
	var r *ReportInfo
	q.Report(voucherID, &r)
	return sendOptional(ctx, tx, &q, &r)
}

// Report queues Tx.Report(voucherID), into r (nil: no report).
func (q *Reads) Report(voucherID int64, r **ReportInfo) {
	var files []FileInfo
	q.add(rowsRead(`SELECT id, filename, content_type, octet_length(content), kind FROM deliverables
		WHERE report_id = (SELECT id FROM completion_reports WHERE voucher_id = $1) ORDER BY id`, []any{voucherID}, &files,
		func(row pgx.CollectableRow) (FileInfo, error) {
			var f FileInfo
			err := row.Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.Kind)
			return f, err
		}))
	q.add(optionalRead(`SELECT cr.delivered_start, cr.delivered_end, cr.summary, cr.next_steps, cr.reported_at,
		ARRAY(SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id AND m.org_id = cr.partner_org_id AND m.role = 'consultant'
			WHERE u.id = ANY(cr.consultant_user_ids) ORDER BY u.email)
		FROM completion_reports cr WHERE cr.voucher_id = $1`, []any{voucherID}, r, func(row pgx.CollectableRow) (ReportInfo, error) {
		x := ReportInfo{Files: files}
		var s, e time.Time
		err := row.Scan(&s, &e, &x.Summary, &x.NextSteps, &x.ReportedAt, &x.Consultants)
		x.DeliveredStart, x.DeliveredEnd = program.DateFromTime(s), program.DateFromTime(e)
		return x, err
	}))
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
	var q Reads
	var p *PaymentInfo
	q.Payment(voucherID, &p)
	return sendOptional(ctx, tx, &q, &p)
}

// Payment queues Tx.Payment(voucherID), into p (nil: no request).
func (q *Reads) Payment(voucherID int64, p **PaymentInfo) {
	q.add(optionalRead(`SELECT state, amount_minor, currency, requested_on, payment_reference, deny_reason, decided_at
		FROM payment_requests WHERE voucher_id = $1`, []any{voucherID}, p, func(row pgx.CollectableRow) (PaymentInfo, error) {
		var x PaymentInfo
		var on time.Time
		err := row.Scan(&x.State, &x.Amount.Minor, &x.Amount.Currency, &on, &x.Reference, &x.DenyReason, &x.DecidedAt)
		x.RequestedOn = program.DateFromTime(on)
		return x, err
	}))
}
