package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

const engagementTypeColumns = `et.id, et.name, et.offering_code, o.cloud, et.allowed_lengths, et.retired,
	ARRAY(SELECT q.competency_id FROM engagement_type_competencies q WHERE q.engagement_type_id = et.id ORDER BY q.competency_id),
	ARRAY(SELECT c.name FROM engagement_type_competencies q JOIN competencies c ON c.id = q.competency_id
		WHERE q.engagement_type_id = et.id ORDER BY q.competency_id),
	ARRAY(SELECT q.min_level FROM engagement_type_competencies q WHERE q.engagement_type_id = et.id ORDER BY q.competency_id)`

// scanEngagementType reads engagementTypeColumns into dest, after any
// columns given before them.
func engagementTypeDest(et *program.EngagementType, ids *[]int64, names, levels *[]string) []any {
	return append(engagementTypeBareDest(et), ids, names, levels)
}

// engagementTypeBareDest is where an engagement type's columns go without
// its qualifying competencies (lists show none).
func engagementTypeBareDest(et *program.EngagementType) []any {
	return []any{&et.ID, &et.Name, &et.Offering, &et.Cloud, &et.AllowedLengths, &et.Retired}
}

func finishEngagementType(et *program.EngagementType, ids []int64, names, levels []string) {
	et.Qualifying = nil
	for i := range ids {
		et.Qualifying = append(et.Qualifying, program.Qualification{CompetencyID: ids[i], Competency: names[i], MinLevel: program.Level(levels[i])})
	}
}

// EngagementTypes lists the catalog's engagement types by offering and name.
func (tx *Tx) EngagementTypes(ctx context.Context) ([]program.EngagementType, error) {
	var out []program.EngagementType
	err := tx.run(ctx, engagementTypesRead(&out))
	return out, err
}

// EngagementTypes queues Tx.EngagementTypes, into out.
func (q *Reads) EngagementTypes(out *[]program.EngagementType) { q.add(engagementTypesRead(out)) }

func engagementTypesRead(out *[]program.EngagementType) read {
	return rowsRead(`SELECT `+engagementTypeColumns+`
		FROM engagement_types et JOIN offerings o ON o.code = et.offering_code ORDER BY et.offering_code, et.name`, nil,
		out, func(r pgx.CollectableRow) (program.EngagementType, error) {
			var et program.EngagementType
			var ids []int64
			var names, levels []string
			err := r.Scan(engagementTypeDest(&et, &ids, &names, &levels)...)
			finishEngagementType(&et, ids, names, levels)
			return et, err
		})
}

// EngagementType reads one engagement type.
func (tx *Tx) EngagementType(ctx context.Context, id int64) (program.EngagementType, error) {
	var et program.EngagementType
	var ids []int64
	var names, levels []string
	err := tx.QueryRow(ctx, `SELECT `+engagementTypeColumns+`
		FROM engagement_types et JOIN offerings o ON o.code = et.offering_code WHERE et.id = $1`, id).
		Scan(engagementTypeDest(&et, &ids, &names, &levels)...)
	finishEngagementType(&et, ids, names, levels)
	return et, notFound(err)
}

// Rates lists every payment rate.
func (tx *Tx) Rates(ctx context.Context) ([]program.Rate, error) {
	rows, err := tx.Query(ctx, `SELECT country, coalesce(offering_code, ''), currency, amount_minor, valid_from, valid_to
		FROM payment_rates ORDER BY country, valid_from`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (program.Rate, error) {
		var rt program.Rate
		var from time.Time
		var to *time.Time
		err := r.Scan(&rt.Country, &rt.Offering, &rt.Currency, &rt.AmountMinor, &from, &to)
		rt.ValidFrom, rt.ValidTo = program.DateFromTime(from), optDate(to)
		return rt, err
	})
}

func optDate(t *time.Time) program.Date {
	if t == nil {
		return program.Date{}
	}
	return program.DateFromTime(*t)
}

// dateOrNull is NULL for the zero Date.
func dateOrNull(d program.Date) *time.Time {
	if d.IsZero() {
		return nil
	}
	t := d.Time()
	return &t
}
