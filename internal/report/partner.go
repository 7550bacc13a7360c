package report

import (
	"context"
	"fmt"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// PartnerQuery asks for the one-page summary of a partnership.
type PartnerQuery struct {
	// Slug is the cooperation page's (partnership's) slug.
	Slug string
	Lang string
	Now  time.Time
}

// summaryList is how many projects and events the summary names: the
// most recent, with the totals beside them, so that it stays one page.
const summaryList = 8

// Partner builds the public one-page summary of a partnership from
// published records only, in one snapshot and a fixed number of
// queries: the partnership, its partner and programmes, the counts per
// instrument and kind, and the most recent projects and events.
func Partner(ctx context.Context, st *store.Store, q PartnerQuery) (*Document, error) {
	if err := CheckLang(q.Lang); err != nil {
		return nil, err
	}
	w, err := wordsIn(q.Lang)
	if err != nil {
		return nil, err
	}
	pub := registry.Published
	var d *Document
	err = st.View(ctx, func(rd *store.Reader) error {
		ps, err := rd.PartnershipBySlug(ctx, q.Slug)
		if err != nil {
			return err
		}
		if ps.Status != pub {
			return registry.ErrNotFound
		}
		partner, err := rd.Institution(ctx, ps.PartnerID)
		if err != nil {
			return err
		}
		scope, err := rd.InstitutionTree(ctx, partner.ID)
		if err != nil {
			return err
		}
		progs, err := rd.ProgrammesByID(ctx, ps.ProgrammeIDs)
		if err != nil {
			return err
		}
		uses, err := rd.InstrumentsUsed(ctx, scope, pub)
		if err != nil {
			return err
		}
		f := store.Filter{Partner: scope, Status: pub}
		count := func(kind string) (int, error) {
			g := f
			g.Kind = kind
			return rd.CountEvents(ctx, g)
		}
		events, err := count("")
		if err != nil {
			return err
		}
		visits, err := count(string(registry.StudyVisit))
		if err != nil {
			return err
		}
		missions, err := count(string(registry.ExpertMission))
		if err != nil {
			return err
		}
		projectTotal, err := rd.CountProjects(ctx, f)
		if err != nil {
			return err
		}
		pubs, err := rd.CountPublications(ctx, f)
		if err != nil {
			return err
		}
		recent := f
		recent.Desc, recent.Limit = true, summaryList
		projects, err := rd.ProjectsWithoutIndicators(ctx, recent) // titles, dates and status only
		if err != nil {
			return err
		}
		recentEvents, err := rd.Events(ctx, recent)
		if err != nil {
			return err
		}

		title := w.text(ps.Title)
		d = &Document{Lang: w.lang, Title: w.S("report.partner.title", "Title", title), Subtitle: w.institutionName(partner),
			FileName: fmt.Sprintf("%s-summary-%s", ps.Slug, w.lang), Date: day(q.Now), PageLabel: w.pageLabel}
		if partner.Status != pub {
			d.Subtitle = ""
		}
		d.Fields = append(d.Fields, Field{w.S("report.as_of"), w.date(registry.DateOf(day(q.Now)))})
		var names []string
		for _, id := range ps.ProgrammeIDs {
			if g := progs[id]; g != nil && g.Status == pub {
				names = append(names, withShortName(w.text(g.Name), g.Acronym))
			}
		}
		if len(names) > 0 {
			d.Fields = append(d.Fields, Field{w.S("project.programmes"), w.list(names)})
		}

		figures := Table{ID: "figures", Figures: true, Columns: []Column{{Label: w.S("report.figure")}, {Label: w.S("report.value"), Numeric: true}}}
		add := func(label string, n int) {
			figures.Rows = append(figures.Rows, Row{Cells: []Cell{Text(label), w.int(n)}})
		}
		add(w.S("section.projects"), projectTotal)
		add(w.S("section.events"), events)
		add(w.S("section.study_visits"), visits)
		add(w.S("report.missions"), missions)
		add(w.S("section.publications"), pubs)
		key := Section{ID: "figures", Heading: w.S("report.partner.figures"), Level: 1, Tables: []Table{figures}}
		if len(uses) > 0 {
			t := Table{ID: "instruments", Caption: w.S("cooperation.instruments"), Figures: true, Columns: []Column{{Label: w.S("filter.instrument")},
				{Label: w.S("section.projects"), Numeric: true}, {Label: w.S("section.events"), Numeric: true}}}
			for _, u := range uses {
				t.Rows = append(t.Rows, Row{Cells: []Cell{Text(w.S("instrument." + string(u.Instrument))), w.int(u.Projects), w.int(u.Events)}})
			}
			key.Tables = append(key.Tables, t)
		}
		d.Sections = append(d.Sections, key)

		ps2 := Section{ID: "projects", Heading: w.S("section.projects"), Level: 1}
		if len(projects.Items) == 0 {
			ps2.Paragraphs = []string{w.S("report.none")}
		} else {
			if projectTotal > len(projects.Items) {
				ps2.Paragraphs = []string{w.S("section.showing", "Shown", len(projects.Items), "Total", projectTotal)}
			}
			t := Table{ID: "projects", Columns: []Column{{Label: w.N("type.project", 1)}, {Label: w.S("project.instrument")}, {Label: w.S("project.period")}, {Label: w.S("project.status")}}}
			for _, p := range projects.Items {
				status := w.S("report.status.none")
				if s := p.StatusOn(q.Now); s != registry.StatusUnknown {
					status = w.S("status." + string(s))
				}
				name := w.text(p.Title)
				if p.Reference != "" {
					name += " (" + p.Reference + ")"
				}
				instrument := ""
				if p.Instrument != "" {
					instrument = w.S("instrument." + string(p.Instrument))
				}
				t.Rows = append(t.Rows, Row{Cells: []Cell{Text(name), Text(instrument), Text(w.span(p.Start, p.End)), Text(status)}})
			}
			ps2.Tables = []Table{t}
		}
		d.Sections = append(d.Sections, ps2)

		es := Section{ID: "events", Heading: w.S("home.recent"), Level: 1}
		if len(recentEvents.Items) == 0 {
			es.Paragraphs = []string{w.S("report.none")}
		} else {
			if events > len(recentEvents.Items) {
				es.Paragraphs = []string{w.S("section.showing", "Shown", len(recentEvents.Items), "Total", events)}
			}
			t := Table{ID: "recent-events", Columns: []Column{{Label: w.N("type.event", 1)}, {Label: w.S("gantt.dates")}, {Label: w.S("report.kind")}, {Label: w.S("report.place")}}}
			for i := range recentEvents.Items {
				e := &recentEvents.Items[i]
				t.Rows = append(t.Rows, Row{Cells: []Cell{Text(w.eventTitle(e)), Text(w.span(e.Start, e.End)), Text(w.S("kind." + string(e.Kind))), Text(w.place(e))}})
			}
			es.Tables = []Table{t}
		}
		d.Sections = append(d.Sections, es)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}
