// Package backup takes consistent snapshots of a running SQLite registry,
// restores them into an empty database, and keeps scheduled backups with
// retention. A backup is one SQLite file: records, history, accounts and
// the documents' bytes (which live in the documents table) together.
//
// Nothing is ever left half-written under a final name: a backup or a
// restored database is written to a temporary file beside its target,
// checked, synced and only then renamed.
package backup

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/liaison-registry/liaison/internal/store"
)

// Result is what a backup or a restore wrote and checked.
type Result struct {
	// Path is the backup file, or the restored database (redacted for
	// PostgreSQL).
	Path string
	// Bytes is the size of the backup file.
	Bytes int64
	// SchemaVersion is the backup's schema version.
	SchemaVersion int
	// Counts are the rows of every table, as checked.
	Counts []store.TableCount
}

// Rows returns the rows of a table, 0 when absent.
func (r *Result) Rows(table string) int {
	for _, c := range r.Counts {
		if c.Table == table {
			return c.Rows
		}
	}
	return 0
}

// Take writes a snapshot of the SQLite registry db to the file to,
// checked (integrity and counts) before it gets its name; an existing
// file is replaced only with force.
func Take(ctx context.Context, db, to string, force bool) (*Result, error) {
	if IsPostgres(db) {
		return nil, &PostgresError{DSN: db, File: to}
	}
	db = strings.TrimPrefix(db, "sqlite:")
	if same, err := sameFile(db, to); err != nil {
		return nil, err
	} else if same {
		return nil, fmt.Errorf("the backup %s would be the database itself; write it elsewhere", to)
	}
	if !force {
		if err := refuseExisting(to); err != nil {
			return nil, err
		}
	}
	tmp, err := tempBeside(to, ".liaison-backup-")
	if err != nil {
		return nil, err
	}
	done := false
	defer func() {
		if !done {
			os.Remove(tmp)
		}
	}()
	if err := store.SnapshotSQLite(ctx, db, tmp); err != nil {
		return nil, err
	}
	check, err := checkFile(ctx, tmp)
	if err != nil {
		return nil, fmt.Errorf("the snapshot failed its check, nothing was written: %w", err)
	}
	size, err := syncFile(tmp)
	if err != nil {
		return nil, err
	}
	if !force {
		if err := refuseExisting(to); err != nil {
			return nil, err
		}
	}
	if err := rename(tmp, to); err != nil {
		return nil, err
	}
	done = true
	return &Result{Path: to, Bytes: size, SchemaVersion: check.SchemaVersion, Counts: check.Counts}, nil
}

// Check reads a backup without changing it: it must be a SQLite file of
// the length its header gives, pass SQLite's integrity check, and be a
// Liaison registry at a schema version this liaison knows.
func Check(ctx context.Context, file string) (*Result, error) {
	check, err := checkFile(ctx, file)
	if err != nil {
		return nil, fmt.Errorf("backup %s: %w", file, err)
	}
	if known := store.KnownSchemaVersion(); check.SchemaVersion > known {
		return nil, fmt.Errorf("backup %s is at schema version %d, newer than this liaison knows (%d); restore it with the liaison that wrote it, or a newer one", file, check.SchemaVersion, known)
	}
	st, err := os.Stat(file)
	if err != nil {
		return nil, err
	}
	return &Result{Path: file, Bytes: st.Size(), SchemaVersion: check.SchemaVersion, Counts: check.Counts}, nil
}

func checkFile(ctx context.Context, file string) (*store.FileCheck, error) {
	if err := sniff(file); err != nil {
		return nil, err
	}
	return store.CheckSQLiteFile(ctx, file)
}

// sniff reads a file's header for what SQLite would report less plainly:
// another kind of file, and a file cut short (SQLite reads the missing
// pages as empty and may not notice).
func sniff(file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	switch {
	case n >= 5 && string(h[:5]) == "PGDMP":
		return fmt.Errorf("it is a pg_dump archive, not a SQLite backup; restore it with pg_restore (see docs/operations.md)")
	case n < len(h) || string(h[:16]) != "SQLite format 3\x00":
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return err
		}
		return fmt.Errorf("it is not a SQLite database (%d bytes, no SQLite header)", st.Size())
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return fmt.Errorf("it is damaged: its header gives a page size of %d bytes", pageSize)
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	// The header's page count holds when its change counter agrees with
	// the version-valid-for number, as in every file SQLite has written
	// since 3.7.0.
	if binary.BigEndian.Uint32(h[24:28]) == binary.BigEndian.Uint32(h[92:96]) && st.Size() < pages*pageSize {
		return fmt.Errorf("it is truncated: its header gives %d pages of %d bytes (%d bytes), the file has %d", pages, pageSize, pages*pageSize, st.Size())
	}
	if st.Size()%pageSize != 0 {
		return fmt.Errorf("it is truncated or damaged: %d bytes is not a whole number of %d-byte pages", st.Size(), pageSize)
	}
	return nil
}

// PostgresError is a backup asked of a PostgreSQL registry, which
// pg_dump takes (see Command).
type PostgresError struct {
	DSN  string
	File string // the backup file, or
	Dir  string // the directory of timestamped backups
}

func (e *PostgresError) Error() string {
	return "a PostgreSQL registry is backed up with PostgreSQL's own pg_dump (of the server's major version), not by liaison:\n  " +
		e.Command() + "\n(give the password in PGPASSWORD or ~/.pgpass rather than in the URL; restore with pg_restore, see docs/operations.md)"
}

// Command is the pg_dump command line that backs the database up.
func (e *PostgresError) Command() string {
	file := shellQuote(e.File)
	switch {
	case e.Dir != "":
		file = shellQuote(e.Dir) + "/liaison-$(date -u +%Y%m%dT%H%M%SZ).dump"
	case e.File == "":
		file = "liaison.dump"
	}
	return "pg_dump --format=custom --file=" + file + " --dbname=" + shellQuote(redact(e.DSN))
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// redact drops a password from a database URL shown in a message.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// refuseExisting refuses to write over a file.
func refuseExisting(path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s already exists; give --force to replace it", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// sameFile reports whether two paths name one file (the second may not
// exist).
func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, fmt.Errorf("no database to back up (give --db or set LIAISON_DB): %w", err)
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, nil
	}
	return os.SameFile(sa, sb), nil
}

// tempBeside makes an empty temporary file in path's directory, so that
// renaming it to path is atomic.
func tempBeside(path, prefix string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), prefix+"*.tmp")
	if err != nil {
		return "", err
	}
	name := f.Name()
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// syncFile flushes a file to disk and returns its size.
func syncFile(path string) (int64, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("sync %s: %w", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), f.Close()
}

// rename moves tmp to path and syncs the directory, so that the new name
// survives a power cut.
func rename(tmp, path string) error {
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	dir, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer dir.Close()
	if err := dir.Sync(); err != nil {
		return fmt.Errorf("sync directory %s: %w", filepath.Dir(path), err)
	}
	return nil
}
