package store_test

import (
	"reflect"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// figureFixture is a small registry whose figures are known: a funder,
// two partner institutions (one a draft), two people (one a draft), two
// projects (one a draft) and five events (one a draft).
type figureFixture struct {
	eu, fr, draftInst, ana, ben int64
	project, draftProject       int64
}

func writeFigureFixture(t *testing.T, st *store.Store) figureFixture {
	t.Helper()
	var fx figureFixture
	pub := registry.Meta{Status: registry.Published}
	mustWrite(t, st, func(tx *store.Tx) error {
		for _, in := range []struct {
			id   *int64
			name string
			kind registry.InstitutionKind
			cc   string
			meta registry.Meta
		}{
			{&fx.eu, "European Union", registry.EUInstitution, "", pub},
			{&fx.fr, "Défenseur des droits", registry.OmbudsmanOffice, "FR", pub},
			{&fx.draftInst, "Draft office", registry.OmbudsmanOffice, "LT", registry.Meta{Status: registry.Draft}},
		} {
			i := &registry.Institution{Meta: in.meta, Name: registry.Text{"en": in.name}, Kind: in.kind, Country: in.cc}
			if _, err := tx.CreateInstitution(ctx, i); err != nil {
				return err
			}
			*in.id = i.ID
		}
		ana := &registry.Person{Meta: pub, GivenName: "Ana", FamilyName: "Kovač"}
		ben := &registry.Person{Meta: registry.Meta{Status: registry.Draft}, GivenName: "Ben", FamilyName: "Draft"}
		for _, p := range []*registry.Person{ana, ben} {
			if _, err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
		}
		fx.ana, fx.ben = ana.ID, ben.ID
		project := &registry.Project{Meta: pub, Instrument: registry.OtherInstrument, Title: registry.Text{"en": "Complaints handling"},
			FunderID: fx.eu, Start: registry.NewDate(2019, 3, 1), End: registry.NewDate(2021, 2, 28),
			Partners:        []registry.ProjectPartner{{InstitutionID: fx.fr, Role: registry.PartnerRole("lead")}, {InstitutionID: fx.draftInst, Role: registry.PartnerRole("junior")}},
			ExpertCountries: []string{"DE", "FR"},
			Components:      []registry.Component{{Number: 1, Title: registry.Text{"en": "Procedures"}}}}
		draft := &registry.Project{Meta: registry.Meta{Status: registry.Draft}, Instrument: registry.OtherInstrument, Title: registry.Text{"en": "Draft project"},
			Start: registry.NewDate(2020, 1, 1), Partners: []registry.ProjectPartner{{Country: "IT", Role: registry.PartnerRole("lead")}}}
		for _, p := range []*registry.Project{project, draft} {
			if _, err := tx.CreateProject(ctx, p); err != nil {
				return err
			}
		}
		fx.project, fx.draftProject = project.ID, draft.ID
		both := []registry.Participant{{PersonID: fx.ana, Role: registry.RoleSpeaker, InstitutionID: fx.fr}, {PersonID: fx.ben, Role: registry.RoleSpeaker, InstitutionID: fx.draftInst}}
		for i, e := range []*registry.Event{
			{Meta: pub, Kind: registry.Seminar, Instrument: registry.TAIEX, FunderID: fx.eu, Start: registry.NewDate(2019, 5, 2), Participants: both},
			{Meta: pub, Kind: registry.Workshop, ProjectID: project.ID, Component: 1, Start: registry.NewDate(2019, 9, 0), Participants: both[:1]},
			{Meta: pub, Kind: registry.Meeting, ProjectID: project.ID, Start: registry.NewDate(2020, 2, 4), Participants: both[1:]},
			{Meta: pub, Kind: registry.Seminar, Instrument: registry.TAIEX, Start: registry.NewDate(2021, 0, 0)},
			{Meta: registry.Meta{Status: registry.Draft}, Kind: registry.Seminar, Instrument: registry.TAIEX, FunderID: fx.eu, Start: registry.NewDate(2020, 6, 1), Participants: both},
		} {
			e.Title = registry.Text{"en": "Event " + string(rune('A'+i))}
			if _, err := tx.CreateEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	return fx
}

func TestFiguresCountPublishedRecordsPublicly(t *testing.T) {
	st := storetest.Open(t)
	fx := writeFigureFixture(t, st)
	var years []store.YearInstrumentCount
	var countries []store.CountryCount
	var institutions, people []store.Engaged
	read := func(f store.FigureFilter) {
		t.Helper()
		err := st.View(ctx, func(rd *store.Reader) error {
			var err error
			if years, err = rd.EventsByYear(ctx, f); err != nil {
				return err
			}
			if countries, err = rd.ProjectCountries(ctx, f); err != nil {
				return err
			}
			if institutions, err = rd.EngagedInstitutions(ctx, f, 10); err != nil {
				return err
			}
			people, err = rd.EngagedPeople(ctx, f, 10)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	read(store.FigureFilter{})
	wantYears := []store.YearInstrumentCount{{2019, "other", 1}, {2019, "taiex", 1}, {2020, "other", 1}, {2021, "taiex", 1}}
	if !reflect.DeepEqual(years, wantYears) {
		t.Errorf("public events by year:\n got %+v\nwant %+v", years, wantYears)
	}
	// The draft project's country (IT) is not public; the draft
	// institution's (LT) is, as the published project states it (the
	// store keeps a partner's country with the project). FR is a partner
	// and an experts' country of the one project, counted once.
	wantCountries := []store.CountryCount{{"DE", 0, 1, 1}, {"FR", 1, 1, 1}, {"LT", 1, 0, 1}}
	if !reflect.DeepEqual(countries, wantCountries) {
		t.Errorf("public countries:\n got %+v\nwant %+v", countries, wantCountries)
	}
	if len(institutions) != 1 || institutions[0].ID != fx.fr || institutions[0].Events != 2 || institutions[0].Name["en"] != "Défenseur des droits" {
		t.Errorf("public institutions: %+v", institutions)
	}
	if len(people) != 1 || people[0].ID != fx.ana || people[0].Events != 2 || people[0].Person.Name() != "Ana Kovač" {
		t.Errorf("public people: %+v", people)
	}

	read(store.FigureFilter{Drafts: true})
	wantYears = []store.YearInstrumentCount{{2019, "other", 1}, {2019, "taiex", 1}, {2020, "other", 1}, {2020, "taiex", 1}, {2021, "taiex", 1}}
	if !reflect.DeepEqual(years, wantYears) {
		t.Errorf("staff events by year:\n got %+v\nwant %+v", years, wantYears)
	}
	wantCountries = []store.CountryCount{{"DE", 0, 1, 1}, {"FR", 1, 1, 1}, {"IT", 1, 0, 1}, {"LT", 1, 0, 1}}
	if !reflect.DeepEqual(countries, wantCountries) {
		t.Errorf("staff countries:\n got %+v\nwant %+v", countries, wantCountries)
	}
	if len(institutions) != 2 || institutions[0].ID != fx.fr || institutions[1].ID != fx.draftInst || institutions[0].Events != 3 || institutions[1].Events != 3 {
		t.Errorf("staff institutions (Défenseur des droits and Draft office, 3 events each, by name): %+v", institutions)
	}
	if len(people) != 2 || people[0].Events != 3 {
		t.Errorf("staff people: %+v", people)
	}

	read(store.FigureFilter{FromYear: 2020, ToYear: 2021, Instrument: registry.TAIEX})
	if want := []store.YearInstrumentCount{{2021, "taiex", 1}}; !reflect.DeepEqual(years, want) {
		t.Errorf("TAIEX events of 2020-2021: %+v", years)
	}
	if len(countries) != 0 || len(institutions) != 0 {
		t.Errorf("no TAIEX project, no participant in 2020-2021: %+v %+v", countries, institutions)
	}

	read(store.FigureFilter{PartnerID: fx.fr})
	if want := []store.YearInstrumentCount{{2019, "other", 1}, {2020, "other", 1}}; !reflect.DeepEqual(years, want) {
		t.Errorf("events of the French partner's project: %+v", years)
	}
	read(store.FigureFilter{PartnerID: fx.eu})
	if want := []store.YearInstrumentCount{{2019, "other", 1}, {2019, "taiex", 1}, {2020, "other", 1}}; !reflect.DeepEqual(years, want) {
		t.Errorf("events the EU funded, itself or through its project: %+v", years)
	}
}

func TestTimelineProjectsPagesAndMarks(t *testing.T) {
	st := storetest.Open(t)
	fx := writeFigureFixture(t, st)
	page := func(f store.FigureFilter, limit, offset int) ([]store.TimelineProject, int) {
		t.Helper()
		var ps []store.TimelineProject
		var total int
		err := st.View(ctx, func(rd *store.Reader) error {
			var err error
			ps, total, err = rd.TimelineProjects(ctx, f, limit, offset)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return ps, total
	}
	ps, total := page(store.FigureFilter{}, 50, 0)
	if total != 1 || len(ps) != 1 || ps[0].ID != fx.project {
		t.Fatalf("public timeline: %d in all, %+v", total, ps)
	}
	p := ps[0]
	if p.Start.String() != "2019-03-01" || p.End.String() != "2021-02-28" || len(p.Components) != 1 || p.Components[0].Number != 1 {
		t.Errorf("project row: %+v", p)
	}
	if len(p.Events) != 2 || p.Events[0].Kind != registry.Workshop || p.Events[0].ComponentNumber != 1 || p.Events[1].ComponentNumber != 0 {
		t.Errorf("the project's two events as marks, the first in component 1: %+v", p.Events)
	}

	ps, total = page(store.FigureFilter{Drafts: true}, 1, 0)
	if total != 2 || len(ps) != 1 || ps[0].ID != fx.project {
		t.Fatalf("staff timeline, first page of one: %d in all, %+v", total, ps)
	}
	ps, _ = page(store.FigureFilter{Drafts: true}, 1, 1)
	if len(ps) != 1 || ps[0].ID != fx.draftProject || !ps[0].End.IsZero() {
		t.Fatalf("staff timeline, second page: %+v", ps)
	}
	ps, total = page(store.FigureFilter{Drafts: true, FromYear: 2021, ToYear: 2030}, 50, 0)
	if total != 2 || len(ps[0].Events) != 0 {
		t.Errorf("projects running from 2021 (the draft's end is not known: it may still run) with no event then: %d %+v", total, ps)
	}
	ps, total = page(store.FigureFilter{Drafts: true, FromYear: 2022}, 50, 0)
	if total != 1 || ps[0].ID != fx.draftProject {
		t.Errorf("from 2022 only the project whose end is not known: %d %+v", total, ps)
	}
	ps, total = page(store.FigureFilter{Drafts: true, ToYear: 2019}, 50, 0)
	if total != 1 || len(ps[0].Events) != 1 {
		t.Errorf("projects and events up to 2019: %d %+v", total, ps)
	}
}

func TestPartnerBySlug(t *testing.T) {
	st := storetest.Open(t)
	writeFigureFixture(t, st)
	var slug, draftSlug string
	st.View(ctx, func(rd *store.Reader) error {
		in, _ := rd.Institution(ctx, 2)
		slug = in.Slug
		d, _ := rd.Institution(ctx, 3)
		draftSlug = d.Slug
		return nil
	})
	if id, err := st.PartnerBySlug(ctx, slug, false); err != nil || id != 2 {
		t.Errorf("institution by slug: %d %v", id, err)
	}
	if _, err := st.PartnerBySlug(ctx, draftSlug, false); err != registry.ErrNotFound {
		t.Errorf("a draft institution publicly: %v", err)
	}
	if id, err := st.PartnerBySlug(ctx, draftSlug, true); err != nil || id != 3 {
		t.Errorf("a draft institution for staff: %d %v", id, err)
	}
}

func TestProjectsWithIndicators(t *testing.T) {
	st := storetest.Open(t)
	fx := writeFigureFixture(t, st)
	var measured, draftMeasured int64
	mustWrite(t, st, func(tx *store.Tx) error {
		for _, status := range []registry.Status{registry.Published, registry.Draft} {
			p := &registry.Project{Meta: registry.Meta{Status: status}, Instrument: registry.OtherInstrument, Title: registry.Text{"en": "Measured " + string(status)},
				Start: registry.NewDate(2022, 1, 1), Components: []registry.Component{{Number: 1, Title: registry.Text{"en": "C"},
					Results: []registry.Result{{Title: registry.Text{"en": "R"}, Indicators: []registry.Indicator{{Title: registry.Text{"en": "Complaints answered"}, Baseline: "0", Target: "10"}}}}}}}
			if _, err := tx.CreateProject(ctx, p); err != nil {
				return err
			}
			if status == registry.Published {
				measured = p.ID
			} else {
				draftMeasured = p.ID
			}
		}
		return nil
	})
	ids := func(f store.FigureFilter) []int64 {
		t.Helper()
		got, err := st.ProjectsWithIndicators(ctx, f, 10)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := ids(store.FigureFilter{}); !reflect.DeepEqual(got, []int64{measured}) {
		t.Errorf("public: %v, want only %d (not %d without indicators)", got, measured, fx.project)
	}
	if got := ids(store.FigureFilter{Drafts: true}); !reflect.DeepEqual(got, []int64{measured, draftMeasured}) {
		t.Errorf("staff: %v", got)
	}
	if got := ids(store.FigureFilter{ToYear: 2021}); len(got) != 0 {
		t.Errorf("up to 2021: %v", got)
	}
}

// The rankings count each event once per person or institution, leave
// out draft events and draft records publicly, and break ties by name;
// the same whether the filter keeps most events (every participation is
// counted, less those of the events left out) or few (the kept events'
// participations are counted), which the store chooses between.
func TestEngagedRankings(t *testing.T) {
	st := storetest.Open(t)
	pub, draft := registry.Meta{Status: registry.Published}, registry.Meta{Status: registry.Draft}
	// Created in the reverse of their names' order, so that a tie broken
	// by id would come out the other way.
	var beta, alpha, draftInst int64
	var cem, ben, ana, dan, eva int64
	mustWrite(t, st, func(tx *store.Tx) error {
		for _, in := range []struct {
			id   *int64
			name string
			meta registry.Meta
		}{{&beta, "Beta office", pub}, {&alpha, "Alpha office", pub}, {&draftInst, "Draft office", draft}} {
			i := &registry.Institution{Meta: in.meta, Name: registry.Text{"en": in.name}, Kind: registry.OmbudsmanOffice, Country: "FR"}
			if _, err := tx.CreateInstitution(ctx, i); err != nil {
				return err
			}
			*in.id = i.ID
		}
		for _, p := range []struct {
			id            *int64
			given, family string
			meta          registry.Meta
		}{{&cem, "Cem", "Clark", pub}, {&ben, "Ben", "Berg", pub}, {&ana, "Ana", "Adams", pub}, {&dan, "Dan", "Draft", draft}, {&eva, "Eva", "Draft", draft}} {
			person := &registry.Person{Meta: p.meta, GivenName: p.given, FamilyName: p.family}
			if _, err := tx.CreatePerson(ctx, person); err != nil {
				return err
			}
			*p.id = person.ID
		}
		at := map[int64]int64{ana: alpha, cem: alpha, ben: beta, eva: beta, dan: draftInst}
		came := func(people ...int64) []registry.Participant {
			var out []registry.Participant
			for _, p := range people {
				out = append(out, registry.Participant{PersonID: p, Role: registry.RoleParticipant, InstitutionID: at[p]})
			}
			return out
		}
		// Six published events in 2019; two published and one draft in
		// 2020. At the first 2020 event Ben is listed twice, the second
		// time as its chair for no institution. Alpha office funds the
		// first seven; the eighth has neither funder nor project.
		events := []struct {
			meta   registry.Meta
			start  registry.Date
			people []registry.Participant
		}{
			{pub, registry.NewDate(2019, 1, 10), came(ana, dan, eva)},
			{pub, registry.NewDate(2019, 2, 10), came(ana, dan, eva)},
			{pub, registry.NewDate(2019, 3, 10), came(ana, cem, eva)},
			{pub, registry.NewDate(2019, 4, 10), came(ben, cem, dan, eva)},
			{pub, registry.NewDate(2019, 5, 10), came(eva)},
			{pub, registry.NewDate(2019, 6, 10), nil},
			{pub, registry.NewDate(2020, 1, 10), append(came(ana, ben, dan), registry.Participant{PersonID: ben, Role: registry.RoleChair})},
			{pub, registry.NewDate(2020, 2, 10), came(ben, cem, dan)},
			{draft, registry.NewDate(2020, 3, 10), came(cem, eva)},
		}
		for i, e := range events {
			ev := &registry.Event{Meta: e.meta, Kind: registry.Seminar, Title: registry.Text{"en": "Event " + string(rune('A'+i))},
				Instrument: registry.TAIEX, Start: e.start, Participants: e.people}
			if i < 7 {
				ev.FunderID = alpha
			}
			if _, err := tx.CreateEvent(ctx, ev); err != nil {
				return err
			}
		}
		return nil
	})
	type rank struct {
		id     int64
		events int
	}
	ranking := func(f store.FigureFilter, limit int) (institutions, people []rank) {
		t.Helper()
		err := st.View(ctx, func(rd *store.Reader) error {
			in, err := rd.EngagedInstitutions(ctx, f, limit)
			if err != nil {
				return err
			}
			pe, err := rd.EngagedPeople(ctx, f, limit)
			for _, e := range in {
				institutions = append(institutions, rank{e.ID, e.Events})
			}
			for _, e := range pe {
				people = append(people, rank{e.ID, e.Events})
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return institutions, people
	}
	for _, c := range []struct {
		name                 string
		f                    store.FigureFilter
		limit                int
		institutions, people []rank
	}{
		// Eva (5 events) and Dan (5) are drafts: the first two shown are
		// Ana (4), then Ben and Cem (3 each) by name.
		{"public, every year (most events kept)", store.FigureFilter{}, 2,
			[]rank{{beta, 7}, {alpha, 6}}, []rank{{ana, 4}, {ben, 3}}},
		{"staff, every year (most events kept)", store.FigureFilter{Drafts: true}, 3,
			[]rank{{beta, 8}, {alpha, 7}, {draftInst, 5}}, []rank{{eva, 6}, {dan, 5}, {ana, 4}}},
		// Ben's two listings at one event are one event.
		{"public, 2020 (few events kept)", store.FigureFilter{FromYear: 2020, ToYear: 2020}, 10,
			[]rank{{alpha, 2}, {beta, 2}}, []rank{{ben, 2}, {ana, 1}, {cem, 1}}},
		{"staff, 2020 (few events kept)", store.FigureFilter{Drafts: true, FromYear: 2020}, 2,
			[]rank{{alpha, 3}, {beta, 3}}, []rank{{ben, 2}, {cem, 2}}},
		{"public, 2021 on (nothing kept)", store.FigureFilter{FromYear: 2021}, 10, nil, nil},
		// The partner's condition is not false but unknown for the event
		// without funder or project: left out all the same.
		{"public, funded by Alpha office (most events kept)", store.FigureFilter{PartnerID: alpha}, 2,
			[]rank{{beta, 6}, {alpha, 5}}, []rank{{ana, 4}, {ben, 2}}},
	} {
		institutions, people := ranking(c.f, c.limit)
		if !reflect.DeepEqual(institutions, c.institutions) {
			t.Errorf("%s: institutions %v, want %v", c.name, institutions, c.institutions)
		}
		if !reflect.DeepEqual(people, c.people) {
			t.Errorf("%s: people %v, want %v", c.name, people, c.people)
		}
	}
}
