package feeds

import (
	"bufio"
	"context"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// atomEntries is how many records the Atom feed lists.
const atomEntries = 50

// atomTypes are the record types with a public page, which the Atom feed
// lists (programmes have none).
var atomTypes = []string{"partnership", "project", "event", "publication", "person", "institution"}

// The Atom document, written by encoding/xml, which escapes every text
// and attribute (and replaces characters XML cannot hold).

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     atomText     `xml:"title"`
	Link      atomLink     `xml:"link"`
	Published string       `xml:"published"`
	Updated   string       `xml:"updated"`
	Category  atomCategory `xml:"category"`
	Summary   *atomText    `xml:"summary,omitempty"`
}

func atomTime(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

// atom is the feed of the records published most recently, newest first,
// in the language of its address (/en/feed.atom).
func (f *Feeds) atom(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	t := f.tr(l)
	site, err := f.site(ctx)
	if err != nil {
		f.fail(w, r, err)
		return
	}
	origin := f.origin(r)
	home := origin + "/" + l + "/"
	feed := atomFeed{
		Lang:      l,
		ID:        "urn:uuid:" + nameUUID(site, l+"/feed.atom"),
		Links:     []atomLink{{Rel: "self", Type: "application/atom+xml", Href: origin + r.URL.Path}, {Rel: "alternate", Type: "text/html", Href: home}},
		Generator: "Liaison",
	}
	var current bool
	err = f.st.View(ctx, func(rd *store.Reader) error {
		if current, err = f.validators(w, r, rd); err != nil || current {
			return err
		}
		name, err := siteName(ctx, rd, t)
		if err != nil {
			return err
		}
		feed.Title = atomText{Text: t.S("feed.atom", "Site", name)}
		feed.Author = atomPerson{Name: name, URI: home}
		_, at, err := rd.LastChange(ctx)
		if err != nil {
			return err
		}
		feed.Updated = atomTime(at)
		feed.Entries, err = f.atomEntries(ctx, rd, t, site, origin)
		return err
	})
	if err != nil {
		f.fail(w, r, err)
		return
	}
	if current {
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Content-Language", l)
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		f.log.ErrorContext(ctx, "feed failed while being written", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
	bw.WriteString("\n")
	bw.Flush()
}

// atomEntries builds the entries of the newest published records; every
// record they name is left out unless it is published too.
func (f *Feeds) atomEntries(ctx context.Context, rd *store.Reader, t tr, site, origin string) ([]atomEntry, error) {
	newest, err := rd.NewestPublished(ctx, atomEntries, atomTypes...)
	if err != nil {
		return nil, err
	}
	ids := map[string][]int64{}
	for _, rec := range newest {
		ids[rec.Type] = append(ids[rec.Type], rec.ID)
	}
	events, err := rd.EventsByID(ctx, ids["event"])
	if err != nil {
		return nil, err
	}
	projects, err := rd.ProjectsByID(ctx, ids["project"])
	if err != nil {
		return nil, err
	}
	pubs, err := rd.PublicationsByID(ctx, ids["publication"])
	if err != nil {
		return nil, err
	}
	people, err := rd.PeopleByID(ctx, ids["person"])
	if err != nil {
		return nil, err
	}
	instIDs := ids["institution"]
	for _, p := range people {
		if len(p.Affiliations) > 0 {
			instIDs = append(instIDs, p.Affiliations[0].InstitutionID)
		}
	}
	for _, p := range pubs {
		instIDs = append(instIDs, p.PublisherID)
	}
	insts, err := rd.InstitutionsByID(ctx, instIDs)
	if err != nil {
		return nil, err
	}
	onlyPublished(insts)
	partnerships := map[int64]*registry.Partnership{}
	for _, id := range ids["partnership"] {
		if partnerships[id], err = rd.Partnership(ctx, id); err != nil {
			return nil, err
		}
	}

	page := func(path string) string { return origin + "/" + t.lang + path }
	var out []atomEntry
	for _, rec := range newest {
		var e atomEntry
		var summary []string // short facts
		var about string     // and the beginning of the record's prose
		switch rec.Type {
		case "event":
			ev := events[rec.ID]
			if ev == nil {
				continue
			}
			title, in := t.eventTitle(ev)
			e.Title, e.Link.Href = t.atomText(title, in), page("/events/"+ev.Slug)
			summary = append(summary, t.kind("kind", string(ev.Kind)), locale.Range(t.lang, ev.Start, ev.End), t.place(ev))
			about = prose(t, ev.Summary)
		case "project":
			p := projects[rec.ID]
			if p == nil {
				continue
			}
			title, in := t.text(p.Title)
			e.Title, e.Link.Href = t.atomText(title, in), page("/projects/"+p.Slug)
			summary = append(summary, t.S("instrument."+string(p.Instrument)), p.Reference)
			if !p.Start.IsZero() {
				summary = append(summary, locale.Range(t.lang, p.Start, p.End))
			}
			about = prose(t, p.Summary)
		case "publication":
			p := pubs[rec.ID]
			if p == nil {
				continue
			}
			title, in := t.text(p.Title)
			if title == "" {
				title, in = t.N("publication.items."+string(p.Kind), p.ItemCount), t.lang
			}
			// Publications have no page of their own: the list holds them.
			e.Title, e.Link.Href = t.atomText(title, in), page("/publications#publication-"+p.Slug)
			summary = append(summary, p.Venue)
			if in := insts[p.PublisherID]; in != nil {
				n, _ := t.text(in.Name)
				summary = append(summary, n)
			}
			summary = append(summary, locale.Date(t.lang, p.Date))
			about = prose(t, p.Summary)
		case "person":
			p := people[rec.ID]
			if p == nil {
				continue
			}
			name := p.NameIn(t.lang)
			if h := t.kind("honorific", string(p.Honorific)); h != "" {
				name = h + " " + name
			}
			e.Title, e.Link.Href = atomText{Text: name}, page("/people/"+p.Slug)
			if len(p.Affiliations) > 0 {
				role, _ := t.text(p.Affiliations[0].Role)
				summary = append(summary, role)
				if in := insts[p.Affiliations[0].InstitutionID]; in != nil {
					n, _ := t.text(in.Name)
					summary = append(summary, n)
				}
			}
		case "institution":
			in := insts[rec.ID]
			if in == nil {
				continue
			}
			name, lang := t.text(in.Name)
			if in.Acronym != "" {
				name += " (" + in.Acronym + ")"
			}
			e.Title, e.Link.Href = t.atomText(name, lang), page("/institutions/"+in.Slug)
			summary = append(summary, t.kind("institution_kind", string(in.Kind)), t.country(in.Country))
		case "partnership":
			p := partnerships[rec.ID]
			if p == nil || p.Status != registry.Published {
				continue
			}
			title, in := t.text(p.Title)
			e.Title, e.Link.Href = t.atomText(title, in), page("/cooperation/"+p.Slug)
			about = prose(t, p.Introduction)
		default:
			continue
		}
		e.ID = "urn:uuid:" + nameUUID(site, t.lang+"/"+rec.Type+"/"+strconv.FormatInt(rec.ID, 10))
		e.Link.Rel, e.Link.Type = "alternate", "text/html"
		e.Category = atomCategory{Term: rec.Type, Label: t.N("type."+rec.Type, 1)}
		published := rec.Published.Truncate(time.Second)
		updated := rec.Updated
		if updated.Before(published) {
			updated = published
		}
		e.Published, e.Updated = atomTime(published), atomTime(updated)
		if s := summaryText(summary, about); s != "" {
			e.Summary = &atomText{Text: s}
		}
		out = append(out, e)
	}
	return out, nil
}

// atomText is a text of a record, marked with its language when it is
// not the feed's.
func (t tr) atomText(s, lang string) atomText {
	if lang == t.lang {
		lang = ""
	}
	return atomText{Text: s, Lang: lang}
}

// prose is the beginning of a record's longer text.
func prose(t tr, x registry.Text) string {
	s, _ := t.text(x)
	return locale.Clip(strings.Join(strings.Fields(s), " "), 400)
}

// summaryText is the short facts that say something, joined with " · ",
// then the prose.
func summaryText(facts []string, prose string) string {
	var said []string
	for _, f := range facts {
		if f = strings.TrimSpace(f); f != "" {
			said = append(said, f)
		}
	}
	s := strings.Join(said, " · ")
	switch {
	case prose == "":
		return s
	case s == "":
		return prose
	}
	return s + "\n\n" + prose
}
