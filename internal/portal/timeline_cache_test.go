package portal_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/server"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// The projects' timeline, its SVG and its PDF are kept like the other
// public pages: each address (language and filters included) its own,
// served again until the registry changes, and drawn anew after a write.
// The grace shows which answer came from the cache: within it after a
// write, the public is served the timeline from before the write, which
// drawing it again would not give; a signed-in editor, and past the
// grace everyone, get it redrawn.
func TestTimelineKept(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	var mu sync.Mutex
	now := storetest.Today
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	srv := servertest.NewWithOptions(t, st, server.Options{Now: clock, PageGrace: 2 * time.Second})
	public, editor := srv.Client(t, ""), srv.Client(t, "editor")
	fetch := func(c *http.Client, path string) []byte {
		t.Helper()
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d: %s", path, resp.StatusCode, b)
		}
		return b
	}

	const (
		oldTitle = "Support to the Enhancement of the Capacity"
		newTitle = "A project renamed for the timeline"
	)
	// Project 1 of the demo is the Twinning Light one, project 2 not.
	addresses := []string{
		"/en/timeline/projects?instrument=twinning_light",
		"/en/timeline/projects.svg?instrument=twinning_light",
		"/en/timeline/projects.pdf?instrument=twinning_light",
	}
	isPDF := func(a string) bool { return strings.Contains(a, ".pdf") }
	before := map[string][]byte{}
	for _, a := range addresses {
		before[a] = fetch(public, a)
		if !isPDF(a) && !bytes.Contains(before[a], []byte(oldTitle)) {
			t.Fatalf("%s does not show project 1", a)
		}
		if !bytes.Equal(fetch(public, a), before[a]) {
			t.Errorf("%s asked again, nothing changed: another answer", a)
		}
		// Each filter and each language is an address of its own: served
		// the first one's answer, they would show the wrong projects, in
		// the wrong language.
		for _, other := range []string{strings.Replace(a, "twinning_light", "twinning", 1), strings.Replace(a, "/en/", "/ru/", 1)} {
			if bytes.Equal(fetch(public, other), before[a]) {
				t.Errorf("%s was answered as %s", other, a)
			}
		}
	}

	err := st.Transact(ctx, func(tx *store.Tx) error {
		p, err := tx.Project(ctx, 1)
		if err != nil {
			return err
		}
		p.Title = registry.T("en", newTitle)
		_, err = tx.UpdateProject(ctx, p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	advance(time.Second)
	redrawn := map[string][]byte{}
	for _, a := range addresses {
		if !bytes.Equal(fetch(public, a), before[a]) {
			t.Errorf("%s within the grace after a write: not the answer kept", a)
		}
		redrawn[a] = fetch(editor, a)
		if bytes.Equal(redrawn[a], before[a]) {
			t.Errorf("%s for a signed-in editor after a write: the answer from before it", a)
		}
		if !isPDF(a) && !bytes.Contains(redrawn[a], []byte(newTitle)) {
			t.Errorf("%s for a signed-in editor lacks the project's new title", a)
		}
	}

	advance(1500 * time.Millisecond)
	for _, a := range addresses {
		if got := fetch(public, a); !bytes.Equal(got, redrawn[a]) {
			t.Errorf("%s past the grace: not redrawn after the write", a)
		}
	}
}
