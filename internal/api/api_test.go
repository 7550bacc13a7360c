package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/storetest"
)

type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Field   string `json:"field"`
		Value   any    `json:"value"`
		Message string `json:"message"`
	} `json:"errors"`
}

type client struct {
	t     *testing.T
	base  string
	token string // sent as a bearer token when set
}

// do sends a request and returns the status, the Content-Type and the body.
func (c client) do(method, path, contentType, body string) (int, string, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

func (c client) json(method, path, body string) (int, []byte) {
	c.t.Helper()
	status, _, b := c.do(method, path, "application/json", body)
	return status, b
}

// newClient serves the demo registry and calls it with a write token.
func newClient(t *testing.T) client {
	st := storetest.Demo(t)
	return client{t: t, base: servertest.New(t, st).URL, token: servertest.Token(t, st, "write")}
}

// The registry's rules, each through the API: the status code and the
// field the problem names. The demo registry is loaded: institutions 1-8,
// people 1-5, programmes 1-3, projects 1 (Twinning Light) and 2 (Twinning,
// component 1, which event 2 was held under), events 1-2.
func TestRulesThroughAPI(t *testing.T) {
	big := `{"kind": "ngo", "name": {"en": "` + strings.Repeat("x", 1<<20) + `"}}`
	cases := []struct {
		name, method, path, body string
		status                   int
		field                    string // the field a problem must name ("" for none)
		detail                   string // text the problem must contain
	}{
		{"end before start", "POST", "/api/v1/events", `{"kind": "seminar", "start": "2016-10-07", "end": "2016-10-03"}`, 422, "end", ""},
		{"start required", "POST", "/api/v1/events", `{"kind": "seminar"}`, 422, "start", ""},
		{"impossible date", "POST", "/api/v1/events", `{"kind": "seminar", "start": "2011-02-30"}`, 422, "start", ""},
		{"date in another format", "POST", "/api/v1/events", `{"kind": "seminar", "start": "28 October 2011"}`, 422, "start", "YYYY-MM-DD"},
		{"unknown event kind", "POST", "/api/v1/events", `{"kind": "party", "start": "2011"}`, 422, "kind", "seminar"},
		{"unknown country", "POST", "/api/v1/institutions", `{"kind": "ombudsman_office", "name": {"en": "X"}, "country": "XX"}`, 422, "country", "ISO 3166-1"},
		{"country in lower case", "POST", "/api/v1/institutions", `{"kind": "ombudsman_office", "name": {"en": "X"}, "country": "lt"}`, 422, "country", "upper case"},
		{"national institution without country", "POST", "/api/v1/institutions", `{"kind": "ombudsman_office", "name": {"en": "X"}}`, 422, "country", ""},
		{"unsupported language", "POST", "/api/v1/institutions", `{"kind": "ngo", "name": {"fr": "X"}}`, 422, "name.fr", "az, ru"},
		{"name required", "POST", "/api/v1/institutions", `{"kind": "ngo", "name": {"en": "  "}}`, 422, "name", ""},
		{"bad website", "POST", "/api/v1/institutions", `{"kind": "ngo", "name": {"en": "X"}, "website": "javascript:alert(1)"}`, 422, "website", ""},
		{"missing parent", "POST", "/api/v1/institutions", `{"kind": "ngo", "name": {"en": "X"}, "parent_id": 99}`, 422, "parent_id", "names no institution"},
		{"parent cycle", "PUT", "/api/v1/institutions/7", `{"kind": "ombudsman_office", "name": {"en": "Human Rights Defender"}, "country": "PL", "parent_id": 8}`, 422, "parent_id", "sub-institutions"},
		{"participant without person", "POST", "/api/v1/events", `{"kind": "seminar", "start": "2011", "participants": [{"person_id": 1, "role": "speaker"}, {"person_id": 99, "role": "speaker"}]}`, 422, "participants[1].person_id", "names no person"},
		{"participant role", "POST", "/api/v1/events", `{"kind": "seminar", "start": "2011", "participants": [{"person_id": 1, "role": "guest"}]}`, 422, "participants[0].role", "speaker"},
		{"participant twice", "POST", "/api/v1/events", `{"kind": "seminar", "start": "2011", "participants": [{"person_id": 1, "role": "speaker"}, {"person_id": 1, "role": "speaker"}]}`, 422, "participants[1].person_id", ""},
		{"component without project", "POST", "/api/v1/events", `{"kind": "seminar", "start": "2011", "component": 1}`, 422, "component", "project_id"},
		{"component not in project", "POST", "/api/v1/events", `{"kind": "seminar", "start": "2011", "project_id": 2, "component": 4}`, 422, "component", ""},
		{"Twinning Light over eight months", "POST", "/api/v1/projects", `{"instrument": "twinning_light", "title": {"en": "X"}, "duration_months": 9}`, 422, "duration_months", "Twinning Light"},
		{"Twinning Light over six months warns", "POST", "/api/v1/projects", `{"instrument": "twinning_light", "title": {"en": "X"}, "duration_months": 7}`, 201, "", ""},
		{"not a Twinning reference", "POST", "/api/v1/projects", `{"instrument": "twinning", "title": {"en": "X"}, "reference": "Twinning 2011"}`, 422, "reference", "AZ09/ENP-PCA/JH/09"},
		{"two lead partners", "POST", "/api/v1/projects", `{"instrument": "twinning", "title": {"en": "X"}, "partners": [{"country": "DE", "role": "lead"}, {"country": "PL", "role": "lead"}]}`, 422, "partners[1].role", ""},
		{"partner is nobody", "POST", "/api/v1/projects", `{"instrument": "twinning", "title": {"en": "X"}, "partners": [{"role": "junior"}]}`, 422, "partners[0].institution_id", ""},
		{"partner country contradicts institution", "POST", "/api/v1/projects", `{"instrument": "twinning", "title": {"en": "X"}, "partners": [{"institution_id": 4, "country": "DE", "role": "lead"}]}`, 422, "partners[0].country", ""},
		{"expert country twice", "POST", "/api/v1/projects", `{"instrument": "twinning", "title": {"en": "X"}, "expert_countries": ["DE", "DE"]}`, 422, "expert_countries[1]", ""},
		{"component numbers repeat", "POST", "/api/v1/projects", `{"instrument": "twinning", "title": {"en": "X"}, "components": [{"number": 1, "title": {"en": "A"}}, {"number": 1, "title": {"en": "B"}}]}`, 422, "components[1].number", ""},
		{"bad budget", "POST", "/api/v1/projects", `{"instrument": "twinning", "title": {"en": "X"}, "budget": {"amount": "1,000", "currency": "EURO"}}`, 422, "budget.amount", ""},
		{"dropping a component in use", "PUT", "/api/v1/projects/2", `{"instrument": "twinning", "title": {"en": "X"}}`, 422, "components", "event 2"},
		{"publication without title or count", "POST", "/api/v1/publications", `{"kind": "article", "venue": "European Ombudsmen"}`, 422, "title", "item_count"},
		{"slug taken", "POST", "/api/v1/people", `{"family_name": "X", "slug": "augustinas-normantas"}`, 422, "slug", "person 1"},
		{"slug shape", "POST", "/api/v1/people", `{"family_name": "X", "slug": "Not A Slug"}`, 422, "slug", ""},
		{"family name required", "POST", "/api/v1/people", `{"given_name": "X"}`, 422, "family_name", ""},
		{"affiliation institution missing", "POST", "/api/v1/people", `{"family_name": "X", "affiliations": [{"institution_id": 99}]}`, 422, "affiliations[0].institution_id", ""},
		{"partnership partner missing", "POST", "/api/v1/partnerships", `{"partner_id": 99, "title": {"en": "X"}}`, 422, "partner_id", ""},
		{"programme twice", "POST", "/api/v1/partnerships", `{"partner_id": 2, "title": {"en": "X"}, "programme_ids": [1, 1]}`, 422, "programme_ids[1]", ""},
		{"id that does not match the address", "PUT", "/api/v1/people/1", `{"id": 2, "family_name": "X"}`, 422, "id", ""},
		{"malformed JSON", "POST", "/api/v1/events", "{\n  \"kind\": \"seminar\",\n  \"start\": 2011-10-28\n}", 400, "", "line 3"},
		{"unknown field", "POST", "/api/v1/events", `{"kind": "seminar", "start": "2011", "participants": [{"person_id": 1, "role": "speaker", "persn": 1}]}`, 400, "participants[0].persn", ""},
		{"wrong JSON type", "POST", "/api/v1/events", `{"kind": "seminar", "start": 2011}`, 400, "start", "string"},
		{"body too large", "POST", "/api/v1/institutions", big, 413, "", ""},
		{"delete an institution in use", "DELETE", "/api/v1/institutions/4", "", 409, "", "person 1"},
		{"delete a person who spoke", "DELETE", "/api/v1/people/1", "", 409, "", "event 1"},
		{"delete a project with events", "DELETE", "/api/v1/projects/2", "", 409, "", "event 2"},
		{"delete a programme in use", "DELETE", "/api/v1/programmes/1", "", 409, "", "project 1"},
		{"missing record", "GET", "/api/v1/events/999", "", 404, "", ""},
		{"update a missing record", "PUT", "/api/v1/events/999", `{"kind": "seminar", "start": "2011"}`, 404, "", ""},
		{"delete a missing record", "DELETE", "/api/v1/events/999", "", 404, "", ""},
		{"id that is not a number", "GET", "/api/v1/events/abc", "", 400, "id", ""},
		{"unknown filter", "GET", "/api/v1/events?colour=red", "", 400, "colour", "year"},
		{"filter of another type", "GET", "/api/v1/institutions?year=2011", "", 400, "year", ""},
		{"bad year filter", "GET", "/api/v1/events?year=11", "", 400, "year", ""},
		{"bad country filter", "GET", "/api/v1/projects?country=Lithuania", "", 400, "country", ""},
		{"bad cursor", "GET", "/api/v1/events?cursor=xyz", "", 400, "cursor", ""},
		{"limit too large", "GET", "/api/v1/events?limit=100000", "", 400, "limit", ""},
		{"no such endpoint", "GET", "/api/v1/widgets", "", 404, "", "institutions"},
	}
	c := newClient(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			status, body := c.json(tc.method, tc.path, tc.body)
			if status != tc.status {
				t.Fatalf("%s %s = %d, want %d\n%s", tc.method, tc.path, status, tc.status, body)
			}
			if status < 400 {
				if tc.name == "Twinning Light over six months warns" && !strings.Contains(string(body), `"warnings"`) {
					t.Errorf("no warnings in %s", body)
				}
				return
			}
			var p problem
			if err := json.Unmarshal(body, &p); err != nil {
				t.Fatalf("not a problem document: %v\n%s", err, body)
			}
			if p.Status != tc.status || p.Title == "" || p.Type == "" {
				t.Errorf("problem = %+v", p)
			}
			if tc.field != "" {
				found := false
				for _, e := range p.Errors {
					if e.Field == tc.field {
						found = true
						if e.Message == "" {
							t.Errorf("error for %s has no message", e.Field)
						}
					}
				}
				if !found {
					t.Errorf("no error names %q:\n%s", tc.field, body)
				}
			}
			if tc.detail != "" && !strings.Contains(string(body), tc.detail) {
				t.Errorf("problem does not say %q:\n%s", tc.detail, body)
			}
		})
	}
}

