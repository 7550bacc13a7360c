package eval

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/extract"
)

func s(v string) *string { return &v }
func n(v int) *int       { return &v }

// doc decodes a document written as JSON, as gold files and the
// extractor's output are.
func doc(t *testing.T, js string) *extract.Document {
	t.Helper()
	var d extract.Document
	if err := json.Unmarshal([]byte(js), &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

const goldJSON = `{
  "events": [
    {"kind": "seminar", "title": "Strengthening the Capacities", "start": "2011-10-28", "end": null, "country": null, "city": null, "instrument": "TAIEX"},
    {"kind": "study_visit", "title": null, "start": "2016-10-03", "end": "2016-10-07", "country": "GR", "city": null, "instrument": "Twinning"}
  ],
  "people": [
    {"name": "Augustinas Normantas", "role": "Seimas Ombudsman", "organization": "Seimas Ombudsman", "country": "LT"},
    {"name": "Adriana Stehouwer", "role": "Deputy Ombudsman", "organization": "National Ombudsman", "country": "NL"}
  ],
  "projects": [
    {"instrument": "Twinning Light", "title": "Support to the Ombudsman", "reference": "AZ09/ENP-PCA/JH/09", "duration_months": 6, "start": "2011", "end": null, "partner_countries": []},
    {"instrument": "Twinning", "title": "Support to the Commissioner (Ombudsman)", "reference": null, "duration_months": 24, "start": null, "end": null, "partner_countries": ["DE", "PL"]}
  ],
  "publications": [
    {"venue": "European Ombudsmen", "count": 10, "title": null}
  ]
}`

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func wantCounts(t *testing.T, what string, got Counts, tp, fp, fn int) {
	t.Helper()
	if got != (Counts{tp, fp, fn}) {
		t.Errorf("%s: %+v, want tp %d fp %d fn %d", what, got, tp, fp, fn)
	}
}

func wantValue(t *testing.T, what string, v float64, ok bool, want float64) {
	t.Helper()
	if !ok || !near(v, want) {
		t.Errorf("%s = %v (defined %v), want %v", what, v, ok, want)
	}
}

func TestPerfect(t *testing.T) {
	gold := doc(t, goldJSON)
	// The same records, written differently: case, white space,
	// diacritics, quotes around titles, order of partner countries, and
	// the records in another order.
	pred := doc(t, `{
  "events": [
    {"kind": "study_visit", "start": "2016-10-03", "end": "2016-10-07", "country": "gr", "instrument": "twinning"},
    {"kind": "Seminar", "title": "“Strengthening  the Capacities”.", "start": "2011-10-28", "instrument": "TAIEX"}
  ],
  "people": [
    {"name": "Adriána  Stehouwer", "role": "deputy ombudsman", "organization": "National Ombudsman", "country": "NL"},
    {"name": "AUGUSTINAS NORMANTAS", "role": "Seimas Ombudsman", "organization": " Seimas  Ombudsman ", "country": "LT"}
  ],
  "projects": [
    {"instrument": "Twinning", "title": "\"Support to the Commissioner (Ombudsman)\"", "duration_months": 24, "partner_countries": ["PL", "DE", "PL"]},
    {"instrument": "Twinning Light", "title": "Support to the Ombudsman", "reference": "az09/enp-pca/jh/09", "duration_months": 6, "start": "2011", "partner_countries": null}
  ],
  "publications": [{"venue": "european ombudsmen", "count": 10}]
}`)
	for name, p := range map[string]*extract.Document{"itself": gold, "rewritten": pred} {
		r := Aggregate([]*FileResult{Score("f", gold, p)})
		for _, ts := range r.Types {
			f1, ok := ts.F1()
			if !ok || f1 != 1 || ts.FP+ts.FN != 0 {
				t.Errorf("%s: %s: %+v", name, ts.Type, ts.Counts)
			}
			if acc := ts.FieldAccuracy(); acc.Correct != acc.Total || acc.Total == 0 {
				t.Errorf("%s: %s fields %+v", name, ts.Type, acc)
			}
		}
		m := r.Micro()
		wantCounts(t, name+" micro", m, 7, 0, 0)
		f1, ok := m.F1()
		wantValue(t, name+" micro F1", f1, ok, 1)
		// Scored fields: events 5+5, people 3+3, projects 6 (by
		// reference) + 5 (by instrument and title), publications 2.
		if a := r.FieldAccuracy(); a != (Ratio{29, 29}) {
			t.Errorf("%s: field accuracy %+v", name, a)
		}
		if f := r.Files[0]; len(f.Misses)+len(f.FalseAlarms)+len(f.WrongFields) != 0 {
			t.Errorf("%s: %+v", name, f)
		}
	}
}

func TestEmptyPrediction(t *testing.T) {
	gold := doc(t, goldJSON)
	for _, pred := range []*extract.Document{nil, {}, extract.Extract("")} {
		r := Aggregate([]*FileResult{Score("f", gold, pred)})
		m := r.Micro()
		wantCounts(t, "micro", m, 0, 0, 7)
		if _, ok := m.Precision(); ok {
			t.Error("precision of nothing predicted is defined")
		}
		rec, ok := m.Recall()
		wantValue(t, "recall", rec, ok, 0)
		f1, ok := m.F1()
		wantValue(t, "F1", f1, ok, 0)
		if a := r.FieldAccuracy(); a != (Ratio{}) {
			t.Errorf("field accuracy %+v", a)
		}
		if _, ok := r.FieldAccuracy().Value(); ok {
			t.Error("field accuracy without matches is defined")
		}
		if len(r.Files[0].Misses) != 7 {
			t.Errorf("misses %v", r.Files[0].Misses)
		}
	}
	// Nothing to find and nothing found: undefined, not 0 or 1.
	m := Score("f", &extract.Document{}, &extract.Document{}).Types[0].Counts
	if _, ok := m.F1(); ok {
		t.Error("F1 of no records is defined")
	}
	// Predictions where the gold has none: precision 0, recall undefined.
	c := Score("f", &extract.Document{}, gold).Types[1].Counts
	wantCounts(t, "people", c, 0, 2, 0)
	p, ok := c.Precision()
	wantValue(t, "precision", p, ok, 0)
	f1, ok := c.F1()
	wantValue(t, "F1", f1, ok, 0)
	if _, ok := c.Recall(); ok {
		t.Error("recall of no gold records is defined")
	}
}

func TestDuplicatePredictions(t *testing.T) {
	gold := doc(t, `{"people": [{"name": "Adriana Stehouwer", "role": "Deputy Ombudsman", "organization": null, "country": "NL"}]}`)
	// Twice the same person: the one agreeing on more fields is the
	// match, wherever it stands; the other is a false alarm.
	pred := doc(t, `{"people": [
  {"name": "Adriana Stehouwer", "role": "Ombudsman", "country": "NL"},
  {"name": "adriana stehouwer", "role": "Deputy Ombudsman", "country": "NL"}]}`)
	f := Score("f", gold, pred)
	ts := f.Types[1]
	wantCounts(t, "people", ts.Counts, 1, 1, 0)
	p, ok := ts.Precision()
	wantValue(t, "precision", p, ok, 0.5)
	rc, ok := ts.Recall()
	wantValue(t, "recall", rc, ok, 1)
	f1, ok := ts.F1()
	wantValue(t, "F1", f1, ok, 2.0/3)
	if a := ts.FieldAccuracy(); a != (Ratio{3, 3}) {
		t.Errorf("fields %+v", a)
	}
	if want := []Record{{"people", "Adriana Stehouwer"}}; !reflect.DeepEqual(f.FalseAlarms, want) {
		t.Errorf("false alarms %v", f.FalseAlarms)
	}

	// Two gold records of one key (two meetings on one day): each
	// prediction with a city matches the gold record of its city; the
	// third prediction is a false alarm.
	gold = doc(t, `{"events": [{"kind": "meeting", "start": "2015-03-02", "city": "Baku"}, {"kind": "meeting", "start": "2015-03-02", "city": "Ganja"}]}`)
	pred = doc(t, `{"events": [{"kind": "meeting", "start": "2015-03-02", "city": "Ganja"}, {"kind": "meeting", "start": "2015-03-02", "city": "Baku"}, {"kind": "meeting", "start": "2015-03-02"}]}`)
	f = Score("f", gold, pred)
	wantCounts(t, "events", f.Types[0].Counts, 2, 1, 0)
	if a := f.Types[0].FieldAccuracy(); a != (Ratio{10, 10}) {
		t.Errorf("fields %+v: %+v", a, f.WrongFields)
	}
}

func TestDiacritics(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"Šarūnas Jasikevičius", "sarunas  jasikevicius"},
		{"İlham Əliyev", "ilham əliyev"},
		{"Ñuño Gómez\u00A0Pérez", "NUNO GOMEZ PEREZ"},
		{"Jose\u0301", "José"}, // decomposed and composed
		{"Straße", "STRASSE"},  // case folding, not only lower case
	} {
		if Norm(c.a) != Norm(c.b) {
			t.Errorf("Norm(%q) = %q, Norm(%q) = %q", c.a, Norm(c.a), c.b, Norm(c.b))
		}
	}
	for _, c := range []struct{ a, b string }{
		{"Łukasz", "Lukasz"}, // ł is a letter of its own, not l with a mark
		{"Jean-Pierre", "Jean Pierre"},
	} {
		if Norm(c.a) == Norm(c.b) {
			t.Errorf("Norm(%q) = Norm(%q)", c.a, c.b)
		}
	}
	gold := doc(t, `{"people": [{"name": "Martynas Vasiliauskas", "organization": "Seimo kontrolierių įstaiga"}]}`)
	pred := doc(t, `{"people": [{"name": "MARTYNAS VASILIAUSKAS", "organization": "Seimo kontrolieriu istaiga"}]}`)
	f := Score("f", gold, pred)
	wantCounts(t, "people", f.Types[1].Counts, 1, 0, 0)
	if a := f.Types[1].FieldAccuracy(); a != (Ratio{3, 3}) {
		t.Errorf("fields %+v %v", a, f.WrongFields)
	}
}

