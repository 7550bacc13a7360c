package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// AnnualQuery asks for the annual "international cooperation" chapter.
type AnnualQuery struct {
	Year int
	Lang string
	Now  time.Time
	// Published counts only published records; the staff's chapter
	// counts drafts too.
	Published bool
}

// Years bound the annual report's year, as the dashboards' filter does.
const (
	MinYear = 1990
	MaxYear = 2100
)

// ParseYear reads the annual report's year.
func ParseYear(s string) (int, error) {
	y, err := strconv.Atoi(s)
	if err != nil || y < MinYear || y > MaxYear {
		return 0, registry.Invalid("year", s, "is not a year of the annual report; expected a year from %d to %d", MinYear, MaxYear)
	}
	return y, nil
}

// listLimit is how many records a list query reads at a time.
const listLimit = store.MaxLimit

// partnerYear is what one partner's cooperation held in a year.
type partnerYear struct {
	partnership  *registry.Partnership
	partner      *registry.Institution
	projects     []registry.Project
	events       []registry.Event
	publications []registry.Publication
	people       map[int64]bool
	insts        map[int64]bool
}

// Annual builds the year's chapter across all partners from one
// snapshot: per cooperation page (partnership), its partner's projects
// active in the year, the events held and publications published in it,
// and the people and institutions who took part. It reads the year's
// projects, events (with participants) and publications once, in pages
// of store.MaxLimit, and one institution tree per partnership (a
// registry has a handful).
func Annual(ctx context.Context, st *store.Store, q AnnualQuery) (*Document, error) {
	if err := CheckLang(q.Lang); err != nil {
		return nil, err
	}
	if q.Year < MinYear || q.Year > MaxYear {
		return nil, registry.Invalid("year", q.Year, "is not a year of the annual report; expected a year from %d to %d", MinYear, MaxYear)
	}
	w, err := wordsIn(q.Lang)
	if err != nil {
		return nil, err
	}
	status := registry.Status("")
	if q.Published {
		status = registry.Published
	}
	var partners []*partnerYear
	err = st.View(ctx, func(rd *store.Reader) error {
		ps, err := allPages(func(after store.Cursor) (store.Page[registry.Partnership], error) {
			return rd.Partnerships(ctx, store.Filter{Status: status, Limit: listLimit, After: after})
		})
		if err != nil {
			return err
		}
		var instIDs []int64
		for i := range ps {
			instIDs = append(instIDs, ps[i].PartnerID)
		}
		insts, err := rd.InstitutionsByID(ctx, instIDs)
		if err != nil {
			return err
		}
		// The year's records are read once, and shared out among the
		// partners here: a list filtered per partner would read the
		// year's events once per partner.
		f := store.Filter{Year: q.Year, Status: status, Limit: listLimit}
		projects, err := allPages(func(after store.Cursor) (store.Page[registry.Project], error) {
			g := f
			g.After = after
			return rd.Projects(ctx, g)
		})
		if err != nil {
			return err
		}
		events, err := allPages(func(after store.Cursor) (store.Page[registry.Event], error) {
			g := f
			g.After = after
			return rd.Events(ctx, g)
		})
		if err != nil {
			return err
		}
		publications, err := allPages(func(after store.Cursor) (store.Page[registry.Publication], error) {
			g := f
			g.After = after
			return rd.Publications(ctx, g)
		})
		if err != nil {
			return err
		}
		// An event without a funder of its own is funded by its
		// project's (as the store's resolved funder is).
		funder := map[int64]int64{}
		for _, p := range projects {
			funder[p.ID] = p.FunderID
		}
		var more []int64
		for _, e := range events {
			if _, ok := funder[e.ProjectID]; e.FunderID == 0 && e.ProjectID != 0 && !ok {
				more = append(more, e.ProjectID)
				funder[e.ProjectID] = 0
			}
		}
		if len(more) > 0 {
			others, err := rd.ProjectsByID(ctx, more)
			if err != nil {
				return err
			}
			for id, p := range others {
				funder[id] = p.FunderID
			}
		}
		for i := range ps {
			tree, err := rd.InstitutionTree(ctx, ps[i].PartnerID)
			if err != nil {
				return err
			}
			scope := map[int64]bool{}
			for _, id := range tree {
				scope[id] = true
			}
			py := &partnerYear{partnership: &ps[i], partner: insts[ps[i].PartnerID], people: map[int64]bool{}, insts: map[int64]bool{}}
			for _, p := range projects {
				if scope[p.FunderID] {
					py.projects = append(py.projects, p)
				}
			}
			for _, e := range events {
				by := e.FunderID
				if by == 0 {
					by = funder[e.ProjectID]
				}
				if !scope[by] {
					continue
				}
				py.events = append(py.events, e)
				for _, pt := range e.Participants {
					py.people[pt.PersonID] = true
					if pt.InstitutionID != 0 {
						py.insts[pt.InstitutionID] = true
					}
				}
			}
			for _, p := range publications {
				if scope[p.PublisherID] {
					py.publications = append(py.publications, p)
				}
			}
			partners = append(partners, py)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return annualDocument(w, q, partners), nil
}

// allPages reads a list to its end.
func allPages[T any](page func(store.Cursor) (store.Page[T], error)) ([]T, error) {
	var out []T
	var after store.Cursor
	for {
		p, err := page(after)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.Next == nil {
			return out, nil
		}
		after = *p.Next
	}
}

// counts are a partner's figures of the year.
type counts struct {
	projects, events, visits, missions, publications, people, insts int
	byInstrument                                                    map[registry.Instrument]int
}

func (py *partnerYear) counts() counts {
	c := counts{projects: len(py.projects), events: len(py.events), publications: len(py.publications), people: len(py.people), insts: len(py.insts),
		byInstrument: map[registry.Instrument]int{}}
	// An event without an instrument of its own is under its project's.
	projectInstrument := map[int64]registry.Instrument{}
	for _, p := range py.projects {
		projectInstrument[p.ID] = p.Instrument
	}
	for _, e := range py.events {
		switch e.Kind {
		case registry.StudyVisit:
			c.visits++
		case registry.ExpertMission:
			c.missions++
		}
		in := e.Instrument
		if in == "" {
			in = projectInstrument[e.ProjectID]
		}
		c.byInstrument[in]++
	}
	return c
}

func annualDocument(w words, q AnnualQuery, partners []*partnerYear) *Document {
	year := w.year(q.Year)
	d := &Document{Lang: w.lang, Title: w.S("report.annual.title", "Year", year), Subtitle: w.S("report.annual.subtitle", "Year", year),
		FileName: fmt.Sprintf("cooperation-%d-%s", q.Year, w.lang), Date: day(q.Now), PageLabel: w.pageLabel}
	d.Fields = append(d.Fields, Field{w.S("report.as_of"), w.date(registry.DateOf(day(q.Now)))})
	if !q.Published {
		d.Fields = append(d.Fields, Field{w.S("report.records"), w.S("report.drafts_included")})
	}

	// The overview: one row per partner and the year's totals, each
	// record counted once however many partners it is under.
	cols := []Column{{Label: w.S("report.partner")}, {Label: w.S("section.projects"), Numeric: true}, {Label: w.S("section.events"), Numeric: true},
		{Label: w.S("section.study_visits"), Numeric: true}, {Label: w.S("report.missions"), Numeric: true}, {Label: w.S("section.publications"), Numeric: true},
		{Label: w.S("report.people_engaged"), Numeric: true}, {Label: w.S("report.institutions_engaged"), Numeric: true}}
	overview := Table{ID: "overview", Figures: true, Columns: cols}
	seen := map[string]map[int64]bool{}
	once := func(kind string, id int64) int {
		if seen[kind] == nil {
			seen[kind] = map[int64]bool{}
		}
		if seen[kind][id] {
			return 0
		}
		seen[kind][id] = true
		return 1
	}
	var total counts
	for _, py := range partners {
		c := py.counts()
		overview.Rows = append(overview.Rows, Row{Cells: []Cell{Text(w.text(py.partnership.Title)), w.int(c.projects), w.int(c.events), w.int(c.visits),
			w.int(c.missions), w.int(c.publications), w.int(c.people), w.int(c.insts)}})
		for _, p := range py.projects {
			total.projects += once("project", p.ID)
		}
		for _, e := range py.events {
			if once("event", e.ID) == 1 {
				total.events++
				switch e.Kind {
				case registry.StudyVisit:
					total.visits++
				case registry.ExpertMission:
					total.missions++
				}
			}
		}
		for _, p := range py.publications {
			total.publications += once("publication", p.ID)
		}
		for id := range py.people {
			total.people += once("person", id)
		}
		for id := range py.insts {
			total.insts += once("institution", id)
		}
	}
	overview.Rows = append(overview.Rows, Row{Total: true, Cells: []Cell{Text(w.S("figures.total")), w.int(total.projects), w.int(total.events), w.int(total.visits),
		w.int(total.missions), w.int(total.publications), w.int(total.people), w.int(total.insts)}})
	held := w.S("report.annual.year_nothing")
	if what := w.held(total); what != "" {
		held = w.S("report.annual.year_held", "What", what)
	}
	intro := Section{ID: "overview", Heading: w.S("report.annual.overview"), Level: 1, Tables: []Table{overview},
		Paragraphs: []string{strings.Join([]string{w.S("report.annual.intro", "Year", year, "Partners", w.N("report.annual.with_partners", len(partners))),
			held, w.S("report.annual.counted_once")}, " ")}}
	if len(partners) == 0 {
		intro.Paragraphs = []string{w.S("report.annual.empty", "Year", year)}
		intro.Tables = nil
	}
	d.Sections = append(d.Sections, intro)
	for i, py := range partners {
		d.Sections = append(d.Sections, partnerYearSections(w, year, i, py)...)
	}
	return d
}

// partnerYearSections are one partner's part of the chapter: prose, the
// figures, and the projects, study visits and publications by name.
func partnerYearSections(w words, year string, n int, py *partnerYear) []Section {
	c := py.counts()
	id := fmt.Sprintf("partner-%d", n+1)
	s := Section{ID: id, Heading: w.text(py.partnership.Title), Level: 1, PageBreak: true}
	partner := w.institutionName(py.partner)
	if c.events+c.projects+c.publications == 0 {
		s.Paragraphs = append(s.Paragraphs, w.S("report.annual.partner_none", "Partner", partner, "Year", year))
		return []Section{s}
	}
	what := w.held(c)
	switch {
	case c.people > 0 && c.insts > 0:
		what = w.list(append(w.heldParts(c), w.N("report.annual.people_from", c.people, "Institutions", w.N("report.count.institutions", c.insts))))
	case c.people > 0:
		what = w.list(append(w.heldParts(c), w.N("report.annual.people", c.people)))
	}
	s.Paragraphs = append(s.Paragraphs, w.S("report.annual.partner_prose", "Partner", partner, "Year", year, "What", what))
	t := Table{ID: id + "-figures", Caption: w.S("report.annual.events_by_instrument"), Figures: true,
		Columns: []Column{{Label: w.S("filter.instrument")}, {Label: w.S("section.events"), Numeric: true}}}
	for _, in := range append(registry.Instruments, "") {
		if k := c.byInstrument[in]; k > 0 {
			label := w.S("figures.no_instrument")
			if in != "" {
				label = w.S("instrument." + string(in))
			}
			t.Rows = append(t.Rows, Row{Cells: []Cell{Text(label), w.int(k)}})
		}
	}
	t.Rows = append(t.Rows, Row{Total: true, Cells: []Cell{Text(w.S("figures.total")), w.int(c.events)}})
	s.Tables = append(s.Tables, t)
	out := []Section{s}
	if len(py.projects) > 0 {
		ps := Section{ID: id + "-projects", Heading: w.S("report.annual.projects_active"), Level: 2}
		for _, p := range py.projects {
			item := w.text(p.Title)
			if p.Reference != "" {
				item += " (" + p.Reference + ")"
			}
			if span := w.span(p.Start, p.End); span != "" {
				item += ", " + span
			}
			ps.Items = append(ps.Items, item)
		}
		out = append(out, ps)
	}
	var visits []string
	for i := range py.events {
		e := &py.events[i]
		if e.Kind == registry.StudyVisit {
			visits = append(visits, w.eventTitle(e)+", "+w.span(e.Start, e.End))
		}
	}
	if len(visits) > 0 {
		out = append(out, Section{ID: id + "-visits", Heading: w.S("section.study_visits"), Level: 2, Items: visits})
	}
	if len(py.publications) > 0 {
		ps := Section{ID: id + "-publications", Heading: w.S("section.publications"), Level: 2}
		for _, p := range py.publications {
			item := w.text(p.Title)
			if item == "" {
				item = p.Venue
			}
			if !p.Date.IsZero() {
				item += ", " + w.date(p.Date)
			}
			ps.Items = append(ps.Items, item)
		}
		out = append(out, ps)
	}
	return out
}

// heldParts say in words what a year held, leaving out what it did not
// ("five events were held", "проведено 5 мероприятий"): each part
// carries its verb, so that it agrees with the number as the language
// needs (Russian "осуществлялся 1 проект", "осуществлялись 2 проекта").
func (w words) heldParts(c counts) []string {
	var parts []string
	if c.events > 0 {
		parts = append(parts, w.N("report.annual.events_held", c.events))
	}
	if c.projects > 0 {
		parts = append(parts, w.N("report.annual.projects_under_way", c.projects))
	}
	if c.publications > 0 {
		parts = append(parts, w.N("report.annual.publications_out", c.publications))
	}
	return parts
}

// held is heldParts as one list ("" when the year held nothing).
func (w words) held(c counts) string { return w.list(w.heldParts(c)) }
