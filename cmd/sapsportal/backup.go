package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"sapsportal/internal/backup"
)

// privateBackups is the pgBackRest repository of the private cluster under
// dataDir (nil when pgBackRest is not installed: no archiving then).
func privateBackups(dataDir string) *backup.Repo {
	if !backup.Available() {
		return nil
	}
	repo, err := backup.For(filepath.Join(dataDir, "backup"), filepath.Join(dataDir, "pg"))
	if err != nil {
		return nil
	}
	return repo
}

// runBackup is `sapsportal backup` and `sapsportal restore --time T`, on
// the private cluster under --data-dir (make backup, make restore).
func runBackup(ctx context.Context, verb string, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("sapsportal "+verb, flag.ContinueOnError)
	fs.SetOutput(out)
	dataDir := fs.String("data-dir", getenv("SAPS_DATA_DIR"), "the private cluster's directory (SAPS_DATA_DIR)")
	at := fs.String("time", getenv("TIME"), "restore: the moment to go back to, e.g. 2026-12-01 14:30:00+00 (UTC when no zone is given)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dataDir == "" {
		*dataDir = ".data"
	}
	if !backup.Available() {
		return errors.New("pgBackRest is not installed: apt-get install pgbackrest (then start the portal once, so that its WAL is archived)")
	}
	repo, err := backup.For(filepath.Join(*dataDir, "backup"), filepath.Join(*dataDir, "pg"))
	if err != nil {
		return err
	}
	switch verb {
	case "backup":
		info, err := repo.Backup(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "backup taken into %s\n%s", repo.Dir, info)
		return nil
	default:
		if *at == "" {
			return errors.New("restore needs the moment to go back to: make restore TIME='2026-12-01 14:30:00+00'")
		}
		t, err := backup.ParseTime(*at)
		if err != nil {
			return err
		}
		if err := repo.Restore(ctx, t); err != nil {
			return err
		}
		fmt.Fprintf(out, "restored %s to %s (UTC); start the portal again, then take a new backup (make backup)\n", repo.PGData, t.Format("2006-01-02 15:04:05.999999"))
		return nil
	}
}
