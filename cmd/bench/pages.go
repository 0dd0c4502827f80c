package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/scale"
	"sapsportal/internal/store"
)

// server is a child process serving HTTP.
type server struct {
	name string
	base string
	cmd  *exec.Cmd
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func start(ctx context.Context, name, probe string, env []string, bin string, args ...string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, append(args, "--addr", addr)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	s := &server{name: name, base: "http://" + addr, cmd: cmd}
	for deadline := time.Now().Add(60 * time.Second); ; {
		resp, err := http.Get(s.base + probe)
		if err == nil {
			resp.Body.Close()
			return s, nil
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("%s did not answer on %s: %w", name, addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// cpuTicks is the CPU time the process has used, in clock ticks.
func (s *server) cpuTicks() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name, which is in parentheses: utime
	// and stime are the 12th and 13th.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	user, _ := strconv.ParseInt(f[11], 10, 64)
	sys, _ := strconv.ParseInt(f[12], 10, 64)
	return user + sys
}

// settle waits (at most limit) until the process is idle: the portal runs
// its sweeps when it starts, which would otherwise be measured with the
// first pages. It returns how long that took.
func (s *server) settle(ctx context.Context, limit time.Duration) time.Duration {
	start := time.Now()
	last := s.cpuTicks()
	for time.Since(start) < limit && ctx.Err() == nil {
		time.Sleep(time.Second)
		now := s.cpuTicks()
		if now-last < 5 { // under 5 % of one core over the second
			break
		}
		last = now
	}
	return time.Since(start)
}

// rss is the process's resident memory and its peak, in MB.
func (s *server) rss() (now, peak float64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && (f[0] == "VmRSS:" || f[0] == "VmHWM:") {
			kb, _ := strconv.ParseFloat(f[1], 64)
			if f[0] == "VmRSS:" {
				now = kb / 1024
			} else {
				peak = kb / 1024
			}
		}
	}
	return now, peak
}

// signIn returns the session cookie of a loaded account.
func signIn(base, email string) (string, error) {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodPost, base+"/login",
		strings.NewReader(url.Values{"email": {email}, "password": {scale.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == "sapsportal_session" && resp.StatusCode == http.StatusSeeOther {
			return ck.Name + "=" + ck.Value, nil
		}
	}
	return "", fmt.Errorf("sign in as %s: status %d", email, resp.StatusCode)
}

// round is one timed load of one URL.
type round struct {
	rps      float64
	p50, p99 time.Duration
	requests int
}

var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}

// load requests u from c workers for d, and fails on any error or non-200.
func load(ctx context.Context, u, cookie string, c int, d time.Duration) (round, error) {
	var mu sync.Mutex
	var all []time.Duration
	var failure error
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range c {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(deadline) && ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
				if cookie != "" {
					req.Header.Set("Cookie", cookie)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("GET %s: status %d", u, resp.StatusCode)
					}
				}
				if err != nil {
					mu.Lock()
					failure = err
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if failure != nil {
		return round{}, failure
	}
	if err := ctx.Err(); err != nil {
		return round{}, err
	}
	if len(all) == 0 {
		return round{}, fmt.Errorf("GET %s: no request completed", u)
	}
	slices.Sort(all)
	return round{rps: float64(len(all)) / elapsed.Seconds(), p50: all[len(all)/2], p99: all[len(all)*99/100], requests: len(all)}, nil
}

func median[T any](rs []T, key func(T) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = key(r)
	}
	slices.Sort(v)
	return v[len(v)/2]
}

// statements counts the statements the database ran since the last reset.
func statements(ctx context.Context, db *pgx.Conn, reset bool) (int64, error) {
	if reset {
		_, err := db.Exec(ctx, `SELECT pg_stat_statements_reset()`)
		return 0, err
	}
	var n int64
	err := db.QueryRow(ctx, `SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements
		WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND query NOT LIKE '%pg_stat_statements%'`).Scan(&n)
	return n, err
}

// costliestStatements are the n statements that took the most time since
// the last reset, each with its calls per request, mean execution time and
// mean planning time (a statement planned afresh each time it runs, rather
// than from its prepared statement's generic plan, shows its cost there).
func costliestStatements(ctx context.Context, db *pgx.Conn, n, requests int) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT calls, mean_exec_time, total_exec_time + total_plan_time,
			CASE WHEN plans > 0 THEN total_plan_time / plans ELSE 0 END, left(regexp_replace(query, '\s+', ' ', 'g'), 150)
		FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time + total_plan_time DESC LIMIT $1`, n)
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var calls int64
		var mean, total, plan float64
		var q string
		if err := rows.Scan(&calls, &mean, &total, &plan, &q); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprintf("%5.2f/req %7.3f ms mean + %6.3f ms planning %8.0f ms total  %s",
			float64(calls)/float64(max(requests, 1)), mean, plan, total, q))
	}
	return out, rows.Err()
}

func ms(d float64) string { return strconv.FormatFloat(d/float64(time.Millisecond), 'f', 1, 64) }

func benchPages(ctx context.Context, dbURL string, c config, out io.Writer) error {
	db, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close(ctx)
	if _, err := db.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`); err != nil {
		return err
	}
	pages, err := scale.Pages(ctx, db)
	if err != nil {
		return err
	}
	pages = slices.DeleteFunc(pages, func(p scale.Page) bool {
		return !slices.ContainsFunc(strings.Split(c.only, ","), func(s string) bool { return strings.Contains(p.Name, s) })
	})
	if len(pages) == 0 {
		return fmt.Errorf("no page's name contains %q", c.only)
	}
	appURL, err := store.AppURL(dbURL, "") // the socket is trusted; the schema is already migrated
	if err != nil {
		return err
	}
	portal, err := start(ctx, "portal", "/login", []string{"DATABASE_URL=" + appURL, "DATABASE_OWNER_URL=", "LOG_LEVEL=error"}, c.portal,
		"--clock", c.size.Today.String(), "--sweep-interval", "24h")
	if err != nil {
		return err
	}
	defer portal.stop()
	settled := portal.settle(ctx, 5*time.Minute)
	_, sweepPeak := portal.rss()
	fmt.Fprintf(out, "portal idle %.0fs after it started (its start-up sweeps), peak RSS %.0f MB by then\n", settled.Seconds(), sweepPeak)
	self, err := os.Executable()
	if err != nil {
		return err
	}
	bare, err := start(ctx, "bare", "/admin", nil, self, "bare", "--database-url", dbURL)
	if err != nil {
		return err
	}
	defer bare.stop()
	cookies := map[string]string{}
	for _, p := range pages {
		if cookies[p.Email] == "" {
			if cookies[p.Email], err = signIn(portal.base, p.Email); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(out, "\n%d vouchers, %d customers, %d partners; c=%d, %d rounds of %s per server, medians\n\n",
		c.size.Vouchers, c.size.Customers, c.size.Partners, c.concurrency, c.rounds, c.duration)
	fmt.Fprintln(out, "| page | portal rps | p50 ms | p99 ms | bare rps | p50 ms | p99 ms | rps ratio | p99 ratio | RSS MB | statements/request |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|---|---|")
	var peakRSS float64
	for _, p := range pages {
		// Warm both up: caches, prepared statements, connections.
		if _, err := load(ctx, portal.base+p.Path, cookies[p.Email], c.concurrency, c.duration/4); err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		if _, err := load(ctx, bare.base+p.Bare, "", c.concurrency, c.duration/4); err != nil {
			return fmt.Errorf("%s (bare): %w", p.Name, err)
		}
		var ours, theirs []round
		var stmts, reqs int64
		var rss float64
		var costliest []string
		for i := range c.rounds {
			if _, err := statements(ctx, db, true); err != nil {
				return err
			}
			r, err := load(ctx, portal.base+p.Path, cookies[p.Email], c.concurrency, c.duration)
			if err != nil {
				return fmt.Errorf("%s: %w", p.Name, err)
			}
			n, err := statements(ctx, db, false)
			if err != nil {
				return err
			}
			stmts, reqs = stmts+n, reqs+int64(r.requests)
			if i == c.rounds-1 && c.top > 0 {
				if costliest, err = costliestStatements(ctx, db, c.top, r.requests); err != nil {
					return err
				}
			}
			now, peak := portal.rss()
			rss, peakRSS = max(rss, now), max(peakRSS, peak)
			ours = append(ours, r)
			b, err := load(ctx, bare.base+p.Bare, "", c.concurrency, c.duration)
			if err != nil {
				return fmt.Errorf("%s (bare): %w", p.Name, err)
			}
			theirs = append(theirs, b)
		}
		rps := func(r round) float64 { return r.rps }
		p50 := func(r round) float64 { return float64(r.p50) }
		p99 := func(r round) float64 { return float64(r.p99) }
		fmt.Fprintf(out, "| %s | %.0f | %s | %s | %.0f | %s | %s | %.0f %% | %.1f× | %.0f | %.1f |\n", p.Name,
			median(ours, rps), ms(median(ours, p50)), ms(median(ours, p99)),
			median(theirs, rps), ms(median(theirs, p50)), ms(median(theirs, p99)),
			100*median(ours, rps)/median(theirs, rps), median(ours, p99)/median(theirs, p99), rss, float64(stmts)/float64(reqs))
		for _, line := range costliest {
			fmt.Fprintln(out, "    "+line)
		}
	}
	fmt.Fprintf(out, "\nportal peak RSS: %.0f MB\n", peakRSS)
	return nil
}
