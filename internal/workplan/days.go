package workplan

import (
	"fmt"
	"slices"

	"github.com/liaison-registry/liaison/internal/registry"
)

// Days is a sum of expert-days some of whose terms may not be known: the
// days known are summed, the terms not known are counted apart, so a
// total is never made smaller by treating "not known" as zero.
type Days struct {
	Sum     int // the days of the terms known
	Known   int // how many terms were known
	Missing int // how many terms were not
}

// Add adds a term; nil is a term not known.
func (d *Days) Add(days *int) {
	if days == nil {
		d.Missing++
		return
	}
	d.Sum += *days
	d.Known++
}

// Plus is the sum of d and o.
func (d Days) Plus(o Days) Days {
	return Days{Sum: d.Sum + o.Sum, Known: d.Known + o.Known, Missing: d.Missing + o.Missing}
}

// Total is the sum when every term is known (0 when there were none);
// missing when any is not.
func (d Days) Total() Number {
	if d.Missing > 0 {
		return Missing
	}
	return Known(float64(d.Sum))
}

// String is "12", "12 (+1 n/a)" when some terms are not known, or "n/a"
// when none is.
func (d Days) String() string {
	switch {
	case d.Missing == 0:
		return fmt.Sprint(d.Sum)
	case d.Known == 0:
		return "n/a"
	}
	return fmt.Sprintf("%d (+%d n/a)", d.Sum, d.Missing)
}

// ComponentDays are a component's expert-days, planned against used.
type ComponentDays struct {
	// Component is the component's number; 0 gathers the missions
	// recorded under the project but under none of its components.
	Component int
	// Planned sums the planned expert-days of the component's
	// activities, except cancelled ones; an activity whose plan does not
	// give them is a missing term.
	Planned Days
	// Used sums the working days of the experts (participants with role
	// expert) on the component's events: on an expert mission, an expert
	// without working days is a missing term; on other events only the
	// days given count (an expert speaking at a seminar is not on a
	// mission unless days are recorded).
	Used Days
	// ByQuarter is Used by the quarter each event started in (all of a
	// mission's days go to its first quarter; see docs/data-model.md).
	ByQuarter map[Quarter]Days
	// Unplaced is the part of Used whose events' starts are known only
	// to the year, and so to no quarter.
	Unplaced Days
}

// Remaining is planned minus used; missing unless both are complete.
func (c ComponentDays) Remaining() Number {
	p, u := c.Planned.Total(), c.Used.Total()
	if !p.Known || !u.Known {
		return Missing
	}
	return Known(p.Value - u.Value)
}

// UsedShare is used over planned (1 when all planned days are used);
// missing unless both are complete and something was planned.
func (c ComponentDays) UsedShare() Number {
	p, u := c.Planned.Total(), c.Used.Total()
	if !p.Known || !u.Known || p.Value == 0 {
		return Missing
	}
	return Known(u.Value / p.Value)
}

// EventDays are the expert-days an event counts towards the plan (see
// ComponentDays.Used).
func EventDays(e *registry.Event) Days {
	var d Days
	for _, p := range e.Participants {
		if p.Role != registry.RoleExpert {
			continue
		}
		if p.WorkingDays != nil || e.Kind == registry.ExpertMission {
			d.Add(p.WorkingDays)
		}
	}
	return d
}

// ExpertDays are the project's expert-days per component, in the order of
// its components, followed by the events under no component (number 0)
// when there are any with days. Events of other projects are ignored.
func ExpertDays(p *registry.Project, events []registry.Event) []ComponentDays {
	out := make([]ComponentDays, 0, len(p.Components)+1)
	index := map[int]int{}
	for _, c := range p.Components {
		cd := ComponentDays{Component: c.Number, ByQuarter: map[Quarter]Days{}}
		for _, a := range c.Activities {
			if a.Status != registry.ActivityCancelled {
				cd.Planned.Add(a.PlannedExpertDays)
			}
		}
		index[c.Number] = len(out)
		out = append(out, cd)
	}
	for i := range events {
		e := &events[i]
		if e.ProjectID != p.ID {
			continue
		}
		d := EventDays(e)
		if d.Known+d.Missing == 0 {
			continue
		}
		at, ok := index[e.Component]
		if !ok { // no component, or one the project no longer has
			at = len(out)
			index[e.Component] = at
			out = append(out, ComponentDays{Component: e.Component, ByQuarter: map[Quarter]Days{}})
		}
		cd := &out[at]
		cd.Used = cd.Used.Plus(d)
		if q, ok := QuarterOfDate(e.Start); ok {
			cd.ByQuarter[q] = cd.ByQuarter[q].Plus(d)
		} else {
			cd.Unplaced = cd.Unplaced.Plus(d)
		}
	}
	// Components first, in the project's order; the rest by number.
	slices.SortStableFunc(out[len(p.Components):], func(a, b ComponentDays) int { return a.Component - b.Component })
	return out
}
