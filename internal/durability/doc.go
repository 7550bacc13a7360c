// Package durability holds Liaison's reliability tests, run by
// `go test ./...` like every other test:
//
//   - the crash loop (crash_test.go): the real binary is killed with
//     SIGKILL at seeded random moments while clients write through the
//     API and an import runs, then restarted; each time the database must
//     pass its check (SQLite's integrity check; on PostgreSQL, the search
//     index agreeing with the records), every acknowledged write must be
//     there as acknowledged (and found by search), and each import must be
//     there whole or not at all;
//   - the concurrency run (concurrency_test.go): twenty editors write for
//     thirty seconds on one registry while readers read, with no failed
//     or lost write, and simultaneous edits of one version of a record
//     keep exactly one;
//   - graceful shutdown (shutdown_test.go): SIGTERM lets requests in
//     flight finish before the server exits 0, and stops a command-line
//     import by rolling it back.
//
// The crash loop and the concurrency run run on SQLite, then on
// PostgreSQL (postgres_test.go: a throwaway cluster from internal/pgtest;
// without one they are skipped, or fail where LIAISON_REQUIRE_POSTGRES is
// set, as in CI). The shutdown tests run on SQLite only.
//
// The package has no code of its own besides this comment; see
// docs/architecture.md, "Crash safety and concurrency".
package durability
