package extract

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func seedText(tb testing.TB) string {
	b, err := os.ReadFile("../../../shared/seed/cooperation-with-the-eu.txt")
	if err != nil {
		if os.Getenv("LIAISON_REQUIRE_SHARED") != "" {
			tb.Fatalf("../shared is required here: %v", err)
		}
		tb.Skipf("the seed page is not beside this checkout: %v", err)
	}
	return string(b)
}

// Every span of every record points at text of the input that holds the
// value it gives (or, for countries and codes, the words they were read
// from).
func TestSpansPointIntoTheText(t *testing.T) {
	text := seedText(t)
	runes := []rune(text)
	doc := Extract(text)
	check := func(kind string, spans Spans, values map[string]string) {
		for field, sp := range spans {
			if sp[0] < 0 || sp[1] > len(runes) || sp[0] >= sp[1] {
				t.Errorf("%s %s: span %v outside the text", kind, field, sp)
				continue
			}
			got := string(runes[sp[0]:sp[1]])
			if v, ok := values[field]; ok && v != "" && !strings.Contains(strings.Join(strings.Fields(got), " "), v) {
				t.Errorf("%s %s = %q, but its span holds %q", kind, field, v, got)
			}
		}
	}
	for _, e := range doc.Events {
		check("event", e.Spans, map[string]string{"title": deref(e.Title), "city": deref(e.City)})
	}
	for _, p := range doc.People {
		check("person", p.Spans, map[string]string{"name": p.Name, "role": deref(p.Role)})
	}
	for _, p := range doc.Projects {
		check("project", p.Spans, map[string]string{"title": deref(p.Title), "reference": deref(p.Reference)})
	}
	for _, p := range doc.Publications {
		check("publication", p.Spans, map[string]string{"venue": deref(p.Venue), "title": deref(p.Title)})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// The same text gives the same records.
func TestDeterministic(t *testing.T) {
	text := seedText(t)
	a, b := Extract(text), Extract(text)
	if len(a.People) != len(b.People) || len(a.Events) != len(b.Events) {
		t.Fatal("two runs differ")
	}
	for i := range a.People {
		if a.People[i].Name != b.People[i].Name {
			t.Fatal("two runs differ")
		}
	}
}

// Inputs no prose has still end, with records or without.
func TestPathologicalInputs(t *testing.T) {
	for name, text := range map[string]string{
		"one long word":           strings.Repeat("a", 1<<20),
		"no punctuation":          strings.Repeat("Mr Ombudsman Seminar October 2011 Twinning Light Project ", 20000),
		"only quotes":             strings.Repeat("“", 100000),
		"only dashes and numbers": strings.Repeat("3-7 ", 100000),
		"honorifics":              strings.Repeat("Mr. Mrs. Dr. H.E. ", 50000),
		"invalid UTF-8":           "\xff\xfe On 28 October 2011 a seminar \xc3 took place.",
		"empty":                   "",
	} {
		doc := Extract(text)
		if doc == nil || doc.Events == nil || doc.People == nil {
			t.Errorf("%s: %+v", name, doc)
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("On 28 October 2011 within the EU-funded TAIEX project it has been organized a seminar “Strenghening”. Mr. Augustinas Normantas, the Seimas Ombudsman of Lithuania and his staff member Mr. Martynas Vasiliauskas participated.")
	f.Add("- 12-14 March 2018: workshop (TAIEX), Tbilisi\n- 29 November - 1 December 2017: study visit to Vienna")
	f.Add("The 18-month Twinning project GE 15 ENPI JH 02 17 “X” was implemented from March 2016 to August 2017 in cooperation with Germany.")
	f.Add("H.E. Peter Michalko, Ambassador, Head of the EU Delegation to Moldova, and Ambassador Jan van der Novak of the Czech Republic")
	f.Fuzz(func(t *testing.T, text string) {
		doc := Extract(text)
		n := utf8.RuneCountInString(text)
		for _, e := range doc.Events {
			for f, sp := range e.Spans {
				if sp[0] < 0 || sp[1] > n || sp[0] > sp[1] {
					t.Fatalf("event %s span %v outside %d runes", f, sp, n)
				}
			}
		}
		for _, p := range doc.People {
			if p.Name == "" {
				t.Fatal("a person without a name")
			}
		}
	})
}

// Throughput on prose: the seed page repeated to a megabyte.
func BenchmarkExtract(b *testing.B) {
	text := seedText(b)
	big := strings.Repeat(text+"\n\n", (1<<20)/len(text)+1)
	b.SetBytes(int64(len(big)))
	b.ReportAllocs()
	for b.Loop() {
		Extract(big)
	}
}

// Throughput on input that is not prose.
func BenchmarkPathological(b *testing.B) {
	for name, text := range map[string]string{
		"long-line":      strings.Repeat("word ", 1<<18),
		"no-punctuation": strings.Repeat("Mr Ombudsman Seminar October 2011 Twinning Light Project ", 20000),
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				Extract(text)
			}
		})
	}
}
