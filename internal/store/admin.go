package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// OrgFilter searches organisations, by name then id (keyset).
type OrgFilter struct {
	Name string
	Kind program.OrgKind
	// Sort is OrgByName (the default), OrgByNameDesc or OrgNewest; the
	// keyset is (AfterName, AfterID) by name, AfterID newest first.
	Sort      string
	AfterName string
	AfterID   int64
	Limit     int
}

// The organisation list's orders: by name (organisations_name_idx, either
// way) or newest first (the primary key).
const (
	OrgByName     = "name"
	OrgByNameDesc = "name-desc"
	OrgNewest     = "newest"
)

// orgWhere is f's filters without its keyset.
const orgWhere = `($1 = '' OR name ILIKE '%' || $1 || '%') AND ($2 = '' OR kind = $2)`

// Orgs lists organisations matching f and whether more follow.
func (tx *Tx) Orgs(ctx context.Context, f OrgFilter) ([]Org, bool, error) {
	var list []Org
	var more bool
	err := tx.run(ctx, orgsRead(f, &list, &more))
	return list, more, err
}

// Orgs queues Tx.Orgs(f), into list and more.
func (q *Reads) Orgs(f OrgFilter, list *[]Org, more *bool) { q.add(orgsRead(f, list, more)) }

func orgsRead(f OrgFilter, list *[]Org, more *bool) read {
	limit := pageLimit(f.Limit, 50, 200)
	order, after := "lower(name), id", "(lower(name), id) > (lower($3), $4)"
	switch f.Sort {
	case OrgByNameDesc:
		order, after = "lower(name) DESC, id DESC", "(lower(name), id) < (lower($3), $4)"
	case OrgNewest:
		order, after = "id DESC", "(id < $4 AND $3::text IS NOT NULL)"
	}
	return read{`SELECT id, name, kind, suspended_at IS NOT NULL FROM organisations
		WHERE ` + orgWhere + ` AND ($4 = 0 OR ` + after + `)
		ORDER BY ` + order + ` LIMIT $5`, []any{f.Name, string(f.Kind), f.AfterName, f.AfterID, limit + 1}, func(rows pgx.Rows) error {
		all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Org, error) {
			var o Org
			err := r.Scan(&o.ID, &o.Name, &o.Kind, &o.Suspended)
			return o, err
		})
		*list, *more = trimPage(all, limit)
		return err
	}}
}

// CountOrgs counts the organisations f's filters keep, up to CountCap
// (true: more than that).
func (tx *Tx) CountOrgs(ctx context.Context, f OrgFilter) (int, bool, error) {
	var n int
	var capped bool
	err := tx.run(ctx, countOrgsRead(f, &n, &capped))
	return n, capped, err
}

// CountOrgs queues Tx.CountOrgs(f), into n and capped.
func (q *Reads) CountOrgs(f OrgFilter, n *int, capped *bool) { q.add(countOrgsRead(f, n, capped)) }

func countOrgsRead(f OrgFilter, n *int, capped *bool) read {
	// Read in the list's order, so that the name index serves the count.
	return countCappedRead(`SELECT 1 FROM organisations WHERE `+orgWhere+` ORDER BY lower(name), id`, []any{f.Name, string(f.Kind)}, n, capped)
}

// SetSuspended suspends or reactivates an organisation.
func (tx *Tx) SetSuspended(ctx context.Context, orgID int64, suspended bool) error {
	var at *time.Time
	if suspended {
		at = &tx.Now
	}
	tag, err := tx.Exec(ctx, `UPDATE organisations SET suspended_at = $2 WHERE id = $1 AND kind <> 'program'`, orgID, at)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return err
}

// SetPassword sets a user's password hash.
func (tx *Tx) SetPassword(ctx context.Context, userID int64, hash string) error {
	_, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, userID, hash)
	return err
}

