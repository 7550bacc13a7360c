package portal

import (
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/fold"
	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/search"
	"github.com/liaison-registry/liaison/internal/store"
)

// MaxQuery bounds what a reader may type into the search box.
const MaxQuery = 200

const searchPageSize = 20

type searchPage struct {
	Q       string
	Words   []string
	Results []result
	Total   int
	More    bool // more than Total were found
	Facets  []facetView
	Active  []activeFilter
	Page    int
	Start   int // the number of the first result shown
	Next    string
	Prev    string
	TooDeep bool
}

type result struct {
	URL     string
	Type    string
	Title   template.HTML
	Detail  template.HTML
	Country string
}

type facetView struct {
	Name    string
	Options []facetOption
}

type facetOption struct {
	Label, URL string
	Count      string
	Selected   bool
}

type activeFilter struct {
	Label, RemoveURL string
}

var facetParams = []string{"type", "year", "kind", "instrument", "country"}

func (p *Portal) searchPage(w http.ResponseWriter, r *http.Request, t Tr) (string, view, error) {
	qs := r.URL.Query()
	q := strings.TrimSpace(qs.Get("q"))
	if utf8.RuneCountInString(q) > MaxQuery {
		q = string([]rune(q)[:MaxQuery])
	}
	page := &searchPage{Q: q, Page: 1}
	if n, err := strconv.Atoi(qs.Get("page")); err == nil && n > 1 {
		// Past the deepest page: no larger, so that the offset cannot
		// overflow.
		page.Page = min(n, store.MaxSearchOffset/searchPageSize+2)
	}
	sq := store.SearchQuery{Words: search.Query(q), Type: qs.Get("type"), Kind: qs.Get("kind"), Instrument: qs.Get("instrument"), Limit: searchPageSize}
	sq.Year, _ = strconv.Atoi(qs.Get("year"))
	if c := qs.Get("country"); len(c) == 2 {
		sq.Country = strings.ToUpper(c)
	}
	sq.Offset = (page.Page - 1) * searchPageSize
	if sq.Offset > store.MaxSearchOffset {
		page.TooDeep = true
		sq.Offset = store.MaxSearchOffset
	}
	page.Words = sq.Words
	page.Start = sq.Offset + 1
	title := t.S("search.title")
	if q != "" {
		title = t.S("search.title_for", "Query", q)
	}
	if len(sq.Words) == 0 {
		return "search", view{Title: title, Description: t.S("search.description"), Page: page}, nil
	}
	ctx := r.Context()
	err := p.st.View(ctx, func(rd *store.Reader) error {
		res, err := rd.Search(ctx, sq)
		if err != nil {
			return err
		}
		page.Total, page.More = res.Total, res.More
		page.Results, err = p.results(ctx, rd, t, res.Hits, sq.Words)
		if err != nil {
			return err
		}
		page.Facets, page.Active = p.facets(t, r.URL, res.Facets)
		return nil
	})
	if err != nil {
		return "", view{}, err
	}
	if page.Page > 1 {
		page.Prev = withParam(r.URL, "page", strconv.Itoa(page.Page-1))
	}
	if page.Page*searchPageSize < page.Total && !page.TooDeep {
		page.Next = withParam(r.URL, "page", strconv.Itoa(page.Page+1))
	}
	return "search", view{Title: title, Description: t.S("search.description"), Page: page}, nil
}

// withParam is the current address with one parameter set ("" removes
// it), back on the first page.
func withParam(u *url.URL, key, value string) string {
	q := u.Query()
	if key != "page" {
		q.Del("page")
	}
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	return u.Path + "?" + q.Encode()
}

