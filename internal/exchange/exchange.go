// Package exchange moves a whole registry in and out as one versioned JSON
// document: `liaison export`, `liaison import` and `liaison check`.
package exchange

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/strictjson"
)

// Format and Version identify the document. Version changes when a field
// changes meaning; added optional fields do not change it.
const (
	Format  = "liaison-registry"
	Version = 1
)

// MaxDocument bounds the size of a document read by Import.
const MaxDocument = 512 << 20

// Document is a whole registry. Records refer to each other by id; the
// sections are in the order an import writes them, each record after the
// records it names.
type Document struct {
	Format       string                 `json:"format"`
	Version      int                    `json:"version"`
	Institutions []registry.Institution `json:"institutions"`
	People       []registry.Person      `json:"people"`
	Programmes   []registry.Programme   `json:"programmes"`
	Partnerships []registry.Partnership `json:"partnerships"`
	Projects     []registry.Project     `json:"projects"`
	Events       []registry.Event       `json:"events"`
	Publications []registry.Publication `json:"publications"`
}

// ExportOptions choose what an export holds.
type ExportOptions struct {
	// PublishedOnly leaves drafts out, for a copy meant for the public.
	PublishedOnly bool
}

// Export writes the registry as a Document, from one snapshot, record by
// record so that a large registry is never held in memory at once. The
// same registry always gives the same bytes.
func Export(ctx context.Context, st *store.Store, out io.Writer, opts ...ExportOptions) error {
	var opt ExportOptions
	if len(opts) > 0 {
		opt = opts[0]
	}
	base := store.Filter{Limit: store.MaxLimit, ByID: true}
	if opt.PublishedOnly {
		base.Status = registry.Published
	}
	w := bufio.NewWriterSize(out, 64<<10)
	err := st.View(ctx, func(r *store.Reader) error {
		fmt.Fprintf(w, "{\n  \"format\": %q,\n  \"version\": %d", Format, Version)
		steps := []func() error{
			func() error { return section(ctx, w, "institutions", base, r.Institutions) },
			func() error { return section(ctx, w, "people", base, r.People) },
			func() error { return section(ctx, w, "programmes", base, r.Programmes) },
			func() error { return section(ctx, w, "partnerships", base, r.Partnerships) },
			func() error { return section(ctx, w, "projects", base, r.Projects) },
			func() error { return section(ctx, w, "events", base, r.Events) },
			func() error { return section(ctx, w, "publications", base, r.Publications) },
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		_, err := w.WriteString("\n}\n")
		return err
	})
	if err != nil {
		return err
	}
	return w.Flush()
}

// section writes `"name": [ ... ]`, paging through list.
// Records come in id order, so that exports of a registry that changed
// differ only where it changed.
func section[T any](ctx context.Context, w *bufio.Writer, name string, f store.Filter, list func(context.Context, store.Filter) (store.Page[T], error)) error {
	fmt.Fprintf(w, ",\n  %q: [", name)
	first := true
	for {
		page, err := list(ctx, f)
		if err != nil {
			return fmt.Errorf("export %s: %w", name, err)
		}
		for _, item := range page.Items {
			b, err := json.MarshalIndent(item, "    ", "  ")
			if err != nil {
				return fmt.Errorf("export %s: %w", name, err)
			}
			if !first {
				w.WriteByte(',')
			}
			first = false
			w.WriteString("\n    ")
			w.Write(b)
		}
		if page.Next == nil {
			break
		}
		f.After = *page.Next
	}
	if !first {
		w.WriteString("\n  ")
	}
	_, err := w.WriteString("]")
	return err
}

// Result is what an import wrote (or, for a check, would write).
type Result struct {
	Counts   map[string]int        `json:"counts"`
	Warnings []registry.FieldError `json:"warnings,omitempty"`
}

// Total is the number of records in the document.
func (r *Result) Total() int {
	n := 0
	for _, c := range r.Counts {
		n += c
	}
	return n
}

// Error is a document Import refused, with every problem found and the
// path of each in the document ("events[3].participants[0].person_id").
type Error struct {
	Syntax   *strictjson.SyntaxError
	Problems []registry.FieldError
}

func (e *Error) Error() string {
	if e.Syntax != nil {
		return e.Syntax.Error()
	}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = "  " + p.String()
	}
	return fmt.Sprintf("%d problem(s), nothing was imported:\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

// Decode reads a Document strictly: unknown fields and misplaced types
// are reported with their paths, as an *Error.
func Decode(data []byte) (*Document, error) {
	var doc Document
	err := strictjson.Decode(data, &doc)
	var se *strictjson.SyntaxError
	var fe strictjson.FieldErrors
	switch {
	case errors.As(err, &se):
		return nil, &Error{Syntax: se}
	case errors.As(err, &fe):
		e := &Error{}
		for _, f := range fe {
			e.Problems = append(e.Problems, registry.FieldError{Field: f.Path, Message: f.Message})
		}
		return nil, e
	case err != nil:
		return nil, err
	}
	if doc.Format != Format {
		return nil, &Error{Problems: []registry.FieldError{{Field: "format", Value: doc.Format, Message: fmt.Sprintf("is not a Liaison registry document; expected %q", Format)}}}
	}
	if doc.Version < 1 || doc.Version > Version {
		return nil, &Error{Problems: []registry.FieldError{{Field: "version", Value: doc.Version, Message: fmt.Sprintf("is not a version this liaison reads; expected 1 to %d (a newer liaison wrote it?)", Version)}}}
	}
	return &doc, nil
}

// Read reads all of r, refusing more than MaxDocument bytes.
func Read(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDocument+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxDocument {
		return nil, fmt.Errorf("the document is larger than %d MiB", MaxDocument>>20)
	}
	return data, nil
}

// Import writes every record of the document in one transaction: all of
// them, or, when any is invalid, none, with an *Error listing each
// problem. With dryRun it checks everything the same way and writes
// nothing.
func Import(ctx context.Context, st *store.Store, doc *Document, dryRun bool) (*Result, error) {
	res := &Result{Counts: map[string]int{}}
	var problems []registry.FieldError
	write := func(tx *store.Tx) error {
		w := &writer{ctx: ctx, tx: tx, res: res, problems: &problems}
		order, err := parentsFirst(doc.Institutions)
		if err != nil {
			return err
		}
		for _, i := range order {
			w.put("institutions", i, func() ([]registry.FieldError, error) { return tx.PutInstitution(ctx, &doc.Institutions[i]) })
		}
		for i := range doc.People {
			w.put("people", i, func() ([]registry.FieldError, error) { return tx.PutPerson(ctx, &doc.People[i]) })
		}
		for i := range doc.Programmes {
			w.put("programmes", i, func() ([]registry.FieldError, error) { return tx.PutProgramme(ctx, &doc.Programmes[i]) })
		}
		for i := range doc.Partnerships {
			w.put("partnerships", i, func() ([]registry.FieldError, error) { return tx.PutPartnership(ctx, &doc.Partnerships[i]) })
		}
		for i := range doc.Projects {
			w.put("projects", i, func() ([]registry.FieldError, error) { return tx.PutProject(ctx, &doc.Projects[i]) })
		}
		for i := range doc.Events {
			w.put("events", i, func() ([]registry.FieldError, error) { return tx.PutEvent(ctx, &doc.Events[i]) })
		}
		for i := range doc.Publications {
			w.put("publications", i, func() ([]registry.FieldError, error) { return tx.PutPublication(ctx, &doc.Publications[i]) })
		}
		if w.err != nil {
			return w.err
		}
		if len(problems) > 0 {
			return &Error{Problems: problems}
		}
		return nil
	}
	var err error
	if dryRun {
		err = st.DryRun(ctx, write)
	} else {
		err = st.Transact(ctx, write)
	}
	if err != nil {
		return nil, err
	}
	if !dryRun && res.Total() >= 1000 {
		// The planner's statistics are stale after so many new rows. The
		// import has committed: interrupted now, it is still done, and
		// the statistics are left for later.
		if err := st.Analyze(ctx); err != nil && ctx.Err() == nil {
			return nil, err
		}
	}
	return res, nil
}

// writer collects per-record problems and stops at the first failure that
// is not the record's fault.
type writer struct {
	ctx      context.Context
	tx       *store.Tx
	res      *Result
	problems *[]registry.FieldError
	err      error
}

func (w *writer) put(section string, index int, save func() ([]registry.FieldError, error)) {
	if w.err != nil {
		return
	}
	if err := w.ctx.Err(); err != nil {
		w.err = err
		return
	}
	path := fmt.Sprintf("%s[%d]", section, index)
	warnings, err := save()
	for _, wn := range warnings {
		wn.Field = path + "." + wn.Field
		w.res.Warnings = append(w.res.Warnings, wn)
	}
	var ve *registry.ValidationError
	var ce *registry.ConflictError
	var se *registry.StaleError
	switch {
	case errors.As(err, &se):
		*w.problems = append(*w.problems, registry.FieldError{Field: path + ".version", Value: se.Given, Message: se.Error()})
	case errors.As(err, &ve):
		for _, fe := range ve.Errors {
			fe.Field = strings.TrimSuffix(path+"."+fe.Field, ".")
			*w.problems = append(*w.problems, fe)
		}
	case errors.As(err, &ce):
		*w.problems = append(*w.problems, registry.FieldError{Field: path, Message: ce.Error()})
	case err != nil:
		w.err = fmt.Errorf("%s: %w", path, err)
	default:
		w.res.Counts[section]++
	}
}

// parentsFirst orders institutions so that a parent given in the document
// is written before its sub-institutions.
func parentsFirst(list []registry.Institution) ([]int, error) {
	index := map[int64]int{}
	for i, in := range list {
		if in.ID > 0 {
			index[in.ID] = i
		}
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := make([]int, len(list))
	order := make([]int, 0, len(list))
	var problems []registry.FieldError
	var visit func(i int)
	visit = func(i int) {
		switch state[i] {
		case done:
			return
		case visiting:
			problems = append(problems, registry.FieldError{Field: fmt.Sprintf("institutions[%d].parent_id", i), Value: list[i].ParentID,
				Message: "makes a cycle of parents; an institution cannot be above itself"})
			return
		}
		state[i] = visiting
		if p, ok := index[list[i].ParentID]; ok && list[i].ParentID != 0 {
			visit(p)
		}
		state[i] = done
		order = append(order, i)
	}
	for i := range list {
		visit(i)
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	return order, nil
}
