package backup_test

import (
	"database/sql"
	"path/filepath"

	"github.com/liaison-registry/liaison/internal/backup"
)

// foreignAndNewer writes a SQLite database of another program, and a
// backup of source as a newer liaison would have written it. Plain SQL,
// since the store writes neither.
func foreignAndNewer(foreign, newer, source string) error {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(foreign))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello')"); err != nil {
		return err
	}
	if _, err := backup.Take(ctx, source, newer, false); err != nil {
		return err
	}
	nb, err := sql.Open("sqlite", "file:"+filepath.ToSlash(newer))
	if err != nil {
		return err
	}
	defer nb.Close()
	_, err = nb.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', '2030-01-01T00:00:00Z')")
	return err
}
