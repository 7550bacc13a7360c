// Package strictjson decodes JSON into Go values, refusing unknown fields
// and values of the wrong JSON type, and naming the path of each
// ("events[3].participants[0].person_id").
//
// encoding/json stops at the first unknown field and names it without its
// place in the document, and reports type errors without array indexes;
// an import report needs every problem with its path, so the document is
// first checked against the target type here.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// SyntaxError is malformed JSON, with where it went wrong.
type SyntaxError struct {
	Line, Column int
	Offset       int64
	Msg          string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("malformed JSON at line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// FieldError is a value at Path that does not fit the target type.
type FieldError struct {
	Path    string
	Message string
}

// FieldErrors are all the misfits found, in document order.
type FieldErrors []FieldError

func (e FieldErrors) Error() string {
	parts := make([]string, len(e))
	for i, fe := range e {
		parts[i] = fe.Path + ": " + fe.Message
	}
	return strings.Join(parts, "; ")
}

// Typer is implemented by types with their own UnmarshalJSON to say which
// JSON type they take: "string", "number", "object", "array" or "bool".
type Typer interface {
	JSONType() string
}

// MaxErrors bounds the field errors reported for one document.
const MaxErrors = 200

// Decode decodes data into v, a non-nil pointer. It returns a
// *SyntaxError, FieldErrors, or nil.
func Decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return syntaxError(data, err)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		off := end
		for off < int64(len(data)) && strings.IndexByte(" \t\r\n", data[off]) >= 0 {
			off++
		}
		return &SyntaxError{Offset: off, Line: lineOf(data, off), Column: columnOf(data, off), Msg: "unexpected data after the end of the JSON value"}
	}
	var errs FieldErrors
	check(&errs, "", generic, reflect.TypeOf(v).Elem())
	if len(errs) > 0 {
		return errs
	}
	if err := json.Unmarshal(data, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return FieldErrors{{Path: te.Field, Message: "expected " + describe(te.Type)}}
		}
		return FieldErrors{{Path: "", Message: err.Error()}}
	}
	return nil
}

func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := max(se.Offset-1, 0) // Offset counts the offending byte as read
		return &SyntaxError{Offset: off, Line: lineOf(data, off), Column: columnOf(data, off), Msg: strings.TrimPrefix(se.Error(), "json: ")}
	}
	if errors.Is(err, io.EOF) {
		return &SyntaxError{Line: 1, Column: 1, Msg: "the body is empty; expected a JSON object"}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		off := int64(len(data))
		return &SyntaxError{Offset: off, Line: lineOf(data, off), Column: columnOf(data, off), Msg: "unexpected end of input; the JSON value is incomplete"}
	}
	return &SyntaxError{Line: 1, Column: 1, Msg: err.Error()}
}

func lineOf(data []byte, off int64) int {
	off = min(off, int64(len(data)))
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func columnOf(data []byte, off int64) int {
	off = min(off, int64(len(data)))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return len([]rune(string(data[start:off]))) + 1
}

var (
	typerType       = reflect.TypeFor[Typer]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

func add(errs *FieldErrors, path, format string, args ...any) {
	if len(*errs) < MaxErrors {
		*errs = append(*errs, FieldError{Path: strings.TrimPrefix(path, "."), Message: fmt.Sprintf(format, args...)})
	}
}

// check walks value (as decoded into any) against t.
func check(errs *FieldErrors, path string, value any, t reflect.Type) {
	if value == nil {
		return // null leaves the field at its zero value, as encoding/json does
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(typerType) {
		want := reflect.New(t).Interface().(Typer).JSONType()
		if got := jsonType(value); got != want {
			add(errs, path, "is %s; expected %s", article(got), article(want))
		}
		return
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return // the type decodes itself
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := value.(map[string]any)
		if !ok {
			add(errs, path, "is %s; expected an object", article(jsonType(value)))
			return
		}
		fields := fieldsOf(t)
		for _, key := range sortedKeys(obj) {
			f, ok := fields[key]
			if !ok {
				add(errs, path+"."+key, "is not a known field")
				continue
			}
			check(errs, path+"."+key, obj[key], f)
		}
	case reflect.Map:
		obj, ok := value.(map[string]any)
		if !ok {
			add(errs, path, "is %s; expected an object", article(jsonType(value)))
			return
		}
		for _, key := range sortedKeys(obj) {
			check(errs, path+"."+key, obj[key], t.Elem())
		}
	case reflect.Slice, reflect.Array:
		arr, ok := value.([]any)
		if !ok {
			add(errs, path, "is %s; expected an array", article(jsonType(value)))
			return
		}
		for i, elem := range arr {
			check(errs, path+"["+strconv.Itoa(i)+"]", elem, t.Elem())
		}
	case reflect.String:
		if _, ok := value.(string); !ok {
			add(errs, path, "is %s; expected a string", article(jsonType(value)))
		}
	case reflect.Bool:
		if _, ok := value.(bool); !ok {
			add(errs, path, "is %s; expected true or false", article(jsonType(value)))
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := value.(json.Number)
		if !ok {
			add(errs, path, "is %s; expected a whole number", article(jsonType(value)))
			return
		}
		if _, err := strconv.ParseInt(n.String(), 10, t.Bits()); err != nil {
			add(errs, path, "is %s; expected a whole number that fits in %d bits", n, t.Bits())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := value.(json.Number)
		if !ok {
			add(errs, path, "is %s; expected a whole number", article(jsonType(value)))
			return
		}
		if _, err := strconv.ParseUint(n.String(), 10, t.Bits()); err != nil {
			add(errs, path, "is %s; expected a non-negative whole number", n)
		}
	case reflect.Float32, reflect.Float64:
		if _, ok := value.(json.Number); !ok {
			add(errs, path, "is %s; expected a number", article(jsonType(value)))
		}
	}
}

// fieldsOf maps the JSON names of t's fields (including promoted fields of
// embedded structs) to their types, as encoding/json names them.
func fieldsOf(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range fieldsOf(ft) {
					if _, shadowed := out[k]; !shadowed {
						out[k] = v
					}
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys) // for stable messages; an object's keys have no order
	return keys
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "value"
}

func article(kind string) string {
	switch kind {
	case "array", "object":
		return "an " + kind
	case "null":
		return "null"
	case "bool":
		return "true or false"
	}
	return "a " + kind
}

func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice:
		return "an array"
	}
	return t.String()
}
