package store_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

// Migration 000081: a request to enroll again in an offering the partner was
// enrolled in on the day it asked (the old way to renew) becomes a renewal
// request of that enrollment; other requests stay; every approved
// enrollment keeps its end.
func TestMigration81MovesRenewalRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := storetest.NewURL(t)
	before, err := store.VersionBefore(81)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.MigrateTo(url, before); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	one := func(sql string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := conn.QueryRow(ctx, sql, args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return id
	}
	org := one(`INSERT INTO organisations (name, kind) VALUES ('Partner', 'partner') RETURNING id`)
	current := one(`INSERT INTO partner_enrollments (org_id, offering_code, status, valid_from, valid_to, requested_at)
		VALUES ($1, 'SDPS', 'approved', '2020-06-01', '2021-05-31', '2020-05-20') RETURNING id`, org)
	one(`INSERT INTO partner_enrollments (org_id, offering_code, status, requested_at)
		VALUES ($1, 'SDPS', 'requested', '2021-04-02 10:00+00') RETURNING id`, org) // a renewal, the old way
	fresh := one(`INSERT INTO partner_enrollments (org_id, offering_code, status, requested_at)
		VALUES ($1, 'DDPS', 'requested', '2021-04-02 10:00+00') RETURNING id`, org) // a first enrollment
	if err := store.MigrateTo(url, 81); err != nil {
		t.Fatal(err)
	}
	var enrollment int64
	var status, validTo string
	if err := conn.QueryRow(ctx, `SELECT enrollment_id, status, valid_to_before::text FROM enrollment_renewals WHERE org_id = $1`, org).
		Scan(&enrollment, &status, &validTo); err != nil {
		t.Fatalf("renewal after 000081: %v", err)
	}
	if enrollment != current || status != "requested" || validTo != "2021-05-31" {
		t.Errorf("renewal = %d %s %s", enrollment, status, validTo)
	}
	if n := one(`SELECT count(*) FROM partner_enrollments WHERE org_id = $1 AND status = 'requested'`, org); n != 1 {
		t.Errorf("requests left = %d, want the DDPS one", n)
	}
	if n := one(`SELECT count(*) FROM partner_enrollments WHERE id = $1 AND status = 'requested'`, fresh); n != 1 {
		t.Error("the first-enrollment request moved")
	}
	if n := one(`SELECT count(*) FROM partner_enrollments WHERE id = $1 AND valid_to = '2021-05-31'`, current); n != 1 {
		t.Error("the enrollment's end changed")
	}
	// Down: the waiting renewal goes back to being a request.
	if err := store.MigrateTo(url, before); err != nil {
		t.Fatal(err)
	}
	if n := one(`SELECT count(*) FROM partner_enrollments WHERE org_id = $1 AND status = 'requested'`, org); n != 2 {
		t.Errorf("requests after going down = %d", n)
	}
	if err := store.Migrate(url); err != nil {
		t.Fatal(err)
	}
}
