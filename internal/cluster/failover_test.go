package cluster

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/pgcluster"
	"sapsportal/internal/seed"
	"sapsportal/internal/store"
)

// TestFailoverKeepsEveryAcknowledgedWrite runs the portal on a
// pg_auto_failover formation (a monitor and two nodes, the standby
// synchronous), drives writes from several people through two instances,
// kills the primary's whole process tree and checks what the issue asks:
// the outage is short, no answer is a 500 or a hang, every acknowledged
// write is there, a form sent again with its one-time key makes its change
// once, the ledger balances, and the old primary rejoins as a standby.
func TestFailoverKeepsEveryAcknowledgedWrite(t *testing.T) {
	if os.Getenv("SAPS_CLUSTER_TEST") == "" {
		t.Skip("make test-cluster runs this test (pg_auto_failover monitor and two nodes)")
	}
	t.Parallel() // the three cluster tests run side by side (make test-cluster within 5 minutes)
	ctx := context.Background()
	dir := tempDir(t)
	bin := buildPortal(t, dir)
	began := time.Now()
	f := startFormation(t, dir)
	t.Logf("failover: the monitor and two nodes were up in %v", time.Since(began).Round(100*time.Millisecond))

	owner := f.url("postgres")
	appURL, _ := store.AppURL(owner, "")
	ports := freePorts(t, 2)
	var instances []*instance
	for i, port := range ports {
		args := []string{"--addr", fmt.Sprintf("127.0.0.1:%d", port), "--database-url", appURL,
			"--clock", seed.Date.String(), "--sweep-interval", "1s", "--drain-delay", "1s"}
		if i == 0 {
			args = append(args, "--database-owner-url", owner, "--demo")
		}
		in := startInstance(t, bin, dir, i+1, args)
		in.waitReady(t)
		instances = append(instances, in)
	}

	db := f.connect(t)
	var enrollment, sharePoint int64
	db.QueryRow(ctx, "SELECT id FROM sa_enrollments WHERE agreement_number = 'SA-CONTOSO-US-02'").Scan(&enrollment)
	db.QueryRow(ctx, "SELECT id FROM engagement_types WHERE name = 'SharePoint Deployment Planning'").Scan(&sharePoint)
	if _, err := db.Exec(ctx, `INSERT INTO ledger_entries (org_id, enrollment_id, kind, days, effective_on, note)
		SELECT org_id, id, 'accrual', 5000, '2021-01-15', 'failover test' FROM sa_enrollments WHERE id = $1`, enrollment); err != nil {
		t.Fatal(err)
	}
	db.Close(ctx)

	// Each writer makes vouchers, one form at a time, each with its own
	// one-time key, and sends a form again (the same key) until it gets a
	// final answer: the change made (303), or "already sent" (409).
	var (
		mu          sync.Mutex
		acked       = map[string]string{} // project manager → voucher page
		answered    = map[string]bool{}   // project managers whose form got a final answer
		statuses    = map[int]int{}
		resent      atomic.Int64
		hangs       atomic.Int64
		killedAt    atomic.Int64
		firstAckGap atomic.Int64 // from the kill to the first acknowledged write sent after it
	)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		c := signIn(t, instances[w%2].url, "benefits@contoso.example")
		c.http.Timeout = 20 * time.Second // a hang, not a slow answer
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				pm := fmt.Sprintf("failover-%d-%d@contoso.example", w, i)
				form := url.Values{"enrollment_id": {itoa(enrollment)}, "engagement_type_id": {itoa(sharePoint)},
					"days": {"1"}, "project_manager": {pm}, "confirm": {"yes"}, "_key": {newKey()}}
				for attempt := 0; ; attempt++ {
					if attempt > 0 {
						resent.Add(1)
						time.Sleep(200 * time.Millisecond)
					}
					started := time.Now().UnixNano()
					p, err := c.try("/customer/vouchers/new", form)
					mu.Lock()
					if err != nil {
						if strings.Contains(err.Error(), "Timeout") || strings.Contains(err.Error(), "deadline") {
							hangs.Add(1)
						}
						statuses[0]++
					} else {
						statuses[p.status]++
					}
					mu.Unlock()
					if err != nil || (p.status != http.StatusSeeOther && p.status != http.StatusConflict) {
						continue
					}
					mu.Lock()
					answered[pm] = true
					if p.status == http.StatusSeeOther {
						acked[pm] = p.location
						if k := killedAt.Load(); k != 0 && started > k && firstAckGap.Load() == 0 {
							firstAckGap.Store(time.Now().UnixNano() - k)
						}
					}
					mu.Unlock()
					break
				}
			}
		})
	}

	// Pages while the primary is gone: /readyz says unready, and comes
	// back by itself.
	var sawUnready, readyAgain atomic.Bool
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			resp, err := http.Get(instances[1].url + "/readyz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusServiceUnavailable && killedAt.Load() != 0 {
					sawUnready.Store(true)
				}
				if resp.StatusCode == http.StatusOK && sawUnready.Load() {
					readyAgain.Store(true)
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
	})

	time.Sleep(3 * time.Second)
	old := f.primary(t)
	killedAt.Store(time.Now().UnixNano())
	f.kill(t, old)
	for time.Now().UnixNano()-killedAt.Load() < int64(40*time.Second) && firstAckGap.Load() == 0 {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(3 * time.Second) // writes after the failover, too
	close(stop)
	wg.Wait()

	outage := time.Duration(firstAckGap.Load())
	t.Logf("failover: %d forms acknowledged, %d sent again, answers by status %v, first write acknowledged %v after the kill",
		len(acked), resent.Load(), statuses, outage.Round(100*time.Millisecond))
	if outage == 0 || outage > 20*time.Second {
		t.Errorf("the outage lasted %v (want under 20 s)", outage)
	}
	if n := statuses[http.StatusInternalServerError]; n > 0 {
		t.Errorf("%d answers were 500 while failing over (want 503 and a retry)", n)
	}
	if n := hangs.Load(); n > 0 {
		t.Errorf("%d requests hung for 20 s", n)
	}
	if !sawUnready.Load() || !readyAgain.Load() {
		t.Errorf("/readyz while the primary was gone: unready %v, ready again %v", sawUnready.Load(), readyAgain.Load())
	}

	// Every acknowledged write is on the new primary, and every form made
	// its change at most once, exactly once when it was answered.
	db = f.connect(t)
	defer db.Close(ctx)
	q := func(sql string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := db.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}
	for pm, page := range acked {
		id := strings.TrimPrefix(page, "/customer/vouchers/")
		if q("SELECT count(*) FROM vouchers v JOIN ledger_entries l ON l.voucher_id = v.id AND l.kind = 'voucher_created' WHERE v.id = $1 AND v.project_manager_email = $2", id, pm) != 1 {
			t.Errorf("acknowledged voucher %s (%s) is not in the database with its ledger entry", id, pm)
		}
	}
	if n := q("SELECT count(*) FROM (SELECT project_manager_email FROM vouchers WHERE project_manager_email LIKE 'failover-%' GROUP BY 1 HAVING count(*) > 1) x"); n != 0 {
		t.Errorf("%d forms sent again made their change twice", n)
	}
	for pm := range answered {
		if q("SELECT count(*) FROM vouchers WHERE project_manager_email = $1", pm) != 1 {
			t.Errorf("the form for %s was answered but made no voucher", pm)
		}
	}
	checkLedger(t, q)

	// The old primary comes back as the new one's standby.
	f.restart(t, old)
	rejoined := time.Now()
	f.waitState(t, old, "secondary", 90*time.Second)
	t.Logf("failover: %s rejoined as a standby %v after its restart", old, time.Since(rejoined).Round(100*time.Millisecond))
}

func newKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "sapsportal-cluster-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755) // the server's user must reach its data
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func buildPortal(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "sapsportal")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/sapsportal").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// formation is a pg_auto_failover monitor and two PostgreSQL nodes on
// loopback, each node kept by its own pg_autoctl.
type formation struct {
	dir     string
	env     []string
	cred    *syscall.Credential
	monitor int
	nodes   map[string]int // name → port
	procs   map[string]*exec.Cmd
	mu      sync.Mutex
}

func startFormation(t *testing.T, dir string) *formation {
	t.Helper()
	if _, err := exec.LookPath("pg_autoctl"); err != nil {
		t.Fatal("pg_autoctl is needed: apt-get install postgresql-15-auto-failover")
	}
	bin, err := pgcluster.BinDir()
	if err != nil {
		t.Fatal(err)
	}
	ports := freePorts(t, 3)
	f := &formation{dir: filepath.Join(dir, "paf"), monitor: ports[0],
		nodes: map[string]int{"node1": ports[1], "node2": ports[2]}, procs: map[string]*exec.Cmd{}}
	f.env = []string{"PATH=" + bin + ":/usr/bin:/bin", "HOME=" + f.dir,
		"XDG_CONFIG_HOME=" + filepath.Join(f.dir, "config"), "XDG_DATA_HOME=" + filepath.Join(f.dir, "share")}
	if f.cred, err = pgcluster.ServerCredential(); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(f.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if f.cred != nil {
		os.Chown(f.dir, int(f.cred.Uid), int(f.cred.Gid))
	}
	t.Cleanup(f.stopAll)

	common := []string{"--hostname", "127.0.0.1", "--listen", "127.0.0.1", "--auth", "trust", "--no-ssl"}
	f.spawn(t, "monitor", append([]string{"create", "monitor", "--pgdata", f.pgdata("monitor"), "--pgport", itoa(int64(f.monitor)), "--run"}, common...))
	monitorURL := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/pg_auto_failover?sslmode=disable", f.monitor)
	var mon *pgx.Conn
	for i := 0; ; i++ {
		if mon, err = pgx.Connect(context.Background(), monitorURL); err == nil {
			if _, err = mon.Exec(context.Background(), "SELECT 1 FROM pgautofailover.node LIMIT 1"); err == nil {
				break
			}
			mon.Close(context.Background())
		}
		if i == 1200 {
			t.Fatalf("the monitor did not start: %v\n%s", err, f.log("monitor"))
		}
		time.Sleep(100 * time.Millisecond)
	}
	// A monitor tuned for a test on one machine: a node is unhealthy after
	// 2 s without answering (the defaults take about 30 s).
	for _, s := range []string{"health_check_period = '1s'", "health_check_timeout = '1s'", "health_check_max_retries = 1",
		"health_check_retry_delay = '1s'", "node_considered_unhealthy_timeout = '2s'", "primary_demote_timeout = '5s'"} {
		if _, err := mon.Exec(context.Background(), "ALTER SYSTEM SET pgautofailover."+s); err != nil {
			t.Fatal(err)
		}
	}
	mon.Exec(context.Background(), "SELECT pg_reload_conf()")
	mon.Close(context.Background())

	monitorNodeURL := fmt.Sprintf("postgres://autoctl_node@127.0.0.1:%d/pg_auto_failover?sslmode=disable", f.monitor)
	for _, name := range []string{"node1", "node2"} {
		f.spawn(t, name, append([]string{"create", "postgres", "--pgdata", f.pgdata(name), "--pgport", itoa(int64(f.nodes[name])),
			"--name", name, "--dbname", "sapsportal", "--monitor", monitorNodeURL, "--run"}, common...))
		if name == "node1" {
			f.waitState(t, name, "single", 90*time.Second) // alone, until its standby joins
			continue
		}
		f.waitState(t, name, "secondary", 90*time.Second)
	}
	f.waitState(t, "node1", "primary", 30*time.Second)
	return f
}

func (f *formation) pgdata(name string) string { return filepath.Join(f.dir, name) }

// url is the formation's multi-host URL for database name as the
// superuser, connecting to whichever node takes writes.
func (f *formation) url(user string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d,127.0.0.1:%d/sapsportal?sslmode=disable&target_session_attrs=read-write",
		user, f.nodes["node1"], f.nodes["node2"])
}

