package admin

import (
	"context"
	"fmt"
	"strings"

	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// defineKinds describes the seven record types to the workspace.
func (a *Admin) defineKinds() []kindInfo {
	dateSorts := []option{{"date", "Date"}, {"updated", "Last changed"}, {"id", "Number"}}
	nameSorts := []option{{"name", "Name"}, {"updated", "Last changed"}, {"id", "Number"}}
	return []kindInfo{
		&kind[registry.Institution, *registry.Institution]{a: a, plural: "institutions", single: "institution", heading: "Institutions",
			filters: []string{"q", "status", "kind", "country"}, kinds: kindOptions(registry.InstitutionKinds), sorts: nameSorts,
			list: store.Reader.Institutions, counter: store.Reader.CountInstitutions, get: store.Reader.Institution,
			create: (*store.Tx).CreateInstitution, update: (*store.Tx).UpdateInstitution, remove: (*store.Tx).DeleteInstitution,
			row: func(in *registry.Institution, l *lookups) listRow {
				detail := label(in.Kind)
				if in.Country != "" {
					detail += " · " + country.Name(in.Country, "en")
				}
				if in.ParentID != 0 {
					detail += " · part of " + l.InstitutionName(in.ParentID)
				}
				return listRow{ID: in.ID, Title: in.Name.String(), Detail: detail, Status: in.Status, Version: in.Version}
			},
			refs: func(in *registry.Institution) []ref { return refsOf("institutions", in.ParentID) },
		},
		&kind[registry.Person, *registry.Person]{a: a, plural: "people", single: "person", heading: "People",
			filters: []string{"q", "status", "country"}, sorts: nameSorts,
			list: store.Reader.People, counter: store.Reader.CountPeople, get: store.Reader.Person,
			create: (*store.Tx).CreatePerson, update: (*store.Tx).UpdatePerson, remove: (*store.Tx).DeletePerson,
			row: func(p *registry.Person, l *lookups) listRow {
				return listRow{ID: p.ID, Title: l.PersonName(p.ID, p), Detail: l.PersonDetail(p), Status: p.Status, Version: p.Version}
			},
			refs: func(p *registry.Person) []ref {
				var ids []int64
				for _, af := range p.Affiliations {
					ids = append(ids, af.InstitutionID)
				}
				return refsOf("institutions", ids...)
			},
		},
		&kind[registry.Programme, *registry.Programme]{a: a, plural: "programmes", single: "programme", heading: "Programmes",
			filters: []string{"q", "status", "year"}, sorts: nameSorts,
			list: store.Reader.Programmes, counter: store.Reader.CountProgrammes, get: store.Reader.Programme,
			create: (*store.Tx).CreateProgramme, update: (*store.Tx).UpdateProgramme, remove: (*store.Tx).DeleteProgramme,
			row: func(p *registry.Programme, l *lookups) listRow {
				return listRow{ID: p.ID, Title: p.Name.String(), Detail: p.Acronym, Status: p.Status, Version: p.Version}
			},
			refs: func(p *registry.Programme) []ref { return refsOf("institutions", p.OwnerID) },
		},
		&kind[registry.Partnership, *registry.Partnership]{a: a, plural: "partnerships", single: "partnership", heading: "Partnerships",
			filters: []string{"q", "status"}, sorts: nameSorts,
			list: store.Reader.Partnerships, counter: store.Reader.CountPartnerships, get: store.Reader.Partnership,
			create: (*store.Tx).CreatePartnership, update: (*store.Tx).UpdatePartnership, remove: (*store.Tx).DeletePartnership,
			row: func(p *registry.Partnership, l *lookups) listRow {
				return listRow{ID: p.ID, Title: p.Title.String(), Detail: "/en/cooperation/" + p.Slug + " · " + l.InstitutionName(p.PartnerID), Status: p.Status, Version: p.Version}
			},
			refs: func(p *registry.Partnership) []ref {
				return append(refsOf("institutions", p.PartnerID), refsOf("programmes", p.ProgrammeIDs...)...)
			},
		},
		&kind[registry.Project, *registry.Project]{a: a, plural: "projects", single: "project", heading: "Projects",
			filters: []string{"q", "status", "instrument", "year", "country"}, sorts: dateSorts, documents: true,
			list: store.Reader.Projects, counter: store.Reader.CountProjects, get: store.Reader.Project,
			create: (*store.Tx).CreateProject, update: (*store.Tx).UpdateProject, remove: (*store.Tx).DeleteProject,
			row: func(p *registry.Project, l *lookups) listRow {
				parts := []string{label(p.Instrument)}
				if p.Reference != "" {
					parts = append(parts, p.Reference)
				}
				if !p.Start.IsZero() {
					parts = append(parts, p.Start.String())
				}
				return listRow{ID: p.ID, Title: p.Title.String(), Detail: strings.Join(parts, " · "), Status: p.Status, Version: p.Version}
			},
			refs: func(p *registry.Project) []ref {
				ids := []int64{p.FunderID, p.BeneficiaryID}
				for _, pp := range p.Partners {
					ids = append(ids, pp.InstitutionID)
				}
				return append(refsOf("institutions", ids...), refsOf("programmes", p.ProgrammeIDs...)...)
			},
		},
		&kind[registry.Event, *registry.Event]{a: a, plural: "events", single: "event", heading: "Events",
			filters: []string{"q", "status", "kind", "instrument", "year", "country"}, kinds: kindOptions(registry.EventKinds), sorts: dateSorts, documents: true,
			list: store.Reader.Events, counter: store.Reader.CountEvents, get: store.Reader.Event,
			create: (*store.Tx).CreateEvent, update: (*store.Tx).UpdateEvent, remove: (*store.Tx).DeleteEvent,
			row: func(e *registry.Event, l *lookups) listRow {
				title := e.Title.String()
				if title == "" {
					title = label(e.Kind)
				}
				detail := label(e.Kind) + " · " + e.Start.String()
				if e.Country != "" {
					detail += " · " + country.Name(e.Country, "en")
				}
				if n := len(e.Participants); n > 0 {
					detail += fmt.Sprintf(" · %d people", n)
				}
				return listRow{ID: e.ID, Title: title, Detail: detail, Status: e.Status, Version: e.Version}
			},
			refs: func(e *registry.Event) []ref {
				var people, insts []int64
				insts = append(insts, e.FunderID)
				for _, p := range e.Participants {
					people = append(people, p.PersonID)
					insts = append(insts, p.InstitutionID)
				}
				return append(append(refsOf("people", people...), refsOf("institutions", insts...)...), refsOf("projects", e.ProjectID)...)
			},
		},
		&kind[registry.Publication, *registry.Publication]{a: a, plural: "publications", single: "publication", heading: "Publications",
			filters: []string{"q", "status", "kind", "year"}, kinds: kindOptions(registry.PublicationKinds), sorts: dateSorts, documents: true,
			list: store.Reader.Publications, counter: store.Reader.CountPublications, get: store.Reader.Publication,
			create: (*store.Tx).CreatePublication, update: (*store.Tx).UpdatePublication, remove: (*store.Tx).DeletePublication,
			row: func(p *registry.Publication, l *lookups) listRow {
				title := p.Title.String()
				if title == "" {
					title = fmt.Sprintf("%d %s", p.ItemCount, label(p.Kind))
				}
				detail := p.Venue
				if !p.Date.IsZero() {
					detail += " · " + p.Date.String()
				}
				return listRow{ID: p.ID, Title: title, Detail: detail, Status: p.Status, Version: p.Version}
			},
			refs: func(p *registry.Publication) []ref { return refsOf("institutions", p.PublisherID) },
		},
	}
}

func refsOf(kind string, ids ...int64) []ref {
	var out []ref
	for _, id := range ids {
		if id > 0 {
			out = append(out, ref{kind, id})
		}
	}
	return out
}

// label turns a code into words: "study_visit" -> "Study visit".
func label[S ~string](code S) string {
	return capitalize(strings.ReplaceAll(string(code), "_", " "))
}

func kindOptions[S ~string](codes []S) []option {
	out := make([]option, len(codes))
	for i, c := range codes {
		out[i] = option{string(c), label(c)}
	}
	return out
}

// optionSets are the choices a form's selects offer.
type optionSets struct {
	Institutions     []option
	Programmes       []option
	Projects         []option
	Countries        []option
	InstitutionKinds []option
	EventKinds       []option
	PublicationKinds []option
	Instruments      []option
	Roles            []option
	PartnerRoles     []option
	ActivityStatuses []option
	Honorifics       []option
	Statuses         []option
}

// Selects list at most this many records; beyond, the most recent.
const maxOptions = 2000

func (a *Admin) optionSets(ctx context.Context, rd *store.Reader, noun string) (*optionSets, error) {
	o := &optionSets{
		InstitutionKinds: kindOptions(registry.InstitutionKinds),
		EventKinds:       kindOptions(registry.EventKinds),
		PublicationKinds: kindOptions(registry.PublicationKinds),
		Instruments:      []option{{"twinning", "Twinning"}, {"twinning_light", "Twinning Light"}, {"taiex", "TAIEX"}, {"other", "Other"}},
		Roles:            kindOptions(registry.ParticipantRoles),
		PartnerRoles:     []option{{"lead", "Lead partner"}, {"junior", "Junior partner"}, {"partner", "Partner (role not known)"}},
		ActivityStatuses: kindOptions(registry.ActivityStatuses),
		Honorifics:       []option{{"mr", "Mr."}, {"mrs", "Mrs."}, {"ms", "Ms."}, {"dr", "Dr."}, {"prof", "Prof."}},
		Statuses:         []option{{"draft", "Draft (not public)"}, {"published", "Published"}},
	}
	for _, c := range country.All() {
		o.Countries = append(o.Countries, option{c.Code, c.Name + " (" + c.Code + ")"})
	}
	f := store.Filter{Limit: store.MaxLimit}
	for len(o.Institutions) < maxOptions {
		page, err := rd.Institutions(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, in := range page.Items {
			l := in.Name.String()
			if in.Country != "" {
				l += " (" + in.Country + ")"
			}
			o.Institutions = append(o.Institutions, option{fmt.Sprint(in.ID), l})
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
	for _, p := range progs.Items {
		l := p.Name.String()
		if p.Acronym != "" {
			l += " (" + p.Acronym + ")"
		}
		o.Programmes = append(o.Programmes, option{fmt.Sprint(p.ID), l})
	}
	if noun == "event" {
		projs, err := rd.Projects(ctx, store.Filter{Limit: store.MaxLimit, Desc: true})
		if err != nil {
			return nil, err
		}
		for _, p := range projs.Items {
			l := p.Title.String()
			if p.Reference != "" {
				l = p.Reference + " · " + l
			}
			o.Projects = append(o.Projects, option{fmt.Sprint(p.ID), clip(l, 120)})
		}
	}
	return o, nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// lookups name the records that listed or edited records refer to.
type lookups struct {
	Institutions map[int64]*registry.Institution
	People       map[int64]*registry.Person
	Projects     map[int64]*registry.Project
}

// InstitutionName is an institution's name, or its number if unknown.
func (l *lookups) InstitutionName(id int64) string {
	if in := l.Institutions[id]; in != nil {
		return in.Name.String()
	}
	if id == 0 {
		return ""
	}
	return fmt.Sprintf("institution %d", id)
}

// PersonName is "Mr. Given Family".
func (l *lookups) PersonName(id int64, p *registry.Person) string {
	if p == nil {
		p = l.People[id]
	}
	if p == nil {
		return fmt.Sprintf("person %d", id)
	}
	name := p.Name()
	if h := map[registry.Honorific]string{"mr": "Mr.", "mrs": "Mrs.", "ms": "Ms.", "dr": "Dr.", "prof": "Prof."}[p.Honorific]; h != "" {
		name = h + " " + name
	}
	return name
}

// PersonDetail is a person's first role, institution and country.
func (l *lookups) PersonDetail(p *registry.Person) string {
	if p == nil || len(p.Affiliations) == 0 {
		return ""
	}
	af := p.Affiliations[0]
	var parts []string
	if role := af.Role.String(); role != "" {
		parts = append(parts, role)
	}
	if in := l.Institutions[af.InstitutionID]; in != nil {
		parts = append(parts, in.Name.String())
		if in.Country != "" {
			parts = append(parts, country.Name(in.Country, "en"))
		}
	}
	return strings.Join(parts, ", ")
}

// Person is the person with id, for templates.
func (l *lookups) Person(id string) *registry.Person {
	var n int64
	fmt.Sscan(id, &n)
	return l.People[n]
}

// PersonLabel names the person with id (a form value) and their place.
func (l *lookups) PersonLabel(id string) string {
	var n int64
	fmt.Sscan(id, &n)
	p := l.People[n]
	if p == nil {
		return "person " + id
	}
	s := l.PersonName(n, p)
	if d := l.PersonDetail(p); d != "" {
		s += " — " + d
	}
	return s
}

// Components lists the components of the project with id (a form value).
func (l *lookups) Components(id string) []option {
	var n int64
	fmt.Sscan(id, &n)
	p := l.Projects[n]
	if p == nil {
		return nil
	}
	var out []option
	for _, c := range p.Components {
		out = append(out, option{fmt.Sprint(c.Number), fmt.Sprintf("Component %d: %s", c.Number, c.Title.String())})
	}
	return out
}

// Activities lists the activities of a component (both form values) of
// the project with id, by code: an event names the activity it carried
// out by its code.
func (l *lookups) Activities(id, component string) []option {
	var n int64
	var number int
	fmt.Sscan(id, &n)
	fmt.Sscan(component, &number)
	p := l.Projects[n]
	if p == nil {
		return nil
	}
	var out []option
	for _, c := range p.Components {
		if c.Number != number {
			continue
		}
		for _, a := range c.Activities {
			if a.Code != "" {
				out = append(out, option{a.Code, a.Code + " " + a.Title.String()})
			}
		}
	}
	return out
}

// lookupsFor loads what the records name, in a few batched queries.
func (a *Admin) lookupsFor(ctx context.Context, rd *store.Reader, items any) (*lookups, error) {
	var insts, people, projects []int64
	add := func(list *[]int64, ids ...int64) { *list = append(*list, ids...) }
	switch items := items.(type) {
	case []registry.Institution:
		for _, in := range items {
			add(&insts, in.ParentID)
		}
	case []registry.Person:
		for _, p := range items {
			for _, af := range p.Affiliations {
				add(&insts, af.InstitutionID)
			}
		}
	case []registry.Partnership:
		for _, p := range items {
			add(&insts, p.PartnerID)
		}
	case []registry.Programme:
		for _, p := range items {
			add(&insts, p.OwnerID)
		}
	case []registry.Project:
		for _, p := range items {
			add(&insts, p.FunderID, p.BeneficiaryID)
			for _, pp := range p.Partners {
				add(&insts, pp.InstitutionID)
			}
		}
	case []registry.Event:
		for _, e := range items {
			add(&insts, e.FunderID)
			add(&projects, e.ProjectID)
			for _, p := range e.Participants {
				add(&people, p.PersonID)
				add(&insts, p.InstitutionID)
			}
		}
	case []registry.Publication:
		for _, p := range items {
			add(&insts, p.PublisherID)
		}
	}
	l := &lookups{}
	var err error
	if l.People, err = rd.PeopleByID(ctx, people); err != nil {
		return nil, err
	}
	for _, p := range l.People {
		for _, af := range p.Affiliations {
			add(&insts, af.InstitutionID)
		}
	}
	if l.Projects, err = rd.ProjectsByID(ctx, projects); err != nil {
		return nil, err
	}
	l.Institutions, err = rd.InstitutionsByID(ctx, insts)
	return l, err
}