func TestProblemContentType(t *testing.T) {
	c := newClient(t)
	_, ct, _ := c.do("GET", "/api/v1/events/999", "", "")
	if ct != "application/problem+json" {
		t.Errorf("Content-Type = %q", ct)
	}
	status, _, _ := c.do("POST", "/api/v1/events", "text/plain", `{"kind": "seminar", "start": "2011"}`)
	if status != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain body = %d, want 415", status)
	}
}

// A refused write leaves nothing behind: the event list is unchanged.
func TestRefusedWriteWritesNothing(t *testing.T) {
	c := newClient(t)
	_, before := c.json("GET", "/api/v1/events", "")
	status, _ := c.json("POST", "/api/v1/events", `{"kind": "seminar", "start": "2012", "participants": [{"person_id": 1, "role": "speaker"}, {"person_id": 77, "role": "speaker"}]}`)
	if status != 422 {
		t.Fatalf("status %d", status)
	}
	_, after := c.json("GET", "/api/v1/events", "")
	if string(before) != string(after) {
		t.Fatalf("the event list changed after a refused write")
	}
}

func TestCreateReadUpdateDelete(t *testing.T) {
	c := newClient(t)
	status, body := c.json("POST", "/api/v1/people", `{"honorific": "dr", "given_name": " Ana ", "family_name": "Kovač", "affiliations": [{"institution_id": 6, "role": {"en": "Adviser"}, "from": "2015-03"}]}`)
	if status != 201 {
		t.Fatalf("create = %d %s", status, body)
	}
	var person struct {
		ID        int64  `json:"id"`
		Slug      string `json:"slug"`
		GivenName string `json:"given_name"`
	}
	json.Unmarshal(body, &person)
	if person.ID == 0 || person.Slug != "ana-kovac" || person.GivenName != "Ana" {
		t.Fatalf("created %s", body)
	}
	path := fmt.Sprintf("/api/v1/people/%d", person.ID)
	status, body = c.json("GET", path, "")
	if status != 200 || !strings.Contains(string(body), `"from": "2015-03"`) {
		t.Fatalf("get = %d %s", status, body)
	}
	status, body = c.json("PUT", path, `{"family_name": "Kovač-Horvat", "given_name": "Ana"}`)
	if status != 200 || !strings.Contains(string(body), "Kovač-Horvat") || strings.Contains(string(body), "affiliations") {
		t.Fatalf("update = %d %s", status, body)
	}
	if !strings.Contains(string(body), `"slug": "ana-kovac"`) {
		t.Errorf("an update without a slug changed the slug: %s", body)
	}
	status, _ = c.json("DELETE", path, "")
	if status != 204 {
		t.Fatalf("delete = %d", status)
	}
	status, _ = c.json("GET", path, "")
	if status != 404 {
		t.Fatalf("get after delete = %d", status)
	}
}

