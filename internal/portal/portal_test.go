package portal_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var (
	headRE = regexp.MustCompile(`(?s)<head>.*</head>`)
	tagRE  = regexp.MustCompile(`<[^>]*>`)
	wsRE   = regexp.MustCompile(`\s+`)
)

// visible is the text a reader sees: no markup, entities decoded, white
// space collapsed.
func visible(page string) string {
	s := headRE.ReplaceAllString(page, "")
	s = tagRE.ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	s = wsRE.ReplaceAllString(s, " ")
	// Punctuation after an element reads as it does in the browser.
	return strings.NewReplacer(" ,", ",", " .", ".", " )", ")", "( ", "(").Replace(s)
}

// Every fact of the seed page reaches the generated page.
func TestCooperationPageHasEveryFactOfTheSeed(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	status, page := get(t, srv.URL+"/en/cooperation/eu")
	if status != 200 {
		t.Fatalf("status %d\n%s", status, page)
	}
	text := visible(page)
	facts := []string{
		// The seminar.
		"28 October 2011",
		"Seminar · TAIEX",
		"Strenghening the Capacities of Regional Offices of the Azerbaijani Ombudsman",
		// Its five speakers with title, institution and country.
		"Mr. Augustinas Normantas, Seimas Ombudsman, Seimas Ombudsmen's Office of the Republic of Lithuania (Lithuania)",
		"Mr. Martynas Vasiliauskas, Staff member, Seimas Ombudsmen's Office of the Republic of Lithuania (Lithuania)",
		"Mr. Jean Pierre Fontaine, Former Delegate to the Defender of Rights, Defender of Rights (France)",
		"Mrs. Adriana Stehouwer, Deputy Ombudsman, National Ombudsman (Netherlands)",
		"Mrs. Aleksandra Wentkowska, Field Plenipotentiary of Human Rights Defender, Office of the Human Rights Defender in Katowice (Poland)",
		// The Twinning Light project.
		"Twinning Light project of up to six months",
		"Support to the Enhancement of the Capacity of the Ombudsman Administration and to the Development of Awareness on Human Rights and Discrimination",
		"AZ09/ENP-PCA/JH/09",
		"Duration up to six months",
		// The 24-month Twinning project.
		"24-month Twinning project",
		"Support to the Strengthening of Capacities of the Commissioner for Human Rights (Ombudsman)",
		"Member-state partners Germany and Poland",
		"Experts from Greece, Poland, Germany and Portugal",
		"Component 1: Strengthening the activity of the Ombudsman Office as a national preventive mechanism",
		// The study visit.
		"Study visit to Greece",
		"3–7 October 2016",
		// The publications.
		"European Ombudsmen",
		"ten articles",
		// The policy frame.
		"Eastern Partnership (EaP)",
		"Twinning", "TAIEX",
	}
	for _, f := range facts {
		if !strings.Contains(text, f) {
			t.Errorf("the page does not say %q", f)
		}
	}
	if n := strings.Count(text, "(Lithuania)"); n != 2 {
		t.Errorf("Lithuania appears %d times among the speakers, want 2", n)
	}
	if t.Failed() {
		t.Logf("page text:\n%s", text)
	}
}

// The page reads in order: sections in a fixed sequence, events oldest
// first, and the study visit is linked from the component it served.
func TestCooperationPageStructure(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	_, page := get(t, srv.URL+"/en/cooperation/eu")
	order := []string{`<h1>Cooperation with the European Union</h1>`, `id="policy"`, `id="instruments"`, `id="events"`, `id="projects"`, `id="study-visits"`, `id="publications"`}
	last := -1
	for _, marker := range order {
		i := strings.Index(page, marker)
		if i < 0 || i < last {
			t.Fatalf("%s is missing or out of order", marker)
		}
		last = i
	}
	if !strings.Contains(page, `href="/en/events/2016-10-03-study-visit-greece"`) {
		t.Error("the component does not link to the study visit held under it")
	}
	if !strings.Contains(page, `<time datetime="2016-10-03/2016-10-07">`) {
		t.Error("the study visit's dates are not machine-readable")
	}
	// Script only enhances (name suggestions); none is written into the page.
	if regexp.MustCompile(`<script(?: [^>]*)?>[^<]`).MatchString(page) || strings.Count(page, "<script") != 1 {
		t.Error("the page carries inline script")
	}
	if !strings.Contains(page, `@media print`) && !strings.Contains(page, `/static/style.css`) {
		t.Error("no stylesheet")
	}
}

func TestStylesheetHasPrintRules(t *testing.T) {
	srv := servertest.New(t, storetest.Open(t))
	status, css := get(t, srv.URL+"/static/style.css")
	if status != 200 || !strings.Contains(css, "@media print") {
		t.Fatalf("style.css: %d, print rules: %v", status, strings.Contains(css, "@media print"))
	}
}

func TestPagesThatDoNotExist(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	for _, path := range []string{"/en/cooperation/un", "/xx/cooperation/eu", "/en/cooperation/eu/widgets", "/en/cooperation/eu/events?page=notacursor"} {
		status, page := get(t, srv.URL+path)
		if status != 404 && status != 400 {
			t.Errorf("%s = %d, want 404 or 400", path, status)
		}
		if !strings.Contains(page, "<html") {
			t.Errorf("%s: not an HTML error page", path)
		}
	}
}

