// Command load drives a real `liaison serve` over the network with the
// vegeta load library and reports, per route, throughput, latency
// percentiles and errors, and the server's peak memory:
//
//	go run ./bench/load --db /tmp/load.db --events 10000
//	go run ./bench/load --postgres --events 10000
//
// It builds ./cmd/liaison into a temporary directory, makes or uses a
// generated registry, adds editor accounts, starts the server on a free
// port, picks its targets from the running site's API, and then runs
// each route at a constant rate, followed by a mixed run in which
// signed-in editors write while readers read. bench/load/README.md has
// the details.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/liaison-registry/liaison/internal/pgtest"
)

// config is what the flags ask for.
type config struct {
	db           string
	postgres     bool
	events       int
	institutions int
	years        int
	rate         int
	duration     time.Duration
	warmup       time.Duration
	idleWait     time.Duration
	signInEarly  bool
	routes       []string
	editors      int
	writeRate    float64
	timeout      time.Duration
	maxWorkers   uint64
	jsonFile     string
	bin          string
	keep         bool
	serverArgs   []string
	mix          map[string]int
}

// readRoutes are the routes a reader runs, in the order they are run.
var readRoutes = []string{"cooperation", "project", "search", "events", "feed", "feed-conditional"}

// allRoutes adds the mixed run.
var allRoutes = append(slices.Clone(readRoutes), "mixed")

// defaultRoutes leave the conditional feed out: it is cheap, and the
// issue asks for the others.
var defaultRoutes = []string{"cooperation", "project", "search", "events", "feed", "mixed"}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	cfg := &config{}
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./bench/load [--db PATH|postgres://...] [--postgres] [--events N] [--rate 200] [--duration 30s] [--routes %s] [--json FILE]\n\nFlags:\n", strings.Join(defaultRoutes, ","))
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.db, "db", "", "the registry: a SQLite `path` or a postgres:// URL; generated there when it holds no events (default: a temporary SQLite file; with --postgres, a SQLite file to copy into the cluster)")
	fs.BoolVar(&cfg.postgres, "postgres", false, "start a throwaway PostgreSQL 15 cluster (as pgtest does: "+pgtest.Bin+", as the postgres user when root), load the registry into it, and remove it afterwards")
	fs.IntVar(&cfg.events, "events", 10000, "size of the registry generated into an empty database: `N` events (and N/2 people, N/10 projects, N/20 publications), seed 1, as ./bench does")
	fs.IntVar(&cfg.institutions, "institutions", 0, "generate with liaison generate --institutions `N` --years Y instead (needs that command)")
	fs.IntVar(&cfg.years, "years", 0, "with --institutions: `years` of records to generate")
	fs.IntVar(&cfg.rate, "rate", 200, "`requests` per second of each read run and of the readers of the mixed run")
	fs.DurationVar(&cfg.duration, "duration", 30*time.Second, "length of each measured run")
	fs.DurationVar(&cfg.idleWait, "idle-wait", time.Minute, "before each run, wait up to this long for the machine to be idle (under 10% of its cores busy for a second)")
	fs.DurationVar(&cfg.warmup, "warmup", 2*time.Second, "unmeasured load at the same rate before each run")
	routes := fs.String("routes", strings.Join(defaultRoutes, ","), "runs, in order, from: "+strings.Join(allRoutes, ", "))
	mix := fs.String("mix", "", "weights of the read routes in the mixed run, such as feed=0 or feed-conditional=1 (default: each of "+strings.Join(mixedRoutes, ", ")+" once)")
	fs.IntVar(&cfg.editors, "editors", 3, "signed-in editors writing during the mixed run")
	fs.Float64Var(&cfg.writeRate, "write-rate", 1, "writes per second of each editor in the mixed run (alternately a new event, and a read and update of an existing one)")
	fs.BoolVar(&cfg.signInEarly, "sign-in-early", false, "in the mixed run, sign the editors in before the warm-up instead of inside the measured run (each sign-in is an argon2id hash of 64 MiB)")
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Second, "a request that takes longer is an error")
	fs.Uint64Var(&cfg.maxWorkers, "max-workers", 256, "most requests in flight at once; when the server is slower than the rate allows, the rate achieved falls behind the rate asked")
	fs.StringVar(&cfg.jsonFile, "json", "", "also write the report as JSON to `FILE`")
	fs.StringVar(&cfg.bin, "bin", "", "use this liaison `binary` instead of building ./cmd/liaison")
	fs.BoolVar(&cfg.keep, "keep", false, "keep the temporary directory (binary, server log, temporary database)")
	serverArgs := fs.String("server-args", "", "more `flags` for liaison serve, space-separated (such as --db-max-conns 8)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for r := range strings.SplitSeq(*routes, ",") {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		if !slices.Contains(allRoutes, r) {
			return nil, fmt.Errorf("--routes: unknown route %q; expected some of %s", r, strings.Join(allRoutes, ", "))
		}
		cfg.routes = append(cfg.routes, r)
	}
	if len(cfg.routes) == 0 {
		return nil, errors.New("--routes: name at least one run")
	}
	switch {
	case cfg.rate <= 0:
		return nil, errors.New("--rate must be positive")
	case cfg.duration <= 0:
		return nil, errors.New("--duration must be positive")
	case cfg.events <= 0:
		return nil, errors.New("--events must be positive")
	case cfg.editors < 0 || cfg.writeRate < 0:
		return nil, errors.New("--editors and --write-rate must not be negative")
	case (cfg.institutions > 0) != (cfg.years > 0):
		return nil, errors.New("--institutions and --years go together")
	case cfg.maxWorkers == 0:
		return nil, errors.New("--max-workers must be positive")
	}
	if cfg.postgres && isPostgres(cfg.db) {
		return nil, errors.New("--postgres starts its own cluster; give --db a SQLite file to copy into it, or no --db")
	}
	cfg.serverArgs = strings.Fields(*serverArgs)
	var err error
	if cfg.mix, err = parseMix(*mix); err != nil {
		return nil, err
	}
	return cfg, nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// run does the whole measurement and writes the report to out.
