package report

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/workplan"
)

// ProjectQuery asks for a project's report to the donor.
type ProjectQuery struct {
	ProjectID int64
	// Period is a quarter ("2017-Q3") for a quarterly report, or "final"
	// (or "") for the final report of the whole project.
	Period string
	Lang   string
	// Now is the day the report is made: the final report of a project
	// still running is as of this day.
	Now time.Time
	// Published counts only published events (drafts are in the staff's
	// report by default: a report to the donor may cite what is not yet
	// on the public site).
	Published bool
}

// Final is the period of the whole project's report.
const Final = "final"

// CheckLang refuses a language reports are not written in.
func CheckLang(lang string) error {
	if !slices.Contains(Languages, lang) {
		return registry.Invalid("lang", lang, "is not a language of the reports; expected one of %s", strings.Join(Languages, ", "))
	}
	return nil
}

// Project builds a project's quarterly or final report from one snapshot
// of the registry, in a fixed number of queries: the project with its
// work plan and events (store.ProjectWorkplan), the people who took part
// and the institutions named. A period that is not one of the project's
// reporting periods is refused naming those that are.
func Project(ctx context.Context, st *store.Store, q ProjectQuery) (*Document, error) {
	if err := CheckLang(q.Lang); err != nil {
		return nil, err
	}
	w, err := wordsIn(q.Lang)
	if err != nil {
		return nil, err
	}
	final := q.Period == "" || q.Period == Final
	var quarter workplan.Quarter
	asOf := day(q.Now)
	if !final {
		if quarter, err = workplan.ParseQuarter(q.Period); err != nil {
			return nil, registry.Invalid("period", q.Period, "is not a reporting period; expected a quarter such as \"2017-Q3\" or \"final\"")
		}
		// The quarter's figures are as they stood at its end.
		asOf = quarter.Last()
	}
	status := registry.Status("")
	if q.Published {
		status = registry.Published
	}
	var b projectReport
	err = st.View(ctx, func(rd *store.Reader) error {
		plan, err := rd.ProjectWorkplan(ctx, q.ProjectID, asOf, status)
		if err != nil {
			return err
		}
		if q.Published && plan.Project.Status != registry.Published {
			return registry.ErrNotFound
		}
		var period workplan.Period
		if final {
			// A project that has ended is reported as of its end.
			if n := len(plan.Periods); n > 0 && plan.Periods[n-1].To.Before(asOf) {
				asOf = plan.Periods[n-1].To
				plan = workplan.Build(plan.Project, plan.Events, asOf)
			}
			if n := len(plan.Periods); n > 0 {
				period = workplan.Period{From: plan.Periods[0].From, To: plan.Periods[n-1].To}
			}
		} else {
			i := slices.IndexFunc(plan.Periods, func(p workplan.Period) bool { return p.Quarter == quarter })
			if i < 0 {
				var all []string
				for _, p := range plan.Periods {
					all = append(all, p.Quarter.String())
				}
				if len(all) == 0 {
					return registry.Invalid("period", q.Period, "is not a reporting period of this project: nothing of it has a date yet; expected \"final\"")
				}
				return registry.Invalid("period", q.Period, "is not a reporting period of this project; expected one of %s, or \"final\"", strings.Join(all, ", "))
			}
			period = plan.Periods[i]
		}
		b = projectReport{w: w, plan: plan, final: final, period: period, periodIndex: -1, published: q.Published}
		if !final {
			b.periodIndex = slices.IndexFunc(plan.Periods, func(p workplan.Period) bool { return p.Quarter == quarter })
		}
		return b.load(ctx, rd)
	})
	if err != nil {
		return nil, err
	}
	return b.document(), nil
}

func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// projectReport gathers what a project's report shows.
type projectReport struct {
	w           words
	plan        *workplan.Plan
	final       bool
	period      workplan.Period
	periodIndex int // in plan.Periods; -1 for the final report
	published   bool
	people      map[int64]*registry.Person
	insts       map[int64]*registry.Institution
}

func (b *projectReport) load(ctx context.Context, rd *store.Reader) error {
	var people, insts []int64
	p := b.plan.Project
	for _, id := range []int64{p.FunderID, p.BeneficiaryID} {
		if id != 0 {
			insts = append(insts, id)
		}
	}
	for _, pp := range p.Partners {
		if pp.InstitutionID != 0 {
			insts = append(insts, pp.InstitutionID)
		}
	}
	for _, e := range b.plan.Events {
		for _, pt := range e.Participants {
			people = append(people, pt.PersonID)
		}
	}
	var err error
	if b.people, err = rd.PeopleByID(ctx, people); err != nil {
		return err
	}
	b.insts, err = rd.InstitutionsByID(ctx, insts)
	return err
}

