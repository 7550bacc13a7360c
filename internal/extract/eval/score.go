package eval

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/liaison-registry/liaison/internal/extract"
)

// Types are the record types, in report order.
var Types = []string{"events", "people", "projects", "publications"}

// Fields are each type's fields that can be scored, in schema order: of
// a matched record, every field but those of its key is scored. The
// fields that always key their type (an event's kind and start, a
// person's name, a publication's venue) are not among them; a project's
// instrument, title and reference are, being its key only sometimes.
var Fields = map[string][]string{
	"events":       {"title", "end", "country", "city", "instrument"},
	"people":       {"role", "organization", "country"},
	"projects":     {"instrument", "title", "reference", "duration_months", "start", "end", "partner_countries"},
	"publications": {"count", "title"},
}

// Counts are matched records (true positives), false alarms (predicted,
// unmatched) and misses (gold, unmatched).
type Counts struct {
	TP, FP, FN int
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
}

// Precision is TP / (TP + FP); ok is false when nothing was predicted.
func (c Counts) Precision() (v float64, ok bool) { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN); ok is false when the gold has no record.
func (c Counts) Recall() (v float64, ok bool) { return ratio(c.TP, c.TP+c.FN) }

// F1 is 2·TP / (2·TP + FP + FN), the harmonic mean of precision and
// recall, and 0 when one of them is 0 or undefined while the other
// counts a record (nothing predicted for gold records, or predictions
// where the gold has none); ok is false only when there is neither a gold
// nor a predicted record.
func (c Counts) F1() (v float64, ok bool) { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

func ratio(n, d int) (float64, bool) {
	if d == 0 {
		return 0, false
	}
	return float64(n) / float64(d), true
}

// Ratio is how many of the scored fields were right.
type Ratio struct {
	Correct, Total int
}

// Value is Correct / Total; ok is false when no field was scored.
func (r Ratio) Value() (float64, bool) { return ratio(r.Correct, r.Total) }

// Add adds o to r.
func (r *Ratio) Add(o Ratio) {
	r.Correct += o.Correct
	r.Total += o.Total
}

// TypeScore is one record type's score.
type TypeScore struct {
	Type string
	Counts
	// Fields are the field accuracies of matched records, in Fields'
	// order; a field never scored (no match, or always part of the key
	// of the matches) has Total 0.
	Fields []FieldScore
}

// FieldScore is one field's accuracy over the matched records.
type FieldScore struct {
	Field string
	Ratio
}

// FieldAccuracy is the type's field accuracy: all its scored fields
// together, each scored field counting once.
func (t TypeScore) FieldAccuracy() Ratio {
	var r Ratio
	for _, f := range t.Fields {
		r.Add(f.Ratio)
	}
	return r
}

// Record names a missed or falsely predicted record by its key.
type Record struct {
	Type string
	Key  string
}

// WrongField is a field of a matched record that differs from the gold.
type WrongField struct {
	Type, Key, Field string
	Gold, Predicted  string // as JSON: "text", null, 6, ["DE","PL"]
}

// FileResult is the score of one text.
type FileResult struct {
	Name        string
	Types       []TypeScore // in Types' order
	Misses      []Record
	FalseAlarms []Record
	WrongFields []WrongField
}

// Report is the score of a gold set.
type Report struct {
	Files []*FileResult
	Types []TypeScore // sums over the files, in Types' order
}

// Micro is the counts summed over the four types, from which the
// micro-averaged precision, recall and F1 follow.
func (r *Report) Micro() Counts {
	var c Counts
	for _, t := range r.Types {
		c.Add(t.Counts)
	}
	return c
}

// FieldAccuracy is the field accuracy over every scored field of every
// type.
func (r *Report) FieldAccuracy() Ratio {
	var a Ratio
	for _, t := range r.Types {
		a.Add(t.FieldAccuracy())
	}
	return a
}

// Run scores predict's output on every gold text.
func Run(golds []Gold, predict func(text string) *extract.Document) *Report {
	files := make([]*FileResult, len(golds))
	for i, g := range golds {
		files[i] = Score(g.Name, g.Want, predict(g.Text))
	}
	return Aggregate(files)
}

// Aggregate sums file results into a report.
func Aggregate(files []*FileResult) *Report {
	r := &Report{Files: files, Types: emptyTypes()}
	for _, f := range files {
		for i, t := range f.Types {
			r.Types[i].Counts.Add(t.Counts)
			for j, fs := range t.Fields {
				r.Types[i].Fields[j].Add(fs.Ratio)
			}
		}
	}
	return r
}

func emptyTypes() []TypeScore {
	ts := make([]TypeScore, len(Types))
	for i, t := range Types {
		ts[i].Type = t
		for _, f := range Fields[t] {
			ts[i].Fields = append(ts[i].Fields, FieldScore{Field: f})
		}
	}
	return ts
}

// Score scores the predicted document got against the gold want. A nil
// document, or a nil list in one, has no records.
func Score(name string, want, got *extract.Document) *FileResult {
	if want == nil {
		want = &extract.Document{}
	}
	if got == nil {
		got = &extract.Document{}
	}
	res := &FileResult{Name: name, Types: emptyTypes()}
	for i, typ := range Types {
		res.scoreType(&res.Types[i], records(typ, want), records(typ, got))
	}
	return res
}

// value is a field as compared (norm: "" for null) and as shown.
type value struct {
	norm, show string
}

// record is a record as the scorer sees it: its fields by name, and
// the key shown in reports.
type record struct {
	fields map[string]value
	key    string
}

// keyFields are the fields that key a gold record: the project key is
// its reference when the gold has one, else instrument and title.
func keyFields(typ string, gold record) []string {
	switch typ {
	case "events":
		return []string{"kind", "start"}
	case "people":
		return []string{"name"}
	case "projects":
		if gold.fields["reference"].norm != "" {
			return []string{"reference"}
		}
		return []string{"instrument", "title"}
	}
	return []string{"venue"}
}

func keyOf(fields []string, r record) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = r.fields[f].norm
	}
	return strings.Join(parts, "\x00")
}

