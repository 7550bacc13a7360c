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
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/iati"
	"github.com/liaison-registry/liaison/internal/server"
	"github.com/liaison-registry/liaison/internal/spreadsheet"
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
  liaison export [--db PATH] [--format json|iati|csv] [--type TYPE] [--published]
                                       the registry (JSON), its projects (IATI XML)
                                       or one record type (CSV) on stdout
  liaison import [--db PATH] [--format json|iati|csv] [--type TYPE] [--dry-run] FILE|-
                                       add or update records from a file
  liaison check  [--db PATH] [--format ...] FILE|-   the same as import --dry-run
  liaison user   add|list|passwd|disable|enable ...   manage staff accounts
  liaison migrate-db --from SOURCE --to TARGET [--replace]
                                       copy a whole registry to another database
  liaison backup [--db PATH] --to FILE [--force]
  liaison backup [--db PATH] --to-dir DIR [--keep N] [--every DURATION]
                                       a consistent snapshot of a SQLite registry, while it serves
  liaison restore [--db TARGET] FILE   restore a backup into an empty database, checked
  liaison extract [--format auto|text|html|docx] [FILE|-] | --eval DIR
                                       draft records read from prose, as JSON; or scores on gold files
  liaison generate --institutions N --years Y [--seed S] [--db PATH] [--force]
                                       a large, realistic network registry, for load tests
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
	case "backup":
		err = backupCmd(ctx, rest, env)
	case "restore":
		err = restoreCmd(ctx, rest, env)
	case "extract":
		err = extractCmd(rest, env)
	case "generate":
		err = generateCmd(ctx, rest, env)
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
	fs, db := flags("serve", "serve [--addr HOST:PORT] [--db PATH] [--demo] [--rate-limit on|off]", env)
	addr := fs.String("addr", envOr(env, "LIAISON_ADDR", "localhost:8080"), "`address` to listen on (or $LIAISON_ADDR)")
	loadDemo := fs.Bool("demo", false, "load the demonstration registry and accounts when the database is empty")
	trustProxy := fs.Bool("trust-proxy", false, "behind a reverse proxy: take the client address from X-Forwarded-For and TLS from X-Forwarded-Proto")
	maxConns := fs.Int("db-max-conns", 0, "most database `connections` of readers; writes have one of their own (default 4 for SQLite, 10 for PostgreSQL)")
	stmtTimeout := fs.Duration("db-statement-timeout", 30*time.Second, "end a PostgreSQL statement running longer than this")
	publicURL := fs.String("public-url", envOr(env, "LIAISON_PUBLIC_URL", ""), "the site's public `address`, such as https://registry.ombudsman.az, for canonical links and the sitemap (or $LIAISON_PUBLIC_URL)")
	memoryLimit := fs.Int("memory-limit-mb", 128, "soft limit in MiB of the memory Go keeps (the garbage collector works harder near it; SQLite's page caches, 8 MiB a connection, come on top); 0 for none; $GOMEMLIMIT, when set, wins")
	pageGrace := fs.Duration("page-grace", 2*time.Second, "serve a public page drawn less than this long ago even after a write, so that under steady writes each page is drawn at most once in this time (signed-in staff always see the registry as it is); 0 draws it again after every write")
	pageBehind := fs.Duration("page-redraw-behind", 30*time.Second, "past --page-grace, serve a public page drawn less than this long ago while it is drawn again in the background, so that no reader waits for a drawing; 0 makes the reader wait")
	calendarGrace := fs.Duration("calendar-grace", time.Minute, "serve a calendar drawn less than this long ago even after a write (calendar programs keep one for 15 minutes anyway); 0 draws it again after every write")
	shutdownTimeout := fs.Duration("shutdown-timeout", 30*time.Second, "on SIGTERM, wait this long for requests in flight to finish")
	rateLimit := fs.String("rate-limit", envOr(env, "LIAISON_RATE_LIMIT", "on"), "per-client rate limits on pages, search, API, sign-in and feeds: on or off (or $LIAISON_RATE_LIMIT)")
	rateScale := fs.Float64("rate-scale", 1, "multiply every rate limit by this `factor` (2 allows twice as many requests)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	var limits *server.RateLimits
	switch *rateLimit {
	case "on":
		if *rateScale <= 0 || *rateScale > 1000 {
			return &usageError{fmt.Errorf("--rate-scale %g is not a factor; expected a number above 0 and at most 1000", *rateScale)}
		}
		l := server.DefaultRateLimits().Scaled(*rateScale)
		limits = &l
	case "off":
	default:
		return &usageError{fmt.Errorf("--rate-limit %q is not a setting; expected on or off", *rateLimit)}
	}
	log := slog.New(server.WithRequestIDs(slog.NewTextHandler(env.Stderr, nil)))
	if *memoryLimit < 0 {
		return &usageError{fmt.Errorf("--memory-limit-mb %d: expected 0 (none) or a positive number of MiB", *memoryLimit)}
	}
	for _, d := range []struct {
		flag  string
		value time.Duration
	}{{"--page-grace", *pageGrace}, {"--page-redraw-behind", *pageBehind}, {"--calendar-grace", *calendarGrace}} {
		if d.value < 0 {
			return &usageError{fmt.Errorf("%s %s: expected 0 (off) or a positive duration such as 2s", d.flag, d.value)}
		}
	}
	// Without a limit the heap grows to twice what is live before a
	// collection: on a network's registry under load the server passed
	// 430 MB resident; 183 MB with a limit of 128 MiB, at the same speed.
	if *memoryLimit > 0 && env.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(*memoryLimit) << 20)
	}
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
	h, err := server.Handler(st, server.Options{Log: log, Auth: auth.Config{TrustProxy: *trustProxy}, PublicURL: *publicURL, RateLimits: limits, CalendarGrace: *calendarGrace, PageGrace: *pageGrace, PageRedrawBehind: *pageBehind})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := server.NewHTTPServer(h, log, server.DefaultTimeouts())
	log.Info("serving", "url", "http://"+ln.Addr().String()+"/", "db", st.Dialect(), "rate_limit", *rateLimit)
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
	// Finish the requests in flight, then stop. A second signal is no
	// longer caught: it ends the process at once.
	stop()
	log.Info("shutting down", "timeout", shutdownTimeout.String())
	shutdown, cancel := context.WithTimeout(context.Background(), *shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("requests still running after --shutdown-timeout %v were cut off: %w", *shutdownTimeout, err)
	}
	log.Info("stopped")
	return nil
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

