package durability

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/pgtest"
)

// The concurrency run and the crash loop also run on PostgreSQL, on a
// throwaway cluster from internal/pgtest started once for the package
// (the crash loop kills the application, never the database server).
var postgres struct {
	once    sync.Once
	cluster *pgtest.Cluster
	err     error
}

// backend is a database the tests run on: it names it and gives each
// test a new, empty registry there.
type backend struct {
	name string // "SQLite" or "PostgreSQL", as the log says it
	// database returns the --db of a new, empty registry.
	database func(t *testing.T) string
}

var backends = []backend{
	{name: "SQLite", database: func(t *testing.T) string { return filepath.Join(t.TempDir(), "registry.db") }},
	{name: "PostgreSQL", database: postgresDatabase},
}

func (b backend) postgres() bool { return b.name == "PostgreSQL" }

// postgresDatabase returns the URL of a new, empty database on the
// package's PostgreSQL cluster, dropped when the test ends. With no
// PostgreSQL to be had the test is skipped with the reason, or fails
// where LIAISON_REQUIRE_POSTGRES is set (as CI sets it), as in storetest.
func postgresDatabase(t *testing.T) string {
	t.Helper()
	postgres.once.Do(func() { postgres.cluster, postgres.err = pgtest.Start() })
	if postgres.err != nil {
		if os.Getenv(pgtest.EnvRequire) != "" {
			t.Fatalf("PostgreSQL is required (%s is set) but could not be started: %v", pgtest.EnvRequire, postgres.err)
		}
		t.Skipf("no PostgreSQL for this test: %v", postgres.err)
	}
	dsn, err := postgres.cluster.NewDatabase()
	if err != nil {
		t.Fatalf("create a PostgreSQL database: %v", err)
	}
	t.Cleanup(func() { postgres.cluster.DropDatabase(dsn) })
	return dsn
}

// stopPostgres stops the package's cluster, if one was started.
func stopPostgres() {
	if postgres.cluster != nil {
		postgres.cluster.Stop()
	}
}

// openPostgres connects to the database at dsn from the test's own
// process, for the checks a crash or a run is judged by.
func openPostgres(dsn string) (*sql.DB, error) {
	return sql.Open("pgx", dsn)
}

// waitForSessionsToEnd waits until no session is connected to the
// database at dsn. A killed process's sessions outlive it for a moment:
// its server process (backend) ends when it next reads from the closed
// connection, and a COMMIT it had already received still commits. Once
// they have ended, nothing of the killed process can change the
// database any more, so what the checks then see is final.
func waitForSessionsToEnd(dsn string) error {
	db, err := openPostgres(dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	u, err := url.Parse(dsn)
	if err != nil {
		return err
	}
	name := strings.TrimPrefix(u.Path, "/")
	deadline := time.Now().Add(time.Minute)
	for {
		var sessions int
		err := db.QueryRow("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name).Scan(&sessions)
		if err != nil {
			return err
		}
		if sessions == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d sessions of killed processes still connected to the database a minute after the kill", sessions)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// searchIndexAgrees is the PostgreSQL meaning of the SQLite check that
// also covers the FTS5 index: the search index holds exactly one
// document, with its words written, for every published institution,
// person and event, and none for a record that is gone or unpublished.
// (PostgreSQL's own structures are PostgreSQL's to keep: the tests kill
// the application, not the database server.)
func searchIndexAgrees(dsn string) error {
	db, err := openPostgres(dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var problems []string
	for _, kind := range []struct{ noun, table string }{{"institution", "institutions"}, {"person", "people"}, {"event", "events"}} {
		var unindexed, wordless, stray int
		err := db.QueryRowContext(ctx, fmt.Sprintf(`SELECT
			(SELECT COUNT(*) FROM %[1]s r WHERE r.status = 'published'
				AND (SELECT COUNT(*) FROM search_docs d WHERE d.record_type = $1 AND d.record_id = r.id) <> 1),
			(SELECT COUNT(*) FROM search_docs d WHERE d.record_type = $1 AND d.tsv = ''::tsvector),
			(SELECT COUNT(*) FROM search_docs d WHERE d.record_type = $1
				AND NOT EXISTS (SELECT 1 FROM %[1]s r WHERE r.id = d.record_id AND r.status = 'published'))`, kind.table),
			kind.noun).Scan(&unindexed, &wordless, &stray)
		if err != nil {
			return err
		}
		if unindexed > 0 {
			problems = append(problems, fmt.Sprintf("%d published %s not indexed once", unindexed, kind.table))
		}
		if wordless > 0 {
			problems = append(problems, fmt.Sprintf("%d search documents of %s without their words", wordless, kind.table))
		}
		if stray > 0 {
			problems = append(problems, fmt.Sprintf("%d search documents of %s that are gone or unpublished", stray, kind.table))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("search index: %s", strings.Join(problems, "; "))
	}
	return nil
}

// checkDatabase checks the registry at db for what a crash or a run
// must never leave behind: SQLite's integrity check (which covers the
// FTS5 index), or on PostgreSQL its meaning there, searchIndexAgrees.
func checkDatabase(b backend, db string) error {
	if b.postgres() {
		return searchIndexAgrees(db)
	}
	return integrityCheck(db)
}

// check names what checkDatabase checks, for the log.
func (b backend) check() string {
	if b.postgres() {
		return "search index check"
	}
	return "integrity check"
}
