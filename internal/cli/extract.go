package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/liaison-registry/liaison/internal/extract"
	"github.com/liaison-registry/liaison/internal/extract/eval"
	"github.com/liaison-registry/liaison/internal/extract/input"
)

const extractSynopsis = `extract [--format auto|text|html|docx] [FILE|-]
       liaison extract --eval DIR [--verbose] [--min-f1 X]`

// extractCmd prints the draft records the extractor reads from one input,
// or scores the extractor on a directory of gold files.
func extractCmd(args []string, env Env) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: liaison %s\n\n"+
			"Reads prose (a text file, a web page or a Word document; - or no FILE\n"+
			"for standard input) and prints the draft records the extractor finds\n"+
			"in it, as JSON. With --eval, runs the extractor on every gold file's\n"+
			"text in DIR and prints precision, recall, F1 and field accuracy.\n\nFlags:\n", extractSynopsis)
		fs.PrintDefaults()
	}
	format := fs.String("format", "auto", "what the input is: auto (by the file name's extension, then by its content), text, html or docx")
	evalDir := fs.String("eval", "", "score the extractor on the gold files (*.json with a \"text\" field) in `DIR`")
	verbose := fs.Bool("verbose", false, "with --eval, list each file's misses, false alarms and wrong fields")
	minF1 := fs.Float64("min-f1", 0, "with --eval, exit 1 when the micro-averaged F1 is below `X` (0 to 1)")
	if err := parse(fs, args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	if *evalDir == "" {
		for _, name := range []string{"verbose", "min-f1"} {
			if set[name] {
				return &usageError{fmt.Errorf("--%s is for --eval", name)}
			}
		}
		if !slices.Contains(input.Formats, *format) {
			return &usageError{fmt.Errorf("--format %q is not one extract reads; expected %s", *format, strings.Join(input.Formats, ", "))}
		}
		if fs.NArg() > 1 {
			return &usageError{fmt.Errorf("give one file to read (or - for standard input), not %d", fs.NArg())}
		}
		name := "-"
		if fs.NArg() == 1 {
			name = fs.Arg(0)
		}
		return extractFile(name, *format, env)
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Errorf("--eval reads the texts its gold files name; unexpected argument %q", fs.Arg(0))}
	}
	if set["format"] {
		return &usageError{errors.New("--format is for one input; --eval reads each gold file's text by its extension")}
	}
	if math.IsNaN(*minF1) || *minF1 < 0 || *minF1 > 1 {
		return &usageError{fmt.Errorf("--min-f1 %v is not between 0 and 1", *minF1)}
	}
	return evalGold(*evalDir, *verbose, *minF1, env)
}

