package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// table is a table of the schema, in the order rows can be written: each
// after the tables it refers to.
type table struct {
	name     string
	key      string // the columns that order its rows
	identity bool   // has an id its sequence hands out
}

var tables = []table{
	{"settings", "key", false},
	{"users", "id", true},
	{"institutions", "id", true}, // written parents first, see copyTable
	{"people", "id", true},
	{"affiliations", "person_id, position", false},
	{"programmes", "id", true},
	{"partnerships", "id", true},
	{"partnership_programmes", "partnership_id, position", false},
	{"projects", "id", true},
	{"project_programmes", "project_id, position", false},
	{"project_partners", "project_id, position", false},
	{"project_expert_countries", "project_id, position", false},
	{"project_components", "project_id, number", false},
	{"component_results", "project_id, component_number, position", false},
	{"component_activities", "project_id, component_number, position", false},
	{"result_indicators", "project_id, component_number, result_position, position", false},
	{"indicator_values", "project_id, component_number, result_position, indicator_position, position", false},
	{"events", "id", true},
	{"participants", "event_id, position", false},
	{"publications", "id", true},
	{"documents", "id", true},
	{"sessions", "id_hash", false},
	{"api_tokens", "id", true},
	{"login_failures", "id", true},
	{"changes", "id", true},
}

// TableCount is how many rows a table has.
type TableCount struct {
	Table string
	Rows  int
}

// Counts returns the rows of every table.
func (c Reader) Counts(ctx context.Context) ([]TableCount, error) {
	out := make([]TableCount, 0, len(tables))
	for _, t := range tables {
		var n int
		if err := c.q.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t.name).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t.name, err)
		}
		out = append(out, TableCount{t.name, n})
	}
	return out, nil
}

// CopyOptions tune Copy.
type CopyOptions struct {
	// Replace empties a target that is not empty; without it such a
	// target is refused.
	Replace bool
	// Progress, when set, hears of each table copied.
	Progress func(table string, rows int)
}

// CopyReport says what was copied and checked.
type CopyReport struct {
	Tables []TableCount
}

// Copy moves everything from one registry into another, which may be of
// the other dialect: records with their ids, history, accounts,
// sessions, tokens, documents and the site settings (with the site's id,
// see SiteID). It writes in one transaction on the
// target, reads from one snapshot of the source, and before committing
// checks that every table has the same rows with the same content, by
// count and by a digest of every value. Rows stream from the source to the
// target as they are read: what it holds at once does not grow with the
// registry.
func Copy(ctx context.Context, from, to *Store, opt CopyOptions) (*CopyReport, error) {
	sv, err := from.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	tv, err := to.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if sv != tv {
		return nil, fmt.Errorf("the source is at schema version %d and the target at %d; open both with the same liaison", sv, tv)
	}
	report := &CopyReport{}
	err = from.View(ctx, func(src *Reader) error {
		if err := noStatementTimeout(ctx, src); err != nil {
			return err
		}
		return to.transact(ctx, func(dst *Tx, conn *sql.Conn) error {
			if err := noStatementTimeout(ctx, &dst.Reader); err != nil {
				return err
			}
			counts, err := dst.Counts(ctx)
			if err != nil {
				return err
			}
			var held []string
			for _, c := range counts {
				if c.Rows > 0 {
					held = append(held, fmt.Sprintf("%d %s", c.Rows, c.Table))
				}
			}
			if len(held) > 0 {
				if !opt.Replace {
					return fmt.Errorf("the target is not empty (%s); copy into an empty database, or give --replace to empty it first", strings.Join(held, ", "))
				}
				// SQLite checks a self-reference row by row as it deletes.
				if _, err := dst.q.ExecContext(ctx, "UPDATE institutions SET parent_id = NULL"); err != nil {
					return err
				}
				for i := len(tables) - 1; i >= 0; i-- {
					if _, err := dst.q.ExecContext(ctx, "DELETE FROM "+tables[i].name); err != nil {
						return fmt.Errorf("empty %s: %w", tables[i].name, err)
					}
				}
			}
			var identities []string
			for _, t := range tables {
				n, err := copyTable(ctx, src, dst, conn, t)
				if err != nil {
					return fmt.Errorf("copy %s: %w", t.name, err)
				}
				report.Tables = append(report.Tables, TableCount{t.name, n})
				if opt.Progress != nil {
					opt.Progress(t.name, n)
				}
				if t.identity {
					identities = append(identities, t.name)
				}
			}
			if err := dst.dialect.fixSequences(ctx, dst.q, identities); err != nil {
				return err
			}
			for _, t := range tables {
				// Both sides are read at once, each on its own
				// database: the check reads every row twice.
				type result struct {
					sum  string
					rows int
					err  error
				}
				fromSource := make(chan result, 1)
				go func() {
					sum, rows, err := digest(ctx, src.q, t)
					fromSource <- result{sum, rows, err}
				}()
				b, m, err := digest(ctx, dst.q, t)
				source := <-fromSource
				if err != nil {
					return err
				}
				if source.err != nil {
					return source.err
				}
				if a, n := source.sum, source.rows; n != m || a != b {
					return fmt.Errorf("check failed: %s has %d rows in the source and %d in the target, or their content differs; nothing was written", t.name, n, m)
				}
			}
			// The search index is the dialect's own: built, not copied.
			return dst.RebuildSearch(ctx)
		})
	})
	if err != nil {
		return nil, err
	}
	return report, nil
}

