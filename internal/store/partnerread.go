package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// Agreement is a partner's signature of the program agreement.
type Agreement struct {
	Version     string
	SignerName  string
	SignerTitle string
	SignedAt    time.Time
}

// Agreement reads the partner's signature, if any.
func (tx *Tx) Agreement(ctx context.Context, orgID int64) (Agreement, error) {
	var a Agreement
	err := tx.QueryRow(ctx, `SELECT version, signer_name, signer_title, signed_at FROM partner_agreements WHERE org_id = $1`, orgID).
		Scan(&a.Version, &a.SignerName, &a.SignerTitle, &a.SignedAt)
	return a, notFound(err)
}

// EnrollmentRequest is a partner's enrollment in an offering, in any status.
type EnrollmentRequest struct {
	ID          int64
	OrgID       int64
	PartnerName string
	Offering    string
	Status      string // requested, approved, rejected
	ValidFrom   program.Date
	ValidTo     program.Date
	Reason      string
	RequestedAt time.Time
}

const enrollmentRequestColumns = `pe.id, pe.org_id, o.name, pe.offering_code, pe.status, pe.valid_from, pe.valid_to, pe.reason, pe.requested_at`

func scanEnrollmentRequest(r pgx.Row) (EnrollmentRequest, error) {
	var e EnrollmentRequest
	var from, to *time.Time
	err := r.Scan(&e.ID, &e.OrgID, &e.PartnerName, &e.Offering, &e.Status, &from, &to, &e.Reason, &e.RequestedAt)
	e.ValidFrom, e.ValidTo = optDate(from), optDate(to)
	return e, notFound(err)
}

// PartnerEnrollments lists enrollments (every status) visible in scope, of
// one partner or (orgID 0) of all, newest first; status "" means any.
func (tx *Tx) PartnerEnrollments(ctx context.Context, orgID int64, status string) ([]EnrollmentRequest, error) {
	var out []EnrollmentRequest
	err := tx.run(ctx, partnerEnrollmentsRead(orgID, status, &out))
	return out, err
}

// PartnerEnrollments queues Tx.PartnerEnrollments(orgID, status), into out.
func (q *Reads) PartnerEnrollments(orgID int64, status string, out *[]EnrollmentRequest) {
	q.add(partnerEnrollmentsRead(orgID, status, out))
}

func partnerEnrollmentsRead(orgID int64, status string, out *[]EnrollmentRequest) read {
	var c conditions
	if orgID != 0 {
		c.add("pe.org_id = ?", orgID)
	}
	if status != "" {
		c.add("pe.status = ?", status)
	}
	return rowsRead(`SELECT `+enrollmentRequestColumns+` FROM partner_enrollments pe JOIN organisations o ON o.id = pe.org_id`+
		c.sql()+` ORDER BY pe.requested_at DESC, pe.id DESC`, c.args, out,
		func(r pgx.CollectableRow) (EnrollmentRequest, error) { return scanEnrollmentRequest(r) })
}

// LockPartnerEnrollment reads and locks one enrollment request.
func (tx *Tx) LockPartnerEnrollment(ctx context.Context, id int64) (EnrollmentRequest, error) {
	return scanEnrollmentRequest(tx.QueryRow(ctx, `SELECT `+enrollmentRequestColumns+` FROM partner_enrollments pe
		JOIN organisations o ON o.id = pe.org_id WHERE pe.id = $1 FOR UPDATE OF pe`, id))
}

