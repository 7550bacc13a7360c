package portal

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/twinning"
)

// Sections of the cooperation page show at most this many records each,
// the most recent, so the page stays readable; the full lists are
// paginated pages of their own.
const sectionLimit = 25

// cooperationPage is everything the cooperation page shows.
type cooperationPage struct {
	Title        string
	Slug         string
	Partner      *registry.Institution
	Intro        []string
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
	Name, Acronym, Description string
}

type instrumentView struct {
	Name, About     string
	Projects, Event int
}

type eventView struct {
	Anchor     string
	Href       string
	Title      string
	Kind       string
	When       string
	DateTime   string
	Instrument string
	Place      string
	Project    *projectLink
	Component  string
	Summary    string
	Roles      []roleGroup

	projectID   int64
	componentNo int
}

type projectLink struct {
	Href, Title string
}

type roleGroup struct {
	Name   string
	People []participantView
}

type participantView struct {
	Honorific, Name, Title, Institution, Country string
	Visible                                      bool
}

type projectView struct {
	Anchor          string
	Title           string
	Instrument      string
	Lead            string // "24-month Twinning project"
	Reference       string
	ReferenceParts  string
	Period          string
	Duration        string
	Status          string
	Funder          string
	Beneficiary     string
	Programmes      []string
	Partners        string
	ExpertCountries string
	Summary         string
	Components      []componentView
	Budget          string

	id int64
}

type componentView struct {
	Number     int
	Title      string
	Results    []string
	Activities []string
	Events     []*eventView
}

type publicationView struct {
	Anchor  string
	Title   string
	Line    string // "ten articles"
	Venue   string
	By      string
	When    string
	Link    string
	Summary string
}

