package iati

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/workplan"
)

// workPlan is what of a component's work plan IATI's results do not
// carry: its results' indicators (by the result's position) and its
// activities with their status, dates, planned expert-days and notes.
// It travels as JSON in Liaison's extension (liaison:work-plan), so that
// Liaison's own export reads back exactly; other IATI readers ignore it,
// and read the indicators as IATI's own (see quantitative).
type workPlan struct {
	Indicators [][]registry.Indicator `json:"indicators,omitempty"`
	Activities []registry.Activity    `json:"activities,omitempty"`
}

// workPlanOf is the component's work plan as extension text; "" when it
// has nothing beyond activities' codes and titles.
func workPlanOf(c registry.Component) string {
	var wp workPlan
	detail := false
	for _, r := range c.Results {
		wp.Indicators = append(wp.Indicators, r.Indicators)
		detail = detail || len(r.Indicators) > 0
	}
	for _, a := range c.Activities {
		detail = detail || a.Status != "" || !a.PlannedStart.IsZero() || !a.PlannedEnd.IsZero() || !a.ActualStart.IsZero() ||
			!a.ActualEnd.IsZero() || a.PlannedExpertDays != nil || !a.Note.IsZero()
	}
	if !detail {
		return ""
	}
	wp.Activities = c.Activities
	b, err := json.Marshal(wp)
	if err != nil {
		panic(err) // registry types always encode
	}
	return string(b)
}

// applyWorkPlan puts a component's work plan read from the extension
// back on it: the indicators on its results, the activities in place of
// those read from liaison:activity.
func applyWorkPlan(c *registry.Component, text string) error {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.DisallowUnknownFields()
	var wp workPlan
	if err := dec.Decode(&wp); err != nil {
		return fmt.Errorf("component %d: the work plan is not Liaison's: %v", c.Number, err)
	}
	if len(wp.Indicators) > len(c.Results) {
		return fmt.Errorf("component %d: the work plan gives indicators for %d results, the file has %d", c.Number, len(wp.Indicators), len(c.Results))
	}
	for i, inds := range wp.Indicators {
		c.Results[i].Indicators = inds
	}
	if len(wp.Activities) > 0 {
		c.Activities = wp.Activities
	}
	return nil
}

// keepWorkPlan keeps what the registry has of the work plan of
// components a file from elsewhere gives without it: their activities
// when the file has none, the details of activities it names by the same
// code, and the indicators of results it gives under the same title.
func keepWorkPlan(before, after []registry.Component) []registry.Component {
	for i := range after {
		c := &after[i]
		for _, b := range before {
			if b.Number != c.Number {
				continue
			}
			if len(c.Activities) == 0 {
				c.Activities = b.Activities
			}
			for j := range c.Activities {
				for _, ba := range b.Activities {
					if ba.Code != "" && ba.Code == c.Activities[j].Code {
						title := c.Activities[j].Title
						c.Activities[j] = ba
						c.Activities[j].Title = title
					}
				}
			}
			for j := range c.Results {
				for _, br := range b.Results {
					if len(c.Results[j].Indicators) == 0 && br.Title.String() == c.Results[j].Title.String() {
						c.Results[j].Indicators = br.Indicators
					}
				}
			}
		}
	}
	return after
}

// quantitative is an indicator of the result at position j as IATI's own:
// measured in units (measure 1) or percentages (2), ascending when the
// target is above the baseline, with its baseline (when its date is
// known), a period from the baseline to the target date holding the
// target, and a period per quarter holding each value reported. Quarters
// not measured are left out; the indicator's unit, codes and notes travel
// only in the work plan. Marked liaison:result with j, so that Liaison's
// import takes it for an indicator, not for a result.
func quantitative(j int, ind registry.Indicator) outIndicator {
	out := outIndicator{Measure: "1", OfResult: strconv.Itoa(j), Title: narratives{texts(ind.Title)}}
	if ind.Unit == "%" {
		out.Measure = "2"
	}
	base, target := workplan.ParseNumber(ind.Baseline), workplan.ParseNumber(ind.Target)
	if base.Known && target.Known && base.Value != target.Value {
		out.Ascending = "0"
		if target.Value > base.Value {
			out.Ascending = "1"
		}
	}
	day := func(t time.Time) isoDate { return isoDate{t.Format(time.DateOnly)} }
	if d := ind.BaselineDate; !d.IsZero() && d.Valid() {
		out.Baseline = &outBaseline{Year: d.Year(), Value: ind.Baseline}
		if d.Precision() == registry.Day {
			out.Baseline.ISODate = d.String()
		}
	}
	if d := ind.TargetDate; target.Known && !d.IsZero() && d.Valid() {
		from := d.First()
		if b := ind.BaselineDate; !b.IsZero() && b.Valid() {
			from = b.First()
		}
		out.Periods = append(out.Periods, outPeriod{Start: day(from), End: day(d.Last()), Target: &outMeasured{ind.Target}})
	}
	for _, v := range ind.Values {
		q, err := workplan.ParseQuarter(v.Period)
		if err != nil || v.Value == "" {
			continue
		}
		out.Periods = append(out.Periods, outPeriod{Start: day(q.First()), End: day(q.Last()), Actual: &outMeasured{v.Value}})
	}
	return out
}
