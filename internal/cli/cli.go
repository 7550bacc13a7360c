// Package cli is the liaison command: serve, export, import and check.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/server"
	"github.com/liaison-registry/liaison/internal/store"
)

// Env holds what a command reads and writes besides its arguments, so
// that tests can run commands in-process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Ready, when set, receives the address serve listens on.
	Ready func(addr string)
}

// DefaultEnv is the process's own.
func DefaultEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

const usage = `liaison keeps an office's international cooperation as records and
publishes them.

Usage:
  liaison serve  [--addr HOST:PORT] [--db PATH] [--demo]
  liaison export [--db PATH] [--published]   the whole registry as JSON on stdout
  liaison import [--db PATH] FILE|-    add or replace records from a document
  liaison check  [--db PATH] FILE|-    validate a document, writing nothing
  liaison user   add|list|passwd|disable|enable ...   manage staff accounts
  liaison migrate-db --from SOURCE --to TARGET [--replace]
                                       copy a whole registry to another database
  liaison version

The database is --db, or else $LIAISON_DB, or else liaison.db.
Run "liaison COMMAND --help" for a command's flags.
`

// Version is set at build time with -ldflags "-X ...cli.Version=...".
var Version = "dev"

// Main runs the command in args (without the program name) and returns
// the exit status: 0 success, 1 failure, 2 misuse.
func Main(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, rest, env)
	case "export":
		err = export(ctx, rest, env)
	case "import":
		err = importCmd(ctx, rest, env, false)
	case "check":
		err = importCmd(ctx, rest, env, true)
	case "user":
		err = userCmd(ctx, rest, env)
	case "migrate-db":
		err = migrateDB(ctx, rest, env)
	case "version":
		fmt.Fprintln(env.Stdout, "liaison", Version)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(env.Stdout, usage)
	default:
		fmt.Fprintf(env.Stderr, "liaison: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	var misuse *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &misuse):
		fmt.Fprintf(env.Stderr, "liaison %s: %v\n", cmd, misuse.err)
		return 2
	}
	fmt.Fprintf(env.Stderr, "liaison %s: %v\n", cmd, err)
	return 1
}

type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }

// flags starts a command's flag set with the shared --db flag.
func flags(name, synopsis string, env Env) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: liaison %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	db := fs.String("db", defaultDB(env), "registry database: a SQLite `path`, or a postgres:// URL (or $LIAISON_DB)")
	return fs, db
}

func defaultDB(env Env) string {
	if v := env.Getenv("LIAISON_DB"); v != "" {
		return v
	}
	return "liaison.db"
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(io.Discard)
			return err
		}
		return &usageError{err}
	}
	return nil
}

