package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// SnapshotSQLite writes a consistent copy of the SQLite registry at src
// into the file dst, which must not exist or be empty, while the registry
// may be served and written.
//
// VACUUM INTO rather than the backup API: it reads the whole database in
// one read transaction, so in WAL mode writers go on and the copy is the
// registry as of one commit; it is plain SQL, where modernc's backup API
// is reached only through the driver's own connection type; and the copy
// comes out compacted, in rollback-journal mode, a single file that reads
// anywhere. SQLite does not sync the copy: the caller must.
//
// The source is opened as it is, neither created (a mistyped path is an
// error) nor migrated: a backup leaves the database as it found it, even
// when this liaison is newer than the server using it.
func SnapshotSQLite(ctx context.Context, src, dst string) error {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("no database to back up: %w", err)
	}
	db, err := sql.Open("sqlite", sqliteURI(src, "rw"))
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "VACUUM INTO $1", dst); err != nil {
		return fmt.Errorf("snapshot %s: %w", src, err)
	}
	return nil
}

// sqliteURI opens path in mode ("ro" or "rw", never creating it),
// waiting for a writer rather than failing while one commits.
func sqliteURI(path, mode string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=" + mode + "&_pragma=busy_timeout(10000)"
}

// FileCheck is what CheckSQLiteFile found in a registry file.
type FileCheck struct {
	// SchemaVersion is the newest migration applied to it.
	SchemaVersion int
	// Counts are the rows of every table of the schema the file holds,
	// in the order of the schema.
	Counts []TableCount
}

// KnownSchemaVersion is the newest schema version this liaison knows.
func KnownSchemaVersion() int {
	all, err := migrations(sqliteDialect.name)
	if err != nil {
		return 0
	}
	return len(all)
}

// CheckSQLiteFile reads a SQLite registry file without changing it (it
// is opened read-only and not migrated): PRAGMA integrity_check must pass,
// it must be a Liaison registry, and its tables are counted.
func CheckSQLiteFile(ctx context.Context, path string) (*FileCheck, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", sqliteURI(path, "ro"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// One read transaction, so the counts agree with each other even if
	// the file is a live database.
	sqlTx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer sqlTx.Rollback()
	if err := integrityCheck(ctx, sqlTx); err != nil {
		return nil, err
	}
	present := map[string]bool{}
	rows, err := sqlTx.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table'")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		present[name] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !present["schema_migrations"] {
		return nil, errors.New("it is a SQLite database but not a Liaison registry (it has no schema_migrations table)")
	}
	r := Reader{q: sqlTx, dialect: sqliteDialect}
	check := &FileCheck{}
	if check.SchemaVersion, err = r.SchemaVersion(ctx); err != nil {
		return nil, err
	}
	for _, t := range tables {
		if !present[t.name] {
			continue // a table of a newer schema than the file's
		}
		var n int
		if err := sqlTx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t.name).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t.name, err)
		}
		check.Counts = append(check.Counts, TableCount{t.name, n})
	}
	return check, nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check on the registry.
// PostgreSQL keeps its own pages consistent and has no such check; there
// it returns nil.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	if s.dialect != sqliteDialect {
		return nil
	}
	return integrityCheck(ctx, s.read)
}

// integrityCheck fails with the first problems SQLite reports.
func integrityCheck(ctx context.Context, q querier) error {
	rows, err := q.QueryContext(ctx, "PRAGMA integrity_check(20)")
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check failed: %s", strings.Join(problems, "; "))
	}
	return nil
}