// RequestEnrollment records a partner's request to enroll in an offering.
func (tx *Tx) RequestEnrollment(ctx context.Context, orgID int64, offering string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO partner_enrollments (org_id, offering_code, status, requested_at)
		VALUES ($1, $2, 'requested', $3) RETURNING id`, orgID, offering, tx.Now).Scan(&id)
	return id, err
}

// DecideEnrollment approves (with its validity) or rejects (with a reason) a request.
func (tx *Tx) DecideEnrollment(ctx context.Context, id int64, approve bool, from, to program.Date, reason string) error {
	status := "rejected"
	if approve {
		status = "approved"
	}
	_, err := tx.Exec(ctx, `UPDATE partner_enrollments SET status = $2, valid_from = $3, valid_to = $4, reason = $5, decided_at = $6
		WHERE id = $1 AND status = 'requested'`, id, status, dateOrNull(from), dateOrNull(to), reason, tx.Now)
	return err
}

// Locations lists a partner's locations with their payment registration.
func (tx *Tx) Locations(ctx context.Context, orgID int64) ([]LocationInfo, error) {
	var out []LocationInfo
	err := tx.run(ctx, locationsRead(orgID, &out))
	return out, err
}

// Locations queues Tx.Locations(orgID), into out.
func (q *Reads) Locations(orgID int64, out *[]LocationInfo) { q.add(locationsRead(orgID, out)) }

func locationsRead(orgID int64, out *[]LocationInfo) read {
	return rowsRead(`SELECT l.id, l.name, l.country, coalesce(r.payee_name, ''), coalesce(r.payment_reference, '')
		FROM partner_locations l LEFT JOIN payment_registrations r ON r.location_id = l.id
		WHERE l.org_id = $1 ORDER BY l.name`, []any{orgID}, out, pgx.RowToStructByPos[LocationInfo])
}

// LocationInfo is a location with its payee details, if registered.
type LocationInfo struct {
	ID        int64
	Name      string
	Country   string
	Payee     string
	Reference string
}

// UpsertRegistration records or replaces payee details for a location of orgID.
func (tx *Tx) UpsertRegistration(ctx context.Context, orgID, locationID int64, payee, reference string) error {
	tag, err := tx.Exec(ctx, `INSERT INTO payment_registrations (org_id, location_id, payee_name, payment_reference, created_at)
		SELECT $1, l.id, $3, $4, $5 FROM partner_locations l WHERE l.id = $2 AND l.org_id = $1
		ON CONFLICT (location_id) DO UPDATE SET payee_name = $3, payment_reference = $4`,
		orgID, locationID, payee, reference, tx.Now)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return err
}

// RemoveMembership removes a user from an organisation.
func (tx *Tx) RemoveMembership(ctx context.Context, orgID, userID int64) error {
	tag, err := tx.Exec(ctx, `DELETE FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, userID)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return err
}

// Exam is an exam of the catalog.
type Exam struct {
	ID         int64
	Code       string
	Name       string
	Competency string
}

// Exams lists the exam catalog.
func (tx *Tx) Exams(ctx context.Context) ([]Exam, error) {
	rows, err := tx.Query(ctx, `SELECT x.id, x.code, x.name, c.name FROM exams x JOIN competencies c ON c.id = x.competency_id ORDER BY x.code`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Exam])
}

// PassedExam is an exam a consultant passed.
type PassedExam struct {
	Exam
	Consultant string
	PassedOn   program.Date
}

// PassedExams lists the exams an organisation's consultants passed (one
// user's when userID is not 0).
func (tx *Tx) PassedExams(ctx context.Context, orgID, userID int64) ([]PassedExam, error) {
	rows, err := tx.Query(ctx, `SELECT x.id, x.code, x.name, c.name, u.email, ce.passed_on FROM consultant_exams ce
		JOIN exams x ON x.id = ce.exam_id JOIN competencies c ON c.id = x.competency_id JOIN users u ON u.id = ce.user_id
		WHERE ce.org_id = $1 AND ($2 = 0 OR ce.user_id = $2) ORDER BY u.email, ce.passed_on`, orgID, userID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (PassedExam, error) {
		var p PassedExam
		var on time.Time
		err := r.Scan(&p.ID, &p.Code, &p.Name, &p.Competency, &p.Consultant, &on)
		p.PassedOn = program.DateFromTime(on)
		return p, err
	})
}

