package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/liaison-registry/liaison/internal/store"
)

// migrateDB copies a whole registry into another database, usually from
// SQLite to PostgreSQL when an office joins a network's deployment.
func migrateDB(ctx context.Context, args []string, env Env) error {
	fs, _ := flags("migrate-db", "migrate-db --from SOURCE --to TARGET [--replace]", env)
	from := fs.String("from", "", "the registry to copy: a SQLite `path` (sqlite:PATH) or a postgres:// URL")
	to := fs.String("to", "", "the database to copy it into (`URL` or path); it must be empty")
	replace := fs.Bool("replace", false, "empty a target that is not empty before copying")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return &usageError{errors.New("give both --from and --to")}
	}
	if *from == *to {
		return &usageError{errors.New("--from and --to name the same database")}
	}
	src, err := openExisting(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to, store.Options{})
	if err != nil {
		return err
	}
	defer dst.Close()
	fmt.Fprintf(env.Stderr, "copying from %s to %s...\n", src.Dialect(), dst.Dialect())
	report, err := store.Copy(ctx, src, dst, store.CopyOptions{Replace: *replace, Progress: func(table string, rows int) {
		fmt.Fprintf(env.Stderr, "  %-26s %d rows\n", table, rows)
	}})
	if err != nil {
		return err
	}
	total := 0
	for _, t := range report.Tables {
		total += t.Rows
	}
	fmt.Fprintf(env.Stdout, "copied and checked %d rows in %d tables; counts and content match\n", total, len(report.Tables))
	return nil
}