// inPeriod reports an event that started in the report's period. The
// final report has every event; a quarter has the events that started in
// it (one known only to its year is in no quarter).
func (b *projectReport) inPeriod(e *registry.Event) bool {
	if b.final {
		return true
	}
	q, ok := workplan.QuarterOfDate(e.Start)
	return ok && q == b.period.Quarter
}

// usedInPeriod is a component's expert-days used in the period, and up
// to its end. A mission dated to the year only is in no quarter, so in
// no period's days; it is counted up to a period's end once its year is
// over (by then its days were certainly used).
func (b *projectReport) usedInPeriod(cd workplan.ComponentDays) (in, upTo workplan.Days) {
	if b.final {
		return cd.Used, cd.Used
	}
	for q, d := range cd.ByQuarter {
		if q == b.period.Quarter {
			in = in.Plus(d)
		}
		if !b.period.Quarter.Before(q) {
			upTo = upTo.Plus(d)
		}
	}
	for i := range b.plan.Events {
		e := &b.plan.Events[i]
		if e.Component == cd.Component && yearOnly(e) && b.yearOver(e.Start.Year()) {
			upTo = upTo.Plus(workplan.EventDays(e))
		}
	}
	return in, upTo
}

// yearOnly reports an event dated to the year only: it falls in no
// quarter (workplan.QuarterOfDate).
func yearOnly(e *registry.Event) bool { return e.Start.Precision() == registry.YearOnly }

// yearOver reports whether the year has ended by the period's end.
func (b *projectReport) yearOver(year int) bool {
	q := b.period.Quarter
	return year < q.Year || year == q.Year && q.Q == 4
}

// yearOnlyEvents are the events dated to the year only that the report
// lists apart: the final report's all, a quarterly report's those of
// its quarter's year, so that no event is left out silently.
func (b *projectReport) yearOnlyEvents() []*registry.Event {
	var out []*registry.Event
	for i := range b.plan.Events {
		e := &b.plan.Events[i]
		if yearOnly(e) && (b.final || e.Start.Year() == b.period.Quarter.Year) {
			out = append(out, e)
		}
	}
	return out
}

// yearOnlyHeading is the heading of the list of yearOnlyEvents.
func (b *projectReport) yearOnlyHeading() string {
	if b.final {
		return b.w.S("report.year_only.heading_all")
	}
	return b.w.S("report.year_only.heading", "Year", b.period.Quarter.Year)
}

// remaining is planned minus used; missing unless both are complete.
func remaining(planned, used workplan.Days) (workplan.Number, workplan.Number) {
	p, u := planned.Total(), used.Total()
	if !p.Known || !u.Known {
		return workplan.Missing, workplan.Missing
	}
	share := workplan.Missing
	if p.Value != 0 {
		share = workplan.Known(u.Value / p.Value)
	}
	return workplan.Known(p.Value - u.Value), share
}

func (b *projectReport) periodText() string {
	w := b.w
	if b.period.From.IsZero() {
		return w.missing()
	}
	return locale.Range(w.lang, registry.DateOf(b.period.From), registry.DateOf(b.period.To))
}

