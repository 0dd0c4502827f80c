package app

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"time"

	"sapsportal/internal/program"
	"sapsportal/internal/store"
)

// Manifest is the archive's manifest.json: each file's row count and
// SHA-256 (DOMAIN.md §10).
type Manifest struct {
	ClosedOn string         `json:"closed_on"` // "" for an archive taken before closing
	Files    []ManifestFile `json:"files"`
}

// ManifestFile is one CSV of the archive.
type ManifestFile struct {
	Name   string `json:"name"`
	Rows   int    `json:"rows"` // data rows, the header row not counted
	SHA256 string `json:"sha256"`
}

// archiveEpoch is every file's modification time in an archive taken
// before closing (the zip format's first day); after, it is the closing's
// moment. Either way the same data gives the same bytes.
var archiveEpoch = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// Archive writes the program's archive to w as it goes (global admins): a
// zip of one CSV per table of record, rows in primary-key order, and
// manifest.json. Nothing in it depends on when it was taken, so the same
// data gives the same bytes.
func (a *App) Archive(ctx context.Context, actor Actor, w io.Writer) error {
	if err := program.Authorize(actor.Role, program.ActManageProgram); err != nil {
		return err
	}
	c, err := a.Closing(ctx)
	if err != nil {
		return err
	}
	m := Manifest{ClosedOn: c.On.String()}
	mod := archiveEpoch
	if c.Closed() {
		mod = c.At.UTC().Truncate(time.Second)
	}
	zw := zip.NewWriter(w)
	err = a.Store.TransactRead(ctx, actor.programScope(), a.Clock.Now(), func(tx *store.Tx) error {
		tables, err := tx.ArchiveTables(ctx)
		if err != nil {
			return err
		}
		for _, t := range tables {
			f, err := archiveTable(ctx, tx, zw, t, mod)
			if err != nil {
				return err
			}
			m.Files = append(m.Files, f)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: "manifest.json", Method: zip.Deflate, Modified: mod})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(fw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return err
	}
	return zw.Close()
}

func archiveTable(ctx context.Context, tx *store.Tx, zw *zip.Writer, t store.ArchiveTable, mod time.Time) (ManifestFile, error) {
	f := ManifestFile{Name: t.Name + ".csv"}
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: mod})
	if err != nil {
		return f, err
	}
	h := sha256.New()
	cw := csv.NewWriter(io.MultiWriter(fw, h))
	if err := cw.Write(t.Columns); err != nil {
		return f, err
	}
	err = tx.ArchiveRows(ctx, t, func(rec []string) error {
		f.Rows++
		return cw.Write(rec)
	})
	if err != nil {
		return f, err
	}
	cw.Flush()
	f.SHA256 = hex.EncodeToString(h.Sum(nil))
	return f, cw.Error()
}
