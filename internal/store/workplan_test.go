package store_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func intp(n int) *int { return &n }

func d(s string) registry.Date {
	v, err := registry.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// workplanProject is a Twinning project with a full results framework.
func workplanProject() *registry.Project {
	return &registry.Project{
		Instrument: registry.Twinning, Title: registry.T("en", "Support to the Ombudsman"),
		Start: d("2016-02-15"), End: d("2018-02-14"),
		Components: []registry.Component{
			{Number: 1, Title: registry.T("en", "National preventive mechanism"),
				Results: []registry.Result{
					{Title: registry.T("en", "Visits follow a common methodology"), Indicators: []registry.Indicator{
						{Code: "1.1.a", Title: registry.T("en", "Places of detention visited"), Unit: "visits",
							Baseline: "12", BaselineDate: d("2016-01"), Target: "40", TargetDate: d("2018-01"),
							SourceOfVerification: registry.T("en", "NPM annual report"),
							Values: []registry.IndicatorValue{
								{Period: "2016-Q2", Value: "15"},
								{Period: "2016-Q3", Note: registry.T("en", "Not measured")},
								{Period: "2016-Q4", Value: "26"},
							}},
						{Title: registry.T("en", "Share of recommendations followed"), Unit: "%"},
					}},
					{Title: registry.T("en", "Staff trained")},
				},
				Activities: []registry.Activity{
					{Code: "1.1", Title: registry.T("en", "Review of visit methodology"), Status: registry.ActivityDone,
						PlannedStart: d("2016-04"), PlannedEnd: d("2016-06"), ActualStart: d("2016-05-02"), ActualEnd: d("2016-06-30"),
						PlannedExpertDays: intp(20), Note: registry.T("en", "Illustrative")},
					{Code: "1.2", Title: registry.T("en", "Study visit"), Status: registry.ActivityPlanned, PlannedExpertDays: intp(0)},
					{Code: "1.3", Title: registry.T("en", "Handbook")},
				}},
			{Number: 2, Title: registry.T("en", "Complaints"),
				Activities: []registry.Activity{{Code: "2.1", Title: registry.T("en", "Case management"), PlannedExpertDays: intp(10)}}},
		},
	}
}

func seedWorkplan(t *testing.T, st *store.Store) (project *registry.Project, mission *registry.Event) {
	t.Helper()
	project = workplanProject()
	mustWrite(t, st, func(tx *store.Tx) error {
		in := &registry.Institution{Name: registry.T("en", "Greek Ombudsman"), Kind: registry.OmbudsmanOffice, Country: "GR"}
		if _, err := tx.CreateInstitution(ctx, in); err != nil {
			return err
		}
		a := &registry.Person{FamilyName: "Expert A"}
		b := &registry.Person{FamilyName: "Expert B"}
		for _, p := range []*registry.Person{a, b} {
			if _, err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
		}
		if _, err := tx.CreateProject(ctx, project); err != nil {
			return err
		}
		mission = &registry.Event{Kind: registry.ExpertMission, Start: d("2016-06-27"), End: d("2016-07-01"), ProjectID: project.ID, Component: 1, Activity: "1.1",
			Meta: registry.Meta{Status: registry.Published},
			Participants: []registry.Participant{
				{PersonID: a.ID, Role: registry.RoleExpert, InstitutionID: in.ID, WorkingDays: intp(5)},
				{PersonID: b.ID, Role: registry.RoleExpert, InstitutionID: in.ID}, // days not known
			}}
		if _, err := tx.CreateEvent(ctx, mission); err != nil {
			return err
		}
		draft := &registry.Event{Kind: registry.ExpertMission, Start: d("2017-03"), ProjectID: project.ID, Component: 2, Activity: "2.1",
			Participants: []registry.Participant{{PersonID: a.ID, Role: registry.RoleExpert, WorkingDays: intp(0)}}}
		_, err := tx.CreateEvent(ctx, draft)
		return err
	})
	return project, mission
}

func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWorkplanFieldsRoundTrip(t *testing.T) {
	st := storetest.Open(t)
	want, mission := seedWorkplan(t, st)
	got, err := st.Project(ctx, want.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := jsonString(t, got.Components), jsonString(t, want.Components); g != w {
		t.Errorf("components read back\n got %s\nwant %s", g, w)
	}
	e, err := st.Event(ctx, mission.ID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Activity != "1.1" || *e.Participants[0].WorkingDays != 5 || e.Participants[1].WorkingDays != nil {
		t.Errorf("mission read back: activity %q, days %v %v", e.Activity, e.Participants[0].WorkingDays, e.Participants[1].WorkingDays)
	}
	// A known zero stays zero, not unknown.
	list, err := st.Events(ctx, store.Filter{ProjectID: want.ID, Kind: string(registry.ExpertMission)})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 2 || list.Items[1].Participants[0].WorkingDays == nil || *list.Items[1].Participants[0].WorkingDays != 0 {
		t.Errorf("a zero working days did not read back as zero: %s", jsonString(t, list.Items))
	}

	// Editing replaces the framework: a dropped result takes its
	// indicators and values with it, leaving no rows behind.
	mustWrite(t, st, func(tx *store.Tx) error {
		p, err := tx.Project(ctx, want.ID)
		if err != nil {
			return err
		}
		p.Components[0].Results = p.Components[0].Results[1:]
		_, err = tx.UpdateProject(ctx, p)
		return err
	})
	counts, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if (c.Table == "result_indicators" || c.Table == "indicator_values") && c.Rows != 0 {
			t.Errorf("%s keeps %d rows of a dropped result", c.Table, c.Rows)
		}
	}
}

func fieldsOf(err error) string {
	var ve *registry.ValidationError
	if !errors.As(err, &ve) {
		return "not a validation error: " + errString(err)
	}
	var out []string
	for _, fe := range ve.Errors {
		out = append(out, fe.Field)
	}
	return strings.Join(out, " ")
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestWorkplanReferencesAreChecked(t *testing.T) {
	st := storetest.Open(t)
	project, mission := seedWorkplan(t, st)
	tests := []struct {
		name  string
		write func(tx *store.Tx) error
		field string
	}{
		{"an activity the project does not have", func(tx *store.Tx) error {
			e, _ := tx.Event(ctx, mission.ID)
			e.Activity = "9.9"
			_, err := tx.UpdateEvent(ctx, e)
			return err
		}, "activity"},
		{"an activity of another component", func(tx *store.Tx) error {
			e, _ := tx.Event(ctx, mission.ID)
			e.Activity = "2.1"
			_, err := tx.UpdateEvent(ctx, e)
			return err
		}, "activity"},
		{"working days for a participant who is no expert", func(tx *store.Tx) error {
			e, _ := tx.Event(ctx, mission.ID)
			e.Participants[1].Role = registry.RoleParticipant
			e.Participants[1].WorkingDays = intp(3)
			_, err := tx.UpdateEvent(ctx, e)
			return err
		}, "participants[1].working_days"},
		{"dropping an activity an event carried out", func(tx *store.Tx) error {
			p, _ := tx.Project(ctx, project.ID)
			p.Components[0].Activities = p.Components[0].Activities[1:]
			_, err := tx.UpdateProject(ctx, p)
			return err
		}, "components"},
		{"moving it to another component", func(tx *store.Tx) error {
			p, _ := tx.Project(ctx, project.ID)
			p.Components[1].Activities = append(p.Components[1].Activities, p.Components[0].Activities[0])
			p.Components[0].Activities = p.Components[0].Activities[1:]
			_, err := tx.UpdateProject(ctx, p)
			return err
		}, "components"},
		{"an indicator value that is not a number", func(tx *store.Tx) error {
			p, _ := tx.Project(ctx, project.ID)
			p.Components[0].Results[0].Indicators[0].Values[0].Value = "15%"
			_, err := tx.UpdateProject(ctx, p)
			return err
		}, "components[0].results[0].indicators[0].values[0].value"},
		{"a period reported twice", func(tx *store.Tx) error {
			p, _ := tx.Project(ctx, project.ID)
			ind := &p.Components[0].Results[0].Indicators[0]
			ind.Values[1].Period = ind.Values[0].Period
			_, err := tx.UpdateProject(ctx, p)
			return err
		}, "components[0].results[0].indicators[0].values[1].period"},
		{"two activities with one code", func(tx *store.Tx) error {
			p, _ := tx.Project(ctx, project.ID)
			p.Components[0].Activities[2].Code = "1.2"
			_, err := tx.UpdateProject(ctx, p)
			return err
		}, "components[0].activities[2].code"},
	}
	before := jsonString(t, must(st.Project(ctx, project.ID)))
	for _, tt := range tests {
		err := st.Transact(ctx, tt.write)
		if got := fieldsOf(err); got != tt.field {
			t.Errorf("%s: fields at fault %q, want %q (%v)", tt.name, got, tt.field, err)
		}
	}
	if after := jsonString(t, must(st.Project(ctx, project.ID))); after != before {
		t.Errorf("refused edits changed the project:\n%s\n%s", before, after)
	}
	e := must(st.Event(ctx, mission.ID))
	if e.Activity != "1.1" || e.Version != 1 {
		t.Errorf("refused edits changed the event: %+v", e)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestProjectWorkplan(t *testing.T) {
	st := storetest.Open(t)
	project, _ := seedWorkplan(t, st)
	asOf := time.Date(2017, 5, 10, 0, 0, 0, 0, time.UTC)
	plan, err := st.ProjectWorkplan(ctx, project.ID, asOf, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Periods) != 9 || !plan.Periods[0].Partial || plan.Periods[0].Quarter.String() != "2016-Q1" || !plan.Periods[8].Partial {
		t.Errorf("periods: %d, first %+v", len(plan.Periods), plan.Periods[0])
	}
	ind := plan.Components[0].Results[0].Indicators[0]
	if ind.Latest.String() != "26" || ind.Progress.String() != "0.5" {
		t.Errorf("indicator: latest %s progress %s", ind.Latest, ind.Progress)
	}
	if ind.Values[1].String() != "15" || ind.Values[2].Known {
		t.Errorf("values per period: %v (2016-Q3 was reported without a value)", ind.Values)
	}
	if p := plan.Components[0].Results[0].Indicators[1].Progress; p.Known {
		t.Errorf("an indicator without baseline or target has progress %s", p)
	}
	c1, c2 := plan.Components[0].Days, plan.Components[1].Days
	if c1.Planned.String() != "20 (+1 n/a)" || c1.Used.String() != "5 (+1 n/a)" || c2.Used.String() != "0" || c2.Remaining().String() != "10" {
		t.Errorf("days: component 1 planned %s used %s; component 2 used %s remaining %s", c1.Planned, c1.Used, c2.Used, c2.Remaining())
	}
	if a := plan.Components[0].Activities[0]; len(a.Events) != 1 || a.UsedDays.String() != "5 (+1 n/a)" {
		t.Errorf("activity 1.1: %d events, %s days", len(a.Events), a.UsedDays)
	}

	// Published only: the draft mission does not count.
	plan, err = st.ProjectWorkplan(ctx, project.ID, asOf, registry.Published)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Events) != 1 || len(plan.Components[1].Activities[0].Events) != 0 {
		t.Errorf("published only: %d events", len(plan.Events))
	}
	if _, err := st.ProjectWorkplan(ctx, 999, asOf, ""); !errors.Is(err, registry.ErrNotFound) {
		t.Errorf("a missing project: %v", err)
	}
}
