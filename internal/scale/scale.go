// Package scale loads a large, realistic program into a database with
// set-based SQL (generate_series), for measuring the portal at its real
// size: `make seed-scale`, `make bench` and the EXPLAIN test.
//
// What it loads is what the portal itself would have written, checked by
// the same invariants: every balance is the sum of its ledger; each voucher
// has its voucher_created entry (and its voided or expired entry); states
// agree with reservations, reports, redemptions and payment requests; a
// reserved voucher names its partner; each step left its audit event. It
// writes as the database's owner with the row triggers off, then settles
// balances and tallies in one statement each.
package scale

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/auth"
	"sapsportal/internal/program"
)

// Size is how large a program to load.
type Size struct {
	Customers int // customer organisations, one SA enrollment each
	Partners  int
	Vouchers  int
	// BigCustomer is how many of the vouchers the first customer holds (the
	// largest tenant); the rest are spread evenly.
	BigCustomer int
	// Today is the program-local date the data is consistent as of: nothing
	// in it is overdue for a sweep on that day.
	Today program.Date
	// Live makes every voucher ASSIGNED and unexpired on Today, for
	// measuring a sweep of all of them at once.
	Live bool
}

// Default is the program's real size.
var Default = Size{Customers: 10000, Partners: 200, Vouchers: 1000000, BigCustomer: 10000, Today: program.D(2021, 3, 1)}

// Flags registers the size's flags on fs, with its values as defaults.
func (sz *Size) Flags(fs *flag.FlagSet) {
	fs.IntVar(&sz.Customers, "customers", sz.Customers, "customer organisations (one SA enrollment each)")
	fs.IntVar(&sz.Partners, "partners", sz.Partners, "partner organisations")
	fs.IntVar(&sz.Vouchers, "vouchers", sz.Vouchers, "vouchers")
	fs.IntVar(&sz.BigCustomer, "big-customer", sz.BigCustomer, "vouchers of the largest customer (Customer 00001)")
	fs.Var(dateFlag{&sz.Today}, "today", "the date the data is consistent as of (serve it with --clock at this date)")
}

type dateFlag struct{ d *program.Date }

func (f dateFlag) String() string {
	if f.d == nil {
		return ""
	}
	return f.d.String()
}

func (f dateFlag) Set(s string) error {
	d, err := program.ParseDate(s)
	if err == nil {
		*f.d = d
	}
	return err
}

// Password is every loaded account's password.
const Password = "scale-password"

// Accounts a load test signs in as (each exists after Load).
const (
	AdminEmail       = "admin@program.scale.example"
	BigCustomerEmail = "benefits@c00001.scale.example"
	CustomerEmail    = "benefits@c00002.scale.example"
	PartnerEmail     = "admin@p0001.scale.example"
)

