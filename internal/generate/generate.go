// Package generate makes large, realistic, deterministic registries for
// benchmarks and load tests: the same Size and seed always give the same
// records.
//
// Document makes a whole registry in memory, for benchmarks of a few
// thousand events. Network, Stream and Write make the registry of a
// network of institutions over years (`liaison generate`), chunk by
// chunk through the real import path, however large.
package generate

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/registry"
)

// Size says how many records of each kind to make.
type Size struct {
	Institutions int
	People       int
	Projects     int
	Events       int
	Publications int
	Seed         uint64
	// Years spreads a network's registry over that many years up to
	// LastYear (see Network); Stream and Write need it, Document ignores
	// it.
	Years int
}

// ForEvents scales every kind from a number of events, in the proportions
// of a regional network's registry.
func ForEvents(events int, seed uint64) Size {
	return Size{
		Institutions: max(10, events/1000),
		People:       max(10, events/2),
		Projects:     max(2, events/10),
		Events:       events,
		Publications: max(1, events/20),
		Seed:         seed,
	}
}

var (
	memberStates  = []string{"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
	beneficiaries = []string{"AZ", "AM", "GE", "MD", "UA", "MK", "AL", "RS", "ME", "BA", "XK", "TR", "TN", "MA", "JO", "LB", "EG", "DZ"}
	givenNames    = []string{"Anna", "Jonas", "Marie", "Pierre", "Aleksandra", "Martynas", "Elena", "Giorgi", "Leyla", "Tomasz", "Sofia", "Jan", "Ingrid", "Nikos", "Rasa", "Ayşe", "Farid", "Nino", "Katarzyna", "Dimitri"}
	familyNames   = []string{"Normantas", "Fontaine", "Stehouwer", "Wentkowska", "Müller", "Papadopoulos", "Kowalski", "Silva", "Jansen", "Novak", "Horvat", "Aliyev", "Beridze", "Petrov", "Dubois", "Rossi", "Nielsen", "Svensson", "Virtanen", "Kaya"}
	topics        = []string{"the national preventive mechanism", "complaints handling", "regional offices", "the rights of the child", "equality and non-discrimination", "freedom of information", "the rights of persons with disabilities", "prison monitoring", "migrants' rights", "human rights education"}
	verbs         = []string{"Strengthening", "Developing", "Supporting", "Improving", "Reviewing"}
	kinds         = []registry.EventKind{registry.Seminar, registry.Workshop, registry.StudyVisit, registry.ExpertMission, registry.Conference, registry.Training, registry.SteeringCommittee, registry.RoundTable}
	roles         = []registry.ParticipantRole{registry.RoleSpeaker, registry.RoleSpeaker, registry.RoleExpert, registry.RoleChair, registry.RoleParticipant}
	titles        = []string{"Ombudsman", "Deputy Ombudsman", "Head of Department", "Legal Adviser", "Senior Expert", "Regional Representative"}
)

// Document returns a registry document of the given size. Institution 1 is
// the European Union, funder of every project and most events, with the
// partnership "eu"; institution 2 is the beneficiary office.
func Document(size Size) *exchange.Document {
	rng := rand.New(rand.NewPCG(size.Seed, size.Seed^0x9e3779b97f4a7c15))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	doc := &exchange.Document{Format: exchange.Format, Version: exchange.Version}

	doc.Institutions = append(doc.Institutions,
		registry.Institution{Meta: registry.Meta{ID: 1, Slug: "european-union"}, Name: registry.T("en", "European Union"), Acronym: "EU", Kind: registry.EUInstitution},
		registry.Institution{Meta: registry.Meta{ID: 2, Slug: "office"}, Name: registry.T("en", "Commissioner for Human Rights (Ombudsman)"), Kind: registry.OmbudsmanOffice, Country: "AZ"},
	)
	for i := int64(3); i <= int64(max(size.Institutions, 3)); i++ {
		c := pick(memberStates)
		in := registry.Institution{Meta: registry.Meta{ID: i, Slug: fmt.Sprintf("institution-%d", i)}, Kind: registry.OmbudsmanOffice, Country: c,
			Name: registry.T("en", fmt.Sprintf("Ombudsman Office %d", i))}
		if i > 10 && rng.IntN(5) == 0 {
			in.ParentID = 3 + rng.Int64N(i-3)
			in.Country = ""
			in.Kind = registry.OtherInstitution
			in.Name = registry.T("en", fmt.Sprintf("Regional Office %d", i))
		}
		doc.Institutions = append(doc.Institutions, in)
	}
	nInst := int64(len(doc.Institutions))
	instCountry := func(id int64) string { return doc.Institutions[id-1].Country }

	for i := int64(1); i <= int64(size.People); i++ {
		inst := 3 + rng.Int64N(max(nInst-2, 1))
		doc.People = append(doc.People, registry.Person{
			Meta: registry.Meta{ID: i, Slug: fmt.Sprintf("person-%d", i)}, Honorific: []registry.Honorific{registry.Mr, registry.Mrs, registry.Dr}[rng.IntN(3)],
			GivenName: pick(givenNames), FamilyName: pick(familyNames),
			Affiliations: []registry.Affiliation{{InstitutionID: min(inst, nInst), Role: registry.T("en", pick(titles))}},
		})
	}
	doc.Programmes = []registry.Programme{
		{Meta: registry.Meta{ID: 1, Slug: "enp"}, Name: registry.T("en", "European Neighbourhood Policy"), Acronym: "ENP", OwnerID: 1},
		{Meta: registry.Meta{ID: 2, Slug: "eap"}, Name: registry.T("en", "Eastern Partnership"), Acronym: "EaP", OwnerID: 1},
	}
	doc.Partnerships = []registry.Partnership{{Meta: registry.Meta{ID: 1, Slug: "eu"}, PartnerID: 1, Title: registry.T("en", "Cooperation with the European Union"),
		Introduction: registry.T("en", "The office's cooperation with the European Union."), ProgrammeIDs: []int64{2, 1}}}

	for i := int64(1); i <= int64(size.Projects); i++ {
		year := 1998 + rng.IntN(29)
		instrument := []registry.Instrument{registry.Twinning, registry.Twinning, registry.TwinningLight, registry.TAIEX}[rng.IntN(4)]
		p := registry.Project{Meta: registry.Meta{ID: i, Slug: fmt.Sprintf("project-%d", i)}, Instrument: instrument, FunderID: 1, BeneficiaryID: 2,
			Title:        registry.T("en", fmt.Sprintf("%s %s (%d)", pick(verbs), pick(topics), i)),
			Start:        registry.NewDate(year, 1+rng.IntN(12), 0),
			ProgrammeIDs: []int64{1 + rng.Int64N(2)},
		}
		switch instrument {
		case registry.Twinning:
			p.DurationMonths = 24
			p.Reference = fmt.Sprintf("%s/%02d/ENI/JH/%02d", pick(beneficiaries), year%100, 1+rng.IntN(40))
			p.Partners = []registry.ProjectPartner{{InstitutionID: 3 + rng.Int64N(max(nInst-2, 1)), Role: registry.LeadPartner}}
			p.ExpertCountries = []string{memberStates[rng.IntN(9)], memberStates[9+rng.IntN(9)], memberStates[18+rng.IntN(9)]}
			for c := 1; c <= 1+rng.IntN(3); c++ {
				p.Components = append(p.Components, registry.Component{Number: c, Title: registry.T("en", capitalize(pick(topics))),
					Results: []registry.Result{{Title: registry.T("en", "Capacity of the office strengthened")}}})
			}
		case registry.TwinningLight:
			p.DurationMonths, p.DurationUpTo = 6, true
			p.Reference = fmt.Sprintf("%s%02d/ENP-PCA/JH/%02d", pick(beneficiaries), year%100, 1+rng.IntN(40))
		}
		for j := range p.Partners {
			p.Partners[j].InstitutionID = min(p.Partners[j].InstitutionID, nInst)
			if instCountry(p.Partners[j].InstitutionID) == "" {
				p.Partners[j].InstitutionID = 3
			}
		}
		doc.Projects = append(doc.Projects, p)
	}

	for i := int64(1); i <= int64(size.Events); i++ {
		kind := kinds[rng.IntN(len(kinds))]
		year := 1998 + rng.IntN(29)
		month, day := 1+rng.IntN(12), 1+rng.IntN(28)
		e := registry.Event{Meta: registry.Meta{ID: i, Slug: fmt.Sprintf("event-%d", i)}, Kind: kind, Start: registry.NewDate(year, month, day), FunderID: 1,
			Title: registry.T("en", fmt.Sprintf("%s %s", pick(verbs), pick(topics)))}
		if day < 26 && rng.IntN(3) == 0 {
			e.End = registry.NewDate(year, month, day+1+rng.IntN(3))
		}
		if kind == registry.StudyVisit {
			e.Country = pick(memberStates)
		} else {
			e.Country = "AZ"
		}
		if len(doc.Projects) > 0 && rng.IntN(2) == 0 {
			p := &doc.Projects[rng.IntN(len(doc.Projects))]
			e.ProjectID = p.ID
			if len(p.Components) > 0 {
				e.Component = p.Components[rng.IntN(len(p.Components))].Number
			}
			e.FunderID = 0
		} else {
			e.Instrument = registry.TAIEX
		}
		seen := map[int64]bool{}
		for range rng.IntN(6) {
			if size.People == 0 {
				break
			}
			person := 1 + rng.Int64N(int64(size.People))
			if seen[person] {
				continue
			}
			seen[person] = true
			aff := doc.People[person-1].Affiliations[0]
			e.Participants = append(e.Participants, registry.Participant{PersonID: person, Role: roles[rng.IntN(len(roles))], Title: aff.Role, InstitutionID: aff.InstitutionID})
		}
		doc.Events = append(doc.Events, e)
	}
	for i := int64(1); i <= int64(size.Publications); i++ {
		pb := registry.Publication{Meta: registry.Meta{ID: i, Slug: fmt.Sprintf("publication-%d", i)}, Kind: registry.PubArticle, Venue: "European Ombudsmen", PublisherID: 1,
			Date: registry.NewDate(1998+rng.IntN(29), 0, 0)}
		if rng.IntN(4) == 0 {
			pb.ItemCount = 1 + rng.IntN(12)
		} else {
			pb.Title = registry.T("en", fmt.Sprintf("%s %s", pick(verbs), pick(topics)))
		}
		doc.Publications = append(doc.Publications, pb)
	}
	publish(doc)
	return doc
}

// publish makes every record public, as in a registry that has been kept
// for years.
func publish(doc *exchange.Document) {
	for i := range doc.Institutions {
		doc.Institutions[i].Status = registry.Published
	}
	for i := range doc.People {
		doc.People[i].Status = registry.Published
	}
	for i := range doc.Programmes {
		doc.Programmes[i].Status = registry.Published
	}
	for i := range doc.Partnerships {
		doc.Partnerships[i].Status = registry.Published
	}
	for i := range doc.Projects {
		doc.Projects[i].Status = registry.Published
	}
	for i := range doc.Events {
		doc.Events[i].Status = registry.Published
	}
	for i := range doc.Publications {
		doc.Publications[i].Status = registry.Published
	}
}

func capitalize(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// Offset moves every record of doc to ids n above its own, and every slug
// under the prefix "g-", so that the document can be imported beside
// another registry (the demonstration records) without replacing it.
func Offset(doc *exchange.Document, n int64) {
	ref := func(id *int64) {
		if *id != 0 {
			*id += n
		}
	}
	meta := func(m *registry.Meta) {
		ref(&m.ID)
		m.Slug = "g-" + m.Slug
	}
	refs := func(ids []int64) {
		for i := range ids {
			ref(&ids[i])
		}
	}
	for i := range doc.Institutions {
		in := &doc.Institutions[i]
		meta(&in.Meta)
		ref(&in.ParentID)
	}
	for i := range doc.People {
		p := &doc.People[i]
		meta(&p.Meta)
		for j := range p.Affiliations {
			ref(&p.Affiliations[j].InstitutionID)
		}
	}
	for i := range doc.Programmes {
		meta(&doc.Programmes[i].Meta)
		ref(&doc.Programmes[i].OwnerID)
	}
	for i := range doc.Partnerships {
		p := &doc.Partnerships[i]
		meta(&p.Meta)
		ref(&p.PartnerID)
		refs(p.ProgrammeIDs)
	}
	for i := range doc.Projects {
		p := &doc.Projects[i]
		meta(&p.Meta)
		ref(&p.FunderID)
		ref(&p.BeneficiaryID)
		refs(p.ProgrammeIDs)
		for j := range p.Partners {
			ref(&p.Partners[j].InstitutionID)
		}
	}
	for i := range doc.Events {
		e := &doc.Events[i]
		meta(&e.Meta)
		ref(&e.ProjectID)
		ref(&e.FunderID)
		for j := range e.Participants {
			ref(&e.Participants[j].PersonID)
			ref(&e.Participants[j].InstitutionID)
		}
	}
	for i := range doc.Publications {
		meta(&doc.Publications[i].Meta)
		ref(&doc.Publications[i].PublisherID)
	}
}
