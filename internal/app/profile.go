package app

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// ProfileInput is a partner's business profile as edited.
type ProfileInput struct {
	Description  string
	Offerings    []string
	Countries    []string
	ContactEmail string
	Website      string
	Published    bool
}

// SaveProfile creates or updates the actor's partner profile. It records
// which engagement types the partner is eligible for today, so that the
// customers' directory can search by them.
func (a *App) SaveProfile(ctx context.Context, actor Actor, in ProfileInput) error {
	if err := program.Authorize(actor.Role, program.ActEditProfile); err != nil {
		return err
	}
	desc := strings.TrimSpace(in.Description)
	switch {
	case desc == "":
		return program.Invalid("description", "Describe what your organisation does.")
	case program.CheckParagraphs("description", desc, 4000) != nil:
		return program.CheckParagraphs("description", desc, 4000)
	case len(in.Offerings) == 0:
		return program.Invalid("offerings", "Choose at least one offering.")
	}
	var countries []string
	for _, c := range in.Countries {
		c = strings.ToUpper(strings.TrimSpace(c))
		if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
			return program.Invalid("countries", "Countries are two-letter codes such as US or FR, separated by commas.")
		}
		if !slices.Contains(countries, c) {
			countries = append(countries, c)
		}
	}
	email := ""
	if strings.TrimSpace(in.ContactEmail) != "" {
		var err error
		if email, err = program.NormalizeEmail("contact_email", in.ContactEmail); err != nil {
			return err
		}
	}
	site := strings.TrimSpace(in.Website)
	if err := program.CheckLine("website", site, program.MaxName); err != nil {
		return err
	}
	if site != "" {
		u, err := url.Parse(site)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return program.Invalid("website", "Enter a web address starting with https://.")
		}
	}
	return a.transact(ctx, actor.scope(), func(tx *store.Tx, p program.Policy) error {
		today := p.Today(tx.Now)
		offerings, err := tx.Offerings(ctx)
		if err != nil {
			return err
		}
		for _, o := range in.Offerings {
			if !slices.ContainsFunc(offerings, func(x store.Offering) bool { return x.Code == o }) {
				return program.Invalid("offerings", "%q is not an offering of the program.", o)
			}
		}
		pt, err := tx.Partner(ctx, actor.OrgID)
		if err != nil {
			return err
		}
		types, err := tx.EngagementTypes(ctx)
		if err != nil {
			return err
		}
		var eligible []int64
		for _, t := range types {
			if program.Eligible(t, pt, today) {
				eligible = append(eligible, t.ID)
			}
		}
		prof := store.Profile{OrgID: actor.OrgID, Description: desc, Offerings: in.Offerings, Countries: countries,
			ContactEmail: email, Website: site, EligibleTypeIDs: eligible, EligibilityOn: today, Published: in.Published}
		if err := tx.SaveProfile(ctx, prof); err != nil {
			return err
		}
		return tx.Audit(ctx, actor.audit(), program.Event{Action: "profile.saved", Details: map[string]any{"published": in.Published}}, nil)
	})
}
