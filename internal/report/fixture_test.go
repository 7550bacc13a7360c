package report_test

import (
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/report"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func date(s string) registry.Date {
	v, err := registry.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func days(n int) *int { return &n }

// A small project for the report's edge cases: a component over its
// planned expert-days, an activity late, one cancelled, a mission known
// only to its year, an event under no component, a reported zero and a
// quarter not measured.
func TestProjectReportEdgeCases(t *testing.T) {
	st := storetest.Open(t)
	var projectID int64
	err := st.Transact(ctx, func(tx *store.Tx) error {
		expert := &registry.Person{GivenName: "Anna", FamilyName: "Əliyeva"}
		if _, err := tx.CreatePerson(ctx, expert); err != nil {
			return err
		}
		p := &registry.Project{Instrument: registry.Twinning, Title: registry.T("en", "Edge project", "az", "Sərhəd layihəsi", "ru", "Пограничный проект"),
			Start: date("2020-01-01"), End: date("2020-12-31"),
			Components: []registry.Component{{Number: 1, Title: registry.T("en", "Monitoring"),
				Results: []registry.Result{{Title: registry.T("en", "Visits"), Indicators: []registry.Indicator{
					{Code: "1.a", Title: registry.T("en", "Reports issued"), Baseline: "0", Target: "4",
						Values: []registry.IndicatorValue{{Period: "2020-Q1", Value: "0"}, {Period: "2020-Q2"}}},
				}}},
				Activities: []registry.Activity{
					{Code: "1.1", Title: registry.T("en", "Training"), Status: registry.ActivityOngoing, PlannedStart: date("2020-01"), PlannedEnd: date("2020-03"), PlannedExpertDays: days(4)},
					{Code: "1.2", Title: registry.T("en", "Conference"), Status: registry.ActivityCancelled, PlannedExpertDays: days(30)},
				}}},
		}
		if _, err := tx.CreateProject(ctx, p); err != nil {
			return err
		}
		projectID = p.ID
		for _, e := range []*registry.Event{
			{Kind: registry.ExpertMission, Start: date("2020-02-10"), End: date("2020-02-14"), ProjectID: p.ID, Component: 1, Activity: "1.1",
				Participants: []registry.Participant{{PersonID: expert.ID, Role: registry.RoleExpert, WorkingDays: days(5)}}},
			{Kind: registry.ExpertMission, Start: date("2020"), ProjectID: p.ID, Component: 1,
				Participants: []registry.Participant{{PersonID: expert.ID, Role: registry.RoleExpert, WorkingDays: days(2)}}},
			{Kind: registry.Seminar, Start: date("2020-03-03"), ProjectID: p.ID, Title: registry.T("en", "Opening seminar"),
				Participants: []registry.Participant{{PersonID: expert.ID, Role: registry.RoleSpeaker}}},
		} {
			if _, err := tx.CreateEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	d, err := report.Project(ctx, st, report.ProjectQuery{ProjectID: projectID, Period: "2020-Q1", Lang: "en", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	w := write(t, d)
	for _, f := range []struct{ table, row, column, value, known string }{
		// The cancelled conference's 30 days are not planned.
		{"expert-days", "Component 1: Monitoring", "Expert-days planned", "4", "yes"},
		// The mission known only to its year is in no quarter.
		{"expert-days", "Component 1: Monitoring", "Expert-days used in the period", "5", "yes"},
		{"expert-days", "Component 1: Monitoring", "Remaining", "-1", "yes"},
		{"expert-days", "Component 1: Monitoring", "Share used", "1.2500", "yes"},
		// A reported zero is a value; the progress from 0 towards 4 is 0.
		{"indicators-1-1", "1.a Reports issued", "Value for the period", "0", "yes"},
		{"indicators-1-1", "1.a Reports issued", "Progress", "0.0000", "yes"},
		{"summary", "Events in the period", "Value", "2", "yes"},
		// Planned to end in March: not late on 31 March.
		{"summary", "Activities late against the plan", "Value", "0", "yes"},
	} {
		v, known, ok := figure(w.csv, f.table, f.row, f.column)
		if !ok || v != f.value || known != f.known {
			t.Errorf("CSV %s / %s / %s = %q (%s, found %v), want %q (%s)", f.table, f.row, f.column, v, known, ok, f.value, f.known)
		}
	}
	for _, s := range []string{
		"1.2 Conference: cancelled.",
		"Component 1: Monitoring: 5 expert-days used against 4 planned.",
		"their 2 expert-days are not in the period",
		"Anna Əliyeva (5 days)",
		"Opening seminar",
	} {
		if !strings.Contains(w.html, s) {
			t.Errorf("the report lacks %q", s)
		}
	}
	if !strings.Contains(flat(pdftotext(t, w.pdf)), "Anna Əliyeva (5 days)") {
		t.Error("the PDF's text lacks the expert's name with ə")
	}
	yearOnlyChecks(t, st, projectID, w)
	// In 2020-Q2 the indicator was reported without a value: not known.
	d, err = report.Project(ctx, st, report.ProjectQuery{ProjectID: projectID, Period: "2020-Q2", Lang: "ru", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	w = write(t, d)
	for _, s := range []string{"1.a Reports issued: значение за 2020-Q2 не сообщено.", "1.1 Training: плановое окончание — март 2020 г., не завершено."} {
		if !strings.Contains(w.html, s) {
			t.Errorf("the 2020-Q2 report lacks %q", s)
		}
	}
	if v, known, _ := figure(w.csv, "summary", "Мероприятия с отставанием от плана", "Значение"); v != "1" || known != "yes" {
		t.Errorf("activities late in 2020-Q2: %q %s", v, known)
	}
}

// yearOnlyChecks: the mission dated to 2020 only is in no quarter, and
// yet never lost: each quarterly report of 2020 lists it apart and says
// why, its days count by a period's end once 2020 is over, and the final
// report counts them and lists them apart. q1 is the 2020-Q1 report.
func yearOnlyChecks(t *testing.T, st *store.Store, projectID int64, q1 written) {
	t.Helper()
	section := func(w written) string {
		i := strings.Index(w.html, `<section id="year-only"`)
		if i < 0 {
			return ""
		}
		return w.html[i : i+strings.Index(w.html[i:], "</section>")]
	}
	s := section(q1)
	for _, want := range []string{"Dated to the year only (2020)", "listed here in each quarterly report of 2020", "Anna Əliyeva (2 days)",
		"Expert-days of these missions: 2."} {
		if !strings.Contains(s, want) {
			t.Errorf("2020-Q1: the list of what is dated to the year only lacks %q:\n%s", want, s)
		}
	}
	if v, _, _ := figure(q1.csv, "year-only", "Expert mission (draft)", "Expert-days used"); v != "2" {
		t.Errorf("2020-Q1: the year-only mission's days in the CSV: %q", v)
	}
	if !strings.Contains(flat(pdftotext(t, q1.pdf)), "Dated to the year only (2020)") {
		t.Error("2020-Q1: the PDF lacks the list of what is dated to the year only")
	}
	for _, c := range []struct {
		period, upTo string
	}{{"2020-Q1", "5"}, {"2020-Q3", "5"}, {"2020-Q4", "7"}} {
		d, err := report.Project(ctx, st, report.ProjectQuery{ProjectID: projectID, Period: c.period, Lang: "en", Now: now})
		if err != nil {
			t.Fatal(err)
		}
		w := write(t, d)
		if v, _, _ := figure(w.csv, "expert-days", "Component 1: Monitoring", "Used by the period's end"); v != c.upTo {
			t.Errorf("%s: expert-days used by the period's end %q, want %s (the year-only mission's two counted once 2020 is over)", c.period, v, c.upTo)
		}
		if !strings.Contains(section(w), "Anna Əliyeva (2 days)") {
			t.Errorf("%s: the year-only mission is not listed", c.period)
		}
	}
	d, err := report.Project(ctx, st, report.ProjectQuery{ProjectID: projectID, Period: "final", Lang: "en", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	w := write(t, d)
	if v, _, _ := figure(w.csv, "expert-days", "Total", "Expert-days used"); v != "7" {
		t.Errorf("final: expert-days used %q, want 7 (the year-only mission's counted)", v)
	}
	for _, want := range []string{"Of the expert-days used, 2 are of missions dated to the year only", "they are counted in this report"} {
		if !strings.Contains(w.html, want) {
			t.Errorf("final: the report lacks %q", want)
		}
	}
	if !strings.Contains(section(w), "Anna Əliyeva (2 days)") {
		t.Error("final: the year-only mission is not listed apart")
	}
	for _, lang := range []string{"az", "ru"} {
		d, err := report.Project(ctx, st, report.ProjectQuery{ProjectID: projectID, Period: "2020-Q2", Lang: lang, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"az": "Yalnız ili məlum olanlar (2020)", "ru": "Датированные только годом (2020)"}[lang]
		if s := section(write(t, d)); !strings.Contains(s, want) {
			t.Errorf("%s: the list's heading is not %q:\n%s", lang, want, s)
		}
	}
}
