package registry

import (
	"strings"
	"testing"
)

func fields(list []FieldError) string {
	var out []string
	for _, fe := range list {
		out = append(out, fe.Field)
	}
	return strings.Join(out, " ")
}

func TestWorkPlanChecks(t *testing.T) {
	days := func(n int) *int { return &n }
	valid := func() *Project {
		return &Project{Instrument: Twinning, Title: T("en", "P"), Components: []Component{{Number: 1, Title: T("en", "C"),
			Results: []Result{{Title: T("en", "R"), Indicators: []Indicator{{Title: T("en", "I"), Unit: " % ", Baseline: " 12 ", Target: "-3.25",
				BaselineDate: NewDate(2016, 1, 0), TargetDate: NewDate(2017, 12, 0),
				Values: []IndicatorValue{{Period: "2016-q2", Value: "0"}, {Period: "2016-Q3"}}}}}},
			Activities: []Activity{{Code: "1.1", Title: T("en", "A"), Status: ActivityOngoing, PlannedStart: NewDate(2016, 4, 0), PlannedEnd: NewDate(2016, 6, 0),
				ActualStart: NewDate(2016, 4, 18), PlannedExpertDays: days(0)}}}}}
	}
	p := valid()
	r := NewReport()
	p.Check(r)
	if !r.OK() || len(*r.Warnings) != 0 {
		t.Fatalf("a valid work plan: errors %v warnings %v", *r.Errors, *r.Warnings)
	}
	ind := p.Components[0].Results[0].Indicators[0]
	if ind.Baseline != "12" || ind.Unit != "%" || ind.Values[0].Period != "2016-Q2" {
		t.Errorf("not normalised: %+v", ind)
	}
	tests := []struct {
		name   string
		change func(p *Project)
		errors string
	}{
		{"a value with a comma", func(p *Project) { p.Components[0].Results[0].Indicators[0].Values[0].Value = "1,5" }, "components[0].results[0].indicators[0].values[0].value"},
		{"a baseline with a unit", func(p *Project) { p.Components[0].Results[0].Indicators[0].Baseline = "12%" }, "components[0].results[0].indicators[0].baseline"},
		{"a month for a period", func(p *Project) { p.Components[0].Results[0].Indicators[0].Values[1].Period = "2016-07" }, "components[0].results[0].indicators[0].values[1].period"},
		{"no period", func(p *Project) { p.Components[0].Results[0].Indicators[0].Values[1].Period = "" }, "components[0].results[0].indicators[0].values[1].period"},
		{"a target date before the baseline date", func(p *Project) { p.Components[0].Results[0].Indicators[0].TargetDate = NewDate(2015, 0, 0) }, "components[0].results[0].indicators[0].target_date"},
		{"an indicator without title", func(p *Project) { p.Components[0].Results[0].Indicators[0].Title = nil }, "components[0].results[0].indicators[0].title"},
		{"an unknown status", func(p *Project) { p.Components[0].Activities[0].Status = "late" }, "components[0].activities[0].status"},
		{"actual end before actual start", func(p *Project) { p.Components[0].Activities[0].ActualEnd = NewDate(2016, 3, 0) }, "components[0].activities[0].actual_end"},
		{"negative expert-days", func(p *Project) { p.Components[0].Activities[0].PlannedExpertDays = days(-1) }, "components[0].activities[0].planned_expert_days"},
		{"a code used twice across components", func(p *Project) {
			p.Components = append(p.Components, Component{Number: 2, Title: T("en", "C2"), Activities: []Activity{{Code: "1.1", Title: T("en", "B")}}})
		}, "components[1].activities[0].code"},
	}
	for _, tt := range tests {
		p := valid()
		tt.change(p)
		r := NewReport()
		p.Check(r)
		if got := fields(*r.Errors); got != tt.errors {
			t.Errorf("%s: errors at %q, want %q (%v)", tt.name, got, tt.errors, *r.Errors)
		}
	}

	warn := valid()
	warn.Components[0].Activities[0].Status = ActivityPlanned
	warn.Components[0].Activities = append(warn.Components[0].Activities, Activity{Code: "1.2", Title: T("en", "D"), Status: ActivityDone})
	r = NewReport()
	warn.Check(r)
	if !r.OK() || fields(*r.Warnings) != "components[0].activities[0].status components[0].activities[1].actual_end" {
		t.Errorf("warnings %v errors %v", *r.Warnings, *r.Errors)
	}
}

func TestEventWorkPlanChecks(t *testing.T) {
	days := func(n int) *int { return &n }
	mission := func() *Event {
		return &Event{Kind: ExpertMission, Start: NewDate(2016, 4, 18), End: NewDate(2016, 4, 22), ProjectID: 2, Component: 1, Activity: " 1.1 ",
			Participants: []Participant{{PersonID: 1, Role: RoleExpert, WorkingDays: days(5)}, {PersonID: 2, Role: RoleExpert}}}
	}
	e := mission()
	r := NewReport()
	e.Check(r)
	if !r.OK() || len(*r.Warnings) != 0 || e.Activity != "1.1" {
		t.Fatalf("a valid mission: %v %v %q", *r.Errors, *r.Warnings, e.Activity)
	}
	e = mission()
	e.Participants[0].WorkingDays = days(6)
	r = NewReport()
	e.Check(r)
	if !r.OK() || fields(*r.Warnings) != "participants[0].working_days" {
		t.Errorf("more days than the mission lasted: %v %v", *r.Errors, *r.Warnings)
	}
	tests := []struct {
		change func(e *Event)
		errors string
	}{
		{func(e *Event) { e.Component = 0 }, "activity"},
		{func(e *Event) { e.Participants[1].Role = RoleSpeaker; e.Participants[1].WorkingDays = days(2) }, "participants[1].working_days"},
		{func(e *Event) { e.Participants[0].WorkingDays = days(-2) }, "participants[0].working_days"},
	}
	for _, tt := range tests {
		e := mission()
		tt.change(e)
		r := NewReport()
		e.Check(r)
		if got := fields(*r.Errors); got != tt.errors {
			t.Errorf("errors at %q, want %q (%v)", got, tt.errors, *r.Errors)
		}
	}
}
