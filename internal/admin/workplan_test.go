package admin_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
)

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The project form edits the results framework — indicators, their
// values by quarter, activities with their dates, status and planned
// expert-days — without JavaScript, and saving it unchanged changes
// nothing.
func TestProjectFormEditsTheWorkPlan(t *testing.T) {
	srv, st := demoServer(t)
	s := newSession(t, srv, "editor")
	before, err := st.Project(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	page := s.get("/admin/projects/2")
	if page.status != 200 {
		t.Fatalf("form: %d", page.status)
	}
	for _, want := range []string{
		`name="components[0].results[0].indicators[0].baseline" value="30"`,
		`name="components[0].results[0].indicators[0].values[4].value" value="40"`,
		`name="components[0].activities[0].planned_expert_days" value="20"`,
		`<option value="done" selected>`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(page.body, -1) {
		if ids[m[1]] {
			t.Errorf("the form has two elements with id %q", m[1])
		}
		ids[m[1]] = true
	}
	form := formOf(t, page.body, "/admin/projects/2")
	if r := s.post("/admin/projects/2", form); r.status != http.StatusSeeOther {
		t.Fatalf("saving unchanged: %d\n%s", r.status, r.body)
	}
	same, _ := st.Project(ctx, 2)
	if same.Version != before.Version || asJSON(t, same) != asJSON(t, before) {
		t.Fatalf("saving the form unchanged changed the project:\n%s\n%s", asJSON(t, before), asJSON(t, same))
	}

	// A number that is not one is refused beside its input; nothing is
	// written.
	bad := formOf(t, page.body, "/admin/projects/2")
	bad.Set("components[0].results[0].indicators[0].values[4].value", "40,5")
	r := s.post("/admin/projects/2", bad)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-components-0-results-0-indicators-0-values-4-value-error"`) {
		t.Errorf("a bad value: %d, no error beside the input", r.status)
	}
	if p, _ := st.Project(ctx, 2); p.Version != before.Version {
		t.Error("a refused form wrote the project")
	}

	// A new quarter's value in the empty row; planned expert-days
	// cleared become not known, not zero.
	form.Set("components[0].results[0].indicators[0].values[5].period", "2017-Q3")
	form.Set("components[0].results[0].indicators[0].values[5].value", "43")
	form.Set("components[0].activities[3].planned_expert_days", "")
	form.Set("components[0].activities[2].status", "cancelled")
	if r := s.post("/admin/projects/2", form); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.status, r.body)
	}
	after, _ := st.Project(ctx, 2)
	ind := after.Components[0].Results[0].Indicators[0]
	acts := after.Components[0].Activities
	if len(ind.Values) != 6 || asJSON(t, ind.Values[5]) != `{"period":"2017-Q3","value":"43"}` || ind.Values[3].Value != "" || ind.Values[3].Note["ru"] == "" {
		t.Errorf("values after saving: %+v", ind.Values)
	}
	if acts[3].PlannedExpertDays != nil || acts[0].PlannedExpertDays == nil || *acts[0].PlannedExpertDays != 20 || acts[2].Status != registry.ActivityCancelled {
		t.Errorf("activities after saving: %s", asJSON(t, acts))
	}
}

// The event form names the activity an event carried out and the
// working days of each expert on a mission.
func TestEventFormEditsMissionDays(t *testing.T) {
	srv, st := demoServer(t)
	s := newSession(t, srv, "editor")
	before, err := st.Event(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	page := s.get("/admin/events/3")
	for _, want := range []string{
		`<option value="1.1" selected>`,
		`name="participants[0].working_days" value="5"`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	form := formOf(t, page.body, "/admin/events/3")
	if r := s.post("/admin/events/3", form); r.status != http.StatusSeeOther {
		t.Fatalf("saving unchanged: %d\n%s", r.status, r.body)
	}
	if same, _ := st.Event(ctx, 3); same.Version != before.Version {
		t.Fatalf("saving the form unchanged changed the event:\n%s\n%s", asJSON(t, before), asJSON(t, same))
	}
	form.Set("participants[1].working_days", "")
	form.Set("participants[0].working_days", "0")
	if r := s.post("/admin/events/3", form); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", r.status, r.body)
	}
	e, _ := st.Event(ctx, 3)
	if e.Participants[0].WorkingDays == nil || *e.Participants[0].WorkingDays != 0 || e.Participants[1].WorkingDays != nil {
		t.Errorf("working days after saving: %s", asJSON(t, e.Participants))
	}
	// An activity of another component is refused beside its input.
	form = formOf(t, s.get("/admin/events/3").body, "/admin/events/3")
	form.Set("activity", "2.1")
	r := s.post("/admin/events/3", form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="f-activity-error">&#34;2.1&#34; is an activity of component 2, not of component 1`) {
		t.Errorf("an activity of another component: %d\n%s", r.status, r.body)
	}
}
