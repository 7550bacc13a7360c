package admin_test

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// seedText is the seed page's text, beside this checkout.
func seedText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../../shared/seed/cooperation-with-the-eu.txt")
	if err != nil {
		if os.Getenv("LIAISON_REQUIRE_SHARED") != "" {
			t.Fatalf("../shared is required here: %v", err)
		}
		t.Skipf("the shared seed page is not beside this checkout: %v", err)
	}
	return string(b)
}

func scaffoldServer(t *testing.T) (*servertest.Server, *store.Store) {
	st := storetest.Open(t)
	if err := demo.LoadScaffolding(ctx, st); err != nil {
		t.Fatal(err)
	}
	return servertest.New(t, st), st
}

// readText posts a text (or a file) to the review's first step.
func readText(t *testing.T, s *session, text, filename string, file []byte) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("text", text)
	if file != nil {
		fw, _ := mw.CreateFormFile("file", filename)
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", s.srv.URL+"/admin/extract", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return s.do(req)
}

// reviewForm reads the review form as a browser submits it: checked
// radios and boxes only, the selected option of each select.
func reviewForm(t *testing.T, page string) url.Values {
	t.Helper()
	start := strings.Index(page, `action="/admin/extract/create"`)
	if start < 0 {
		t.Fatalf("no review form:\n%s", page)
	}
	form := page[start : start+strings.Index(page[start:], "</form>")]
	values := url.Values{}
	for _, m := range regexp.MustCompile(`<input([^>]*)>`).FindAllStringSubmatch(form, -1) {
		a := m[1]
		name := attr(a, "name")
		typ := attr(a, "type")
		if name == "" || typ == "file" || ((typ == "radio" || typ == "checkbox") && !strings.Contains(a, " checked")) {
			continue
		}
		v := attr(a, "value")
		if typ == "checkbox" && v == "" {
			v = "on"
		}
		values.Add(name, html.UnescapeString(v))
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(form, -1) {
		if sel := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[2]); sel != nil {
			values.Set(m[1], html.UnescapeString(sel[1]))
		} else if first := regexp.MustCompile(`<option value="([^"]*)"`).FindStringSubmatch(m[2]); first != nil {
			values.Set(m[1], html.UnescapeString(first[1]))
		}
	}
	return values
}

type counts struct{ institutions, people, projects, events, publications, changes int }