// loadCooperation reads the partnership at slug and everything its page
// shows, from one snapshot of the registry and with a fixed number of
// queries whatever the size of the registry.
func (p *Portal) loadCooperation(ctx context.Context, slug string) (*cooperationPage, error) {
	var page *cooperationPage
	err := p.st.View(ctx, func(r *store.Reader) error {
		ps, err := publishedPartnership(ctx, r, slug)
		if err != nil {
			return err
		}
		partner, err := r.Institution(ctx, ps.PartnerID)
		if err != nil {
			return err
		}
		if partner.Status != registry.Published {
			partner = &registry.Institution{}
		}
		scope, err := r.InstitutionTree(ctx, partner.ID)
		if err != nil {
			return err
		}
		page = &cooperationPage{Title: text(ps.Title), Slug: ps.Slug, Partner: partner, Intro: paragraphs(text(ps.Introduction))}
		l := &loader{ctx: ctx, r: r, now: p.now(), base: "/" + lang + "/cooperation/" + ps.Slug}

		progs, err := r.ProgrammesByID(ctx, ps.ProgrammeIDs)
		if err != nil {
			return err
		}
		for _, id := range ps.ProgrammeIDs {
			if g := progs[id]; g != nil && g.Status == registry.Published {
				page.Programmes = append(page.Programmes, programmeView{Name: text(g.Name), Acronym: g.Acronym, Description: text(g.Description)})
			}
		}
		uses, err := r.InstrumentsUsed(ctx, scope, registry.Published)
		if err != nil {
			return err
		}
		for _, u := range uses {
			page.Instruments = append(page.Instruments, instrumentView{Name: instrumentNames[u.Instrument], About: instrumentAbout[u.Instrument], Projects: u.Projects, Event: u.Events})
		}

		recent := store.Filter{Partner: scope, Status: registry.Published, Desc: true, Limit: sectionLimit}
		projects, err := r.Projects(ctx, recent)
		if err != nil {
			return err
		}
		if page.ProjectTotal, err = total(len(projects.Items), projects.Next, func() (int, error) { return r.CountProjects(ctx, recent) }); err != nil {
			return err
		}
		held := recent
		held.NotKind = string(registry.StudyVisit)
		events, err := r.Events(ctx, held)
		if err != nil {
			return err
		}
		if page.EventsTotal, err = total(len(events.Items), events.Next, func() (int, error) { return r.CountEvents(ctx, held) }); err != nil {
			return err
		}
		visitFilter := recent
		visitFilter.Kind = string(registry.StudyVisit)
		visits, err := r.Events(ctx, visitFilter)
		if err != nil {
			return err
		}
		if page.VisitsTotal, err = total(len(visits.Items), visits.Next, func() (int, error) { return r.CountEvents(ctx, visitFilter) }); err != nil {
			return err
		}
		pubs, err := r.Publications(ctx, recent)
		if err != nil {
			return err
		}
		if page.PubTotal, err = total(len(pubs.Items), pubs.Next, func() (int, error) { return r.CountPublications(ctx, recent) }); err != nil {
			return err
		}

		// Everything the records name, loaded in a few batched queries.
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
		// A project's component lists the visits and events held under it.
		byProject := map[int64]*projectView{}
		for _, pv := range page.Projects {
			byProject[pv.id] = pv
		}
		for _, ev := range append(slices.Clone(page.Events), page.Visits...) {
			if pv := byProject[ev.projectID]; pv != nil && ev.componentNo != 0 {
				for ci := range pv.Components {
					if pv.Components[ci].Number == ev.componentNo {
						pv.Components[ci].Events = append(pv.Components[ci].Events, ev)
					}
				}
			}
		}
		for i := range pubs.Items {
			page.Publications = append(page.Publications, l.publication(&pubs.Items[i]))
		}
		return nil
	})
	return page, err
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

// publishedPartnership is the partnership at slug, if it is public.
func publishedPartnership(ctx context.Context, r *store.Reader, slug string) (*registry.Partnership, error) {
	ps, err := r.PartnershipBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if ps.Status != registry.Published {
		return nil, registry.ErrNotFound
	}
	return ps, nil
}

// total is the number of records in a section: what was loaded, or a
// count when there are more.
func total(loaded int, next *store.Cursor, count func() (int, error)) (int, error) {
	if next == nil {
		return loaded, nil
	}
	return count()
}

// loader batches the look-ups of records that other records name.
type loader struct {
	ctx          context.Context
	r            *store.Reader
	now          time.Time
	base         string // the cooperation page, which links point into
	institutions []int64
	people       []int64
	projects     []int64
	programmes   []int64

	insts     map[int64]*registry.Institution
	persons   map[int64]*registry.Person
	projs     map[int64]*registry.Project
	progNames map[int64]*registry.Programme
}

func (l *loader) want(ids ...int64) { l.institutions = append(l.institutions, ids...) }

func (l *loader) wantEvents(list []registry.Event) {
	for _, e := range list {
		l.want(e.FunderID)
		l.projects = append(l.projects, e.ProjectID)
		for _, pt := range e.Participants {
			l.people = append(l.people, pt.PersonID)
			l.want(pt.InstitutionID)
		}
	}
}

func (l *loader) wantProjects(list []registry.Project) {
	for _, pr := range list {
		l.want(pr.FunderID, pr.BeneficiaryID)
		l.programmes = append(l.programmes, pr.ProgrammeIDs...)
		for _, pp := range pr.Partners {
			l.want(pp.InstitutionID)
		}
	}
}

func (l *loader) wantPublications(list []registry.Publication) {
	for _, pb := range list {
		l.want(pb.PublisherID)
	}
}

// load reads the records wanted. Records that are not published are
// left out, so that a published event never shows a draft speaker.
func (l *loader) load() (err error) {
	if l.projs, err = l.r.ProjectsByID(l.ctx, l.projects); err != nil {
		return err
	}
	for _, p := range l.projs {
		l.want(p.FunderID)
	}
	if l.persons, err = l.r.PeopleByID(l.ctx, l.people); err != nil {
		return err
	}
	if l.progNames, err = l.r.ProgrammesByID(l.ctx, l.programmes); err != nil {
		return err
	}
	if l.insts, err = l.r.InstitutionsByID(l.ctx, l.institutions); err != nil {
		return err
	}
	onlyPublished(l.projs)
	onlyPublished(l.persons)
	onlyPublished(l.progNames)
	onlyPublished(l.insts)
	return nil
}

func onlyPublished[T any, PT interface {
	*T
	GetMeta() *registry.Meta
}](m map[int64]PT) {
	for id, rec := range m {
		if rec.GetMeta().Status != registry.Published {
			delete(m, id)
		}
	}
}

func (l *loader) institutionName(id int64) string {
	if in := l.insts[id]; in != nil {
		return text(in.Name)
	}
	return ""
}

func (l *loader) event(e *registry.Event) *eventView {
	v := &eventView{
		Anchor:   "event-" + e.Slug,
		Href:     l.base + "#event-" + e.Slug,
		Kind:     eventKindNames[e.Kind][0],
		When:     formatRange(e.Start, e.End),
		DateTime: isoRange(e.Start, e.End),
		Summary:  text(e.Summary),

		projectID:   e.ProjectID,
		componentNo: e.Component,
	}
	instrument := e.Instrument
	if pr := l.projs[e.ProjectID]; pr != nil {
		v.Project = &projectLink{Href: l.base + "#project-" + pr.Slug, Title: text(pr.Title)}
		if instrument == "" {
			instrument = pr.Instrument
		}
		for _, c := range pr.Components {
			if c.Number == e.Component {
				v.Component = "Component " + itoa(c.Number) + ": " + text(c.Title)
			}
		}
	}
	v.Instrument = instrumentNames[instrument]
	place := text(e.City)
	if e.Country != "" {
		if place != "" {
			place += ", "
		}
		place += country.Name(e.Country, lang)
	}
	v.Place = place
	v.Title = text(e.Title)
	if v.Title == "" {
		// Legacy records often do not name an event: describe it instead.
		v.Title = v.Kind
		if e.Country != "" {
			if e.Kind == registry.StudyVisit {
				v.Title += " to " + country.Name(e.Country, lang)
			} else {
				v.Title += " in " + country.Name(e.Country, lang)
			}
		}
	}
	for _, role := range registry.ParticipantRoles {
		var group []participantView
		for _, pt := range e.Participants {
			if pt.Role != role {
				continue
			}
			if pv := l.participant(pt); pv.Visible {
				group = append(group, pv)
			}
		}
		if len(group) > 0 {
			name := roleNames[role][1]
			if len(group) == 1 {
				name = roleNames[role][0]
			}
			v.Roles = append(v.Roles, roleGroup{Name: name, People: group})
		}
	}
	return v
}

// participant shows a person as they were at the event: the title and
// institution recorded for it, or else their first affiliation.
func (l *loader) participant(pt registry.Participant) participantView {
	v := participantView{}
	person := l.persons[pt.PersonID]
	if person == nil {
		return v
	}
	v.Visible = true
	v.Honorific = honorifics[person.Honorific]
	v.Name = person.Name()
	v.Title = text(pt.Title)
	instID := pt.InstitutionID
	if instID == 0 && len(person.Affiliations) > 0 {
		instID = person.Affiliations[0].InstitutionID
		if v.Title == "" {
			v.Title = text(person.Affiliations[0].Role)
		}
	}
	if in := l.insts[instID]; in != nil {
		v.Institution = text(in.Name)
		if in.Country != "" {
			v.Country = country.Name(in.Country, lang)
		}
	}
	return v
}

func (l *loader) project(p *registry.Project) *projectView {
	v := &projectView{
		Anchor:     "project-" + p.Slug,
		Title:      text(p.Title),
		Instrument: instrumentNames[p.Instrument],
		Reference:  p.Reference,
		Summary:    text(p.Summary),
		Funder:     l.institutionName(p.FunderID),
		Status:     statusNames[p.StatusOn(l.now)],
		id:         p.ID,
	}
	if !p.Start.IsZero() || !p.End.IsZero() {
		v.Period = formatRange(p.Start, p.End)
	}
	v.Lead = v.Instrument + " project"
	if p.DurationMonths > 0 {
		if p.DurationUpTo {
			v.Duration = "up to " + counted(p.DurationMonths, "month", "months")
			v.Lead = v.Instrument + " project of up to " + counted(p.DurationMonths, "month", "months")
		} else {
			v.Duration = counted(p.DurationMonths, "month", "months")
			v.Lead = itoa(p.DurationMonths) + "-month " + v.Instrument + " project"
		}
	}
	if in := l.insts[p.BeneficiaryID]; in != nil {
		v.Beneficiary = text(in.Name)
	}
	if p.Instrument.IsTwinning() && p.Reference != "" {
		if ref, err := twinning.Parse(p.Reference); err == nil {
			v.ReferenceParts = describeReference(ref)
		}
	}
	for _, id := range p.ProgrammeIDs {
		if g := l.progNames[id]; g != nil {
			v.Programmes = append(v.Programmes, text(g.Name))
		}
	}
	var partners []string
	for _, pp := range p.Partners {
		s := ""
		if in := l.insts[pp.InstitutionID]; in != nil {
			s = text(in.Name)
			if in.Country != "" {
				s += " (" + country.Name(in.Country, lang) + ")"
			}
		} else if pp.Country != "" {
			s = country.Name(pp.Country, lang)
		}
		if role := partnerRoleNames[pp.Role]; role != "" {
			s += ", " + role
		}
		partners = append(partners, s)
	}
	v.Partners = join(partners)
	var experts []string
	for _, c := range p.ExpertCountries {
		experts = append(experts, country.Name(c, lang))
	}
	v.ExpertCountries = join(experts)
	for _, c := range p.Components {
		cv := componentView{Number: c.Number, Title: text(c.Title)}
		for _, r := range c.Results {
			cv.Results = append(cv.Results, text(r.Title))
		}
		for _, a := range c.Activities {
			t := text(a.Title)
			if a.Code != "" {
				t = a.Code + " " + t
			}
			cv.Activities = append(cv.Activities, t)
		}
		v.Components = append(v.Components, cv)
	}
	if p.Budget != nil {
		v.Budget = p.Budget.Currency + " " + p.Budget.Amount
	}
	return v
}

func describeReference(ref twinning.Reference) string {
	parts := []string{country.Name(ref.Country, lang), itoa(ref.Year), "programme " + ref.Programme}
	sector := ref.Sector
	if name, ok := sectorNames[ref.Sector]; ok {
		sector = name + " (" + ref.Sector + ")"
	}
	parts = append(parts, "sector "+sector, "number "+ref.Serial)
	if ref.Light {
		parts = append(parts, "Twinning Light")
	}
	return strings.Join(parts, ", ")
}

func (l *loader) publication(p *registry.Publication) *publicationView {
	v := &publicationView{
		Anchor:  "publication-" + p.Slug,
		Title:   text(p.Title),
		Venue:   p.Venue,
		By:      l.institutionName(p.PublisherID),
		When:    formatDate(p.Date),
		Link:    p.Link,
		Summary: text(p.Summary),
	}
	if p.ItemCount > 0 {
		names := publicationKindNames[p.Kind]
		v.Line = counted(p.ItemCount, names[0], names[1])
	}
	return v
}
