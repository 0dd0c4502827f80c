package store_test

import (
	"context"
	"testing"
	"time"

	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

// The audit log filtered by organisations runs with its prepared
// statement's generic plan, never planned afresh (Tx.runGeneric), and the
// setting that asks for it does not outlive the statement.
func TestAuditByOrganisationsKeepsItsGenericPlan(t *testing.T) {
	t.Parallel()
	s := storetest.NewStore(t)
	a, b := seedTwoTenants(t, s)
	ctx := context.Background()
	err := s.Transact(ctx, store.Scope{Program: true}, time.Now(), func(tx *store.Tx) error {
		for range 3 {
			if _, _, err := tx.AuditEvents(ctx, store.AuditFilter{OrgIDs: []int64{a, b}}); err != nil {
				return err
			}
		}
		var generic, custom int
		if err := tx.QueryRow(ctx, `SELECT generic_plans, custom_plans FROM pg_prepared_statements
			WHERE statement LIKE '%unnest(%' AND statement LIKE '%FROM audit_events%' AND statement NOT LIKE '%pg_prepared_statements%'`).Scan(&generic, &custom); err != nil {
			return err
		}
		if generic != 3 || custom != 0 {
			t.Errorf("the audit by organisations was planned %d times generic, %d custom; want 3 and 0", generic, custom)
		}
		var mode string
		if err := tx.QueryRow(ctx, `SELECT current_setting('plan_cache_mode')`).Scan(&mode); err != nil {
			return err
		}
		if mode != "auto" {
			t.Errorf("plan_cache_mode after the audit page = %q, want auto", mode)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