func countAll(t *testing.T, st *store.Store) counts {
	t.Helper()
	var c counts
	var err error
	all := store.Filter{}
	must := func(n int, e error) int {
		if e != nil {
			err = e
		}
		return n
	}
	c.institutions = must(st.CountInstitutions(ctx, all))
	c.people = must(st.CountPeople(ctx, all))
	c.projects = must(st.CountProjects(ctx, all))
	c.events = must(st.CountEvents(ctx, all))
	c.publications = must(st.CountPublications(ctx, all))
	ch, e := st.Changes(ctx, 10000, 0)
	c.changes = must(len(ch), e)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The seed page read into a registry holding only the scaffolding: the
// review proposes its records, highlighted, and creating them all gives
// the demonstration registry's facts, linked, with their source kept.
func TestReviewSeedPageCreatesItsRecords(t *testing.T) {
	text := seedText(t)
	srv, st := scaffoldServer(t)
	s := newSession(t, srv, "editor")
	if r := s.get("/admin/extract"); r.status != 200 || !strings.Contains(r.body, `action="/admin/extract"`) {
		t.Fatalf("start page: %d", r.status)
	}
	if r := s.get("/admin/"); !strings.Contains(r.body, `href="/admin/extract"`) {
		t.Error("the dashboard and the navigation do not lead to the review")
	}
	review := readText(t, s, text, "", nil)
	if review.status != 200 {
		t.Fatalf("read: %d\n%s", review.status, review.body)
	}
	for _, want := range []string{
		`<mark class="hl hl-event" title="E1 title">Strenghening the Capacities`,
		`<a class="tag tag-person" href="#person-1" id="text-person-1">P1</a>`,
		`id="event-2"`, `id="project-2"`, `id="publication-1"`,
		"Nothing has been written yet",
	} {
		if !strings.Contains(review.body, want) {
			t.Errorf("the review lacks %s", want)
		}
	}
	if !t.Failed() && strings.Count(review.body, `class="card card-person"`) != 5 {
		t.Errorf("%d people cards, want 5", strings.Count(review.body, `class="card card-person"`))
	}
	before := countAll(t, st)
	values := reviewForm(t, review.body)
	if values.Get("source_title") != "Cooperation with the European Union" {
		t.Errorf("source title %q", values.Get("source_title"))
	}
	done := s.post("/admin/extract/create", values)
	if done.status != http.StatusSeeOther || !strings.HasPrefix(done.location, "/admin/extract/created?") {
		t.Fatalf("create: %d %s\n%s", done.status, done.location, done.body)
	}
	after := countAll(t, st)
	// Sent twice (the back button), the review creates nothing more: it
	// comes back offering what the first sending created.
	again := s.post("/admin/extract/create", values)
	if again.status != http.StatusUnprocessableEntity || !strings.Contains(again.body, "was created since the text was read") {
		t.Errorf("sent twice: %d", again.status)
	}
	if c := countAll(t, st); c != after {
		t.Errorf("sent twice, the review wrote: %+v -> %+v", after, c)
	}
	// Four institutions: the Seimas Ombudsman once for its two people.
	if got := [5]int{after.institutions - before.institutions, after.people, after.projects, after.events, after.publications}; got != [5]int{4, 5, 2, 2, 1} {
		t.Fatalf("created institutions, people, projects, events, publications: %v", got)
	}

	events, _ := st.Events(ctx, store.Filter{Sort: "date"})
	seminar, visit := events.Items[0], events.Items[1]
	if seminar.Kind != registry.Seminar || seminar.Start.String() != "2011-10-28" || seminar.Instrument != registry.TAIEX || seminar.FunderID != 2 || seminar.Status != registry.Draft {
		t.Errorf("seminar: %+v", seminar)
	}
	if len(seminar.Participants) != 5 || seminar.Participants[0].Role != registry.RoleSpeaker {
		t.Errorf("seminar participants: %+v", seminar.Participants)
	}
	people, _ := st.PeopleByID(ctx, []int64{seminar.Participants[0].PersonID, seminar.Participants[1].PersonID})
	augustinas, martynas := people[seminar.Participants[0].PersonID], people[seminar.Participants[1].PersonID]
	if augustinas.Honorific != registry.Mr || augustinas.GivenName != "Augustinas" || augustinas.FamilyName != "Normantas" {
		t.Errorf("first speaker: %+v", augustinas)
	}
	if augustinas.Affiliations[0].InstitutionID != martynas.Affiliations[0].InstitutionID {
		t.Error("the Seimas Ombudsman was created twice")
	}
	if seminar.Participants[1].Title["en"] != "Staff member" {
		t.Errorf("second speaker's title %q", seminar.Participants[1].Title["en"])
	}
	if visit.Kind != registry.StudyVisit || visit.Country != "GR" || visit.End.String() != "2016-10-07" || visit.ProjectID == 0 || visit.Component != 1 {
		t.Errorf("study visit: %+v", visit)
	}
	proj, err := st.Project(ctx, visit.ProjectID)
	if err != nil || proj.DurationMonths != 24 || len(proj.Partners) != 2 || strings.Join(proj.ExpertCountries, " ") != "GR PL DE PT" || proj.FunderID != 2 || len(proj.Components) != 1 ||
		proj.Components[0].Title["en"] != "Strengthening the activity of the Ombudsman Office as a national preventive mechanism" {
		t.Errorf("the study visit's project: %+v %v", proj, err)
	}
	light, _ := st.Projects(ctx, store.Filter{Instrument: "twinning_light"})
	if len(light.Items) != 1 || light.Items[0].Reference != "AZ09/ENP-PCA/JH/09" || !light.Items[0].DurationUpTo || len(light.Items[0].ProgrammeIDs) != 2 || light.Items[0].BeneficiaryID != 1 {
		t.Errorf("Twinning Light project: %+v", light.Items)
	}
	pubs, _ := st.Publications(ctx, store.Filter{})
	if p := pubs.Items[0]; p.Kind != registry.PubArticle || p.ItemCount != 10 || p.Venue != "European Ombudsmen" || p.PublisherID != 3 {
		t.Errorf("publication: %+v", p)
	}

	// History and source.
	hist, _ := st.History(ctx, "event", seminar.ID)
	if len(hist) != 1 || hist[0].Note != "created from source text: Cooperation with the European Union" || hist[0].Actor != "editor@test.example" {
		t.Errorf("history: %+v", hist)
	}
	if h, _ := st.History(ctx, "person", augustinas.ID); len(h) != 1 || !strings.HasPrefix(h[0].Note, "created from source text") {
		t.Errorf("person history: %+v", h)
	}
	docs, _ := st.Documents(ctx, "project", proj.ID)
	if len(docs) != 1 || docs[0].ContentType != "text/plain; charset=utf-8" || docs[0].Status != registry.Draft || docs[0].Title != "Source text: Cooperation with the European Union" {
		t.Fatalf("documents: %+v", docs)
	}
	if data, _ := st.DocumentData(ctx, docs[0].ID); string(data) != strings.ReplaceAll(text, "\r\n", "\n") {
		t.Error("the kept document is not the text read")
	}

	// The summary, then publish all: the cooperation page shows them.
	sum := s.get(done.location)
	if sum.status != 200 || strings.Count(sum.body, `<span class="status draft">`) != 14 || !strings.Contains(sum.body, "Publish all created") {
		t.Fatalf("summary: %d\n%s", sum.status, sum.body)
	}
	pub := s.post("/admin/extract/publish", formOf(t, sum.body, "/admin/extract/publish"))
	if pub.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", pub.status, pub.body)
	}
	if r := s.get(pub.location); strings.Contains(r.body, `<span class="status draft">`) || !strings.Contains(r.body, "on the public site now") {
		t.Errorf("after publishing:\n%s", r.body)
	}
	anon := newSession(t, srv, "")
	page := anon.get("/en/cooperation/eu").body
	for _, want := range []string{"Strenghening the Capacities of Regional Offices of the Azerbaijani Ombudsman", "Augustinas Normantas", "Aleksandra Wentkowska",
		"AZ09/ENP-PCA/JH/09", "Support to the Strengthening of Capacities of the Commissioner for Human Rights (Ombudsman)", "European Ombudsmen"} {
		if !strings.Contains(html.UnescapeString(page), want) {
			t.Errorf("the cooperation page lacks %q", want)
		}
	}
	// The source text stays with staff.
	if r := anon.get("/documents/" + itoa(docs[0].ID) + "/x.txt"); r.status != http.StatusNotFound {
		t.Errorf("the source text is public: %d", r.status)
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// Read into the demonstration registry, which has every record of the
// page already, the review links everything: the same people (by name),
// the same institutions, and offers the events, projects and publication
// as already recorded, so that creating writes nothing new.
func TestReviewLinksWhatTheRegistryHas(t *testing.T) {
	text := seedText(t)
	srv, st := demoServer(t)
	s := newSession(t, srv, "editor")
	review := readText(t, s, text, "", nil)
	if review.status != 200 {
		t.Fatalf("read: %d", review.status)
	}
	values := reviewForm(t, review.body)
	wantInst := []string{"4", "4", "5", "6", "8"}
	for i := range 5 {
		p := "people[" + string(rune('0'+i)) + "]."
		if values.Get(p+"decision") != "existing" || values.Get(p+"match") != string(rune('1'+i)) {
			t.Errorf("%s: decision %q match %q", p, values.Get(p+"decision"), values.Get(p+"match"))
		}
		if values.Get(p+"institution") != wantInst[i] {
			t.Errorf("%s institution %q, want %s", p, values.Get(p+"institution"), wantInst[i])
		}
	}
	for _, k := range []string{"events[0]", "events[1]", "projects[0]", "projects[1]", "publications[0]"} {
		if values.Get(k+".decision") != "existing" {
			t.Errorf("%s is not offered as already recorded: %q", k, values.Get(k+".decision"))
		}
	}
	before := countAll(t, st)
	done := s.post("/admin/extract/create", values)
	if done.status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", done.status, done.body)
	}
	if after := countAll(t, st); after != before {
		t.Errorf("linking wrote: %+v -> %+v", before, after)
	}
	if r := s.get(done.location); !strings.Contains(r.body, "Nothing was created") {
		t.Errorf("summary:\n%s", r.body)
	}

	// Creating the seminar anew links its speakers to the people the
	// registry has: no second Augustinas Normantas. Publishing it
	// publishes a linked speaker who was a draft.
	p1, _ := st.Person(ctx, 1)
	p1.Status = registry.Draft
	if err := st.Transact(ctx, func(tx *store.Tx) error { _, err := tx.UpdatePerson(ctx, p1); return err }); err != nil {
		t.Fatal(err)
	}
	before = countAll(t, st)
	values.Set("events[0].decision", "accept")
	done = s.post("/admin/extract/create", values)
	if done.status != http.StatusSeeOther {
		t.Fatalf("create the seminar: %d\n%s", done.status, done.body)
	}
	after := countAll(t, st)
	if after.events != before.events+1 || after.people != before.people || after.institutions != before.institutions {
		t.Errorf("counts: %+v -> %+v", before, after)
	}
	list, _ := st.Events(ctx, store.Filter{Sort: "id", Desc: true, Limit: 1})
	e := list.Items[0]
	if len(e.Participants) != 5 || e.Participants[0].PersonID != 1 || e.Participants[4].InstitutionID != 8 {
		t.Errorf("new seminar's participants: %+v", e.Participants)
	}
	sum := s.get(done.location)
	if r := s.post("/admin/extract/publish", formOf(t, sum.body, "/admin/extract/publish")); r.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", r.status, r.body)
	}
	if p, _ := st.Person(ctx, 1); p.Status != registry.Published {
		t.Error("the draft speaker was not published with the seminar")
	}
	if e, _ := st.Event(ctx, e.ID); e.Status != registry.Published {
		t.Error("the seminar was not published")
	}
}

