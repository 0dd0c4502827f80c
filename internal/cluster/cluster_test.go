// Package cluster runs the portal as several instances, for real: a
// PostgreSQL primary and a streaming replica from the installed binaries,
// three portal processes on loopback ports, and nginx in front of them with
// round-robin. `make test-cluster` runs it (it is skipped otherwise).
package cluster

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
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

func TestManyInstancesOneProgram(t *testing.T) {
	if os.Getenv("SAPS_CLUSTER_TEST") == "" {
		t.Skip("make test-cluster runs this test (PostgreSQL primary and replica, three instances, nginx)")
	}
	t.Parallel() // the three cluster tests run side by side (make test-cluster within 5 minutes)
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		if _, e := os.Stat("/usr/sbin/nginx"); e != nil {
			t.Fatal("nginx is needed: apt-get install nginx")
		}
		nginx = "/usr/sbin/nginx"
	}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "sapsportal-cluster-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755) // the server's user must reach its data
	t.Cleanup(func() { os.RemoveAll(dir) })

	bin := filepath.Join(dir, "sapsportal")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/sapsportal").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}

	primary, err := pgcluster.Start(ctx, filepath.Join(dir, "primary"), pgcluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { primary.Stop() })
	admin, err := pgx.Connect(ctx, primary.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE sapsportal"); err != nil {
		t.Fatal(err)
	}
	admin.Close(ctx)
	owner := primary.URL("sapsportal")
	replica, err := pgcluster.StartReplica(ctx, primary, filepath.Join(dir, "replica"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { replica.Stop() })
	// The instances reach the primary through pgbouncer in transaction
	// mode; migrations go straight to it (they take a session lock).
	appURL := startPgbouncer(t, dir, primary)
	replicaURL, _ := store.AppURL(replica.URL("sapsportal"), "")

	ports := freePorts(t, 4)
	front := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	var instances []*instance
	for i := 1; i <= 3; i++ {
		args := []string{"--addr", fmt.Sprintf("127.0.0.1:%d", ports[i]), "--database-url", appURL,
			"--database-replica-url", replicaURL, "--clock", seed.Date.String(), "--sweep-interval", "1s", "--drain-delay", "1s", "--base-url", front}
		if i == 1 { // the first migrates and seeds the demo; the others find it
			args = append(args, "--database-owner-url", owner, "--demo")
		}
		in := startInstance(t, bin, dir, i, args)
		instances = append(instances, in)
		in.waitReady(t)
	}
	startNginx(t, nginx, dir, ports)

	db, err := pgx.Connect(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	q := func(sql string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := db.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}

	// One voucher through its whole lifecycle, each request on the next
	// instance in turn.
	customer := signIn(t, front, "benefits@contoso.example")
	partner := signIn(t, front, "partner@fabrikam.example")
	program := signIn(t, front, "admin@program.example")
	enrollment := q("SELECT id FROM sa_enrollments WHERE agreement_number = 'SA-CONTOSO-US-02'")
	sharePoint := q("SELECT id FROM engagement_types WHERE name = 'SharePoint Deployment Planning'")
	p := customer.post(t, "/customer/vouchers/new", url.Values{"enrollment_id": {itoa(enrollment)}, "engagement_type_id": {itoa(sharePoint)},
		"days": {"1"}, "project_manager": {"pm@contoso.example"}, "confirm": {"yes"}})
	voucher := idAfter(t, p, "/customer/vouchers/")
	var code string
	db.QueryRow(ctx, "SELECT code FROM vouchers WHERE id = $1", voucher).Scan(&code)
	consultant := q("SELECT id FROM users WHERE email = 'consultant@fabrikam.example'")
	seattle := q("SELECT id FROM partner_locations WHERE name = 'Fabrikam Seattle'")
	partner.mustRedirect(t, "/partner/vouchers/reserve", url.Values{"voucher_id": {code}, "email": {"pm@contoso.example"},
		"location_id": {itoa(seattle)}, "start_on": {"2021-03-10"}, "consultants": {itoa(consultant)}, "terms": {"yes"}})

	// The clock moved on one instance is every instance's.
	instances[0].client(t, program).mustRedirect(t, "/admin/clock", url.Values{"date": {"2021-03-12"}})
	for _, in := range instances[1:] {
		in.waitFor(t, program, "/admin", "12 March 2021")
	}

	partner.mustRedirectRaw(t, "/partner/vouchers/"+itoa(voucher)+"/report", report(t, url.Values{"delivered_start": {"2021-03-10"},
		"delivered_end": {"2021-03-10"}, "summary": {"Workshop held."}, "consultants": {itoa(consultant)}}))
	partner.mustRedirect(t, "/partner/vouchers/"+itoa(voucher)+"/redeem", url.Values{"confirm": {"yes"}})
	partner.mustRedirect(t, "/partner/vouchers/"+itoa(voucher)+"/payment", nil)
	program.mustRedirect(t, "/admin/vouchers/"+itoa(voucher)+"/approve", url.Values{"reference": {"PAY-CLUSTER-1"}})
	if n := q("SELECT count(*) FROM vouchers WHERE id = $1 AND state = 'PAID'", voucher); n != 1 {
		t.Fatal("the voucher did not reach PAID")
	}
	if n := q(`SELECT count(DISTINCT action) FROM audit_events WHERE voucher_id = $1 AND action IN ('voucher.created',
		'voucher.reserved', 'voucher.reported', 'voucher.redeemed', 'payment.requested', 'payment.approved')`, voucher); n != 6 {
		t.Errorf("the voucher's timeline has %d of its 6 steps", n)
	}
	for _, in := range instances {
		t.Logf("instance %d served %d requests of the lifecycle", in.n, in.requests())
		if n := in.requests(); n < 3 {
			t.Errorf("instance %d served %d requests: the proxy did not spread them", in.n, n)
		}
	}

	// Load while one instance is killed: every acknowledged change is in
	// the database, every request after the kill is answered, and the
	// ledger still balances.
	if _, err := db.Exec(ctx, `INSERT INTO ledger_entries (org_id, enrollment_id, kind, days, effective_on, note)
		SELECT org_id, id, 'accrual', 1000, '2021-01-15', 'cluster test' FROM sa_enrollments WHERE id = $1`, enrollment); err != nil {
		t.Fatal(err)
	}
	var acked sync.Map
	var afterKill, failedAfterKill atomic.Int64
	var killedAt atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(4 * time.Second)
	for w := range 8 {
		c := signIn(t, front, "benefits@contoso.example")
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				started := time.Now().UnixNano()
				p, err := c.try("/customer/vouchers/new", url.Values{"enrollment_id": {itoa(enrollment)}, "engagement_type_id": {itoa(sharePoint)},
					"days": {"1"}, "project_manager": {fmt.Sprintf("load-%d-%d@contoso.example", w, i)}, "confirm": {"yes"}})
				ok := err == nil && p.status == http.StatusSeeOther && strings.HasPrefix(p.location, "/customer/vouchers/")
				if ok {
					acked.Store(p.location, true)
				}
				if k := killedAt.Load(); k != 0 && started > k+int64(500*time.Millisecond) {
					afterKill.Add(1)
					if !ok {
						failedAfterKill.Add(1)
					}
				}
			}
		})
	}
	time.Sleep(time.Second)
	killedAt.Store(time.Now().UnixNano())
	instances[1].kill(t)
	wg.Wait()
	n := 0
	acked.Range(func(k, _ any) bool {
		n++
		id := strings.TrimPrefix(k.(string), "/customer/vouchers/")
		if q("SELECT count(*) FROM vouchers v JOIN ledger_entries l ON l.voucher_id = v.id AND l.kind = 'voucher_created' WHERE v.id = $1", id) != 1 {
			t.Errorf("acknowledged voucher %s is not in the database with its ledger entry", id)
		}
		return true
	})
	t.Logf("load: %d vouchers acknowledged, %d requests started after the kill, %d of them failed", n, afterKill.Load(), failedAfterKill.Load())
	if n < 20 || afterKill.Load() == 0 {
		t.Errorf("the load made %d vouchers, %d after the kill", n, afterKill.Load())
	}
	if f := failedAfterKill.Load(); f > 0 {
		t.Errorf("%d of %d requests after the kill failed", f, afterKill.Load())
	}
	checkLedger(t, q)

	// The sweeps of the two instances left (and of the one moving the
	// clock) run at once across the removal: each effect happens once.
	program.mustRedirect(t, "/admin/clock", url.Values{"date": {"2021-07-02"}})
	time.Sleep(3 * time.Second) // every instance's sweep has run on the new date
	if n := q("SELECT count(*) FROM vouchers WHERE state IN ('ASSIGNED', 'RESERVED', 'REPORTED') AND expires_on <= '2021-07-02'"); n != 0 {
		t.Errorf("%d due vouchers not expired", n)
	}
	if n := q(`SELECT count(*) FROM sa_enrollments e WHERE (SELECT count(*) FROM ledger_entries l
		WHERE l.enrollment_id = e.id AND l.kind = 'retirement_removal') <> 1`); n != 0 {
		t.Errorf("%d enrollments without exactly one removal", n)
	}
	if n := q("SELECT count(*) FROM (SELECT voucher_id FROM audit_events WHERE action = 'voucher.expired' GROUP BY voucher_id HAVING count(*) > 1) x"); n != 0 {
		t.Errorf("%d vouchers expired twice", n)
	}
	if n := q("SELECT count(*) FROM sa_enrollments WHERE balance <> 0"); n != 0 {
		t.Errorf("%d enrollments keep days after the removal", n)
	}
	checkLedger(t, q)

	// The replica follows the primary: a report read there sees the
	// removal.
	r, err := pgx.Connect(ctx, replica.URL("sapsportal"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	for i := 0; ; i++ {
		var removals int64
		r.QueryRow(ctx, "SELECT count(*) FROM ledger_entries WHERE kind = 'retirement_removal'").Scan(&removals)
		if removals == q("SELECT count(*) FROM ledger_entries WHERE kind = 'retirement_removal'") {
			break
		}
		if i == 50 {
			t.Fatal("the replica does not follow the primary")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if p := program.get(t, "/admin/audit?action=ledger.retirement_removal"); p.status != http.StatusOK || !strings.Contains(p.body, "SA-CONTOSO-US-02") && !strings.Contains(p.body, "retirement") {
		t.Errorf("the audit log, read on the replica: %d", p.status)
	}

	// A stopping instance says so before it stops taking requests.
	in := instances[2]
	in.cmd.Process.Signal(syscall.SIGTERM)
	unready := false
	for range 40 {
		resp, err := http.Get(in.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusServiceUnavailable {
				unready = true
				break
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	if !unready {
		t.Error("a stopping instance never answered /readyz with 503")
	}
	if err := in.wait(15 * time.Second); err != nil {
		t.Errorf("instance 3 did not stop cleanly: %v", err)
	}
}

// checkLedger: every balance is its ledger's sum and never negative.
func checkLedger(t *testing.T, q func(string, ...any) int64) {
	t.Helper()
	if n := q(`SELECT count(*) FROM sa_enrollments e WHERE balance < 0 OR balance <> (SELECT coalesce(sum(days), 0) FROM ledger_entries l WHERE l.enrollment_id = e.id)`); n != 0 {
		t.Errorf("%d enrollments whose balance is not their ledger's sum", n)
	}
	if n := q(`SELECT count(*) FROM vouchers v WHERE NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.voucher_id = v.id AND l.kind = 'voucher_created')
		OR NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.voucher_id = v.id AND a.action = 'voucher.created')`); n != 0 {
		t.Errorf("%d vouchers half made (no ledger entry or no audit event)", n)
	}
}

type instance struct {
	n    int
	url  string
	cmd  *exec.Cmd
	log  *bytes.Buffer
	mu   *sync.Mutex
	done chan error
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func startInstance(t *testing.T, bin, dir string, n int, args []string) *instance {
	t.Helper()
	in := &instance{n: n, log: &bytes.Buffer{}, mu: &sync.Mutex{}, done: make(chan error, 1)}
	for i, a := range args {
		if a == "--addr" {
			in.url = "http://" + args[i+1]
		}
	}
	in.cmd = exec.Command(bin, args...)
	in.cmd.Dir = dir
	in.cmd.Stdout = io.Discard
	in.cmd.Stderr = lockedWriter{in.mu, in.log}
	if err := in.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { in.done <- in.cmd.Wait() }()
	t.Cleanup(func() {
		in.cmd.Process.Kill()
		if t.Failed() {
			in.mu.Lock()
			var errs []string
			for _, line := range strings.Split(in.log.String(), "\n") {
				if strings.Contains(line, `"msg":"request failed"`) || strings.Contains(line, `"status":500`) {
					errs = append(errs, line)
				}
			}
			t.Logf("instance %d log (failed requests):\n%s\n(tail):\n%s", n, tail(strings.Join(errs, "\n"), 6000), tail(in.log.String(), 3000))
			in.mu.Unlock()
		}
	})
	return in
}

func (in *instance) waitReady(t *testing.T) {
	t.Helper()
	for range 600 {
		select {
		case err := <-in.done:
			t.Fatalf("instance %d exited: %v\n%s", in.n, err, tail(in.log.String(), 3000))
		default:
		}
		if resp, err := http.Get(in.url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("instance %d never became ready", in.n)
}

// requests counts the requests the instance logged.
func (in *instance) requests() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return strings.Count(in.log.String(), `"msg":"request"`)
}

func (in *instance) kill(t *testing.T) {
	t.Helper()
	if err := in.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-in.done
}

func (in *instance) wait(d time.Duration) error {
	select {
	case err := <-in.done:
		return err
	case <-time.After(d):
		return fmt.Errorf("still running after %v", d)
	}
}

// client is c talking to this instance directly (the same session).
func (in *instance) client(t *testing.T, c *client) *client {
	return &client{base: in.url, http: c.http}
}

// waitFor polls a page of this instance until it shows text.
func (in *instance) waitFor(t *testing.T, c *client, path, text string) {
	t.Helper()
	direct := in.client(t, c)
	for range 50 {
		if p := direct.get(t, path); strings.Contains(p.body, text) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("instance %d never showed %q on %s", in.n, text, path)
}

func startNginx(t *testing.T, nginx, dir string, ports []int) {
	t.Helper()
	conf := filepath.Join(dir, "nginx.conf")
	os.MkdirAll(filepath.Join(dir, "nginx"), 0o777)
	cfg := fmt.Sprintf(NginxConfig, dir, ports[1], ports[2], ports[3], ports[0])
	if err := os.WriteFile(conf, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nginx, "-c", conf, "-p", filepath.Join(dir, "nginx"), "-e", filepath.Join(dir, "nginx", "error.log"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGQUIT); cmd.Wait() })
	for range 100 {
		if resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/healthz", ports[0])); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	errLog, _ := os.ReadFile(filepath.Join(dir, "nginx", "error.log"))
	t.Fatalf("nginx did not start: %s %s", out.String(), errLog)
}

// NginxConfig is the proxy the test runs, as the README shows it: round
// robin over the instances, a failed instance passed over for a few
// seconds, a request not yet sent passed to the next one.
const NginxConfig = `worker_processes 1;
daemon off;
pid %[1]s/nginx/nginx.pid;
events { worker_connections 512; }
http {
	access_log off;
	client_body_temp_path %[1]s/nginx/body;
	proxy_temp_path %[1]s/nginx/proxy;
	fastcgi_temp_path %[1]s/nginx/fastcgi;
	uwsgi_temp_path %[1]s/nginx/uwsgi;
	scgi_temp_path %[1]s/nginx/scgi;
	upstream portal {
		server 127.0.0.1:%[2]d max_fails=1 fail_timeout=5s;
		server 127.0.0.1:%[3]d max_fails=1 fail_timeout=5s;
		server 127.0.0.1:%[4]d max_fails=1 fail_timeout=5s;
		keepalive 16;
	}
	server {
		listen 127.0.0.1:%[5]d;
		client_max_body_size 30m;
		location / {
			proxy_pass http://portal;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host $http_host;
			proxy_set_header X-Forwarded-For $remote_addr;
			proxy_next_upstream error timeout;
		}
	}
}
`

func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	var ls []net.Listener
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// client is one person's browser.
type client struct {
	base string
	http *http.Client
}

type page struct {
	status   int
	location string
	body     string
}

func signIn(t *testing.T, base, email string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	c.mustRedirect(t, "/login", url.Values{"email": {email}, "password": {seed.Password}})
	return c
}

func (c *client) do(req *http.Request) (*page, error) {
	if req.Method == http.MethodPost {
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &page{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(b)}, nil
}

func (c *client) try(path string, form url.Values) (*page, error) {
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) post(t *testing.T, path string, form url.Values) *page {
	t.Helper()
	p, err := c.try(path, form)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (c *client) get(t *testing.T, path string) *page {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	p, err := c.do(req)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (c *client) mustRedirect(t *testing.T, path string, form url.Values) *page {
	t.Helper()
	p := c.post(t, path, form)
	if p.status != http.StatusSeeOther {
		t.Fatalf("POST %s: %d %s", path, p.status, tail(p.body, 600))
	}
	return p
}

// mustRedirectRaw posts a multipart body.
func (c *client) mustRedirectRaw(t *testing.T, path string, body multipartBody) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, bytes.NewReader(body.data))
	req.Header.Set("Content-Type", body.contentType)
	p, err := c.do(req)
	if err != nil || p.status != http.StatusSeeOther {
		t.Fatalf("POST %s: %v %v", path, err, p)
	}
}

type multipartBody struct {
	contentType string
	data        []byte
}

func report(t *testing.T, fields url.Values) multipartBody {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	w.WriteField("kind_1", "deployment_plan")
	f, _ := w.CreateFormFile("file_1", "plan.pdf")
	f.Write([]byte("%PDF-1.4\n1 0 obj\n"))
	w.Close()
	return multipartBody{w.FormDataContentType(), buf.Bytes()}
}

func idAfter(t *testing.T, p *page, prefix string) int64 {
	t.Helper()
	var id int64
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, prefix) {
		t.Fatalf("want a redirect to %s…, got %d %q %s", prefix, p.status, p.location, tail(p.body, 600))
	}
	fmt.Sscan(strings.TrimPrefix(p.location, prefix), &id)
	return id
}

func itoa(n int64) string { return fmt.Sprint(n) }

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