// Stats are the program's numbers at a glance.
type Stats struct {
	Accrued, Converted, InVouchers, Redeemed, Forfeited, Removed int
	EnrollmentsWithDays, DaysRemaining                           int
	ByState                                                      map[program.State]int
	Payments                                                     map[string]PaymentTotal
	EnrollmentRequests                                           int
	// Days put into vouchers by the month they were created, and days
	// redeemed by the month of their redemption (keys: first days).
	CreatedByMonth, RedeemedByMonth map[program.Date]int
}

// PaymentTotal counts payment requests of a state and sums them by currency.
type PaymentTotal struct {
	Count  int
	Totals []program.Money
}

// AuditFilter selects audit events, newest first (keyset on id).
type AuditFilter struct {
	OrgID     int64
	OrgIDs    []int64 // the events about any of these organisations (nil: any)
	OrgName   string  // resolved to OrgIDs by the use case (MatchOrganisations)
	Actor     string
	VoucherID int64
	Code      string // a voucher ID as program.ParseCode reads it
	Action    string
	From, To  program.Date // inclusive program-local days, read in loc
	Loc       *time.Location
	BeforeID  int64
	Limit     int // 0: no limit (export)
}

func (f AuditFilter) where() (string, []any) {
	c := f.conditions()
	return c.sql(), c.args
}

func (f AuditFilter) conditions() conditions {
	var c conditions
	if f.OrgID != 0 {
		c.add("(org_id = ? OR customer_org_id = ? OR partner_org_id = ?)", f.OrgID)
	}
	if f.OrgIDs != nil {
		c.add("(org_id = ANY(?) OR customer_org_id = ANY(?) OR partner_org_id = ANY(?))", f.OrgIDs)
	}
	if f.Actor != "" {
		c.add("actor ILIKE '%' || ? || '%'", f.Actor)
	}
	if f.VoucherID != 0 {
		c.add("voucher_id = ?", f.VoucherID)
	}
	if f.Code != "" { // no such voucher: no events
		c.add("voucher_id = (SELECT id FROM vouchers WHERE code = ?)", f.Code)
	}
	if f.Action != "" {
		c.add("action = ?", f.Action)
	}
	loc := f.Loc
	if loc == nil {
		loc = time.UTC
	}
	if !f.From.IsZero() {
		c.add("occurred_at >= ?", f.From.In(loc))
	}
	if !f.To.IsZero() {
		c.add("occurred_at < ?", f.To.AddDays(1).In(loc))
	}
	if f.BeforeID != 0 {
		c.add("id < ?", f.BeforeID)
	}
	return c
}

// byOrganisations is the page query of a filter on organisations: the
// newest events of each organisation by each of its three indexes, then the
// newest of those. One OR of the three columns, ordered by id, makes the
// planner walk the whole log backwards (1.5 s at 2.7 million events). Its
// plan is the same for any list of organisations, but the generic one is
// costed for a hundred of them, so PostgreSQL would plan it afresh at every
// page (1.5 ms, more than it runs): AuditEvents runs it with its generic
// plan (Tx.runGeneric).
func (f AuditFilter) byOrganisations(limit int) (string, []any) {
	ids := f.OrgIDs
	if ids == nil {
		ids, f.OrgID = []int64{f.OrgID}, 0
	}
	f.OrgIDs = nil
	c := f.conditions()
	rest := ""
	for _, cond := range c.where {
		rest += " AND " + cond
	}
	args := append(c.args, ids)
	branch := func(column string) string {
		return fmt.Sprintf(`(SELECT id FROM audit_events WHERE %s = o.id%s ORDER BY id DESC LIMIT %d)`, column, rest, limit)
	}
	return fmt.Sprintf(`SELECT `+auditColumns+` FROM audit_events WHERE id IN (SELECT e.id FROM unnest($%d::bigint[]) AS o (id),
		LATERAL (%s UNION ALL %s UNION ALL %s) AS e) ORDER BY id DESC LIMIT %d`,
		len(args), branch("org_id"), branch("customer_org_id"), branch("partner_org_id"), limit), args
}

