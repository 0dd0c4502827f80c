// Package pgcluster starts a private PostgreSQL cluster from the server
// binaries installed on the machine, listening on a unix socket only.
//
// It serves `make run` (data kept under .data/ and reused) and the tests
// (a throwaway cluster in a temporary directory). PostgreSQL refuses to run
// as root, so when the process is root the server runs as the "postgres"
// system user, which owns the data directory.
package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Cluster is a running private PostgreSQL server.
type Cluster struct {
	dir     string // data directory; the socket lives here too
	bin     string
	cred    *syscall.Credential
	started bool // false when an already-running cluster was reused
}

// Options tune a cluster. Throwaway clusters trade durability for speed.
type Options struct {
	Throwaway bool
	// Settings are extra server settings ("name=value"), e.g. for
	// extensions the benchmark preloads.
	Settings []string
}

// Start initialises dir if it is empty and starts the server, or reuses a
// server already running on it.
func Start(ctx context.Context, dir string, opts Options) (*Cluster, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		c.cred, err = postgresCredential()
		if err != nil {
			return nil, err
		}
	}
	// The parents must be traversable by the server's user.
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if c.cred != nil {
		if err := os.Chown(dir, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
			return nil, err
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		args := []string{"-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"}
		if opts.Throwaway {
			args = append(args, "--no-sync")
		}
		if out, err := c.command(ctx, "initdb", args...).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("initdb %s: %w\n%s", dir, err, out)
		}
	}
	if c.running(ctx) {
		return c, nil
	}
	if err := c.start(ctx, opts); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Cluster) start(ctx context.Context, opts Options) error {
	serverOpts := fmt.Sprintf("-c listen_addresses='' -k %s -c max_connections=200", c.dir)
	if opts.Throwaway {
		serverOpts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	for _, s := range opts.Settings {
		serverOpts += " -c " + s
	}
	logFile := filepath.Join(c.dir, "server.log")
	cmd := c.command(ctx, "pg_ctl", "-D", c.dir, "-l", logFile, "-o", serverOpts, "-w", "-t", "60", "start")
	if out, err := cmd.CombinedOutput(); err != nil {
		logTail, _ := os.ReadFile(logFile)
		return fmt.Errorf("pg_ctl start: %w\n%s\n%s", err, out, tail(logTail, 2000))
	}
	c.started = true
	return nil
}

// StartReplica makes dir a streaming replica of primary (a base backup that
// follows the primary's WAL) and starts it, on a socket of its own.
func StartReplica(ctx context.Context, primary *Cluster, dir string) (*Cluster, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, bin: primary.bin, cred: primary.cred}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if c.cred != nil {
		if err := os.Chown(dir, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
			return nil, err
		}
	}
	if out, err := c.command(ctx, "pg_basebackup", "-D", dir, "-h", primary.dir, "-U", "postgres", "-R", "-X", "stream", "-c", "fast").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pg_basebackup: %w\n%s", err, out)
	}
	// The primary's socket lives in its data directory: its lock file and
	// log came along and are not the replica's.
	locks, _ := filepath.Glob(filepath.Join(dir, ".s.PGSQL.*.lock"))
	for _, f := range append(locks, filepath.Join(dir, "server.log")) {
		os.Remove(f)
	}
	if err := c.start(ctx, Options{}); err != nil {
		return nil, err
	}
	return c, nil
}

// URL is a connection string for database name on this cluster, as the
// superuser postgres (local connections are trusted: unix socket only).
func (c *Cluster) URL(name string) string {
	q := url.Values{"host": {c.dir}, "sslmode": {"disable"}}
	return (&url.URL{Scheme: "postgres", User: url.User("postgres"), Path: "/" + name, RawQuery: q.Encode()}).String()
}

// EnsureDatabase creates database name on the cluster unless it exists.
func (c *Cluster) EnsureDatabase(ctx context.Context, name string) error {
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	}
	return err
}

// Stop stops the server if this process started it.
func (c *Cluster) Stop() error {
	if !c.started {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := c.command(ctx, "pg_ctl", "-D", c.dir, "-m", "fast", "-w", "stop").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %w\n%s", err, out)
	}
	c.started = false
	return nil
}

func (c *Cluster) running(ctx context.Context) bool {
	return c.command(ctx, "pg_ctl", "-D", c.dir, "status").Run() == nil
}

func (c *Cluster) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	// Keep the server out of our process group so that Ctrl-C reaches the
	// app, which then stops the server in order.
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	return cmd
}

// findBin finds the directory of initdb and pg_ctl: on PATH, or the newest
// Debian-style /usr/lib/postgresql/N/bin.
func findBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "pg_ctl")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("no PostgreSQL server binaries found (initdb, pg_ctl): install PostgreSQL (e.g. apt-get install postgresql) or set DATABASE_URL")
}

func versionOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func postgresCredential() (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, PostgreSQL needs the unprivileged user %q: %w", "postgres", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func tail(b []byte, n int) []byte {
	b = bytes.TrimSpace(b)
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// BinDir is the directory of the installed server binaries (for tools
// that run beside them, such as pg_autoctl or pgbackrest).
func BinDir() (string, error) { return findBin() }

// ServerCredential is the user a server must run as: nil when this
// process is not root, the "postgres" user when it is.
func ServerCredential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	return postgresCredential()
}

// SocketDir is where the server's unix socket lives (its data directory).
func (c *Cluster) SocketDir() string { return c.dir }

// Running reports whether a server runs on the data directory dir.
func Running(ctx context.Context, dir string) bool {
	bin, err := findBin()
	if err != nil {
		return false
	}
	cred, err := ServerCredential()
	if err != nil {
		return false
	}
	return (&Cluster{dir: dir, bin: bin, cred: cred}).running(ctx)
}
