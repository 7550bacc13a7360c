package feeds_test

import (
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  string      `xml:"author>name"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomText struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     atomText `xml:"title"`
	Link      atomLink `xml:"link"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	Category  struct {
		Term string `xml:"term,attr"`
	} `xml:"category"`
	Summary string `xml:"summary"`
}

func getAtom(t *testing.T, url string) atomFeed {
	t.Helper()
	resp, body := fetch(t, url)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: status %d: %s", url, resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var f atomFeed
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("%s does not parse: %v\n%s", url, err, body)
	}
	if f.ID == "" || f.Title == "" || f.Updated == "" || f.Author == "" {
		t.Errorf("the feed lacks an id, title, updated or author: %+v", f)
	}
	for _, e := range f.Entries {
		if !strings.HasPrefix(e.ID, "urn:uuid:") || e.Title.Text == "" || e.Link.Href == "" {
			t.Errorf("entry %+v", e)
		}
		p, err1 := time.Parse(time.RFC3339, e.Published)
		u, err2 := time.Parse(time.RFC3339, e.Updated)
		if err1 != nil || err2 != nil || u.Before(p) {
			t.Errorf("entry %s: published %q, updated %q", e.Link.Href, e.Published, e.Updated)
		}
	}
	return f
}

func links(f atomFeed) []string {
	var out []string
	for _, e := range f.Entries {
		out = append(out, e.Link.Href)
	}
	return out
}