// The same person twice in one text is one person, and the same new
// institution one institution, however the cards are filled.
func TestReviewSamePersonTwiceIsOnePerson(t *testing.T) {
	srv, st := scaffoldServer(t)
	s := newSession(t, srv, "editor")
	text := "Ms. Zoë Müller spoke at a seminar on 1 March 2020. Ms. Zoe Muller also spoke at a workshop on 2 March 2020."
	values := url.Values{
		"carried": {b64(text)}, "source_title": {"Two seminars"},
		"events[0].decision": {"accept"}, "events[0].kind": {"seminar"}, "events[0].start": {"2020-03-01"},
		"events[1].decision": {"accept"}, "events[1].kind": {"workshop"}, "events[1].start": {"2020-03-02"},
		"people[0].decision": {"accept"}, "people[0].name": {"Zoë Müller"}, "people[0].institution": {"new"}, "people[0].organization": {"Ombudsman"},
		"people[0].org_kind": {"ombudsman_office"}, "people[0].country": {"AT"}, "people[0].event": {"0"}, "people[0].participation": {"speaker"},
		"people[1].decision": {"accept"}, "people[1].name": {"Zoe  Muller"}, "people[1].institution": {"new"}, "people[1].organization": {"ombudsman"},
		"people[1].org_kind": {"ombudsman_office"}, "people[1].country": {"AT"}, "people[1].event": {"1"}, "people[1].participation": {"speaker"},
	}
	before := countAll(t, st)
	if r := s.post("/admin/extract/create", values); r.status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", r.status, r.body)
	}
	after := countAll(t, st)
	if after.people != before.people+1 || after.institutions != before.institutions+1 || after.events != 2 {
		t.Fatalf("%+v -> %+v", before, after)
	}
	events, _ := st.Events(ctx, store.Filter{Sort: "date"})
	if events.Items[0].Participants[0].PersonID != events.Items[1].Participants[0].PersonID {
		t.Error("two people were made of one")
	}
}

