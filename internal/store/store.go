// Package store keeps the registry in SQL. It holds all of Liaison's SQL;
// queries are written once, in SQL that SQLite and PostgreSQL both accept,
// with $N placeholders. What must differ is in dialect.go.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/search"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the pure-Go "sqlite" driver
)

// querier is what reads and writes need: a pool or a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Reader carries the read queries. The Store runs them on its read pool,
// View in one consistent snapshot, and a Tx inside its transaction.
type Reader struct {
	q       querier
	dialect *dialect
	stats   *searchStats // shared by the store's readers; nil in a write
	counts  *countCache  // shared by snapshots (View); nil elsewhere
	version *int64       // the registry version of this snapshot, once read; -1 before
	// statsGen is the generation of stats when this snapshot began (see
	// searchStats.generation); nil where each query is a snapshot of its own.
	statsGen *uint64
}

// Store is an open registry database.
type Store struct {
	Reader
	write   *sql.DB
	read    *sql.DB
	dialect *dialect
	onClose []func()
	counts  *countCache
}

// Tx is a write transaction; see Store.Transact.
type Tx struct {
	Reader
	// known holds ids a reference check may take as existing without a
	// query: checked or written earlier in this transaction.
	known map[recordType]map[int64]bool
	// names keeps records read or written in this transaction for search
	// documents, which name the records they refer to.
	names search.Names
	// searchChanged says the search index was written: what readers
	// remember of it (searchStats) is to be forgotten on commit.
	searchChanged bool
	// search holds the text index's changes until the transaction ends.
	search pendingSearch
	// explicitIDs names the tables a record was written to with its own
	// id, whose sequences must move past it before commit.
	explicitIDs map[string]bool
}

// Options tune how the database is opened.
type Options struct {
	// MaxConns bounds the readers' connections to the database (writes
	// go through one connection of their own, on either database).
	// Default 4 for SQLite, 10 for PostgreSQL.
	MaxConns int
	// StatementTimeout ends a PostgreSQL statement that runs longer
	// (default 30 s).
	StatementTimeout time.Duration
	// BusyTimeout is how long a SQLite write waits for another process's
	// write (a `liaison import` on the same file) before it gives up with
	// ErrBusy (default 10 s).
	BusyTimeout time.Duration
}

// ErrBusy is a write that could not start: another long write, such as an
// import by another process, held the registry for longer than the wait
// allows. Nothing was written; the same write may be tried again.
var ErrBusy = errors.New("the registry is busy with another long write, such as an import; nothing was written, try again in a moment")

