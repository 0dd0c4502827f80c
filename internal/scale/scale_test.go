package scale_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/app"
	"sapsportal/internal/program"
	"sapsportal/internal/scale"
	"sapsportal/internal/store"
	"sapsportal/internal/store/storetest"
	"sapsportal/internal/web"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// testSize is large enough that the planner prefers an index wherever one
// serves (a few thousand tenants, tens of thousands of vouchers), and small
// enough to load in seconds.
var testSize = scale.Size{Customers: 3000, Partners: 20, Vouchers: 40000, BigCustomer: 8000, Today: scale.Default.Today}

// statement is one statement the portal ran, with the row-level security
// scope of its transaction.
type statement struct {
	sql   string
	args  []any
	scope []any // the scope's set_config statement and arguments in force, nil outside a transaction
	// In a batch: the batch's set_config statement and arguments, as scope.
	inBatch    bool
	batchScope []any
}

// counts are a page's statements (begin and commit left out), its explicit
// transactions, and all its transactions (explicit ones, batches, and
// statements on their own).
func counts(sts []statement) (statements, explicit, transactions int) {
	inTx := false
	for _, st := range sts {
		switch {
		case st.sql == "begin":
			inTx = true
			explicit++
			transactions++
		case st.sql == "commit" || st.sql == "rollback":
			inTx = false
		case st.sql == "batch":
			transactions++
		default:
			statements++
			if !inTx && !st.inBatch {
				transactions++
			}
		}
	}
	return statements, explicit, transactions
}

// recorder traces every statement, remembering each connection's scope.
type recorder struct {
	mu         sync.Mutex
	scopes     map[*pgx.Conn][]any
	list       []statement
	batchScope []any
}

func (r *recorder) TraceQueryStart(ctx context.Context, c *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	sql := strings.TrimSpace(d.SQL)
	switch {
	case strings.HasPrefix(sql, "SELECT set_config('app.org_id'"):
		r.scopes[c] = append([]any{sql}, d.Args...)
	case sql == "begin" || sql == "commit" || sql == "rollback":
		if sql != "begin" {
			delete(r.scopes, c)
		}
	}
	r.list = append(r.list, statement{sql: sql, args: d.Args, scope: r.scopes[c]})
	return ctx
}

func (r *recorder) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// A batch is one round trip and one implicit transaction: its statements
// are recorded with the batch's first statement (its scope) as their scope.
func (r *recorder) TraceBatchStart(ctx context.Context, c *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.list = append(r.list, statement{sql: "batch"})
	return ctx
}

func (r *recorder) TraceBatchQuery(ctx context.Context, c *pgx.Conn, d pgx.TraceBatchQueryData) {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := statement{sql: strings.TrimSpace(d.SQL), args: d.Args, inBatch: true}
	if strings.HasPrefix(st.sql, "SELECT set_config(") {
		r.batchScope = append([]any{st.sql}, d.Args...)
	} else {
		st.batchScope = r.batchScope
	}
	r.list = append(r.list, st)
}

func (r *recorder) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.batchScope = nil
}

func (r *recorder) take() []statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.list
	r.list = nil
	return l
}

// portal is the real portal over a loaded program, traced.
type portal struct {
	t     *testing.T
	owner *pgx.Conn
	store *store.Store
	app   *app.App
	clock *program.SimulatedClock
	rec   *recorder
	srv   *httptest.Server
}

func newPortal(t *testing.T, sz scale.Size) *portal {
	t.Helper()
	rec := &recorder{scopes: map[*pgx.Conn][]any{}}
	clk := program.NewSimulatedClock(sz.Today.In(time.UTC).Add(9 * time.Hour))
	l := load(t, sz, clk, rec)
	srv := httptest.NewServer(web.NewServer(l.app, web.Config{BaseURL: "http://127.0.0.1", Simulated: true}, slog.New(slog.DiscardHandler)).Handler())
	t.Cleanup(srv.Close)
	return &portal{t: t, owner: l.owner, store: l.app.Store, app: l.app, clock: clk, rec: rec, srv: srv}
}

