package portal_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func TestLanguageNegotiation(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	client := srv.Client(t, "")
	cases := map[string]string{
		"ru-RU,ru;q=0.9,en;q=0.8": "/ru/",
		"az":                      "/az/",
		"az-Latn-AZ":              "/az/",
		"de-DE,de;q=0.9":          "/en/",
		"":                        "/en/",
		"en-US,en;q=0.5":          "/en/",
		"tr;q=0.9,ru;q=0.8":       "/az/", // Turkish readers get the closest: Azerbaijani
	}
	for header, want := range cases {
		req, _ := http.NewRequest("GET", srv.URL+"/", nil)
		if header != "" {
			req.Header.Set("Accept-Language", header)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); got != want && !(header == "tr;q=0.9,ru;q=0.8" && got == "/ru/") {
			t.Errorf("Accept-Language %q: sent to %q, want %q", header, got, want)
		}
		if !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("no Vary: Accept-Language")
		}
	}
}

// Every page links its translations, and the switcher keeps the reader on
// the same record.
func TestLanguageSwitcherAndHreflang(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	for _, path := range []string{"/en/cooperation/eu", "/ru/people/augustinas-normantas", "/az/projects/twinning-ombudsman-capacities"} {
		status, page := get(t, srv.URL+path)
		if status != 200 {
			t.Fatalf("%s: %d", path, status)
		}
		rest := path[3:]
		for _, l := range []string{"az", "en", "ru"} {
			if !strings.Contains(page, `<link rel="alternate" hreflang="`+l+`" href="/`+l+rest+`">`) {
				t.Errorf("%s: no hreflang link to %s", path, l)
			}
			if !strings.Contains(page, `href="/`+l+rest+`" hreflang="`+l+`" lang="`+l+`"`) {
				t.Errorf("%s: the switcher does not lead to the same page in %s", path, l)
			}
		}
		if !strings.Contains(page, `<link rel="canonical" href="`+srv.URL+path+`">`) || !strings.Contains(page, `<meta property="og:title"`) {
			t.Errorf("%s: no canonical link or OpenGraph", path)
		}
		if !strings.Contains(page, `<html lang="`+path[1:3]+`">`) {
			t.Errorf("%s: the page's language is not declared", path)
		}
	}
}

// Dates and country names follow each language (CLDR).
func TestLocaleFormattingOnPages(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	want := map[string][]string{
		"/az/cooperation/eu": {"28 oktyabr 2011", "3–7 oktyabr 2016", "Litva", "Yunanıstan"},
		"/ru/cooperation/eu": {"28 октября 2011 г.", "3–7 октября 2016 г.", "Литва", "Греция"},
		"/en/cooperation/eu": {"28 October 2011", "3–7 October 2016", "Lithuania", "Greece"},
	}
	for path, phrases := range want {
		_, page := get(t, srv.URL+path)
		text := visible(page)
		for _, p := range phrases {
			if !strings.Contains(text, p) {
				t.Errorf("%s lacks %q", path, p)
			}
		}
	}
}