func TestTitles(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"“Strenghening the Capacities”", "Strenghening the Capacities"},
		{"«Support to the Ombudsman».", "Support to the Ombudsman"},
		{"(Support to the Ombudsman)", "Support to the Ombudsman"},
		{"– \"Strengthening the activity\" –", "strengthening the activity"},
		{"People's Advocate", "Peoples Advocate"},
	} {
		if NormTitle(c.a) != NormTitle(c.b) {
			t.Errorf("NormTitle(%q) = %q, NormTitle(%q) = %q", c.a, NormTitle(c.a), c.b, NormTitle(c.b))
		}
	}
	if NormTitle("Support to A (B)") == NormTitle("Support to A B") {
		t.Error("a parenthesis inside a title was dropped")
	}
}

// TestHandScored: a prediction whose every figure is counted by hand.
func TestHandScored(t *testing.T) {
	gold := doc(t, goldJSON)
	pred := doc(t, `{
  "events": [
    {"kind": "seminar", "title": "“Strengthening the Capacities”.", "start": "2011-10-28", "instrument": "TAIEX"},
    {"kind": "study_visit", "start": "2016-10", "end": null, "country": "GR", "instrument": "Twinning"}
  ],
  "people": [
    {"name": "augustinas normantas", "role": "Seimas Ombudsman", "organization": null, "country": "lt"},
    {"name": "Jean Pierre Fontaine", "role": "Former Delegate", "country": "FR"}
  ],
  "projects": [
    {"instrument": "Twinning", "title": "Support to the Ombudsman", "reference": "az09/enp-pca/jh/09", "duration_months": 6, "start": "2011"},
    {"instrument": "twinning", "title": "“Support to the Commissioner (Ombudsman)”", "duration_months": 24, "partner_countries": ["PL", "DE", "DE"]}
  ],
  "publications": []
}`)
	// events:       seminar matched (5/5 fields right); the study visit's
	//               start differs: a miss and a false alarm.
	// people:       Normantas matched, organization wrong (2/3); Fontaine
	//               a false alarm; Stehouwer missed.
	// projects:     by reference, instrument wrong (5/6); by instrument
	//               and title (5/5: reference null as gold).
	// publications: one missed.
	r := Aggregate([]*FileResult{Score("hand.json", gold, pred)})
	want := map[string][5]int{ // tp fp fn correct total
		"events": {1, 1, 1, 5, 5}, "people": {1, 1, 1, 2, 3}, "projects": {2, 0, 0, 10, 11}, "publications": {0, 0, 1, 0, 0},
	}
	for _, ts := range r.Types {
		w := want[ts.Type]
		wantCounts(t, ts.Type, ts.Counts, w[0], w[1], w[2])
		if a := ts.FieldAccuracy(); a != (Ratio{w[3], w[4]}) {
			t.Errorf("%s fields %+v, want %d/%d", ts.Type, a, w[3], w[4])
		}
	}
	m := r.Micro()
	wantCounts(t, "micro", m, 4, 2, 3)
	p, ok := m.Precision()
	wantValue(t, "micro precision", p, ok, 4.0/6)
	rc, ok := m.Recall()
	wantValue(t, "micro recall", rc, ok, 4.0/7)
	f1, ok := m.F1()
	wantValue(t, "micro F1", f1, ok, 8.0/13)
	if a := r.FieldAccuracy(); a != (Ratio{17, 19}) {
		t.Errorf("field accuracy %+v", a)
	}
	// Per field: the project instrument is scored once (the other project
	// is keyed by it), the reference once (the one keyed by it is not).
	projects := r.Types[2].Fields
	wantField := map[string]Ratio{"instrument": {0, 1}, "title": {1, 1}, "reference": {1, 1}, "duration_months": {2, 2}, "partner_countries": {2, 2}}
	for _, f := range projects {
		if w, ok := wantField[f.Field]; ok && f.Ratio != w {
			t.Errorf("projects.%s %+v, want %+v", f.Field, f.Ratio, w)
		}
	}
	if r.Types[1].Fields[0].Field != "role" {
		t.Errorf("a key field is among the scored: %+v", r.Types[1].Fields)
	}

	f := r.Files[0]
	wantMisses := []Record{{"events", "study_visit 2016-10-03"}, {"people", "Adriana Stehouwer"}, {"publications", "European Ombudsmen"}}
	if !reflect.DeepEqual(f.Misses, wantMisses) {
		t.Errorf("misses %v", f.Misses)
	}
	wantAlarms := []Record{{"events", "study_visit 2016-10"}, {"people", "Jean Pierre Fontaine"}}
	if !reflect.DeepEqual(f.FalseAlarms, wantAlarms) {
		t.Errorf("false alarms %v", f.FalseAlarms)
	}
	wantWrong := []WrongField{
		{"people", "Augustinas Normantas", "organization", `"Seimas Ombudsman"`, "null"},
		{"projects", "AZ09/ENP-PCA/JH/09", "instrument", `"Twinning Light"`, `"Twinning"`},
	}
	if !reflect.DeepEqual(f.WrongFields, wantWrong) {
		t.Errorf("wrong fields %+v", f.WrongFields)
	}

	// Two files: the counts add up.
	r2 := Aggregate([]*FileResult{Score("a", gold, pred), Score("b", gold, gold)})
	wantCounts(t, "two files", r2.Micro(), 11, 2, 3)
	if a := r2.FieldAccuracy(); a != (Ratio{17 + 29, 19 + 29}) {
		t.Errorf("two files: field accuracy %+v", a)
	}
}

