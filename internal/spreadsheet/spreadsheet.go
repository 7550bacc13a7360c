package spreadsheet

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// MaxFile bounds a CSV file read by Import; MaxRows its rows.
const (
	MaxFile = 32 << 20
	MaxRows = 100000
)

// bom starts an exported file, so that spreadsheet programs read it as
// UTF-8; import skips it.
const bom = "\uFEFF"

// sheet is what import and export need of one record type.
type sheet struct {
	noun    string // "event"
	columns []column
	list    func(context.Context, *store.Reader, store.Filter) ([]any, *store.Cursor, error)
	get     func(context.Context, *store.Tx, int64) (any, error)
	create  func(context.Context, *store.Tx, []byte) (int64, []registry.FieldError, error)
	update  func(context.Context, *store.Tx, []byte) ([]registry.FieldError, error)
}

func newSheet[T any](noun string,
	list func(store.Reader, context.Context, store.Filter) (store.Page[T], error),
	get func(store.Reader, context.Context, int64) (*T, error),
	create, update func(*store.Tx, context.Context, *T) ([]registry.FieldError, error)) *sheet {
	decode := func(data []byte) (*T, error) {
		v := new(T)
		return v, json.Unmarshal(data, v)
	}
	return &sheet{
		noun:    noun,
		columns: columnsOf(reflect.TypeFor[T]()),
		list: func(ctx context.Context, r *store.Reader, f store.Filter) ([]any, *store.Cursor, error) {
			page, err := list(*r, ctx, f)
			out := make([]any, len(page.Items))
			for i := range page.Items {
				out[i] = &page.Items[i]
			}
			return out, page.Next, err
		},
		get: func(ctx context.Context, tx *store.Tx, id int64) (any, error) { return get(tx.Reader, ctx, id) },
		create: func(ctx context.Context, tx *store.Tx, data []byte) (int64, []registry.FieldError, error) {
			v, err := decode(data)
			if err != nil {
				return 0, nil, err
			}
			w, err := create(tx, ctx, v)
			return any(v).(interface{ GetMeta() *registry.Meta }).GetMeta().ID, w, err
		},
		update: func(ctx context.Context, tx *store.Tx, data []byte) ([]registry.FieldError, error) {
			v, err := decode(data)
			if err != nil {
				return nil, err
			}
			return update(tx, ctx, v)
		},
	}
}

// Types are the record types a sheet can hold, by their plural name.
var Types = map[string]*sheet{
	"institutions": newSheet("institution", store.Reader.Institutions, store.Reader.Institution, (*store.Tx).CreateInstitution, (*store.Tx).UpdateInstitution),
	"people":       newSheet("person", store.Reader.People, store.Reader.Person, (*store.Tx).CreatePerson, (*store.Tx).UpdatePerson),
	"programmes":   newSheet("programme", store.Reader.Programmes, store.Reader.Programme, (*store.Tx).CreateProgramme, (*store.Tx).UpdateProgramme),
	"partnerships": newSheet("partnership", store.Reader.Partnerships, store.Reader.Partnership, (*store.Tx).CreatePartnership, (*store.Tx).UpdatePartnership),
	"projects":     newSheet("project", store.Reader.Projects, store.Reader.Project, (*store.Tx).CreateProject, (*store.Tx).UpdateProject),
	"events":       newSheet("event", store.Reader.Events, store.Reader.Event, (*store.Tx).CreateEvent, (*store.Tx).UpdateEvent),
	"publications": newSheet("publication", store.Reader.Publications, store.Reader.Publication, (*store.Tx).CreatePublication, (*store.Tx).UpdatePublication),
}

// TypeNames lists the types in the order the registry document has them.
var TypeNames = []string{"institutions", "people", "programmes", "partnerships", "projects", "events", "publications"}

func lookup(typ string) (*sheet, error) {
	s, ok := Types[typ]
	if !ok {
		return nil, fmt.Errorf("%q is not a record type; expected one of %s", typ, strings.Join(TypeNames, ", "))
	}
	return s, nil
}