// formats are what export and import speak.
const formats = "json (the whole registry), iati (IATI 2.03 activities: the projects) or csv (one record type, with --type)"

func export(ctx context.Context, args []string, env Env) error {
	fs, db := flags("export", "export [--db PATH] [--format json|iati|csv] [--type TYPE] [--published] > FILE", env)
	format := fs.String("format", "json", "what to write: "+formats)
	typ := fs.String("type", "", "for csv, the record `type`: "+strings.Join(spreadsheet.TypeNames, ", "))
	published := fs.Bool("published", false, "only published records (drafts are left out; IATI is always published only)")
	iatiOrg := fs.String("iati-org", envOr(env, "LIAISON_IATI_ORG", ""), "for iati, the reporting-organisation `identifier`, instead of the site settings' (or $LIAISON_IATI_ORG)")
	origin := fs.String("public-url", envOr(env, "LIAISON_PUBLIC_URL", ""), "for iati, the site's public `address`, for links to project pages and documents (or $LIAISON_PUBLIC_URL)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Errorf("unexpected argument %q; export writes to standard output", fs.Arg(0))}
	}
	if err := checkFormat(*format, *typ); err != nil {
		return err
	}
	st, err := openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	switch *format {
	case "iati":
		res, err := iati.Export(ctx, st, env.Stdout, iati.ExportOptions{OrgRef: *iatiOrg, Origin: strings.TrimSuffix(*origin, "/")})
		if err != nil {
			return err
		}
		for _, s := range res.Skipped {
			fmt.Fprintf(env.Stderr, "left out: %s\n", s)
		}
		fmt.Fprintf(env.Stderr, "exported %d activities\n", res.Activities)
		return nil
	case "csv":
		return spreadsheet.Export(ctx, st, *typ, env.Stdout, *published)
	}
	return exchange.Export(ctx, st, env.Stdout, exchange.ExportOptions{PublishedOnly: *published})
}

// checkFormat refuses an unknown format, and a type where it means
// nothing or is missing.
func checkFormat(format, typ string) error {
	switch format {
	case "json", "iati":
		if typ != "" {
			return &usageError{fmt.Errorf("--type is for csv; %s holds every type it can", format)}
		}
	case "csv":
		if typ == "" {
			return &usageError{fmt.Errorf("csv needs --type, one of %s", strings.Join(spreadsheet.TypeNames, ", "))}
		}
		if _, ok := spreadsheet.Types[typ]; !ok {
			return &usageError{fmt.Errorf("--type %q is not a record type; expected one of %s", typ, strings.Join(spreadsheet.TypeNames, ", "))}
		}
	default:
		return &usageError{fmt.Errorf("--format %q is not one liaison speaks; expected %s", format, formats)}
	}
	return nil
}

