// Package workplan is the arithmetic of a project's work plan and results
// framework: reporting periods, indicator progress, and expert-days
// planned and used per component. It is pure — it reads registry records
// and returns figures, and knows nothing of storage or presentation — so
// that the dashboards, the timeline and the reports all count the same
// way. A figure whose inputs are not known is missing (Number.Known is
// false, shown as "n/a"), never zero. The rules are in
// docs/data-model.md, "Work plans and results".
package workplan

import (
	"fmt"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
)

// Quarter is a calendar quarter, the reporting period of a work plan
// (Twinning projects report quarterly). The zero Quarter is unknown.
type Quarter struct {
	Year int
	Q    int // 1 to 4
}

// ParseQuarter reads "2025-Q3".
func ParseQuarter(s string) (Quarter, error) {
	if !registry.ValidQuarter(s) {
		return Quarter{}, fmt.Errorf("%q is not a calendar quarter; expected such as \"2025-Q3\"", s)
	}
	var q Quarter
	fmt.Sscanf(s, "%d-Q%d", &q.Year, &q.Q)
	return q, nil
}

// QuarterOf is the quarter a day falls in.
func QuarterOf(t time.Time) Quarter {
	return Quarter{Year: t.Year(), Q: (int(t.Month())-1)/3 + 1}
}

// QuarterOfDate is the quarter a partial date falls in; ok is false when
// the date is unknown or known only to the year, and so to no quarter.
func QuarterOfDate(d registry.Date) (q Quarter, ok bool) {
	if d.Precision() < registry.MonthOnly {
		return Quarter{}, false
	}
	return QuarterOf(d.First()), true
}

func (q Quarter) String() string {
	if q.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-Q%d", q.Year, q.Q)
}

func (q Quarter) IsZero() bool { return q.Year == 0 }

// First is the quarter's first day.
func (q Quarter) First() time.Time {
	return time.Date(q.Year, time.Month(3*(q.Q-1)+1), 1, 0, 0, 0, 0, time.UTC)
}

// Last is the quarter's last day.
func (q Quarter) Last() time.Time { return q.Next().First().AddDate(0, 0, -1) }

// Next is the quarter after q.
func (q Quarter) Next() Quarter {
	if q.Q == 4 {
		return Quarter{q.Year + 1, 1}
	}
	return Quarter{q.Year, q.Q + 1}
}

// Before reports whether q comes before o.
func (q Quarter) Before(o Quarter) bool {
	return q.Year < o.Year || (q.Year == o.Year && q.Q < o.Q)
}

// Period is one reporting period of a project: a calendar quarter,
// clipped to the project's span where the project starts or ends within
// it. From and To are the first and last day, both included.
type Period struct {
	Quarter
	From, To time.Time
	// Partial marks a quarter the project runs for only part of (it
	// started after the quarter's first day or ended before its last).
	Partial bool
}

// Days is how many calendar days the period covers.
func (p Period) Days() int { return int(p.To.Sub(p.From).Hours()/24) + 1 }

// Periods lists the reporting periods from the day from to the day to,
// both included: every calendar quarter they touch, the first and last
// clipped (and marked Partial) when the span starts or ends inside them.
// None when to is before from.
func Periods(from, to time.Time) []Period {
	from, to = day(from), day(to)
	if to.Before(from) {
		return nil
	}
	var out []Period
	for q := QuarterOf(from); !to.Before(q.First()); q = q.Next() {
		p := Period{Quarter: q, From: q.First(), To: q.Last()}
		if from.After(p.From) {
			p.From, p.Partial = from, true
		}
		if to.Before(p.To) {
			p.To, p.Partial = to, true
		}
		out = append(out, p)
	}
	return out
}

func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Span is the stretch of time a project's reporting periods cover: from
// its start to its latest end (registry.Project.LatestEnd) when both are
// known, with a partial date taken at its widest (a start of "2016-10" is
// 1 October). When the project's own dates do not tell, the span is that
// of its work plan: the earliest and latest of its activities' planned
// and actual dates, its indicators' reported periods and its events.
// ok is false when nothing has a date.
func Span(p *registry.Project, events []registry.Event) (from, to time.Time, ok bool) {
	if known(p.Start) {
		if end, ok := p.LatestEnd(); ok {
			return p.Start.First(), end, true
		}
	}
	widen := func(first, last time.Time) {
		if !ok || first.Before(from) {
			from = first
		}
		if !ok || last.After(to) {
			to = last
		}
		ok = true
	}
	date := func(d registry.Date) {
		if known(d) {
			widen(d.First(), d.Last())
		}
	}
	date(p.Start)
	date(p.End)
	for _, c := range p.Components {
		for _, a := range c.Activities {
			date(a.PlannedStart)
			date(a.PlannedEnd)
			date(a.ActualStart)
			date(a.ActualEnd)
		}
		for _, r := range c.Results {
			for _, ind := range r.Indicators {
				for _, v := range ind.Values {
					if q, err := ParseQuarter(v.Period); err == nil {
						widen(q.First(), q.Last())
					}
				}
			}
		}
	}
	for _, e := range events {
		date(e.Start)
		date(e.End)
	}
	return from, to, ok
}

func known(d registry.Date) bool { return !d.IsZero() && d.Valid() }
