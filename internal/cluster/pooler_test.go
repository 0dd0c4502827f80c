package cluster

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"sapsportal/internal/pgcluster"
	"sapsportal/internal/store"
)

// PgbouncerConfig is the pooler the cluster test puts between the
// instances and the primary, as docs/operations.md shows it: transaction
// pooling, so that a server connection serves one transaction of one
// client at a time. The portal keeps nothing on a server connection
// between transactions (store's TestNoSessionState), and talks to it in
// pgx's exec mode, which prepares nothing on the server.
const PgbouncerConfig = `[databases]
sapsportal = host=%[2]s dbname=sapsportal

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %[3]d
unix_socket_dir =
auth_type = trust
auth_file = %[1]s/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 400
server_reset_query =
ignore_startup_parameters = extra_float_digits
logfile = %[1]s/pgbouncer.log
pidfile = %[1]s/pgbouncer.pid
`

// PoolerQueryMode is what a DATABASE_URL through a transaction pooler
// adds: pgx's exec mode (no server-side prepared statements).
const PoolerQueryMode = "default_query_exec_mode=exec"

// startPgbouncer runs pgbouncer in front of primary and returns the app
// role's URL through it.
func startPgbouncer(t *testing.T, dir string, primary *pgcluster.Cluster) string {
	t.Helper()
	bin, err := exec.LookPath("pgbouncer")
	if err != nil {
		if _, e := os.Stat("/usr/sbin/pgbouncer"); e != nil {
			t.Fatal("pgbouncer is needed: apt-get install pgbouncer")
		}
		bin = "/usr/sbin/pgbouncer"
	}
	cred, err := pgcluster.ServerCredential() // pgbouncer refuses to run as root
	if err != nil {
		t.Fatal(err)
	}
	pdir := filepath.Join(dir, "pgbouncer")
	os.MkdirAll(pdir, 0o755)
	if cred != nil {
		os.Chown(pdir, int(cred.Uid), int(cred.Gid))
	}
	port := freePorts(t, 1)[0]
	conf := filepath.Join(pdir, "pgbouncer.ini")
	os.WriteFile(filepath.Join(pdir, "userlist.txt"), []byte(fmt.Sprintf("%q \"\"\n", store.AppRole)), 0o644)
	os.WriteFile(conf, []byte(fmt.Sprintf(PgbouncerConfig, pdir, primary.SocketDir(), port)), 0o644)
	cmd := exec.Command(bin, conf)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGINT); cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for i := 0; ; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if i == 100 {
			log, _ := os.ReadFile(filepath.Join(pdir, "pgbouncer.log"))
			t.Fatalf("pgbouncer did not start: %s", log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Sprintf("postgres://%s@%s/sapsportal?sslmode=disable&%s", store.AppRole, addr, PoolerQueryMode)
}
