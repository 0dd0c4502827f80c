package app

import (
	"context"
	"errors"

	"sapsportal/internal/auth"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// Calendar is a person's deadlines, for their private feed.
type Calendar struct {
	Policy   program.Policy
	Email    string
	Language string // the person's, for the events' words
	Events   []CalendarEvent
}

// CalendarEvent is a deadline and the area of the portal it is seen in.
type CalendarEvent struct {
	program.Deadline
	Partner bool // seen as a partner (else as a customer)
}

// ErrNoFeed is a calendar address that is not (or no longer) anyone's.
var ErrNoFeed = program.NotFound("calendar feed")

// CreateCalendarFeed gives the actor a new private calendar address and
// returns its token (shown once: only its hash is kept), ending any
// earlier one.
func (a *App) CreateCalendarFeed(ctx context.Context, actor Actor) (string, error) {
	token, hash := auth.NewToken()
	err := a.accountStep(ctx, actor, "calendar.created", func(tx *store.Tx, u store.User) (map[string]any, error) {
		return nil, tx.SetCalendarFeed(ctx, u.ID, hash)
	})
	return token, err
}

// RevokeCalendarFeed ends the actor's calendar address.
func (a *App) RevokeCalendarFeed(ctx context.Context, actor Actor) error {
	return a.accountStep(ctx, actor, "calendar.revoked", func(tx *store.Tx, u store.User) (map[string]any, error) {
		ok, err := tx.DeleteCalendarFeed(ctx, u.ID)
		if err == nil && !ok {
			err = program.Refuse(program.CodeWrongState, "You have no calendar feed to turn off.")
		}
		return nil, err
	})
}

// CalendarFeed reads the deadlines of the person whose feed token is, each
// organisation's in that organisation's own scope.
func (a *App) CalendarFeed(ctx context.Context, token string) (Calendar, error) {
	var c Calendar
	var userID int64
	now := a.Clock.Now()
	err := a.Store.Transact(ctx, store.Scope{Identity: true}, now, func(tx *store.Tx) error {
		var err error
		userID, err = tx.CalendarFeedUser(ctx, auth.TokenHash(token))
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return c, ErrNoFeed
	}
	if err != nil {
		return c, err
	}
	var ms []store.Membership
	err = a.transactAnyTime(ctx, store.Scope{UserID: userID}, func(tx *store.Tx, p program.Policy) error {
		c.Policy = p
		u, err := tx.LockUser(ctx, userID)
		if err != nil {
			return err
		}
		c.Email, c.Language = u.Email, u.Language
		ms, err = tx.Memberships(ctx, userID)
		return err
	})
	if err != nil {
		return c, err
	}
	seen := map[string]bool{}
	for _, m := range ms {
		if m.Suspended {
			continue
		}
		err := a.Store.TransactRead(ctx, store.Scope{OrgID: m.OrgID, UserID: userID}, now, func(tx *store.Tx) error {
			vs, err := tx.CalendarVouchers(ctx, m.OrgID, m.Role, c.Email)
			for _, d := range c.Policy.Deadlines(m.Role, vs) {
				key := string(d.Kind) + d.Date.String() + d.Voucher.Code.Display()
				if !seen[key] { // one event per date and voucher, whatever the roles
					seen[key] = true
					c.Events = append(c.Events, CalendarEvent{Deadline: d, Partner: m.OrgKind == program.KindPartner})
				}
			}
			return err
		})
		if err != nil {
			return c, err
		}
	}
	return c, nil
}
