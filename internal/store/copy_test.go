package store_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/generate"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// A registry of a few thousand records, more than the copy's search index
// is rebuilt from at once, moves from SQLite to the database under test
// and from there to SQLite again (PostgreSQL and back, in the PostgreSQL
// run): every copy holds the rows of the original, and search documents
// equal to those the original wrote as its records were imported, whichever
// chunk of the rebuild a document and the records it names fell in.
func TestCopyKeepsRowsAndRebuildsSearch(t *testing.T) {
	dir := t.TempDir()
	original := filepath.Join(dir, "original.db")
	moved := storetest.DSN(t)
	back := filepath.Join(dir, "back.db")

	st, err := store.Open(ctx, original, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exchange.Import(ctx, st, generate.Document(generate.ForEvents(1500, 5)), false); err != nil {
		t.Fatal(err)
	}
	rows, err := st.Counts(ctx)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	want := searchDocs(t, original)
	if len(want) < 2000 {
		t.Fatalf("the original has %d search documents; the test needs several chunks of the rebuild", len(want))
	}

	for _, c := range []struct{ from, to string }{{original, moved}, {moved, back}} {
		from, err := store.Open(ctx, c.from, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		to, err := store.Open(ctx, c.to, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		report, err := store.Copy(ctx, from, to, store.CopyOptions{})
		from.Close()
		if err != nil {
			t.Fatalf("copy %s to %s: %v", from.Dialect(), to.Dialect(), err)
		}
		got, err := to.Counts(ctx)
		to.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(report.Tables, rows) || !slices.Equal(got, rows) {
			t.Errorf("copy %s to %s: rows %v, reported %v, want %v", from.Dialect(), to.Dialect(), got, report.Tables, rows)
		}
		docs := searchDocs(t, c.to)
		if len(docs) != len(want) {
			t.Fatalf("copy %s to %s: %d search documents, want %d", from.Dialect(), to.Dialect(), len(docs), len(want))
		}
		for i := range want {
			if docs[i] != want[i] {
				t.Fatalf("copy %s to %s: search document\n%s\nwant\n%s", from.Dialect(), to.Dialect(), docs[i], want[i])
			}
		}
	}
}

// searchDocs reads every search document of a registry, with its text, in
// a form that does not depend on the database.
func searchDocs(t *testing.T, dsn string) []string {
	t.Helper()
	driver, name := "sqlite", strings.TrimPrefix(dsn, "sqlite:")
	query := `SELECT d.record_type, d.record_id, d.year, d.kind, d.instrument, d.countries, t.names, t.body
		FROM search_docs d JOIN search_text t ON t.rowid = d.id ORDER BY d.record_type, d.record_id`
	if strings.HasPrefix(dsn, "postgres") {
		driver, name = "pgx", dsn
		query = `SELECT record_type, record_id, year, kind, instrument, countries, names, body
			FROM search_docs ORDER BY record_type, record_id`
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var typ, kind, instrument, countries, names, body string
		var id, year int64
		if err := rows.Scan(&typ, &id, &year, &kind, &instrument, &countries, &names, &body); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %d %d %q %q %q\nnames: %s\nbody: %s", typ, id, year, kind, instrument, countries, names, body))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
