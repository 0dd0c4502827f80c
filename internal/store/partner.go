package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// Partner gathers what the program knows of a partner organisation.
func (tx *Tx) Partner(ctx context.Context, orgID int64) (program.Partner, error) {
	// One round trip for the six reads (issue 11: the partner home page and
	// every reservation read them).
	var q Reads
	var pt program.Partner
	q.Partner(orgID, &pt)
	return pt, tx.Send(ctx, &q)
}

// Partner queues Tx.Partner(orgID)'s reads, into pt.
func (q *Reads) Partner(orgID int64, pt *program.Partner) {
	*pt = program.Partner{OrgID: orgID, ConsultantCompetencies: map[int64][]int64{}}
	b := &q.b
	b.Queue(`SELECT EXISTS (SELECT 1 FROM partner_agreements WHERE org_id = $1)`, orgID).
		QueryRow(func(r pgx.Row) error { return r.Scan(&pt.AgreementSigned) })
	b.Queue(`SELECT offering_code, valid_from, valid_to FROM partner_enrollments
		WHERE org_id = $1 AND status = 'approved' ORDER BY valid_from`, orgID).Query(func(rows pgx.Rows) error {
		var err error
		pt.Enrollments, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.PartnerEnrollment, error) {
			var e program.PartnerEnrollment
			var from, to *time.Time // an approved enrollment has both (the schema says so since 000004)
			err := r.Scan(&e.Offering, &from, &to)
			e.ValidFrom, e.ValidTo = optDate(from), optDate(to)
			return e, err
		})
		return err
	})
	b.Queue(`SELECT competency_id, level, valid_from, valid_to FROM partner_competencies WHERE org_id = $1`, orgID).
		Query(func(rows pgx.Rows) error {
			var err error
			pt.Competencies, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.HeldCompetency, error) {
				var c program.HeldCompetency
				var from time.Time
				var to *time.Time
				err := r.Scan(&c.CompetencyID, &c.Level, &from, &to)
				c.ValidFrom, c.ValidTo = program.DateFromTime(from), optDate(to)
				return c, err
			})
			return err
		})
	b.Queue(`SELECT id, name, country FROM partner_locations WHERE org_id = $1 ORDER BY name`, orgID).
		Query(func(rows pgx.Rows) error {
			var err error
			pt.Locations, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.Location, error) {
				var l program.Location
				err := r.Scan(&l.ID, &l.Name, &l.Country)
				return l, err
			})
			return err
		})
	b.Queue(`SELECT user_id FROM memberships WHERE org_id = $1 AND role = 'consultant' ORDER BY user_id`, orgID).
		Query(func(rows pgx.Rows) error {
			var err error
			pt.Consultants, err = pgx.CollectRows(rows, pgx.RowTo[int64])
			return err
		})
	b.Queue(`SELECT ce.user_id, x.competency_id FROM consultant_exams ce JOIN exams x ON x.id = ce.exam_id
		JOIN memberships m ON m.user_id = ce.user_id AND m.org_id = ce.org_id
		WHERE ce.org_id = $1 ORDER BY 1, 2`, orgID).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var user, comp int64
			if err := rows.Scan(&user, &comp); err != nil {
				return err
			}
			pt.ConsultantCompetencies[user] = append(pt.ConsultantCompetencies[user], comp)
		}
		return rows.Err()
	})
}

// InsertReservation records a live reservation; the database allows one per
// voucher.
func (tx *Tx) InsertReservation(ctx context.Context, v program.Voucher, locationID int64, start, end program.Date, consultants []int64) error {
	if consultants == nil {
		consultants = []int64{}
	}
	_, err := tx.Exec(ctx, `INSERT INTO reservations (voucher_id, partner_org_id, customer_org_id, location_id, start_on, end_on,
		consultant_user_ids, terms_accepted_at, reserved_by, reserved_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8)`,
		v.ID, v.PartnerOrgID, v.CustomerOrgID, locationID, start.Time(), end.Time(), consultants, tx.Now, nullID(tx.Scope.UserID))
	return err
}

// Reservation is a voucher's live reservation.
type Reservation struct {
	ID          int64
	LocationID  int64
	StartOn     program.Date
	EndOn       program.Date
	Consultants []int64
}

// LiveReservation reads a voucher's live reservation.
func (tx *Tx) LiveReservation(ctx context.Context, voucherID int64) (Reservation, error) {
	var r Reservation
	var start, end time.Time
	err := tx.QueryRow(ctx, `SELECT id, location_id, start_on, end_on, consultant_user_ids FROM reservations
		WHERE voucher_id = $1 AND cancelled_at IS NULL`, voucherID).Scan(&r.ID, &r.LocationID, &start, &end, &r.Consultants)
	r.StartOn, r.EndOn = program.DateFromTime(start), program.DateFromTime(end)
	return r, notFound(err)
}

// File is an uploaded deliverable.
type File struct {
	Name        string
	ContentType string
	Content     []byte
	Kind        program.DeliverableKind // its type (DOMAIN.md §9)
}