// noStatementTimeout lifts PostgreSQL's statement timeout for the rest of
// a copy's transaction: reading or writing a table of a million rows is
// one statement, which takes longer than a request's query may.
func noStatementTimeout(ctx context.Context, r *Reader) error {
	if r.dialect != postgresDialect {
		return nil
	}
	_, err := r.q.ExecContext(ctx, "SET LOCAL statement_timeout = 0")
	return err
}

// copyTable writes a table's rows into the target as it reads them: with
// COPY into PostgreSQL, in INSERTs of a few hundred rows into SQLite.
func copyTable(ctx context.Context, src *Reader, dst *Tx, conn *sql.Conn, t table) (int, error) {
	query := "SELECT * FROM " + t.name + " ORDER BY " + t.key
	if t.name == "institutions" {
		// A regional office refers to its parent: parents first.
		query = `WITH RECURSIVE depth (id, d) AS (
			SELECT id, 0 FROM institutions WHERE parent_id IS NULL
			UNION ALL SELECT i.id, depth.d + 1 FROM institutions i JOIN depth ON i.parent_id = depth.id)
			SELECT institutions.* FROM institutions JOIN depth ON depth.id = institutions.id ORDER BY depth.d, institutions.id`
	}
	rows, err := src.q.QueryContext(ctx, query)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	source := newRowSource(rows, len(cols))
	if dst.dialect == postgresDialect {
		return copyIn(ctx, conn, t.name, cols, source)
	}
	perBatch := max(1, 900/len(cols))
	batch := make([]any, 0, perBatch*len(cols))
	n := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		rowsIn := len(batch) / len(cols)
		var b strings.Builder
		fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", t.name, strings.Join(cols, ", "))
		for r := range rowsIn {
			if r > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + placeholders(r*len(cols)+1, len(cols)) + ")")
		}
		_, err := dst.q.ExecContext(ctx, b.String(), batch...)
		clear(batch) // let the values go before the next batch is read
		batch = batch[:0]
		return err
	}
	for source.Next() {
		batch = append(batch, source.vals...)
		n++
		if n%perBatch == 0 {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := source.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// copyIn writes rows into a PostgreSQL table with the COPY protocol, in
// the transaction open on conn. pgx sends them in chunks as it encodes
// them, taking each from the source when it needs it.
func copyIn(ctx context.Context, conn *sql.Conn, table string, cols []string, source *rowSource) (int, error) {
	var n int64
	err := conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("COPY needs a pgx connection, not %T", driverConn)
		}
		var err error
		n, err = c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, source)
		return err
	})
	return int(n), err
}

// rowSource reads rows one at a time into one slice of values, reused:
// the caller copies what it keeps (pgx encodes a row as Values returns
// it). It is a pgx.CopyFromSource.
type rowSource struct {
	rows *sql.Rows
	vals []any
	ptrs []any
	err  error
}

func newRowSource(rows *sql.Rows, columns int) *rowSource {
	s := &rowSource{rows: rows, vals: make([]any, columns), ptrs: make([]any, columns)}
	for i := range s.vals {
		s.ptrs[i] = &s.vals[i]
	}
	return s
}

func (s *rowSource) Next() bool {
	if s.err != nil || !s.rows.Next() {
		return false
	}
	if err := s.rows.Scan(s.ptrs...); err != nil {
		s.err = err
		return false
	}
	return true
}

func (s *rowSource) Values() ([]any, error) { return s.vals, nil }

func (s *rowSource) Err() error {
	if s.err != nil {
		return s.err
	}
	return s.rows.Err()
}

// digest hashes every value of a table in key order, in a form that does
// not depend on the dialect (integers in decimal, text as text, bytes in
// hex), and counts its rows.
func digest(ctx context.Context, q querier, t table) (string, int, error) {
	rows, err := q.QueryContext(ctx, "SELECT * FROM "+t.name+" ORDER BY "+t.key)
	if err != nil {
		return "", 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", 0, err
	}
	h := sha256.New()
	n := 0
	source := newRowSource(rows, len(cols))
	for source.Next() {
		for _, v := range source.vals {
			writeValue(h, v)
		}
		n++
	}
	return hex.EncodeToString(h.Sum(nil)), n, source.Err()
}

func writeValue(h hash.Hash, v any) {
	switch v := v.(type) {
	case nil:
		h.Write([]byte("\x00null"))
	case []byte:
		fmt.Fprintf(h, "\x00b%d:%x", len(v), v)
	case string:
		fmt.Fprintf(h, "\x00s%d:%s", len(v), v)
	default:
		fmt.Fprintf(h, "\x00v%v", v)
	}
}