// Open opens (creating if needed) the registry at dsn and brings its
// schema up to date. dsn is a file path, "sqlite:PATH", or a PostgreSQL
// URL "postgres://user:password@host/database".
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	var s *Store
	var err error
	switch {
	case isPostgres(dsn):
		s, err = openPostgres(ctx, dsn, opt)
	case strings.Contains(dsn, "://"):
		return nil, fmt.Errorf("database %q: expected a SQLite path (such as liaison.db or sqlite:/var/lib/liaison/liaison.db) or a postgres:// URL", redact(dsn))
	default:
		s, err = openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"), opt)
	}
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.ensureSearchVersion(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func openSQLite(ctx context.Context, path string, opt Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("database path is empty; give --db PATH or set LIAISON_DB")
	}
	if opt.MaxConns <= 0 {
		opt.MaxConns = 4
	}
	// Durability over speed: an office's server may lose power, and a
	// committed record must survive it (synchronous=FULL). One writer
	// connection with IMMEDIATE transactions serialises writes in the
	// process instead of failing them with SQLITE_BUSY. Each connection
	// keeps 8 MB of pages; the rest is read with a system call from the
	// operating system's cache. A memory map of the file would save the
	// calls, but every connection maps it on its own, and on a registry
	// of gigabytes the server's resident memory grew past 3 GB under load
	// (each mapping counted), where the page caches bound it.
	pragmas := url.Values{}
	if opt.BusyTimeout <= 0 {
		opt.BusyTimeout = 10 * time.Second
	}
	busy := fmt.Sprintf("busy_timeout(%d)", opt.BusyTimeout.Milliseconds())
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", busy, "synchronous(FULL)", "mmap_size(0)", "cache_size(-8000)"} {
		pragmas.Add("_pragma", p)
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?"
	write, err := sql.Open("sqlite", base+pragmas.Encode()+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := pingWhileBusy(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", base+pragmas.Encode())
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(opt.MaxConns)
	read.SetMaxIdleConns(opt.MaxConns)
	if err := pingWhileBusy(ctx, read); err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	counts := newCountCache()
	return &Store{Reader: Reader{q: read, dialect: sqliteDialect, stats: newSearchStats(), counts: counts}, counts: counts, write: write, read: read, dialect: sqliteDialect}, nil
}

// pingWhileBusy opens a first connection, waiting while another process
// holds the file: instances starting together on a new database meet
// while one of them turns it to WAL mode, and SQLite answers that with
// SQLITE_BUSY at once, without its busy timeout.
func pingWhileBusy(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(10 * time.Second)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := db.PingContext(ctx)
		if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

func openPostgres(ctx context.Context, dsn string, opt Options) (*Store, error) {
	if opt.MaxConns <= 0 {
		opt.MaxConns = 10
	}
	if opt.StatementTimeout <= 0 {
		opt.StatementTimeout = 30 * time.Second
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	q := u.Query()
	if q.Get("statement_timeout") == "" {
		// pgx sends unknown URL parameters as run-time settings.
		q.Set("statement_timeout", fmt.Sprint(opt.StatementTimeout.Milliseconds()))
	}
	if q.Get("application_name") == "" {
		q.Set("application_name", "liaison")
	}
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(opt.MaxConns)
	db.SetMaxIdleConns(opt.MaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", redact(dsn), err)
	}
	// Writers have a connection of their own, one per instance, as on
	// SQLite: write transactions take turns on the advisory lock anyway,
	// and writers waiting for it in the readers' pool held its
	// connections, so that under steady writes readers queued behind
	// them (a read's median went from a few to 50 ms with 20 editors).
	write, err := sql.Open("pgx", u.String())
	if err != nil {
		db.Close()
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxIdleTime(5 * time.Minute)
	if err := write.PingContext(ctx); err != nil {
		db.Close()
		write.Close()
		return nil, fmt.Errorf("open database %s: %w", redact(dsn), err)
	}
	counts := newCountCache()
	return &Store{Reader: Reader{q: db, dialect: postgresDialect, stats: newSearchStats(), counts: counts}, counts: counts, write: write, read: db, dialect: postgresDialect}, nil
}

// redact hides a password in a database URL shown in a message.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Dialect names the database: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name }

// Close closes the pools, then runs the OnClose functions.
func (s *Store) Close() error {
	err := s.read.Close()
	if s.write != s.read {
		err = errors.Join(err, s.write.Close())
	}
	for _, fn := range s.onClose {
		fn()
	}
	return err
}

// OnClose registers fn to run after the store is closed.
func (s *Store) OnClose(fn func()) { s.onClose = append(s.onClose, fn) }

// Transact runs fn in one write transaction: committed when fn returns
// nil, rolled back otherwise, so a failed write leaves nothing behind.
// Write transactions take turns (see dialect.writeLock).
func (s *Store) Transact(ctx context.Context, fn func(*Tx) error) error {
	return s.transact(ctx, func(tx *Tx, _ *sql.Conn) error { return fn(tx) })
}

// transact is Transact on the writers' connection, which fn is given too:
// Copy writes through pgx's COPY protocol, several times faster than
// INSERT, which needs the driver's own connection.
func (s *Store) transact(ctx context.Context, fn func(*Tx, *sql.Conn) error) (err error) {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		if s.dialect.busy(err) {
			return fmt.Errorf("%w (%v)", ErrBusy, err)
		}
		return fmt.Errorf("begin: %w", err)
	}
	var tx *Tx
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			sqlTx.Rollback()
			return
		}
		if cerr := sqlTx.Commit(); cerr != nil {
			err = fmt.Errorf("commit: %w", cerr)
			return
		}
		if tx.searchChanged && s.dialect.wordsFollowWrites {
			s.stats.forget()
		}
	}()
	if s.dialect.writeLock != "" {
		if _, err := sqlTx.ExecContext(ctx, s.dialect.writeLock); err != nil {
			if s.dialect.busy(err) {
				return fmt.Errorf("%w (%v)", ErrBusy, err)
			}
			return fmt.Errorf("wait for other writers: %w", err)
		}
	}
	tx = newTx(newStmtCache(sqlTx), s.dialect)
	if err := fn(tx, conn); err != nil {
		return err
	}
	return tx.finish(ctx)
}

func newTx(q querier, d *dialect) *Tx {
	return &Tx{Reader: Reader{q: q, dialect: d}, explicitIDs: map[string]bool{}, known: map[recordType]map[int64]bool{},
		names: search.Names{Institutions: map[int64]*registry.Institution{}, People: map[int64]*registry.Person{},
			Projects: map[int64]*registry.Project{}, Programmes: map[int64]*registry.Programme{}}}
}

// remember marks a record as existing for the rest of the transaction.
func (tx *Tx) remember(t recordType, id int64) {
	if tx.known[t] == nil {
		tx.known[t] = map[int64]bool{}
	}
	tx.known[t][id] = true
}

// forget drops what the transaction remembers of a record.
func (tx *Tx) forget(t recordType, id int64) {
	delete(tx.known[t], id)
	switch t {
	case institutions:
		delete(tx.names.Institutions, id)
	case people:
		delete(tx.names.People, id)
	case projects:
		delete(tx.names.Projects, id)
	case programmes:
		delete(tx.names.Programmes, id)
	}
}

// finish does what a transaction owes before it commits.
func (tx *Tx) finish(ctx context.Context) error {
	if err := tx.flushSearch(ctx); err != nil {
		return err
	}
	if len(tx.explicitIDs) == 0 {
		return nil
	}
	tables := make([]string, 0, len(tx.explicitIDs))
	for t := range tx.explicitIDs {
		tables = append(tables, t)
	}
	return tx.dialect.fixSequences(ctx, tx.q, tables)
}

// View runs fn on one snapshot of the registry, for reads that must agree
// with each other (an export, a page drawn from several queries).
func (s *Store) View(ctx context.Context, fn func(*Reader) error) error {
	statsGen := s.stats.generation() // before the snapshot begins
	sqlTx, err := s.read.BeginTx(ctx, s.dialect.viewOptions)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer sqlTx.Rollback()
	version := int64(-1)
	return fn(&Reader{q: sqlTx, dialect: s.dialect, stats: s.stats, counts: s.counts, version: &version, statsGen: &statsGen})
}

// DryRun runs fn in a write transaction that is always rolled back: the
// same checks as a real write, nothing written.
func (s *Store) DryRun(ctx context.Context, fn func(*Tx) error) error {
	errRollback := errors.New("dry run")
	err := s.Transact(ctx, func(tx *Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errRollback
	})
	if errors.Is(err, errRollback) {
		return nil
	}
	return err
}

// Analyze refreshes the statistics the query planner chooses indexes by;
// worth running after a large import.
func (s *Store) Analyze(ctx context.Context) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, stmt := range s.dialect.analyze {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

func nowUTC() string { return time.Now().UTC().Format(time.RFC3339) }

// Empty reports whether the registry holds no records at all.
func (c Reader) Empty(ctx context.Context) (bool, error) {
	var n int
	err := c.q.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM institutions LIMIT 1) i)
		+ (SELECT COUNT(*) FROM (SELECT 1 FROM people LIMIT 1) p)
		+ (SELECT COUNT(*) FROM (SELECT 1 FROM programmes LIMIT 1) g)
		+ (SELECT COUNT(*) FROM (SELECT 1 FROM projects LIMIT 1) j)
		+ (SELECT COUNT(*) FROM (SELECT 1 FROM events LIMIT 1) e)
		+ (SELECT COUNT(*) FROM (SELECT 1 FROM publications LIMIT 1) b)`).Scan(&n)
	return n == 0, err
}
