package figures

import (
	"cmp"
	"context"

	"github.com/liaison-registry/liaison/internal/chart"
	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/messages"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/workplan"
)

// TimelinePage is how many projects one page of the timeline shows.
const TimelinePage = 50

// maxSpan bounds the years one timeline spans, so that a record dated
// 1900 by mistake does not squeeze every other bar into a line.
const maxSpan = 60

// Timeline is a page of the projects' timeline.
type Timeline struct {
	Query    Query
	Partners []Partner
	Figure   Figure
	// Gantt is the chart drawn, for the exports.
	Gantt chart.Gantt
	// Total is how many projects the filter keeps; First and Last number
	// the ones shown (from 1), 0 when none.
	Total, First, Last int
	Showing            string // "Projects 1–50 of 230"
	Prev, Next         string // query strings of the pages around, "" for none
}

// BuildTimeline reads a page of projects and draws their Gantt chart.
func BuildTimeline(ctx context.Context, st *store.Store, q Query, w messages.Words, opt Options) (*Timeline, error) {
	tl := &Timeline{Query: q}
	var projects []store.TimelineProject
	var plans map[int64]*workplan.Plan
	err := st.View(ctx, func(rd *store.Reader) error {
		f, err := q.filter(ctx, rd, opt.Drafts, w)
		if err != nil {
			return err
		}
		if tl.Partners, err = partners(ctx, rd, opt.Drafts, w.Lang()); err != nil {
			return err
		}
		if projects, tl.Total, err = rd.TimelineProjects(ctx, f, TimelinePage, (q.Page-1)*TimelinePage); err != nil || len(projects) == 0 {
			return err
		}
		ids := make([]int64, len(projects))
		for i, p := range projects {
			ids[i] = p.ID
		}
		plans, err = rd.ProjectWorkplans(ctx, ids, opt.today(), opt.status())
		return err
	})
	if err != nil {
		return nil, err
	}
	lang := w.Lang()
	link := opt.Link
	if link == nil {
		link = func(string, int64, string) string { return "" }
	}
	fig := Figure{ID: "timeline", Heading: w.S("gantt.title")}
	if len(projects) == 0 {
		if q.Page > 1 && tl.Total > 0 {
			return nil, &QueryError{Fields: []FieldError{{"page", "", w.S("filter.error.page", "Value", q.Page, "Max", (tl.Total+TimelinePage-1)/TimelinePage)}}}
		}
		fig.Empty = w.S("gantt.none")
		tl.Figure = fig
		year := opt.today().Year()
		tl.Gantt = chart.Gantt{Frame: chart.Frame{ID: fig.ID, Title: fig.Heading, Desc: fig.Empty, Lang: lang},
			FromYear: cmp.Or(q.From, q.To, year), ToYear: cmp.Or(q.To, q.From, year)}
		return tl, nil
	}
	tl.First = (q.Page-1)*TimelinePage + 1
	tl.Last = tl.First + len(projects) - 1
	tl.Showing = w.S("gantt.showing", "First", locale.Number(lang, tl.First), "Last", locale.Number(lang, tl.Last), "Total", locale.Number(lang, tl.Total))
	if q.Page > 1 {
		tl.Prev = q.Encode(q.Page - 1)
		if tl.Prev == "" {
			tl.Prev = "?"
		}
	}
	if tl.Last < tl.Total {
		tl.Next = q.Encode(q.Page + 1)
	}

	// The axis: the filter's years, or else the years the page's
	// projects and events span.
	from, to := q.From, q.To
	if from == 0 || to == 0 {
		lo, hi := 0, 0
		see := func(d registry.Date) {
			if d.IsZero() {
				return
			}
			if lo == 0 || d.Year() < lo {
				lo = d.Year()
			}
			hi = max(hi, d.Year())
		}
		for _, p := range projects {
			see(p.Start)
			see(p.End)
			if p.End.IsZero() && !p.Start.IsZero() && p.DurationMonths > 0 {
				see(registry.DateOf(p.Start.First().AddDate(0, p.DurationMonths, -1)))
			}
			for _, e := range p.Events {
				see(e.Start)
			}
			if plan := plans[p.ID]; plan != nil {
				for _, cp := range plan.Components {
					for _, ap := range cp.Activities {
						a := ap.Activity
						see(a.PlannedStart)
						see(a.PlannedEnd)
						see(a.ActualStart)
						see(a.ActualEnd)
					}
				}
			}
		}
		if lo == 0 {
			lo, hi = opt.today().Year(), opt.today().Year()
		}
		if from == 0 {
			from = lo
		}
		if to == 0 {
			to = max(hi, from)
		}
	}
	if to-from+1 > maxSpan {
		from = to - maxSpan + 1
	}

	g := chart.Gantt{FromYear: from, ToYear: to}
	// The table has a row for each of the chart's rows: the project, its
	// components and their activities, with the dates and the number of
	// marks drawn on it.
	fig.Table = Table{Caption: fig.Heading, Head: []string{w.S("gantt.row"), w.S("gantt.instrument"), w.S("gantt.dates"), w.S("gantt.carried_out"), w.S("gantt.events")}}
	open, marks := 0, 0
	withActivities := false
	usedInstruments := map[registry.Instrument]bool{}
	for _, p := range projects {
		title, in := p.Title.In(lang)
		label := title
		if p.Status == registry.Draft {
			label = w.S("gantt.draft", "Title", title)
		}
		color := instrumentColor(p.Instrument)
		usedInstruments[p.Instrument] = true
		row := chart.GanttRow{Label: label}
		dates := w.S("gantt.no_start")
		if !p.Start.IsZero() {
			span := chart.Span{Start: p.Start.First(), Color: color}
			switch {
			case !p.End.IsZero():
				span.End = p.End.Last().AddDate(0, 0, 1)
				dates = locale.Range(lang, p.Start, p.End)
			case p.DurationMonths > 0:
				open++
				span.Kind = chart.OpenEnd
				span.End = p.Start.First().AddDate(0, p.DurationMonths, 0)
				dates = w.N("gantt.open_duration", p.DurationMonths, "Start", locale.Date(lang, p.Start))
			default:
				open++
				span.Kind = chart.OpenEnd
				dates = w.S("gantt.open_end", "Start", locale.Date(lang, p.Start))
			}
			span.Label = title + ": " + dates
			row.Spans = []chart.Span{span}
		}
		rows := []chart.GanttRow{row}
		cells := [][]Cell{{
			{Text: title, Lang: otherLang(in, lang), Href: link("projects", p.ID, p.Slug), Header: true},
			{Text: instrumentName(p.Instrument, w)}, {Text: dates}, {},
		}}
		// Components, each followed by its activities (from the work
		// plan): planned dates outlined, what was carried out inside.
		activities := map[int][]workplan.ActivityPlan{}
		if plan := plans[p.ID]; plan != nil {
			for _, cp := range plan.Components {
				activities[cp.Component.Number] = cp.Activities
			}
		}
		componentRow := map[int]int{}
		eventRow := map[int64]int{}
		nActivities := 0
		for _, c := range p.Components {
			ct, _ := c.Title.In(lang)
			componentRow[c.Number] = len(rows)
			rows = append(rows, chart.GanttRow{Label: w.S("gantt.component", "Number", c.Number, "Title", ct), Level: 1})
			cells = append(cells, []Cell{{Text: rows[len(rows)-1].Label, Header: true, Level: 1}, {}, {}, {}})
			for _, ap := range activities[c.Number] {
				nActivities++
				row, planned, actual := activityRow(ap, color, w)
				rows = append(rows, row)
				cells = append(cells, []Cell{{Text: row.Label, Header: true, Level: 2}, {}, {Text: planned}, {Text: actual}})
				for _, e := range ap.Events {
					eventRow[e.ID] = len(rows) - 1
				}
			}
		}
		if nActivities > 0 {
			withActivities = true
		}
		for _, e := range p.Events {
			et, _ := e.Title.In(lang)
			kind := w.S("kind." + string(e.Kind))
			if et == "" {
				et = kind
			}
			m := chart.Mark{At: e.Start.First(), Label: et + " (" + locale.Range(lang, e.Start, e.End) + ")"}
			if e.Kind == registry.ExpertMission {
				m.Kind = chart.MissionMark
			}
			at := 0
			if i, ok := eventRow[e.ID]; ok {
				at = i
			} else if i, ok := componentRow[e.ComponentNumber]; ok {
				at = i
			}
			rows[at].Marks = append(rows[at].Marks, m)
			marks++
		}
		g.Rows = append(g.Rows, rows...)
		for i, r := range rows {
			fig.Table.Rows = append(fig.Table.Rows, append(cells[i], Cell{Text: locale.Number(lang, len(r.Marks)), Number: true}))
		}
	}
	for _, in := range append(append([]registry.Instrument(nil), registry.Instruments...), "") {
		if usedInstruments[in] {
			g.Keys = append(g.Keys, chart.Key{Label: instrumentName(in, w), Color: instrumentColor(in)})
		}
	}
	if withActivities {
		g.Keys = append(g.Keys, chart.Key{Label: w.S("gantt.key.planned"), Span: chart.Planned, Color: len(chart.Palette) - 1},
			chart.Key{Label: w.S("gantt.key.actual"), Color: len(chart.Palette) - 1})
	}
	if open > 0 {
		g.Keys = append(g.Keys, chart.Key{Label: w.S("gantt.key.open"), Span: chart.OpenEnd, Color: len(chart.Palette) - 1})
	}
	g.Keys = append(g.Keys, chart.Key{Label: w.S("gantt.key.event"), IsMark: true}, chart.Key{Label: w.S("gantt.key.mission"), IsMark: true, Mark: chart.MissionMark})
	desc := sentence(w.N("gantt.desc", tl.Total, "First", locale.Number(lang, tl.First), "Last", locale.Number(lang, tl.Last),
		"From", from, "To", to, "Open", locale.Number(lang, open), "Marks", locale.Number(lang, marks)))
	g.Frame = chart.Frame{ID: fig.ID, Title: fig.Heading, Desc: desc, Lang: lang}
	fig.SVG = g.SVG()
	tl.Gantt = g
	tl.Figure = fig
	return tl, nil
}