// Anything refused shows the review again with the error beside its
// field, keeps what was typed, and writes nothing at all, not even the
// records that were valid.
func TestReviewRefusedWritesNothing(t *testing.T) {
	srv, st := scaffoldServer(t)
	s := newSession(t, srv, "editor")
	text := "A seminar on 28 October 2011. Mr. Ann Example spoke. A Twinning project “Something” ran."
	values := url.Values{
		"carried": {b64(text)}, "source_title": {"A bad review"},
		"people[0].decision": {"accept"}, "people[0].name": {"Ann Example"}, "people[0].institution": {"new"}, "people[0].organization": {"Example Office"},
		"people[0].org_kind": {"ombudsman_office"}, "people[0].event": {"0"}, "people[0].participation": {"speaker"}, "people[0].spans": {"name:34-45"},
		"events[0].decision": {"accept"}, "events[0].kind": {"seminar"}, "events[0].start": {"2011-13-45"}, "events[0].title": {"Kept <as typed>"},
		"projects[0].decision": {"accept"}, "projects[0].instrument": {"twinning"}, "projects[0].title": {"Something"}, "projects[0].reference": {"not a reference"},
		"publications[0].decision": {"accept"}, "publications[0].kind": {"article"}, "publications[0].venue": {"Somewhere"},
	}
	before := countAll(t, st)
	r := s.post("/admin/extract/create", values)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d\n%s", r.status, r.body)
	}
	for _, want := range []string{
		`id="f-events-0-start-error"`,       // the date
		`id="f-projects-0-reference-error"`, // the Twinning reference
		`id="f-people-0-country-error"`,     // a national institution needs its country
		`id="f-publications-0-title-error"`, // a title or a count
		`value="Kept &lt;as typed&gt;"`,     // what was typed
		`<mark class="hl hl-person" title="P1 name">Ann Example</mark>`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the refusal lacks %s", want)
		}
	}
	if after := countAll(t, st); after != before {
		t.Errorf("a refused review wrote: %+v -> %+v", before, after)
	}
	// A text that did not come back intact is refused.
	values.Set("carried", "%%%")
	if r := s.post("/admin/extract/create", values); r.status != http.StatusBadRequest {
		t.Errorf("a mangled text: %d", r.status)
	}
}