func (b *projectReport) document() *Document {
	w, plan, p := b.w, b.plan, b.plan.Project
	title := w.text(p.Title)
	d := &Document{Lang: w.lang, Date: plan.AsOf, PageLabel: w.pageLabel}
	if b.final {
		d.Title = w.S("report.project.final_title", "Project", title)
		d.FileName = fmt.Sprintf("project-%d-final-%s", p.ID, w.lang)
	} else {
		d.Title = w.S("report.project.quarter_title", "Project", title, "Period", b.period.Quarter.String())
		d.FileName = fmt.Sprintf("project-%d-%s-%s", p.ID, b.period.Quarter, w.lang)
	}
	// The title names the project; the subtitle says what the report is
	// made from when it is not the whole registry's published records.
	if !b.published {
		d.Subtitle = w.S("report.drafts_included_note")
	}
	field := func(label, value string) {
		if value != "" {
			d.Fields = append(d.Fields, Field{w.S(label), value})
		}
	}
	field("project.reference", p.Reference)
	if p.Instrument != "" {
		field("project.instrument", w.S("instrument."+string(p.Instrument)))
	}
	field("project.funder", w.institutionName(b.insts[p.FunderID]))
	field("project.beneficiary", w.institutionName(b.insts[p.BeneficiaryID]))
	var partners []string
	for _, pp := range p.Partners {
		name := w.institutionName(b.insts[pp.InstitutionID])
		if name == "" && pp.Country != "" {
			name = country.Name(pp.Country, w.lang)
		}
		if name != "" {
			partners = append(partners, name)
		}
	}
	field("project.partners", w.list(partners))
	field("project.period", w.span(p.Start, p.End))
	field("report.period", b.periodText())
	field("report.as_of", locale.Date(w.lang, registry.DateOf(plan.AsOf)))

	d.Sections = append(d.Sections, b.summary())
	for _, cp := range plan.Components {
		d.Sections = append(d.Sections, b.component(cp)...)
	}
	d.Sections = append(d.Sections, b.expertDays(), b.missions(), b.events())
	if s, ok := b.yearOnlySection(); ok {
		d.Sections = append(d.Sections, s)
	}
	d.Sections = append(d.Sections, b.deviations())
	return d
}

// summary is the report's key figures.
func (b *projectReport) summary() Section {
	w, plan := b.w, b.plan
	byStatus := map[registry.ActivityStatus]int{}
	activities, late := 0, 0
	indicators, measured := 0, 0
	var planned workplan.Days
	for _, cp := range plan.Components {
		planned = planned.Plus(cp.Days.Planned)
		for _, ap := range cp.Activities {
			activities++
			byStatus[ap.Activity.Status]++
			if ap.Late {
				late++
			}
		}
		for _, rp := range cp.Results {
			for _, ip := range rp.Indicators {
				indicators++
				if b.valueInPeriod(ip).Known {
					measured++
				}
			}
		}
	}
	events, missions, participants := 0, 0, 0
	for i := range plan.Events {
		e := &plan.Events[i]
		if !b.inPeriod(e) {
			continue
		}
		events++
		participants += len(e.Participants)
		if e.Kind == registry.ExpertMission {
			missions++
		}
	}
	var used workplan.Days
	for _, cd := range plan.Days {
		in, _ := b.usedInPeriod(cd)
		used = used.Plus(in)
	}
	t := Table{ID: "summary", Figures: true, Columns: []Column{{Label: w.S("report.figure")}, {Label: w.S("report.value"), Numeric: true}}}
	add := func(label string, c Cell) { t.Rows = append(t.Rows, Row{Cells: []Cell{Text(label), c}}) }
	add(w.S("report.activities"), w.int(activities))
	for _, s := range registry.ActivityStatuses {
		add(w.S("report.activities_status", "Status", w.status(s)), w.int(byStatus[s]))
	}
	if n := byStatus[""]; n > 0 {
		add(w.S("report.activities_status", "Status", w.status("")), w.int(n))
	}
	add(w.S("report.activities_late"), w.int(late))
	add(w.S("report.events_in_period"), w.int(events))
	add(w.S("report.missions_in_period"), w.int(missions))
	add(w.S("report.participants_in_period"), w.int(participants))
	add(w.S("report.days_used_in_period"), w.days(used))
	add(w.S("report.days_planned"), w.days(planned))
	add(w.S("report.indicators_measured"), w.int(measured))
	add(w.S("report.indicators"), w.int(indicators))
	intro := w.S("report.project.final_intro")
	if !b.final {
		intro = w.S("report.project.quarter_intro", "Period", b.periodText())
	}
	return Section{ID: "summary", Heading: w.S("report.summary"), Level: 1, Paragraphs: []string{intro}, Tables: []Table{t}}
}

// valueInPeriod is an indicator's value reported for the period; for
// the final report, its latest value.
func (b *projectReport) valueInPeriod(ip workplan.IndicatorPlan) workplan.Number {
	if b.final {
		return ip.Latest
	}
	return ip.Values[b.periodIndex]
}

func (b *projectReport) componentHeading(n int) string {
	w := b.w
	for _, c := range b.plan.Project.Components {
		if c.Number == n {
			return w.S("project.component", "Number", n, "Title", w.text(c.Title))
		}
	}
	return w.S("report.no_component")
}

