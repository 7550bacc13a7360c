package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/generate"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// BenchmarkImportCeiling compares the import with what SQLite itself can
// write of the same rows. It generates a network registry through the
// real import path (timed: "import records/s"), then copies every table
// of it into an empty registry of the same schema with INSERT … SELECT
// inside SQLite: no Go, no checks, no JSON, no statements per row — the
// most any import into this schema could do on this machine. The copy is
// timed in three transactions: the records (with their participants,
// components and the like, and every index), their history (`changes`),
// and the search index (search_docs and the two FTS5 tables).
//
//	go test -run '^$' -bench ImportCeiling -benchtime 1x ./bench/
//
// LIAISON_BENCH_NETWORK="100 5" sets institutions and years (20 × 5 by
// default: about 5,500 records). LIAISON_BENCH_CEILING_FROM names a
// registry generated before (such as the 200 × 30 network) to copy
// instead; the import is then not timed.
func BenchmarkImportCeiling(b *testing.B) {
	if storetest.Backend() != "sqlite" {
		b.Skip("the ceiling is measured on SQLite")
	}
	institutions, years := 20, 5
	if v := os.Getenv("LIAISON_BENCH_NETWORK"); v != "" {
		if _, err := fmt.Sscan(v, &institutions, &years); err != nil {
			b.Fatalf("LIAISON_BENCH_NETWORK=%q: want institutions and years, such as \"100 5\"", v)
		}
	}
	ctx := context.Background()
	for b.Loop() {
		dir := b.TempDir()
		src, dst := filepath.Join(dir, "generated.db"), filepath.Join(dir, "copy.db")
		var records int
		var imported time.Duration
		if from := os.Getenv("LIAISON_BENCH_CEILING_FROM"); from != "" {
			src = from
		} else {
			st, err := store.Open(ctx, src, store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			p, err := generate.Write(ctx, st, generate.Network(institutions, years, 1), generate.Options{})
			if err != nil {
				b.Fatal(err)
			}
			imported = time.Since(start)
			records = p.Records
			st.Close()
		}
		empty, err := store.Open(ctx, dst, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		empty.Close()

		parts, copied, err := copyTables(ctx, src, dst)
		if err != nil {
			b.Fatal(err)
		}
		if records == 0 {
			records = copied
		}
		var all time.Duration
		for _, d := range parts {
			all += d
		}
		rate := func(d time.Duration) float64 { return float64(records) / d.Seconds() }
		b.ReportMetric(float64(records), "records")
		if imported > 0 {
			b.ReportMetric(rate(imported), "import-records/s")
		}
		b.ReportMetric(rate(all), "ceiling-records/s")
		b.ReportMetric(rate(parts["records"]), "ceiling-records-alone/s")
		b.ReportMetric(rate(parts["history"]), "ceiling-history-alone/s")
		b.ReportMetric(rate(parts["search"]), "ceiling-search-alone/s")
	}
}

// copyTables copies every table of src with rows into dst (same schema,
// empty) by INSERT … SELECT, each group in one transaction, and returns
// the time of each group, and the number of records (institutions,
// people, programmes, partnerships, projects, events, publications).
func copyTables(ctx context.Context, src, dst string) (took map[string]time.Duration, records int, err error) {
	db, err := sql.Open("sqlite", "file:"+dst+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(off)")
	if err != nil {
		return nil, 0, err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE ? AS src", src); err != nil {
		return nil, 0, err
	}
	// In the order the migrations made them: parents before children.
	rows, err := conn.QueryContext(ctx, `SELECT name FROM src.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
		AND name NOT LIKE 'search\_text\_%' ESCAPE '\' AND name != 'search_vocab' AND name NOT LIKE 'search\_names\_%' ESCAPE '\' ORDER BY rowid`)
	if err != nil {
		return nil, 0, err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, 0, err
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil {
		return nil, 0, err
	}
	groups := map[string][]string{}
	for _, t := range tables {
		var inDst, inSrc bool
		// What the empty registry holds already (its migrations, its
		// settings) is not copied.
		if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM main."+t+"), EXISTS (SELECT 1 FROM src."+t+")").Scan(&inDst, &inSrc); err != nil {
			return nil, 0, fmt.Errorf("%s: %w", t, err)
		}
		if inDst || !inSrc {
			continue
		}
		switch {
		case t == "changes":
			groups["history"] = append(groups["history"], t)
		case strings.HasPrefix(t, "search_"):
			groups["search"] = append(groups["search"], t)
		default:
			groups["records"] = append(groups["records"], t)
		}
	}
	for _, t := range []string{"institutions", "people", "programmes", "partnerships", "projects", "events", "publications"} {
		var n int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM src."+t).Scan(&n); err != nil {
			return nil, 0, err
		}
		records += n
	}
	took = map[string]time.Duration{}
	for _, g := range []string{"records", "history", "search"} {
		start := time.Now()
		if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
			return nil, 0, err
		}
		for _, t := range groups[g] {
			if _, err := conn.ExecContext(ctx, "INSERT INTO main."+t+" SELECT * FROM src."+t); err != nil {
				conn.ExecContext(ctx, "ROLLBACK")
				return nil, 0, fmt.Errorf("copy %s: %w", t, err)
			}
		}
		if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
			return nil, 0, err
		}
		took[g] = time.Since(start)
	}
	if !slices.Contains(groups["records"], "events") {
		return nil, 0, fmt.Errorf("no events copied (tables %v)", groups)
	}
	return took, records, nil
}
