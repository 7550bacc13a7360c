package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/storetest"
)

var payloads = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`'><svg onload=alert(1)>`,
	`javascript:alert(1)`,
}

// Hostile text stored in every field that is shown somewhere renders
// inert on every public and workspace page and in every export; links
// with a javascript: address are refused.
func TestHostileInputRendersInert(t *testing.T) {
	st := storetest.Demo(t)
	srv := servertest.New(t, st)
	token := servertest.Token(t, st, "write")
	send := func(method, path, body string) (int, []byte) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	evil := strings.Join(payloads, " ")
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	text := func(s string) string { return fmt.Sprintf(`{"en": %s, "az": %s, "ru": %s}`, q(s), q(s), q(s)) }
	created := map[string]int64{}
	create := func(kind, body string) {
		status, b := send("POST", "/api/v1/"+kind, body)
		if status != 201 {
			t.Fatalf("create %s: %d %s", kind, status, b)
		}
		var rec struct {
			ID int64 `json:"id"`
		}
		json.Unmarshal(b, &rec)
		created[kind] = rec.ID
	}
	create("institutions", `{"status": "published", "kind": "ngo", "name": `+text(evil)+`, "acronym": `+q(payloads[1])+`, "parent_id": 2}`)
	inst := created["institutions"]
	create("people", fmt.Sprintf(`{"status": "published", "given_name": %s, "family_name": %s, "affiliations": [{"institution_id": %d, "role": %s}]}`, q(payloads[0]), q(payloads[1]), inst, text(evil)))
	create("programmes", `{"status": "published", "name": `+text(evil)+`, "acronym": `+q(payloads[2])+`, "description": `+text(evil)+`, "owner_id": 2}`)
	create("projects", fmt.Sprintf(`{"status": "published", "instrument": "other", "title": %s, "reference": %s, "funder_id": %d, "summary": %s,
		"components": [{"number": 1, "title": %s, "results": [{"title": %s}], "activities": [{"code": %s, "title": %s}]}],
		"partners": [{"institution_id": %d, "role": "lead"}], "programme_ids": [%d]}`,
		text(evil), q(payloads[1]), inst, text(evil), text(evil), text(evil), q(payloads[0]), text(evil), inst, created["programmes"]))
	create("events", fmt.Sprintf(`{"status": "published", "kind": "seminar", "start": "2020-02-02", "title": %s, "city": %s, "summary": %s, "funder_id": 2,
		"project_id": %d, "component": 1, "participants": [{"person_id": %d, "role": "speaker", "title": %s, "institution_id": %d}]}`,
		text(evil), text(evil), text(evil), created["projects"], created["people"], text(evil), inst))
	create("events", fmt.Sprintf(`{"status": "published", "kind": "study_visit", "start": "2020-03-03", "title": %s, "funder_id": %d}`, text(evil), inst))
	create("publications", fmt.Sprintf(`{"status": "published", "kind": "article", "title": %s, "venue": %s, "publisher_id": %d, "summary": %s}`, text(evil), q(evil), inst, text(evil)))
	status, b := send("PUT", "/api/v1/partnerships/1", `{"status": "published", "slug": "eu", "partner_id": 2, "title": `+text(evil)+`, "introduction": `+text(evil)+`, "programme_ids": [3, `+fmt.Sprint(created["programmes"])+`]}`)
	if status != 200 {
		t.Fatalf("partnership: %d %s", status, b)
	}
	for _, c := range []struct{ kind, body string }{
		{"institutions", `{"kind": "ngo", "name": {"en": "x"}, "website": "javascript:alert(1)"}`},
		{"publications", `{"kind": "article", "title": {"en": "x"}, "link": "javascript:alert(1)"}`},
		{"publications", `{"kind": "article", "title": {"en": "x"}, "link": " JaVaScRiPt:alert(1)"}`},
		{"people", `{"family_name": "x", "slug": "<script>"}`},
	} {
		if status, b := send("POST", "/api/v1/"+c.kind, c.body); status != 422 {
			t.Errorf("%s accepted %s: %d %s", c.kind, c.body, status, b)
		}
	}

	pages := []string{"/en/", "/en/cooperation/eu", "/en/cooperation/eu/events", "/en/cooperation/eu/study-visits",
		"/en/cooperation/eu/projects", "/en/cooperation/eu/publications", "/admin/", "/admin/history"}
	for kind, id := range created {
		pages = append(pages, "/admin/"+kind, fmt.Sprintf("/admin/%s/%d", kind, id), fmt.Sprintf("/admin/%s/%d/history", kind, id), fmt.Sprintf("/admin/%s/%d/delete", kind, id))
	}
	pages = append(pages, "/admin/partnerships/1", "/admin/partnerships/1/history", "/admin/events?q=script", "/admin/events/new")
	editor := srv.Client(t, "editor")
	for _, path := range pages {
		resp, err := editor.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
		checkInert(t, path, string(body))
	}
	if !strings.Contains(get(t, srv.URL+"/en/cooperation/eu"), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the hostile text is not shown (escaped) on the public page; the test would prove nothing")
	}

	// JSON exports carry it as data, served as JSON.
	for _, path := range []string{"/api/v1/events?limit=500", fmt.Sprintf("/api/v1/people/%d", created["people"])} {
		resp, _ := http.Get(srv.URL + path)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s served as %q", path, ct)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			t.Errorf("%s is not JSON: %v", path, err)
		}
	}
	var doc bytes.Buffer
	if err := exchange.Export(context.Background(), st, &doc); err != nil {
		t.Fatal(err)
	}
	if _, err := exchange.Decode(doc.Bytes()); err != nil {
		t.Fatalf("the export with hostile text does not read back: %v", err)
	}
}