// component is a component's activities and indicators.
func (b *projectReport) component(cp workplan.ComponentPlan) []Section {
	w := b.w
	n := cp.Component.Number
	s := Section{ID: fmt.Sprintf("component-%d", n), Heading: w.S("project.component", "Number", n, "Title", w.text(cp.Component.Title)), Level: 1}
	if len(cp.Activities) > 0 {
		t := Table{ID: fmt.Sprintf("activities-%d", n), Caption: w.S("project.activities"), Figures: true, Columns: []Column{
			{Label: w.S("report.activity")}, {Label: w.S("project.status")}, {Label: w.S("gantt.key.planned")}, {Label: w.S("gantt.key.actual")},
			{Label: w.S("report.events_in_period"), Numeric: true}, {Label: w.S("report.days_used_in_period"), Numeric: true}, {Label: w.S("report.days_planned"), Numeric: true},
		}}
		for _, ap := range cp.Activities {
			a := ap.Activity
			name := strings.TrimSpace(a.Code + " " + w.text(a.Title))
			status := w.status(a.Status)
			if ap.Late {
				status = w.S("report.late", "Status", status)
			}
			var events int
			var days workplan.Days
			for _, e := range ap.Events {
				if b.inPeriod(e) {
					events++
					days = days.Plus(workplan.EventDays(e))
				}
			}
			planned := Cell{Text: w.missing(), Missing: true}
			if a.PlannedExpertDays != nil {
				planned = w.int(*a.PlannedExpertDays)
			}
			dates := func(from, to registry.Date) Cell {
				if s := w.span(from, to); s != "" {
					return Text(s)
				}
				return Cell{Text: w.missing(), Missing: true}
			}
			t.Rows = append(t.Rows, Row{Cells: []Cell{Text(name), Text(status), dates(a.PlannedStart, a.PlannedEnd), dates(a.ActualStart, a.ActualEnd),
				w.int(events), w.days(days), planned}})
		}
		s.Tables = append(s.Tables, t)
	}
	valueLabel := w.S("report.value_in_period")
	if b.final {
		valueLabel = w.S("report.value_final")
	}
	for r, rp := range cp.Results {
		if len(rp.Indicators) == 0 {
			continue
		}
		t := Table{ID: fmt.Sprintf("indicators-%d-%d", n, r+1), Caption: w.S("report.result", "Title", w.text(rp.Result.Title)), Figures: true, Columns: []Column{
			{Label: w.S("figures.indicators.indicator")}, {Label: w.S("report.unit")}, {Label: w.S("figures.indicators.baseline"), Numeric: true},
			{Label: w.S("figures.indicators.target"), Numeric: true}, {Label: valueLabel, Numeric: true},
			{Label: w.S("report.latest_by_end"), Numeric: true}, {Label: w.S("figures.indicators.progress"), Numeric: true},
		}}
		for _, ip := range rp.Indicators {
			ind := ip.Indicator
			latest := w.number(ip.Latest)
			if ip.Latest.Known {
				latest.Text = w.S("figures.indicators.latest_in", "Value", latest.Text, "Period", ip.LatestPeriod.String())
			}
			t.Rows = append(t.Rows, Row{Cells: []Cell{Text(strings.TrimSpace(ind.Code + " " + w.text(ind.Title))), Text(ind.Unit),
				w.number(ip.Baseline), w.number(ip.Target), w.number(b.valueInPeriod(ip)), latest, w.percent(ip.Progress)}})
		}
		s.Tables = append(s.Tables, t)
	}
	if len(s.Tables) == 0 {
		s.Paragraphs = append(s.Paragraphs, w.S("report.component_empty"))
	}
	return []Section{s}
}

