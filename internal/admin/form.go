package admin

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/strictjson"
)

// Forms name their inputs by the JSON path of the field they edit:
// "title.en", "participants[2].person_id", "components[0].results[1].title.az".
// Validation errors carry the same paths, so every error is shown next to
// the input it concerns. A list row whose inputs are all empty, or whose
// "_remove" box is ticked, is left out.

// decodeForm fills rec (a pointer to a record) from form values. It
// returns errors for values that are not of the field's type, and a map
// from the paths of the decoded record to the form's own names (rows
// shift when empty or removed rows are left out).
func decodeForm(values url.Values, rec any) ([]registry.FieldError, map[string]string) {
	d := &formDecoder{values: values, renames: map[string]string{}}
	tree, _ := d.build(reflect.TypeOf(rec).Elem(), "", "")
	b, err := json.Marshal(tree)
	if err == nil {
		err = json.Unmarshal(b, rec)
	}
	if err != nil {
		d.errs = append(d.errs, registry.FieldError{Message: "could not be read: " + err.Error()})
	}
	return d.errs, d.renames
}

type formDecoder struct {
	values  url.Values
	errs    []registry.FieldError
	renames map[string]string // decoded path -> form path, for list rows
}

var (
	typerType = reflect.TypeFor[strictjson.Typer]()
	splitter  = regexp.MustCompile(`[,;\s]+`)
)

func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// build returns the JSON value for the field of type t at form path
// (decoded path out), and whether the form gave it anything.
func (d *formDecoder) build(t reflect.Type, path, out string) (any, bool) {
	if reflect.PointerTo(t).Implements(typerType) {
		v := strings.TrimSpace(d.values.Get(path))
		return v, v != ""
	}
	switch t.Kind() {
	case reflect.Pointer:
		return d.build(t.Elem(), path, out)
	case reflect.Struct:
		obj := map[string]any{}
		for name, ft := range jsonFields(t) {
			if v, ok := d.build(ft, joinPath(path, name), joinPath(out, name)); ok {
				obj[name] = v
			}
		}
		return obj, len(obj) > 0
	case reflect.Map:
		obj := map[string]any{}
		for key, vals := range d.values {
			lang, ok := strings.CutPrefix(key, path+".")
			if !ok || strings.ContainsAny(lang, ".[") || len(vals) == 0 {
				continue
			}
			if v := strings.TrimSpace(vals[0]); v != "" {
				obj[lang] = v
			}
		}
		return obj, len(obj) > 0
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			var list []any
			for _, i := range d.rowIndexes(path) {
				row := fmt.Sprintf("%s[%d]", path, i)
				if d.values.Get(row+"._remove") != "" {
					continue
				}
				outRow := fmt.Sprintf("%s[%d]", out, len(list))
				if v, ok := d.build(t.Elem(), row, outRow); ok {
					d.renames[outRow] = row
					list = append(list, v)
				}
			}
			return list, len(list) > 0
		}
		var list []any
		for _, raw := range d.values[path] {
			for _, s := range splitter.Split(strings.TrimSpace(raw), -1) {
				if s == "" {
					continue
				}
				if v, ok := d.scalar(t.Elem(), path, s); ok {
					list = append(list, v)
				}
			}
		}
		return list, len(list) > 0
	}
	s := d.values.Get(path)
	if strings.TrimSpace(s) == "" {
		return nil, false
	}
	return d.scalar(t, path, s)
}

func (d *formDecoder) scalar(t reflect.Type, path, s string) (any, bool) {
	switch t.Kind() {
	case reflect.String:
		return s, true
	case reflect.Bool:
		return s == "on" || s == "true" || s == "1", true
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			d.errs = append(d.errs, registry.FieldError{Field: path, Value: s, Message: "is not a whole number"})
			return nil, false
		}
		return n, true
	}
	return s, true
}

// rowIndexes lists the row numbers the form has under path, in order.
func (d *formDecoder) rowIndexes(path string) []int {
	seen := map[int]bool{}
	for key := range d.values {
		rest, ok := strings.CutPrefix(key, path+"[")
		if !ok {
			continue
		}
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			continue
		}
		if n, err := strconv.Atoi(rest[:end]); err == nil && n >= 0 && n < 10000 {
			seen[n] = true
		}
	}
	out := make([]int, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// jsonFields maps a struct's JSON field names to their types, flattening
// embedded structs (Meta) as encoding/json does.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if f.IsExported() && name != "" {
			out[name] = f.Type
		}
	}
	return out
}