func TestAtomFeed(t *testing.T) {
	fx := newFixture(t)
	url := fx.srv.URL + "/en/feed.atom"
	f := getAtom(t, url)
	if f.Lang != "en" || f.Title != "Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan: newly published" {
		t.Errorf("feed %q in %q", f.Title, f.Lang)
	}
	// Every public record of the fixture fits in the feed; no draft.
	published := 0
	for _, n := range []string{"institution", "person", "partnership", "project", "event", "publication"} {
		c, err := fx.srv.Store.CountPublished(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		published += c
	}
	if len(f.Entries) != min(published, 50) {
		t.Errorf("%d entries, want %d", len(f.Entries), min(published, 50))
	}
	for _, e := range f.Entries {
		for _, draft := range []string{fx.draft, fx.draftProject, "/cooperation/" + fx.draftPartnership, "draftperson"} {
			if strings.Contains(e.Link.Href, draft) || strings.Contains(e.Title.Text, "Draft") {
				t.Errorf("a draft is in the feed: %+v", e)
			}
		}
	}
	// Newest first.
	for i := 1; i < len(f.Entries); i++ {
		if f.Entries[i].Published > f.Entries[i-1].Published {
			t.Errorf("entry %d (%s) is newer than the one before it", i, f.Entries[i].Link.Href)
		}
	}
	// Every link leads to a page.
	for _, e := range f.Entries {
		if resp, _ := fetch(t, e.Link.Href); resp.StatusCode != 200 {
			t.Errorf("%s answers %d", e.Link.Href, resp.StatusCode)
		}
	}
	// Ids are unique and stable.
	ids := map[string]string{}
	for _, e := range f.Entries {
		if _, dup := ids[e.ID]; dup {
			t.Errorf("id %s repeats", e.ID)
		}
		ids[e.ID] = e.Link.Href
	}
	again := getAtom(t, url)
	if again.ID != f.ID || !slices.EqualFunc(again.Entries, f.Entries, func(a, b atomEntry) bool { return a.ID == b.ID }) {
		t.Error("the ids change between requests")
	}

	// Publishing a draft puts it first; the others keep their ids.
	err := fx.srv.Store.Transact(ctx, func(tx *store.Tx) error {
		id, err := tx.IDBySlug(ctx, "event", fx.draft)
		if err != nil {
			return err
		}
		e, err := tx.Event(ctx, id)
		if err != nil {
			return err
		}
		e.Status = registry.Published
		_, err = tx.UpdateEvent(ctx, e)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	after := getAtom(t, url)
	top := after.Entries[0]
	if top.Link.Href != fx.srv.URL+"/en/events/"+fx.draft || top.Title.Text != "Draft workshop" || top.Category.Term != "event" {
		t.Fatalf("after publishing the draft, the first entry is %+v", top)
	}
	if top.Published < f.Entries[0].Published || !strings.Contains(top.Summary, "Workshop · 1 January 2021") {
		t.Errorf("the new entry: %+v", top)
	}
	if _, seen := ids[top.ID]; seen {
		t.Errorf("the new entry has an id of another record")
	}
	for _, e := range after.Entries[1:] {
		if href, ok := ids[e.ID]; ok && href != e.Link.Href {
			t.Errorf("id %s moved from %s to %s", e.ID, href, e.Link.Href)
		}
	}
	if after.Updated < f.Updated {
		t.Errorf("the feed's updated went back: %s, then %s", f.Updated, after.Updated)
	}
}

func TestAtomFeedLanguages(t *testing.T) {
	fx := newFixture(t)
	en := getAtom(t, fx.srv.URL+"/en/feed.atom")
	ru := getAtom(t, fx.srv.URL+"/ru/feed.atom")
	if ru.Lang != "ru" || !strings.HasSuffix(ru.Title, ": недавно опубликованное") {
		t.Errorf("ru feed %q in %q", ru.Title, ru.Lang)
	}
	if ru.ID == en.ID {
		t.Error("the feeds of two languages share an id")
	}
	byLink := map[string]atomEntry{}
	for _, e := range ru.Entries {
		if !strings.HasPrefix(e.Link.Href, fx.srv.URL+"/ru/") {
			t.Errorf("a Russian entry links to %s", e.Link.Href)
		}
		byLink[strings.Replace(e.Link.Href, "/ru/", "/", 1)] = e
	}
	for _, e := range en.Entries {
		r, ok := byLink[strings.Replace(e.Link.Href, "/en/", "/", 1)]
		if !ok {
			t.Errorf("%s is in the English feed only", e.Link.Href)
			continue
		}
		if r.ID == e.ID {
			t.Errorf("%s has the same id in both languages", e.Link.Href)
		}
	}
	for _, e := range ru.Entries {
		switch {
		case strings.HasSuffix(e.Link.Href, "/events/"+seminar) && e.Title.Text != "Укрепление потенциала региональных офисов омбудсмена Азербайджана":
			t.Errorf("the seminar in Russian: %q", e.Title.Text)
		case strings.HasSuffix(e.Link.Href, "/events/"+fx.coe) && e.Title.Lang != "en":
			t.Errorf("an English title in the Russian feed is not marked: %+v", e)
		}
	}
	if resp, _ := fetch(t, fx.srv.URL+"/de/feed.atom"); resp.StatusCode != 404 {
		t.Errorf("/de/feed.atom: status %d", resp.StatusCode)
	}
}

// The portal's pages link to the feeds, and the links work: the Atom feed
// from every page's head, the calendars from the events list, a project
// and a cooperation page.
func TestPortalLinksToFeeds(t *testing.T) {
	fx := newFixture(t)
	for page, want := range map[string]string{
		"/ru/":                                       `href="/feeds/events.ics?lang=ru"`,
		"/en/cooperation/eu":                         `href="/feeds/partners/eu/events.ics?lang=en"`,
		"/az/cooperation/eu/events":                  `href="/feeds/partners/eu/events.ics?lang=az"`,
		"/en/cooperation/eu/study-visits":            `href="/feeds/partners/eu/events.ics?lang=en"`,
		"/ru/projects/twinning-ombudsman-capacities": `href="/feeds/projects/twinning-ombudsman-capacities/events.ics?lang=ru"`,
	} {
		resp, body := fetch(t, fx.srv.URL+page)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", page, resp.StatusCode)
		}
		lang := page[1:3]
		if !strings.Contains(body, `<link rel="alternate" type="application/atom+xml"`) || !strings.Contains(body, `href="/`+lang+`/feed.atom"`) {
			t.Errorf("%s does not link to its Atom feed", page)
		}
		if !strings.Contains(body, want) {
			t.Errorf("%s lacks the link %s", page, want)
			continue
		}
		href := strings.TrimSuffix(strings.TrimPrefix(want, `href="`), `"`)
		c := getCalendar(t, fx.srv.URL+href)
		if len(c.bySlug) == 0 {
			t.Errorf("%s: the calendar it links to is empty", page)
		}
	}
	resp, body := fetch(t, fx.srv.URL+"/az/cooperation/eu")
	if resp.StatusCode != 200 || !strings.Contains(body, "Abunə olun (iCalendar)") {
		t.Error("the subscribe link is not in Azerbaijani")
	}
}
