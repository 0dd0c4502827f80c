package store_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

// Migration 000080 moves the registrations of the old model (payee details
// per location, which made the partner "registered for payment") to the new
// one: the payees stay, and each partner with a payee is registered for
// every offering of which it has redeemed a voucher.
func TestMigration80MovesRegistrationsPerOffering(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := storetest.NewURL(t)
	before, err := store.VersionBefore(80)
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
	exec := func(sql string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := conn.QueryRow(ctx, sql+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return id
	}
	customer := exec(`INSERT INTO organisations (name, kind) VALUES ('Contoso', 'customer')`)
	enrollment := exec(`INSERT INTO sa_enrollments (org_id, agreement_number, country, sa_end_date) VALUES ($1, 'SA-1', 'US', '2022-01-01')`, customer)
	// paid: payee, redeemed SDPS twice and DDPS once. payee-only: a payee,
	// nothing redeemed. unpaid: redeemed SDPS, no payee.
	paid := exec(`INSERT INTO organisations (name, kind) VALUES ('Paid', 'partner')`)
	payeeOnly := exec(`INSERT INTO organisations (name, kind) VALUES ('Payee only', 'partner')`)
	unpaid := exec(`INSERT INTO organisations (name, kind) VALUES ('Unpaid', 'partner')`)
	for _, org := range []int64{paid, payeeOnly} {
		loc := exec(`INSERT INTO partner_locations (org_id, name, country) VALUES ($1, 'HQ', 'US')`, org)
		exec(`INSERT INTO payment_registrations (org_id, location_id, payee_name, payment_reference, created_at)
			VALUES ($1, $2, 'Payee', 'REF-1', '2020-05-01')`, org, loc)
	}
	n := 0
	redeemed := func(partner int64, offering string) {
		t.Helper()
		n++
		v := exec(`INSERT INTO vouchers (code, org_id, enrollment_id, country, engagement_type_id, days, project_manager_email, state,
				created_on, expires_on, partner_org_id, redeemed_on)
			SELECT $1, $2, $3, 'US', id, 1, 'pm@contoso.example', 'REDEEMED', '2020-06-01', '2020-11-28', $4, '2020-07-01'
			FROM engagement_types WHERE offering_code = $5 ORDER BY id LIMIT 1`,
			[]string{"", "AAAAAAAAAAA1", "AAAAAAAAAAA2", "AAAAAAAAAAA3", "AAAAAAAAAAA4"}[n], customer, enrollment, partner, offering)
		if _, err := conn.Exec(ctx, `INSERT INTO redemptions (voucher_id, partner_org_id, customer_org_id, redeemed_on)
			VALUES ($1, $2, $3, '2020-07-01')`, v, partner, customer); err != nil {
			t.Fatal(err)
		}
	}
	redeemed(paid, "SDPS")
	redeemed(paid, "SDPS")
	redeemed(paid, "DDPS")
	redeemed(unpaid, "SDPS")

	if err := store.MigrateTo(url, 80); err != nil {
		t.Fatal(err)
	}
	rows, err := conn.Query(ctx, `SELECT o.name, r.offering_code, r.registered_at::date::text FROM payment_offering_registrations r
		JOIN organisations o ON o.id = r.org_id ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([3]string, error) {
		var x [3]string
		return x, r.Scan(&x[0], &x[1], &x[2])
	})
	if err != nil {
		t.Fatal(err)
	}
	want := [][3]string{{"Paid", "DDPS", "2020-05-01"}, {"Paid", "SDPS", "2020-05-01"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("registrations after 000080 = %v, want %v", got, want)
	}
	var payees int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM payment_registrations`).Scan(&payees); err != nil || payees != 2 {
		t.Errorf("payees after 000080 = %d (%v), want both kept", payees, err)
	}
	// And back: the down migration leaves the old model as it was.
	if err := store.MigrateTo(url, before); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM payment_registrations`).Scan(&payees); err != nil || payees != 2 {
		t.Errorf("payees after going down = %d (%v)", payees, err)
	}
	if err := store.Migrate(url); err != nil {
		t.Fatal(err)
	}
}
