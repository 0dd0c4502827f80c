package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/program"
)

// The tallies (migrations/000020) are what home pages count and sum, kept by
// triggers in the transaction of every change: reading them costs a few
// index lookups however many vouchers there are.

// liveStates are the unredeemed states, whose days are "in live vouchers".
const liveStates = `('ASSIGNED', 'RESERVED', 'REPORTED')`

// LiveDays sums the days of each of an organisation's enrollments' unredeemed
// vouchers, by enrollment id.
func (tx *Tx) LiveDays(ctx context.Context, orgID int64) (map[int64]int, error) {
	out := map[int64]int{}
	err := tx.run(ctx, liveDaysRead(orgID, out))
	return out, err
}

// LiveDays queues Tx.LiveDays(orgID), into out.
func (q *Reads) LiveDays(orgID int64, out map[int64]int) { q.add(liveDaysRead(orgID, out)) }

func liveDaysRead(orgID int64, out map[int64]int) read {
	return byIDRead(`SELECT key_id, sum(amount) FROM tallies
		WHERE org_id = $1 AND scope = 'enrollment' AND item IN `+liveStates+` GROUP BY key_id`, orgID, out)
}

// RemovedDays queues the days removed from each of orgID's enrollments at
// the program's retirement (none: not in out), into out, from each one's
// once-only removal entry (ledger_entries_removal_once).
func (q *Reads) RemovedDays(orgID int64, out map[int64]int) {
	q.add(byIDRead(`SELECT enrollment_id, -days FROM ledger_entries
		WHERE enrollment_id IN (SELECT id FROM sa_enrollments WHERE org_id = $1) AND kind = 'retirement_removal'`, orgID, out))
}

// byIDRead reads (id, number) rows, orgID its one argument, into out.
func byIDRead(sql string, orgID int64, out map[int64]int) read {
	return read{sql, []any{orgID}, func(rows pgx.Rows) error {
		for rows.Next() {
			var id int64
			var days int
			if err := rows.Scan(&id, &days); err != nil {
				return err
			}
			out[id] = days
		}
		return rows.Err()
	}}
}

// StateCounts counts a partner's vouchers by state (0: the program's, in
// the program scope).
func (tx *Tx) StateCounts(ctx context.Context, partnerOrgID int64) (map[program.State]int, error) {
	var out map[program.State]int
	err := tx.run(ctx, stateCountsRead(partnerOrgID, &out))
	return out, err
}

// StateCounts queues Tx.StateCounts(partnerOrgID), into out.
func (q *Reads) StateCounts(partnerOrgID int64, out *map[program.State]int) {
	q.add(stateCountsRead(partnerOrgID, out))
}

func stateCountsRead(partnerOrgID int64, out *map[program.State]int) read {
	scope := "partner"
	if partnerOrgID == 0 {
		scope = "program"
	}
	// The scope is written out: with it as a parameter, PostgreSQL planned
	// the statement afresh at every call (0.3 ms of planning per partner
	// page under load at a million vouchers, issue 11).
	return tallyCountsRead(`SELECT item, n FROM tallies WHERE scope = '`+scope+`' AND key_id = $1 AND n <> 0 AND item = upper(item)`,
		[]any{partnerOrgID}, out)
}

// CustomerStateCounts counts a customer's vouchers by state.
func (tx *Tx) CustomerStateCounts(ctx context.Context, orgID int64) (map[program.State]int, error) {
	var out map[program.State]int
	err := tx.run(ctx, customerStateCountsRead(orgID, &out))
	return out, err
}

// CustomerStateCounts queues Tx.CustomerStateCounts(orgID), into out.
func (q *Reads) CustomerStateCounts(orgID int64, out *map[program.State]int) {
	q.add(customerStateCountsRead(orgID, out))
}

func customerStateCountsRead(orgID int64, out *map[program.State]int) read {
	return tallyCountsRead(`SELECT item, n FROM tallies WHERE scope = 'customer' AND key_id = $1 AND n <> 0`, []any{orgID}, out)
}

// tallyCountsRead reads (state, count) rows into out.
func tallyCountsRead(sql string, args []any, out *map[program.State]int) read {
	return read{sql, args, func(rows pgx.Rows) error {
		var err error
		*out, err = stateCounts(rows, nil)
		return err
	}}
}

// stateCounts reads (state, count) rows.
func stateCounts(rows pgx.Rows, err error) (map[program.State]int, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[program.State]int{}
	for rows.Next() {
		var s program.State
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

// Stats reads the program's numbers (program scope).
func (tx *Tx) Stats(ctx context.Context) (Stats, error) {
	s := Stats{ByState: map[program.State]int{}, Payments: map[string]PaymentTotal{},
		CreatedByMonth: map[program.Date]int{}, RedeemedByMonth: map[program.Date]int{}}
	rows, err := tx.Query(ctx, `SELECT item, n, amount FROM tallies WHERE scope = 'program' AND key_id = 0 ORDER BY item`)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var item string
		var n int
		var amount int64
		if err := rows.Scan(&item, &n, &amount); err != nil {
			return s, err
		}
		days := int(amount)
		switch kind, rest, _ := strings.Cut(item, ":"); kind {
		case "ledger":
			s.DaysRemaining += days
			switch program.EntryKind(rest) {
			case program.EntryAccrual:
				s.Accrued += days
			case program.EntryTrainingConversion:
				s.Converted += days
			case program.EntryRetirementRemoval:
				s.Removed -= days
			}
		case "forfeited":
			s.Forfeited += days
		case "created", "redeemed":
			month, err := time.Parse("2006-01", rest)
			if err != nil {
				return s, fmt.Errorf("tally %q: %w", item, err)
			}
			m := program.DateFromTime(month)
			if kind == "created" {
				s.CreatedByMonth[m] += days
			} else {
				s.RedeemedByMonth[m] += days
			}
		case "enrollments_with_days":
			s.EnrollmentsWithDays += n
		case "payment":
			state, currency, _ := strings.Cut(rest, ":")
			if n == 0 {
				continue
			}
			t := s.Payments[state]
			t.Count += n
			t.Totals = append(t.Totals, program.Money{Minor: amount, Currency: currency})
			s.Payments[state] = t
		default:
			st := program.State(item)
			if n != 0 {
				s.ByState[st] = n
			}
			if st.Unredeemed() {
				s.InVouchers += days
			}
			switch st {
			case program.Redeemed, program.PaymentRequested, program.Paid, program.Denied:
				s.Redeemed += days
			}
		}
	}
	if err := rows.Err(); err != nil {
		return s, err
	}
	err = tx.QueryRow(ctx, `SELECT count(*) FROM partner_enrollments WHERE status = 'requested'`).Scan(&s.EnrollmentRequests)
	return s, err
}