type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// signIn returns a client signed in as email.
func (p *portal) signIn(email string) *http.Client {
	p.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodPost, p.srv.URL+"/login",
		strings.NewReader(url.Values{"email": {email}, "password": {scale.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		p.t.Fatalf("sign in as %s: status %d", email, resp.StatusCode)
	}
	return c
}

// get fetches path and returns the statements it ran.
func (p *portal) get(c *http.Client, path string) []statement {
	p.t.Helper()
	p.rec.take()
	resp, err := c.Get(p.srv.URL + path)
	if err != nil {
		p.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		p.t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	return p.rec.take()
}

// seqScans explains st as the app ran it (same role, same scope), with the
// plan PostgreSQL picks for these values and with the generic plan a
// prepared statement may settle on, and lists the sequential scans of
// tables holding more than minRows rows.
func (p *portal) seqScans(st statement, minRows float64) ([]string, error) {
	return p.explain(st, minRows, node.seqScans)
}

// sortedScans lists the tables of more than minRows rows whose rows st
// sorts (a Sort node above their scan) rather than reads in order from an
// index: a list in a chosen order must not sort all of a tenant's vouchers.
func (p *portal) sortedScans(st statement, minRows float64) ([]string, error) {
	return p.explain(st, minRows, func(n node) []string { return n.sorted(false) })
}

// explain explains st as seqScans says and lists the tables of more than
// minRows rows that find picks out of its plans.
func (p *portal) explain(st statement, minRows float64, find func(node) []string) ([]string, error) {
	ctx := context.Background()
	verb := strings.ToUpper(strings.Fields(st.sql)[0])
	if verb != "SELECT" && verb != "WITH" && verb != "UPDATE" && verb != "INSERT" && verb != "DELETE" {
		return nil, nil
	}
	var found []string
	for _, mode := range []string{"auto", "force_generic_plan"} {
		conn, err := p.store.Pool.Acquire(ctx)
		if err != nil {
			return nil, err
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			conn.Release()
			return nil, err
		}
		for _, scope := range [][]any{st.scope, st.batchScope} {
			if scope == nil {
				continue
			}
			// The scope statement as the app ran it, then its arguments.
			if _, err := tx.Exec(ctx, scope[0].(string), scope[1:]...); err != nil {
				tx.Rollback(ctx)
				conn.Release()
				return nil, err
			}
		}
		var plan []byte
		_, err = tx.Exec(ctx, "SET LOCAL plan_cache_mode = "+mode)
		if err == nil {
			err = tx.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+st.sql, st.args...).Scan(&plan)
		}
		tx.Rollback(ctx)
		conn.Release()
		if err != nil {
			return nil, fmt.Errorf("EXPLAIN %s: %w", st.sql, err)
		}
		var doc []struct{ Plan node }
		if err := json.Unmarshal(plan, &doc); err != nil {
			return nil, err
		}
		for _, rel := range find(doc[0].Plan) {
			var rows float64
			if err := p.owner.QueryRow(ctx, `SELECT reltuples FROM pg_class WHERE relname = $1`, rel).Scan(&rows); err != nil {
				return nil, err
			}
			if rows > minRows {
				found = append(found, fmt.Sprintf("%s (%s plan, %.0f rows)", rel, mode, rows))
			}
		}
	}
	return found, nil
}

type node struct {
	Type      string `json:"Node Type"`
	Parent    string `json:"Parent Relationship"`
	Relation  string `json:"Relation Name"`
	Index     string `json:"Index Name"`
	IndexCond string `json:"Index Cond"`
	Plans     []node `json:"Plans"`
}

// unindexed lists the vouchers a list reads without cond among the
// conditions of the index it reads them by (its subqueries left out): a
// list filtered by state must find that state's rows in its index, not
// filter all of a tenant's vouchers.
func (n node) unindexed(cond string) []string {
	var out []string
	if (n.Relation == "vouchers" && (n.Type == "Index Scan" || n.Type == "Index Only Scan") ||
		strings.HasPrefix(n.Index, "vouchers_") && n.Type == "Bitmap Index Scan") && !strings.Contains(n.IndexCond, cond) {
		out = append(out, "vouchers")
	}
	for _, c := range n.Plans {
		if c.Parent == "SubPlan" || c.Parent == "InitPlan" {
			continue
		}
		out = append(out, c.unindexed(cond)...)
	}
	return out
}

// sorted lists the lists' tables (vouchers, payment requests,
// organisations) whose rows a Sort node orders (under: n is below one); the
// subqueries each row runs (SubPlan, InitPlan: row-level security, the
// names beside a row) are not what is sorted.
func (n node) sorted(under bool) []string {
	var out []string
	under = under || n.Type == "Sort" || n.Type == "Incremental Sort"
	if under && slices.Contains([]string{"vouchers", "payment_requests", "organisations"}, n.Relation) {
		out = append(out, n.Relation)
	}
	for _, c := range n.Plans {
		if c.Parent == "SubPlan" || c.Parent == "InitPlan" {
			continue
		}
		out = append(out, c.sorted(under)...)
	}
	return out
}

// checkStateIndexed checks that the page's list of vouchers in state reads
// them by an index on that state, in the plan for these values and in the
// generic plan.
func checkStateIndexed(t *testing.T, p *portal, page string, sts []statement, state string) {
	t.Helper()
	cond := "(state = '" + state + "'::text)"
	checked := 0
	for _, st := range sts {
		if !strings.Contains(st.sql, "v.state = '"+state+"'") || !strings.Contains(st.sql, "ORDER BY") {
			continue
		}
		checked++
		found, err := p.explain(st, 0, func(n node) []string { return n.unindexed(cond) })
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if len(found) > 0 {
			t.Errorf("%s: reads %s without %s as an index condition in:\n%s", page, strings.Join(found, ", "), cond, st.sql)
		}
	}
	if checked == 0 {
		t.Errorf("%s: no list of %s vouchers among its statements", page, state)
	}
}

func (n node) seqScans() []string {
	var out []string
	if n.Type == "Seq Scan" {
		out = append(out, n.Relation)
	}
	for _, c := range n.Plans {
		out = append(out, c.seqScans()...)
	}
	return out
}

// TestHotQueriesUseIndexes opens every page people open often, on a program
// large enough that a missing index shows, and explains each statement the
// page ran exactly as the app ran it: no sequential scan of a table that
// grows with the program (the organisations searched by part of a name
// included: a trigram index serves "contains"). Each page runs one
// transaction and a handful of statements. The sweeps' statements are
// checked the same way.
func TestHotQueriesUseIndexes(t *testing.T) {
	t.Parallel()
	p := newPortal(t, testSize)
	clients := map[string]*http.Client{}
	check := func(name string, sts []statement) {
		t.Helper()
		seen := map[string]bool{}
		for _, st := range sts {
			if seen[st.sql] {
				continue
			}
			seen[st.sql] = true
			scans, err := p.seqScans(st, 2000)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(scans) > 0 {
				t.Errorf("%s: sequential scan of %s in:\n%s", name, strings.Join(scans, ", "), st.sql)
			}
		}
	}
	pages, err := scale.Pages(context.Background(), p.owner)
	if err != nil {
		t.Fatal(err)
	}
	for _, pg := range pages {
		c := clients[pg.Email]
		if c == nil {
			c = p.signIn(pg.Email)
			clients[pg.Email] = c
		}
		p.get(c, pg.Path) // the first visit may fill caches
		sts := p.get(c, pg.Path)
		// One transaction for the page; the session's load and save and the
		// person's memberships are one round trip each. (The partner home,
		// the largest, reads the partner's eligibility, its to-dos, its
		// enrollments' renewals and its payment registrations: small bounded
		// reads, each on an index, sent together in one round trip.)
		n, explicit, txs := counts(sts)
		t.Logf("%s: %d statements, %d transactions (%d explicit)", pg.Name, n, txs, explicit)
		limit := 15
		if pg.Name == "partner home" {
			limit = 22
		}
		if explicit > 1 || n > limit {
			t.Errorf("%s: %d statements in %d transactions, want at most %d in one", pg.Name, n, explicit, limit)
		}
		if os.Getenv("SHOW_STATEMENTS") != "" {
			for _, st := range sts {
				t.Logf("    %.110s", strings.Join(strings.Fields(st.sql), " "))
			}
		}
		check(pg.Name, sts)
		if strings.Contains(pg.Path, "state=RESERVED") {
			checkStateIndexed(t, p, pg.Name, sts, "RESERVED")
		}
		if strings.Contains(pg.Path, "sort=") {
			for _, st := range sts {
				if !strings.Contains(st.sql, "ORDER BY") || !strings.Contains(st.sql, "LIMIT") {
					continue
				}
				sorted, err := p.sortedScans(st, 2000)
				if err != nil {
					t.Fatalf("%s: %v", pg.Name, err)
				}
				if len(sorted) > 0 {
					t.Errorf("%s: sorts the rows of %s in:\n%s", pg.Name, strings.Join(sorted, ", "), st.sql)
				}
			}
		}
	}
	// The sweeps, a fortnight on: vouchers fall due.
	p.clock.Set(scale.Default.Today.AddDays(14).In(time.UTC).Add(9 * time.Hour))
	p.rec.take()
	r, err := p.app.CatchUp(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.Expired == 0 {
		t.Fatalf("the sweep expired nothing: %+v", r)
	}
	check("catch-up", p.rec.take())
}
