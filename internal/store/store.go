// Package store keeps the registry in SQL. It holds all of Liaison's SQL;
// queries are written once, in SQL that SQLite and PostgreSQL both accept,
// with $N placeholders.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
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
	q querier
}

// Store is an open registry database.
type Store struct {
	Reader
	write   *sql.DB
	read    *sql.DB
	path    string
	onClose []func()
}

// Tx is a write transaction; see Store.Transact.
type Tx struct {
	Reader
}

// Options tune how the database is opened.
type Options struct {
	// ReadConns bounds the read pool (default 4).
	ReadConns int
}

// Open opens (creating if needed) the registry at dsn and brings its
// schema up to date. dsn is a file path or "sqlite:PATH".
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	path := strings.TrimPrefix(dsn, "sqlite:")
	if strings.Contains(dsn, "://") {
		return nil, fmt.Errorf("database %q: only SQLite paths are supported (such as liaison.db or sqlite:/var/lib/liaison/liaison.db)", dsn)
	}
	if path == "" {
		return nil, errors.New("database path is empty; give --db PATH or set LIAISON_DB")
	}
	if opt.ReadConns <= 0 {
		opt.ReadConns = 4
	}
	// Durability over speed: an office's server may lose power, and a
	// committed record must survive it (synchronous=FULL). One writer
	// connection with IMMEDIATE transactions serialises writes in the
	// process instead of failing them with SQLITE_BUSY.
	pragmas := url.Values{}
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(10000)", "synchronous(FULL)"} {
		pragmas.Add("_pragma", p)
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?"
	write, err := sql.Open("sqlite", base+pragmas.Encode()+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", base+pragmas.Encode())
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(opt.ReadConns)
	read.SetMaxIdleConns(opt.ReadConns)
	s := &Store{Reader: Reader{q: read}, write: write, read: read, path: path}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes both pools, then runs the OnClose functions.
func (s *Store) Close() error {
	err := errors.Join(s.read.Close(), s.write.Close())
	for _, fn := range s.onClose {
		fn()
	}
	return err
}

// OnClose registers fn to run after the store is closed.
func (s *Store) OnClose(fn func()) { s.onClose = append(s.onClose, fn) }

// Transact runs fn in one write transaction: committed when fn returns
// nil, rolled back otherwise, so a failed write leaves nothing behind.
func (s *Store) Transact(ctx context.Context, fn func(*Tx) error) (err error) {
	sqlTx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
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
		}
	}()
	return fn(&Tx{Reader: Reader{q: sqlTx}})
}

// View runs fn on one snapshot of the registry, for reads that must agree
// with each other (an export, a page drawn from several queries).
func (s *Store) View(ctx context.Context, fn func(*Reader) error) error {
	sqlTx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer sqlTx.Rollback()
	return fn(&Reader{q: sqlTx})
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