// activityRow is an activity's row: its planned dates outlined, the
// dates it was carried out inside them (open-ended while it has no
// actual end), its code and title, marked when it is late; and the
// planned and actual dates in words, for the table.
func activityRow(ap workplan.ActivityPlan, color int, w messages.Words) (row chart.GanttRow, planned, actual string) {
	lang := w.Lang()
	a := ap.Activity
	name, _ := a.Title.In(lang)
	if a.Code != "" {
		name = a.Code + " " + name
	}
	label := name
	if ap.Late {
		label = w.S("gantt.late", "Title", name)
	}
	row = chart.GanttRow{Label: label, Level: 2}
	if !a.PlannedStart.IsZero() {
		planned = locale.Range(lang, a.PlannedStart, a.PlannedEnd)
		end := a.PlannedEnd
		if end.IsZero() {
			end = a.PlannedStart
		}
		row.Spans = append(row.Spans, chart.Span{Kind: chart.Planned, Color: color, Start: a.PlannedStart.First(), End: end.Last().AddDate(0, 0, 1),
			Label: w.S("gantt.planned", "Title", label, "Dates", locale.Range(lang, a.PlannedStart, a.PlannedEnd))})
	}
	if !a.ActualStart.IsZero() {
		status := ""
		if a.Status != "" {
			status = w.S("gantt.status." + string(a.Status))
		}
		actual = locale.Range(lang, a.ActualStart, a.ActualEnd)
		if a.ActualEnd.IsZero() {
			actual = w.S("gantt.open_end", "Start", locale.Date(lang, a.ActualStart))
		}
		if status != "" {
			actual += " (" + status + ")"
		}
		s := chart.Span{Color: color, Start: a.ActualStart.First(), Inset: true,
			Label: w.S("gantt.actual", "Title", label, "Dates", locale.Range(lang, a.ActualStart, a.ActualEnd), "Status", status)}
		if a.ActualEnd.IsZero() {
			s.Kind = chart.OpenEnd
		} else {
			s.End = a.ActualEnd.Last().AddDate(0, 0, 1)
		}
		row.Spans = append(row.Spans, s)
	} else if a.Status != "" {
		actual = w.S("gantt.status." + string(a.Status))
	}
	return row, planned, actual
}
