package portal

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// Sections of a page show at most this many records each, the most
// recent, so the page stays readable; the full lists have pages of their
// own.
const sectionLimit = 25

// listPageSize is the length of a page of a full list.
const listPageSize = 50

var published = registry.Published

// ---- home

type homePage struct {
	Home         *registry.Institution
	HomeName     L
	Partnerships []partnershipCard
	Recent       []*eventView
	Years        []store.YearCount
}

type partnershipCard struct {
	URL     string
	Title   L
	Partner L
}

func (p *Portal) home(w http.ResponseWriter, r *http.Request, t Tr) (string, view, error) {
	var page homePage
	ctx := r.Context()
	err := p.st.View(ctx, func(rd *store.Reader) error {
		settings, err := rd.Settings(ctx)
		if err != nil {
			return err
		}
		if settings.HomeInstitutionID != 0 {
			if in, err := rd.Institution(ctx, settings.HomeInstitutionID); err == nil && in.Status == published {
				page.Home, page.HomeName = in, t.Text(in.Name)
			}
		}
		list, err := rd.Partnerships(ctx, store.Filter{Status: published, Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		var ids []int64
		for _, ps := range list.Items {
			ids = append(ids, ps.PartnerID)
		}
		insts, err := rd.InstitutionsByID(ctx, ids)
		if err != nil {
			return err
		}
		for _, ps := range list.Items {
			c := partnershipCard{URL: "/" + t.lang + "/cooperation/" + ps.Slug, Title: t.Text(ps.Title)}
			if in := insts[ps.PartnerID]; in != nil && in.Status == published {
				c.Partner = t.Text(in.Name)
			}
			page.Partnerships = append(page.Partnerships, c)
		}
		events, err := rd.Events(ctx, store.Filter{Status: published, Desc: true, Limit: 5})
		if err != nil {
			return err
		}
		l := p.loader(ctx, rd, t)
		l.wantEvents(events.Items)
		if err := l.load(); err != nil {
			return err
		}
		for i := range events.Items {
			page.Recent = append(page.Recent, l.event(&events.Items[i]))
		}
		page.Years, err = rd.Years(ctx)
		return err
	})
	return "home", view{Title: t.S("home.title"), Description: t.S("home.description"), Page: page}, err
}

// ---- cooperation

type cooperationPage struct {
	Slug         string
	Title        L
	Partner      L
	Intro        []L
	Programmes   []programmeView
	Instruments  []instrumentView
	Events       []*eventView
	EventsTotal  int
	Projects     []*projectView
	ProjectTotal int
	Visits       []*eventView
	VisitsTotal  int
	Publications []*publicationView
	PubTotal     int
}

type programmeView struct {
	Name        L
	Acronym     string
	Description L
}

type instrumentView struct {
	Name, About, Counts string
}

// publishedPartnership is the partnership at slug, if it is public.
func publishedPartnership(ctx context.Context, r *store.Reader, slug string) (*registry.Partnership, error) {
	ps, err := r.PartnershipBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if ps.Status != published {
		return nil, registry.ErrNotFound
	}
	return ps, nil
}

func (p *Portal) cooperation(w http.ResponseWriter, r *http.Request, t Tr) (string, view, error) {
	ctx := r.Context()
	var page *cooperationPage
	err := p.st.View(ctx, func(rd *store.Reader) error {
		ps, err := publishedPartnership(ctx, rd, r.PathValue("partner"))
		if err != nil {
			return err
		}
		partner, err := rd.Institution(ctx, ps.PartnerID)
		if err != nil {
			return err
		}
		scope, err := rd.InstitutionTree(ctx, partner.ID)
		if err != nil {
			return err
		}
		title := t.Text(ps.Title)
		page = &cooperationPage{Slug: ps.Slug, Title: title, Intro: t.Text(ps.Introduction).Paragraphs()}
		if partner.Status == published {
			page.Partner = t.Text(partner.Name)
		}
		progs, err := rd.ProgrammesByID(ctx, ps.ProgrammeIDs)
		if err != nil {
			return err
		}
		for _, id := range ps.ProgrammeIDs {
			if g := progs[id]; g != nil && g.Status == published {
				page.Programmes = append(page.Programmes, programmeView{Name: t.Text(g.Name), Acronym: g.Acronym, Description: t.Text(g.Description)})
			}
		}
		uses, err := rd.InstrumentsUsed(ctx, scope, published)
		if err != nil {
			return err
		}
		for _, u := range uses {
			var counts []string
			if u.Projects > 0 {
				counts = append(counts, t.N("count.projects", u.Projects))
			}
			if u.Events > 0 {
				counts = append(counts, t.N("count.events", u.Events))
			}
			page.Instruments = append(page.Instruments, instrumentView{Name: t.S(instrumentMsg[u.Instrument]),
				About: t.S(instrumentMsg[u.Instrument] + ".about"), Counts: t.S("instrument.recorded", "Counts", t.List(counts))})
		}

		recent := store.Filter{Partner: scope, Status: published, Desc: true, Limit: sectionLimit}
		projects, err := rd.ProjectsWithoutIndicators(ctx, recent)
		if err != nil {
			return err
		}
		if page.ProjectTotal, err = total(len(projects.Items), projects.Next, func() (int, error) { return rd.CountProjects(ctx, recent) }); err != nil {
			return err
		}
		held := recent
		held.NotKind = string(registry.StudyVisit)
		events, err := rd.Events(ctx, held)
		if err != nil {
			return err
		}
		if page.EventsTotal, err = total(len(events.Items), events.Next, func() (int, error) { return rd.CountEvents(ctx, held) }); err != nil {
			return err
		}
		visitFilter := recent
		visitFilter.Kind = string(registry.StudyVisit)
		visits, err := rd.Events(ctx, visitFilter)
		if err != nil {
			return err
		}
		if page.VisitsTotal, err = total(len(visits.Items), visits.Next, func() (int, error) { return rd.CountEvents(ctx, visitFilter) }); err != nil {
			return err
		}
		pubs, err := rd.Publications(ctx, recent)
		if err != nil {
			return err
		}
		if page.PubTotal, err = total(len(pubs.Items), pubs.Next, func() (int, error) { return rd.CountPublications(ctx, recent) }); err != nil {
			return err
		}

		l := p.loader(ctx, rd, t)
		l.wantEvents(events.Items)
		l.wantEvents(visits.Items)
		l.wantProjects(projects.Items)
		l.wantPublications(pubs.Items)
		if err := l.load(); err != nil {
			return err
		}
		// Chronological order for reading; the query took the most recent.
		chronological(events.Items, func(e registry.Event) registry.Date { return e.Start })
		chronological(visits.Items, func(e registry.Event) registry.Date { return e.Start })
		chronological(projects.Items, func(p registry.Project) registry.Date { return p.Start })
		chronological(pubs.Items, func(p registry.Publication) registry.Date { return p.Date })
		for i := range events.Items {
			page.Events = append(page.Events, l.event(&events.Items[i]))
		}
		for i := range visits.Items {
			page.Visits = append(page.Visits, l.event(&visits.Items[i]))
		}
		for i := range projects.Items {
			page.Projects = append(page.Projects, l.project(&projects.Items[i]))
		}
		attachEvents(page.Projects, append(slices.Clone(page.Events), page.Visits...))
		for i := range pubs.Items {
			page.Publications = append(page.Publications, l.publication(&pubs.Items[i]))
		}
		return nil
	})
	if err != nil {
		return "", view{}, err
	}
	desc := page.Title.Text
	if len(page.Intro) > 0 {
		desc = locale.Clip(page.Intro[0].Text, 200)
	}
	return "cooperation", view{Title: page.Title.Text, Description: desc, Page: page}, nil
}

// chronological turns a newest-first list around, keeping records
// without a date at the end, where a reader looks for the unplaced.
func chronological[T any](items []T, date func(T) registry.Date) {
	slices.Reverse(items)
	slices.SortStableFunc(items, func(a, b T) int {
		az, bz := date(a).IsZero(), date(b).IsZero()
		switch {
		case az && !bz:
			return 1
		case !az && bz:
			return -1
		}
		return 0
	})
}

// total is the number of records in a section: what was loaded, or a
// count when there are more.
func total(loaded int, next *store.Cursor, count func() (int, error)) (int, error) {
	if next == nil {
		return loaded, nil
	}
	return count()
}

// ---- the full lists behind a cooperation page

var sectionMsgs = map[string]string{"events": "section.events", "study-visits": "section.study_visits", "projects": "section.projects", "publications": "section.publications"}

type sectionPage struct {
	Partnership  L
	PartnerSlug  string
	Heading      string
	Total        int
	Events       []*eventView
	Projects     []*projectView
	Publications []*publicationView
	Next         string
	Calendar     string // the iCalendar feed of the partnership's events
}

func (p *Portal) section(w http.ResponseWriter, r *http.Request, t Tr) (string, view, error) {
	name := r.PathValue("section")
	msg, ok := sectionMsgs[name]
	if !ok {
		return "", view{}, registry.ErrNotFound
	}
	after, err := store.DecodeCursor(r.URL.Query().Get("page"))
	if err != nil {
		return "", view{}, errBadRequest
	}
	ctx := r.Context()
	page := &sectionPage{Heading: t.S(msg)}
	err = p.st.View(ctx, func(rd *store.Reader) error {
		ps, err := publishedPartnership(ctx, rd, r.PathValue("partner"))
		if err != nil {
			return err
		}
		scope, err := rd.InstitutionTree(ctx, ps.PartnerID)
		if err != nil {
			return err
		}
		page.Partnership, page.PartnerSlug = t.Text(ps.Title), ps.Slug
		f := store.Filter{Partner: scope, Status: published, After: after, Limit: listPageSize}
		switch name {
		case "events":
			f.NotKind = string(registry.StudyVisit)
		case "study-visits":
			f.Kind = string(registry.StudyVisit)
		}
		if name == "events" || name == "study-visits" {
			page.Calendar = calendarURL("/feeds/partners/"+ps.Slug+"/events.ics", t)
		}
		next, err := p.fillList(ctx, rd, t, name, f, &page.Total, &page.Events, &page.Projects, &page.Publications)
		if next != nil {
			page.Next = r.URL.Path + "?" + url.Values{"page": {next.Encode()}}.Encode()
		}
		return err
	})
	if err != nil {
		return "", view{}, err
	}
	title := page.Heading + " · " + page.Partnership.Text
	return "section", view{Title: title, Description: title, Page: page}, nil
}

// fillList loads a page of events, projects or publications as views,
// with the number of all of them.
func (p *Portal) fillList(ctx context.Context, rd *store.Reader, t Tr, what string, f store.Filter, total *int,
	events *[]*eventView, projects *[]*projectView, pubs *[]*publicationView) (*store.Cursor, error) {
	count := f
	count.After = store.Cursor{}
	l := p.loader(ctx, rd, t)
	var err error
	switch what {
	case "events", "study-visits":
		list, err := rd.Events(ctx, f)
		if err != nil {
			return nil, err
		}
		if *total, err = rd.CountEvents(ctx, count); err != nil {
			return nil, err
		}
		l.wantEvents(list.Items)
		if err := l.load(); err != nil {
			return nil, err
		}
		for i := range list.Items {
			*events = append(*events, l.event(&list.Items[i]))
		}
		return list.Next, nil
	case "projects":
		list, err := rd.ProjectsWithoutIndicators(ctx, f)
		if err != nil {
			return nil, err
		}
		if *total, err = rd.CountProjects(ctx, count); err != nil {
			return nil, err
		}
		l.wantProjects(list.Items)
		if err := l.load(); err != nil {
			return nil, err
		}
		for i := range list.Items {
			*projects = append(*projects, l.project(&list.Items[i]))
		}
		return list.Next, nil
	case "publications":
		list, err := rd.Publications(ctx, f)
		if err != nil {
			return nil, err
		}
		if *total, err = rd.CountPublications(ctx, count); err != nil {
			return nil, err
		}
		l.wantPublications(list.Items)
		if err := l.load(); err != nil {
			return nil, err
		}
		for i := range list.Items {
			*pubs = append(*pubs, l.publication(&list.Items[i]))
		}
		return list.Next, nil
	}
	return nil, err
}

// calendarURL is the address of an iCalendar feed (package feeds) in the
// reader's language.
func calendarURL(path string, t Tr) string {
	return path + "?" + url.Values{"lang": {t.lang}}.Encode()
}

// ---- record pages

// published finds a published record by its slug.
func recordID(ctx context.Context, rd *store.Reader, noun, slug string) (int64, error) {
	return rd.IDBySlug(ctx, noun, slug)
}

type projectPage struct {
	Project   *projectView
	Calendar  string // the iCalendar feed of its events
	Events    []*eventView
	More      int
	Documents []docLink
}

type docLink struct {
	URL, Name, Kind string
}

func (p *Portal) projectPage(w http.ResponseWriter, r *http.Request, t Tr) (string, view, error) {
	ctx := r.Context()
	var page projectPage
	err := p.st.View(ctx, func(rd *store.Reader) error {
		id, err := recordID(ctx, rd, "project", r.PathValue("slug"))
		if err != nil {
			return err
		}
		pr, err := rd.ProjectWithoutIndicators(ctx, id)
		if err != nil || pr.Status != published {
			return registry.ErrNotFound
		}
		events, err := rd.Events(ctx, store.Filter{ProjectID: id, Status: published, Limit: 200})
		if err != nil {
			return err
		}
		l := p.loader(ctx, rd, t)
		l.wantProjects([]registry.Project{*pr})
		l.wantEvents(events.Items)
		if err := l.load(); err != nil {
			return err
		}
		page.Project = l.project(pr)
		page.Calendar = calendarURL("/feeds/projects/"+pr.Slug+"/events.ics", t)
		for i := range events.Items {
			page.Events = append(page.Events, l.event(&events.Items[i]))
		}
		attachEvents([]*projectView{page.Project}, page.Events)
		page.Documents, err = p.documents(ctx, rd, "project", id)
		return err
	})
	if err != nil {
		return "", view{}, err
	}
	return "project", view{Title: page.Project.Title.Text, Description: page.Project.Lead + ". " + locale.Clip(page.Project.Summary.Text, 160), OGType: "article", Page: page}, nil
}

// documents lists the published documents of a record.
func (p *Portal) documents(ctx context.Context, rd *store.Reader, owner string, id int64) ([]docLink, error) {
	docs, err := rd.Documents(ctx, owner, id)
	if err != nil {
		return nil, err
	}
	var out []docLink
	for _, d := range docs {
		if d.Status != published {
			continue
		}
		name := d.Title
		if name == "" {
			name = d.Filename
		}
		out = append(out, docLink{URL: fmt.Sprintf("/documents/%d/%s", d.ID, url.PathEscape(d.Filename)), Name: name, Kind: d.ContentType})
	}
	return out, nil
}

type eventPage struct {
	Event     *eventView
	Documents []docLink
}

func (p *Portal) eventPage(w http.ResponseWriter, r *http.Request, t Tr) (string, view, error) {
	ctx := r.Context()
	var page eventPage
	err := p.st.View(ctx, func(rd *store.Reader) error {
		id, err := recordID(ctx, rd, "event", r.PathValue("slug"))
		if err != nil {
			return err
		}
		e, err := rd.Event(ctx, id)
		if err != nil || e.Status != published {
			return registry.ErrNotFound
		}
		l := p.loader(ctx, rd, t)
		l.wantEvents([]registry.Event{*e})
		if err := l.load(); err != nil {
			return err
		}
		page.Event = l.event(e)
		page.Documents, err = p.documents(ctx, rd, "event", id)
		return err
	})
	if err != nil {
		return "", view{}, err
	}
	ev := page.Event
	return "event", view{Title: ev.Title.Text, Description: ev.Kind + ", " + ev.When + ". " + locale.Clip(ev.Summary.Text, 160), OGType: "article", Page: page}, nil
}

type personPage struct {
	Person    personRef
	Positions []position
	Events    []personEvent
	More      bool
}

type position struct {
	Role        L
	Institution *link
	Country     string
	Period      string
}

type personEvent struct {
	Event *eventView
	Role  string
	Title L
}

func (p *Portal) personPage(w http.ResponseWriter, r *http.Request, t Tr) (string, view, error) {
	ctx := r.Context()
	var page personPage
	err := p.st.View(ctx, func(rd *store.Reader) error {
		id, err := recordID(ctx, rd, "person", r.PathValue("slug"))
		if err != nil {
			return err
		}
		person, err := rd.Person(ctx, id)
		if err != nil || person.Status != published {
			return registry.ErrNotFound
		}
		events, err := rd.Events(ctx, store.Filter{PersonID: id, Status: published, Limit: 200})
		if err != nil {
			return err
		}
		page.More = events.Next != nil
		l := p.loader(ctx, rd, t)
		for _, af := range person.Affiliations {
			l.want(af.InstitutionID)
		}
		l.wantEvents(events.Items)
		if err := l.load(); err != nil {
			return err
		}
		page.Person = l.personRef(person)
		for _, af := range person.Affiliations {
			pos := position{Role: t.Text(af.Role), Institution: l.institution(af.InstitutionID)}
			if in := l.insts[af.InstitutionID]; in != nil {
				pos.Country = t.Country(in.Country)
			}
			if !af.From.IsZero() || !af.To.IsZero() {
				pos.Period = t.Range(af.From, af.To)
			}
			page.Positions = append(page.Positions, pos)
		}
		for i := range events.Items {
			e := &events.Items[i]
			for _, pt := range e.Participants {
				if pt.PersonID == id {
					page.Events = append(page.Events, personEvent{Event: l.event(e), Role: t.N("role."+string(pt.Role), 1), Title: t.Text(pt.Title)})
					break
				}
			}
		}
		return nil
	})
	if err != nil {
		return "", view{}, err
	}
	desc := page.Person.Name
	if len(page.Positions) > 0 {
		desc += ", " + page.Positions[0].Role.Text
	}
	return "person", view{Title: page.Person.Name, Description: desc, OGType: "profile", Page: page}, nil
}

type institutionPage struct {
	Name         L
	Acronym      string
	Kind         string
	Country      string
	Website      string
	Parent       *link
	Children     []link
	People       []personRef
	Projects     []*projectView
	Events       []*eventView
	Publications []*publicationView
}

func (p *Portal) institutionPage(w http.ResponseWriter, r *http.Request, t Tr) (string, view, error) {
	ctx := r.Context()
	var page institutionPage
	err := p.st.View(ctx, func(rd *store.Reader) error {
		id, err := recordID(ctx, rd, "institution", r.PathValue("slug"))
		if err != nil {
			return err
		}
		in, err := rd.Institution(ctx, id)
		if err != nil || in.Status != published {
			return registry.ErrNotFound
		}
		page.Name, page.Acronym, page.Kind, page.Country, page.Website = t.Text(in.Name), in.Acronym, t.kindName("institution_kind", string(in.Kind)), t.Country(in.Country), in.Website
		f := store.Filter{InstitutionID: id, Status: published, Limit: 100}
		children, err := rd.Institutions(ctx, f)
		if err != nil {
			return err
		}
		people, err := rd.People(ctx, f)
		if err != nil {
			return err
		}
		recent := f
		recent.Desc, recent.Limit = true, sectionLimit
		projects, err := rd.ProjectsWithoutIndicators(ctx, recent)
		if err != nil {
			return err
		}
		events, err := rd.Events(ctx, recent)
		if err != nil {
			return err
		}
		pubs, err := rd.Publications(ctx, recent)
		if err != nil {
			return err
		}
		l := p.loader(ctx, rd, t)
		l.want(in.ParentID)
		l.wantProjects(projects.Items)
		l.wantEvents(events.Items)
		l.wantPublications(pubs.Items)
		if err := l.load(); err != nil {
			return err
		}
		page.Parent = l.institution(in.ParentID)
		for _, c := range children.Items {
			page.Children = append(page.Children, link{URL: l.url("institutions", c.Slug), Name: t.Text(c.Name)})
		}
		for i := range people.Items {
			page.People = append(page.People, l.personRef(&people.Items[i]))
		}
		chronological(projects.Items, func(p registry.Project) registry.Date { return p.Start })
		chronological(events.Items, func(e registry.Event) registry.Date { return e.Start })
		for i := range projects.Items {
			page.Projects = append(page.Projects, l.project(&projects.Items[i]))
		}
		for i := range events.Items {
			page.Events = append(page.Events, l.event(&events.Items[i]))
		}
		for i := range pubs.Items {
			page.Publications = append(page.Publications, l.publication(&pubs.Items[i]))
		}
		return nil
	})
	if err != nil {
		return "", view{}, err
	}
	desc := page.Name.Text
	if page.Country != "" {
		desc += ", " + page.Country
	}
	return "institution", view{Title: page.Name.Text, Description: desc, Page: page}, nil
}

// ---- publications and the timeline

type listPage struct {
	Heading      string
	Total        int
	Events       []*eventView
	Projects     []*projectView
	Publications []*publicationView
	Next         string
}

func (p *Portal) publicationsPage(w http.ResponseWriter, r *http.Request, t Tr) (string, view, error) {
	after, err := store.DecodeCursor(r.URL.Query().Get("page"))
	if err != nil {
		return "", view{}, errBadRequest
	}
	ctx := r.Context()
	page := &listPage{Heading: t.S("publications.title")}
	err = p.st.View(ctx, func(rd *store.Reader) error {
		next, err := p.fillList(ctx, rd, t, "publications", store.Filter{Status: published, Desc: true, After: after, Limit: listPageSize},
			&page.Total, &page.Events, &page.Projects, &page.Publications)
		if next != nil {
			page.Next = r.URL.Path + "?" + url.Values{"page": {next.Encode()}}.Encode()
		}
		return err
	})
	return "publications", view{Title: page.Heading, Description: page.Heading, Page: page}, err
}

type timelinePage struct {
	Years []yearView
}

type yearView struct {
	Year   int
	URL    string
	Counts string
	Width  int // percent of the busiest year, for the bar
}

func (p *Portal) timeline(w http.ResponseWriter, r *http.Request, t Tr) (string, view, error) {
	years, err := p.st.Years(r.Context())
	if err != nil {
		return "", view{}, err
	}
	most := 1
	for _, y := range years {
		most = max(most, y.Events+y.Projects)
	}
	var page timelinePage
	for _, y := range years {
		var counts []string
		if y.Events > 0 {
			counts = append(counts, t.N("count.events", y.Events))
		}
		if y.Projects > 0 {
			counts = append(counts, t.N("count.projects", y.Projects))
		}
		page.Years = append(page.Years, yearView{Year: y.Year, URL: fmt.Sprintf("/%s/timeline/%d", t.lang, y.Year), Counts: t.List(counts),
			Width: max(2, 100*(y.Events+y.Projects)/most)})
	}
	return "timeline", view{Title: t.S("timeline.title"), Description: t.S("timeline.description"), Page: page}, nil
}

type yearPage struct {
	Year         int
	Events       []*eventView
	EventsTotal  int
	Projects     []*projectView
	ProjectTotal int
	Next         string
	Prev, After  int
}

func (p *Portal) yearPage(w http.ResponseWriter, r *http.Request, t Tr) (string, view, error) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 1000 || year > 9999 {
		return "", view{}, registry.ErrNotFound
	}
	after, err := store.DecodeCursor(r.URL.Query().Get("page"))
	if err != nil {
		return "", view{}, errBadRequest
	}
	ctx := r.Context()
	page := &yearPage{Year: year, Prev: year - 1, After: year + 1}
	err = p.st.View(ctx, func(rd *store.Reader) error {
		f := store.Filter{Year: year, Status: published, Limit: 100, After: after}
		next, err := p.fillList(ctx, rd, t, "events", f, &page.EventsTotal, &page.Events, nil, nil)
		if err != nil {
			return err
		}
		if next != nil {
			page.Next = r.URL.Path + "?" + url.Values{"page": {next.Encode()}}.Encode()
		}
		if after.IsZero() {
			_, err = p.fillList(ctx, rd, t, "projects", store.Filter{Year: year, Status: published, Limit: 100}, &page.ProjectTotal, nil, &page.Projects, nil)
		}
		return err
	})
	if err != nil {
		return "", view{}, err
	}
	if page.EventsTotal == 0 && page.ProjectTotal == 0 && after.IsZero() {
		return "", view{}, registry.ErrNotFound
	}
	title := t.S("year.title", "Year", year)
	return "year", view{Title: title, Description: title, Page: page}, nil
}