func run(ctx context.Context, cfg *config, out io.Writer) (err error) {
	tmp, err := os.MkdirTemp("", "liaison-load-")
	if err != nil {
		return err
	}
	defer func() {
		if cfg.keep {
			fmt.Fprintf(os.Stderr, "kept %s\n", tmp)
			return
		}
		os.RemoveAll(tmp)
	}()
	logf := func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
	}

	bin := cfg.bin
	if bin == "" {
		logf("building ./cmd/liaison")
		if bin, err = buildLiaison(ctx, tmp); err != nil {
			return err
		}
	}
	lia := &liaison{bin: bin, logf: logf}

	rep := &Report{Machine: machine(), Rate: cfg.rate, Duration: cfg.duration.String(), Warmup: cfg.warmup.String(),
		MaxInFlight: cfg.maxWorkers, Timeout: cfg.timeout.String(), Started: time.Now().UTC().Format(time.RFC3339)}

	// The database: a SQLite file, a PostgreSQL URL, or a throwaway cluster.
	dsn := cfg.db
	if cfg.postgres {
		logf("starting a throwaway PostgreSQL cluster from %s", pgtest.Bin)
		cluster, err := pgtest.Start()
		if err != nil {
			return fmt.Errorf("start PostgreSQL: %w", err)
		}
		defer func() {
			logf("stopping the PostgreSQL cluster")
			cluster.Stop()
		}()
		if dsn, err = cluster.NewDatabase(); err != nil {
			return err
		}
		if cfg.db != "" {
			// Copy the given SQLite registry, as it is, into the cluster.
			if err := lia.ensureRegistry(ctx, cfg, cfg.db); err != nil {
				return err
			}
			logf("copying %s into PostgreSQL", cfg.db)
			if err := lia.run(ctx, nil, "migrate-db", "--from", cfg.db, "--to", dsn); err != nil {
				return err
			}
		}
		rep.Database.Note = "throwaway PostgreSQL 15 cluster on this machine (fsync off, as the tests run it)"
	} else if dsn == "" {
		dsn = filepath.Join(tmp, "registry.db")
	}
	if err := lia.ensureRegistry(ctx, cfg, dsn); err != nil {
		return err
	}
	rep.Database.Backend = "sqlite"
	if isPostgres(dsn) {
		rep.Database.Backend = "postgres"
	}
	rep.Database.DSN = redact(dsn)
	if rep.Database.Counts, err = registryCounts(ctx, dsn); err != nil {
		return err
	}
	rep.Database.Generated = lia.generatedBy

	password, err := randomPassword()
	if err != nil {
		return err
	}
	var editors []string
	if slices.Contains(cfg.routes, "mixed") {
		for i := range cfg.editors {
			email := fmt.Sprintf("load-editor-%d@load.example", i+1)
			if err := lia.account(ctx, dsn, email, password); err != nil {
				return err
			}
			editors = append(editors, email)
		}
	}

	srv, err := startServer(ctx, bin, dsn, filepath.Join(tmp, "server.log"), cfg.serverArgs, logf)
	if err != nil {
		return err
	}
	defer func() {
		// Let the requests left from the last run finish, then stop the
		// server as a service manager would; the report is written
		// whatever the server's exit, which it records.
		if err == nil {
			srv.settle(ctx, cfg.idleWait)
		}
		stopErr := srv.stop()
		rep.Server = srv.summary()
		if stopErr != nil {
			rep.Server.Exit = stopErr.Error()
			logf("%v; the end of its log:\n%s", stopErr, srv.logTail(20))
		}
		if err == nil {
			err = rep.write(out, cfg.jsonFile)
		}
		if err == nil {
			err = stopErr
		}
	}()
	logf("serving at %s (pid %d); picking targets", srv.base, srv.cmd.Process.Pid)

	tg, err := pickTargets(ctx, srv.base)
	if err != nil {
		return fmt.Errorf("pick targets: %w", err)
	}
	rep.Targets = tg.describe()
	logf("targets: %d project pages, %d searches, %d event-list filters; feed %s", len(tg.projects), len(tg.searches), len(tg.eventLists), tg.feedSize)

	for _, route := range cfg.routes {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if waited, busy := srv.settle(ctx, cfg.idleWait); waited >= cfg.idleWait {
			logf("the machine is still busy after %s (%.0f%% of a core); measuring anyway: see the other processes' CPU in the report", cfg.idleWait, 100*busy)
		} else if waited > 2*time.Second {
			logf("waited %s for the machine to be idle", waited.Round(time.Second))
		}
		var res *RunResult
		if route == "mixed" {
			logf("mixed run: readers at %d/s over %s, %d editors writing %.1f/s each, %s", cfg.rate, mixText(cfg.mix), len(editors), cfg.writeRate, cfg.duration)
			res, err = runMixed(ctx, cfg, srv, tg, editors, password)
		} else {
			logf("%s at %d/s for %s", route, cfg.rate, cfg.duration)
			res, err = runRoute(ctx, cfg, srv, tg, route)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", route, err)
		}
		rep.Runs = append(rep.Runs, res)
		res.writeText(os.Stderr)
	}
	return nil
}

func mixText(w map[string]int) string {
	var parts []string
	for _, r := range mixOrder(w) {
		parts = append(parts, fmt.Sprintf("%s×%d", r, w[r]))
	}
	return strings.Join(parts, " ")
}