func TestProjectShowsDerivedFields(t *testing.T) {
	c := newClient(t)
	_, body := c.json("GET", "/api/v1/projects/1", "")
	var p struct {
		Status         string `json:"status"`
		Phase          string `json:"phase"`
		ReferenceParts struct {
			Country   string `json:"country"`
			Year      int    `json:"year"`
			Programme string `json:"programme"`
		} `json:"reference_parts"`
	}
	json.Unmarshal(body, &p)
	if p.Phase != "completed" || p.Status != "published" || p.ReferenceParts.Country != "AZ" || p.ReferenceParts.Year != 2009 || p.ReferenceParts.Programme != "ENP-PCA" {
		t.Fatalf("project 1 = %s", body)
	}
	// What GET returns can be sent back unchanged.
	status, back := c.json("PUT", "/api/v1/projects/1", string(body))
	if status != 200 {
		t.Fatalf("PUT of the GET body = %d %s", status, back)
	}
	// A project is published and unpublished through the API like any
	// record: its phase does not stand in for its status.
	draft := strings.Replace(string(back), `"status": "published"`, `"status": "draft"`, 1)
	if status, after := c.json("PUT", "/api/v1/projects/1", draft); status != 200 || !strings.Contains(string(after), `"status": "draft"`) {
		t.Fatalf("unpublishing a project = %d %s", status, after)
	}
	anon := &http.Client{}
	if resp, err := anon.Get(c.base + "/api/v1/projects/1"); err != nil || resp.StatusCode != 404 {
		t.Fatalf("a draft project is public: %v %v", resp, err)
	}
}

