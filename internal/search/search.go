// Package search decides what of a record is searched: its names (weighed
// more) and its other words, folded (package fold), and the facets it is
// counted under. The store keeps these documents in the database's own
// full-text index.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/fold"
	"github.com/liaison-registry/liaison/internal/messages"
	"github.com/liaison-registry/liaison/internal/registry"
)

// Doc is one record as the index holds it.
type Doc struct {
	RecordType string // "event"
	RecordID   int64
	Names      string // folded words of titles, names, references
	Body       string // folded words of everything else worth finding
	Year       int    // the year it started, 0 when unknown
	Kind       string // the record's kind, or its instrument for projects
	Instrument string
	Countries  []string
}

// Names gives a Doc the names of the records a record refers to.
type Names struct {
	Institutions map[int64]*registry.Institution
	People       map[int64]*registry.Person
	Projects     map[int64]*registry.Project
	Programmes   map[int64]*registry.Programme
}

type builder struct {
	names, body []string
	countries   []string
}

func (b *builder) name(s ...string) {
	for _, x := range s {
		if x != "" {
			b.names = append(b.names, x)
		}
	}
}

func (b *builder) text(t registry.Text, intoNames bool) {
	for _, lang := range registry.Languages {
		if v := t[lang]; v != "" {
			if intoNames {
				b.names = append(b.names, v)
			} else {
				b.body = append(b.body, v)
			}
		}
	}
}

func (b *builder) word(s ...string) {
	for _, x := range s {
		if x != "" {
			b.body = append(b.body, x)
		}
	}
}

// country adds a country's code to the facets and its names in every
// portal language to the words ("Litva" finds Lithuanian speakers).
func (b *builder) country(code string) {
	if code == "" {
		return
	}
	for _, c := range b.countries {
		if c == code {
			return
		}
	}
	b.countries = append(b.countries, code)
	for _, lang := range registry.Languages {
		b.word(country.Name(code, lang))
	}
}

func (b *builder) institution(n Names, id int64) {
	if in := n.Institutions[id]; in != nil {
		b.text(in.Name, false)
		b.word(in.Acronym)
		b.country(in.Country)
	}
}

func (b *builder) person(p *registry.Person, intoNames bool) {
	if p == nil {
		return
	}
	words := []string{p.Name()}
	for _, lang := range registry.Languages {
		if v := p.DisplayName[lang]; v != "" {
			words = append(words, v)
		}
	}
	if intoNames {
		b.name(words...)
	} else {
		b.word(words...)
	}
}

func (b *builder) doc(recordType string, id int64) Doc {
	// The words are split and folded here, the same way a query is, so
	// that the database's own tokenizer (which would read
	// "AZ09/ENP-PCA/JH/09" as a path) sees plain words only.
	return Doc{
		RecordType: recordType, RecordID: id,
		Names:     strings.Join(fold.Words(strings.Join(b.names, " ")), " "),
		Body:      strings.Join(fold.Words(strings.Join(b.body, " ")), " "),
		Countries: b.countries,
	}
}

// kindWords are a kind's or an instrument's code and its names in every
// language ("study visit təcrübə mübadiləsi səfəri ознакомительный визит"),
// so that a reader finds records by the words the portal shows for them.
func kindWords(code string) string {
	if code == "" {
		return ""
	}
	words := []string{strings.ReplaceAll(code, "_", " ")}
	if c, err := messages.Embedded(); err == nil {
		for _, lang := range registry.Languages {
			words = append(words, c.Plain(lang, "facet.kind."+code))
		}
	}
	return strings.Join(words, " ")
}

// Institution is an institution's document.
func Institution(in *registry.Institution, n Names) Doc {
	var b builder
	b.text(in.Name, true)
	b.name(in.Acronym)
	b.country(in.Country)
	b.word(kindWords(string(in.Kind)))
	b.institution(n, in.ParentID)
	d := b.doc("institution", in.ID)
	d.Kind = string(in.Kind)
	return d
}

// Person is a person's document.
func Person(p *registry.Person, n Names) Doc {
	var b builder
	b.person(p, true)
	for _, af := range p.Affiliations {
		b.text(af.Role, false)
		b.institution(n, af.InstitutionID)
	}
	return b.doc("person", p.ID)
}

// Programme is a programme's document.
func Programme(p *registry.Programme, n Names) Doc {
	var b builder
	b.text(p.Name, true)
	b.name(p.Acronym)
	b.text(p.Description, false)
	d := b.doc("programme", p.ID)
	d.Year = p.Start.Year()
	return d
}

// Partnership is a partnership's document.
func Partnership(p *registry.Partnership, n Names) Doc {
	var b builder
	b.text(p.Title, true)
	b.text(p.Introduction, false)
	b.institution(n, p.PartnerID)
	return b.doc("partnership", p.ID)
}