// RecordExamByID records an exam a consultant passed.
func (tx *Tx) RecordExamByID(ctx context.Context, orgID, userID, examID int64, passed program.Date) error {
	_, err := tx.Exec(ctx, `INSERT INTO consultant_exams (org_id, user_id, exam_id, passed_on) VALUES ($1, $2, $3, $4)
		ON CONFLICT (org_id, user_id, exam_id) DO UPDATE SET passed_on = $4`, orgID, userID, examID, passed.Time())
	return err
}

// Engagement is a reservation a consultant is on.
type Engagement struct {
	VoucherID      int64
	Code           program.Code12
	CustomerName   string
	EngagementType string
	StartOn        program.Date
	EndOn          program.Date
	State          program.State
}

// EngagementsOf lists the live reservations that name a consultant.
func (tx *Tx) EngagementsOf(ctx context.Context, orgID, userID int64) ([]Engagement, error) {
	rows, err := tx.Query(ctx, `SELECT v.id, v.code, c.name, et.name, r.start_on, r.end_on, v.state
		FROM reservations r JOIN vouchers v ON v.id = r.voucher_id JOIN organisations c ON c.id = v.org_id
		JOIN engagement_types et ON et.id = v.engagement_type_id
		WHERE r.partner_org_id = $1 AND r.cancelled_at IS NULL AND $2 = ANY(r.consultant_user_ids)
		ORDER BY r.start_on, v.id`, orgID, userID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Engagement, error) {
		var e Engagement
		var s, en time.Time
		err := r.Scan(&e.VoucherID, &e.Code, &e.CustomerName, &e.EngagementType, &s, &en, &e.State)
		e.StartOn, e.EndOn = program.DateFromTime(s), program.DateFromTime(en)
		return e, err
	})
}

// PaymentRow is a payment request in a list.
type PaymentRow struct {
	ID          int64
	VoucherID   int64
	Code        program.Code12
	PartnerName string
	Customer    string
	Country     string
	Days        int
	Amount      program.Money
	State       string
	Reference   string
	DenyReason  string
	RequestedOn program.Date
	DecidedAt   *time.Time
	// The voucher's state, redemption day and whether its payment window
	// is closed: what its payment deadline is read from (program.Policy's
	// NextDeadline).
	VoucherState program.State
	RedeemedOn   program.Date
	WindowClosed bool
}

// Voucher is what the program's rules need of the row's voucher to tell
// its payment deadline.
func (p PaymentRow) Voucher() program.Voucher {
	return program.Voucher{ID: p.VoucherID, Code: p.Code, State: p.VoucherState, RedeemedOn: p.RedeemedOn, PaymentWindowClosed: p.WindowClosed}
}

// paymentColumns are a payment row's, read per request (an index lookup
// each) once the requests are chosen.
const paymentColumns = `pr.id, pr.voucher_id, (SELECT v.code FROM vouchers v WHERE v.id = pr.voucher_id),
	(SELECT p.name FROM organisations p WHERE p.id = pr.partner_org_id), (SELECT c.name FROM organisations c WHERE c.id = pr.customer_org_id),
	pr.country, pr.days, pr.amount_minor, pr.currency, pr.state,
	pr.payment_reference, pr.deny_reason, pr.requested_on, pr.decided_at,
	coalesce(pv.state, ''), pv.redeemed_on, coalesce(pv.payment_window_closed, false)
	FROM payment_requests pr LEFT JOIN vouchers pv ON pv.id = pr.voucher_id`

func scanPayment(r pgx.CollectableRow) (PaymentRow, error) {
	var p PaymentRow
	var on time.Time
	var redeemed *time.Time
	err := r.Scan(&p.ID, &p.VoucherID, &p.Code, &p.PartnerName, &p.Customer, &p.Country, &p.Days, &p.Amount.Minor, &p.Amount.Currency,
		&p.State, &p.Reference, &p.DenyReason, &on, &p.DecidedAt, &p.VoucherState, &redeemed, &p.WindowClosed)
	p.RequestedOn, p.RedeemedOn = program.DateFromTime(on), optDate(redeemed)
	return p, err
}