func (p *Portal) facets(t Tr, u *url.URL, counts map[string][]store.FacetCount) ([]facetView, []activeFilter) {
	var out []facetView
	var active []activeFilter
	q := u.Query()
	label := func(name, value string) string {
		switch name {
		case "type":
			return t.N("type."+value, 2)
		case "kind":
			return t.S("facet.kind." + value)
		case "instrument":
			return t.S(instrumentMsg[registry.Instrument(value)])
		case "country":
			return t.Country(value)
		}
		return value
	}
	for _, name := range facetParams {
		fv := facetView{Name: t.S("facet." + name)}
		for _, c := range counts[name] {
			opt := facetOption{Label: label(name, c.Value), Count: t.Number(c.Count), Selected: q.Get(name) == c.Value}
			if opt.Selected {
				opt.URL = withParam(u, name, "")
			} else {
				opt.URL = withParam(u, name, c.Value)
			}
			fv.Options = append(fv.Options, opt)
		}
		if name == "year" {
			slices.SortFunc(fv.Options, func(a, b facetOption) int { return strings.Compare(b.Label, a.Label) })
		}
		if v := q.Get(name); v != "" {
			active = append(active, activeFilter{Label: fv.Name + ": " + label(name, v), RemoveURL: withParam(u, name, "")})
		}
		if len(fv.Options) > 0 {
			out = append(out, fv)
		}
	}
	return out, active
}

// results turns hits into what the page lists, with the words found
// marked.
func (p *Portal) results(ctx context.Context, rd *store.Reader, t Tr, hits []store.Hit, words []string) ([]result, error) {
	ids := map[string][]int64{}
	for _, h := range hits {
		ids[h.RecordType] = append(ids[h.RecordType], h.RecordID)
	}
	l := p.loader(ctx, rd, t)
	insts, err := rd.InstitutionsByID(ctx, ids["institution"])
	if err != nil {
		return nil, err
	}
	persons, err := rd.PeopleByID(ctx, ids["person"])
	if err != nil {
		return nil, err
	}
	projs, err := rd.ProjectsByIDWithoutIndicators(ctx, ids["project"])
	if err != nil {
		return nil, err
	}
	progs, err := rd.ProgrammesByID(ctx, ids["programme"])
	if err != nil {
		return nil, err
	}
	evs, err := rd.EventsByID(ctx, ids["event"])
	if err != nil {
		return nil, err
	}
	pubs, err := rd.PublicationsByID(ctx, ids["publication"])
	if err != nil {
		return nil, err
	}
	partnerships := map[int64]*registry.Partnership{}
	for _, id := range ids["partnership"] {
		ps, err := rd.Partnership(ctx, id)
		if err != nil {
			return nil, err
		}
		partnerships[id] = ps
	}
	for _, e := range evs {
		l.wantEvents([]registry.Event{*e})
	}
	for _, pr := range projs {
		l.wantProjects([]registry.Project{*pr})
	}
	for _, pb := range pubs {
		l.want(pb.PublisherID)
	}
	for _, pe := range persons {
		for _, af := range pe.Affiliations {
			l.want(af.InstitutionID)
		}
	}
	for _, in := range insts {
		l.want(in.ParentID)
	}
	if err := l.load(); err != nil {
		return nil, err
	}
	mark := func(s string) template.HTML { return highlight(s, words) }
	var out []result
	for _, h := range hits {
		res := result{Type: t.N("type."+h.RecordType, 1)}
		switch h.RecordType {
		case "institution":
			in := insts[h.RecordID]
			if in == nil {
				continue
			}
			res.URL = l.url("institutions", in.Slug)
			res.Title = mark(t.Text(in.Name).Text)
			res.Detail = mark(strings.Join(nonEmpty(t.kindName("institution_kind", string(in.Kind)), t.Country(in.Country)), " · "))
		case "person":
			pe := persons[h.RecordID]
			if pe == nil {
				continue
			}
			ref := l.personRef(pe)
			res.URL, res.Title = ref.URL, mark(strings.TrimSpace(ref.Honorific+" "+ref.Name))
			var detail []string
			if len(pe.Affiliations) > 0 {
				af := pe.Affiliations[0]
				detail = append(detail, t.Text(af.Role).Text)
				if in := l.insts[af.InstitutionID]; in != nil {
					detail = append(detail, t.Text(in.Name).Text, t.Country(in.Country))
				}
			}
			res.Detail = mark(strings.Join(nonEmpty(detail...), ", "))
		case "project":
			pr := projs[h.RecordID]
			if pr == nil {
				continue
			}
			v := l.project(pr)
			res.URL, res.Title = v.URL, mark(v.Title.Text)
			res.Detail = mark(strings.Join(nonEmpty(v.Lead, v.Reference, v.Period, locale.Clip(v.Summary.Text, 160)), " · "))
		case "event":
			e := evs[h.RecordID]
			if e == nil {
				continue
			}
			v := l.event(e)
			res.URL, res.Title = v.URL, mark(v.Title.Text)
			res.Detail = mark(strings.Join(nonEmpty(v.When, v.Kind, v.Instrument, v.Place, locale.Clip(v.Summary.Text, 160)), " · "))
		case "publication":
			pb := pubs[h.RecordID]
			if pb == nil {
				continue
			}
			v := l.publication(pb)
			res.URL = "/" + t.lang + "/publications#" + v.Anchor
			title := v.Title.Text
			if title == "" {
				title = v.Venue
			}
			res.Title = mark(title)
			res.Detail = mark(strings.Join(nonEmpty(v.Line, v.Venue, v.When, locale.Clip(v.Summary.Text, 160)), " · "))
		case "programme":
			g := progs[h.RecordID]
			if g == nil {
				continue
			}
			res.Title = mark(t.Text(g.Name).Text)
			res.Detail = mark(strings.Join(nonEmpty(g.Acronym, locale.Clip(t.Text(g.Description).Text, 160)), " · "))
		case "partnership":
			ps := partnerships[h.RecordID]
			if ps == nil {
				continue
			}
			res.URL = "/" + t.lang + "/cooperation/" + ps.Slug
			res.Title = mark(t.Text(ps.Title).Text)
			res.Detail = mark(locale.Clip(t.Text(ps.Introduction).Text, 200))
		}
		out = append(out, res)
	}
	return out, nil
}

