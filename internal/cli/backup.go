package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/liaison-registry/liaison/internal/backup"
)

const backupSynopsis = "backup [--db PATH] --to FILE [--force]\n       liaison backup [--db PATH] --to-dir DIR [--keep N] [--every DURATION]"

// backupCmd writes a consistent snapshot of a SQLite registry, which may
// be serving and writing meanwhile: to one file, or timestamped into a
// directory, now or on a schedule with retention.
func backupCmd(ctx context.Context, args []string, env Env) error {
	fs, db := flags("backup", backupSynopsis, env)
	to := fs.String("to", "", "write the backup to this `file`")
	force := fs.Bool("force", false, "with --to, replace an existing file")
	dir := fs.String("to-dir", "", "write backups named liaison-YYYYMMDDTHHMMSSZ.db (UTC) into this `directory`")
	keep := fs.Int("keep", 0, "with --to-dir, keep the newest `N` backups there, deleting older ones (0 keeps all)")
	every := fs.Duration("every", 0, "with --to-dir, back up now and then every `DURATION` (such as 24h) until stopped (SIGTERM, Ctrl-C)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Errorf("unexpected argument %q; give the backup file with --to", fs.Arg(0))}
	}
	switch {
	case (*to == "") == (*dir == ""):
		return &usageError{errors.New("give either --to FILE (one backup) or --to-dir DIR (timestamped backups)")}
	case *to != "" && (*keep != 0 || *every != 0):
		return &usageError{errors.New("--keep and --every go with --to-dir")}
	case *dir != "" && *force:
		return &usageError{errors.New("--force goes with --to; timestamped backups never replace a file")}
	case *keep < 0:
		return &usageError{fmt.Errorf("--keep %d: expected 0 (keep all) or more", *keep)}
	case *every < 0 || *every > 0 && *every < time.Minute:
		return &usageError{fmt.Errorf("--every %v: expected a minute or more (such as 24h), or 0 for one backup", *every)}
	}
	if backup.IsPostgres(*db) {
		return &backup.PostgresError{DSN: *db, File: *to, Dir: *dir}
	}
	if *to != "" {
		res, err := backup.Take(ctx, *db, *to, *force)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "backed up %s to %s (%d bytes, integrity checked): %s\n", *db, res.Path, res.Bytes, res.Summary())
		return nil
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	if *every > 0 {
		log.Info("scheduled backups", "db", *db, "dir", *dir, "every", every.String(), "keep", *keep)
	}
	return backup.Schedule{DB: *db, Dir: *dir, Every: *every, Keep: *keep, Log: log}.Run(ctx)
}

// restoreCmd restores a backup into an empty database and checks it.
func restoreCmd(ctx context.Context, args []string, env Env) error {
	fs, db := flags("restore", "restore [--db TARGET] FILE", env)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &usageError{errors.New("give one backup file to restore")}
	}
	file := fs.Arg(0)
	res, err := backup.Restore(ctx, file, *db)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "restored %s into %s (schema version %d); integrity check passed, every table has the backup's rows:\n", file, res.Path, res.SchemaVersion)
	fmt.Fprintf(env.Stdout, "  %s\n", res.Summary())
	return nil
}