func (f *formation) connect(t *testing.T) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), f.url("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

func (f *formation) spawn(t *testing.T, name string, args []string) {
	t.Helper()
	logFile, err := os.Create(filepath.Join(f.dir, name+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pg_autoctl", args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = f.dir, f.env, logFile, logFile
	// Its own process group, so that the node's whole tree (pg_autoctl
	// and its PostgreSQL) can be killed at once.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: f.cred}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { cmd.Wait(); logFile.Close() }()
	f.mu.Lock()
	f.procs[name] = cmd
	f.mu.Unlock()
}

func (f *formation) log(name string) string {
	b, _ := os.ReadFile(filepath.Join(f.dir, name+".log"))
	return tail(string(b), 3000)
}

// state is what the monitor says a node is (its reported state).
func (f *formation) state(name string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/pg_auto_failover?sslmode=disable", f.monitor))
	if err != nil {
		return ""
	}
	defer conn.Close(ctx)
	var s string
	conn.QueryRow(ctx, "SELECT reportedstate::text FROM pgautofailover.node WHERE nodename = $1 AND reportedstate = goalstate", name).Scan(&s)
	return s
}

func (f *formation) waitState(t *testing.T, name, want string, within time.Duration) {
	t.Helper()
	for i, deadline := 0, time.Now().Add(within); time.Now().Before(deadline); i++ {
		if f.state(name) == want {
			return
		}
		if i%10 == 9 {
			f.checkpoint()
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s is not %s after %v\n%s", name, want, within, f.log(name))
}

// checkpoint asks every node for a checkpoint at once: a standby's base
// backup or rewind waits for one, spread over minutes unless asked for.
func (f *formation) checkpoint() {
	for _, port := range f.nodes {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		if conn, err := pgx.Connect(ctx, fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)); err == nil {
			conn.Exec(ctx, "CHECKPOINT")
			conn.Close(ctx)
		}
		cancel()
	}
}

func (f *formation) primary(t *testing.T) string {
	t.Helper()
	for name := range f.nodes {
		if f.state(name) == "primary" {
			return name
		}
	}
	t.Fatal("the formation has no primary")
	return ""
}

// kill ends a node's whole process tree at once, as a lost machine would.
func (f *formation) kill(t *testing.T, name string) {
	t.Helper()
	f.mu.Lock()
	cmd := f.procs[name]
	f.mu.Unlock()
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
}

// restart runs a killed node's keeper again: it finds the new primary and
// follows it.
func (f *formation) restart(t *testing.T, name string) {
	t.Helper()
	f.spawn(t, name+"-again", []string{"run", "--pgdata", f.pgdata(name)})
}

func (f *formation) stopAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, cmd := range f.procs {
		if cmd.Process != nil {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	}
	// A killed postmaster's children end by themselves; wait for them, so
	// that the data can be removed.
	time.Sleep(500 * time.Millisecond)
	for _, name := range []string{"monitor", "node1", "node2"} {
		exec.Command("pkill", "-9", "-f", "postgres -D "+f.pgdata(name)).Run()
	}
}