func TestListFiltersAndPages(t *testing.T) {
	c := newClient(t)
	for i := 0; i < 7; i++ {
		status, body := c.json("POST", "/api/v1/events", fmt.Sprintf(`{"kind": "workshop", "start": "2013-0%d-01", "country": "LT"}`, i+1))
		if status != 201 {
			t.Fatalf("create %d: %s", status, body)
		}
	}
	count := func(query string) (int, string) {
		status, body := c.json("GET", "/api/v1/events"+query, "")
		if status != 200 {
			t.Fatalf("list %s = %d %s", query, status, body)
		}
		var page struct {
			Items []struct {
				Start string `json:"start"`
			} `json:"items"`
			Next string `json:"next"`
		}
		json.Unmarshal(body, &page)
		return len(page.Items), page.Next
	}
	// The demonstration registry holds the seed page's two events and
	// five illustrative (draft) expert missions of its Twinning project,
	// four of them in 2016, two with an expert from Greece.
	cases := map[string]int{
		"?year=2013":                  7,
		"?year=2011":                  1,
		"?year=2016":                  1 + 4,
		"?kind=workshop":              7,
		"?kind=study_visit":           1,
		"?kind=expert_mission":        5,
		"?instrument=taiex":           1,
		"?instrument=twinning":        1 + 5, // the study visit, by its own instrument, and the missions
		"?country=GR":                 1 + 2,
		"?country=LT":                 8, // seven held there, one with Lithuanian speakers
		"?country=FR":                 1,
		"?project=2":                  1 + 5,
		"?year=2013&kind=workshop":    7,
		"?year=2013&kind=study_visit": 0,
	}
	for q, want := range cases {
		if got, _ := count(q); got != want {
			t.Errorf("events%s: %d, want %d", q, got, want)
		}
	}
	// Five pages of three: every event once, in date order.
	seen := 0
	next := "?limit=3"
	var pages int
	for next != "" {
		n, nxt := count(strings.TrimPrefix(next, "/api/v1/events"))
		seen += n
		next = nxt
		pages++
		if pages > 6 {
			t.Fatal("pagination does not end")
		}
	}
	if seen != 14 || pages != 5 {
		t.Errorf("paged through %d events in %d pages, want 14 in 5", seen, pages)
	}
}
