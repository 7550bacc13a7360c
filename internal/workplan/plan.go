package workplan

import (
	"slices"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
)

// Plan is a project's work plan with its figures, as of a day: what the
// dashboards, the timeline and the reports show of a project. It points
// into the project it was built from (change neither while using it) and
// holds its own copy of the project's events, which its other parts
// point into.
type Plan struct {
	Project *registry.Project
	// Events are the project's events, by start date: those recorded
	// under an activity appear again in its ActivityPlan.
	Events []registry.Event
	// AsOf is the day the figures are for; Current its quarter.
	AsOf    time.Time
	Current Quarter
	// Periods are the project's reporting periods (see Span); none when
	// nothing of the project has a date.
	Periods    []Period
	Components []ComponentPlan
	// Days are the expert-days per component (see ExpertDays), the
	// events under no component last.
	Days []ComponentDays
	// UnlinkedEvents are the events recorded under no activity.
	UnlinkedEvents []*registry.Event
}

// ComponentPlan is one component's part of a Plan.
type ComponentPlan struct {
	Component  *registry.Component
	Days       ComponentDays
	Results    []ResultPlan
	Activities []ActivityPlan
}

// ResultPlan is a result with its indicators' figures.
type ResultPlan struct {
	Result     *registry.Result
	Indicators []IndicatorPlan
}

// IndicatorPlan is an indicator's figures.
type IndicatorPlan struct {
	Indicator *registry.Indicator
	Baseline  Number
	Target    Number
	// Values are the values reported, one per Plan.Periods, missing
	// where the period was not reported or reported without a value.
	Values []Number
	// Latest is the latest value known by Plan.Current, reported for
	// LatestPeriod; Progress its progress from baseline to target.
	Latest       Number
	LatestPeriod Quarter
	Progress     Number
}

// ActivityPlan is an activity with the events that carried it out.
type ActivityPlan struct {
	Activity *registry.Activity
	Events   []*registry.Event
	// UsedDays are the expert-days its events count (see EventDays).
	UsedDays Days
	// Late marks an activity past its planned end on AsOf that has not
	// been done, cancelled or given an actual end.
	Late bool
}

// Build computes a project's Plan as of a day from the project and its
// events (events of other projects are ignored). It changes neither.
func Build(p *registry.Project, events []registry.Event, asOf time.Time) *Plan {
	asOf = day(asOf)
	plan := &Plan{Project: p, AsOf: asOf, Current: QuarterOf(asOf)}
	for _, e := range events {
		if e.ProjectID == p.ID {
			plan.Events = append(plan.Events, e)
		}
	}
	slices.SortStableFunc(plan.Events, func(a, b registry.Event) int {
		return a.Start.First().Compare(b.Start.First())
	})
	if from, to, ok := Span(p, plan.Events); ok {
		plan.Periods = Periods(from, to)
	}
	plan.Days = ExpertDays(p, plan.Events)
	days := map[int]ComponentDays{}
	for _, d := range plan.Days {
		days[d.Component] = d
	}
	type key struct {
		component int
		code      string
	}
	byActivity := map[key][]*registry.Event{}
	for i := range plan.Events {
		e := &plan.Events[i]
		if e.Activity == "" {
			plan.UnlinkedEvents = append(plan.UnlinkedEvents, e)
			continue
		}
		k := key{e.Component, e.Activity}
		byActivity[k] = append(byActivity[k], e)
	}
	for i := range p.Components {
		c := &p.Components[i]
		cp := ComponentPlan{Component: c, Days: days[c.Number]}
		for j := range c.Results {
			rp := ResultPlan{Result: &c.Results[j]}
			for k := range c.Results[j].Indicators {
				rp.Indicators = append(rp.Indicators, plan.indicator(&c.Results[j].Indicators[k]))
			}
			cp.Results = append(cp.Results, rp)
		}
		for j := range c.Activities {
			a := &c.Activities[j]
			ap := ActivityPlan{Activity: a, Late: late(a, asOf)}
			if a.Code != "" {
				ap.Events = byActivity[key{c.Number, a.Code}]
			}
			for _, e := range ap.Events {
				ap.UsedDays = ap.UsedDays.Plus(EventDays(e))
			}
			cp.Activities = append(cp.Activities, ap)
		}
		plan.Components = append(plan.Components, cp)
	}
	return plan
}

// Missions are the project's expert missions, by start date.
func (plan *Plan) Missions() []*registry.Event {
	var out []*registry.Event
	for i := range plan.Events {
		if plan.Events[i].Kind == registry.ExpertMission {
			out = append(out, &plan.Events[i])
		}
	}
	return out
}

func (plan *Plan) indicator(ind *registry.Indicator) IndicatorPlan {
	ip := IndicatorPlan{Indicator: ind, Baseline: ParseNumber(ind.Baseline), Target: ParseNumber(ind.Target)}
	for _, p := range plan.Periods {
		ip.Values = append(ip.Values, ValueIn(*ind, p.Quarter))
	}
	ip.Latest, ip.LatestPeriod = Latest(*ind, plan.Current)
	ip.Progress = Progress(*ind, plan.Current)
	return ip
}

// late reports an activity past its planned end and not finished.
func late(a *registry.Activity, asOf time.Time) bool {
	switch a.Status {
	case registry.ActivityDone, registry.ActivityCancelled:
		return false
	}
	return known(a.PlannedEnd) && a.ActualEnd.IsZero() && a.PlannedEnd.Last().Before(asOf)
}