func importCmd(ctx context.Context, args []string, env Env, dryRun bool) (err error) {
	name := "import"
	if dryRun {
		name = "check"
	}
	fs, db := flags(name, name+" [--db PATH] [--format json|iati|csv] [--type TYPE] [--dry-run] FILE|-", env)
	format := fs.String("format", "json", "what the file is: "+formats)
	typ := fs.String("type", "", "for csv, the record `type`: "+strings.Join(spreadsheet.TypeNames, ", "))
	dry := fs.Bool("dry-run", false, "check everything and report what would change, writing nothing")
	iatiOrg := fs.String("iati-org", envOr(env, "LIAISON_IATI_ORG", ""), "for iati, the reporting-organisation `identifier` this registry exports under (or $LIAISON_IATI_ORG)")
	if err := parse(fs, args); err != nil {
		return err
	}
	dryRun = dryRun || *dry
	if fs.NArg() != 1 {
		return &usageError{errors.New("give one file to read: a file name, or - for standard input")}
	}
	if err := checkFormat(*format, *typ); err != nil {
		return err
	}
	// SIGTERM or Ctrl-C stops an import where it is: its one transaction
	// is rolled back, nothing is written, and the command says so.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = fmt.Errorf("interrupted before the import was committed: nothing was imported (%v)", err)
		}
	}()
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
	switch *format {
	case "iati":
		in, err := openInput(fs.Arg(0), env)
		if err != nil {
			return err
		}
		defer in.Close()
		res, err := iati.Import(ctx, st, in, iati.ImportOptions{OrgRef: *iatiOrg, DryRun: dryRun})
		if err != nil {
			return err
		}
		printIATIReport(env.Stdout, res, dryRun)
		return nil
	case "csv":
		in, err := openInput(fs.Arg(0), env)
		if err != nil {
			return err
		}
		defer in.Close()
		res, err := spreadsheet.Import(ctx, st, *typ, in, dryRun)
		if err != nil {
			return err
		}
		printSheetReport(env.Stdout, res, dryRun)
		for _, w := range res.Warnings {
			fmt.Fprintf(env.Stderr, "warning: %s\n", w.String())
		}
		return nil
	}
	data, err := readInput(fs.Arg(0), env)
	if err != nil {
		return err
	}
	doc, err := exchange.Decode(data)
	if err != nil {
		return err
	}
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

// printIATIReport tells what an IATI import mapped, and what not.
func printIATIReport(w io.Writer, res *iati.ImportResult, dryRun bool) {
	verb := map[string]string{"create": "created", "update": "updated", "unchanged": "unchanged"}
	if dryRun {
		verb = map[string]string{"create": "would create", "update": "would update", "unchanged": "unchanged"}
	}
	for _, a := range res.Activities {
		fmt.Fprintf(w, "line %d  %s  -> project %s: %s (%s)\n", a.Line, a.Identifier, a.Project, verb[a.Action], strings.Join(a.Mapped, ", "))
		for _, n := range a.Notes {
			fmt.Fprintf(w, "    note: %s\n", n)
		}
	}
	for _, c := range res.Created {
		fmt.Fprintf(w, "%s %s\n", map[bool]string{true: "would create", false: "created"}[dryRun], c)
	}
	if len(res.NotMapped) > 0 {
		keys := make([]string, 0, len(res.NotMapped))
		for k := range res.NotMapped {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%s (%d)", k, res.NotMapped[k])
		}
		fmt.Fprintf(w, "not mapped (the registry has no place for them): %s\n", strings.Join(parts, ", "))
	}
	c := res.Counts()
	fmt.Fprintf(w, "%d activities: %d %s, %d %s, %d unchanged\n", len(res.Activities), c["create"], verb["create"], c["update"], verb["update"], c["unchanged"])
}

// printSheetReport lists every changed cell and the totals.
func printSheetReport(w io.Writer, res *spreadsheet.Result, dryRun bool) {
	for _, c := range res.Changes {
		fmt.Fprintf(w, "row %d  %s %d (%s)  %s: %q -> %q\n", c.Row, res.Type, c.ID, c.Slug, c.Column, c.Old, c.New)
	}
	verb := "imported"
	if dryRun {
		verb = "dry run, nothing written: would import"
	}
	fmt.Fprintf(w, "%s %d rows of %s: %d created, %d updated, %d unchanged\n", verb, res.Rows, res.Type, res.Created, res.Updated, res.Unchanged)
}

// openInput opens a file, or standard input for "-".
func openInput(name string, env Env) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(env.Stdin), nil
	}
	return os.Open(name)
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
