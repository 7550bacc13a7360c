package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// Anonymous readers see published records only; staff and tokens see
// drafts; writing needs a write token (or an editor's session).
func TestDraftsAndWritesNeedCredentials(t *testing.T) {
	st := storetest.Demo(t)
	srv := servertest.New(t, st)
	writer := client{t: t, base: srv.URL, token: servertest.Token(t, st, "write")}
	reader := client{t: t, base: srv.URL, token: servertest.Token(t, st, "read")}
	anon := client{t: t, base: srv.URL}

	status, body := writer.json("POST", "/api/v1/events", `{"kind": "seminar", "start": "2025", "title": {"en": "Not yet announced"}}`)
	if status != 201 || !strings.Contains(string(body), `"status": "draft"`) {
		t.Fatalf("create: %d %s", status, body)
	}
	var created struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal(body, &created)
	path := "/api/v1/events/" + itoa(created.ID)

	if status, _ := anon.json("GET", path, ""); status != 404 {
		t.Errorf("anonymous GET of a draft: %d", status)
	}
	if _, body := anon.json("GET", "/api/v1/events?limit=500", ""); strings.Contains(string(body), "Not yet announced") {
		t.Error("anonymous list shows a draft")
	}
	if _, body := anon.json("GET", "/api/v1/events?status=draft", ""); strings.Contains(string(body), "Not yet announced") {
		t.Error("anonymous list of drafts shows a draft")
	}
	if status, _ := reader.json("GET", path, ""); status != 200 {
		t.Errorf("read token GET of a draft: %d", status)
	}
	if status, _ := reader.json("PUT", path, `{"kind": "seminar", "start": "2025"}`); status != http.StatusForbidden {
		t.Errorf("read token PUT: %d", status)
	}
	resp, _ := http.Post(srv.URL+"/api/v1/events", "application/json", strings.NewReader(`{"kind": "seminar", "start": "2025"}`))
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(resp.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("anonymous POST: %d %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
	bad := client{t: t, base: srv.URL, token: "lia_not-a-real-token"}
	if status, _ := bad.json("GET", "/api/v1/events", ""); status != http.StatusUnauthorized {
		t.Errorf("a wrong token: %d", status)
	}
	// Publishing through the API makes it public.
	if status, body := writer.json("PUT", path, `{"kind": "seminar", "start": "2025", "title": {"en": "Not yet announced"}, "status": "published"}`); status != 200 {
		t.Fatalf("publish: %d %s", status, body)
	}
	if status, _ := anon.json("GET", path, ""); status != 200 {
		t.Errorf("anonymous GET after publishing: %d", status)
	}
	// The change is recorded as the token's.
	changes, _ := st.History(t.Context(), "event", created.ID)
	if len(changes) != 2 || !strings.Contains(changes[0].Actor, "test write token") {
		t.Errorf("history: %+v", changes)
	}
}

// An API edit made on an old version is refused, by body version or by
// If-Match, and the newer version stays.
func TestAPIStaleEdit(t *testing.T) {
	c := newClient(t)
	status, _, body := c.do("GET", "/api/v1/people/2", "", "")
	if status != 200 {
		t.Fatal(status)
	}
	first := strings.Replace(string(body), `"Vasiliauskas"`, `"Vasiliauskas-First"`, 1)
	second := strings.Replace(string(body), `"Vasiliauskas"`, `"Vasiliauskas-Second"`, 1)
	if status, b := c.json("PUT", "/api/v1/people/2", first); status != 200 {
		t.Fatalf("first: %d %s", status, b)
	}
	status, b := c.json("PUT", "/api/v1/people/2", second)
	if status != 409 || !strings.Contains(string(b), "Edit conflict") || !strings.Contains(string(b), `"field": "version"`) {
		t.Fatalf("second: %d %s", status, b)
	}
	req, _ := http.NewRequest("PUT", c.base+"/api/v1/people/2", strings.NewReader(`{"family_name": "Via If-Match"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("If-Match", `"v1"`)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 409 {
		t.Fatalf("If-Match of an old version: %d", resp.StatusCode)
	}
	_, _, body = c.do("GET", "/api/v1/people/2", "", "")
	if !strings.Contains(string(body), "Vasiliauskas-First") {
		t.Fatalf("the first edit was lost: %s", body)
	}
}

func itoa(n int64) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}
