package durability

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
)

// fixture is what a registry holds before a test writes: records that
// new events name, and credentials of an editor.
type fixture struct {
	institution int64
	people      []int64
	token       string       // an API token with write scope
	session     *http.Cookie // an editor's signed-in session
}

// seed fills the registry at db with an institution, people working
// there and an editor's credentials, through the store as the workspace
// would.
func seed(t *testing.T, st *store.Store, people int) fixture {
	t.Helper()
	ctx := store.WithActor(context.Background(), store.Actor{Label: "durability test"})
	var f fixture
	err := st.Transact(ctx, func(tx *store.Tx) error {
		in := &registry.Institution{Meta: registry.Meta{Status: registry.Published},
			Name: registry.Text{"en": "Office of the Durability Ombudsman"}, Kind: registry.OmbudsmanOffice, Country: "AZ"}
		if _, err := tx.CreateInstitution(ctx, in); err != nil {
			return err
		}
		f.institution = in.ID
		for i := range people {
			p := &registry.Person{Meta: registry.Meta{Status: registry.Published}, GivenName: "Speaker", FamilyName: word("sp", i),
				Affiliations: []registry.Affiliation{{InstitutionID: in.ID, Role: registry.Text{"en": "Adviser"}}}}
			if _, err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
			f.people = append(f.people, p.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed the registry: %v", err)
	}
	f.token = servertest.Token(t, st, "write")
	f.session = servertest.SessionCookie(t, st, "editor")
	return f
}

// openStore opens the registry file in the test's own process.
func openStore(t *testing.T, db string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatalf("open %s: %v", db, err)
	}
	return st
}

// word is a made-up word of eight letters, unique for (prefix, n), that
// no other such word begins with: searching for it finds one record.
func word(prefix string, n int) string {
	b := []byte(prefix + "aaaaaa")[:8]
	for i := 7; i >= len(prefix) && n > 0; i-- {
		b[i] = byte('a' + n%26)
		n /= 26
	}
	return string(b)
}

// newEvent is a published seminar titled after w, with a speaker.
func newEvent(w string, f fixture, n int) registry.Event {
	return registry.Event{
		Meta:  registry.Meta{Status: registry.Published},
		Kind:  registry.Seminar,
		Title: registry.Text{"en": "Durability seminar " + w},
		Start: registry.NewDate(2020+n%6, 1+n%12, 1+n%28),
		Participants: []registry.Participant{{PersonID: f.people[n%len(f.people)], Role: registry.RoleSpeaker,
			InstitutionID: f.institution}},
	}
}

// apiClient speaks to the JSON API as one editor.
type apiClient struct {
	base string
	http *http.Client
	// authorize adds the editor's credentials to a request.
	authorize func(*http.Request)
}

func bearer(token string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}

func withCookie(c *http.Cookie) func(*http.Request) {
	return func(r *http.Request) { r.AddCookie(c) }
}

// send makes a request with body as JSON and decodes a 2xx answer into
// out. A transport error (the server died, the context ended) is err;
// any answer, whatever its status, is status and the body read.
func (c *apiClient) send(ctx context.Context, method, path string, body, out any) (status int, text string, err error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, "", err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, "", err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.authorize != nil {
		c.authorize(req)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		// The answer was cut off: not acknowledged.
		return 0, "", err
	}
	if resp.StatusCode/100 == 2 && out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return 0, "", fmt.Errorf("%s %s: %d with a body that is not the record: %v", method, path, resp.StatusCode, err)
		}
	}
	return resp.StatusCode, string(data), nil
}

// get fetches a page or document and returns its status and body.
func (c *apiClient) get(ctx context.Context, path string) (int, string, error) {
	return c.send(ctx, http.MethodGet, path, nil, nil)
}

// searchFinds reports whether the portal's search for w lists the event
// with slug.
func (c *apiClient) searchFinds(ctx context.Context, w, slug string) (bool, error) {
	status, page, err := c.get(ctx, "/en/search?q="+url.QueryEscape(w))
	if err != nil {
		return false, err
	}
	if status != http.StatusOK {
		return false, fmt.Errorf("search for %q: status %d", w, status)
	}
	return strings.Contains(page, "/en/events/"+slug+`"`), nil
}

// integrityCheck runs SQLite's PRAGMA integrity_check on the file, from
// a connection of its own, read-only. SQLite 3.44 and later also check
// FTS5 tables this way, so the search index is checked as well.
func integrityCheck(db string) error {
	conn, err := sql.Open("sqlite", "file:"+(&url.URL{Path: db}).EscapedPath()+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}

// percentile is the p-th percentile (0 to 100) of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}