// expertDays are the expert-days planned and used per component.
func (b *projectReport) expertDays() Section {
	w := b.w
	cols := []Column{{Label: w.S("report.component")}, {Label: w.S("report.days_planned"), Numeric: true}}
	if b.final {
		cols = append(cols, Column{Label: w.S("report.days_used"), Numeric: true})
	} else {
		cols = append(cols, Column{Label: w.S("report.days_used_in_period"), Numeric: true}, Column{Label: w.S("report.days_used_to_date"), Numeric: true})
	}
	cols = append(cols, Column{Label: w.S("report.days_remaining"), Numeric: true}, Column{Label: w.S("report.days_share"), Numeric: true})
	t := Table{ID: "expert-days", Figures: true, Columns: cols}
	var planned, in, upTo workplan.Days
	row := func(label string, p, i, u workplan.Days, total bool) {
		rem, share := remaining(p, u)
		cells := []Cell{Text(label), w.days(p)}
		if b.final {
			cells = append(cells, w.days(u))
		} else {
			cells = append(cells, w.days(i), w.days(u))
		}
		cells = append(cells, w.number(rem), w.percent(share))
		t.Rows = append(t.Rows, Row{Cells: cells, Total: total})
	}
	var unplaced workplan.Days
	for _, cd := range b.plan.Days {
		i, u := b.usedInPeriod(cd)
		row(b.componentHeading(cd.Component), cd.Planned, i, u, false)
		planned, in, upTo = planned.Plus(cd.Planned), in.Plus(i), upTo.Plus(u)
		unplaced = unplaced.Plus(cd.Unplaced)
	}
	row(w.S("figures.total"), planned, in, upTo, true)
	s := Section{ID: "expert-days", Heading: w.S("report.expert_days"), Level: 1, Paragraphs: []string{w.S("report.expert_days_rule")}, Tables: []Table{t}}
	if unplaced.Known+unplaced.Missing > 0 {
		// The days of missions dated to the year only: in the final
		// report's totals, in no quarter's; said apart in both.
		if b.final {
			s.Paragraphs = append(s.Paragraphs, w.S("report.days_year_only", "Days", w.days(unplaced).Text, "Section", b.yearOnlyHeading()))
		} else {
			s.Paragraphs = append(s.Paragraphs, w.S("report.days_unplaced", "Days", w.days(unplaced).Text,
				"Year", w.year(b.period.Quarter.Year), "Section", b.yearOnlyHeading()))
		}
	}
	return s
}

// participants names an event's participants by role, with an expert's
// working days.
func (b *projectReport) participants(e *registry.Event) string {
	w := b.w
	var parts []string
	for _, role := range registry.ParticipantRoles {
		var names []string
		for _, pt := range e.Participants {
			if pt.Role != role {
				continue
			}
			name := w.personName(b.people[pt.PersonID])
			if pt.WorkingDays != nil {
				name = w.N("report.person_days", *pt.WorkingDays, "Name", name, "Days", locale.Number(w.lang, *pt.WorkingDays))
			} else if role == registry.RoleExpert && e.Kind == registry.ExpertMission {
				name = w.S("report.person_days_missing", "Name", name)
			}
			names = append(names, name)
		}
		if len(names) > 0 {
			parts = append(parts, w.N("role."+string(role), len(names))+": "+strings.Join(names, ", "))
		}
	}
	return strings.Join(parts, "; ")
}

func (b *projectReport) activityOf(e *registry.Event) string {
	switch {
	case e.Activity != "":
		return e.Activity
	case e.Component != 0:
		return b.w.S("report.component_n", "Number", e.Component)
	}
	return "—"
}

// missions are the expert missions of the period.
func (b *projectReport) missions() Section {
	w := b.w
	t := Table{ID: "missions", Figures: true, Columns: []Column{{Label: w.S("report.mission")}, {Label: w.S("gantt.dates")}, {Label: w.S("report.activity")},
		{Label: w.N("role.expert", 2)}, {Label: w.S("report.days_used"), Numeric: true}}}
	for _, e := range b.plan.Missions() {
		if !b.inPeriod(e) {
			continue
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{Text(b.eventName(e)), Text(w.span(e.Start, e.End)), Text(b.activityOf(e)), Text(b.participants(e)), w.days(workplan.EventDays(e))}})
	}
	s := Section{ID: "missions", Heading: w.S("report.missions"), Level: 1}
	if len(t.Rows) == 0 {
		s.Paragraphs = []string{w.S("report.none_in_period")}
	} else {
		s.Tables = []Table{t}
	}
	return s
}

func (b *projectReport) eventName(e *registry.Event) string {
	name := b.w.eventTitle(e)
	if e.Status != registry.Published && e.Status != "" {
		name = b.w.S("gantt.draft", "Title", name)
	}
	return name
}

