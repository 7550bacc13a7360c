package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/liaison-registry/liaison/internal/store"
)

// Restore checks the backup file (see Check), restores it into target
// and checks the result: SQLite's integrity check and, for every table
// of the backup, as many rows as the backup holds.
//
// The target must be empty: a SQLite path that does not exist (or an
// empty file, or a registry without a single row), or a PostgreSQL
// database without a registry or with an empty one. Into a new SQLite
// file the backup is copied whole, checked under a temporary name and
// renamed; into an existing empty registry, and into PostgreSQL, its rows
// are copied in one transaction (store.Copy, as migrate-db does), so a
// failure leaves the target as empty as it was.
func Restore(ctx context.Context, file, target string) (*Result, error) {
	if info, err := os.Stat(file + "-wal"); err == nil && info.Size() > 0 {
		// Part of its content is in the log, which a copy of the file
		// would lose.
		return nil, fmt.Errorf("%s has a write-ahead log beside it: it is a database in use, not a backup; back it up with liaison backup --db %s --to FILE and restore that", file, file)
	}
	want, err := Check(ctx, file)
	if err != nil {
		return nil, err
	}
	if IsPostgres(target) {
		return restoreByRows(ctx, file, want, target)
	}
	path := strings.TrimPrefix(target, "sqlite:")
	if path == "" {
		return nil, errors.New("no database to restore into; give --db PATH")
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist) || err == nil && info.Size() == 0:
		return restoreFile(ctx, file, want, path)
	case err != nil:
		return nil, err
	}
	// An existing file may be open in a running server: it is written
	// only through SQLite, and only when it is an empty registry.
	held, err := checkFile(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("the target %s exists and is not an empty Liaison registry (%v); restore into a new file", path, err)
	}
	if err := refuseRows(path, held.Counts); err != nil {
		return nil, err
	}
	return restoreByRows(ctx, file, want, target)
}

// refuseRows refuses a target that holds any row.
func refuseRows(target string, counts []store.TableCount) error {
	var held []string
	for _, c := range counts {
		if c.Rows > 0 {
			held = append(held, fmt.Sprintf("%d %s", c.Rows, c.Table))
		}
	}
	if len(held) > 0 {
		return fmt.Errorf("the target %s is not empty (%s); restore into a new file or an empty database, nothing was written", target, strings.Join(held, ", "))
	}
	return nil
}

// restoreFile copies the backup to a temporary file beside path, brings
// its schema up to date, checks it, and renames it to path.
func restoreFile(ctx context.Context, file string, want *Result, path string) (*Result, error) {
	tmp, err := tempBeside(path, ".liaison-restore-")
	if err != nil {
		return nil, err
	}
	done := false
	defer func() {
		os.Remove(tmp + "-shm")
		if !done {
			os.Remove(tmp)
			os.Remove(tmp + "-wal")
		}
	}()
	if err := copyFile(file, tmp); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, tmp, store.Options{})
	if err != nil {
		return nil, fmt.Errorf("open the restored copy: %w", err)
	}
	got, err := verify(ctx, st, want)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	// SQLite folds the write-ahead log into the file as the last
	// connection closes; a log left over would be lost by the rename.
	if info, err := os.Stat(tmp + "-wal"); err == nil && info.Size() > 0 {
		return nil, fmt.Errorf("the restored copy kept a write-ahead log (%d bytes) after closing; nothing was restored", info.Size())
	}
	if _, err := syncFile(tmp); err != nil {
		return nil, err
	}
	if info, err := os.Stat(path); err == nil && info.Size() > 0 {
		return nil, fmt.Errorf("the target %s appeared while restoring; nothing was restored", path)
	}
	if err := rename(tmp, path); err != nil {
		return nil, err
	}
	os.Remove(tmp + "-wal")
	done = true
	got.Path = path
	return got, nil
}

// restoreByRows opens the backup through a scratch copy (brought up to
// this liaison's schema, so that the original is not changed) and
// copies its rows into the target in one transaction.
func restoreByRows(ctx context.Context, file string, want *Result, target string) (*Result, error) {
	scratchDir, err := os.MkdirTemp("", "liaison-restore-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(scratchDir)
	scratch := filepath.Join(scratchDir, "backup.db")
	if err := copyFile(file, scratch); err != nil {
		return nil, err
	}
	src, err := store.Open(ctx, scratch, store.Options{})
	if err != nil {
		return nil, fmt.Errorf("open the backup: %w", err)
	}
	defer src.Close()
	if _, err := verify(ctx, src, want); err != nil {
		return nil, err
	}
	dst, err := store.Open(ctx, target, store.Options{})
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	counts, err := dst.Counts(ctx)
	if err != nil {
		return nil, err
	}
	if err := refuseRows(redact(target), counts); err != nil {
		return nil, err
	}
	// Copy checks every table's rows and a digest of their values before
	// it commits.
	if _, err := store.Copy(ctx, src, dst, store.CopyOptions{}); err != nil {
		return nil, fmt.Errorf("nothing was restored: %w", err)
	}
	got, err := verify(ctx, dst, want)
	if err != nil {
		return nil, err
	}
	got.Path = redact(target)
	return got, nil
}

// verify checks a restored registry against the backup's own check:
// integrity, and the rows of every table the backup has.
func verify(ctx context.Context, st *store.Store, want *Result) (*Result, error) {
	if err := st.IntegrityCheck(ctx); err != nil {
		return nil, fmt.Errorf("the restored database: %w", err)
	}
	counts, err := st.Counts(ctx)
	if err != nil {
		return nil, err
	}
	got := &Result{Counts: counts, Bytes: want.Bytes}
	if got.SchemaVersion, err = st.SchemaVersion(ctx); err != nil {
		return nil, err
	}
	for _, c := range want.Counts {
		if n := got.Rows(c.Table); n != c.Rows {
			return nil, fmt.Errorf("check failed: %s has %d rows in the backup and %d in the restored database", c.Table, c.Rows, n)
		}
	}
	return got, nil
}

// copyFile copies a file's bytes, synced.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		return fmt.Errorf("copy %s: %w", from, err)
	}
	if err := out.Sync(); err != nil {
		return err
	}
	return out.Close()
}
