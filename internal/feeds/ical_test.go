package feeds_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/server"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

var ctx = context.Background()

// awkwardTitle has every character iCalendar text must escape.
const awkwardTitle = "Rights, duties; remedies\nand a back\\slash: \"all\" of them, twice;;"

// fixture is the demonstration registry with more events around it: of
// another partner, drafts, partial dates, a draft speaker.
type fixture struct {
	srv *servertest.Server
	// slugs of the events added
	multiDay, coe, month, year, draft string
	// slugs of the records added
	draftProject, draftPartnership, draftPerson string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st := storetest.Demo(t)
	fx := &fixture{srv: servertest.New(t, st)}
	pub := registry.Meta{Status: registry.Published}
	err := st.Transact(ctx, func(tx *store.Tx) error {
		coe := &registry.Institution{Meta: pub, Name: registry.T("en", "Council of Europe", "ru", "Совет Европы", "az", "Avropa Şurası"), Kind: registry.InternationalOrganisation}
		if _, err := tx.CreateInstitution(ctx, coe); err != nil {
			return err
		}
		if _, err := tx.CreatePartnership(ctx, &registry.Partnership{Meta: registry.Meta{Slug: "coe", Status: registry.Published}, PartnerID: coe.ID, Title: registry.T("en", "Cooperation with the Council of Europe")}); err != nil {
			return err
		}
		hidden := &registry.Partnership{Meta: registry.Meta{Slug: "hidden"}, PartnerID: coe.ID, Title: registry.T("en", "Not yet")}
		if _, err := tx.CreatePartnership(ctx, hidden); err != nil {
			return err
		}
		fx.draftPartnership = hidden.Slug
		draftInst := &registry.Institution{Name: registry.T("en", "Secret Directorate"), Kind: registry.Government, Country: "LT"}
		if _, err := tx.CreateInstitution(ctx, draftInst); err != nil {
			return err
		}
		speaker := &registry.Person{Meta: pub, Honorific: registry.Ms, GivenName: "Rūta", FamilyName: "Petrauskienė",
			Affiliations: []registry.Affiliation{{InstitutionID: 4, Role: registry.T("en", "Adviser")}}}
		expert := &registry.Person{Meta: pub, Honorific: registry.Dr, GivenName: "Jonas", FamilyName: "Jonaitis"}
		draftPerson := &registry.Person{GivenName: "Hidden", FamilyName: "Draftperson"}
		for _, p := range []*registry.Person{speaker, expert, draftPerson} {
			if _, err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
		}
		fx.draftPerson = draftPerson.FamilyName
		draftProject := &registry.Project{Instrument: registry.TAIEX, Title: registry.T("en", "A draft project"), FunderID: 2}
		if _, err := tx.CreateProject(ctx, draftProject); err != nil {
			return err
		}
		fx.draftProject = draftProject.Slug

		events := []*registry.Event{
			// Funded by the European Ombudsman, a sub-body of the EU, over
			// the turn of a month, in a city with its name in three
			// languages, with a long Russian title that must be folded.
			{Meta: pub, Kind: registry.Conference, FunderID: 3,
				Title: registry.T("en", awkwardTitle, "ru", strings.Repeat("Международная конференция омбудсменов о правах человека; ", 3)),
				Start: registry.NewDate(2019, 5, 30), End: registry.NewDate(2019, 6, 2), Country: "LT",
				City: registry.T("en", "Vilnius", "az", "Vilnüs", "ru", "Вильнюс"),
				Participants: []registry.Participant{
					{PersonID: speaker.ID, Role: registry.RoleSpeaker},
					{PersonID: expert.ID, Role: registry.RoleExpert, Title: registry.T("en", "Expert on detention"), InstitutionID: draftInst.ID},
					{PersonID: draftPerson.ID, Role: registry.RoleSpeaker, Title: registry.T("en", "Speaker")},
				}},
			// Of another partner, known to the month.
			{Meta: pub, Kind: registry.Seminar, FunderID: coe.ID, Title: registry.T("en", "Council of Europe seminar"), Start: registry.NewDate(2020, 3, 0)},
			// Of an EU project, known to the year.
			{Meta: pub, Kind: registry.ExpertMission, ProjectID: 1, Country: "AZ", Start: registry.NewDate(2010, 0, 0)},
			// A draft.
			{Kind: registry.Workshop, FunderID: 2, Title: registry.T("en", "Draft workshop"), Start: registry.NewDate(2021, 1, 1)},
		}
		for _, e := range events {
			if _, err := tx.CreateEvent(ctx, e); err != nil {
				return err
			}
		}
		fx.multiDay, fx.coe, fx.year, fx.draft = events[0].Slug, events[1].Slug, events[2].Slug, events[3].Slug
		fx.month = events[1].Slug
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

const (
	seminar    = "2011-10-28-taiex-seminar-regional-offices"
	studyVisit = "2016-10-03-study-visit-greece"
)

func fetch(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// calendar is a parsed feed: its events by the slug their URL ends in.
type calendar struct {
	raw    string
	cal    *ical.Calendar
	bySlug map[string]ical.Event
	uids   []string
}

func getCalendar(t *testing.T, url string) calendar {
	t.Helper()
	resp, body := fetch(t, url)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: status %d: %s", url, resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", url, ct)
	}
	cal, err := ical.NewDecoder(strings.NewReader(body)).Decode()
	if err != nil {
		t.Fatalf("%s does not parse: %v\n%s", url, err, body)
	}
	c := calendar{raw: body, cal: cal, bySlug: map[string]ical.Event{}}
	for _, e := range cal.Events() {
		uid, err := e.Props.Text(ical.PropUID)
		if err != nil || uid == "" {
			t.Fatalf("%s: an event without a UID (%v)", url, err)
		}
		c.uids = append(c.uids, uid)
		u, err := e.Props.URI(ical.PropURL)
		if err != nil {
			t.Fatalf("%s: URL: %v", url, err)
		}
		slug := u.Path[strings.LastIndexByte(u.Path, '/')+1:]
		if _, dup := c.bySlug[slug]; dup {
			t.Errorf("%s: %s is listed twice", url, slug)
		}
		c.bySlug[slug] = e
	}
	return c
}

func (c calendar) slugs() []string {
	var out []string
	for s := range c.bySlug {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func text(t *testing.T, e ical.Event, prop string) string {
	t.Helper()
	p := e.Props.Get(prop)
	if p == nil {
		return ""
	}
	s, err := p.Text()
	if err != nil {
		t.Fatalf("%s: %v", prop, err)
	}
	return s
}

func urlOf(e ical.Event) string {
	if p := e.Props.Get(ical.PropURL); p != nil {
		return p.Value
	}
	return ""
}

func date(t *testing.T, e ical.Event, prop string) string {
	t.Helper()
	p := e.Props.Get(prop)
	if p == nil {
		t.Fatalf("no %s", prop)
	}
	if p.Params.Get(ical.ParamValue) != "DATE" {
		t.Errorf("%s is not a date (VALUE=%q)", prop, p.Params.Get(ical.ParamValue))
	}
	d, err := p.DateTime(time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return d.Format("2006-01-02")
}

func sorted(s ...string) []string {
	slices.Sort(s)
	return s
}

func TestCalendarOfAllEvents(t *testing.T) {
	fx := newFixture(t)
	url := fx.srv.URL + "/feeds/events.ics"
	c := getCalendar(t, url)

	// Every published event, once; no draft.
	if got, want := c.slugs(), sorted(seminar, studyVisit, fx.multiDay, fx.coe, fx.year); !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	if strings.Contains(c.raw, "Draft workshop") || strings.Contains(c.raw, fx.draft) || strings.Contains(c.raw, fx.draftPerson) {
		t.Error("a draft event or a draft person is in the calendar")
	}
	if strings.Contains(c.raw, "Secret Directorate") {
		t.Error("a draft institution is named")
	}
	for _, p := range []string{"PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME"} {
		if c.cal.Props.Get(p) == nil {
			t.Errorf("the calendar has no %s", p)
		}
	}
	if v, _ := c.cal.Props.Text("VERSION"); v != "2.0" {
		t.Errorf("VERSION %q", v)
	}
	if m, _ := c.cal.Props.Text("METHOD"); m != "PUBLISH" {
		t.Errorf("METHOD %q", m)
	}

	// UIDs are unique and the same on the next request, from another
	// address of the site, and with another language; and the same
	// registry gives the same calendar.
	again := getCalendar(t, url)
	if !slices.Equal(c.uids, again.uids) || c.raw != again.raw {
		t.Error("a second request gives another calendar")
	}
	if len(slices.Compact(sorted(c.uids...))) != len(c.uids) {
		t.Errorf("UIDs repeat: %v", c.uids)
	}
	app, err := server.New(fx.srv.Store, server.Options{PublicURL: "https://elsewhere.example.org", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	other := httptest.NewServer(app.Handler)
	defer other.Close()
	elsewhere := getCalendar(t, other.URL+"/feeds/events.ics?lang=ru")
	for slug, e := range c.bySlug {
		if text(t, e, ical.PropUID) != text(t, elsewhere.bySlug[slug], ical.PropUID) {
			t.Errorf("%s: the UID depends on the site's address or the language", slug)
		}
		if !strings.HasPrefix(urlOf(elsewhere.bySlug[slug]), "https://elsewhere.example.org/ru/events/") {
			t.Errorf("%s: URL %q is not the public address of its page", slug, urlOf(elsewhere.bySlug[slug]))
		}
	}

	// A one-day event, and one of several days: all-day, the end the day
	// after the last.
	one := c.bySlug[seminar]
	if s, e := date(t, one, ical.PropDateTimeStart), date(t, one, ical.PropDateTimeEnd); s != "2011-10-28" || e != "2011-10-29" {
		t.Errorf("the seminar runs %s to %s, want 2011-10-28 to 2011-10-29 (exclusive)", s, e)
	}
	multi := c.bySlug[fx.multiDay]
	if s, e := date(t, multi, ical.PropDateTimeStart), date(t, multi, ical.PropDateTimeEnd); s != "2019-05-30" || e != "2019-06-03" {
		t.Errorf("the conference runs %s to %s, want 2019-05-30 to 2019-06-03 (exclusive)", s, e)
	}
	visit := c.bySlug[studyVisit]
	if s, e := date(t, visit, ical.PropDateTimeStart), date(t, visit, ical.PropDateTimeEnd); s != "2016-10-03" || e != "2016-10-08" {
		t.Errorf("the study visit runs %s to %s", s, e)
	}

	// Partial dates span their month or year, and the description says so.
	month := c.bySlug[fx.month]
	if s, e := date(t, month, ical.PropDateTimeStart), date(t, month, ical.PropDateTimeEnd); s != "2020-03-01" || e != "2020-04-01" {
		t.Errorf("an event of March 2020 runs %s to %s", s, e)
	}
	if d := text(t, month, ical.PropDescription); !strings.Contains(d, "The date is known only to the month: March 2020.") {
		t.Errorf("description of an event known to the month:\n%s", d)
	}
	year := c.bySlug[fx.year]
	if s, e := date(t, year, ical.PropDateTimeStart), date(t, year, ical.PropDateTimeEnd); s != "2010-01-01" || e != "2011-01-01" {
		t.Errorf("an event of 2010 runs %s to %s", s, e)
	}
	if d := text(t, year, ical.PropDescription); !strings.Contains(d, "The date is known only to the year: 2010.") ||
		!strings.Contains(d, "Part of the project: Support to the Enhancement") {
		t.Errorf("description of an event known to the year:\n%s", d)
	}
	if d := text(t, one, ical.PropDescription); strings.Contains(d, "known only") {
		t.Errorf("a full date is said to be partial:\n%s", d)
	}

	// Untitled events are named as the portal names them.
	if s := text(t, visit, ical.PropSummary); s != "Study visit to Greece" {
		t.Errorf("untitled study visit: SUMMARY %q", s)
	}
	if s := text(t, year, ical.PropSummary); s != "Expert mission in Azerbaijan" {
		t.Errorf("untitled mission: SUMMARY %q", s)
	}

	// Speakers with the title and institution they held then.
	desc := text(t, one, ical.PropDescription)
	for _, want := range []string{
		"Seminar · TAIEX",
		"Speakers:\nMr. Augustinas Normantas, Seimas Ombudsman, Seimas Ombudsmen's Office of the Republic of Lithuania (Lithuania)\n",
		"Mrs. Aleksandra Wentkowska, Field Plenipotentiary of Human Rights Defender, Office of the Human Rights Defender in Katowice (Poland)",
		fx.srv.URL + "/en/events/" + seminar,
	} {
		if !strings.Contains(desc, want) {
			t.Errorf("the seminar's description lacks %q:\n%s", want, desc)
		}
	}
	// Without a title of their own at the event, their first position;
	// a draft institution is not named.
	desc = text(t, multi, ical.PropDescription)
	for _, want := range []string{"Speaker:\nMs. Rūta Petrauskienė, Adviser, Seimas Ombudsmen's Office of the Republic of Lithuania (Lithuania)", "Expert:\nDr. Jonas Jonaitis, Expert on detention\n"} {
		if !strings.Contains(desc, want) {
			t.Errorf("the conference's description lacks %q:\n%s", want, desc)
		}
	}
	if cat := text(t, multi, ical.PropCategories); cat != "Conference" {
		t.Errorf("CATEGORIES %q", cat)
	}

	// Commas, semicolons, a line break and a backslash come back as
	// written.
	if s := text(t, multi, ical.PropSummary); s != awkwardTitle {
		t.Errorf("SUMMARY %q, want %q", s, awkwardTitle)
	}
	if l := text(t, multi, ical.PropLocation); l != "Vilnius, Lithuania" {
		t.Errorf("LOCATION %q", l)
	}
	if u := urlOf(multi); u != fx.srv.URL+"/en/events/"+fx.multiDay {
		t.Errorf("URL %q", u)
	}
	if resp, _ := fetch(t, urlOf(multi)); resp.StatusCode != 200 {
		t.Errorf("the event's URL answers %d", resp.StatusCode)
	}
	stamp := multi.Props.Get(ical.PropDateTimeStamp)
	if stamp == nil || !strings.HasSuffix(stamp.Value, "Z") {
		t.Errorf("DTSTAMP %v", stamp)
	}

	checkLines(t, c.raw)
}

// checkLines checks the content lines as written: CRLF after each, none
// longer than 75 octets, folding never splitting a character.
func checkLines(t *testing.T, raw string) {
	t.Helper()
	if !strings.HasSuffix(raw, "END:VCALENDAR\r\n") {
		t.Errorf("the calendar does not end with END:VCALENDAR and CRLF")
	}
	if strings.Count(raw, "\n") != strings.Count(raw, "\r\n") || strings.Count(raw, "\r") != strings.Count(raw, "\r\n") {
		t.Errorf("a line ends otherwise than with CRLF")
	}
	folded := 0
	for _, line := range strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("a line of %d octets: %q", len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("a fold splits a character: %q", line)
		}
		if strings.HasPrefix(line, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Errorf("no line is folded; the test expects long ones")
	}
}

func TestCalendarLanguages(t *testing.T) {
	fx := newFixture(t)
	for lang, want := range map[string]struct{ location, speaker, untitled, name string }{
		"ru": {"Вильнюс, Литва", "Г-н Аугустинас Нормантас, Омбудсмен Сейма", "Ознакомительный визит (Греция)", "мероприятия"},
		"az": {"Vilnüs, Litva", "Seym ombudsmanı", "", "tədbirlər"},
		"en": {"Vilnius, Lithuania", "Mr. Augustinas Normantas, Seimas Ombudsman", "Study visit to Greece", "events"},
	} {
		c := getCalendar(t, fx.srv.URL+"/feeds/events.ics?lang="+lang)
		if l := text(t, c.bySlug[fx.multiDay], ical.PropLocation); l != want.location {
			t.Errorf("%s: LOCATION %q, want %q", lang, l, want.location)
		}
		if d := text(t, c.bySlug[seminar], ical.PropDescription); !strings.Contains(d, want.speaker) {
			t.Errorf("%s: the speakers are not in the language:\n%s", lang, d)
		}
		if want.untitled != "" {
			if s := text(t, c.bySlug[studyVisit], ical.PropSummary); s != want.untitled {
				t.Errorf("%s: SUMMARY %q, want %q", lang, s, want.untitled)
			}
		}
		if u := urlOf(c.bySlug[seminar]); u != fx.srv.URL+"/"+lang+"/events/"+seminar {
			t.Errorf("%s: URL %q", lang, u)
		}
		if n, _ := c.cal.Props.Text("X-WR-CALNAME"); !strings.HasSuffix(n, want.name) {
			t.Errorf("%s: X-WR-CALNAME %q", lang, n)
		}
		// A title the language lacks falls back, and says in which
		// language it is.
		if lang == "az" {
			s := c.bySlug[fx.multiDay].Props.Get(ical.PropSummary)
			if got, _ := s.Text(); got != awkwardTitle || s.Params.Get("LANGUAGE") != "en" {
				t.Errorf("az: SUMMARY %q in %q, want the English title", got, s.Params.Get("LANGUAGE"))
			}
		}
		checkLines(t, c.raw)
	}
	if resp, body := fetch(t, fx.srv.URL+"/feeds/events.ics?lang=de"); resp.StatusCode != 400 {
		t.Errorf("lang=de: status %d: %s", resp.StatusCode, body)
	}
}

func TestCalendarsOfAProjectAndAPartner(t *testing.T) {
	fx := newFixture(t)
	base := fx.srv.URL + "/feeds/"
	for url, want := range map[string][]string{
		"projects/twinning-ombudsman-capacities/events.ics":                {studyVisit},
		"projects/twinning-light-ombudsman-administration-2011/events.ics": {fx.year},
		"partners/eu/events.ics":                                           {seminar, studyVisit, fx.multiDay, fx.year},
		"partners/coe/events.ics":                                          {fx.coe},
	} {
		c := getCalendar(t, base+url)
		if got := c.slugs(); !slices.Equal(got, sorted(want...)) {
			t.Errorf("%s holds %v, want %v", url, got, sorted(want...))
		}
	}
	c := getCalendar(t, base+"partners/eu/events.ics?lang=ru")
	if n, _ := c.cal.Props.Text("X-WR-CALNAME"); n != "Сотрудничество с Европейским союзом: мероприятия" {
		t.Errorf("X-WR-CALNAME %q", n)
	}
	for _, url := range []string{
		"projects/" + fx.draftProject + "/events.ics",
		"projects/no-such-project/events.ics",
		"partners/" + fx.draftPartnership + "/events.ics",
		"partners/no-such-partner/events.ics",
	} {
		if resp, _ := fetch(t, base+url); resp.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", url, resp.StatusCode)
		}
	}
}

// The calendar is written a page at a time: more events than a page hold
// are all there, once, in date order.
func TestCalendarPagesThroughEvents(t *testing.T) {
	st := storetest.Open(t)
	const n = 450
	err := st.Transact(ctx, func(tx *store.Tx) error {
		for i := range n {
			e := &registry.Event{Meta: registry.Meta{Status: registry.Published}, Kind: registry.Meeting,
				Title: registry.T("en", "Meeting"), Start: registry.NewDate(2000+i%20, 1+i%12, 1+i%28)}
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
	c := getCalendar(t, srv.URL+"/feeds/events.ics")
	if len(c.bySlug) != n || len(c.uids) != n {
		t.Fatalf("%d events, %d UIDs, want %d", len(c.bySlug), len(c.uids), n)
	}
	var last time.Time
	for _, e := range c.cal.Events() {
		start, _ := e.DateTimeStart(time.UTC)
		if start.Before(last) {
			t.Fatalf("out of date order at %v", start)
		}
		last = start
	}
}

// A calendar holds the newest thousand events, in date order; the rest
// are in the API and the export.
func TestCalendarHoldsTheNewestThousand(t *testing.T) {
	st := storetest.Open(t)
	const n = 1030
	err := st.Transact(ctx, func(tx *store.Tx) error {
		for i := range n {
			e := &registry.Event{Meta: registry.Meta{Status: registry.Published}, Kind: registry.Meeting,
				Title: registry.T("en", "Meeting"), Start: registry.NewDate(2000+i/100, 1+i%12, 1+i%28)}
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
	c := getCalendar(t, srv.URL+"/feeds/events.ics")
	if len(c.uids) != 1000 {
		t.Fatalf("%d events, want the newest 1000", len(c.uids))
	}
	var first time.Time
	for i, e := range c.cal.Events() {
		start, _ := e.DateTimeStart(time.UTC)
		if i == 0 {
			first = start
		}
		if start.Before(first) {
			t.Fatalf("out of date order at %v", start)
		}
	}
	// The 30 left out are the oldest.
	var starts []string
	for i := range n {
		starts = append(starts, registry.NewDate(2000+i/100, 1+i%12, 1+i%28).String())
	}
	slices.Sort(starts)
	if got := first.Format("2006-01-02"); got != starts[30] {
		t.Errorf("the oldest event kept starts %s, want %s (the 31st oldest)", got, starts[30])
	}
	again := getCalendar(t, srv.URL+"/feeds/events.ics")
	if len(again.uids) != 1000 {
		t.Errorf("kept calendar: %d events", len(again.uids))
	}
}

// The validators answer 304 until the registry changes.
func TestCalendarValidators(t *testing.T) {
	fx := newFixture(t)
	url := fx.srv.URL + "/feeds/events.ics"
	resp, _ := fetch(t, url)
	etag, modified := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if etag == "" || modified == "" || !strings.Contains(resp.Header.Get("Cache-Control"), "max-age") {
		t.Fatalf("headers %v", resp.Header)
	}
	if resp, body := fetch(t, url, "If-None-Match", etag); resp.StatusCode != 304 || body != "" {
		t.Errorf("If-None-Match: status %d", resp.StatusCode)
	}
	if resp, _ := fetch(t, url, "If-Modified-Since", modified); resp.StatusCode != 304 {
		t.Errorf("If-Modified-Since: status %d", resp.StatusCode)
	}
	err := fx.srv.Store.Transact(ctx, func(tx *store.Tx) error {
		e, err := tx.Event(ctx, 1)
		if err != nil {
			return err
		}
		e.Summary = registry.T("en", "Now with a summary.")
		_, err = tx.UpdateEvent(ctx, e)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := fetch(t, url, "If-None-Match", etag)
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == etag || !strings.Contains(body, "Now with a summary.") {
		t.Errorf("after a change: status %d, ETag %q (was %q)", resp.StatusCode, resp.Header.Get("ETag"), etag)
	}
}
