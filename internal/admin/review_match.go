package admin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/fold"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/twinning"
)

// registryView is what the review compares proposed records with: the
// registry's institutions and people (drafts too: a draft person is
// still the same person), its programmes, the EU institution and the
// office the site is about.
type registryView struct {
	insts      []*registry.Institution
	instByID   map[int64]*registry.Institution
	people     map[string][]*registry.Person // by nameKey of every spelling
	personByID map[int64]*registry.Person
	programmes []registry.Programme
	eu, home   int64
}

// maxMatched bounds the institutions and the people a review compares
// with; a registry beyond that is matched on its first ones by name.
const maxMatched = 20000

func loadRegistryView(ctx context.Context, rd *store.Reader) (*registryView, error) {
	v := &registryView{instByID: map[int64]*registry.Institution{}, people: map[string][]*registry.Person{}, personByID: map[int64]*registry.Person{}}
	f := store.Filter{Limit: store.MaxLimit, Sort: "id"}
	for len(v.insts) < maxMatched {
		page, err := rd.Institutions(ctx, f)
		if err != nil {
			return nil, err
		}
		for i := range page.Items {
			in := &page.Items[i]
			v.insts = append(v.insts, in)
			v.instByID[in.ID] = in
		}
		if page.Next == nil {
			break
		}
		f.After = *page.Next
	}
	f = store.Filter{Limit: store.MaxLimit, Sort: "id"}
	for n := 0; n < maxMatched; {
		page, err := rd.People(ctx, f)
		if err != nil {
			return nil, err
		}
		for i := range page.Items {
			p := &page.Items[i]
			n++
			v.personByID[p.ID] = p
			keys := []string{nameKey(p.Name())}
			for _, dn := range p.DisplayName {
				keys = append(keys, nameKey(dn))
			}
			slices.Sort(keys)
			for _, k := range slices.Compact(keys) {
				if k != "" {
					v.people[k] = append(v.people[k], p)
				}
			}
		}
		if page.Next == nil {
			break
		}
		f.After = *page.Next
	}
	progs, err := rd.Programmes(ctx, store.Filter{Limit: store.MaxLimit})
	if err != nil {
		return nil, err
	}
	v.programmes = progs.Items
	settings, err := rd.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if _, ok := v.instByID[settings.HomeInstitutionID]; ok {
		v.home = settings.HomeInstitutionID
	}
	v.eu, err = v.findEU(ctx, rd)
	return v, err
}

// findEU finds the European Union among the institutions: the EU
// institution named so (or "EU"), else the partner of the site's "eu"
// partnership.
func (v *registryView) findEU(ctx context.Context, rd *store.Reader) (int64, error) {
	for _, in := range v.insts {
		if in.Kind != registry.EUInstitution || in.ParentID != 0 {
			continue
		}
		if strings.EqualFold(in.Acronym, "EU") {
			return in.ID, nil
		}
		for _, n := range in.Name {
			if nameKey(n) == "european union" {
				return in.ID, nil
			}
		}
	}
	ps, err := rd.PartnershipBySlug(ctx, "eu")
	switch {
	case errors.Is(err, registry.ErrNotFound):
		return 0, nil
	case err != nil:
		return 0, err
	}
	return ps.PartnerID, nil
}

// matchPeople lists the people whose name, folded (case, diacritics,
// hyphens), is the name given, in any of its spellings.
func (v *registryView) matchPeople(name string) []*registry.Person {
	k := nameKey(name)
	if k == "" {
		return nil
	}
	return v.people[k]
}

// instMatch is an institution found for a name in the text, and why.
type instMatch struct {
	ID  int64
	How string
}

// stems are a name's folded words as matching compares them: without
// the words every name has, and with plurals made singular, so that
// "Seimas Ombudsmen's Office" shares "seimas" and "ombudsman" with
// "Seimas Ombudsman".
func stems(name string) []string {
	var out []string
	for _, w := range fold.Words(name) {
		if len(w) < 2 || slices.Contains(stopWords, w) {
			continue
		}
		switch {
		case strings.HasSuffix(w, "men") && len(w) > 4:
			w = strings.TrimSuffix(w, "men") + "man"
		case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
			w = strings.TrimSuffix(w, "s")
		}
		out = append(out, w)
	}
	return out
}

// commonWords are in the names of many institutions: sharing only these
// says nothing ("Ministry of Justice" is not "Ministry of the Interior").
var commonWords = []string{"ministry", "office", "national", "state", "republic", "commission", "commissioner", "committee", "council", "agency",
	"department", "ombudsman", "ombudsperson", "defender", "human", "right", "people", "public", "general", "central", "federal", "institute",
	"institution", "administration", "service", "parliament", "parliamentary", "government", "european", "international", "union", "court",
	"protection", "affair", "justice", "deputy", "regional", "city", "centre", "center", "foundation", "association", "university"}

