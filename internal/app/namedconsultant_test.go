package app_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"sapsportal/internal/store"
)

// A customer sees, of a partner's consultants, exactly those named on one
// of its own vouchers' live reservations or reports (000004's and 000170's
// named_consultant policy), and a partner sees all of its own.
func TestCustomersSeeTheConsultantsNamedOnTheirVouchers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const visible = `SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.role = 'consultant' ORDER BY 1`
	named := func(orgID int64) []string {
		return e.strings(t, `SELECT DISTINCT u.email FROM users u JOIN memberships m ON m.user_id = u.id AND m.role = 'consultant'
			WHERE EXISTS (SELECT 1 FROM completion_reports cr WHERE cr.customer_org_id = $1 AND cr.partner_org_id = m.org_id AND m.user_id = ANY(cr.consultant_user_ids))
			OR EXISTS (SELECT 1 FROM reservations r WHERE r.customer_org_id = $1 AND r.cancelled_at IS NULL AND r.partner_org_id = m.org_id AND m.user_id = ANY(r.consultant_user_ids))
			ORDER BY 1`, orgID)
	}
	all := e.strings(t, visible)
	someNamed, someNot := false, false // the demo must tell the paths apart
	for _, who := range []string{"benefits@contoso.example", "benefits@tailspin.example"} {
		a := e.demo.Actor(who)
		got, want := e.stringsIn(t, store.Scope{OrgID: a.OrgID, UserID: a.UserID}, visible), named(a.OrgID)
		if !slices.Equal(got, want) {
			t.Errorf("%s sees the consultants %v, want those named on its vouchers %v", who, got, want)
		}
		someNamed, someNot = someNamed || len(want) > 0, someNot || len(want) < len(all)
	}
	if !someNamed || !someNot {
		t.Errorf("of the consultants %v, the demo's customers are named all or none", all)
	}
	partner := e.demo.Actor("partner@fabrikam.example")
	own := e.strings(t, `SELECT u.email FROM users u JOIN memberships m ON m.user_id = u.id
		WHERE m.role = 'consultant' AND m.org_id = $1 ORDER BY 1`, partner.OrgID)
	if got := e.stringsIn(t, store.Scope{OrgID: partner.OrgID, UserID: partner.UserID}, visible); !slices.Equal(got, own) || len(own) == 0 {
		t.Errorf("the partner sees the consultants %v, want its own %v", got, own)
	}
}

// A voucher list shows the customer's agreement number to the customer
// and the program, never to the partner, who may not read the enrollment.
func TestListsShowTheAgreementToWhoMaySeeIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	partner := e.demo.Actor("partner@fabrikam.example")
	agreements := func(sc store.Scope) map[string]bool {
		t.Helper()
		out := map[string]bool{}
		err := e.s.Transact(ctx, sc, time.Now(), func(tx *store.Tx) error {
			rows, _, err := tx.ListVouchers(ctx, store.VoucherFilter{PartnerOrgID: partner.OrgID, Limit: 200})
			for _, r := range rows {
				out[r.AgreementNumber] = true
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	ben := e.demo.Actor("benefits@contoso.example")
	if got := agreements(store.Scope{OrgID: partner.OrgID, UserID: partner.UserID}); len(got) != 1 || !got[""] {
		t.Errorf("the partner sees the agreements %v, want none", got)
	}
	for name, sc := range map[string]store.Scope{"customer": {OrgID: ben.OrgID, UserID: ben.UserID}, "program": {Program: true}} {
		if got := agreements(sc); !got["SA-CONTOSO-US-02"] || got[""] {
			t.Errorf("the %s sees the agreements %v, want each voucher's", name, got)
		}
	}
}
