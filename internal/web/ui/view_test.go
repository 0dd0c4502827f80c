package ui

import (
	"testing"

	"sapsportal/internal/i18n"
	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

func TestOneNavItemIsCurrent(t *testing.T) {
	navByKind[program.KindPartner] = []navEntry{{"Validate a voucher", "/partner/vouchers/validate", nil, nil}, {"Vouchers", "/partner/vouchers", nil, nil}}
	defer delete(navByKind, program.KindPartner)
	cases := map[string]string{
		"/partner/vouchers/validate": "/partner/vouchers/validate",
		"/partner/vouchers":          "/partner/vouchers",
		"/partner/vouchers/42":       "/partner/vouchers",
		"/partner":                   "/partner",
		"/partner/eligibility":       "",
	}
	for path, want := range cases {
		v := &View{L: i18n.For("en"), Path: path, Current: store.Membership{OrgKind: program.KindPartner, Role: program.PartnerAdmin}}
		got := ""
		for _, it := range v.Nav() {
			if it.Current {
				if got != "" {
					t.Errorf("%s: both %s and %s are current", path, got, it.Href)
				}
				got = it.Href
			}
		}
		if got != want {
			t.Errorf("%s: current %q, want %q", path, got, want)
		}
	}
}
