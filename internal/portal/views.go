package portal

import (
	"context"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/twinning"
)

// What the templates show of records, in the reader's language. Views are
// built from records and the records they name, which a loader reads in
// a few batched queries whatever the number of records on a page.

type link struct {
	URL  string
	Name L
}

type eventView struct {
	URL        string
	Anchor     string
	Title      L
	Kind       string
	When       string
	ISO        string
	Instrument string
	Place      string
	Project    *link
	Component  string
	Summary    L
	Roles      []roleGroup

	projectID   int64
	componentNo int
}

type roleGroup struct {
	Name   string
	People []personRef
}

type personRef struct {
	URL         string
	Honorific   string
	Name        string
	Title       L
	Institution *link
	Country     string
}

type projectView struct {
	URL             string
	Anchor          string
	Title           L
	Instrument      string
	Lead            string
	Reference       string
	ReferenceParts  string
	Period          string
	Duration        string
	Status          string
	Funder          *link
	Beneficiary     *link
	Programmes      []L
	Partners        template.HTML
	ExpertCountries string
	Summary         L
	Components      []componentView
	Budget          string

	id int64
}

type componentView struct {
	Number     int
	Title      L
	Results    []L
	Activities []L
	Events     []*eventView
}

type publicationView struct {
	Anchor  string
	Title   L
	Line    string
	Venue   string
	By      *link
	When    string
	Link    string
	Summary L
}

// loader batches the look-ups of records that records name, and builds
// views. Records that are not published are left out, so that a
// published event never shows a draft speaker.
type loader struct {
	ctx context.Context
	r   *store.Reader
	t   Tr
	now time.Time

	institutions, people, projects, programmes []int64

	insts    map[int64]*registry.Institution
	persons  map[int64]*registry.Person
	projs    map[int64]*registry.Project
	progs    map[int64]*registry.Programme
	projBase string // where project links point; "" for their own pages

	// listed are the projects the page lists, read already: events that
	// name them need not read them again.
	listed map[int64]*registry.Project
}