// events are the events of the period with their participants.
func (b *projectReport) events() Section {
	w := b.w
	t := Table{ID: "events", Figures: true, Columns: []Column{{Label: w.N("type.event", 1)}, {Label: w.S("gantt.dates")}, {Label: w.S("report.kind")},
		{Label: w.S("report.place")}, {Label: w.S("report.activity")}, {Label: w.S("report.participant_count"), Numeric: true}, {Label: w.S("report.participants")}}}
	for i := range b.plan.Events {
		e := &b.plan.Events[i]
		if !b.inPeriod(e) {
			continue
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{Text(b.eventName(e)), Text(w.span(e.Start, e.End)), Text(w.S("kind." + string(e.Kind))),
			Text(w.place(e)), Text(b.activityOf(e)), w.int(len(e.Participants)), Text(b.participants(e))}})
	}
	s := Section{ID: "events", Heading: w.S("report.events"), Level: 1}
	if len(t.Rows) == 0 {
		s.Paragraphs = []string{w.S("report.none_in_period")}
	} else {
		s.Tables = []Table{t}
	}
	return s
}

// yearOnlySection lists the events dated to the year only, with their
// participants and, for missions, their expert-days: a quarterly report
// says they are in none of its figures, the final report that they are
// in its figures above.
func (b *projectReport) yearOnlySection() (Section, bool) {
	events := b.yearOnlyEvents()
	if len(events) == 0 {
		return Section{}, false
	}
	w := b.w
	t := Table{ID: "year-only", Figures: true, Columns: []Column{{Label: w.N("type.event", 1)}, {Label: w.S("gantt.dates")}, {Label: w.S("report.kind")},
		{Label: w.S("report.activity")}, {Label: w.S("report.participants")}, {Label: w.S("report.days_used"), Numeric: true}}}
	var days workplan.Days
	missions := 0
	for _, e := range events {
		d := workplan.EventDays(e)
		cell := Text("—")
		if d.Known+d.Missing > 0 {
			cell = w.days(d)
			days = days.Plus(d)
			missions++
		}
		t.Rows = append(t.Rows, Row{Cells: []Cell{Text(b.eventName(e)), Text(w.date(e.Start)), Text(w.S("kind." + string(e.Kind))),
			Text(b.activityOf(e)), Text(b.participants(e)), cell}})
	}
	note := w.S("report.year_only.final_note")
	if !b.final {
		note = w.S("report.year_only.quarter_note", "Year", w.year(b.period.Quarter.Year))
	}
	s := Section{ID: "year-only", Heading: b.yearOnlyHeading(), Level: 1, Paragraphs: []string{note}, Tables: []Table{t}}
	if missions > 0 {
		s.Paragraphs = append(s.Paragraphs, w.S("report.year_only.days", "Days", w.days(days).Text))
	}
	return s, true
}

// deviations are what did not go to plan: activities late, postponed or
// cancelled, indicators not measured in the period, and components whose
// expert-days used exceed those planned.
func (b *projectReport) deviations() Section {
	w := b.w
	var items []string
	for _, cp := range b.plan.Components {
		for _, ap := range cp.Activities {
			a := ap.Activity
			name := strings.TrimSpace(a.Code + " " + w.text(a.Title))
			switch {
			case ap.Late:
				items = append(items, w.S("report.deviation.late", "Activity", name, "End", w.date(a.PlannedEnd)))
			case a.Status == registry.ActivityPostponed:
				items = append(items, w.S("report.deviation.postponed", "Activity", name))
			case a.Status == registry.ActivityCancelled:
				items = append(items, w.S("report.deviation.cancelled", "Activity", name))
			}
		}
		for _, rp := range cp.Results {
			for _, ip := range rp.Indicators {
				if !b.valueInPeriod(ip).Known {
					name := strings.TrimSpace(ip.Indicator.Code + " " + w.text(ip.Indicator.Title))
					if b.final {
						items = append(items, w.S("report.deviation.never_measured", "Indicator", name))
					} else {
						items = append(items, w.S("report.deviation.not_measured", "Indicator", name, "Period", b.period.Quarter.String()))
					}
				}
			}
		}
	}
	for _, cd := range b.plan.Days {
		_, upTo := b.usedInPeriod(cd)
		p := cd.Planned.Total()
		// Days known to be used beyond a plan known in full: over plan
		// whatever the days not known add.
		if p.Known && float64(upTo.Sum) > p.Value {
			items = append(items, w.S("report.deviation.over_plan", "Component", b.componentHeading(cd.Component),
				"Used", w.days(upTo).Text, "Planned", w.days(cd.Planned).Text))
		}
	}
	s := Section{ID: "deviations", Heading: w.S("report.deviations"), Level: 1, Items: items}
	if len(items) == 0 {
		s.Paragraphs = []string{w.S("report.no_deviations")}
	}
	return s
}