// InsertReport stores a completion report and its deliverables.
func (tx *Tx) InsertReport(ctx context.Context, v program.Voucher, reservationID int64, r program.Report, files []File) error {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO completion_reports (voucher_id, reservation_id, partner_org_id, customer_org_id,
		delivered_start, delivered_end, consultant_user_ids, summary, next_steps, reported_by, reported_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		v.ID, reservationID, v.PartnerOrgID, v.CustomerOrgID, r.DeliveredStart.Time(), r.DeliveredEnd.Time(),
		r.Consultants, r.Summary, r.NextSteps, nullID(tx.Scope.UserID), tx.Now).Scan(&id)
	if err != nil {
		return err
	}
	for _, f := range files {
		if _, err := tx.Exec(ctx, `INSERT INTO deliverables (report_id, partner_org_id, customer_org_id, filename, content_type, content, created_at, kind)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, v.PartnerOrgID, v.CustomerOrgID, f.Name, f.ContentType, f.Content, tx.Now, string(f.Kind)); err != nil {
			return err
		}
	}
	return nil
}

// InsertRedemption records a redemption.
func (tx *Tx) InsertRedemption(ctx context.Context, v program.Voucher) error {
	_, err := tx.Exec(ctx, `INSERT INTO redemptions (voucher_id, partner_org_id, customer_org_id, redeemed_on, redeemed_by, redeemed_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, v.ID, v.PartnerOrgID, v.CustomerOrgID, v.RedeemedOn.Time(), nullID(tx.Scope.UserID), tx.Now)
	return err
}

// PaymentRegistered reports whether a partner has payee details for a location.
func (tx *Tx) PaymentRegistered(ctx context.Context, orgID, locationID int64) (bool, error) {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM payment_registrations WHERE org_id = $1 AND location_id = $2)`,
		orgID, locationID).Scan(&ok)
	return ok, err
}

// InsertPaymentRequest records a payment request; the database allows one
// per voucher.
func (tx *Tx) InsertPaymentRequest(ctx context.Context, v program.Voucher, locationID int64, amount program.Money, today program.Date) error {
	rate := amount.Minor / int64(v.Days)
	_, err := tx.Exec(ctx, `INSERT INTO payment_requests (voucher_id, partner_org_id, customer_org_id, location_id, country, days,
		rate_minor, amount_minor, currency, state, requested_on, requested_by, requested_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'requested', $10, $11, $12)`,
		v.ID, v.PartnerOrgID, v.CustomerOrgID, locationID, v.Country, v.Days, rate, amount.Minor, amount.Currency,
		today.Time(), nullID(tx.Scope.UserID), tx.Now)
	return err
}

// DecidePaymentRequest records a global admin's approval or denial.
func (tx *Tx) DecidePaymentRequest(ctx context.Context, voucherID int64, paid bool, text string) error {
	state, ref, reason := "denied", "", text
	if paid {
		state, ref, reason = "paid", text, ""
	}
	tag, err := tx.Exec(ctx, `UPDATE payment_requests SET state = $2, payment_reference = $3, deny_reason = $4,
		decided_by = $5, decided_at = $6 WHERE voucher_id = $1 AND state = 'requested'`,
		voucherID, state, ref, reason, nullID(tx.Scope.UserID), tx.Now)
	if err == nil && tag.RowsAffected() != 1 {
		return ErrNotFound
	}
	return err
}

// SignAgreement records the partner's signature of the program agreement.
func (tx *Tx) SignAgreement(ctx context.Context, orgID int64, version, name, title string) error {
	_, err := tx.Exec(ctx, `INSERT INTO partner_agreements (org_id, version, signer_name, signer_title, signed_by, signed_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, orgID, version, name, title, nullID(tx.Scope.UserID), tx.Now)
	return err
}

// ApprovedEnrollment records a partner's approved enrollment in an offering.
func (tx *Tx) ApprovedEnrollment(ctx context.Context, orgID int64, offering string, from, to program.Date) error {
	_, err := tx.Exec(ctx, `INSERT INTO partner_enrollments (org_id, offering_code, status, valid_from, valid_to, requested_at, decided_at)
		VALUES ($1, $2, 'approved', $3, $4, $5, $5)`, orgID, offering, from.Time(), to.Time(), tx.Now)
	return err
}

// AddCompetency records a competency a partner holds.
func (tx *Tx) AddCompetency(ctx context.Context, orgID int64, competency string, level program.Level, from program.Date) error {
	_, err := tx.Exec(ctx, `INSERT INTO partner_competencies (org_id, competency_id, level, valid_from)
		SELECT $1, id, $3, $4 FROM competencies WHERE name = $2`, orgID, competency, level, from.Time())
	return err
}

// AddLocation adds a partner location.
func (tx *Tx) AddLocation(ctx context.Context, orgID int64, name, country string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO partner_locations (org_id, name, country) VALUES ($1, $2, $3) RETURNING id`,
		orgID, name, country).Scan(&id)
	return id, err
}

// RegisterPayment records payee details for a location.
func (tx *Tx) RegisterPayment(ctx context.Context, orgID, locationID int64, payee, reference string) error {
	_, err := tx.Exec(ctx, `INSERT INTO payment_registrations (org_id, location_id, payee_name, payment_reference, created_at)
		VALUES ($1, $2, $3, $4, $5)`, orgID, locationID, payee, reference, tx.Now)
	return err
}

// RecordExam records an exam a consultant passed.
func (tx *Tx) RecordExam(ctx context.Context, orgID, userID int64, examCode string, passed program.Date) error {
	_, err := tx.Exec(ctx, `INSERT INTO consultant_exams (org_id, user_id, exam_id, passed_on)
		SELECT $1, $2, id, $4 FROM exams WHERE code = $3`, orgID, userID, examCode, passed.Time())
	return err
}