func (p *Portal) loader(ctx context.Context, r *store.Reader, t Tr) *loader {
	return &loader{ctx: ctx, r: r, t: t, now: p.now()}
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
	if l.listed == nil {
		l.listed = map[int64]*registry.Project{}
	}
	for _, pr := range list {
		// A copy: pages sort their lists after loading.
		l.listed[pr.ID] = &pr
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

func (l *loader) load() (err error) {
	// Pages show no indicators: they are not read.
	var unread []int64
	for _, id := range l.projects {
		if l.listed[id] == nil {
			unread = append(unread, id)
		}
	}
	if l.projs, err = l.r.ProjectsByIDWithoutIndicators(l.ctx, unread); err != nil {
		return err
	}
	for _, id := range l.projects {
		if pr := l.listed[id]; pr != nil {
			l.projs[id] = pr
		}
	}
	if l.persons, err = l.r.PeopleByID(l.ctx, l.people); err != nil {
		return err
	}
	for _, p := range l.persons {
		for _, af := range p.Affiliations {
			l.want(af.InstitutionID)
		}
	}
	if l.progs, err = l.r.ProgrammesByID(l.ctx, l.programmes); err != nil {
		return err
	}
	if l.insts, err = l.r.InstitutionsByID(l.ctx, l.institutions); err != nil {
		return err
	}
	onlyPublished(l.projs)
	onlyPublished(l.persons)
	onlyPublished(l.progs)
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

func (l *loader) url(kind, slug string) string { return "/" + l.t.lang + "/" + kind + "/" + slug }

func (l *loader) institution(id int64) *link {
	in := l.insts[id]
	if in == nil {
		return nil
	}
	return &link{URL: l.url("institutions", in.Slug), Name: l.t.Text(in.Name)}
}

var instrumentMsg = map[registry.Instrument]string{
	registry.Twinning: "instrument.twinning", registry.TwinningLight: "instrument.twinning_light",
	registry.TAIEX: "instrument.taiex", registry.OtherInstrument: "instrument.other",
}

// kindName is the name of a code in the reader's language ("kind.seminar").
func (t Tr) kindName(group, code string) string {
	if code == "" {
		return ""
	}
	return t.S(group + "." + code)
}

func (l *loader) event(e *registry.Event) *eventView {
	t := l.t
	v := &eventView{
		URL:         l.url("events", e.Slug),
		Anchor:      "event-" + e.Slug,
		Kind:        t.kindName("kind", string(e.Kind)),
		When:        t.Range(e.Start, e.End),
		ISO:         isoRange(e.Start, e.End),
		Summary:     t.Text(e.Summary),
		projectID:   e.ProjectID,
		componentNo: e.Component,
	}
	instrument := e.Instrument
	if pr := l.projs[e.ProjectID]; pr != nil {
		v.Project = &link{URL: l.url("projects", pr.Slug), Name: t.Text(pr.Title)}
		if instrument == "" {
			instrument = pr.Instrument
		}
		for _, c := range pr.Components {
			if c.Number == e.Component {
				v.Component = t.S("project.component", "Number", c.Number, "Title", t.Text(c.Title).Text)
			}
		}
	}
	if instrument != "" {
		v.Instrument = t.S(instrumentMsg[instrument])
	}
	var place []string
	if city := t.Text(e.City); city.Text != "" {
		place = append(place, city.Text)
	}
	if e.Country != "" {
		place = append(place, t.Country(e.Country))
	}
	v.Place = strings.Join(place, ", ")
	v.Title = t.Text(e.Title)
	if v.Title.IsZero() {
		// Legacy records often do not name an event: describe it instead.
		switch {
		case e.Country != "" && e.Kind == registry.StudyVisit:
			v.Title = t.Plain(t.S("event.untitled_to", "Kind", v.Kind, "Country", t.Country(e.Country)))
		case e.Country != "":
			v.Title = t.Plain(t.S("event.untitled_in", "Kind", v.Kind, "Country", t.Country(e.Country)))
		default:
			v.Title = t.Plain(v.Kind)
		}
	}
	for _, role := range registry.ParticipantRoles {
		var group []personRef
		for _, pt := range e.Participants {
			if pt.Role == role {
				if ref, ok := l.participant(pt); ok {
					group = append(group, ref)
				}
			}
		}
		if len(group) > 0 {
			v.Roles = append(v.Roles, roleGroup{Name: roleHeading(t, role, len(group)), People: group})
		}
	}
	return v
}

// participant shows a person as they were at the event: the title and
// institution recorded for it, or else their first position.
func (l *loader) participant(pt registry.Participant) (personRef, bool) {
	person := l.persons[pt.PersonID]
	if person == nil {
		return personRef{}, false
	}
	ref := l.personRef(person)
	ref.Title = l.t.Text(pt.Title)
	instID := pt.InstitutionID
	if instID == 0 && len(person.Affiliations) > 0 {
		instID = person.Affiliations[0].InstitutionID
		if ref.Title.IsZero() {
			ref.Title = l.t.Text(person.Affiliations[0].Role)
		}
	}
	if in := l.insts[instID]; in != nil {
		ref.Institution = l.institution(instID)
		ref.Country = l.t.Country(in.Country)
	}
	return ref, true
}

func (l *loader) personRef(p *registry.Person) personRef {
	return personRef{URL: l.url("people", p.Slug), Honorific: l.t.kindName("honorific", string(p.Honorific)), Name: p.NameIn(l.t.lang)}
}

func (l *loader) project(p *registry.Project) *projectView {
	t := l.t
	instrument := t.S(instrumentMsg[p.Instrument])
	v := &projectView{
		URL:         l.url("projects", p.Slug),
		Anchor:      "project-" + p.Slug,
		Title:       t.Text(p.Title),
		Instrument:  instrument,
		Reference:   p.Reference,
		Summary:     t.Text(p.Summary),
		Funder:      l.institution(p.FunderID),
		Beneficiary: l.institution(p.BeneficiaryID),
		id:          p.ID,
	}
	if s := p.StatusOn(l.now); s != registry.StatusUnknown {
		v.Status = t.S("status." + string(s))
	}
	if !p.Start.IsZero() || !p.End.IsZero() {
		v.Period = t.Range(p.Start, p.End)
	}
	v.Lead = t.S("project.lead", "Instrument", instrument)
	if p.DurationMonths > 0 {
		if p.DurationUpTo {
			v.Duration = t.N("duration.up_to", p.DurationMonths)
			v.Lead = t.N("project.lead_up_to", p.DurationMonths, "Instrument", instrument)
		} else {
			v.Duration = t.N("duration.months", p.DurationMonths)
			v.Lead = t.N("project.lead_months", p.DurationMonths, "Instrument", instrument, "Months", p.DurationMonths)
		}
	}
	if p.Instrument.IsTwinning() && p.Reference != "" {
		if ref, err := twinning.Parse(p.Reference); err == nil {
			v.ReferenceParts = t.S("reference.parts", "Country", t.Country(ref.Country), "Year", ref.Year, "Programme", ref.Programme, "Sector", ref.Sector, "Serial", ref.Serial)
		}
	}
	for _, id := range p.ProgrammeIDs {
		if g := l.progs[id]; g != nil {
			v.Programmes = append(v.Programmes, t.Text(g.Name))
		}
	}
	// Partners read as a list ("Germany and Poland"), each institution
	// linked to its page.
	var partners []string
	for _, pp := range p.Partners {
		var s string
		if in := l.institution(pp.InstitutionID); in != nil {
			s = fmt.Sprintf(`<a href="%s">%s</a>`, template.HTMLEscapeString(in.URL), in.Name.HTML())
			if pp.Country != "" {
				s += " (" + template.HTMLEscapeString(t.Country(pp.Country)) + ")"
			}
		} else {
			s = template.HTMLEscapeString(t.Country(pp.Country))
		}
		if pp.Role != registry.PartnerUnspecified {
			s += ", " + template.HTMLEscapeString(t.S("partner."+string(pp.Role)))
		}
		partners = append(partners, s)
	}
	// The parts are escaped already, and the catalog's words are ours.
	v.Partners = template.HTML(t.List(partners))
	var experts []string
	for _, c := range p.ExpertCountries {
		experts = append(experts, t.Country(c))
	}
	v.ExpertCountries = t.List(experts)
	for _, c := range p.Components {
		cv := componentView{Number: c.Number, Title: t.Text(c.Title)}
		for _, r := range c.Results {
			cv.Results = append(cv.Results, t.Text(r.Title))
		}
		for _, a := range c.Activities {
			at := t.Text(a.Title)
			if a.Code != "" {
				at.Text = a.Code + " " + at.Text
			}
			cv.Activities = append(cv.Activities, at)
		}
		v.Components = append(v.Components, cv)
	}
	if p.Budget != nil {
		v.Budget = p.Budget.Currency + " " + p.Budget.Amount
	}
	return v
}

// attachEvents lists under each component the events held under it.
func attachEvents(projects []*projectView, events []*eventView) {
	byID := map[int64]*projectView{}
	for _, pv := range projects {
		byID[pv.id] = pv
	}
	for _, ev := range events {
		if pv := byID[ev.projectID]; pv != nil && ev.componentNo != 0 {
			for i := range pv.Components {
				if pv.Components[i].Number == ev.componentNo {
					pv.Components[i].Events = append(pv.Components[i].Events, ev)
				}
			}
		}
	}
}

func (l *loader) publication(p *registry.Publication) *publicationView {
	t := l.t
	v := &publicationView{
		Anchor:  "publication-" + p.Slug,
		Title:   t.Text(p.Title),
		Venue:   p.Venue,
		By:      l.institution(p.PublisherID),
		When:    t.Date(p.Date),
		Link:    p.Link,
		Summary: t.Text(p.Summary),
	}
	if p.ItemCount > 0 {
		v.Line = t.N("publication.items."+string(p.Kind), p.ItemCount)
	}
	return v
}

// List joins items as the language does: "A, B and C".
func (t Tr) List(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return t.S("list.and", "Head", strings.Join(items[:len(items)-1], ", "), "Last", items[len(items)-1])
}

func isoRange(start, end registry.Date) string {
	if end.IsZero() {
		return start.String()
	}
	return start.String() + "/" + end.String()
}

func itoa(n int) string { return fmt.Sprint(n) }

// roleHeading names a role for a list of n people. It shows no number,
// so it says one or several: 21 speakers are "Докладчики", though Russian
// counts 21 as it counts 1.
func roleHeading(t Tr, role registry.ParticipantRole, n int) string {
	if n > 1 {
		n = 5 // a number every language calls several
	}
	return t.N("role."+string(role), n)
}