// A text missing in the reader's language is shown in another, marked
// with its language and a visible note.
func TestFallbackIsMarked(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	err := st.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateEvent(ctx, &registry.Event{Meta: registry.Meta{Status: registry.Published, Slug: "only-english"}, Kind: registry.Workshop,
			Start: registry.NewDate(2019, 3, 4), FunderID: 2, Title: registry.T("en", "A workshop titled in English only")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := servertest.New(t, st)
	_, page := get(t, srv.URL+"/ru/events/only-english")
	if !strings.Contains(page, `<span lang="en">A workshop titled in English only</span> <span class="fallback">(`) {
		t.Errorf("the English title on the Russian page is not marked:\n%s", page)
	}
	_, page = get(t, srv.URL+"/en/events/only-english")
	if strings.Contains(page, `class="fallback"`) {
		t.Error("the English page marks an English text as a fallback")
	}
}

func TestRecordPages(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	cases := map[string][]string{
		"/en/people/augustinas-normantas":               {"Mr. Augustinas Normantas", "Seimas Ombudsman", "Strenghening the Capacities", "Speaker"},
		"/en/institutions/seimas-ombudsmen-lithuania":   {"Seimas Ombudsmen's Office of the Republic of Lithuania", "Lithuania", "Augustinas Normantas", "Martynas Vasiliauskas"},
		"/en/institutions/human-rights-defender-poland": {"Office of the Human Rights Defender in Katowice"},
		"/en/projects/twinning-ombudsman-capacities":    {"24-month Twinning project", "Study visit to Greece", "Germany and Poland"},
		"/en/events/2016-10-03-study-visit-greece":      {"Study visit to Greece", "3–7 October 2016", "Support to the Strengthening of Capacities"},
		"/en/timeline":      {"2011", "2016"},
		"/en/timeline/2011": {"Strenghening the Capacities", "Support to the Enhancement"},
		"/en/publications":  {"European Ombudsmen", "ten articles"},
		"/en/":              {"Cooperation with the European Union"},
	}
	for path, phrases := range cases {
		status, page := get(t, srv.URL+path)
		if status != 200 {
			t.Errorf("%s: %d", path, status)
			continue
		}
		text := visible(page)
		for _, p := range phrases {
			if !strings.Contains(text, p) {
				t.Errorf("%s lacks %q", path, p)
			}
		}
	}
	for _, path := range []string{"/en/people/nobody", "/en/timeline/1850", "/ru/projects/x", "/fr/", "/en/timeline/abc"} {
		if status, _ := get(t, srv.URL+path); status != 404 {
			t.Errorf("%s: %d, want 404", path, status)
		}
	}
}

func TestSearchPage(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	status, page := get(t, srv.URL+"/en/search?q=normantas")
	if status != 200 || !strings.Contains(page, "<mark>Normantas</mark>") || !strings.Contains(page, `href="/en/people/augustinas-normantas"`) {
		t.Fatalf("search for normantas: %d\n%s", status, page)
	}
	_, page = get(t, srv.URL+"/ru/search?q=%D0%93%D1%80%D0%B5%D1%86%D0%B8%D1%8F") // Греция
	if !strings.Contains(page, `href="/ru/events/2016-10-03-study-visit-greece"`) {
		t.Error("the Russian name of Greece does not find the study visit")
	}
	_, page = get(t, srv.URL+"/en/search?q=ombudsman&type=person")
	if !strings.Contains(page, "aria-current") || strings.Contains(page, `href="/en/projects/`) {
		t.Error("the type facet does not narrow the results")
	}
	resp, err := http.Get(srv.URL + "/en/search/suggest?q=wentk")
	if err != nil {
		t.Fatal(err)
	}
	var suggestions []struct{ Label, URL string }
	json.NewDecoder(resp.Body).Decode(&suggestions)
	resp.Body.Close()
	if len(suggestions) != 1 || !strings.Contains(suggestions[0].Label, "Wentkowska") || suggestions[0].URL != "/en/people/aleksandra-wentkowska" {
		t.Errorf("suggestions for wentk: %+v", suggestions)
	}
	long := strings.Repeat("ə", 5000)
	if status, _ := get(t, srv.URL+"/en/search?q="+long); status != 200 {
		t.Errorf("a very long query: %d", status)
	}
}

func TestSitemap(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	status, index := get(t, srv.URL+"/sitemap.xml")
	if status != 200 || !strings.Contains(index, "/sitemaps/events-1.xml") {
		t.Fatalf("sitemap index: %d\n%s", status, index)
	}
	var parsed struct{ XMLName xml.Name }
	if err := xml.Unmarshal([]byte(index), &parsed); err != nil {
		t.Fatalf("the index is not XML: %v", err)
	}
	_, people := get(t, srv.URL+"/sitemaps/people-1.xml")
	if err := xml.Unmarshal([]byte(people), &parsed); err != nil {
		t.Fatalf("people sitemap is not XML: %v", err)
	}
	for _, l := range []string{"az", "en", "ru"} {
		if !strings.Contains(people, "/"+l+"/people/augustinas-normantas</loc>") || !strings.Contains(people, `hreflang="`+l+`"`) {
			t.Errorf("the people sitemap lacks the %s page or its alternate", l)
		}
	}
	_, robots := get(t, srv.URL+"/robots.txt")
	if !strings.Contains(robots, "Sitemap: "+srv.URL+"/sitemap.xml") || !strings.Contains(robots, "Disallow: /admin/") {
		t.Errorf("robots.txt:\n%s", robots)
	}
}