var stopWords = []string{"of", "the", "in", "for", "and", "on", "at", "to", "an", "by", "de", "la", "le", "du", "des"}

// matchInstitution finds the institution a name in the text means, with
// the country the text gives (may be empty) and the kind its words
// suggest:
//
//   - the same name, folded, in any of its languages, or the same
//     acronym (in the same country when both have one);
//   - else, in the same country, the institution sharing the most words
//     of the name (at least half of them, and one that few names have):
//     "Human Rights Defender, office of Katowice" is the Katowice office
//     rather than the Defender's head office;
//   - else the only ombudsman office (or human-rights institution) of
//     that country in the registry, when the name says it is one.
//
// Without a country, only an institution holding every word of the
// name (two at least) matches.
func (v *registryView) matchInstitution(name, ctry string, kind registry.InstitutionKind) instMatch {
	key := nameKey(name)
	if key == "" {
		return instMatch{}
	}
	sameCountry := func(in *registry.Institution) bool { return ctry == "" || in.Country == "" || in.Country == ctry }
	for _, in := range v.insts {
		if !sameCountry(in) {
			continue
		}
		for _, n := range in.Name {
			if nameKey(n) == key {
				return instMatch{in.ID, "same name"}
			}
		}
		if in.Acronym != "" && nameKey(in.Acronym) == key {
			return instMatch{in.ID, "same acronym"}
		}
	}
	want := stems(name)
	if len(want) == 0 {
		return instMatch{}
	}
	best, bestScore := (*registry.Institution)(nil), 0
	for _, in := range v.insts {
		if ctry != "" && in.Country != ctry {
			continue
		}
		have := map[string]bool{}
		for _, n := range in.Name {
			for _, s := range stems(n) {
				have[s] = true
			}
		}
		score, telling := 0, false
		for _, w := range want {
			if have[w] {
				score++
				telling = telling || !slices.Contains(commonWords, w)
			}
		}
		ok := telling && score*2 >= len(want)
		if ctry == "" {
			ok = score == len(want) && score >= 2
		}
		if ok && score > bestScore {
			best, bestScore = in, score
		}
	}
	if best != nil {
		return instMatch{best.ID, fmt.Sprintf("shares %d of the name's %d words", bestScore, len(want))}
	}
	if ctry == "" || (kind != registry.OmbudsmanOffice && kind != registry.HumanRightsInstitution) {
		return instMatch{}
	}
	var only *registry.Institution
	for _, in := range v.insts {
		if in.Country == ctry && in.Kind == kind && in.ParentID == 0 {
			if only != nil {
				return instMatch{}
			}
			only = in
		}
	}
	if only != nil {
		return instMatch{only.ID, fmt.Sprintf("the only %s of %s in the registry", strings.ReplaceAll(string(kind), "_", " "), country.Name(ctry, "en"))}
	}
	return instMatch{}
}

// venueWords may follow a publisher's name in the name of what it
// publishes: "European Ombudsman Newsletter".
var venueWords = []string{"journal", "newsletter", "bulletin", "review", "magazine", "yearbook", "report", "quarterly", "annual", "digest", "gazette"}

// matchPublisher finds the institution that runs a venue, by name only:
// the venue is the institution's name (singular or plural: the European
// Ombudsman's journal "European Ombudsmen"), or its name followed by
// "journal", "newsletter" and the like, or its acronym.
func (v *registryView) matchPublisher(venue string) instMatch {
	want := stems(venue)
	if len(want) == 0 {
		return instMatch{}
	}
	for _, in := range v.insts {
		if in.Acronym != "" && nameKey(in.Acronym) == nameKey(venue) {
			return instMatch{in.ID, "the venue is its acronym"}
		}
		for _, n := range in.Name {
			have := stems(n)
			if len(have) == 0 || len(have) > len(want) || !slices.Equal(have, want[:len(have)]) {
				continue
			}
			rest := want[len(have):]
			if !slices.ContainsFunc(rest, func(w string) bool { return !slices.Contains(venueWords, w) }) {
				return instMatch{in.ID, "the venue bears its name"}
			}
		}
	}
	return instMatch{}
}

