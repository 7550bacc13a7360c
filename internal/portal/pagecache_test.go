package portal_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/server"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// Public pages are kept between requests, but a change made through
// another instance on the same database shows on the next request:
// a new event, its publication, a renamed speaker, its removal.
func TestKeptPagesFollowWritesOfOtherInstances(t *testing.T) {
	dsn := storetest.DSN(t)
	ctx := context.Background()
	open := func() *store.Store {
		st, err := store.Open(ctx, dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	reader := open()
	if _, err := demo.Load(ctx, reader); err != nil {
		t.Fatal(err)
	}
	writer := open()
	srv := servertest.New(t, reader)
	page := func(path string) string {
		t.Helper()
		status, body := get(t, srv.URL+path)
		if status != 200 {
			t.Fatalf("%s: status %d", path, status)
		}
		return body
	}
	first := page("/en/cooperation/eu")
	if again := page("/en/cooperation/eu"); again != first {
		t.Fatal("the same page, nothing changed, differs")
	}
	write := func(fn func(tx *store.Tx) error) {
		t.Helper()
		if err := writer.Transact(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	var id int64
	write(func(tx *store.Tx) error {
		e := &registry.Event{Meta: registry.Meta{Status: registry.Published}, Kind: registry.Seminar, Start: registry.NewDate(2013, 3, 3),
			FunderID: 2, Title: registry.T("en", "A seminar written elsewhere")}
		_, err := tx.CreateEvent(ctx, e)
		id = e.ID
		return err
	})
	if !strings.Contains(page("/en/cooperation/eu"), "A seminar written elsewhere") {
		t.Error("a new event of another instance is missing from the page")
	}
	write(func(tx *store.Tx) error {
		e, err := tx.Event(ctx, id)
		if err != nil {
			return err
		}
		e.Title = registry.T("en", "A seminar renamed elsewhere")
		_, err = tx.UpdateEvent(ctx, e)
		return err
	})
	if got := page("/en/cooperation/eu"); !strings.Contains(got, "A seminar renamed elsewhere") || strings.Contains(got, "A seminar written elsewhere") {
		t.Error("the page shows the event's old title")
	}
	write(func(tx *store.Tx) error { return tx.DeleteEvent(ctx, id) })
	if strings.Contains(page("/en/cooperation/eu"), "A seminar renamed elsewhere") {
		t.Error("a deleted event is still on the page")
	}
	// Each language and address is its own page.
	if ru := page("/ru/cooperation/eu"); ru == first {
		t.Error("the Russian page is the English one")
	}
}

// graceSite serves the demo registry with a page grace of 2 s on a clock
// the test moves, to the public and to a signed-in editor.
type graceSite struct {
	t              *testing.T
	st             *store.Store
	url            string
	public, editor *http.Client
	mu             sync.Mutex
	now            time.Time
}

func newGraceSite(t *testing.T) *graceSite {
	g := &graceSite{t: t, st: storetest.Demo(t), now: storetest.Today}
	srv := servertest.NewWithOptions(t, g.st, server.Options{Now: g.clock, PageGrace: 2 * time.Second})
	g.url, g.public, g.editor = srv.URL, srv.Client(t, ""), srv.Client(t, "editor")
	return g
}

func (g *graceSite) clock() time.Time { g.mu.Lock(); defer g.mu.Unlock(); return g.now }

func (g *graceSite) advance(d time.Duration) { g.mu.Lock(); g.now = g.now.Add(d); g.mu.Unlock() }

// fetch returns the body of path as c gets it, failing on any status but 200.
func (g *graceSite) fetch(c *http.Client, path string) []byte {
	g.t.Helper()
	resp, err := c.Get(g.url + path)
	if err != nil {
		g.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		g.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		g.t.Fatalf("%s: status %d: %s", path, resp.StatusCode, b)
	}
	return b
}

// addSeminar writes a published seminar of the EU partnership, as
// another instance would.
func (g *graceSite) addSeminar(title string) {
	g.t.Helper()
	ctx := context.Background()
	err := g.st.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateEvent(ctx, &registry.Event{Meta: registry.Meta{Status: registry.Published}, Kind: registry.Seminar,
			Start: registry.NewDate(2013, 3, 3), FunderID: 2, Title: registry.T("en", title)})
		return err
	})
	if err != nil {
		g.t.Fatal(err)
	}
}

// With a grace, the public is served a page drawn less than the grace
// ago even after a write (so that under steady writes a page is drawn at
// most once per grace), an editor signed in sees the change at once,
// and past the grace everyone does.
func TestKeptPagesGrace(t *testing.T) {
	g := newGraceSite(t)
	page := func(c *http.Client) string { return string(g.fetch(c, "/en/cooperation/eu")) }
	const title = "A seminar within the grace"
	if strings.Contains(page(g.public), title) {
		t.Fatal("the event is on the page before it is written")
	}
	g.addSeminar(title)
	g.advance(time.Second)
	if strings.Contains(page(g.public), title) {
		t.Error("a second after a write, the public was not served the page kept within the grace")
	}
	if !strings.Contains(page(g.editor), title) {
		t.Error("a signed-in editor was served a page from before their write")
	}
	g.advance(1500 * time.Millisecond)
	if !strings.Contains(page(g.public), title) {
		t.Error("past the grace, the public page still misses the new event")
	}
}

// The dashboard is kept like the other public pages: the same bytes
// within the grace after a write, redrawn for a signed-in editor, and
// for everyone past the grace.
func TestDashboardKept(t *testing.T) {
	g := newGraceSite(t)
	page := func(c *http.Client) string { return string(g.fetch(c, "/en/dashboard")) }
	before := page(g.public)
	g.addSeminar("One more seminar for the dashboard")
	g.advance(time.Second)
	if page(g.public) != before {
		t.Error("within the grace after a write, the public dashboard was drawn again")
	}
	after := page(g.editor)
	if after == before {
		t.Fatal("a signed-in editor's dashboard does not count the new event")
	}
	g.advance(1500 * time.Millisecond)
	if page(g.public) != after {
		t.Error("past the grace, the public dashboard does not count the new event")
	}
}
