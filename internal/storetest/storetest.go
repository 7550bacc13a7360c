// Package storetest opens throwaway registries for tests, on SQLite and,
// through Main, on PostgreSQL: a package whose TestMain calls Main runs
// all its tests once on each database.
package storetest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/pgtest"
	"github.com/liaison-registry/liaison/internal/store"
)

// Today is the date tests run on, so that derived statuses do not change
// with the calendar.
var Today = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// Now returns Today; pass it where a clock is wanted.
func Now() time.Time { return Today }

// cluster is the PostgreSQL the tests run on now; nil for SQLite.
var cluster *pgtest.Cluster

// Backend names the database the tests run on now: "sqlite" or "postgres".
func Backend() string {
	if cluster != nil {
		return "postgres"
	}
	return "sqlite"
}

// Main runs the package's tests on SQLite, then again on PostgreSQL. With
// no PostgreSQL to be had, the second run is skipped with a message, or
// fails where LIAISON_REQUIRE_POSTGRES is set (as CI sets it).
func Main(m *testing.M) {
	code := m.Run()
	removeShared()
	if fuzzing() {
		// The fuzzing engine runs one target in worker processes of its
		// own; a second pass would restart it. Fuzz on SQLite only.
		os.Exit(code)
	}
	c, err := pgtest.Start()
	if err != nil {
		if os.Getenv(pgtest.EnvRequire) != "" {
			fmt.Fprintf(os.Stderr, "FAIL: PostgreSQL is required (%s is set) but could not be started: %v\n", pgtest.EnvRequire, err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "skipping the PostgreSQL run of these tests: %v\n", err)
		os.Exit(code)
	}
	cluster = c
	fmt.Fprintln(os.Stderr, "=== the same tests on PostgreSQL")
	pgCode := m.Run()
	c.Stop()
	os.Exit(max(code, pgCode))
}

func fuzzing() bool {
	for _, name := range []string{"test.fuzz", "test.fuzzworker"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" && f.Value.String() != "false" {
			return true
		}
	}
	return false
}

// DSN returns the address of a new, empty database on the current backend
// (a file path for SQLite), removed when the test ends.
func DSN(t testing.TB) string {
	t.Helper()
	if cluster == nil {
		return filepath.Join(t.TempDir(), "liaison.db")
	}
	dsn, err := cluster.NewDatabase()
	if err != nil {
		t.Fatalf("create a PostgreSQL database: %v", err)
	}
	t.Cleanup(func() { cluster.DropDatabase(dsn) })
	return dsn
}

// SharedDSN returns a new, empty database on the current backend that
// lives as long as the test process (for benchmarks that share one
// generated registry).
//
// On SQLite, EnvBenchDB names a file to use instead, kept between runs so
// that a large generated registry is written once.
func SharedDSN() (string, error) {
	if cluster == nil {
		if path := os.Getenv(EnvBenchDB); path != "" {
			return path, nil
		}
		dir, err := os.MkdirTemp("", "liaison-bench-")
		sharedDirs = append(sharedDirs, dir)
		return filepath.Join(dir, "bench.db"), err
	}
	return cluster.NewDatabase()
}

// EnvBenchDB names the SQLite file SharedDSN returns, when set.
const EnvBenchDB = "LIAISON_BENCH_DB"

// sharedDirs are the directories of SharedDSN, removed by Main at the end.
var sharedDirs []string

func removeShared() {
	for _, dir := range sharedDirs {
		os.RemoveAll(dir)
	}
	sharedDirs = nil
}

// Open returns an empty registry on the current backend, closed when the
// test ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), DSN(t), store.Options{})
	if err != nil {
		t.Fatalf("open store on %s: %v", Backend(), err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Demo returns a registry holding the demonstration records.
func Demo(t testing.TB) *store.Store {
	t.Helper()
	st := Open(t)
	if _, err := demo.Load(context.Background(), st); err != nil {
		t.Fatalf("load demo on %s: %v", Backend(), err)
	}
	return st
}
