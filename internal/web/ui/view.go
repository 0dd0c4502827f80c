// Package ui holds what every page shares: the per-request View (who is
// signed in, for which organisation, in which language, on which date), the
// layout and small components.
package ui

import (
	"context"
	"net/url"
	"strings"
	"time"

	"sapsportal/internal/app"
	"sapsportal/internal/i18n"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// View is what the layout and every page know of the request.
type View struct {
	L           *i18n.Localizer
	User        store.User
	Memberships []store.Membership
	Current     store.Membership // the organisation the user acts for
	Flash       Flash
	Simulated   bool
	Now         time.Time // the clock's, for rules that turn on a moment (a link's expiry)
	Today       program.Date
	Zone        string
	Policy      program.Policy // as read for this request
	ClosedOn    program.Date   // the program's closing date, once closed (DOMAIN.md §10)
	Path        string
	RequestID   string
	// Typed is the form a refusal is shown with, for the page to keep
	// what was typed (never a password).
	Typed url.Values
	// problems are the refused form's fields and their messages (see
	// Refused and FieldError), labels the fields' names as people say them.
	problems []FieldProblem
	labels   map[string]string
}

// Value is what was typed in a refused form's field ("" otherwise).
func (v *View) Value(name string) string { return v.Typed.Get(name) }

// Flash is a one-time message shown on the next page.
type Flash struct {
	Kind    string // "ok" or "error"
	Message string
}

// SignedIn reports whether a user is signed in.
func (v *View) SignedIn() bool { return v.User.ID != 0 }

// T translates through the request's language.
func (v *View) T(key string, args ...any) string { return v.L.T(key, args...) }

type viewKey struct{}

// WithView stores v in ctx.
func WithView(ctx context.Context, v *View) context.Context {
	return context.WithValue(ctx, viewKey{}, v)
}

// FromContext is the request's View; a bare English one when none was set.
func FromContext(ctx context.Context) *View {
	if v, ok := ctx.Value(viewKey{}).(*View); ok {
		return v
	}
	return &View{L: i18n.For("en")}
}

// RoleName is a role as people say it.
func (v *View) RoleName(r program.Role) string { return app.RoleLabel(v.L, r) }

// HomePath is the home page of an organisation kind.
func HomePath(k program.OrgKind) string {
	switch k {
	case program.KindCustomer:
		return "/customer"
	case program.KindPartner:
		return "/partner"
	case program.KindProgram:
		return "/admin"
	}
	return "/"
}

// NavItem is a link in the main navigation.
type NavItem struct {
	Label   string
	Href    string
	Current bool // the page shown is this item's (aria-current)
}

// Nav is the main navigation for the acting role.
func (v *View) Nav() []NavItem {
	home := HomePath(v.Current.OrgKind)
	items := []NavItem{{Label: v.T("Home"), Href: home}}
	for _, n := range navByKind[v.Current.OrgKind] {
		if (n.roles == nil || n.roles[v.Current.Role]) && (n.when == nil || n.when(v)) {
			items = append(items, NavItem{Label: v.T(n.label), Href: n.href})
		}
	}
	// The current item is the longest href that is the path or a parent of
	// it: /partner/vouchers/validate is "Validate", not also "Vouchers".
	best := -1
	for i, it := range items {
		if v.Path == it.Href || (it.Href != home && strings.HasPrefix(v.Path, it.Href+"/")) {
			if best < 0 || len(it.Href) > len(items[best].Href) {
				best = i
			}
		}
	}
	if best >= 0 {
		items[best].Current = true
	}
	return items
}

type navEntry struct {
	label, href string
	roles       map[program.Role]bool // nil: every role of the kind
	when        func(*View) bool      // nil: always
}

func roles(rs ...program.Role) map[program.Role]bool {
	m := map[program.Role]bool{}
	for _, r := range rs {
		m[r] = true
	}
	return m
}

// navByKind lists each area's pages; later pages register here.
var navByKind = map[program.OrgKind][]navEntry{}

// Register adds a page to an area's navigation.
func Register(kind program.OrgKind, label, href string, only ...program.Role) {
	var r map[program.Role]bool
	if len(only) > 0 {
		r = roles(only...)
	}
	navByKind[kind] = append(navByKind[kind], navEntry{label, href, r, nil})
}

// RegisterWhen is Register for a page that is in the navigation only while
// when says so (New voucher: while vouchers can be created).
func RegisterWhen(kind program.OrgKind, label, href string, when func(*View) bool, only ...program.Role) {
	Register(kind, label, href, only...)
	navByKind[kind][len(navByKind[kind])-1].when = when
}