// Project is a project's document.
func Project(p *registry.Project, n Names) Doc {
	var b builder
	b.text(p.Title, true)
	b.name(p.Reference)
	b.text(p.Summary, false)
	b.word(kindWords(string(p.Instrument)))
	if p.Start.Year() != 0 {
		b.word(p.Start.String()[:4])
	}
	for _, id := range p.ProgrammeIDs {
		if g := n.Programmes[id]; g != nil {
			b.text(g.Name, false)
			b.word(g.Acronym)
		}
	}
	if in := n.Institutions[p.BeneficiaryID]; in != nil {
		b.country(in.Country)
	}
	for _, pp := range p.Partners {
		b.institution(n, pp.InstitutionID)
		b.country(pp.Country)
	}
	for _, c := range p.ExpertCountries {
		b.country(c)
	}
	for _, c := range p.Components {
		b.text(c.Title, false)
		for _, r := range c.Results {
			b.text(r.Title, false)
		}
		for _, a := range c.Activities {
			b.text(a.Title, false)
		}
	}
	d := b.doc("project", p.ID)
	d.Year, d.Kind, d.Instrument = p.Start.Year(), string(p.Instrument), string(p.Instrument)
	return d
}

// Event is an event's document.
func Event(e *registry.Event, instrument registry.Instrument, n Names) Doc {
	var b builder
	b.text(e.Title, true)
	b.text(e.Summary, false)
	b.text(e.City, false)
	b.word(kindWords(string(e.Kind)), kindWords(string(instrument)), e.Start.String()[:min(4, len(e.Start.String()))])
	b.country(e.Country)
	if p := n.Projects[e.ProjectID]; p != nil {
		b.text(p.Title, false)
		b.word(p.Reference)
	}
	for _, pt := range e.Participants {
		b.person(n.People[pt.PersonID], false)
		b.text(pt.Title, false)
		b.institution(n, pt.InstitutionID)
	}
	d := b.doc("event", e.ID)
	d.Year, d.Kind, d.Instrument = e.Start.Year(), string(e.Kind), string(instrument)
	return d
}

// Publication is a publication's document.
func Publication(p *registry.Publication, n Names) Doc {
	var b builder
	b.text(p.Title, true)
	b.name(p.Venue)
	b.text(p.Summary, false)
	b.institution(n, p.PublisherID)
	d := b.doc("publication", p.ID)
	d.Year, d.Kind = p.Date.Year(), string(p.Kind)
	return d
}

// Query turns what a reader typed into folded words to look for, each as
// a prefix ("norm" finds "Normantas"). At most 10 words are kept. A
// Russian word loses its case ending, so that the form a reader types
// finds the others: "Греция" finds "в Грецию". An Azerbaijani word loses
// a final q or k, which a suffix voices to ğ or y: "məlumatlılıq" finds
// "məlumatlılığın".
func Query(q string) []string {
	words := fold.Words(q)
	if len(words) > 10 {
		words = words[:10]
	}
	for i, w := range words {
		words[i] = azerbaijaniStem(russianStem(w))
	}
	return words
}

// azerbaijaniStem drops the final q or k of a folded Latin word of five
// letters or more. An English word that loses its k ("network") is still
// found, with a few more words beside it.
func azerbaijaniStem(w string) string {
	if len(w) >= 5 && (w[len(w)-1] == 'q' || w[len(w)-1] == 'k') && isLatin(w) {
		return w[:len(w)-1]
	}
	return w
}

func isLatin(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// russianEndings are the inflectional endings of Russian nouns and
// adjectives, folded (й is и), longest first.
var russianEndings = []string{
	"иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "иях", "ией", "иям",
	"ах", "ях", "ам", "ям", "ов", "ев", "еи", "ом", "ем", "ои", "ыи", "ии", "ая", "яя",
	"ое", "ее", "ые", "ие", "ую", "юю", "ия", "ию", "ых", "их",
	"а", "я", "ы", "и", "у", "ю", "е", "о", "ь",
}

// russianStem cuts the case ending off a folded Russian word, keeping a
// stem of at least four letters. It is written here rather than taken
// from a Snowball stemmer because only the query is cut, and a search by
// prefix needs no more than the ending off: the stem "грец" of "греция"
// is a prefix of every form in the index, which is not folded further.
func russianStem(w string) string {
	r := []rune(w)
	if len(r) < 5 || !unicode.Is(unicode.Cyrillic, r[0]) {
		return w
	}
	for _, e := range russianEndings {
		if n := utf8.RuneCountInString(e); strings.HasSuffix(w, e) && len(r)-n >= 4 {
			return string(r[:len(r)-n])
		}
	}
	return w
}
