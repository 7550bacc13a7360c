package strictjson

import (
	"errors"
	"strings"
	"testing"
)

type inner struct {
	PersonID int64  `json:"person_id"`
	Role     string `json:"role"`
}

type base struct {
	ID   int64             `json:"id,omitempty"`
	Name map[string]string `json:"name"`
}

type record struct {
	base
	Kind   string  `json:"kind"`
	People []inner `json:"people"`
	Flag   bool    `json:"flag"`
	Skip   string  `json:"-"`
	Ptr    *inner  `json:"ptr"`
}

func TestDecodeAccepts(t *testing.T) {
	var r record
	err := Decode([]byte(`{"id": 3, "name": {"en": "x"}, "kind": "seminar", "people": [{"person_id": 1, "role": "speaker"}], "flag": true, "ptr": null}`), &r)
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != 3 || r.Name["en"] != "x" || len(r.People) != 1 || r.People[0].PersonID != 1 || !r.Flag {
		t.Fatalf("decoded %+v", r)
	}
}

func TestDecodeNamesEveryPath(t *testing.T) {
	var r record
	err := Decode([]byte(`{"id": "3", "Kind": "x", "name": {"en": 5}, "people": [{"person_id": 1}, {"person_id": 1.5, "persn": 2}], "flag": "yes", "ptr": {"role": []}, "Skip": "x"}`), &r)
	var fe FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want FieldErrors", err)
	}
	want := []string{
		"Kind: is not a known field",
		"Skip: is not a known field",
		"flag: is a string; expected true or false",
		"id: is a string; expected a whole number",
		"name.en: is a number; expected a string",
		"people[1].persn: is not a known field",
		"people[1].person_id: is 1.5; expected a whole number that fits in 64 bits",
		"ptr.role: is an array; expected a string",
	}
	if got := strings.Split(fe.Error(), "; "); strings.Join(got, "\n") != strings.Join(splitAll(want), "\n") {
		t.Fatalf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(splitAll(want), "\n"))
	}
}

func splitAll(list []string) []string {
	var out []string
	for _, s := range list {
		out = append(out, strings.Split(s, "; ")...)
	}
	return out
}

func TestDecodeSyntaxPosition(t *testing.T) {
	var r record
	cases := []struct {
		in         string
		line, col  int
		msgContain string
	}{
		{"{\n  \"kind\": \"x\",\n  \"flag\": tru\n}", 3, 14, "invalid character"},
		{"{\"kind\": \"x\"", 1, 13, "incomplete"},
		{"", 1, 1, "empty"},
		{"{} {}", 1, 4, "after the end"},
		{"[1,]", 1, 4, "invalid character"},
	}
	for _, c := range cases {
		err := Decode([]byte(c.in), &r)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Decode(%q) = %v, want a SyntaxError", c.in, err)
			continue
		}
		if se.Line != c.line || se.Column != c.col || !strings.Contains(se.Msg, c.msgContain) {
			t.Errorf("Decode(%q) = line %d col %d %q; want line %d col %d containing %q", c.in, se.Line, se.Column, se.Msg, c.line, c.col, c.msgContain)
		}
	}
}

func TestDecodeTopLevelType(t *testing.T) {
	var r record
	err := Decode([]byte(`[1]`), &r)
	var fe FieldErrors
	if !errors.As(err, &fe) || fe[0].Path != "" || !strings.Contains(fe[0].Message, "expected an object") {
		t.Fatalf("err = %v", err)
	}
}
