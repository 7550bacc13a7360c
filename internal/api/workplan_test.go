package api_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// The work plan travels through the ordinary project and event
// endpoints: what is sent is stored and read back, missing numbers stay
// missing, and bad input is refused naming the field.
func TestWorkPlanThroughAPI(t *testing.T) {
	c := newClient(t)
	project := `{"instrument": "twinning", "title": {"en": "Work plan"}, "start": "2025-08-18", "duration_months": 24,
		"components": [{"number": 1, "title": {"en": "NPM"},
			"results": [{"title": {"en": "Visits follow a methodology"}, "indicators": [{"code": "1.1.a", "title": {"en": "Visits"}, "unit": "visits",
				"baseline": "12", "baseline_date": "2025-06", "target": "40.5", "target_date": "2027-06",
				"source_of_verification": {"en": "NPM reports"},
				"values": [{"period": "2025-Q3", "value": "0"}, {"period": "2025-Q4", "note": {"en": "Not measured"}}]}]}],
			"activities": [{"code": "1.1", "title": {"en": "Review"}, "status": "ongoing", "planned_start": "2025-09", "planned_end": "2025-12",
				"actual_start": "2025-09-15", "planned_expert_days": 0}, {"code": "1.2", "title": {"en": "Handbook"}}]}]}`
	status, body := c.json("POST", "/api/v1/projects", project)
	if status != 201 {
		t.Fatalf("create: %d %s", status, body)
	}
	var created struct {
		ID         int64 `json:"id"`
		Components []struct {
			Results []struct {
				Indicators []struct {
					Target string `json:"target"`
					Values []map[string]any
				} `json:"indicators"`
			} `json:"results"`
			Activities []map[string]any `json:"activities"`
		} `json:"components"`
	}
	json.Unmarshal(body, &created)
	comp := created.Components[0]
	ind := comp.Results[0].Indicators[0]
	if ind.Target != "40.5" || ind.Values[0]["value"] != "0" || ind.Values[1]["value"] != nil {
		t.Errorf("indicator read back: %s", body)
	}
	if comp.Activities[0]["planned_expert_days"] != float64(0) || comp.Activities[1]["planned_expert_days"] != nil {
		t.Errorf("a known zero and an unknown number read back as %v and %v", comp.Activities[0]["planned_expert_days"], comp.Activities[1]["planned_expert_days"])
	}
	id := string(mustJSON(t, created.ID))
	mission := `{"kind": "expert_mission", "start": "2025-09-15", "end": "2025-09-19", "project_id": ` + id + `, "component": 1, "activity": "1.1",
		"participants": [{"person_id": 1, "role": "expert", "institution_id": 4, "working_days": 5}, {"person_id": 2, "role": "expert"}]}`
	if status, body := c.json("POST", "/api/v1/events", mission); status != 201 || !strings.Contains(string(body), `"working_days": 5`) || !strings.Contains(string(body), `"activity": "1.1"`) {
		t.Fatalf("mission: %d %s", status, body)
	}

	bad := []struct{ path, body, field string }{
		{"/api/v1/projects", strings.Replace(project, `"target": "40.5"`, `"target": "40,5"`, 1), "components[0].results[0].indicators[0].target"},
		{"/api/v1/projects", strings.Replace(project, `"2025-Q4"`, `"2025-Q5"`, 1), "components[0].results[0].indicators[0].values[1].period"},
		{"/api/v1/projects", strings.Replace(project, `"status": "ongoing"`, `"status": "started"`, 1), "components[0].activities[0].status"},
		{"/api/v1/projects", strings.Replace(project, `"planned_expert_days": 0`, `"planned_expert_days": -3`, 1), "components[0].activities[0].planned_expert_days"},
		{"/api/v1/events", strings.Replace(mission, `"activity": "1.1"`, `"activity": "7.7"`, 1), "activity"},
		{"/api/v1/events", strings.Replace(mission, `"component": 1, `, ``, 1), "activity"},
		{"/api/v1/events", strings.Replace(mission, `"role": "expert", "institution_id": 4`, `"role": "speaker", "institution_id": 4`, 1), "participants[0].working_days"},
	}
	for _, b := range bad {
		status, body := c.json("POST", b.path, b.body)
		var p problem
		json.Unmarshal(body, &p)
		if status != 422 || len(p.Errors) != 1 || p.Errors[0].Field != b.field {
			t.Errorf("%s: %d %s, want 422 naming %s", b.field, status, body, b.field)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