// PaymentFilter selects a page of payment requests: one partner's
// (PartnerOrgID) or all, of one state or any, newest first (Oldest: oldest
// first), after AfterID (keyset, 0 for the first page).
type PaymentFilter struct {
	PartnerOrgID int64
	State        string
	Oldest       bool
	AfterID      int64
	Limit        int
}

// PaymentRequests lists payment requests visible in scope: one partner's
// (partnerOrgID), or all; of one state or any; newest first, after id
// (keyset, 0 for the first page).
func (tx *Tx) PaymentRequests(ctx context.Context, partnerOrgID int64, state string, beforeID int64, limit int) ([]PaymentRow, error) {
	rows, _, err := tx.ListPayments(ctx, PaymentFilter{PartnerOrgID: partnerOrgID, State: state, AfterID: beforeID, Limit: limit}, false)
	return rows, err
}

// paymentWhere is f's filters without its keyset. Only the conditions that
// apply are written, so that a prepared plan can read the index of the
// partner's or the state's requests in order.
func paymentWhere(f PaymentFilter) conditions {
	var c conditions
	if f.PartnerOrgID != 0 {
		c.add("pr.partner_org_id = ?", f.PartnerOrgID)
	}
	if f.State != "" {
		c.add("pr.state = ?", f.State)
	}
	return c
}

// ListPayments lists one page of payment requests in f's order; paged
// reads limit+1 rows to tell whether more follow (else exactly limit).
// Both orders are the id's, served by the indexes on (partner_org_id, id),
// (partner_org_id, state, id) and (state, id).
func (tx *Tx) ListPayments(ctx context.Context, f PaymentFilter, paged bool) ([]PaymentRow, bool, error) {
	var list []PaymentRow
	var more bool
	err := tx.run(ctx, paymentsRead(f, paged, &list, &more))
	return list, more, err
}

// Payments queues Tx.ListPayments(f, paged), into list and more.
func (q *Reads) Payments(f PaymentFilter, paged bool, list *[]PaymentRow, more *bool) {
	q.add(paymentsRead(f, paged, list, more))
}

func paymentsRead(f PaymentFilter, paged bool, list *[]PaymentRow, more *bool) read {
	c := paymentWhere(f)
	order, after := "pr.id DESC", "pr.id < ?"
	if f.Oldest {
		order, after = "pr.id", "pr.id > ?"
	}
	if f.AfterID != 0 {
		c.add(after, f.AfterID)
	}
	limit := f.Limit
	if paged {
		limit = pageLimit(f.Limit, 50, 200)
	}
	n := limit
	if paged {
		n++
	}
	return read{`SELECT ` + paymentColumns + c.sql() +
		fmt.Sprintf(` ORDER BY %s LIMIT %d`, order, n), c.args, func(rows pgx.Rows) error {
		all, err := pgx.CollectRows(rows, scanPayment)
		*list, *more = all, false
		if paged {
			*list, *more = trimPage(all, limit)
		}
		return err
	}}
}

// CountPayments counts the payment requests f's filters keep, up to
// CountCap (true: more than that).
func (tx *Tx) CountPayments(ctx context.Context, f PaymentFilter) (int, bool, error) {
	var n int
	var capped bool
	err := tx.run(ctx, countPaymentsRead(f, &n, &capped))
	return n, capped, err
}

// CountPayments queues Tx.CountPayments(f), into n and capped.
func (q *Reads) CountPayments(f PaymentFilter, n *int, capped *bool) {
	q.add(countPaymentsRead(f, n, capped))
}

