package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var ctx = context.Background()

// marked reports whether a text says, in every language, that it is
// illustrative and not from the published page.
func marked(t registry.Text) bool {
	return strings.HasPrefix(t["en"], "Illustrative (not from the published page)") &&
		strings.HasPrefix(t["az"], "Nümunə (dərc olunmuş səhifədən deyil)") &&
		strings.HasPrefix(t["ru"], "Пример (не с опубликованной страницы)")
}

func illustrativeNote(t registry.Text) bool {
	return strings.Contains(t["en"], "(not from the published page)") && strings.Contains(t["az"], "(dərc olunmuş səhifədən deyil)") &&
		strings.Contains(t["ru"], "(не с опубликованной страницы)")
}

// The seed's 24-month Twinning project carries a work plan: its first
// component, the national preventive mechanism, as the seed page says,
// and everything the page does not say clearly marked as illustrative.
func TestTheTwinningWorkPlanIsMarkedIllustrative(t *testing.T) {
	st := storetest.Demo(t)
	p, err := st.Project(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if p.DurationMonths != 24 || len(p.Components) != 3 || p.Components[0].Number != 1 ||
		p.Components[0].Title["en"] != "Strengthening the activity of the Ombudsman Office as a national preventive mechanism" || marked(p.Components[0].Title) {
		t.Fatalf("the seed's first component: %+v", p.Components)
	}
	for _, c := range p.Components {
		if c.Number > 1 && !marked(c.Title) {
			t.Errorf("component %d is not marked illustrative: %v", c.Number, c.Title)
		}
		for _, r := range c.Results {
			if !marked(r.Title) {
				t.Errorf("component %d: result not marked illustrative: %v", c.Number, r.Title)
			}
			for _, ind := range r.Indicators {
				if !marked(ind.Title) || !illustrativeNote(ind.Note) {
					t.Errorf("indicator %s has no illustrative note: %v", ind.Code, ind.Note)
				}
			}
		}
		for _, a := range c.Activities {
			if !marked(a.Title) || !illustrativeNote(a.Note) {
				t.Errorf("activity %s is not marked illustrative: %v %v", a.Code, a.Title, a.Note)
			}
		}
	}
	// The missions, their experts and the experts' home institutions are
	// drafts: never public, never shown as facts.
	missions, err := st.Events(ctx, store.Filter{Kind: string(registry.ExpertMission)})
	if err != nil {
		t.Fatal(err)
	}
	if len(missions.Items) != 5 {
		t.Fatalf("%d missions, want 5", len(missions.Items))
	}
	for _, e := range missions.Items {
		if e.Status != registry.Draft || !marked(e.Title) || !illustrativeNote(e.Summary) || e.ProjectID != 2 || e.Activity == "" {
			t.Errorf("mission %d: %+v", e.ID, e)
		}
		for _, pt := range e.Participants {
			person, err := st.Person(ctx, pt.PersonID)
			if err != nil || person.Status != registry.Draft || !strings.HasPrefix(person.FamilyName, "Illustrative expert") {
				t.Errorf("mission %d: expert %d: %+v %v", e.ID, pt.PersonID, person, err)
			}
			in, err := st.Institution(ctx, pt.InstitutionID)
			if err != nil || in.Status != registry.Draft || !illustrativeNote(in.Name) {
				t.Errorf("mission %d: home institution %d: %+v %v", e.ID, pt.InstitutionID, in, err)
			}
		}
	}
}

// The dashboards and reports have something to show out of the box.
func TestTheTwinningWorkPlanFigures(t *testing.T) {
	st := storetest.Demo(t)
	asOf := time.Date(2017, 6, 30, 0, 0, 0, 0, time.UTC)
	plan, err := st.ProjectWorkplan(ctx, 2, asOf, "")
	if err != nil {
		t.Fatal(err)
	}
	// No dates of its own: the periods are those of its work plan, from
	// the first planned activity (April 2016) to the last (December 2017).
	if len(plan.Periods) != 7 || plan.Periods[0].Quarter.String() != "2016-Q2" || plan.Periods[6].Quarter.String() != "2017-Q4" {
		t.Errorf("periods: %v", plan.Periods)
	}
	var got []string
	for _, d := range plan.Days {
		got = append(got, d.Planned.String()+" / "+d.Used.String())
	}
	if strings.Join(got, "; ") != "65 (+1 n/a) / 19 (+1 n/a); 40 / 8; 10 (+1 n/a) / 0" {
		t.Errorf("expert-days planned / used per component: %s", strings.Join(got, "; "))
	}
	visits := plan.Components[0].Results[0].Indicators[0]
	if visits.Latest.String() != "40" || visits.Progress.Value < 0.66 || visits.Progress.Value > 0.67 {
		t.Errorf("visits: latest %s progress %s", visits.Latest, visits.Progress)
	}
	// 2017-Q1 was not measured: missing, not zero.
	if v := visits.Values[3]; v.Known {
		t.Errorf("the quarter not measured reads %s", v)
	}
	if campaigns := plan.Components[2].Results[0].Indicators[0]; campaigns.Progress.Known || campaigns.Latest.Known {
		t.Errorf("an indicator with no values yet: latest %s progress %s", campaigns.Latest, campaigns.Progress)
	}
	// Published only, as public pages count: the draft missions do not.
	plan, err = st.ProjectWorkplan(ctx, 2, asOf, registry.Published)
	if err != nil {
		t.Fatal(err)
	}
	if used := plan.Days[0].Used; used.String() != "0" {
		t.Errorf("published missions' days: %s", used)
	}
}