// checkInert parses the page as a browser would and fails on any script
// element, event-handler attribute, javascript: address or element the
// hostile text would have injected. Escaped text inside attributes and
// text nodes is what should be there instead.
func checkInert(t *testing.T, path, page string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "script" && !ourScript(tok) {
				t.Errorf("%s has a <script> element that is not one of the site's own files", path)
			}
			if tok.Data == "svg" && !strings.Contains(fmt.Sprint(tok.Attr), "bar") {
				t.Errorf("%s has an <svg> element that is not the site's own", path)
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				switch {
				case strings.HasPrefix(a.Key, "on"):
					t.Errorf("%s: <%s> has an event-handler attribute %s=%q", path, tok.Data, a.Key, a.Val)
				case (a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "formaction") && strings.HasPrefix(v, "javascript:"):
					t.Errorf("%s: <%s %s=%q>", path, tok.Data, a.Key, a.Val)
				case tok.Data == "img" && a.Key == "src" && a.Val == "x":
					t.Errorf("%s has the injected image", path)
				}
			}
		}
	}
}

// ourScript is a script element that loads one of the site's own files.
func ourScript(tok html.Token) bool {
	for _, a := range tok.Attr {
		if a.Key == "src" && strings.HasPrefix(a.Val, "/static/") && !strings.Contains(a.Val, "..") {
			return true
		}
	}
	return false
}

func get(t *testing.T, url string) string {
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// The checker itself finds what it looks for.
func TestCheckInertCatchesInjection(t *testing.T) {
	for _, page := range []string{
		`<p>ok</p><script>alert(1)</script>`,
		`<p title="x"><img src=x onerror=alert(1)></p>`,
		`<a href=" javascript:alert(1)">x</a>`,
		`<svg onload=alert(1)>`,
	} {
		inner := &testing.T{}
		checkInert(inner, "page", page)
		if !inner.Failed() {
			t.Errorf("checkInert missed %q", page)
		}
	}
	clean := &testing.T{}
	checkInert(clean, "page", `<input value="&lt;script&gt; &#34;&gt;&lt;img src=x onerror=alert(1)&gt;">`)
	if clean.Failed() {
		t.Error("checkInert flags escaped text")
	}
}
