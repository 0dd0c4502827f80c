package app

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// catalogError turns the database's refusals of a catalog change into
// messages: a duplicate, or a reference to something that does not exist.
func catalogError(err error, duplicate string, args ...any) error {
	var pgErr *pgconn.PgError
	switch {
	case store.IsUniqueViolation(err):
		return program.Invalid("name", duplicate, args...)
	case errors.As(err, &pgErr) && pgErr.Code == "23503":
		return program.NotFound("catalog entry")
	}
	return err
}

// CreateOffering adds an offering, cloud or on-premises.
func (a *App) CreateOffering(ctx context.Context, actor Actor, code, name string, cloud bool) error {
	code, name = strings.ToUpper(strings.TrimSpace(code)), strings.TrimSpace(name)
	if code == "" || name == "" || len(code) > 20 {
		return program.Invalid("code", "Enter the offering's code (up to 20 characters) and name.")
	}
	if err := firstError(program.CheckLine("code", code, 20), program.CheckLine("name", name, program.MaxName)); err != nil {
		return err
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, "catalog.offering_added", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		return map[string]any{"code": code, "cloud": cloud}, catalogError(tx.AddOffering(ctx, code, name, cloud), "Offering %s already exists.", code)
	})
}

// CreateCompetency adds a competency.
func (a *App) CreateCompetency(ctx context.Context, actor Actor, name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return program.Invalid("name", "Name the competency.")
	}
	if err := program.CheckLine("name", name, program.MaxName); err != nil {
		return err
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, "catalog.competency_added", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		return map[string]any{"name": name}, catalogError(tx.AddCompetencyToCatalog(ctx, name), "Competency %s already exists.", name)
	})
}

// CreateEngagementType adds an engagement type to an offering; it qualifies
// no partner until a competency is made to qualify for it.
func (a *App) CreateEngagementType(ctx context.Context, actor Actor, offering, name string, lengths []int) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return program.Invalid("name", "Name the engagement type.")
	}
	if err := program.CheckLine("name", name, program.MaxName); err != nil {
		return err
	}
	if err := validLengths(lengths); err != nil {
		return err
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, "catalog.engagement_type_added", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		id, err := tx.AddEngagementType(ctx, offering, name, lengths)
		return map[string]any{"id": id, "offering": offering, "name": name}, catalogError(err, "Engagement type %s already exists.", name)
	})
}

func validLengths(lengths []int) error {
	if len(lengths) == 0 {
		return program.Invalid("lengths", "Allow at least one length.")
	}
	for _, n := range lengths {
		if !program.LengthAllowed(n, nil) {
			return program.Invalid("lengths", "Lengths are 1, 3, 5, 10 or 15 days.")
		}
	}
	return nil
}

// SetQualification makes a competency qualify for an engagement type at a
// minimum level.
func (a *App) SetQualification(ctx context.Context, actor Actor, typeID, competencyID int64, level program.Level) error {
	if level != program.Silver && level != program.Gold {
		return program.Invalid("level", "Choose Silver or Gold.")
	}
	return a.adminStep(ctx, actor, program.ActManageProgram, "catalog.qualification_set", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		return map[string]any{"engagement_type_id": typeID, "competency_id": competencyID, "min_level": string(level)},
			catalogError(tx.SetQualification(ctx, typeID, competencyID, level), "")
	})
}

// RemoveQualification stops a competency qualifying for an engagement type.
func (a *App) RemoveQualification(ctx context.Context, actor Actor, typeID, competencyID int64) error {
	return a.adminStep(ctx, actor, program.ActManageProgram, "catalog.qualification_removed", func(tx *store.Tx, p program.Policy) (map[string]any, error) {
		return map[string]any{"engagement_type_id": typeID, "competency_id": competencyID},
			found(tx.RemoveQualification(ctx, typeID, competencyID), "qualification")
	})
}
