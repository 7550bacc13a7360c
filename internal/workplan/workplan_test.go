package workplan

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func rdate(s string) registry.Date {
	d, err := registry.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func q(s string) Quarter {
	qq, err := ParseQuarter(s)
	if err != nil {
		panic(err)
	}
	return qq
}

func days(n int) *int { return &n }

func TestPeriodsClipThePartialFirstAndLastQuarters(t *testing.T) {
	tests := []struct {
		from, to string
		want     string // label from..to (days), * partial
	}{
		// A project starting mid-quarter: its first quarter is partial.
		{"2016-02-15", "2016-09-30", "2016-Q1 02-15..03-31 (46)* | 2016-Q2 04-01..06-30 (91) | 2016-Q3 07-01..09-30 (92)"},
		// Whole quarters are not partial.
		{"2016-01-01", "2016-06-30", "2016-Q1 01-01..03-31 (91) | 2016-Q2 04-01..06-30 (91)"},
		// Ending mid-quarter, across a new year.
		{"2016-12-01", "2017-01-10", "2016-Q4 12-01..12-31 (31)* | 2017-Q1 01-01..01-10 (10)*"},
		// Within one quarter: partial at both ends.
		{"2025-08-04", "2025-08-08", "2025-Q3 08-04..08-08 (5)*"},
		{"2025-08-08", "2025-08-04", ""},
	}
	for _, tt := range tests {
		var parts []string
		for _, p := range Periods(date(tt.from), date(tt.to)) {
			s := fmt.Sprintf("%s %s..%s (%d)", p.Quarter, p.From.Format("01-02"), p.To.Format("01-02"), p.Days())
			if p.Partial {
				s += "*"
			}
			parts = append(parts, s)
		}
		if got := strings.Join(parts, " | "); got != tt.want {
			t.Errorf("Periods(%s, %s)\n got %s\nwant %s", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestQuarters(t *testing.T) {
	for _, bad := range []string{"2025-Q5", "2025-Q0", "2025Q3", "25-Q3", "2025-q3x", ""} {
		if _, err := ParseQuarter(bad); err == nil {
			t.Errorf("ParseQuarter(%q) accepted", bad)
		}
	}
	if got := q("2025-Q4").Next(); got != (Quarter{2026, 1}) {
		t.Errorf("2025-Q4 next = %v", got)
	}
	if got := q("2024-Q1").Last(); !got.Equal(date("2024-03-31")) {
		t.Errorf("2024-Q1 ends %v", got)
	}
	for d, want := range map[string]string{"2016-10": "2016-Q4", "2016-03-31": "2016-Q1", "2016": "", "": ""} {
		got, ok := QuarterOfDate(rdate(d))
		if got.String() != want || ok != (want != "") {
			t.Errorf("QuarterOfDate(%q) = %v, %v; want %q", d, got, ok, want)
		}
	}
}

func TestSpanPrefersTheProjectsDatesElseItsWorkPlan(t *testing.T) {
	// From the earliest day the start can mean to the latest the project
	// can end (a start in February 2016 may be the 29th).
	p := &registry.Project{Start: rdate("2016-02"), DurationMonths: 24}
	from, to, ok := Span(p, nil)
	if !ok || !from.Equal(date("2016-02-01")) || !to.Equal(date("2018-02-28")) {
		t.Errorf("dated project: %v..%v %v", from, to, ok)
	}
	// No dates of its own (the seed's Twinning project): the work plan's.
	p = &registry.Project{DurationMonths: 24, Components: []registry.Component{{Number: 1,
		Activities: []registry.Activity{{PlannedStart: rdate("2016-04"), PlannedEnd: rdate("2016-06-15")}},
		Results:    []registry.Result{{Indicators: []registry.Indicator{{Values: []registry.IndicatorValue{{Period: "2017-Q2"}}}}}}}}}
	events := []registry.Event{{Start: rdate("2016-10-03"), End: rdate("2016-10-07")}}
	from, to, ok = Span(p, events)
	if !ok || !from.Equal(date("2016-04-01")) || !to.Equal(date("2017-06-30")) {
		t.Errorf("undated project: %v..%v %v", from, to, ok)
	}
	if _, _, ok := Span(&registry.Project{}, nil); ok {
		t.Error("a project with no date at all has a span")
	}
}

func TestIndicatorArithmetic(t *testing.T) {
	values := func(pairs ...string) []registry.IndicatorValue {
		var out []registry.IndicatorValue
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, registry.IndicatorValue{Period: pairs[i], Value: pairs[i+1]})
		}
		return out
	}
	tests := []struct {
		name             string
		ind              registry.Indicator
		upTo             string
		latest, progress string
		latestQ          string
	}{
		{"half way", registry.Indicator{Baseline: "10", Target: "30", Values: values("2016-Q3", "15", "2016-Q4", "20")}, "2016-Q4", "20", "0.5", "2016-Q4"},
		{"as of an earlier quarter", registry.Indicator{Baseline: "10", Target: "30", Values: values("2016-Q3", "15", "2016-Q4", "20")}, "2016-Q3", "15", "0.25", "2016-Q3"},
		{"values listed out of order", registry.Indicator{Baseline: "0", Target: "4", Values: values("2017-Q1", "3", "2016-Q4", "1")}, "2017-Q2", "3", "0.75", "2017-Q1"},
		{"a quarter reported without a value does not hide the one before", registry.Indicator{Baseline: "0", Target: "10", Values: values("2016-Q3", "4", "2016-Q4", "")}, "2016-Q4", "4", "0.4", "2016-Q3"},
		{"nothing reported yet", registry.Indicator{Baseline: "0", Target: "10", Values: values("2017-Q1", "4")}, "2016-Q4", "n/a", "n/a", ""},
		{"a reported zero is a value", registry.Indicator{Baseline: "5", Target: "10", Values: values("2016-Q3", "0")}, "2016-Q4", "0", "-1", "2016-Q3"},
		{"missing baseline", registry.Indicator{Target: "10", Values: values("2016-Q3", "4")}, "2016-Q4", "4", "n/a", "2016-Q3"},
		{"missing target", registry.Indicator{Baseline: "0", Values: values("2016-Q3", "4")}, "2016-Q4", "4", "n/a", "2016-Q3"},
		{"target equals baseline", registry.Indicator{Baseline: "3", Target: "3", Values: values("2016-Q3", "4")}, "2016-Q4", "4", "n/a", "2016-Q3"},
		{"a target below the baseline (fewer pending complaints)", registry.Indicator{Baseline: "120", Target: "60", Values: values("2016-Q3", "90")}, "2016-Q4", "90", "0.5", "2016-Q3"},
		{"beyond the target", registry.Indicator{Baseline: "0", Target: "2", Values: values("2016-Q3", "3")}, "2016-Q4", "3", "1.5", "2016-Q3"},
		{"decimals", registry.Indicator{Baseline: "12.5", Target: "13.5", Values: values("2016-Q3", "12.75")}, "2016-Q4", "12.75", "0.25", "2016-Q3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			latest, lq := Latest(tt.ind, q(tt.upTo))
			if latest.String() != tt.latest || lq.String() != tt.latestQ {
				t.Errorf("Latest = %s (%s), want %s (%s)", latest, lq, tt.latest, tt.latestQ)
			}
			if got := Progress(tt.ind, q(tt.upTo)); got.String() != tt.progress {
				t.Errorf("Progress = %s, want %s", got, tt.progress)
			}
		})
	}
	ind := registry.Indicator{Values: values("2016-Q3", "0", "2016-Q4", "")}
	for period, want := range map[string]string{"2016-Q3": "0", "2016-Q4": "n/a", "2017-Q1": "n/a"} {
		if got := ValueIn(ind, q(period)); got.String() != want {
			t.Errorf("ValueIn(%s) = %s, want %s (missing is never zero)", period, got, want)
		}
	}
}

func TestDaysKeepMissingApart(t *testing.T) {
	var d Days
	if d.String() != "0" || d.Total() != Known(0) {
		t.Errorf("no terms: %s %v", d, d.Total())
	}
	d.Add(nil)
	if d.String() != "n/a" || d.Total().Known {
		t.Errorf("one missing term: %s %v", d, d.Total())
	}
	d.Add(days(5))
	d.Add(days(0))
	if d.String() != "5 (+1 n/a)" || d.Total().Known || d.Sum != 5 || d.Known != 2 || d.Missing != 1 {
		t.Errorf("5, 0 and a missing term: %s %+v", d, d)
	}
}

func TestExpertDaysPerComponent(t *testing.T) {
	p := &registry.Project{Meta: registry.Meta{ID: 7}, Components: []registry.Component{
		{Number: 1, Activities: []registry.Activity{
			{Code: "1.1", PlannedExpertDays: days(20)},
			{Code: "1.2", PlannedExpertDays: days(15)},
			{Code: "1.3", PlannedExpertDays: days(30), Status: registry.ActivityCancelled},
		}},
		{Number: 2, Activities: []registry.Activity{{Code: "2.1", PlannedExpertDays: days(10)}, {Code: "2.2"}}},
		{Number: 3},
	}}
	expert := func(d *int) registry.Participant {
		return registry.Participant{PersonID: 1, Role: registry.RoleExpert, WorkingDays: d}
	}
	events := []registry.Event{
		// Spans two quarters: all five days go to the quarter it started in.
		{ProjectID: 7, Component: 1, Activity: "1.1", Kind: registry.ExpertMission, Start: rdate("2016-03-28"), End: rdate("2016-04-01"),
			Participants: []registry.Participant{expert(days(5)), {PersonID: 2, Role: registry.RoleParticipant}}},
		{ProjectID: 7, Component: 1, Activity: "1.2", Kind: registry.ExpertMission, Start: rdate("2016-05-10"),
			Participants: []registry.Participant{expert(days(4)), {PersonID: 3, Role: registry.RoleExpert}}},
		// A seminar's expert without days is not on a mission; with days, is.
		{ProjectID: 7, Component: 1, Kind: registry.Seminar, Start: rdate("2016-06-01"),
			Participants: []registry.Participant{{PersonID: 4, Role: registry.RoleExpert}, {PersonID: 5, Role: registry.RoleExpert, WorkingDays: days(2)}}},
		// Known only to the year: counted, but in no quarter.
		{ProjectID: 7, Component: 2, Kind: registry.ExpertMission, Start: rdate("2017"), Participants: []registry.Participant{expert(days(3))}},
		// Under no component.
		{ProjectID: 7, Kind: registry.ExpertMission, Start: rdate("2017-02"), Participants: []registry.Participant{expert(days(1))}},
		// Another project's mission.
		{ProjectID: 8, Component: 1, Kind: registry.ExpertMission, Start: rdate("2016-05"), Participants: []registry.Participant{expert(days(50))}},
	}
	got := ExpertDays(p, events)
	var lines []string
	for _, c := range got {
		line := fmt.Sprintf("%d: planned %s used %s remaining %s share %s unplaced %s", c.Component, c.Planned, c.Used, c.Remaining(), c.UsedShare(), c.Unplaced)
		for _, qs := range []string{"2016-Q1", "2016-Q2", "2017-Q1"} {
			if d, ok := c.ByQuarter[q(qs)]; ok {
				line += fmt.Sprintf(" %s=%s", qs, d)
			}
		}
		lines = append(lines, line)
	}
	want := []string{
		"1: planned 35 used 11 (+1 n/a) remaining n/a share n/a unplaced 0 2016-Q1=5 2016-Q2=6 (+1 n/a)",
		"2: planned 10 (+1 n/a) used 3 remaining n/a share n/a unplaced 3",
		"3: planned 0 used 0 remaining 0 share n/a unplaced 0",
		"0: planned 0 used 1 remaining -1 share n/a unplaced 0 2017-Q1=1",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("expert days\n got:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}

	// Once every term is known, the figures are.
	events[1].Participants[1].WorkingDays = days(6)
	c := ExpertDays(p, events)[0]
	if c.Used.String() != "17" || c.Remaining().String() != "18" || c.UsedShare().String() != fmt.Sprint(17.0/35) {
		t.Errorf("complete: used %s remaining %s share %s", c.Used, c.Remaining(), c.UsedShare())
	}
}

func TestBuild(t *testing.T) {
	p := &registry.Project{Meta: registry.Meta{ID: 1}, Start: rdate("2016-02-15"), End: rdate("2016-09-30"), Components: []registry.Component{{
		Number: 1,
		Results: []registry.Result{{Title: registry.T("en", "R"), Indicators: []registry.Indicator{{
			Title: registry.T("en", "Visits"), Baseline: "0", Target: "8",
			Values: []registry.IndicatorValue{{Period: "2016-Q1", Value: "1"}, {Period: "2016-Q3", Value: "4"}},
		}}}},
		Activities: []registry.Activity{
			{Code: "1.1", PlannedEnd: rdate("2016-04"), PlannedExpertDays: days(10)},
			{Code: "1.2", PlannedEnd: rdate("2016-04"), Status: registry.ActivityDone},
		},
	}}}
	events := []registry.Event{
		{Meta: registry.Meta{ID: 2}, ProjectID: 1, Component: 1, Activity: "1.1", Kind: registry.ExpertMission, Start: rdate("2016-06-01"),
			Participants: []registry.Participant{{Role: registry.RoleExpert, WorkingDays: days(4)}}},
		{Meta: registry.Meta{ID: 1}, ProjectID: 1, Component: 1, Kind: registry.StudyVisit, Start: rdate("2016-03-01")},
	}
	plan := Build(p, events, date("2016-08-20"))
	if len(plan.Periods) != 3 || !plan.Periods[0].Partial || plan.Current != q("2016-Q3") {
		t.Fatalf("periods %v, current %v", plan.Periods, plan.Current)
	}
	ip := plan.Components[0].Results[0].Indicators[0]
	var vs []string
	for _, v := range ip.Values {
		vs = append(vs, v.String())
	}
	if strings.Join(vs, " ") != "1 n/a 4" || ip.Progress.String() != "0.5" || ip.LatestPeriod != q("2016-Q3") {
		t.Errorf("indicator values %v progress %s latest %s", vs, ip.Progress, ip.LatestPeriod)
	}
	a := plan.Components[0].Activities
	if len(a[0].Events) != 1 || a[0].Events[0].ID != 2 || a[0].UsedDays.String() != "4" || !a[0].Late || a[1].Late {
		t.Errorf("activities: %+v", a)
	}
	if m := plan.Missions(); len(m) != 1 || m[0].ID != 2 {
		t.Errorf("missions: %v", m)
	}
	if len(plan.UnlinkedEvents) != 1 || plan.UnlinkedEvents[0].ID != 1 || plan.Events[0].ID != 1 {
		t.Errorf("events by start, unlinked: %v", plan.UnlinkedEvents)
	}
	if d := plan.Components[0].Days; d.Planned.String() != "10 (+1 n/a)" || d.Used.String() != "4" {
		t.Errorf("days %+v", d)
	}
}