// Columns lists the header of a type's sheet.
func Columns(typ string) ([]string, error) {
	s, err := lookup(typ)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(s.columns))
	for i, c := range s.columns {
		out[i] = c.Name
	}
	return out, nil
}

// asMap is a record's JSON form, numbers kept exact.
func asMap(rec any) (map[string]any, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return m, dec.Decode(&m)
}

// Export writes every record of a type as CSV, from one snapshot, a page
// at a time. publishedOnly leaves drafts out.
func Export(ctx context.Context, st *store.Store, typ string, out io.Writer, publishedOnly bool) error {
	s, err := lookup(typ)
	if err != nil {
		return err
	}
	return st.View(ctx, func(r *store.Reader) error {
		bw := bufio.NewWriter(out)
		bw.WriteString(bom)
		w := csv.NewWriter(bw)
		header, _ := Columns(typ)
		if err := w.Write(header); err != nil {
			return err
		}
		f := store.Filter{Limit: store.MaxLimit, ByID: true}
		if publishedOnly {
			f.Status = registry.Published
		}
		row := make([]string, len(s.columns))
		for {
			items, next, err := s.list(ctx, r, f)
			if err != nil {
				return err
			}
			for _, it := range items {
				m, err := asMap(it)
				if err != nil {
					return err
				}
				for i, c := range s.columns {
					row[i] = c.cell(m)
				}
				if err := w.Write(row); err != nil {
					return err
				}
			}
			if next == nil {
				break
			}
			f.After = *next
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// Change is one cell an import changes (or, dry, would change).
type Change struct {
	Row    int    `json:"row"`
	ID     int64  `json:"id"`
	Slug   string `json:"slug"`
	Column string `json:"column"`
	Old    string `json:"old"`
	New    string `json:"new"`
}

// Result is what an import did or would do.
type Result struct {
	Type      string                `json:"type"`
	Rows      int                   `json:"rows"`
	Created   int                   `json:"created"`
	Updated   int                   `json:"updated"`
	Unchanged int                   `json:"unchanged"`
	Changes   []Change              `json:"changes"`
	Warnings  []registry.FieldError `json:"warnings,omitempty"`
}

// RowError is a cell, or a row, import refused.
type RowError struct {
	Row     int    `json:"row"`              // the line of the file, header is 1
	Column  string `json:"column,omitempty"` // "" for the whole row
	Value   string `json:"value,omitempty"`
	Message string `json:"message"`
}

func (e RowError) String() string {
	where := fmt.Sprintf("row %d", e.Row)
	if e.Column != "" {
		where += ", column " + e.Column
	}
	if e.Value != "" {
		return fmt.Sprintf("%s: %q %s", where, clip(e.Value), e.Message)
	}
	return where + ": " + e.Message
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		return string([]rune(s)[:57]) + "..."
	}
	return s
}

// Error is a file import refused: every problem, with row and column.
type Error struct {
	Problems []RowError
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = "  " + p.String()
	}
	return fmt.Sprintf("%d problem(s), nothing was imported:\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

// Import reads a CSV sheet of one record type. Each row names its record
// by id, or by slug when it has no id; a row with neither is a new
// record (a draft unless its status says otherwise). Only the columns
// the file has are changed; nothing is deleted. Every row is checked by
// the registry's rules in one transaction: all rows or, when any is
// refused, none. With dryRun nothing is written and the result lists
// what would change.
func Import(ctx context.Context, st *store.Store, typ string, in io.Reader, dryRun bool) (*Result, error) {
	s, err := lookup(typ)
	if err != nil {
		return nil, err
	}
	header, rows, err := readCSV(in)
	if err != nil {
		return nil, err
	}
	cols, err := s.header(header)
	if err != nil {
		return nil, err
	}
	res := &Result{Type: typ, Rows: len(rows)}
	var problems []RowError
	write := func(tx *store.Tx) error {
		for i, row := range rows {
			line := i + 2
			p, err := s.importRow(ctx, tx, cols, row, line, res)
			if err != nil {
				return err
			}
			problems = append(problems, p...)
		}
		if len(problems) > 0 {
			return &Error{Problems: problems}
		}
		return nil
	}
	if dryRun {
		err = st.DryRun(ctx, write)
	} else {
		err = st.Transact(ctx, write)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// readCSV reads the header and rows, refusing what is not a CSV of equal
// rows in UTF-8.
func readCSV(in io.Reader) ([]string, [][]string, error) {
	data, err := io.ReadAll(io.LimitReader(in, MaxFile+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > MaxFile {
		return nil, nil, &Error{Problems: []RowError{{Message: fmt.Sprintf("the file is larger than %d MiB", MaxFile>>20)}}}
	}
	data = bytes.TrimPrefix(data, []byte(bom))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		return nil, nil, &Error{Problems: []RowError{{Row: line, Message: "is not UTF-8 text; save the sheet as \"CSV UTF-8\""}}}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.ReuseRecord = false
	header, err := r.Read()
	if err == io.EOF {
		return nil, nil, &Error{Problems: []RowError{{Row: 1, Message: "the file is empty; expected a header row such as id,slug,title_en"}}}
	}
	if err != nil {
		return nil, nil, csvError(err)
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, csvError(err)
		}
		if len(rows) == MaxRows {
			return nil, nil, &Error{Problems: []RowError{{Row: MaxRows + 2, Message: fmt.Sprintf("more than %d rows; split the file", MaxRows)}}}
		}
		rows = append(rows, rec)
	}
	return header, rows, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "has a different number of cells than the header"
		}
		return &Error{Problems: []RowError{{Row: pe.StartLine, Message: msg}}}
	}
	return err
}

// header maps the file's columns to the sheet's, refusing unknown or
// repeated ones and a file that can name no record.
func (s *sheet) header(header []string) ([]*column, error) {
	var problems []RowError
	cols := make([]*column, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		j := slices.IndexFunc(s.columns, func(c column) bool { return c.Name == h })
		switch {
		case j < 0:
			names, _ := Columns(plural(s.noun))
			problems = append(problems, RowError{Row: 1, Column: h, Message: "is not a column of " + plural(s.noun) + "; expected some of " + strings.Join(names, ", ")})
		case seen[h]:
			problems = append(problems, RowError{Row: 1, Column: h, Message: "appears twice"})
		default:
			cols[i] = &s.columns[j]
		}
		seen[h] = true
	}
	if !seen["id"] && !seen["slug"] {
		problems = append(problems, RowError{Row: 1, Message: "has neither an id nor a slug column; rows are matched to records by one of them"})
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	return cols, nil
}

func plural(noun string) string {
	for _, t := range TypeNames {
		if Types[t].noun == noun {
			return t
		}
	}
	return noun
}

// importRow applies one row: it finds the record, sets the row's cells
// on it and saves it through the registry's checks.
func (s *sheet) importRow(ctx context.Context, tx *store.Tx, cols []*column, row []string, line int, res *Result) ([]RowError, error) {
	var problems []RowError
	cell := func(name string) (string, bool) {
		for i, c := range cols {
			if c.Name == name {
				return strings.TrimSpace(row[i]), true
			}
		}
		return "", false
	}
	// Which record.
	var id int64
	idText, _ := cell("id")
	slugText, _ := cell("slug")
	if idText != "" {
		n, err := strconv.ParseInt(idText, 10, 64)
		if err != nil || n <= 0 {
			return []RowError{{Row: line, Column: "id", Value: idText, Message: "is not a record id; expected a positive whole number, or nothing for a new record"}}, nil
		}
		id = n
	} else if slugText != "" {
		n, err := tx.IDBySlug(ctx, s.noun, slugText)
		if err != nil && !errors.Is(err, registry.ErrNotFound) {
			return nil, err
		}
		id = n
	}
	rec := map[string]any{}
	before := map[string]any{}
	if id != 0 {
		cur, err := s.get(ctx, tx, id)
		if errors.Is(err, registry.ErrNotFound) {
			return []RowError{{Row: line, Column: "id", Value: idText, Message: fmt.Sprintf("names no %s; leave id empty to add a new one", s.noun)}}, nil
		}
		if err != nil {
			return nil, err
		}
		if rec, err = asMap(cur); err != nil {
			return nil, err
		}
		before, _ = asMap(cur)
	}
	if id != 0 && sameCells(cols, row, before) {
		// Every cell is as the record would export it: nothing to save,
		// and nothing to check that the last save did not check.
		res.Unchanged++
		return nil, nil
	}
	for i, c := range cols {
		if c.Name == "id" {
			continue
		}
		if c.Name == "version" && strings.TrimSpace(row[i]) == "" {
			continue // no version: replace whatever is current
		}
		if err := c.set(rec, row[i]); err != nil {
			problems = append(problems, RowError{Row: line, Column: c.Name, Value: row[i], Message: err.Error()})
		}
	}
	if len(problems) > 0 {
		return problems, nil
	}
	if id != 0 {
		rec["id"] = id
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	var warnings []registry.FieldError
	newID := id
	if id == 0 {
		newID, warnings, err = s.create(ctx, tx, data)
	} else {
		warnings, err = s.update(ctx, tx, data)
	}
	var ve *registry.ValidationError
	var se *registry.StaleError
	var ce *registry.ConflictError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &ve):
		for _, fe := range ve.Errors {
			problems = append(problems, RowError{Row: line, Column: columnFor(cols, fe.Field), Value: valueText(fe.Value), Message: fieldMessage(fe)})
		}
		return problems, nil
	case errors.As(err, &se):
		return []RowError{{Row: line, Column: "version", Value: strconv.Itoa(se.Given), Message: se.Error()}}, nil
	case errors.As(err, &ce):
		return []RowError{{Row: line, Message: ce.Error()}}, nil
	case errors.As(err, &te):
		return []RowError{{Row: line, Column: columnFor(cols, te.Field), Message: fmt.Sprintf("holds a %s where %s is expected", te.Value, te.Type)}}, nil
	case err != nil:
		return nil, fmt.Errorf("row %d: %w", line, err)
	}
	for _, w := range warnings {
		w.Field = fmt.Sprintf("row %d, %s", line, columnFor(cols, w.Field))
		res.Warnings = append(res.Warnings, w)
	}
	// What changed, column by column, read back as stored.
	cur, err := s.get(ctx, tx, newID)
	if err != nil {
		return nil, err
	}
	after, err := asMap(cur)
	if err != nil {
		return nil, err
	}
	changed := false
	for _, c := range s.columns {
		if c.Name == "version" {
			continue
		}
		o, n := c.cell(before), c.cell(after)
		if o != n {
			changed = true
			res.Changes = append(res.Changes, Change{Row: line, ID: newID, Slug: c2s(after["slug"]), Column: c.Name, Old: o, New: n})
		}
	}
	switch {
	case id == 0:
		res.Created++
	case changed:
		res.Updated++
	default:
		res.Unchanged++
	}
	return nil, nil
}

func c2s(v any) string { s, _ := v.(string); return s }

// columnFor names the column a record field's error concerns:
// "title.az" is title_az, "participants[2].role" is participants.
func columnFor(cols []*column, field string) string {
	head := field
	if i := strings.IndexAny(head, "[."); i >= 0 {
		head = head[:i]
	}
	for _, c := range cols {
		if c == nil || c.Field != head {
			continue
		}
		if c.Kind != lang {
			return c.Name
		}
		if strings.HasPrefix(field, head+"."+c.Lang) {
			return c.Name
		}
	}
	for _, c := range cols {
		if c != nil && c.Field == head {
			return c.Name
		}
	}
	return field
}

func fieldMessage(fe registry.FieldError) string {
	head := fe.Field
	if i := strings.IndexAny(head, "[."); i >= 0 && strings.Contains(fe.Field, "[") {
		return fe.Field + " " + fe.Message
	}
	return fe.Message
}

func valueText(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// sameCells reports whether every cell of the row reads as the record's
// own export of that column.
func sameCells(cols []*column, row []string, rec map[string]any) bool {
	for i, c := range cols {
		if c.Name == "version" && strings.TrimSpace(row[i]) == "" {
			continue
		}
		if strings.TrimSpace(row[i]) != c.cell(rec) {
			return false
		}
	}
	return true
}