func countPaymentsRead(f PaymentFilter, n *int, capped *bool) read {
	// A partner's requests and the program's of one state or all are
	// counted in the tallies their triggers keep (a partner's, by the month
	// requested; the program's, by state), instead of reading up to
	// CountCap+1 of them (issue 11: 0.5 ms a page under load for a partner
	// with 899 requests).
	switch {
	case f.PartnerOrgID != 0 && f.State == "":
		return tallyTotalRead(`SELECT coalesce(sum(n), 0)::bigint FROM tallies WHERE scope = 'partner' AND key_id = $1 AND item LIKE 'requested:%'`,
			[]any{f.PartnerOrgID}, n, capped)
	case f.PartnerOrgID == 0 && (f.State == "" || slices.Contains(paymentStates, f.State)):
		items := "payment:%" // 'payment:<state>:<currency>'
		if f.State != "" {
			items = "payment:" + f.State + ":%"
		}
		return tallyTotalRead(`SELECT coalesce(sum(n), 0)::bigint FROM tallies WHERE scope = 'program' AND key_id = 0 AND item LIKE $1`,
			[]any{items}, n, capped)
	}
	c := paymentWhere(f)
	return countCappedRead(`SELECT 1 FROM payment_requests pr`+c.sql(), c.args, n, capped)
}

// paymentStates are the states of a payment request (payment_requests'
// check).
var paymentStates = []string{"requested", "paid", "denied"}

// tallyTotalRead reads a total from the tallies into n, capped at
// CountCap as a counted list is (capped: more than that).
func tallyTotalRead(sql string, args []any, n *int, capped *bool) read {
	return read{sql, args, func(r pgx.Rows) error {
		total, err := pgx.CollectExactlyOneRow(r, pgx.RowTo[int])
		*n, *capped = capCount(total)
		return err
	}}
}

// EachPaid calls fn for every paid request decided in [from, to) (a zero
// bound is open), newest first, reading row by row: an export never holds
// them all in memory.
func (tx *Tx) EachPaid(ctx context.Context, from, to time.Time, fn func(PaymentRow) error) error {
	var lo, hi *time.Time
	if !from.IsZero() {
		lo = &from
	}
	if !to.IsZero() {
		hi = &to
	}
	rows, err := tx.Query(ctx, `SELECT `+paymentColumns+`
		WHERE pr.state = 'paid' AND pr.decided_at IS NOT NULL AND ($1::timestamptz IS NULL OR pr.decided_at >= $1) AND ($2::timestamptz IS NULL OR pr.decided_at < $2)
		ORDER BY pr.decided_at DESC, pr.id DESC`, lo, hi)
	if err != nil {
		return err
	}
	return each(rows, scanPayment, fn)
}

// NamedConsultant reports whether a user is named on a voucher's live
// reservation or on its completion report.
func (tx *Tx) NamedConsultant(ctx context.Context, voucherID, userID int64) (bool, error) {
	var named bool
	err := tx.run(ctx, namedConsultantRead(voucherID, userID, &named))
	return named, err
}

// NamedConsultant queues Tx.NamedConsultant(voucherID, userID), into named.
func (q *Reads) NamedConsultant(voucherID, userID int64, named *bool) {
	q.add(namedConsultantRead(voucherID, userID, named))
}

func namedConsultantRead(voucherID, userID int64, named *bool) read {
	return read{`SELECT EXISTS (SELECT 1 FROM reservations WHERE voucher_id = $1 AND cancelled_at IS NULL
			AND consultant_user_ids @> ARRAY[$2::bigint])
		OR EXISTS (SELECT 1 FROM completion_reports WHERE voucher_id = $1 AND consultant_user_ids @> ARRAY[$2::bigint])`,
		[]any{voucherID, userID}, func(rows pgx.Rows) error {
			var err error
			*named, err = pgx.CollectExactlyOneRow(rows, pgx.RowTo[bool])
			return err
		}}
}
