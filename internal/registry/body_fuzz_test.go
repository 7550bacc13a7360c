package registry_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/strictjson"
)

// checked is a record type as a JSON API body is read: decoded strictly,
// then checked by the registry's rules (the store adds only the checks
// of references to other records).
type checked interface {
	Check(*registry.Report)
}

// bodyTypes are the API's record types, as the registry document names
// them.
var bodyTypes = []struct {
	name string
	new  func() checked
}{
	{"institutions", func() checked { return new(registry.Institution) }},
	{"people", func() checked { return new(registry.Person) }},
	{"programmes", func() checked { return new(registry.Programme) }},
	{"partnerships", func() checked { return new(registry.Partnership) }},
	{"projects", func() checked { return new(registry.Project) }},
	{"events", func() checked { return new(registry.Event) }},
	{"publications", func() checked { return new(registry.Publication) }},
}

// FuzzRecordBody reads arbitrary bodies as each record type, as POST and
// PUT do. Whatever the body: a syntax error with its line and column, or
// field errors each with a message, or a record the rules check without
// panicking, every error naming its field. Checking twice finds the same
// (Check normalizes first), and a record that passes comes back the same
// from its own JSON and passes again.
func FuzzRecordBody(f *testing.F) {
	// Real records: a few of each type from the demonstration registry.
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(demo.Seed, &doc); err != nil {
		f.Fatal(err)
	}
	for i, bt := range bodyTypes {
		var records []json.RawMessage
		if err := json.Unmarshal(doc[bt.name], &records); err != nil {
			f.Fatalf("%s: %v", bt.name, err)
		}
		for _, rec := range records[:min(3, len(records))] {
			f.Add(uint8(i), []byte(rec))
		}
		for _, s := range []string{
			``, `[]`, `null`, `{}`, `{"id": -1}`, `{"id": 1e400}`, `{"id": "1"}`,
			`{"status": "published", "slug": "A B", "name": {"xx": "y"}}`,
			`{"start": "2011-02-30", "end": "2010", "title": {"en": " "}}`,
			`{"budget": {"amount": "1e9999", "currency": "eur"}, "reference": "GE 16 ENI ST 06 18"}`,
			`{"participants": [{"person_id": 0}, null], "components": [{"number": -3}]}`,
			`{"name": {"en": "a\u0000b\ud800"}}`,
			`{"a": 1, "a": 2}`, `{"id": 1} {"id": 2}`, `{"id": 1,}`,
		} {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, typeIndex uint8, body []byte) {
		bt := bodyTypes[int(typeIndex)%len(bodyTypes)]
		rec := bt.new()
		err := strictjson.Decode(body, rec)
		var syntax *strictjson.SyntaxError
		var fields strictjson.FieldErrors
		switch {
		case err == nil:
		case errors.As(err, &syntax):
			if syntax.Line < 1 || syntax.Column < 1 || syntax.Msg == "" {
				t.Fatalf("%s: a syntax error without its place or message: %+v", bt.name, syntax)
			}
			return
		case errors.As(err, &fields):
			if len(fields) == 0 || len(fields) > strictjson.MaxErrors {
				t.Fatalf("%s: %d field errors", bt.name, len(fields))
			}
			for _, fe := range fields {
				if fe.Message == "" {
					t.Fatalf("%s: a field error without a message: %+v", bt.name, fe)
				}
			}
			return
		default:
			t.Fatalf("%s: unexpected error type %T: %v", bt.name, err, err)
		}

		first := check(t, bt.name, rec)
		if second := check(t, bt.name, rec); !sameErrors(first, second) {
			t.Fatalf("%s: checking again found other errors:\n%v\n%v", bt.name, first, second)
		}
		if len(first) > 0 {
			return
		}
		out, err := json.Marshal(rec)
		if err != nil {
			t.Fatalf("%s: a valid record does not marshal: %v", bt.name, err)
		}
		again := bt.new()
		if err := strictjson.Decode(out, again); err != nil {
			t.Fatalf("%s: a valid record's JSON %s is refused: %v", bt.name, out, err)
		}
		if errs := check(t, bt.name, again); len(errs) > 0 {
			t.Fatalf("%s: a valid record's JSON %s is invalid: %v", bt.name, out, errs)
		}
		if out2, _ := json.Marshal(again); !bytes.Equal(out, out2) {
			t.Fatalf("%s: a valid record does not round-trip:\n%s\n%s", bt.name, out, out2)
		}
	})
}

// check runs the record's rules and requires every error to name its
// field and say what is wrong.
func check(t *testing.T, name string, rec checked) []registry.FieldError {
	r := registry.NewReport()
	rec.Check(r)
	for _, fe := range append(append([]registry.FieldError{}, *r.Errors...), *r.Warnings...) {
		if fe.Field == "" || fe.Message == "" {
			t.Fatalf("%s: an error without a field or a message: %+v", name, fe)
		}
	}
	return *r.Errors
}

func sameErrors(a, b []registry.FieldError) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}
