package registry

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		in        string
		precision Precision
		first     string
		last      string
	}{
		{"", Unknown, "", ""},
		{"2011", YearOnly, "2011-01-01", "2011-12-31"},
		{"2011-10", MonthOnly, "2011-10-01", "2011-10-31"},
		{"2011-10-28", Day, "2011-10-28", "2011-10-28"},
		{"2016-02", MonthOnly, "2016-02-01", "2016-02-29"},
		{"2015-02", MonthOnly, "2015-02-01", "2015-02-28"},
		{"2000-02-29", Day, "2000-02-29", "2000-02-29"},
	}
	for _, c := range cases {
		d, err := ParseDate(c.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", c.in, err)
			continue
		}
		if d.Precision() != c.precision || d.String() != c.in {
			t.Errorf("ParseDate(%q) = %q precision %v, want precision %v", c.in, d, d.Precision(), c.precision)
		}
		if c.first != "" {
			if got := d.First().Format(time.DateOnly); got != c.first {
				t.Errorf("%q First = %s, want %s", c.in, got, c.first)
			}
			if got := d.Last().Format(time.DateOnly); got != c.last {
				t.Errorf("%q Last = %s, want %s", c.in, got, c.last)
			}
		}
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, in := range []string{
		"11", "0999", "2011-13", "2011-00", "2011-1", "2011-10-32", "2011-02-29", "1900-02-29",
		"2011/10/28", "28.10.2011", "28 October 2011", " 2011", "2011 ", "2011-10-28T00:00", "２０１１", "201a", "2011-",
	} {
		_, err := ParseDate(in)
		if err == nil {
			t.Errorf("ParseDate(%q) accepted", in)
			continue
		}
		if !strings.Contains(err.Error(), "YYYY-MM-DD") || !strings.Contains(err.Error(), in) {
			t.Errorf("ParseDate(%q) error %q should quote the input and the expected form", in, err)
		}
	}
}

func TestOrdered(t *testing.T) {
	d := func(s string) Date {
		x, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	cases := []struct {
		start, end string
		want       bool
	}{
		{"2016-10-03", "2016-10-07", true},
		{"2016-10-07", "2016-10-03", false},
		{"2016-10-03", "2016-10-03", true},
		{"2011-10-28", "2011-10", true}, // the end month contains the start
		{"2011-11", "2011-10-28", false},
		{"2011", "2011-05", true},
		{"2012", "2011-05", false},
		{"2011", "", true},
		{"", "2011", true},
	}
	for _, c := range cases {
		if got := Ordered(d(c.start), d(c.end)); got != c.want {
			t.Errorf("Ordered(%q, %q) = %v, want %v", c.start, c.end, got, c.want)
		}
	}
}

func TestDateJSON(t *testing.T) {
	var v struct {
		A Date `json:"a"`
		B Date `json:"b,omitzero"`
		C Date `json:"c"`
	}
	if err := json.Unmarshal([]byte(`{"a":"2011-10","c":"2011-13"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A.String() != "2011-10" || !v.B.IsZero() {
		t.Fatalf("decoded %+v", v)
	}
	if v.C.Valid() || v.C.String() != "2011-13" {
		t.Fatalf("an invalid date must keep its text for the error: %+v", v.C)
	}
	v.C = Date{}
	out, _ := json.Marshal(v)
	if string(out) != `{"a":"2011-10","c":null}` {
		t.Fatalf("encoded %s", out)
	}
	if err := json.Unmarshal([]byte(`{"a":2011}`), &v); err == nil {
		t.Fatal("a number accepted as a date")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2011", "2011-10", "2011-10-28", "2000-02-29", "2011-13", "", "9999-12-31", "1000-01-01", "2011-10-2x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !strings.Contains(err.Error(), "expected") {
				t.Fatalf("error does not say what is expected: %v", err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d)
		}
		if s != "" && d.First().After(d.Last()) {
			t.Fatalf("%q: First %v after Last %v", s, d.First(), d.Last())
		}
		if s != "" {
			if got := DateOf(d.First()); got.String() != d.First().Format(time.DateOnly) {
				t.Fatalf("DateOf(First) = %v", got)
			}
		}
	})
}