// scoreType matches gold and predicted records of one type and scores
// the matches. A gold record matches at most one prediction and a
// prediction at most one gold record. Among the pairings, the most
// matches are made; among those, pairs agreeing on more fields are
// preferred (greedily), then earlier records.
func (res *FileResult) scoreType(ts *TypeScore, gold, pred []record) {
	// Candidates: predictions with the gold record's key, through an
	// index per key shape.
	index := map[string]map[string][]int{}
	cands := make([][]int, len(gold))
	type pair struct{ g, p, agree int }
	var pairs []pair
	for gi, g := range gold {
		kf := keyFields(ts.Type, g)
		shape := strings.Join(kf, ",")
		idx := index[shape]
		if idx == nil {
			idx = map[string][]int{}
			for pi, p := range pred {
				k := keyOf(kf, p)
				idx[k] = append(idx[k], pi)
			}
			index[shape] = idx
		}
		cands[gi] = idx[keyOf(kf, g)]
		for _, pi := range cands[gi] {
			pairs = append(pairs, pair{gi, pi, agreement(ts.Type, g, pred[pi])})
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int {
		return cmp.Or(cmp.Compare(b.agree, a.agree), cmp.Compare(a.g, b.g), cmp.Compare(a.p, b.p))
	})
	goldTo := make([]int, len(gold))
	predTo := make([]int, len(pred))
	for i := range goldTo {
		goldTo[i] = -1
	}
	for i := range predTo {
		predTo[i] = -1
	}
	for _, pr := range pairs {
		if goldTo[pr.g] < 0 && predTo[pr.p] < 0 {
			goldTo[pr.g], predTo[pr.p] = pr.p, pr.g
		}
	}
	// Augmenting paths make the matching maximum where greedy pairing
	// left a gold record unmatched that a rearrangement could match
	// (only project keys, which depend on the gold record, allow it).
	for gi := range gold {
		if goldTo[gi] < 0 {
			augment(gi, cands, goldTo, predTo, make([]bool, len(pred)))
		}
	}

	for gi, g := range gold {
		pi := goldTo[gi]
		if pi < 0 {
			ts.FN++
			res.Misses = append(res.Misses, Record{ts.Type, g.key})
			continue
		}
		ts.TP++
		p := pred[pi]
		kf := keyFields(ts.Type, g)
		for j, f := range Fields[ts.Type] {
			if slices.Contains(kf, f) {
				continue
			}
			ts.Fields[j].Total++
			if g.fields[f].norm == p.fields[f].norm {
				ts.Fields[j].Correct++
			} else {
				res.WrongFields = append(res.WrongFields, WrongField{ts.Type, g.key, f, g.fields[f].show, p.fields[f].show})
			}
		}
	}
	for pi, p := range pred {
		if predTo[pi] < 0 {
			ts.FP++
			res.FalseAlarms = append(res.FalseAlarms, Record{ts.Type, p.key})
		}
	}
}

// augment looks for an augmenting path from gold record g (Kuhn).
func augment(g int, cands [][]int, goldTo, predTo []int, seen []bool) bool {
	for _, p := range cands[g] {
		if seen[p] {
			continue
		}
		seen[p] = true
		if predTo[p] < 0 || augment(predTo[p], cands, goldTo, predTo, seen) {
			goldTo[g], predTo[p] = p, g
			return true
		}
	}
	return false
}

// agreement counts the non-key fields on which two records agree.
func agreement(typ string, g, p record) int {
	kf := keyFields(typ, g)
	n := 0
	for _, f := range Fields[typ] {
		if !slices.Contains(kf, f) && g.fields[f].norm == p.fields[f].norm {
			n++
		}
	}
	return n
}

// records turns a document's records of one type into the scorer's.
func records(typ string, d *extract.Document) []record {
	var out []record
	switch typ {
	case "events":
		for _, e := range d.Events {
			r := record{fields: map[string]value{
				"kind": str(&e.Kind), "title": title(e.Title), "start": str(e.Start), "end": str(e.End),
				"country": str(e.Country), "city": str(e.City), "instrument": str(e.Instrument),
			}}
			start := "(no date)"
			if e.Start != nil && *e.Start != "" {
				start = *e.Start
			}
			r.key = e.Kind + " " + start
			out = append(out, r)
		}
	case "people":
		for _, p := range d.People {
			r := record{fields: map[string]value{
				"name": str(&p.Name), "role": str(p.Role), "organization": str(p.Organization), "country": str(p.Country),
			}}
			r.key = p.Name
			out = append(out, r)
		}
	case "projects":
		for _, p := range d.Projects {
			r := record{fields: map[string]value{
				"instrument": str(p.Instrument), "title": title(p.Title), "reference": str(p.Reference),
				"duration_months": integer(p.DurationMonths), "start": str(p.Start), "end": str(p.End),
				"partner_countries": countrySet(p.PartnerCountries),
			}}
			if r.fields["reference"].norm != "" {
				r.key = *p.Reference
			} else {
				r.key = strings.TrimSpace(deref(p.Instrument) + " " + r.fields["title"].show)
			}
			out = append(out, r)
		}
	case "publications":
		for _, p := range d.Publications {
			r := record{fields: map[string]value{
				"venue": str(p.Venue), "count": integer(p.Count), "title": title(p.Title),
			}}
			r.key = deref(p.Venue)
			if r.key == "" {
				r.key = "(no venue)"
			}
			out = append(out, r)
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func str(s *string) value {
	if s == nil {
		return value{"", "null"}
	}
	return value{Norm(*s), strconv.Quote(*s)}
}

func title(s *string) value {
	if s == nil {
		return value{"", "null"}
	}
	return value{NormTitle(*s), strconv.Quote(*s)}
}

func integer(n *int) value {
	if n == nil {
		return value{"", "null"}
	}
	s := strconv.Itoa(*n)
	return value{s, s}
}

// countrySet compares as a set: order and repeats do not count, and
// null is the empty set.
func countrySet(cs []string) value {
	if cs == nil {
		return value{"", "null"}
	}
	seen := map[string]bool{}
	var ns, shown []string
	for _, c := range cs {
		shown = append(shown, strconv.Quote(c))
		if n := Norm(c); n != "" && !seen[n] {
			seen[n] = true
			ns = append(ns, n)
		}
	}
	slices.Sort(ns)
	return value{strings.Join(ns, ","), "[" + strings.Join(shown, ",") + "]"}
}

// Norm is how names, and every other text field, are compared:
// case-folded, diacritics removed (decomposed, combining marks dropped:
// "Šimonytė" is "simonyte", "İlham" "ilham"; letters that are not a base letter with a
// mark, such as ł, ø, ı or ə, stay themselves) and runs of white space
// made one space, trimmed.
func Norm(s string) string {
	// A chain keeps state: one per call, so that Norm is safe for
	// concurrent use.
	stripMarks := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, _ = transform.String(stripMarks, cases.Fold().String(s))
	return strings.Join(strings.Fields(s), " ")
}

// quotes are the quotation marks stripped from titles, wherever they are.
const quotes = "\"'`«»‹›“”„‟‘’‚‛「」『』〝〞＂＇"

// NormTitle is how titles are compared: without quotation marks, without
// punctuation (or symbols) before the first or after the last letter or
// digit, then as Norm. "“Support to the Ombudsman”." is "support to the
// ombudsman"; a parenthesis or full stop inside stays.
func NormTitle(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(quotes, r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	})
	return Norm(s)
}