// extractFile prints the document extracted from one input.
func extractFile(name, format string, env Env) error {
	shown := name
	var data []byte
	var err error
	if name == "-" {
		shown = "standard input"
		data, err = input.Read(env.Stdin)
	} else {
		var f *os.File
		if f, err = os.Open(name); err != nil {
			return err // names the file
		}
		data, err = input.Read(f)
		f.Close()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", shown, err)
	}
	text, err := input.Text(data, name, format)
	if err != nil {
		return fmt.Errorf("%s: %w", shown, err)
	}
	doc, err := safeExtract(text)
	if err != nil {
		return fmt.Errorf("%s: %w", shown, err)
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// safeExtract runs the extractor, turning a panic into an error so that a
// bad text is named rather than crashing the command; the document's
// lists are never null.
func safeExtract(text string) (doc *extract.Document, err error) {
	defer func() {
		if v := recover(); v != nil {
			doc, err = nil, fmt.Errorf("the extractor failed: %v", v)
		}
	}()
	doc = extract.Extract(text)
	if doc == nil {
		doc = &extract.Document{}
	}
	if doc.Events == nil {
		doc.Events = []extract.Event{}
	}
	if doc.People == nil {
		doc.People = []extract.Person{}
	}
	if doc.Projects == nil {
		doc.Projects = []extract.Project{}
	}
	if doc.Publications == nil {
		doc.Publications = []extract.Publication{}
	}
	return doc, nil
}

// evalGold scores the extractor on a gold directory and prints the table.
func evalGold(dir string, verbose bool, minF1 float64, env Env) error {
	golds, err := eval.LoadDir(dir)
	if err != nil {
		return err
	}
	files := make([]*eval.FileResult, len(golds))
	for i, g := range golds {
		doc, err := safeExtract(g.Text)
		if err != nil {
			return fmt.Errorf("%s (%s): %w", g.Path, g.TextPath, err)
		}
		files[i] = eval.Score(g.Name, g.Want, doc)
	}
	r := eval.Aggregate(files)
	printReport(env.Stdout, dir, r, verbose)
	f1, ok := r.Micro().F1()
	switch {
	case minF1 > 0 && !ok:
		return fmt.Errorf("micro F1 is undefined (no gold and no predicted records), so --min-f1 %.3f is not met", minF1)
	case f1 < minF1:
		return fmt.Errorf("micro F1 %.3f is below --min-f1 %.3f", f1, minF1)
	}
	return nil
}

// printReport writes the scores: counts and P/R/F1 per type and micro,
// field accuracy per type and per field, and with verbose each file's
// misses, false alarms and wrong fields.
func printReport(w io.Writer, dir string, r *eval.Report, verbose bool) {
	plural := "s"
	if len(r.Files) == 1 {
		plural = ""
	}
	fmt.Fprintf(w, "%d gold file%s in %s\n\n", len(r.Files), plural, dir)
	fmt.Fprintf(w, "%-14s %5s %5s %5s %5s %5s %9s %7s %7s  %s\n", "", "gold", "found", "tp", "fp", "fn", "precision", "recall", "F1", "fields right")
	row := func(name string, c eval.Counts, a eval.Ratio) {
		fmt.Fprintf(w, "%-14s %5d %5d %5d %5d %5d %9s %7s %7s  %s\n", name, c.TP+c.FN, c.TP+c.FP, c.TP, c.FP, c.FN,
			evalFigure(c.Precision()), evalFigure(c.Recall()), evalFigure(c.F1()), evalRatio(a))
	}
	for _, t := range r.Types {
		row(t.Type, t.Counts, t.FieldAccuracy())
	}
	row("micro", r.Micro(), r.FieldAccuracy())

	fmt.Fprintf(w, "\nField accuracy of matched records (key fields are not scored):\n")
	fmt.Fprintf(w, "%-32s %7s %7s %9s\n", "", "right", "scored", "accuracy")
	for _, t := range r.Types {
		for _, f := range t.Fields {
			fmt.Fprintf(w, "%-32s %7d %7d %9s\n", t.Type+"."+f.Field, f.Correct, f.Total, evalFigure(f.Value()))
		}
	}
	if !verbose {
		return
	}
	for _, f := range r.Files {
		var m eval.Counts
		for _, t := range f.Types {
			m.Add(t.Counts)
		}
		fmt.Fprintf(w, "\n%s: %d matched, %d missed, %d false alarms, %d wrong fields\n", f.Name, m.TP, m.FN, m.FP, len(f.WrongFields))
		for _, x := range f.Misses {
			fmt.Fprintf(w, "  missed       %-13s %s\n", x.Type, x.Key)
		}
		for _, x := range f.FalseAlarms {
			fmt.Fprintf(w, "  false alarm  %-13s %s\n", x.Type, x.Key)
		}
		for _, x := range f.WrongFields {
			fmt.Fprintf(w, "  wrong        %-13s %s: %s: gold %s, predicted %s\n", x.Type, x.Key, x.Field, x.Gold, x.Predicted)
		}
	}
}

// evalFigure shows a figure to three places, or "-" when it is undefined.
func evalFigure(v float64, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.3f", v)
}

func evalRatio(r eval.Ratio) string {
	v, ok := r.Value()
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%d/%d %.3f", r.Correct, r.Total, v)
}
