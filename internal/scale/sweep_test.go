package scale_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/scale"
	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
)

// killer cancels a context when it sees the nth commit: a sweep killed
// between two of its batches, with the next batch in flight.
type killer struct {
	n       int64
	commits atomic.Int64
	cancel  context.CancelFunc
}

func (k *killer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	if d.SQL == "commit" && k.commits.Add(1) == k.n && k.cancel != nil {
		k.cancel()
	}
	return ctx
}

func (k *killer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// loaded is a loaded program and an app over it.
type loaded struct {
	owner *pgx.Conn
	app   *app.App
}

func load(t *testing.T, sz scale.Size, clock program.Clock, tracer pgx.QueryTracer) loaded {
	t.Helper()
	ctx := context.Background()
	url := storetest.NewURL(t)
	if err := scale.Load(ctx, url, sz, testLog{t}); err != nil {
		t.Fatal(err)
	}
	owner, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Close(ctx) })
	var opts []store.Option
	if tracer != nil {
		opts = append(opts, store.WithTracer(tracer))
	}
	s, err := store.Open(ctx, storetest.AppURL(t, url), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return loaded{owner: owner, app: app.New(s, clock, nil)}
}

// at is 09:00 UTC on d, fixed.
func at(d program.Date) program.Clock { return program.FixedClock(d.In(time.UTC).Add(9 * time.Hour)) }

// rows reads a query's rows as text, in order.
func (l loaded) rows(t *testing.T, sql string) []string {
	t.Helper()
	rows, err := l.owner.Query(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// What the sweeps leave behind, without the ids and clock times the
// database assigns, in an order of their own.
var records = map[string]string{
	"vouchers": `SELECT row(id, state, partner_org_id, payment_window_closed, updated_at)::text FROM vouchers ORDER BY id`,
	"ledger": `SELECT row(org_id, enrollment_id, kind, days, effective_on, voucher_id, note, actor_user_id)::text
		FROM ledger_entries ORDER BY 1`,
	"audit": `SELECT row(org_id, actor_user_id, actor, action, voucher_id, customer_org_id, partner_org_id, before_state,
		after_state, details, request_id, occurred_at)::text FROM audit_events ORDER BY 1`,
	"outbox":   `SELECT row(org_id, to_email, subject, body, voucher_id, created_at)::text FROM outbox ORDER BY 1`,
	"balances": `SELECT row(id, balance)::text FROM sa_enrollments ORDER BY id`,
	"tallies":  `SELECT row(scope, key_id, item, n, amount)::text FROM tallies WHERE n <> 0 OR amount <> 0 ORDER BY 1`,
}

// TestSetBasedSweepsWriteWhatOneByOneWrites runs the catch-up after a jump
// across the removal day on two copies of one program: one effect per
// transaction on the first; set-based on the second, killed after a few
// batches and then finished by two instances at once. Both leave the same
// vouchers, ledger entries, audit events, emails, balances and tallies.
func TestSetBasedSweepsWriteWhatOneByOneWrites(t *testing.T) {
	t.Parallel()
	sz := scale.Size{Customers: 200, Partners: 10, Vouchers: 6000, BigCustomer: 600, Today: scale.Default.Today}
	// Early expiries return days, the removal takes the rest, later ones are
	// forfeited, and payment windows close.
	jump := program.D(2021, 9, 1)
	ref := load(t, sz, at(jump), nil)
	k := &killer{n: 3}
	set := load(t, sz, at(jump), k)
	set.app.SweepBatch = 100

	want, err := ref.app.CatchUpOneByOne(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want.Expired == 0 || want.DaysReturned == 0 || want.DaysForfeited == 0 || want.Enrollments == 0 || want.WindowsClosed == 0 {
		t.Fatalf("the program does not exercise every sweep: %+v", want)
	}

	// DOMAIN.md §9: vouchers of every tenth enrollment, whose SA ends on
	// 2021-03-31, that expire after it and before the removal are forfeited.
	lapsed := ref.rows(t, `SELECT count(*)::text FROM ledger_entries l JOIN sa_enrollments e ON e.id = l.enrollment_id
		WHERE l.kind = 'voucher_expired' AND l.days = 0 AND l.effective_on > e.sa_end_date AND l.effective_on < '2021-07-01'
		AND l.note LIKE '%last day of Software Assurance%'`)
	returnedOnEnd := ref.rows(t, `SELECT count(*)::text FROM ledger_entries l JOIN sa_enrollments e ON e.id = l.enrollment_id
		WHERE l.kind = 'voucher_expired' AND l.days > 0 AND l.effective_on = e.sa_end_date`)
	if lapsed[0] == "0" || returnedOnEnd[0] == "0" {
		t.Fatalf("the program exercises no SA lapse: %s forfeited after the SA end, %s returned on it", lapsed[0], returnedOnEnd[0])
	}

	ctx, cancel := context.WithCancel(context.Background())
	k.cancel = cancel
	if _, err := set.app.CatchUp(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("the killed sweep: %v", err)
	}
	partial := set.rows(t, `SELECT count(*)::text FROM audit_events WHERE request_id = 'catch-up' AND occurred_at > '2021-08-01'`)
	if partial[0] == "0" {
		t.Fatal("the killed sweep committed no batch")
	}
	var wg sync.WaitGroup
	got := make([]app.CatchUpReport, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() { got[i], errs[i] = set.app.CatchUp(context.Background()) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, sql := range records {
		if diff := cmp.Diff(ref.rows(t, sql), set.rows(t, sql)); diff != "" {
			t.Errorf("%s differ (-one by one +set-based):\n%s", name, firstLines(diff, 20))
		}
	}
	// Each effect once: the killed run and the two instances together did
	// what remained after the killed run's committed batches.
	sum := got[0].Expired + got[1].Expired
	if sum == 0 || sum >= want.Expired {
		t.Errorf("after the kill the two instances expired %d vouchers (of %d in all)", sum, want.Expired)
	}
	if r, err := set.app.CatchUp(context.Background()); err != nil || r != (app.CatchUpReport{}) {
		t.Errorf("a third run: %+v %v", r, err)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}