func serve(ctx context.Context, args []string, env Env) error {
	fs, db := flags("serve", "serve [--addr HOST:PORT] [--db PATH] [--demo]", env)
	addr := fs.String("addr", envOr(env, "LIAISON_ADDR", "localhost:8080"), "`address` to listen on (or $LIAISON_ADDR)")
	loadDemo := fs.Bool("demo", false, "load the demonstration registry and accounts when the database is empty")
	trustProxy := fs.Bool("trust-proxy", false, "behind a reverse proxy: take the client address from X-Forwarded-For and TLS from X-Forwarded-Proto")
	maxConns := fs.Int("db-max-conns", 0, "most database `connections` (default 4 for SQLite reads, 10 for PostgreSQL)")
	stmtTimeout := fs.Duration("db-statement-timeout", 30*time.Second, "end a PostgreSQL statement running longer than this")
	publicURL := fs.String("public-url", envOr(env, "LIAISON_PUBLIC_URL", ""), "the site's public `address`, such as https://registry.ombudsman.az, for canonical links and the sitemap (or $LIAISON_PUBLIC_URL)")
	shutdownTimeout := fs.Duration("shutdown-timeout", 30*time.Second, "on SIGTERM, wait this long for requests in flight to finish")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	st, err := store.Open(ctx, *db, store.Options{MaxConns: *maxConns, StatementTimeout: *stmtTimeout})
	if err != nil {
		return err
	}
	defer st.Close()
	if *loadDemo {
		loaded, err := demo.Load(ctx, st)
		if err != nil {
			return err
		}
		if loaded {
			log.Info("loaded the demonstration registry", "db", *db)
			if err := demo.CreateAccounts(ctx, st, auth.HashPassword); err != nil {
				return err
			}
		}
		printDemoAccounts(ctx, st, env)
	}
	h, err := server.Handler(st, server.Options{Log: log, Auth: auth.Config{TrustProxy: *trustProxy}, PublicURL: *publicURL})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("serving", "url", "http://"+ln.Addr().String()+"/", "db", st.Dialect())
	if env.Ready != nil {
		env.Ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Finish the requests in flight, then stop.
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), *shutdownTimeout)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// printDemoAccounts shows the demonstration accounts that exist, so that
// whoever started the demo can sign in.
func printDemoAccounts(ctx context.Context, st *store.Store, env Env) {
	var lines []string
	for _, a := range demo.Accounts {
		if u, err := st.UserByEmail(ctx, a.Email); err == nil && !u.Disabled {
			lines = append(lines, fmt.Sprintf("  %-20s %-18s %s", a.Email, a.Password, a.Role))
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(env.Stderr, "Demo accounts, for trying Liaison only (sign in at /admin/):\n%s\n", strings.Join(lines, "\n"))
}

func envOr(env Env, key, fallback string) string {
	if v := env.Getenv(key); v != "" {
		return v
	}
	return fallback
}

func export(ctx context.Context, args []string, env Env) error {
	fs, db := flags("export", "export [--db PATH] [--published] > registry.json", env)
	published := fs.Bool("published", false, "only published records (drafts are left out)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Errorf("unexpected argument %q; export writes to standard output", fs.Arg(0))}
	}
	st, err := openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	return exchange.Export(ctx, st, env.Stdout, exchange.ExportOptions{PublishedOnly: *published})
}

func importCmd(ctx context.Context, args []string, env Env, dryRun bool) error {
	name := "import"
	if dryRun {
		name = "check"
	}
	fs, db := flags(name, name+" [--db PATH] FILE|-", env)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return &usageError{errors.New("give one document to read: a file name, or - for standard input")}
	}
	data, err := readInput(fs.Arg(0), env)
	if err != nil {
		return err
	}
	doc, err := exchange.Decode(data)
	if err != nil {
		return err
	}
	var st *store.Store
	if dryRun {
		st, err = openExisting(ctx, *db)
		if errors.Is(err, errNoDatabase) {
			// Checking against no registry: an empty one in memory.
			st, err = openScratch(ctx)
		}
	} else {
		st, err = store.Open(ctx, *db, store.Options{})
	}
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = store.WithActor(ctx, store.Actor{Label: "liaison " + name + " (" + osUser() + ")"})
	res, err := exchange.Import(ctx, st, doc, dryRun)
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(env.Stderr, "warning: %s\n", w.String())
	}
	verb := "imported"
	if dryRun {
		verb = "valid: would import"
	}
	var parts []string
	for _, section := range []string{"institutions", "people", "programmes", "partnerships", "projects", "events", "publications"} {
		if n := res.Counts[section]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, section))
		}
	}
	if len(parts) == 0 {
		parts = []string{"no records"}
	}
	fmt.Fprintf(env.Stdout, "%s %s\n", verb, strings.Join(parts, ", "))
	return nil
}

func readInput(name string, env Env) ([]byte, error) {
	if name == "-" {
		return exchange.Read(env.Stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return exchange.Read(f)
}

var errNoDatabase = errors.New("no such database")

// openExisting opens a database that must already exist, so that a
// mistyped --db does not leave an empty registry behind.
func openExisting(ctx context.Context, path string) (*store.Store, error) {
	if !strings.Contains(path, "://") {
		p := strings.TrimPrefix(path, "sqlite:")
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("%w: %s (give --db or set LIAISON_DB)", errNoDatabase, p)
		}
	}
	return store.Open(ctx, path, store.Options{})
}

// openScratch opens an empty registry in a temporary file removed on
// Close.
func openScratch(ctx context.Context) (*store.Store, error) {
	dir, err := os.MkdirTemp("", "liaison-check-")
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, dir+"/scratch.db", store.Options{})
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	st.OnClose(func() { os.RemoveAll(dir) })
	return st, nil
}
