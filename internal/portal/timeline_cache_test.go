package portal_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// The projects' timeline, its SVG and its PDF are kept like the other
// public pages: each address (language and filters included) its own,
// served again until the registry changes, and drawn anew after a write.
// The grace shows which answer came from the cache: within it after a
// write, the public is served the timeline from before the write, which
// drawing it again would not give; a signed-in editor, and past the
// grace everyone, get it redrawn.
func TestTimelineKept(t *testing.T) {
	g := newGraceSite(t)
	ctx := context.Background()
	public, editor := g.public, g.editor
	fetch := func(c *http.Client, path string) []byte { t.Helper(); return g.fetch(c, path) }

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

	err := g.st.Transact(ctx, func(tx *store.Tx) error {
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

	g.advance(time.Second)
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

	g.advance(1500 * time.Millisecond)
	for _, a := range addresses {
		if got := fetch(public, a); !bytes.Equal(got, redrawn[a]) {
			t.Errorf("%s past the grace: not redrawn after the write", a)
		}
	}
}