// guessKind reads an institution's kind from the words of its name.
func guessKind(name string) registry.InstitutionKind {
	s := " " + strings.Join(fold.Words(name), " ") + " "
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(s, " "+w+" ") {
				return true
			}
		}
		return false
	}
	switch {
	case has("european union", "european commission", "european parliament", "european ombudsman", "eu", "eeas", "council of the european union", "delegation of the european union", "europeaid"):
		return registry.EUInstitution
	case has("council of europe", "united nations", "un", "osce", "odihr", "undp", "unicef", "ohchr", "unhcr", "world bank", "international organization", "international organisation", "ioi", "ombudsman institute"):
		return registry.InternationalOrganisation
	case has("ombudsman", "ombudsmen", "ombudsperson", "ombud", "defender", "commissioner", "mediator", "mediateur", "protector", "public advocate", "peoples advocate", "chancellor of justice", "defensor", "difensore"):
		return registry.OmbudsmanOffice
	case strings.Contains(s, " human rights ") && has("commission", "institution", "centre", "center", "council", "institute", "board"):
		return registry.HumanRightsInstitution
	case has("university", "academy", "college", "school", "faculty"):
		return registry.Academic
	case has("ministry", "government", "parliament", "national assembly", "court", "prosecutor", "prosecutors", "police", "cabinet", "president", "presidential", "state agency", "agency", "administration"):
		return registry.Government
	case has("foundation", "association", "ngo", "non governmental", "society", "network"):
		return registry.NGO
	}
	return registry.OtherInstitution
}

// programmesOf names the programmes a Twinning reference's programme part
// names by acronym: "AZ09/ENP-PCA/JH/09" is under ENP and PCA.
func (v *registryView) programmesOf(reference string) []int64 {
	ref, err := twinning.Parse(reference)
	if err != nil {
		return nil
	}
	var out []int64
	for _, part := range strings.FieldsFunc(ref.Programme, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }) {
		for _, p := range v.programmes {
			if p.Acronym != "" && strings.EqualFold(p.Acronym, part) && !slices.Contains(out, p.ID) {
				out = append(out, p.ID)
			}
		}
	}
	return out
}

// The registry may already hold a proposed project, event or
// publication (the same text read twice, or a record typed in by hand):
// these find it, for the review to offer "already recorded".

func sameText(a, b registry.Text) bool {
	for _, x := range a {
		for _, y := range b {
			if x != "" && nameKey(x) == nameKey(y) {
				return true
			}
		}
	}
	return false
}

// existingProject: the same reference, or the same title.
func existingProject(ctx context.Context, rd *store.Reader, p *registry.Project) (*registry.Project, error) {
	ref := strings.Join(strings.Fields(p.Reference), " ")
	q := ref
	if q == "" {
		q = p.Title["en"]
	}
	if q == "" {
		return nil, nil
	}
	page, err := rd.Projects(ctx, store.Filter{Q: q, Limit: 50})
	if err != nil {
		return nil, err
	}
	for i := range page.Items {
		c := &page.Items[i]
		if (ref != "" && strings.EqualFold(strings.Join(strings.Fields(c.Reference), " "), ref)) || (ref == "" && sameText(c.Title, p.Title)) {
			return c, nil
		}
	}
	return nil, nil
}

// existingEvent: the same kind on the same start date, with the same
// title or, for untitled ones, in the same country.
func existingEvent(ctx context.Context, rd *store.Reader, e *registry.Event) (*registry.Event, error) {
	if e.Start.IsZero() || e.Start.Year() == 0 {
		return nil, nil
	}
	page, err := rd.Events(ctx, store.Filter{Year: e.Start.Year(), Kind: string(e.Kind), Limit: store.MaxLimit})
	if err != nil {
		return nil, err
	}
	for i := range page.Items {
		c := &page.Items[i]
		if c.Start.String() != e.Start.String() {
			continue
		}
		if sameText(c.Title, e.Title) || (e.Title.IsZero() && c.Country == e.Country) {
			return c, nil
		}
	}
	return nil, nil
}

// existingPublication: the same venue with the same title or count.
func existingPublication(ctx context.Context, rd *store.Reader, p *registry.Publication) (*registry.Publication, error) {
	q := p.Venue
	if q == "" {
		q = p.Title["en"]
	}
	if q == "" {
		return nil, nil
	}
	page, err := rd.Publications(ctx, store.Filter{Q: q, Limit: 50})
	if err != nil {
		return nil, err
	}
	for i := range page.Items {
		c := &page.Items[i]
		if nameKey(c.Venue) != nameKey(p.Venue) {
			continue
		}
		if sameText(c.Title, p.Title) || (p.Title.IsZero() && c.Title.IsZero() && c.ItemCount == p.ItemCount) {
			return c, nil
		}
	}
	return nil, nil
}