// What creating would refuse is shown as soon as the text is read,
// beside its field and listed by card, and reading writes nothing.
func TestReviewShowsProblemsOnReading(t *testing.T) {
	srv, st := scaffoldServer(t)
	s := newSession(t, srv, "editor")
	before := countAll(t, st)
	r := readText(t, s, "In 2015 the EU-funded Twinning project “Support to the Ombudsman” (Twinning ref. UA/48b) began.\n", "", nil)
	if r.status != 200 {
		t.Fatalf("read: %d", r.status)
	}
	if !strings.Contains(r.body, `id="project-1"`) {
		t.Skip("the extractor no longer proposes this project")
	}
	for _, want := range []string{"need correcting before they can be created", `<a href="#project-1">J1</a> reference: &#34;UA/48b&#34; is not a Twinning reference`, `id="f-projects-0-reference-error"`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the review lacks %s", want)
		}
	}
	if after := countAll(t, st); after != before {
		t.Errorf("reading wrote: %+v -> %+v", before, after)
	}
}

// Viewers may read the registry but not create records from text.
func TestReviewIsForEditors(t *testing.T) {
	srv, _ := scaffoldServer(t)
	v := newSession(t, srv, "viewer")
	if r := v.get("/admin/extract"); r.status != http.StatusForbidden {
		t.Errorf("viewer GET: %d", r.status)
	}
	if r := readText(t, v, "On 28 October 2011 a seminar was held.", "", nil); r.status != http.StatusForbidden {
		t.Errorf("viewer read: %d", r.status)
	}
	if r := v.get("/admin/"); strings.Contains(r.body, `href="/admin/extract"`) {
		t.Error("a viewer is offered the review")
	}
	e := newSession(t, srv, "editor")
	if r := readText(t, e, "  \n ", "", nil); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Paste a text") {
		t.Errorf("empty text: %d", r.status)
	}
	if r := readText(t, e, "", "page.pdf", []byte("%PDF-1.4 ...")); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "PDF is not read") {
		t.Errorf("a PDF: %d\n%s", r.status, r.body)
	}
	html := []byte(`<html><body><h1>News</h1><p>On 28 October 2011 a <b>seminar</b> “Rights &amp; duties” was held.</p><script>alert(1)</script></body></html>`)
	r := readText(t, e, "", "news.html", html)
	if r.status != 200 || !strings.Contains(r.body, "Rights &amp; duties") || strings.Contains(r.body, "<script>alert") {
		t.Errorf("an HTML file: %d\n%s", r.status, r.body)
	}
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	part, _ := zw.Create("word/document.xml")
	part.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		`<w:p><w:r><w:t>On 28 October 2011 a seminar “Rights of the child” was held. Mrs. Adriana Stehouwer, Deputy Ombudsman, National Ombudsman, the Netherlands, spoke.</w:t></w:r></w:p></w:body></w:document>`))
	zw.Close()
	if r := readText(t, e, "", "report.docx", docx.Bytes()); r.status != 200 || !strings.Contains(r.body, `title="E1 title">Rights of the child</mark>`) || !strings.Contains(r.body, `value="Adriana Stehouwer"`) {
		t.Errorf("a Word document: %d\n%s", r.status, r.body)
	}
	if r := readText(t, e, strings.Repeat("word ", 60000), "", nil); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Read it in parts") {
		t.Errorf("a long text: %d", r.status)
	}
}