func TestNullKeys(t *testing.T) {
	// An event without a date matches one without a date; a publication
	// without a venue one without a venue; "" is null.
	gold := doc(t, `{"events": [{"kind": "meeting", "start": null}], "publications": [{"venue": null, "count": 3}]}`)
	pred := doc(t, `{"events": [{"kind": "meeting", "start": ""}, {"kind": "meeting", "start": "2015"}], "publications": [{"count": 3}]}`)
	f := Score("f", gold, pred)
	wantCounts(t, "events", f.Types[0].Counts, 1, 1, 0)
	wantCounts(t, "publications", f.Types[3].Counts, 1, 0, 0)
	if !reflect.DeepEqual(f.FalseAlarms, []Record{{"events", "meeting 2015"}}) {
		t.Errorf("%v", f.FalseAlarms)
	}
}

func TestProjectKeysRearranged(t *testing.T) {
	// p0 has g0's reference and g1's instrument and title, and agrees
	// with g0 on more fields than p1 does; matching it to g0 would leave
	// g1 unmatched. The scorer matches both.
	gold := &extract.Document{Projects: []extract.Project{
		{Reference: s("AZ/1"), Instrument: s("Twinning"), Title: s("A"), DurationMonths: n(24)},
		{Instrument: s("Twinning"), Title: s("B")},
	}}
	pred := &extract.Document{Projects: []extract.Project{
		{Reference: s("AZ/1"), Instrument: s("Twinning"), Title: s("B"), DurationMonths: n(24)},
		{Reference: s("AZ/1"), Instrument: s("TAIEX")},
	}}
	f := Score("f", gold, pred)
	wantCounts(t, "projects", f.Types[2].Counts, 2, 0, 0)
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("texts/a.txt", "\xEF\xBB\xBFOn 3 May 2015\r\na meeting.\r\n")
	write("texts/b.html", "<p>Mr. A B</p>")
	write("002-b.json", `{"text": "texts/b.html", "people": [{"name": "A B", "role": null, "organization": null, "country": null}]}`)
	write("001-a.json", `{"text": "texts/a.txt", "events": [{"kind": "meeting", "start": "2015-05-03", "spans": {"start": [3, 13]}}]}`)
	write("predictions.json", `{"events": []}`)
	write("list.json", `[1, 2]`)
	write("sub/003-c.json", `{"text": "../texts/a.txt"}`)
	write("notes.txt", "not JSON")
	golds, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(golds) != 2 || golds[0].Name != "001-a.json" || golds[1].Name != "002-b.json" {
		t.Fatalf("%+v", golds)
	}
	if golds[0].Text != "On 3 May 2015\na meeting.\n" || golds[1].Text != "Mr. A B\n" {
		t.Errorf("texts %q %q", golds[0].Text, golds[1].Text)
	}
	if e := golds[0].Want.Events; len(e) != 1 || e[0].Kind != "meeting" || *e[0].Start != "2015-05-03" {
		t.Errorf("events %+v", e)
	}
	r := Run(golds, func(text string) *extract.Document {
		if strings.Contains(text, "meeting") {
			return &extract.Document{Events: []extract.Event{{Kind: "meeting", Start: s("2015-05-03")}}}
		}
		return &extract.Document{}
	})
	wantCounts(t, "run", r.Micro(), 1, 0, 1)
	if len(r.Files) != 2 || r.Files[1].Name != "002-b.json" || len(r.Files[1].Misses) != 1 {
		t.Errorf("files %+v", r.Files)
	}

	for name, c := range map[string]struct{ content, want string }{
		"unknown field": {`{"text": "texts/a.txt", "people": [{"nmae": "A"}]}`, "people[0].nmae"},
		"no text":       {`{"text": "texts/none.txt"}`, "its text"},
		"empty text":    {`{"text": ""}`, `"text" is empty`},
		"malformed":     {`{"text": "texts/a.txt",`, "bad.json"},
		"no kind":       {`{"text": "texts/a.txt", "events": [{"start": "2015"}]}`, "events[0].kind"},
		"no name":       {`{"text": "texts/a.txt", "people": [{"name": " "}]}`, "people[0].name"},
	} {
		bad := t.TempDir()
		os.MkdirAll(filepath.Join(bad, "texts"), 0o755)
		os.WriteFile(filepath.Join(bad, "texts", "a.txt"), []byte("x"), 0o600)
		os.WriteFile(filepath.Join(bad, "bad.json"), []byte(c.content), 0o600)
		_, err := LoadDir(bad)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "bad.json") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := LoadDir(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no gold files") {
		t.Errorf("empty dir: %v", err)
	}
	if _, err := LoadDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing directory loads")
	}
}

// The shared seed gold loads, and scores perfectly against itself.
func TestSharedSeed(t *testing.T) {
	golds, err := LoadDir("../../../../shared/extract/dev")
	if err != nil {
		if os.Getenv("LIAISON_REQUIRE_SHARED") != "" {
			t.Fatalf("../shared is required here: %v", err)
		}
		t.Skipf("the shared gold set is not beside this checkout: %v", err)
	}
	r := Run(golds, func(text string) *extract.Document {
		for _, g := range golds {
			if g.Text == text {
				return g.Want
			}
		}
		return nil
	})
	if f1, ok := r.Micro().F1(); !ok || f1 != 1 {
		t.Errorf("micro F1 %v", f1)
	}
	if !strings.Contains(golds[0].Text, "Augustinas Normantas") {
		t.Errorf("text %.80q", golds[0].Text)
	}
}
