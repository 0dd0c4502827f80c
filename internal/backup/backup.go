// Package backup keeps the private cluster's backups with pgBackRest: its
// WAL is archived continuously to a local repository, `make backup` takes
// a backup (full the first time, incremental after), and `make restore
// TIME=…` brings the cluster back to any moment the repository covers.
//
// An operator's own PostgreSQL keeps its backups with its own pgBackRest
// configuration; docs/operations.md shows it.
package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"sapsportal/internal/pgcluster"
)

// Stanza is the name pgBackRest knows the portal's cluster by.
const Stanza = "sapsportal"

// Repo is the pgBackRest repository of one private cluster.
type Repo struct {
	Dir     string // the repository, its configuration and logs
	PGData  string // the cluster's data directory (its socket lives there)
	cred    *syscall.Credential
	command string
}

// Available reports whether pgBackRest is installed.
func Available() bool {
	_, err := exec.LookPath("pgbackrest")
	return err == nil
}

// For is the repository of the private cluster at pgdata, kept in dir.
func For(dir, pgdata string) (*Repo, error) {
	bin, err := exec.LookPath("pgbackrest")
	if err != nil {
		return nil, errors.New("pgBackRest is not installed (apt-get install pgbackrest)")
	}
	cred, err := pgcluster.ServerCredential()
	if err != nil {
		return nil, err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	pgdata, err = filepath.Abs(pgdata)
	if err != nil {
		return nil, err
	}
	return &Repo{Dir: dir, PGData: pgdata, cred: cred, command: bin}, nil
}

func (r *Repo) config() string { return filepath.Join(r.Dir, "pgbackrest.conf") }

// ArchiveSettings are the server settings that archive every WAL segment
// to the repository, and at least once a minute (a quiet cluster still
// has its last minute of writes in the repository).
func (r *Repo) ArchiveSettings() []string {
	return []string{
		"archive_mode=on",
		fmt.Sprintf("archive_command='%s --config=%s --stanza=%s archive-push %%p'", r.command, r.config(), Stanza),
		"archive_timeout=60",
		"wal_level=replica",
	}
}

// Prepare writes the repository's configuration; Init, with the server
// up, creates its stanza (once; again is a no-op).
func (r *Repo) Prepare() error {
	// The parents must be traversable by the server's user.
	if err := os.MkdirAll(filepath.Dir(r.Dir), 0o755); err != nil {
		return err
	}
	for _, d := range []string{r.Dir, filepath.Join(r.Dir, "repo"), filepath.Join(r.Dir, "log"), filepath.Join(r.Dir, "lock")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return err
		}
		if r.cred != nil {
			if err := os.Chown(d, int(r.cred.Uid), int(r.cred.Gid)); err != nil {
				return err
			}
		}
	}
	conf := fmt.Sprintf(`[global]
repo1-path=%[1]s/repo
repo1-retention-full=2
start-fast=y
log-level-console=warn
log-level-file=info
log-path=%[1]s/log
lock-path=%[1]s/lock

[%[2]s]
pg1-path=%[3]s
pg1-socket-path=%[3]s
pg1-user=postgres
`, r.Dir, Stanza, r.PGData)
	return os.WriteFile(r.config(), []byte(conf), 0o644)
}

// Init creates the stanza, with the server running.
func (r *Repo) Init(ctx context.Context) error {
	if err := r.Prepare(); err != nil {
		return err
	}
	_, err := r.run(ctx, "stanza-create")
	return err
}

// Backup takes a backup of the running cluster: full the first time,
// incremental after (pgBackRest's default), and says what it took.
func (r *Repo) Backup(ctx context.Context) (string, error) {
	if err := r.Init(ctx); err != nil {
		return "", err
	}
	if _, err := r.run(ctx, "backup"); err != nil {
		return "", err
	}
	return r.run(ctx, "info")
}

// ParseTime reads a restore target: RFC 3339, or "YYYY-MM-DD HH:MM:SS"
// with an optional zone offset (UTC when none is given).
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999Z0700",
		"2006-01-02 15:04:05.999999999-07", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("TIME=%q is not a time: write it as 2026-12-01 14:30:00+00 (UTC when no zone is given)", s)
}

// Restore brings the stopped cluster back to the moment at, from the
// latest backup before it and the archived WAL, and ends the recovery
// there: the cluster is then ready for the portal to start on.
func (r *Repo) Restore(ctx context.Context, at time.Time) error {
	if at.After(time.Now()) {
		return fmt.Errorf("TIME=%s is in the future", at.Format(time.RFC3339))
	}
	if err := r.Prepare(); err != nil {
		return err
	}
	if pgcluster.Running(ctx, r.PGData) {
		return errors.New("the portal's PostgreSQL is running: stop the portal first (a restore replaces its data)")
	}
	target := at.Format("2006-01-02 15:04:05.999999") + "+00"
	if _, err := r.run(ctx, "--delta", "--type=time", "--target="+target, "--target-action=promote", "restore"); err != nil {
		return err
	}
	// The private cluster's socket lives in its data directory: the lock
	// file of the socket came back with the backup, and is stale.
	locks, _ := filepath.Glob(filepath.Join(r.PGData, ".s.PGSQL.*.lock"))
	for _, l := range locks {
		os.Remove(l)
	}
	// Replay the archived WAL to the target now, so that the next start is
	// an ordinary one.
	c, err := pgcluster.Start(ctx, r.PGData, pgcluster.Options{Settings: r.ArchiveSettings()})
	if err != nil {
		return err
	}
	defer c.Stop()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	for deadline := time.Now().Add(10 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		var recovering bool
		if err := conn.QueryRow(ctx, "SELECT pg_is_in_recovery()").Scan(&recovering); err != nil {
			return err
		}
		if !recovering {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("the restored cluster is still recovering after 10 minutes")
		}
	}
}

func (r *Repo) run(ctx context.Context, args ...string) (string, error) {
	args = append([]string{"--config=" + r.config(), "--stanza=" + Stanza}, args...)
	cmd := exec.CommandContext(ctx, r.command, args...)
	cmd.Dir = r.Dir
	if r.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: r.cred}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("pgbackrest %s: %w\n%s", args[len(args)-1], err, strings.TrimSpace(string(out)))
	}
	return string(out), nil
}