func TestHomeListsPartnerships(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	status, page := get(t, srv.URL+"/en/")
	if status != 200 || !strings.Contains(page, `href="/en/cooperation/eu"`) {
		t.Fatalf("home = %d\n%s", status, page)
	}
	resp, err := http.Get(srv.URL + "/")
	if err != nil || resp.Request.URL.Path != "/en/" {
		t.Fatalf("/ does not lead to /en/: %v", err)
	}
}

// A partnership with more events than the page shows links to the full
// list, which pages through all of them in date order.
func TestLongSectionsArePaginated(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	err := st.Transact(ctx, func(tx *store.Tx) error {
		for i := 0; i < 130; i++ {
			e := &registry.Event{Meta: registry.Meta{Status: registry.Published}, Kind: registry.Workshop, Start: registry.NewDate(2000+i%20, 1+i%12, 1+i%28), FunderID: 2,
				Title: registry.T("en", "Workshop number "+strconv.Itoa(i))}
			if _, err := tx.CreateEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := servertest.New(t, st)
	_, page := get(t, srv.URL+"/en/cooperation/eu")
	if !strings.Contains(visible(page), "The 25 most recent of 131.") {
		t.Fatalf("the page does not say it shows part of the events")
	}
	seen := map[string]bool{}
	next := "/en/cooperation/eu/events"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("the list does not end")
		}
		status, body := get(t, srv.URL+html.UnescapeString(next))
		if status != 200 {
			t.Fatalf("%s = %d", next, status)
		}
		for _, m := range regexp.MustCompile(`id="(event-[^"]+)"`).FindAllStringSubmatch(body, -1) {
			if seen[m[1]] {
				t.Fatalf("%s listed twice", m[1])
			}
			seen[m[1]] = true
		}
		next = ""
		if m := regexp.MustCompile(`rel="next" href="([^"]+)"`).FindStringSubmatch(body); m != nil {
			next = m[1]
		}
	}
	if len(seen) != 131 {
		t.Errorf("the list showed %d events, want 131", len(seen))
	}
}

// The gold labels of the seed page (../shared/extract/dev/001-seed.json)
// name its people, projects, events and publications; each must be on
// the generated page, so the demo data cannot drift from the seed.
func TestCooperationPageCoversTheSeedLabels(t *testing.T) {
	data, err := os.ReadFile("../../../shared/extract/dev/001-seed.json")
	if err != nil {
		if os.Getenv("LIAISON_REQUIRE_SHARED") != "" {
			t.Fatalf("../shared is required here: %v", err)
		}
		t.Skipf("the shared seed labels are not beside this checkout: %v", err)
	}
	var gold struct {
		Events []struct {
			Title *string `json:"title"`
			Start string  `json:"start"`
		} `json:"events"`
		People []struct {
			Name string `json:"name"`
			Role string `json:"role"`
		} `json:"people"`
		Projects []struct {
			Title     string  `json:"title"`
			Reference *string `json:"reference"`
		} `json:"projects"`
		Publications []struct {
			Venue string `json:"venue"`
		} `json:"publications"`
	}
	if err := json.Unmarshal(data, &gold); err != nil {
		t.Fatal(err)
	}
	srv := servertest.New(t, storetest.Demo(t))
	_, page := get(t, srv.URL+"/en/cooperation/eu")
	text := strings.ToLower(visible(page))
	want := func(what, s string) {
		if !strings.Contains(text, strings.ToLower(s)) {
			t.Errorf("the page lacks the %s %q", what, s)
		}
	}
	for _, e := range gold.Events {
		if e.Title != nil {
			want("event title", *e.Title)
		}
	}
	for _, p := range gold.People {
		want("person", p.Name)
		want("role", p.Role)
	}
	for _, p := range gold.Projects {
		want("project", p.Title)
		if p.Reference != nil {
			want("reference", *p.Reference)
		}
	}
	for _, p := range gold.Publications {
		want("venue", p.Venue)
	}
}

// Drafts stay off the public pages: a draft event, and a draft speaker of
// a published event.
func TestDraftsAreNotPublic(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	err := st.Transact(ctx, func(tx *store.Tx) error {
		if _, err := tx.CreateEvent(ctx, &registry.Event{Kind: registry.Seminar, Start: registry.NewDate(2012, 5, 5), FunderID: 2,
			Title: registry.T("en", "A seminar still in preparation")}); err != nil {
			return err
		}
		secret := &registry.Person{GivenName: "Draft", FamilyName: "Speaker"}
		if _, err := tx.CreatePerson(ctx, secret); err != nil {
			return err
		}
		ev, err := tx.Event(ctx, 1)
		if err != nil {
			return err
		}
		ev.Participants = append(ev.Participants, registry.Participant{PersonID: secret.ID, Role: registry.RoleSpeaker})
		_, err = tx.UpdateEvent(ctx, ev)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := servertest.New(t, st)
	_, page := get(t, srv.URL+"/en/cooperation/eu")
	for _, secret := range []string{"A seminar still in preparation", "Draft Speaker"} {
		if strings.Contains(page, secret) {
			t.Errorf("the public page shows the draft %q", secret)
		}
	}
	if !strings.Contains(page, "Augustinas Normantas") {
		t.Error("the published speakers went missing")
	}
	_, list := get(t, srv.URL+"/en/cooperation/eu/events")
	if strings.Contains(list, "A seminar still in preparation") {
		t.Error("the event list shows a draft")
	}
}
