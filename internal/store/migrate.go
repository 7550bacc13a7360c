package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
	native  bool // written for one dialect, applied as it is
}

// migrations lists the embedded migrations for a dialect in version
// order. A migration is NNNN_name.sql, shared by both dialects, or, where
// the dialects must differ, NNNN_name.sqlite.sql and NNNN_name.postgres.sql.
func migrations(dialect string) ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	byVersion := map[int]migration{}
	for _, e := range entries {
		name := e.Name()
		num, rest, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(rest, ".sql") {
			return nil, fmt.Errorf("migration file %q is not named NNNN_name.sql", name)
		}
		base := strings.TrimSuffix(rest, ".sql")
		if d := base[strings.LastIndexByte(base, '.')+1:]; strings.Contains(base, ".") {
			if d != "sqlite" && d != "postgres" {
				return nil, fmt.Errorf("migration file %q names no known dialect", name)
			}
			if d != dialect {
				continue
			}
		} else if prev, taken := byVersion[v]; taken {
			if !prev.native {
				return nil, fmt.Errorf("migrations %q and %q share version %d", prev.name, name, v)
			}
			continue // a dialect's own file wins over the shared one
		}
		b, err := migrationFiles.ReadFile("migrations/" + name)
		if err != nil {
			return nil, err
		}
		byVersion[v] = migration{version: v, name: name, sql: string(b), native: strings.Contains(base, ".")}
	}
	out := make([]migration, 0, len(byVersion))
	for _, m := range byVersion {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := range out {
		if out[i].version != i+1 {
			return nil, fmt.Errorf("migration %s: versions must run 1, 2, 3... without gaps (for %s)", out[i].name, dialect)
		}
	}
	return out, nil
}

// migrate applies every migration the database has not seen, all in one
// transaction with their rows in schema_migrations. Instances that start
// together on one PostgreSQL database take turns on an advisory lock held
// for the whole migration, so each migration runs exactly once.
func (s *Store) migrate(ctx context.Context) error {
	all, err := migrations(s.dialect.name)
	if err != nil {
		return err
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if s.dialect == postgresDialect {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("SELECT pg_advisory_lock(%d)", migrationLockKey)); err != nil {
			return fmt.Errorf("wait for other instances' migrations: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("SELECT pg_advisory_unlock(%d)", migrationLockKey))
	}
	if _, err := conn.ExecContext(ctx, s.dialect.schema(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TEXT NOT NULL)`)); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer sqlTx.Rollback()
	tx := newTx(sqlTx, s.dialect)
	err = func() error {
		var current int
		if err := tx.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
			return err
		}
		if current > len(all) {
			return fmt.Errorf("the database is at schema version %d, newer than this liaison (%d); run a newer liaison", current, len(all))
		}
		for _, m := range all[current:] {
			script := m.sql
			if !m.native {
				script = s.dialect.schema(script)
			}
			for _, stmt := range splitStatements(script) {
				if _, err := tx.q.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			}
			if _, err := tx.q.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.version, m.name, nowUTC()); err != nil {
				return err
			}
			if m.version == searchMigration {
				// The index starts empty; fill it from the records.
				if err := tx.RebuildSearch(ctx); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			}
		}
		return nil
	}()
	if err != nil {
		return err
	}
	return sqlTx.Commit()
}

// searchMigration is the migration that made the search index.
const searchMigration = 3

// SchemaVersion is the newest migration applied.
func (c Reader) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := c.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// splitStatements splits a migration on semicolons that end a line; the
// schema has no semicolons inside literals or bodies.
func splitStatements(script string) []string {
	var out []string
	for _, part := range strings.Split(script, ";\n") {
		var lines []string
		for _, l := range strings.Split(part, "\n") {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "--") {
				lines = append(lines, l)
			}
		}
		if stmt := strings.TrimSuffix(strings.TrimSpace(strings.Join(lines, "\n")), ";"); stmt != "" {
			out = append(out, stmt)
		}
	}
	return out
}

// MigrationsApplied counts the migrations recorded as applied.
func (c Reader) MigrationsApplied(ctx context.Context) (int, error) {
	var n int
	err := c.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	return n, err
}

// SchemaCurrent says whether every migration this liaison has is
// applied; an instance is not ready to serve until they are.
func (s *Store) SchemaCurrent(ctx context.Context) error {
	all, err := migrations(s.dialect.name)
	if err != nil {
		return err
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if v < len(all) {
		return fmt.Errorf("the database is at schema version %d; this liaison needs %d", v, len(all))
	}
	return nil
}
