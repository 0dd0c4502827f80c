package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// HeldFifteen locks the customer organisation's 15-day vouchers of an
// engagement type for a creation and counts those that hold the one 15-day
// engagement (DOMAIN.md §9: not voided, not expired unused). The lock (for
// the transaction) serializes two such creations, so the second counts the
// first.
func (tx *Tx) HeldFifteen(ctx context.Context, orgID, engagementTypeID int64) (int, error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('fifteen:' || $1::bigint || ':' || $2::bigint, 0))`,
		orgID, engagementTypeID); err != nil {
		return 0, err
	}
	var n int
	err := tx.QueryRow(ctx, `SELECT count(*) FROM vouchers
		WHERE org_id = $1 AND engagement_type_id = $2 AND days = 15 AND state NOT IN ('VOIDED', 'EXPIRED')`,
		orgID, engagementTypeID).Scan(&n)
	return n, err
}

// HeldFifteenByType is HeldFifteen for every engagement type of a customer
// organisation, without locking (for the create form).
func (tx *Tx) HeldFifteenByType(ctx context.Context, orgID int64) (map[int64]int, error) {
	held := map[int64]int{}
	err := tx.run(ctx, heldFifteenRead(orgID, held))
	return held, err
}

// HeldFifteenByType queues Tx.HeldFifteenByType(orgID), into held.
func (q *Reads) HeldFifteenByType(orgID int64, held map[int64]int) {
	q.add(heldFifteenRead(orgID, held))
}

func heldFifteenRead(orgID int64, held map[int64]int) read {
	return byIDRead(`SELECT engagement_type_id, count(*) FROM vouchers
		WHERE org_id = $1 AND days = 15 AND state NOT IN ('VOIDED', 'EXPIRED') GROUP BY engagement_type_id`, orgID, held)
}

// InsertStatement keeps a voucher's second-engagement statement.
func (tx *Tx) InsertStatement(ctx context.Context, v program.Voucher, userID int64, s program.Statement) error {
	_, err := tx.Exec(ctx, `INSERT INTO second_engagement_statements (voucher_id, org_id, reason, note, stated_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, v.ID, v.CustomerOrgID, string(s.Reason), s.Note, nullID(userID), tx.Now)
	return err
}

// Statement is a voucher's second-engagement statement (zero when it has
// none), as far as the scope may see the voucher.
func (tx *Tx) Statement(ctx context.Context, v program.Voucher) (program.Statement, error) {
	var s program.Statement
	err := tx.run(ctx, statementRead(v.ID, &s))
	return s, err
}

// Statement queues Tx.Statement of the voucher voucherID, into s.
func (q *Reads) Statement(voucherID int64, s *program.Statement) { q.add(statementRead(voucherID, s)) }

// statementRead reads a statement under its customer's condition, taken
// from the voucher as the scope sees it.
func statementRead(voucherID int64, s *program.Statement) read {
	return read{`SELECT reason, note FROM second_engagement_statements
		WHERE voucher_id = $1 AND org_id = (SELECT v.org_id FROM vouchers v WHERE v.id = $1)`, []any{voucherID},
		func(rows pgx.Rows) error {
			for rows.Next() {
				if err := rows.Scan(&s.Reason, &s.Note); err != nil {
					return err
				}
			}
			return rows.Err()
		}}
}
