package scale

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Page is a page people open often, as one of the loaded accounts opens
// it, with the bare baseline's answer to the same question (one keyset
// query of 50 vouchers of the same tenant; see cmd/bench).
type Page struct {
	Name  string
	Email string
	Path  string
	Bare  string
}

// Pages lists the hot pages of a loaded program: customer home, vouchers,
// voucher and days; partner home, vouchers, voucher and payments; admin
// home, vouchers, voucher, payments and audit; the lists also in the
// orders people choose.
func Pages(ctx context.Context, conn *pgx.Conn) ([]Page, error) {
	var big, small, partner, bigVoucher, partnerVoucher int64
	err := conn.QueryRow(ctx, `SELECT
		(SELECT id FROM organisations WHERE name = 'Customer 00001 Ltd'),
		(SELECT id FROM organisations WHERE name = 'Customer 00002 Ltd'),
		(SELECT id FROM organisations WHERE name = 'Partner 0001 Consulting')`).Scan(&big, &small, &partner)
	if err != nil {
		return nil, fmt.Errorf("scale.Pages: %w", err)
	}
	// A voucher with its whole history (reserved, reported, redeemed, paid),
	// else any.
	pick := `SELECT id FROM vouchers WHERE %s = $1 ORDER BY state = 'PAID' DESC, id LIMIT 1`
	if err := conn.QueryRow(ctx, fmt.Sprintf(pick, "org_id"), big).Scan(&bigVoucher); err != nil {
		return nil, fmt.Errorf("scale.Pages: %w", err)
	}
	if err := conn.QueryRow(ctx, fmt.Sprintf(pick, "partner_org_id"), partner).Scan(&partnerVoucher); err != nil {
		return nil, fmt.Errorf("scale.Pages: %w", err)
	}
	var bigCode string // the audit log is searched by a voucher's ID as people type it
	if err := conn.QueryRow(ctx, `SELECT code FROM vouchers WHERE id = $1`, bigVoucher).Scan(&bigCode); err != nil {
		return nil, fmt.Errorf("scale.Pages: %w", err)
	}
	bigBare, smallBare := fmt.Sprintf("/customer?org=%d", big), fmt.Sprintf("/customer?org=%d", small)
	partnerBare := fmt.Sprintf("/partner?org=%d", partner)
	return []Page{
		{"customer home (largest customer)", BigCustomerEmail, "/customer", bigBare},
		{"customer home", CustomerEmail, "/customer", smallBare},
		{"customer vouchers (largest customer)", BigCustomerEmail, "/customer/vouchers", bigBare},
		{"customer vouchers", CustomerEmail, "/customer/vouchers", smallBare},
		{"customer vouchers, newest first (largest customer)", BigCustomerEmail, "/customer/vouchers?sort=newest", bigBare},
		{"customer vouchers, most days first (largest customer)", BigCustomerEmail, "/customer/vouchers?sort=days", bigBare},
		{"customer reserved vouchers (largest customer)", BigCustomerEmail, "/customer/vouchers?state=RESERVED", bigBare},
		{"customer reserved vouchers, most days first (largest customer)", BigCustomerEmail, "/customer/vouchers?state=RESERVED&sort=days", bigBare},
		{"customer voucher", BigCustomerEmail, fmt.Sprintf("/customer/vouchers/%d", bigVoucher), bigBare},
		{"customer days", BigCustomerEmail, "/customer/days", bigBare},
		{"partner home", PartnerEmail, "/partner", partnerBare},
		{"partner vouchers", PartnerEmail, "/partner/vouchers", partnerBare},
		{"partner vouchers, newest first", PartnerEmail, "/partner/vouchers?sort=newest", partnerBare},
		{"partner vouchers, most days first", PartnerEmail, "/partner/vouchers?sort=days", partnerBare},
		{"partner voucher", PartnerEmail, fmt.Sprintf("/partner/vouchers/%d", partnerVoucher), partnerBare},
		{"partner payments", PartnerEmail, "/partner/payments", partnerBare},
		{"admin home", AdminEmail, "/admin", "/admin"},
		{"admin vouchers", AdminEmail, "/admin/vouchers", "/admin"},
		{"admin vouchers, newest first", AdminEmail, "/admin/vouchers?sort=newest", "/admin"},
		{"admin organisations", AdminEmail, "/admin/organisations", "/admin"},
		{"admin organisations, newest first", AdminEmail, "/admin/organisations?sort=newest", "/admin"},
		{"admin voucher", AdminEmail, fmt.Sprintf("/admin/vouchers/%d", bigVoucher), "/admin"},
		{"admin payments", AdminEmail, "/admin/payments", "/admin"},
		{"admin payments, oldest first", AdminEmail, "/admin/payments?sort=oldest", "/admin"},
		{"admin payment windows", AdminEmail, "/admin/payments?state=awaiting", "/admin"},
		{"admin audit", AdminEmail, "/admin/audit", "/admin"},
		{"admin audit by voucher ID", AdminEmail, "/admin/audit?code=" + strings.ToLower(bigCode), "/admin"},
		{"admin audit by organisation name", AdminEmail, "/admin/audit?org_name=customer+00002", "/admin"},
	}, nil
}
