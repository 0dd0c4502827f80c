package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// PeopleToTell lists the people of organisation orgID in the given roles,
// with their language: the recipients of an email to the other party of a
// voucher (the customer's benefit administrators when its partner reports,
// the partner's admins when the program decides its payment). Only their
// emails and languages are read, in that organisation's scope for this one
// statement (its row-level security, as AsIdentity does for a person's
// language), and the transaction's own scope comes back after it.
func (tx *Tx) PeopleToTell(ctx context.Context, orgID int64, roles []program.Role) ([]Recipient, error) {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	switched := orgID != tx.Scope.OrgID && !tx.Scope.Program
	if switched {
		if _, err := tx.Exec(ctx, `SELECT set_config('app.org_id', $1, true)`, idText(orgID)); err != nil {
			return nil, err
		}
	}
	rows, err := tx.Query(ctx, `SELECT m.org_id, m.role, u.email, u.language FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 AND m.role = ANY($2) ORDER BY u.email`, orgID, names)
	var list []Recipient
	if err == nil {
		list, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Recipient, error) {
			var m Recipient
			err := r.Scan(&m.OrgID, &m.Role, &m.Email, &m.Language)
			return m, err
		})
	}
	if switched {
		if _, rerr := tx.Exec(ctx, `SELECT set_config('app.org_id', $1, true)`, idText(tx.Scope.OrgID)); rerr != nil && err == nil {
			err = rerr
		}
	}
	return list, err
}

// PeopleToTellIn is PeopleToTell for many organisations at once (program
// scope: the sweeps), by organisation.
func (tx *Tx) PeopleToTellIn(ctx context.Context, orgIDs []int64, roles []program.Role) (map[int64][]Recipient, error) {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	rows, err := tx.Query(ctx, `SELECT m.org_id, m.role, u.email, u.language FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = ANY($1) AND m.role = ANY($2) ORDER BY m.org_id, u.email`, orgIDs, names)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Recipient, error) {
		var m Recipient
		err := r.Scan(&m.OrgID, &m.Role, &m.Email, &m.Language)
		return m, err
	})
	out := map[int64][]Recipient{}
	for _, m := range list {
		out[m.OrgID] = append(out[m.OrgID], m)
	}
	return out, err
}
