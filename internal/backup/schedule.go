package backup

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Schedule takes timestamped backups into a directory, now and then
// every Every until its context ends, keeping the newest Keep.
type Schedule struct {
	// DB is the SQLite registry to back up.
	DB string
	// Dir receives files named liaison-YYYYMMDDTHHMMSSZ.db (UTC).
	Dir string
	// Every is the time between backups; 0 takes one and returns.
	Every time.Duration
	// Keep is how many backups to keep; older ones are deleted after
	// each backup that succeeds. 0 keeps them all.
	Keep int
	// Log hears of every backup and deletion.
	Log *slog.Logger
	// Now and After are the clock, time.Now and time.After when nil;
	// tests give their own.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
}

// scheduledName matches the files a Schedule writes, and only those: no
// other file in the directory is ever deleted.
var scheduledName = regexp.MustCompile(`^liaison-[0-9]{8}T[0-9]{6}Z\.db$`)

// FileName is the name of a backup taken at t.
func FileName(t time.Time) string {
	return "liaison-" + t.UTC().Format("20060102T150405Z") + ".db"
}

// Run takes a backup at once and then every Every, until ctx ends (which
// is not an error). With Every 0 it returns the one backup's error. A
// failed scheduled backup is logged, deletes nothing, and the schedule
// goes on.
func (s Schedule) Run(ctx context.Context) error {
	now, after := s.Now, s.After
	if now == nil {
		now = time.Now
	}
	if after == nil {
		after = time.After
	}
	log := s.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if info, err := os.Stat(s.Dir); err != nil {
		return fmt.Errorf("backup directory: %w", err)
	} else if !info.IsDir() {
		return fmt.Errorf("backup directory %s is not a directory", s.Dir)
	}
	for {
		err := s.once(ctx, now(), log)
		if s.Every == 0 {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		select {
		case <-ctx.Done():
			log.Info("scheduled backups stopped")
			return nil
		case <-after(s.Every):
		}
	}
}

// once takes one backup and then applies the retention.
func (s Schedule) once(ctx context.Context, at time.Time, log *slog.Logger) error {
	path := filepath.Join(s.Dir, FileName(at))
	res, err := Take(ctx, s.DB, path, false)
	if err != nil {
		log.Error("backup failed", "db", s.DB, "file", path, "err", err)
		return err
	}
	log.Info("backup written", "file", path, "bytes", res.Bytes, "records", res.Records(), "documents", res.Rows("documents"), "history", res.Rows("changes"))
	deleted, err := Prune(s.Dir, s.Keep)
	for _, name := range deleted {
		log.Info("old backup deleted", "file", filepath.Join(s.Dir, name), "keep", s.Keep)
	}
	if err != nil {
		log.Error("deleting old backups failed", "dir", s.Dir, "err", err)
		return err
	}
	return nil
}

// Prune deletes the oldest scheduled backups in dir beyond the newest
// keep (keep 0 deletes none) and returns the names deleted. Only files
// named as a Schedule names them are counted or deleted.
func Prune(dir string, keep int) ([]string, error) {
	if keep <= 0 {
		return nil, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && scheduledName.MatchString(e.Name()) {
			names = append(names, e.Name())
		}
	}
	// The names sort as their times do.
	slices.Sort(names)
	var deleted []string
	for _, name := range names[:max(0, len(names)-keep)] {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return deleted, err
		}
		deleted = append(deleted, name)
	}
	return deleted, nil
}

// recordTables are the tables of records, in the order they are shown.
var recordTables = []string{"institutions", "people", "programmes", "partnerships", "projects", "events", "publications"}

// Records counts the records of every type.
func (r *Result) Records() int {
	n := 0
	for _, t := range recordTables {
		n += r.Rows(t)
	}
	return n
}

// Summary tells the records per type, the documents, the history
// entries and the accounts.
func (r *Result) Summary() string {
	var parts []string
	for _, t := range recordTables {
		parts = append(parts, fmt.Sprintf("%d %s", r.Rows(t), t))
	}
	parts = append(parts,
		fmt.Sprintf("%d documents", r.Rows("documents")),
		fmt.Sprintf("%d history entries", r.Rows("changes")),
		fmt.Sprintf("%d accounts", r.Rows("users")))
	return strings.Join(parts, ", ")
}
