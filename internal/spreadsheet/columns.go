// Package spreadsheet moves one record type at a time in and out as CSV,
// for staff who edit in a spreadsheet. Export writes every field as
// columns; import matches rows to records by id (or slug), changes only
// the columns the file has, never deletes, and writes nothing when any
// row is refused.
package spreadsheet

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
)

// A column's kind says how its cell is written and read.
type columnKind int

const (
	scalar columnKind = iota // a string, number or date, as itself
	flag                     // true or false
	lang                     // one language of a Text field
	list                     // a list of strings or ids, joined by "; "
	nested                   // anything else, as JSON
)

// column is one column of a record type's sheet.
type column struct {
	Name  string // the header: "title_en", "participants"
	Field string // the JSON field it reads and writes: "title"
	Lang  string // for lang columns
	Kind  columnKind
	Int   bool // a number (scalar) or a list of ids (list)
}

var (
	textType = reflect.TypeOf(registry.Text{})
	dateType = reflect.TypeOf(registry.Date{})
)

// columnsOf lists a record type's columns from its JSON fields, in the
// order of the Go struct, so that a field added to a record is in its
// sheet without anyone remembering to add it here.
func columnsOf(t reflect.Type) []column {
	var out []column
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, columnsOf(f.Type)...)
			continue
		}
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		switch {
		case f.Type == textType:
			for _, l := range registry.Languages {
				out = append(out, column{Name: name + "_" + l, Field: name, Lang: l, Kind: lang})
			}
		case f.Type == dateType:
			out = append(out, column{Name: name, Field: name, Kind: scalar})
		case f.Type.Kind() == reflect.Bool:
			out = append(out, column{Name: name, Field: name, Kind: flag})
		case f.Type.Kind() == reflect.String:
			out = append(out, column{Name: name, Field: name, Kind: scalar})
		case f.Type.Kind() >= reflect.Int && f.Type.Kind() <= reflect.Int64:
			out = append(out, column{Name: name, Field: name, Kind: scalar, Int: true})
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String:
			out = append(out, column{Name: name, Field: name, Kind: list})
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Int64:
			out = append(out, column{Name: name, Field: name, Kind: list, Int: true})
		default:
			out = append(out, column{Name: name, Field: name, Kind: nested})
		}
	}
	return out
}

// Spreadsheet programs run a cell that begins with =, +, - or @ as a
// formula ("CSV injection"), so such text is written after an apostrophe,
// which they show as text and which import takes off again.
const formulaStarts = "=+-@\t\r"

func defuse(s string) string {
	if s != "" && strings.ContainsRune(formulaStarts, rune(s[0])) {
		return "'" + s
	}
	return s
}

func restore(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(formulaStarts, rune(s[1])) {
		return s[1:]
	}
	return s
}

// cell is a record's value for a column, as the sheet shows it.
func (c column) cell(rec map[string]any) string {
	s := c.raw(rec)
	if c.Kind == nested || c.Int || c.Kind == flag {
		return s
	}
	return defuse(s)
}

func (c column) raw(rec map[string]any) string {
	v, ok := rec[c.Field]
	if !ok || v == nil {
		return ""
	}
	switch c.Kind {
	case lang:
		m, _ := v.(map[string]any)
		s, _ := m[c.Lang].(string)
		return s
	case flag:
		if b, _ := v.(bool); b {
			return "true"
		}
		return "false"
	case list:
		items, _ := v.([]any)
		parts := make([]string, len(items))
		for i, it := range items {
			parts[i] = scalarText(it)
		}
		return strings.Join(parts, "; ")
	case nested:
		b, _ := json.Marshal(v)
		return string(b)
	}
	return scalarText(v)
}

func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// set writes a cell into a record's JSON form, or says what the cell
// should have held.
func (c column) set(rec map[string]any, text string) error {
	text = restore(strings.TrimSpace(text))
	switch c.Kind {
	case lang:
		m, _ := rec[c.Field].(map[string]any)
		if m == nil {
			m = map[string]any{}
		}
		if text == "" {
			delete(m, c.Lang)
		} else {
			m[c.Lang] = text
		}
		rec[c.Field] = m
	case flag:
		switch strings.ToLower(text) {
		case "true", "yes", "1":
			rec[c.Field] = true
		case "false", "no", "0", "":
			rec[c.Field] = false
		default:
			return fmt.Errorf("is not true or false")
		}
	case list:
		var items []any
		for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ';' || r == ',' }) {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			if c.Int {
				n, err := strconv.ParseInt(part, 10, 64)
				if err != nil {
					return fmt.Errorf("holds %q, which is not a record id; expected ids separated by semicolons, such as \"1; 3\"", part)
				}
				items = append(items, n)
			} else {
				items = append(items, part)
			}
		}
		rec[c.Field] = items
	case nested:
		if text == "" {
			delete(rec, c.Field)
			return nil
		}
		var v any
		dec := json.NewDecoder(strings.NewReader(text))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return fmt.Errorf("is not JSON (%v); expected it as the export wrote it, such as [{\"person_id\": 3, \"role\": \"speaker\"}]", err)
		}
		rec[c.Field] = v
	default:
		if c.Int {
			if text == "" {
				rec[c.Field] = 0
				return nil
			}
			n, err := strconv.ParseInt(text, 10, 64)
			if err != nil {
				return fmt.Errorf("is not a whole number")
			}
			rec[c.Field] = n
			return nil
		}
		rec[c.Field] = text
	}
	return nil
}
