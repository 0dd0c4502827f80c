package store

import (
	"fmt"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"sapsportal/migrations"
)

// MigrateTo moves the schema up or down to exactly version; for tests of a
// migration's data (the rows of the model before it, moved by it).
func MigrateTo(url string, version uint) error {
	return runMigrate(url, func(m *migrate.Migrate) error { return m.Migrate(version) })
}

// VersionBefore is the embedded migration just before version.
func VersionBefore(version uint) (uint, error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return 0, err
	}
	defer src.Close()
	prev, err := src.Prev(version)
	if err != nil {
		return 0, fmt.Errorf("no migration before %d: %w", version, err)
	}
	return prev, nil
}