// encodeForm gives a record's fields as form values, by the same paths.
func encodeForm(rec any) url.Values {
	values := url.Values{}
	b, err := json.Marshal(rec)
	if err != nil {
		return values
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var tree any
	if dec.Decode(&tree) != nil {
		return values
	}
	flatten(values, "", tree)
	return values
}

func flatten(values url.Values, path string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			flatten(values, joinPath(path, k), x)
		}
	case []any:
		for i, x := range v {
			switch x.(type) {
			case map[string]any:
				flatten(values, fmt.Sprintf("%s[%d]", path, i), x)
			default:
				values.Add(path, fmt.Sprint(x))
			}
		}
	case nil:
	case bool:
		if v {
			values.Set(path, "on")
		}
	default:
		values.Set(path, fmt.Sprint(v))
	}
}

// Form is a form being shown: the values to fill in and the errors to
// show beside them.
type Form struct {
	Values url.Values
	Errors map[string][]string
	// Extra is how many empty rows each list shows for adding to it.
	Extra int
}

func newForm(values url.Values) *Form {
	return &Form{Values: values, Errors: map[string][]string{}, Extra: 1}
}

// addErrors files errors under their form paths, translating the decoded
// record's row numbers back to the form's.
func (f *Form) addErrors(errs []registry.FieldError, renames map[string]string) {
	for _, e := range errs {
		path := e.Field
		// The longest decoded row prefix names the form's row.
		best := ""
		for decoded := range renames {
			if (path == decoded || strings.HasPrefix(path, decoded+".") || strings.HasPrefix(path, decoded+"[")) && len(decoded) > len(best) {
				best = decoded
			}
		}
		if best != "" {
			path = renames[best] + path[len(best):]
		}
		msg := e.Message
		if e.Value != nil {
			msg = fmt.Sprintf("%v %s", formatValue(e.Value), e.Message)
		}
		f.Errors[path] = append(f.Errors[path], msg)
	}
}

func formatValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

// Get is the value of an input.
func (f *Form) Get(name string) string { return f.Values.Get(name) }

// All is every value of an input (a multiple select, checkboxes).
func (f *Form) All(name string) []string { return f.Values[name] }

// Joined is every value of an input, comma-separated for one text box.
func (f *Form) Joined(name string) string { return strings.Join(f.Values[name], ", ") }

// Has reports whether value is among an input's values.
func (f *Form) Has(name, value string) bool { return slices.Contains(f.Values[name], value) }

// Err is the error to show beside an input.
func (f *Form) Err(name string) string { return strings.Join(f.Errors[name], "; ") }

// ErrUnder reports whether any input under path has an error, so that a
// folded part of the form opens on it.
func (f *Form) ErrUnder(path string) bool {
	for p := range f.Errors {
		if p == path || strings.HasPrefix(p, path+".") || strings.HasPrefix(p, path+"[") {
			return true
		}
	}
	return false
}

// HasErrors reports whether the form has any error.
func (f *Form) HasErrors() bool { return len(f.Errors) > 0 }

// ErrorList is every error, for the summary above the form, in a stable
// order.
func (f *Form) ErrorList() []formError {
	out := make([]formError, 0, len(f.Errors))
	for path, msgs := range f.Errors {
		out = append(out, formError{Field: path, Message: strings.Join(msgs, "; ")})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

type formError struct{ Field, Message string }

// Rows is the row numbers a list shows: those it has, then empty ones.
func (f *Form) Rows(path string) []int {
	d := &formDecoder{values: f.Values}
	rows := d.rowIndexes(path)
	next := 0
	if len(rows) > 0 {
		next = rows[len(rows)-1] + 1
	}
	for i := 0; i < f.Extra; i++ {
		rows = append(rows, next+i)
	}
	return rows
}

// ExistingRows is the row numbers a list has, without empty ones.
func (f *Form) ExistingRows(path string) []int {
	d := &formDecoder{values: f.Values}
	return d.rowIndexes(path)
}