// MatchOrganisations lists the ids of the organisations whose name contains
// name (any case), at most limit of them in name order, and whether more
// match, for a filter on their ids. It is planned for each name (an
// unnamed statement): three characters or more are found by the trigram
// index (000150); a plan made once for any name would walk the name index
// through every organisation instead.
func (tx *Tx) MatchOrganisations(ctx context.Context, name string, limit int) ([]int64, bool, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM organisations WHERE name ILIKE '%' || $1 || '%'
		ORDER BY lower(name), id LIMIT $2`, pgx.QueryExecModeExec, likeEscaped(name), limit+1)
	if err != nil {
		return nil, false, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, false, err
	}
	ids, more := trimPage(ids, limit)
	return ids, more, nil
}

// likeEscaped is s matched literally by LIKE (its escape is a backslash).
func likeEscaped(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

const auditColumns = `id, actor, coalesce(org_id, 0), action, coalesce(voucher_id, 0), before_state, after_state, details, request_id, occurred_at`

// AuditEvents lists one page of audit events and whether more follow.
func (tx *Tx) AuditEvents(ctx context.Context, f AuditFilter) ([]AuditEvent, bool, error) {
	limit := pageLimit(f.Limit, 50, 500)
	where, args := f.where()
	sql := `SELECT ` + auditColumns + ` FROM audit_events` + where + fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, limit+1)
	var list []AuditEvent
	page := rowsRead(sql, args, &list, scanAudit)
	if f.OrgID != 0 || f.OrgIDs != nil {
		page.sql, page.args = f.byOrganisations(limit + 1)
	}
	if err := tx.runGeneric(ctx, page); err != nil {
		return nil, false, err
	}
	list, more := trimPage(list, limit)
	return list, more, nil
}

// EachAuditEvent calls fn for every event matching f, oldest first, reading
// row by row: an export never holds the whole log in memory.
func (tx *Tx) EachAuditEvent(ctx context.Context, f AuditFilter, fn func(AuditEvent) error) error {
	where, args := f.where()
	rows, err := tx.Query(ctx, `SELECT `+auditColumns+` FROM audit_events`+where+` ORDER BY id`, args...)
	if err != nil {
		return err
	}
	return each(rows, scanAudit, fn)
}

// each calls fn with every row as scan reads it, one at a time, and closes
// rows.
func each[T any](rows pgx.Rows, scan func(pgx.CollectableRow) (T, error), fn func(T) error) error {
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Competency is a catalog competency.
type Competency struct {
	ID   int64
	Name string
}

// Competencies lists the catalog's competencies.
func (tx *Tx) Competencies(ctx context.Context) ([]Competency, error) {
	rows, err := tx.Query(ctx, `SELECT id, name FROM competencies ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Competency])
}

// HeldCompetencyRow is a partner's competency with its name.
type HeldCompetencyRow struct {
	ID        int64
	Name      string
	Level     program.Level
	ValidFrom program.Date
	ValidTo   program.Date
}

// PartnerCompetencies lists a partner's competencies.
func (tx *Tx) PartnerCompetencies(ctx context.Context, orgID int64) ([]HeldCompetencyRow, error) {
	rows, err := tx.Query(ctx, `SELECT pc.id, c.name, pc.level, pc.valid_from, pc.valid_to FROM partner_competencies pc
		JOIN competencies c ON c.id = pc.competency_id WHERE pc.org_id = $1 ORDER BY c.name, pc.valid_from`, orgID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (HeldCompetencyRow, error) {
		var h HeldCompetencyRow
		var from time.Time
		var to *time.Time
		err := r.Scan(&h.ID, &h.Name, &h.Level, &from, &to)
		h.ValidFrom, h.ValidTo = program.DateFromTime(from), optDate(to)
		return h, err
	})
}