func nonEmpty(items ...string) []string {
	var out []string
	for _, s := range items {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// highlight escapes s and marks the words that begin with a word looked
// for, comparing folded forms so that "muvekkil" marks "müvəkkil".
func highlight(s string, words []string) template.HTML {
	var b strings.Builder
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			b.WriteString(template.HTMLEscapeString(s[i : i+size]))
			i += size
			continue
		}
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			j += size
		}
		word := s[i:j]
		folded := fold.String(word)
		hit := false
		for _, w := range words {
			if strings.HasPrefix(folded, w) {
				hit = true
				break
			}
		}
		if hit {
			b.WriteString("<mark>" + template.HTMLEscapeString(word) + "</mark>")
		} else {
			b.WriteString(template.HTMLEscapeString(word))
		}
		i = j
	}
	return template.HTML(b.String())
}

// suggest answers the search box as a reader types: people and
// institutions whose names begin with what was typed, as JSON.
func (p *Portal) suggest(w http.ResponseWriter, r *http.Request) {
	t := p.cat.tr(langOf(r))
	q := r.URL.Query().Get("q")
	if utf8.RuneCountInString(q) > MaxQuery {
		q = string([]rune(q)[:MaxQuery])
	}
	type suggestion struct {
		Label  string `json:"label"`
		Detail string `json:"detail"`
		URL    string `json:"url"`
	}
	out := []suggestion{}
	words := search.Query(q)
	if len(words) > 0 && len([]rune(strings.Join(words, ""))) >= 2 {
		ctx := r.Context()
		hits, err := p.st.SuggestNames(ctx, words, 8)
		if err != nil {
			p.log.ErrorContext(ctx, "suggest failed", "err", err)
			http.Error(w, "suggestions are unavailable", http.StatusInternalServerError)
			return
		}
		results, err := p.results(ctx, &p.st.Reader, t, hits, words)
		if err != nil {
			p.log.ErrorContext(ctx, "suggest failed", "err", err)
			http.Error(w, "suggestions are unavailable", http.StatusInternalServerError)
			return
		}
		for _, res := range results {
			out = append(out, suggestion{Label: stripMarks(string(res.Title)), Detail: stripMarks(string(res.Detail)), URL: res.URL})
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=60")
	json.NewEncoder(w).Encode(out)
}

var unescaper = strings.NewReplacer("<mark>", "", "</mark>", "", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'")

func stripMarks(s string) string { return unescaper.Replace(s) }
