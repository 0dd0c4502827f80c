package cluster

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestBackupThenRestoreToAMoment is `make backup` and `make restore TIME=…`
// as an operator runs them on the private cluster: vouchers made before the
// backup, between the backup and the chosen moment, and after it; the
// restore keeps exactly the first two groups, each with its ledger entry.
func TestBackupThenRestoreToAMoment(t *testing.T) {
	if os.Getenv("SAPS_CLUSTER_TEST") == "" {
		t.Skip("make test-cluster runs this test (pgBackRest)")
	}
	if _, err := exec.LookPath("pgbackrest"); err != nil {
		t.Fatal("pgbackrest is needed: apt-get install pgbackrest")
	}
	t.Parallel()
	ctx := context.Background()
	dir := tempDir(t)
	bin := buildPortal(t, dir)
	data := filepath.Join(dir, "data")
	addr := fmt.Sprintf("127.0.0.1:%d", freePorts(t, 1)[0])
	serve := func(n int) *instance {
		in := startInstance(t, bin, dir, n, []string{"--addr", addr, "--data-dir", data})
		in.waitReady(t)
		return in
	}
	in := serve(1)

	var enrollment, sharePoint int64
	owner := fmt.Sprintf("postgres://postgres@/sapsportal?host=%s&sslmode=disable", filepath.Join(data, "pg"))
	db, err := pgx.Connect(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	db.QueryRow(ctx, "SELECT id FROM sa_enrollments WHERE agreement_number = 'SA-CONTOSO-US-02'").Scan(&enrollment)
	db.QueryRow(ctx, "SELECT id FROM engagement_types WHERE name = 'SharePoint Deployment Planning'").Scan(&sharePoint)
	db.Close(ctx)
	customer := signIn(t, in.url, "benefits@contoso.example")
	make3 := func(group string) {
		for i := range 3 {
			customer.mustRedirect(t, "/customer/vouchers/new", url.Values{"enrollment_id": {itoa(enrollment)}, "engagement_type_id": {itoa(sharePoint)},
				"days": {"1"}, "project_manager": {fmt.Sprintf("%s-%d@contoso.example", group, i)}, "confirm": {"yes"}})
		}
	}
	operator := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append(args, "--data-dir", data)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("sapsportal %v: %v\n%s", args, err, out)
		}
		return string(out)
	}

	make3("before-backup")
	took := time.Now()
	operator("backup")
	t.Logf("backup: a full backup of the demo took %v", time.Since(took).Round(100*time.Millisecond))
	make3("before-moment")
	time.Sleep(time.Second)
	moment := time.Now().UTC()
	time.Sleep(time.Second)
	make3("after-moment")

	// The last writes reach the archive (at the latest within
	// archive_timeout; at once here), then the portal stops.
	db, err = pgx.Connect(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(ctx, "SELECT pg_switch_wal()")
	db.Close(ctx)
	time.Sleep(2 * time.Second)
	in.cmd.Process.Signal(syscall.SIGTERM)
	if err := in.wait(30 * time.Second); err != nil {
		t.Fatal(err)
	}

	took = time.Now()
	out := operator("restore", "--time", moment.Format("2006-01-02 15:04:05.000000")+"+00")
	t.Logf("restore: to %s in %v: %s", moment.Format(time.TimeOnly), time.Since(took).Round(100*time.Millisecond), out)

	in = serve(2)
	db, err = pgx.Connect(ctx, owner)
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
	for group, want := range map[string]int64{"before-backup": 3, "before-moment": 3, "after-moment": 0} {
		if n := q(`SELECT count(*) FROM vouchers v JOIN ledger_entries l ON l.voucher_id = v.id AND l.kind = 'voucher_created'
			WHERE v.project_manager_email LIKE $1`, group+"-%"); n != want {
			t.Errorf("after the restore, %d vouchers (with their ledger entry) made %s, want %d", n, group, want)
		}
	}
	checkLedger(t, q)
	// The restored portal takes changes again.
	customer = signIn(t, in.url, "benefits@contoso.example")
	make3("after-restore")
}
