package store

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// Profile is a partner's business profile.
type Profile struct {
	OrgID           int64
	PartnerName     string
	Description     string
	Offerings       []string
	Countries       []string
	ContactEmail    string
	Website         string
	EligibleTypeIDs []int64
	EligibilityOn   program.Date
	Published       bool
	UpdatedAt       time.Time
}

const profileColumns = `p.org_id, o.name, p.description, p.offerings, p.countries, p.contact_email, p.website,
	p.eligible_type_ids, p.eligibility_on, p.published, p.updated_at`

func scanProfile(r pgx.Row) (Profile, error) {
	var p Profile
	var on *time.Time
	err := r.Scan(&p.OrgID, &p.PartnerName, &p.Description, &p.Offerings, &p.Countries, &p.ContactEmail, &p.Website,
		&p.EligibleTypeIDs, &on, &p.Published, &p.UpdatedAt)
	p.EligibilityOn = optDate(on)
	return p, notFound(err)
}

// Profile reads a partner's profile visible in scope (its own, or published).
func (tx *Tx) Profile(ctx context.Context, orgID int64) (Profile, error) {
	return scanProfile(tx.QueryRow(ctx, `SELECT `+profileColumns+` FROM partner_profiles p
		JOIN organisations o ON o.id = p.org_id WHERE p.org_id = $1`, orgID))
}

// SaveProfile creates or replaces a partner's profile.
func (tx *Tx) SaveProfile(ctx context.Context, p Profile) error {
	_, err := tx.Exec(ctx, `INSERT INTO partner_profiles (org_id, description, offerings, countries, contact_email, website,
		eligible_type_ids, eligibility_on, published, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (org_id) DO UPDATE SET description = $2, offerings = $3, countries = $4, contact_email = $5,
		website = $6, eligible_type_ids = $7, eligibility_on = $8, published = $9, updated_at = $10`,
		p.OrgID, p.Description, nonNil(p.Offerings), nonNil(p.Countries), p.ContactEmail, p.Website,
		nonNilIDs(p.EligibleTypeIDs), dateOrNull(p.EligibilityOn), p.Published, tx.Now)
	return err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilIDs(s []int64) []int64 {
	if s == nil {
		return []int64{}
	}
	return s
}

// DirectoryFilter searches published profiles.
type DirectoryFilter struct {
	Offering         string
	EngagementTypeID int64
	Country          string
	Text             string
}

// Directory lists published profiles matching f, by partner name.
func (tx *Tx) Directory(ctx context.Context, f DirectoryFilter) ([]Profile, error) {
	c := conditions{where: []string{"p.published"}}
	if f.Offering != "" {
		c.add("? = ANY(p.offerings)", f.Offering)
	}
	if f.EngagementTypeID != 0 {
		c.add("? = ANY(p.eligible_type_ids)", f.EngagementTypeID)
	}
	if f.Country != "" {
		c.add("? = ANY(p.countries)", strings.ToUpper(f.Country))
	}
	if f.Text != "" {
		c.add("(o.name ILIKE '%' || ? || '%' OR p.description ILIKE '%' || ? || '%')", f.Text) // one parameter, used twice
	}
	rows, err := tx.Query(ctx, `SELECT `+profileColumns+` FROM partner_profiles p JOIN organisations o ON o.id = p.org_id
		`+c.sql()+` ORDER BY o.name LIMIT 200`, c.args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Profile, error) { return scanProfile(r) })
}

// Offerings lists the catalog's offerings (code, name, cloud).
func (tx *Tx) Offerings(ctx context.Context) ([]Offering, error) {
	rows, err := tx.Query(ctx, `SELECT code, name, cloud FROM offerings ORDER BY code`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Offering])
}

// Offering is a DPS family.
type Offering struct {
	Code  string
	Name  string
	Cloud bool
}
