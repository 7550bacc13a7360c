package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/liaison-registry/liaison/internal/generate"
	"github.com/liaison-registry/liaison/internal/store"
	"golang.org/x/term"
)

// generateCmd writes a large, realistic registry of a network of
// institutions, through the real import path, for load tests and
// benchmarks.
func generateCmd(ctx context.Context, args []string, env Env) error {
	fs, db := flags("generate", "generate --institutions N --years Y [--seed S] [--db PATH] [--force]", env)
	institutions := fs.Int("institutions", 0, fmt.Sprintf("`number` of institutions in the network (%d to %d)", generate.MinInstitutions, generate.MaxInstitutions))
	years := fs.Int("years", 0, fmt.Sprintf("`number` of years of records, up to %d (1 to %d)", generate.LastYear, generate.MaxYears))
	seed := fs.Uint64("seed", 1, "random `seed`: the same seed and sizes always give the same registry")
	force := fs.Bool("force", false, "write into a registry that already holds records; records with the ids generated are replaced, others kept")
	chunk := fs.Int("chunk", generate.DefaultChunk, "`records` per transaction")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	size := generate.Network(*institutions, *years, *seed)
	if *institutions == 0 || *years == 0 {
		return &usageError{fmt.Errorf("give --institutions and --years, such as --institutions 200 --years 30 (330,000 records with a million participations)")}
	}
	if err := size.Check(); err != nil {
		return &usageError{err}
	}
	if *chunk < 1 {
		return &usageError{fmt.Errorf("--chunk must be at least 1, not %d", *chunk)}
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := store.Open(ctx, *db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	empty, err := st.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty && !*force {
		return fmt.Errorf("the registry in %s already holds records; generate into a new database, or give --force to write over the records whose ids the generator uses", *db)
	}
	ctx = store.WithActor(ctx, store.Actor{Label: "liaison generate (" + osUser() + ")"})
	fmt.Fprintf(env.Stderr, "generating a network of %d institutions over %d years (%d to %d, seed %d) into %s: %s people, %s projects, %s events, %s publications\n",
		size.Institutions, size.Years, generate.LastYear-size.Years+1, generate.LastYear, size.Seed, st.Dialect(),
		thousands(size.People), thousands(size.Projects), thousands(size.Events), thousands(size.Publications))
	bar := newProgressBar(env.Stderr)
	p, err := generate.Write(ctx, st, size, generate.Options{Chunk: *chunk, Progress: bar.update})
	bar.finish(p)
	if err != nil {
		if p.Chunks > 0 {
			fmt.Fprintf(env.Stderr, "stopped: the %d chunks written before (%s records) stay in the registry\n", p.Chunks, thousands(p.Records))
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "generated %s records in %s: %s records/s\n", thousands(p.Records), p.Elapsed.Round(time.Second/10), thousands(int(p.Rate())))
	fmt.Fprintf(env.Stdout, "  %s participations, %s documents attached, %s later versions, %d chunks\n",
		thousands(p.Participations), thousands(p.Documents), thousands(p.Edits), p.Chunks)
	if p.Warnings > 0 {
		fmt.Fprintf(env.Stdout, "  %d warnings from the import\n", p.Warnings)
	}
	return nil
}

// progressBar shows Write's progress on standard error: one line
// redrawn in place on a terminal, a line every few seconds otherwise (a
// log file, CI).
type progressBar struct {
	w     io.Writer
	tty   bool
	every time.Duration
	last  time.Time
	drawn bool
}

func newProgressBar(w io.Writer) *progressBar {
	b := &progressBar{w: w, every: 10 * time.Second}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b.tty, b.every = true, 0
	}
	return b
}

func (b *progressBar) update(p generate.Progress) {
	now := time.Now()
	if p.Records < p.Total && now.Sub(b.last) < b.every {
		return
	}
	b.last = now
	if b.tty {
		fmt.Fprintf(b.w, "\r%s\x1b[K", progressLine(p, 30))
		b.drawn = true
		return
	}
	fmt.Fprintln(b.w, progressLine(p, 0))
}

func (b *progressBar) finish(p generate.Progress) {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}

// progressLine is "[#####.....]  45.2%  601,234/1,330,000 records
// 2,104 records/s  ETA 5m46s", without the bar when width is 0.
func progressLine(p generate.Progress, width int) string {
	frac := 0.0
	if p.Total > 0 {
		frac = min(float64(p.Records)/float64(p.Total), 1)
	}
	var sb strings.Builder
	if width > 0 {
		done := int(frac * float64(width))
		sb.WriteString("[" + strings.Repeat("#", done) + strings.Repeat(".", width-done) + "] ")
	}
	fmt.Fprintf(&sb, "%5.1f%%  %s/%s records  %s records/s", 100*frac, thousands(p.Records), thousands(p.Total), thousands(int(p.Rate())))
	if rate := p.Rate(); rate > 0 && p.Records < p.Total {
		eta := time.Duration(float64(p.Total-p.Records) / rate * float64(time.Second))
		fmt.Fprintf(&sb, "  ETA %s", eta.Round(time.Second))
	} else {
		fmt.Fprintf(&sb, "  in %s", p.Elapsed.Round(time.Second))
	}
	return sb.String()
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