// AddCompetencyByID records a competency a partner holds.
func (tx *Tx) AddCompetencyByID(ctx context.Context, orgID, competencyID int64, level program.Level, from program.Date) error {
	_, err := tx.Exec(ctx, `INSERT INTO partner_competencies (org_id, competency_id, level, valid_from) VALUES ($1, $2, $3, $4)`,
		orgID, competencyID, level, from.Time())
	return err
}

// EndCompetency ends a partner competency on a day.
func (tx *Tx) EndCompetency(ctx context.Context, orgID, id int64, on program.Date) error {
	tag, err := tx.Exec(ctx, `UPDATE partner_competencies SET valid_to = $3 WHERE id = $2 AND org_id = $1 AND valid_from <= $3`,
		orgID, id, on.Time())
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return err
}

// AddRate adds a payment rate.
func (tx *Tx) AddRate(ctx context.Context, r program.Rate) error {
	var offering *string
	if r.Offering != "" {
		offering = &r.Offering
	}
	_, err := tx.Exec(ctx, `INSERT INTO payment_rates (country, offering_code, currency, amount_minor, valid_from, valid_to)
		VALUES ($1, $2, $3, $4, $5, $6)`, r.Country, offering, r.Currency, r.AmountMinor, r.ValidFrom.Time(), dateOrNull(r.ValidTo))
	return err
}

// AddExam adds an exam qualifying for a competency.
func (tx *Tx) AddExam(ctx context.Context, code, name string, competencyID int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO exams (code, name, competency_id) VALUES ($1, $2, $3)`, code, name, competencyID)
	return err
}

// UpdateEngagementType sets an engagement type's allowed lengths and retired flag.
func (tx *Tx) UpdateEngagementType(ctx context.Context, id int64, lengths []int, retired bool) error {
	tag, err := tx.Exec(ctx, `UPDATE engagement_types SET allowed_lengths = $2, retired = $3 WHERE id = $1`, id, lengths, retired)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return err
}

// EnrollmentByAgreement finds an SA enrollment by its agreement number
// (program scope).
func (tx *Tx) EnrollmentByAgreement(ctx context.Context, agreement string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM sa_enrollments WHERE agreement_number = $1`, agreement).Scan(&id)
	return id, notFound(err)
}

// AddOffering adds an offering.
func (tx *Tx) AddOffering(ctx context.Context, code, name string, cloud bool) error {
	_, err := tx.Exec(ctx, `INSERT INTO offerings (code, name, cloud) VALUES ($1, $2, $3)`, code, name, cloud)
	return err
}

// AddCompetencyToCatalog adds a competency.
func (tx *Tx) AddCompetencyToCatalog(ctx context.Context, name string) error {
	_, err := tx.Exec(ctx, `INSERT INTO competencies (name) VALUES ($1)`, name)
	return err
}

// AddEngagementType adds an engagement type of an offering.
func (tx *Tx) AddEngagementType(ctx context.Context, offering, name string, lengths []int) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO engagement_types (offering_code, name, allowed_lengths) VALUES ($1, $2, $3) RETURNING id`,
		offering, name, lengths).Scan(&id)
	return id, err
}

// SetQualification makes a competency qualify for an engagement type at a
// minimum level (replacing its level if it already qualifies).
func (tx *Tx) SetQualification(ctx context.Context, typeID, competencyID int64, level program.Level) error {
	_, err := tx.Exec(ctx, `INSERT INTO engagement_type_competencies (engagement_type_id, competency_id, min_level)
		VALUES ($1, $2, $3) ON CONFLICT (engagement_type_id, competency_id) DO UPDATE SET min_level = $3`, typeID, competencyID, level)
	return err
}

// RemoveQualification stops a competency qualifying for an engagement type.
func (tx *Tx) RemoveQualification(ctx context.Context, typeID, competencyID int64) error {
	tag, err := tx.Exec(ctx, `DELETE FROM engagement_type_competencies WHERE engagement_type_id = $1 AND competency_id = $2`, typeID, competencyID)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return err
}