// Load writes a program of the given size into the empty, migrated database
// at url (connecting as its owner), reporting progress to log.
func Load(ctx context.Context, url string, sz Size, log io.Writer) error {
	if sz.Customers < 2 || sz.Partners < 1 || sz.Vouchers < 1 {
		return fmt.Errorf("scale.Load: need at least 2 customers, 1 partner and 1 voucher")
	}
	if sz.BigCustomer <= 0 || sz.BigCustomer > sz.Vouchers {
		sz.BigCustomer = min(sz.Vouchers/10+1, 10000)
	}
	if sz.Today.IsZero() {
		sz.Today = Default.Today
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("scale.Load: %w", err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM organisations`).Scan(&n); err != nil {
		return fmt.Errorf("scale.Load: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("scale.Load: the database already holds %d organisations; load into an empty one", n)
	}
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return err
	}
	// The parameters are written into the scripts as literals, so that each
	// step stays one plain statement.
	params := strings.NewReplacer(
		pCustomers, strconv.Itoa(sz.Customers), pPartners, strconv.Itoa(sz.Partners), pVouchers, strconv.Itoa(sz.Vouchers),
		pBig, strconv.Itoa(sz.BigCustomer), pToday, "'"+sz.Today.String()+"'::date", pHash, "'"+strings.ReplaceAll(hash, "'", "''")+"'",
		pLive, strconv.FormatBool(sz.Live))
	for _, st := range steps {
		start := time.Now()
		if _, err := conn.Exec(ctx, params.Replace(st.sql)); err != nil {
			return fmt.Errorf("scale.Load: %s: %w", st.name, err)
		}
		fmt.Fprintf(log, "  %-28s %6.1fs\n", st.name, time.Since(start).Seconds())
	}
	return nil
}

type step struct{ name, sql string }

// The parameters' places in the scripts.
const (
	pCustomers = `{customers}`
	pPartners  = `{partners}`
	pVouchers  = `{vouchers}`
	pBig       = `{big}`
	pToday     = `{today}`
	pHash      = `{hash}`
	pLive      = `{live}`
)

var steps = []step{
	{"triggers off", `ALTER TABLE ledger_entries DISABLE TRIGGER USER;
		ALTER TABLE vouchers DISABLE TRIGGER USER; ALTER TABLE payment_requests DISABLE TRIGGER USER`},
	{"catalog samples", `
		INSERT INTO exams (code, name, competency_id)
		SELECT 'SCALE-' || c.id, 'Sample exam: ' || c.name, c.id FROM competencies c
		WHERE NOT EXISTS (SELECT 1 FROM exams x WHERE x.competency_id = c.id);
		INSERT INTO payment_rates (country, currency, amount_minor, valid_from, sample)
		SELECT 'US', 'USD', 110000, '2019-01-01', true WHERE NOT EXISTS (SELECT 1 FROM payment_rates WHERE country = 'US')`},
	{"program", `
		INSERT INTO organisations (name, kind) VALUES ('Planning Services Program', 'program');
		INSERT INTO users (email, name, password_hash) VALUES ('` + AdminEmail + `', 'Program Admin', ` + pHash + `);
		INSERT INTO memberships (user_id, org_id, role)
		SELECT u.id, o.id, 'global_admin' FROM users u, organisations o WHERE u.email = '` + AdminEmail + `' AND o.kind = 'program'`},
	{"customers", `
		CREATE TABLE scale_customer (n int PRIMARY KEY, org_id bigint, enrollment_id bigint, admin_id bigint, pm_email text);
		WITH o AS (
			INSERT INTO organisations (name, kind, created_at)
			SELECT format('Customer %s Ltd', lpad(n::text, 5, '0')), 'customer', '2019-11-01'
			FROM generate_series(1, ` + pCustomers + `) n ORDER BY n RETURNING id, name)
		INSERT INTO scale_customer (n, org_id, pm_email)
		SELECT substr(name, 10, 5)::int, id, format('pm@c%s.scale.example', substr(name, 10, 5)) FROM o;
		WITH u AS (
			INSERT INTO users (email, name, password_hash)
			SELECT format('%s@c%s.scale.example', r, lpad(c.n::text, 5, '0')), '', ` + pHash + `
			FROM scale_customer c, (VALUES ('benefits'), ('pm')) AS r (r) RETURNING id, email)
		INSERT INTO memberships (user_id, org_id, role)
		SELECT u.id, c.org_id, CASE WHEN u.email LIKE 'pm@%' THEN 'project_manager' ELSE 'benefit_admin' END
		FROM u JOIN scale_customer c ON substr(u.email, strpos(u.email, '@c') + 2, 5)::int = c.n;
		UPDATE scale_customer c SET admin_id = u.id FROM users u WHERE u.email = format('benefits@c%s.scale.example', lpad(c.n::text, 5, '0'));
		WITH e AS (
			INSERT INTO sa_enrollments (org_id, agreement_number, country, sa_end_date, activated_at, activated_by, created_at)
			SELECT org_id, format('SA-SCALE-%s', lpad(n::text, 5, '0')), 'US',
				-- Every tenth enrollment's SA ends a month after today: its
				-- vouchers expiring later are forfeited (DOMAIN.md §9).
				CASE WHEN n % 10 = 0 THEN ` + pToday + ` + 30 ELSE '2022-06-30' END, '2020-01-10 09:00+00', admin_id, '2019-11-01'
			FROM scale_customer ORDER BY n RETURNING id, org_id)
		UPDATE scale_customer c SET enrollment_id = e.id FROM e WHERE e.org_id = c.org_id`},
	{"partners", `
		CREATE TABLE scale_partner (n int PRIMARY KEY, org_id bigint, admin_id bigint, consultant_id bigint, location_id bigint);
		WITH o AS (
			INSERT INTO organisations (name, kind, created_at)
			SELECT format('Partner %s Consulting', lpad(n::text, 4, '0')), 'partner', '2019-06-01'
			FROM generate_series(1, ` + pPartners + `) n ORDER BY n RETURNING id, name)
		INSERT INTO scale_partner (n, org_id) SELECT substr(name, 9, 4)::int, id FROM o;
		WITH u AS (
			INSERT INTO users (email, name, password_hash)
			SELECT format('%s@p%s.scale.example', r, lpad(p.n::text, 4, '0')), '', ` + pHash + `
			FROM scale_partner p, (VALUES ('admin'), ('consultant')) AS r (r) RETURNING id, email)
		INSERT INTO memberships (user_id, org_id, role)
		SELECT u.id, p.org_id, CASE WHEN u.email LIKE 'admin@%' THEN 'partner_global_admin' ELSE 'consultant' END
		FROM u JOIN scale_partner p ON substr(u.email, strpos(u.email, '@p') + 2, 4)::int = p.n;
		UPDATE scale_partner p SET admin_id = a.id, consultant_id = c.id FROM users a, users c
		WHERE a.email = format('admin@p%s.scale.example', lpad(p.n::text, 4, '0'))
		AND c.email = format('consultant@p%s.scale.example', lpad(p.n::text, 4, '0'));
		INSERT INTO partner_agreements (org_id, version, signer_name, signer_title, signed_by, signed_at)
		SELECT org_id, '2019-1', 'Director ' || n, 'Director', admin_id, '2019-06-15' FROM scale_partner;
		INSERT INTO partner_enrollments (org_id, offering_code, status, valid_from, valid_to, requested_at, decided_at)
		SELECT p.org_id, o.code, 'approved', y.f, (y.f + interval '1 year' - interval '1 day')::date, y.f, y.f
		FROM scale_partner p, offerings o, (VALUES ('2020-01-01'::date), ('2021-01-01'::date)) AS y (f) WHERE NOT o.cloud;
		INSERT INTO partner_competencies (org_id, competency_id, level, valid_from)
		SELECT p.org_id, c.id, 'gold', '2019-06-01' FROM scale_partner p, competencies c;
		WITH l AS (
			INSERT INTO partner_locations (org_id, name, country) SELECT org_id, 'Head office', 'US' FROM scale_partner RETURNING id, org_id)
		UPDATE scale_partner p SET location_id = l.id FROM l WHERE l.org_id = p.org_id;
		INSERT INTO consultant_exams (org_id, user_id, exam_id, passed_on)
		SELECT p.org_id, p.consultant_id, x.id, '2019-09-01' FROM scale_partner p, exams x;
		INSERT INTO payment_registrations (org_id, location_id, payee_name, payment_reference, created_at)
		SELECT org_id, location_id, 'Partner ' || n || ' payee', 'IBAN-SCALE-' || n, '2020-02-01' FROM scale_partner`},
	// One row per voucher with every date of its history decided here; the
	// tables of record are then written from it.
	{"voucher plan", `
		CREATE TABLE scale_voucher AS
		WITH base AS (
			SELECT i,
				CASE WHEN i <= ` + pBig + ` THEN 1 ELSE 2 + (i - ` + pBig + ` - 1) % (` + pCustomers + ` - 1) END AS c,
				1 + (i / 20 + i * 7) % ` + pPartners + ` AS p,
				(ARRAY[1, 3, 5, 10])[1 + (i / 20) % 4] AS days,
				(i * 13) % 20 AS k,
				CASE WHEN ` + pLive + ` THEN ` + pToday + ` - 170 + i % 170
					ELSE '2020-03-01'::date + (i * 37) % (` + pToday + ` - '2020-03-01'::date) END AS created_on
			FROM generate_series(1, ` + pVouchers + `) i
		), dated AS (
			SELECT b.*, b.created_on + 180 AS expires_on,
				b.created_on + 180 <= ` + pToday + ` AS passed,
				b.created_on + 40 <= ` + pToday + ` AS steps_done
			FROM base b
		)
		SELECT d.*,
			CASE
				WHEN ` + pLive + ` THEN 'ASSIGNED'
				WHEN k = 19 THEN 'VOIDED'
				WHEN k >= 13 AND steps_done THEN (ARRAY['REDEEMED', 'REDEEMED', 'PAYMENT_REQUESTED', 'PAID', 'PAID', 'DENIED'])[k - 12]
				WHEN passed THEN 'EXPIRED'
				WHEN k BETWEEN 8 AND 10 THEN 'RESERVED'
				WHEN k BETWEEN 11 AND 12 AND steps_done THEN 'REPORTED'
				WHEN k BETWEEN 11 AND 12 THEN 'RESERVED'
				ELSE 'ASSIGNED'
			END AS state,
			least(created_on + 5, ` + pToday + ` - 1) AS voided_on,
			least(created_on + 3, ` + pToday + `) AS reserved_on,
			created_on + 10 AS start_on,
			created_on + 9 + days AS end_on,
			created_on + 21 AS reported_on,
			created_on + 25 AS redeemed_on,
			created_on + 27 AS requested_on,
			created_on + 32 AS decided_on
		FROM dated d;
		ALTER TABLE scale_voucher ADD PRIMARY KEY (i);
		ALTER TABLE scale_voucher ADD COLUMN id bigint, ADD COLUMN code char(12)`},
	// A voucher ID per row, distinct (an odd multiplier is a bijection mod
	// 2^55) and with its check character, as program.ParseCode wants.
	{"voucher code function", `
		CREATE FUNCTION scale_code(i bigint) RETURNS char(12) LANGUAGE plpgsql IMMUTABLE AS $$
		DECLARE
			alphabet text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
			x bigint := (i * 982451653) % 36028797018963968;
			s text := '';
			factor int := 2;
			total int := 0;
			addend int;
		BEGIN
			FOR j IN 1..11 LOOP
				s := substr(alphabet, (x % 32)::int + 1, 1) || s;
				x := x / 32;
			END LOOP;
			FOR j IN REVERSE 11..1 LOOP
				addend := factor * (strpos(alphabet, substr(s, j, 1)) - 1);
				factor := 3 - factor;
				total := total + addend / 32 + addend % 32;
			END LOOP;
			RETURN s || substr(alphabet, (32 - total % 32) % 32 + 1, 1);
		END
		$$`},
	{"voucher codes", `UPDATE scale_voucher SET code = scale_code(i)`},
	{"vouchers", `
		WITH ins AS (
			INSERT INTO vouchers (code, org_id, enrollment_id, country, engagement_type_id, days, project_manager_email, state,
				created_on, expires_on, partner_org_id, redeemed_on, payment_window_closed, created_at, updated_at)
			SELECT v.code, c.org_id, c.enrollment_id, 'US', t.ids[1 + v.i % cardinality(t.ids)], v.days, c.pm_email, v.state,
				v.created_on, v.expires_on,
				CASE WHEN v.state NOT IN ('ASSIGNED', 'EXPIRED', 'VOIDED') THEN p.org_id END,
				CASE WHEN v.state IN ('REDEEMED', 'PAYMENT_REQUESTED', 'PAID', 'DENIED') THEN v.redeemed_on END,
				v.state = 'REDEEMED' AND v.redeemed_on + 60 < ` + pToday + `,
				v.created_on + time '09:00', v.created_on + time '09:00'
			FROM scale_voucher v JOIN scale_customer c ON c.n = v.c JOIN scale_partner p ON p.n = v.p,
				(SELECT array_agg(et.id ORDER BY et.id) AS ids FROM engagement_types et JOIN offerings o ON o.code = et.offering_code
				 WHERE NOT o.cloud AND NOT et.retired) t
			ORDER BY v.i
			RETURNING id, code)
		UPDATE scale_voucher v SET id = ins.id FROM ins WHERE ins.code = v.code`},
	{"ledger", `
		INSERT INTO ledger_entries (org_id, enrollment_id, kind, days, effective_on, note, actor_user_id, created_at)
		SELECT c.org_id, c.enrollment_id, 'accrual', 20 + coalesce(sum(v.days), 0), '2020-01-15', 'Accrued days (scale load).',
			(SELECT id FROM users WHERE email = '` + AdminEmail + `'), '2020-01-15 09:00+00'
		FROM scale_customer c LEFT JOIN scale_voucher v ON v.c = c.n GROUP BY c.org_id, c.enrollment_id;
		INSERT INTO ledger_entries (org_id, enrollment_id, kind, days, effective_on, voucher_id, note, actor_user_id, created_at)
		SELECT c.org_id, c.enrollment_id, x.kind, x.days, x.eff, v.id, x.note, x.actor, x.eff + time '09:00'
		FROM scale_voucher v JOIN scale_customer c ON c.n = v.c, LATERAL (VALUES
			('voucher_created', -v.days, v.created_on, '', c.admin_id, true),
			('voucher_voided', v.days, v.voided_on, 'Voided; days returned.', c.admin_id, v.state = 'VOIDED'),
			('voucher_expired', v.days, v.expires_on, 'Unused days returned on expiry.', NULL, v.state = 'EXPIRED')
		) AS x (kind, days, eff, note, actor, applies)
		WHERE x.applies`},
	{"reservations and reports", `
		INSERT INTO reservations (voucher_id, partner_org_id, customer_org_id, location_id, start_on, end_on,
			consultant_user_ids, terms_accepted_at, reserved_by, reserved_at)
		SELECT v.id, p.org_id, c.org_id, p.location_id, v.start_on, v.end_on, ARRAY[p.consultant_id],
			v.reserved_on + time '10:00', p.admin_id, v.reserved_on + time '10:00'
		FROM scale_voucher v JOIN scale_customer c ON c.n = v.c JOIN scale_partner p ON p.n = v.p
		WHERE v.state NOT IN ('ASSIGNED', 'EXPIRED', 'VOIDED');
		INSERT INTO completion_reports (voucher_id, reservation_id, partner_org_id, customer_org_id, delivered_start, delivered_end,
			consultant_user_ids, summary, next_steps, reported_by, reported_at)
		SELECT r.voucher_id, r.id, r.partner_org_id, r.customer_org_id, r.start_on, r.end_on, r.consultant_user_ids,
			'Planning engagement delivered as scoped.', 'Deployment in the next quarter.', r.reserved_by, v.reported_on + time '11:00'
		FROM reservations r JOIN scale_voucher v ON v.id = r.voucher_id WHERE v.state <> 'RESERVED';
		INSERT INTO deliverables (report_id, partner_org_id, customer_org_id, filename, content_type, content, created_at, kind)
		SELECT id, partner_org_id, customer_org_id, 'deployment-plan.txt', 'text/plain', '\x706c616e'::bytea, reported_at, 'deployment_plan'
		FROM completion_reports;
		INSERT INTO redemptions (voucher_id, partner_org_id, customer_org_id, redeemed_on, redeemed_by, redeemed_at)
		SELECT cr.voucher_id, cr.partner_org_id, cr.customer_org_id, v.redeemed_on, cr.reported_by, v.redeemed_on + time '12:00'
		FROM completion_reports cr JOIN scale_voucher v ON v.id = cr.voucher_id WHERE v.state <> 'REPORTED';
		INSERT INTO payment_requests (voucher_id, partner_org_id, customer_org_id, location_id, country, days, rate_minor,
			amount_minor, currency, state, payment_reference, deny_reason, requested_on, requested_by, requested_at, decided_by, decided_at)
		SELECT v.id, p.org_id, c.org_id, p.location_id, 'US', v.days, 110000, 110000 * v.days, 'USD',
			CASE v.state WHEN 'PAID' THEN 'paid' WHEN 'DENIED' THEN 'denied' ELSE 'requested' END,
			CASE WHEN v.state = 'PAID' THEN 'PAY-' || v.i ELSE '' END,
			CASE WHEN v.state = 'DENIED' THEN 'The deliverable does not match the engagement.' ELSE '' END,
			v.requested_on, p.admin_id, v.requested_on + time '13:00',
			CASE WHEN v.state IN ('PAID', 'DENIED') THEN (SELECT id FROM users WHERE email = '` + AdminEmail + `') END,
			CASE WHEN v.state IN ('PAID', 'DENIED') THEN v.decided_on + time '14:00' END
		FROM scale_voucher v JOIN scale_customer c ON c.n = v.c JOIN scale_partner p ON p.n = v.p
		WHERE v.state IN ('PAYMENT_REQUESTED', 'PAID', 'DENIED')`},
	{"audit history", `
		INSERT INTO audit_events (org_id, actor_user_id, actor, action, customer_org_id, before_state, after_state, details, request_id, occurred_at)
		SELECT c.org_id, c.admin_id, format('benefits@c%s.scale.example', lpad(c.n::text, 5, '0')), x.action, c.org_id, x.b, x.a, x.d, 'scale', x.ts
		FROM scale_customer c, LATERAL (VALUES
			('benefit.activated', 'inactive', 'active', '{}'::jsonb, timestamptz '2020-01-10 09:00+00'),
			('ledger.accrual', '', '', '{"effective_on": "2020-01-15"}', timestamptz '2020-01-15 09:00+00')) AS x (action, b, a, d, ts);
		INSERT INTO audit_events (org_id, actor_user_id, actor, action, voucher_id, customer_org_id, partner_org_id,
			before_state, after_state, details, request_id, occurred_at)
		SELECT x.org, x.uid, x.email, x.action, v.id, c.org_id, CASE WHEN x.partner THEN p.org_id END, x.b, x.a,
			jsonb_build_object('days', v.days), CASE WHEN x.uid IS NULL THEN 'catch-up' ELSE 'scale' END, x.ts
		FROM scale_voucher v JOIN scale_customer c ON c.n = v.c JOIN scale_partner p ON p.n = v.p,
		LATERAL (SELECT v.state NOT IN ('ASSIGNED', 'EXPIRED', 'VOIDED') AS held) h,
		LATERAL (VALUES
			(1, 'voucher.created', '', 'ASSIGNED', c.org_id, c.admin_id, format('benefits@c%s.scale.example', lpad(c.n::text, 5, '0')),
				false, v.created_on + time '09:00', true),
			(2, 'voucher.voided', 'ASSIGNED', 'VOIDED', c.org_id, c.admin_id, format('benefits@c%s.scale.example', lpad(c.n::text, 5, '0')),
				false, v.voided_on + time '09:30', v.state = 'VOIDED'),
			(3, 'voucher.expired', 'ASSIGNED', 'EXPIRED', NULL, NULL, 'system', false, v.expires_on + time '00:01', v.state = 'EXPIRED'),
			(4, 'voucher.reserved', 'ASSIGNED', 'RESERVED', p.org_id, p.admin_id, format('admin@p%s.scale.example', lpad(p.n::text, 4, '0')),
				true, v.reserved_on + time '10:00', h.held),
			(5, 'voucher.reported', 'RESERVED', 'REPORTED', p.org_id, p.admin_id, format('admin@p%s.scale.example', lpad(p.n::text, 4, '0')),
				true, v.reported_on + time '11:00', h.held AND v.state <> 'RESERVED'),
			(6, 'voucher.redeemed', 'REPORTED', 'REDEEMED', p.org_id, p.admin_id, format('admin@p%s.scale.example', lpad(p.n::text, 4, '0')),
				true, v.redeemed_on + time '12:00', h.held AND v.state NOT IN ('RESERVED', 'REPORTED')),
			(7, 'payment.requested', 'REDEEMED', 'PAYMENT_REQUESTED', p.org_id, p.admin_id, format('admin@p%s.scale.example', lpad(p.n::text, 4, '0')),
				true, v.requested_on + time '13:00', v.state IN ('PAYMENT_REQUESTED', 'PAID', 'DENIED')),
			(8, 'payment.approved', 'PAYMENT_REQUESTED', 'PAID', (SELECT id FROM organisations WHERE kind = 'program'),
				(SELECT id FROM users WHERE email = '` + AdminEmail + `'), '` + AdminEmail + `', true, v.decided_on + time '14:00', v.state = 'PAID'),
			(9, 'payment.denied', 'PAYMENT_REQUESTED', 'DENIED', (SELECT id FROM organisations WHERE kind = 'program'),
				(SELECT id FROM users WHERE email = '` + AdminEmail + `'), '` + AdminEmail + `', true, v.decided_on + time '14:00', v.state = 'DENIED'),
			(10, 'voucher.payment_window_closed', 'REDEEMED', 'REDEEMED', NULL, NULL, 'system', true, v.redeemed_on + 61 + time '00:01',
				v.state = 'REDEEMED' AND v.redeemed_on + 60 < ` + pToday + `)
		) AS x (step, action, b, a, org, uid, email, partner, ts, applies)
		WHERE x.applies
		ORDER BY v.i, x.step`},
	{"balances and tallies", `
		UPDATE sa_enrollments e SET balance = l.days FROM
			(SELECT enrollment_id, sum(days) AS days FROM ledger_entries GROUP BY enrollment_id) l WHERE l.enrollment_id = e.id;
		SELECT tallies_rebuild()`},
	{"triggers on", `ALTER TABLE ledger_entries ENABLE TRIGGER USER;
		ALTER TABLE vouchers ENABLE TRIGGER USER; ALTER TABLE payment_requests ENABLE TRIGGER USER;
		DROP TABLE scale_voucher, scale_customer, scale_partner; DROP FUNCTION scale_code(bigint)`},
	// A program that has been running has been vacuumed: its visibility
	// maps let index-only scans skip the tables, as they do in production.
	{"vacuum and analyze", `VACUUM (ANALYZE)`},
}
