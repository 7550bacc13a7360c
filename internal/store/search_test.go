package store_test

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/generate"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/search"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func hits(t *testing.T, st *store.Store, q store.SearchQuery) []string {
	t.Helper()
	res, err := st.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, fmt.Sprintf("%s %d", h.RecordType, h.RecordID))
	}
	return out
}

func TestSearchDemo(t *testing.T) {
	st := storetest.Demo(t)
	cases := []struct {
		query string
		typ   string
		want  []string // each must be among the hits
		first string   // the best hit, when it matters
	}{
		{"Normantas", "", []string{"person 1", "event 1"}, "person 1"},
		{"norm", "", []string{"person 1"}, ""},
		{"AZ09/ENP-PCA/JH/09", "", []string{"project 1"}, "project 1"},
		{"az09", "", []string{"project 1"}, ""},
		{"national preventive mechanism", "", []string{"project 2"}, ""},
		{"Greece", "event", []string{"event 2"}, "event 2"},
		{"Греция", "", []string{"event 2", "project 2"}, ""},
		{"Yunanıstan", "", []string{"event 2"}, ""},
		{"2016 study visit", "", []string{"event 2"}, ""},
		{"Katowice", "", []string{"institution 8", "person 5"}, ""},
		{"European Ombudsmen", "publication", []string{"publication 1"}, ""},
		{"Eastern Partnership", "", []string{"programme 3"}, "programme 3"},
	}
	for _, c := range cases {
		got := hits(t, st, store.SearchQuery{Words: search.Query(c.query), Type: c.typ})
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: %v lacks %s", c.query, got, w)
			}
		}
		if c.first != "" && (len(got) == 0 || got[0] != c.first) {
			t.Errorf("%q: best hit %v, want %s", c.query, got, c.first)
		}
	}
	if got := hits(t, st, store.SearchQuery{Words: search.Query("zzzqqq")}); len(got) != 0 {
		t.Errorf("nonsense found %v", got)
	}
	res, _ := st.Search(ctx, store.SearchQuery{Words: search.Query("ombudsman")})
	if res.Total < 5 || len(res.Facets["type"]) < 3 {
		t.Errorf("ombudsman: total %d, facets %v", res.Total, res.Facets)
	}
}

// Azerbaijani and Russian folding, both ways, through the index.
func TestSearchFolding(t *testing.T) {
	st := storetest.Open(t)
	mustWrite(t, st, func(tx *store.Tx) error {
		for _, in := range []*registry.Institution{
			{Meta: registry.Meta{Status: registry.Published}, Kind: registry.OmbudsmanOffice, Country: "AZ", Name: registry.T("az", "İnsan hüquqları üzrə müvəkkil")},
			{Meta: registry.Meta{Status: registry.Published}, Kind: registry.NGO, Name: registry.T("ru", "Восточное партнёрство")},
			{Meta: registry.Meta{Status: registry.Published}, Kind: registry.NGO, Name: registry.T("az", "Ombudsman aparatının", "en", "ISTANBUL office")},
			{Kind: registry.NGO, Name: registry.T("en", "A draft muvekkil")},
		} {
			if _, err := tx.CreateInstitution(ctx, in); err != nil {
				return err
			}
		}
		return nil
	})
	cases := map[string]string{
		"muvekkil":        "institution 1",
		"müvəkkil":        "institution 1",
		"huquqlari":       "institution 1",
		"HÜQUQLARI":       "institution 1",
		"insan":           "institution 1",
		"İNSAN":           "institution 1",
		"партнерство":     "institution 2",
		"ПАРТНЁРСТВО":     "institution 2",
		"восточное партн": "institution 2",
		"aparatinin":      "institution 3",
		"APARATININ":      "institution 3",
		"aparatının":      "institution 3",
		"ıstanbul":        "institution 3",
		"İstanbul":        "institution 3",
	}
	for q, want := range cases {
		got := hits(t, st, store.SearchQuery{Words: search.Query(q)})
		if len(got) != 1 || got[0] != want {
			t.Errorf("%q found %v, want [%s]", q, got, want)
		}
	}
}

func TestSearchFollowsEdits(t *testing.T) {
	st := storetest.Demo(t)
	// What the store remembers of the index's words is forgotten when a
	// write changes them.
	if got := hits(t, st, store.SearchQuery{Words: search.Query("normanta"), Type: "person"}); !slices.Equal(got, []string{"person 1"}) {
		t.Fatalf("normanta: %v", got)
	}
	mustWrite(t, st, func(tx *store.Tx) error {
		p, err := tx.Person(ctx, 1)
		if err != nil {
			return err
		}
		p.FamilyName = "Normantaitis"
		_, err = tx.UpdatePerson(ctx, p)
		return err
	})
	if got := hits(t, st, store.SearchQuery{Words: search.Query("normantaitis"), Type: "event"}); !slices.Contains(got, "event 1") {
		t.Errorf("the renamed speaker's event is not found by the new name: %v", got)
	}
	if got := hits(t, st, store.SearchQuery{Words: search.Query("normanta"), Type: "person"}); !slices.Equal(got, []string{"person 1"}) {
		t.Errorf("the renamed person is not found by the prefix of the new name: %v", got)
	}
	mustWrite(t, st, func(tx *store.Tx) error {
		e, err := tx.Event(ctx, 2)
		if err != nil {
			return err
		}
		e.Status = registry.Draft
		_, err = tx.UpdateEvent(ctx, e)
		return err
	})
	if got := hits(t, st, store.SearchQuery{Words: search.Query("Greece"), Type: "event"}); len(got) != 0 {
		t.Errorf("an unpublished event is still found: %v", got)
	}
	mustWrite(t, st, func(tx *store.Tx) error { return tx.DeletePublication(ctx, 1) })
	if got := hits(t, st, store.SearchQuery{Words: search.Query("European Ombudsmen"), Type: "publication"}); len(got) != 0 {
		t.Errorf("a deleted publication is still found: %v", got)
	}
	names, err := st.SuggestNames(ctx, search.Query("wentk"), 10)
	if err != nil || len(names) != 1 || names[0].RecordID != 5 {
		t.Errorf("suggest wentk: %v %v", names, err)
	}
}

// The seed's records are found among a large generated registry by name,
// title words, reference and year, in each portal language. Generated
// people share the seed's family names and generated events its topics,
// so a hit must be near the top, not merely somewhere.
func TestSearchRelevance(t *testing.T) {
	st := storetest.Demo(t)
	doc := generate.Document(generate.ForEvents(1500, 11))
	generate.Offset(doc, 100000)
	if _, err := exchange.Import(ctx, st, doc, false); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang, query string
		typ         string // a filter, when the reader chose one
		year        int
		want        string
		top         int // want must be among the first top hits
	}{
		// People, by their names as each language writes them.
		{"en", "Augustinas Normantas", "", 0, "person 1", 1},
		{"az", "Auqustinas Normantas", "", 0, "person 1", 1},
		{"ru", "Аугустинас Нормантас", "", 0, "person 1", 1},
		{"en", "Jean Pierre Fontaine", "", 0, "person 3", 1},
		{"az", "Jan-Pyer Fonten", "", 0, "person 3", 1},
		{"ru", "Жан-Пьер Фонтен", "", 0, "person 3", 1},
		{"en", "Aleksandra Wentkowska Katowice", "person", 0, "person 5", 1},
		{"ru", "Вентковской", "", 0, "person 5", 1},
		// Institutions.
		{"en", "Seimas Ombudsmen", "", 0, "institution 4", 1},
		{"az", "Seymi Ombudsmanlarının", "", 0, "institution 4", 1},
		{"ru", "Канцелярия омбудсменов Сейма", "", 0, "institution 4", 1},
		{"ru", "Уполномоченный по правам человека Польша", "", 0, "institution 7", 3},
		// Projects, by words of their titles and by reference.
		{"en", "awareness discrimination", "", 0, "project 1", 1},
		{"az", "ayrı-seçkilik məlumatlılıq", "", 0, "project 1", 1},
		{"az", "ayri seckilik melumatliliq", "", 0, "project 1", 1},
		{"ru", "осведомлённость дискриминация", "", 0, "project 1", 1},
		{"en", "AZ09/ENP-PCA/JH/09", "", 0, "project 1", 1},
		{"en", "az09 enp pca", "project", 0, "project 1", 3},
		{"en", "strengthening capacities commissioner", "project", 0, "project 2", 3},
		{"az", "Müvəkkilin potensialının gücləndirilməsi", "", 0, "project 2", 3},
		{"ru", "укрепление потенциала Уполномоченного", "project", 0, "project 2", 3},
		// Events, by title words, kind, place and year.
		{"en", "regional offices Azerbaijani ombudsman", "", 0, "event 1", 1},
		{"az", "regional ofislərinin gücləndirilməsi", "", 0, "event 1", 1},
		{"ru", "укрепление региональных офисов", "", 0, "event 1", 1},
		{"en", "2011 TAIEX seminar Augustinas Normantas", "", 0, "event 1", 1},
		{"az", "2011 seminar Auqustinas Normantas", "event", 0, "event 1", 1},
		{"ru", "семинар Аугустинас Нормантас", "", 2011, "event 1", 1},
		{"en", "study visit Greece", "event", 2016, "event 2", 3},
		{"az", "Yunanıstan təcrübə səfəri", "", 2016, "event 2", 3},
		{"ru", "ознакомительный визит Греция", "", 2016, "event 2", 3},
		{"ru", "визит в Грецию 2016", "", 0, "event 2", 3},
		// A publication, by its venue.
		{"ru", "Европейский омбудсмен статьи", "publication", 0, "publication 1", 10},
	}
	for _, c := range cases {
		got := hits(t, st, store.SearchQuery{Words: search.Query(c.query), Type: c.typ, Year: c.year, Limit: 20})
		if i := slices.Index(got, c.want); i < 0 || i >= c.top {
			t.Errorf("%s %q: %s is at %d of %v, want it among the first %d", c.lang, c.query, c.want, i, head(got, 5), c.top)
		}
	}
}

func head(s []string, n int) []string { return s[:min(n, len(s))] }

// Each facet value's count is what choosing it gives, with the other
// chosen filters kept; the total stops at MaxSearchHits and says there
// are more.
func TestSearchFacetsAndCap(t *testing.T) {
	st := storetest.Open(t)
	if _, err := exchange.Import(ctx, st, generate.Document(generate.ForEvents(1500, 3)), false); err != nil {
		t.Fatal(err)
	}
	find := func(q store.SearchQuery) *store.SearchResult {
		t.Helper()
		res, err := st.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	words := search.Query("ombudsman")
	all := find(store.SearchQuery{Words: words, Type: "event"})
	if all.Total != store.MaxSearchHits || !all.More {
		t.Errorf("1,500 events: total %d, more %v; want %d and more", all.Total, all.More, store.MaxSearchHits)
	}
	if deep := find(store.SearchQuery{Words: words, Type: "event", Offset: store.MaxSearchOffset - 10, Limit: 20}); len(deep.Hits) != 10 {
		t.Errorf("the last page holds %d hits, want 10", len(deep.Hits))
	}

	q := store.SearchQuery{Words: words, Type: "event", Kind: "study_visit"}
	byCountry := find(q).Facets["country"]
	if len(byCountry) < 3 {
		t.Fatalf("study visits in %d countries, want several: %v", len(byCountry), byCountry)
	}
	q.Country = byCountry[1].Value
	res := find(q)
	if res.Total != byCountry[1].Count {
		t.Errorf("choosing %s gives %d hits, the facet said %d", q.Country, res.Total, byCountry[1].Count)
	}
	// With a country chosen, its facet still offers the others, as many
	// as before.
	if !slices.Equal(res.Facets["country"], byCountry) {
		t.Errorf("with %s chosen the country facet is %v, want %v", q.Country, res.Facets["country"], byCountry)
	}
	// Each year offered gives what it says, with the country kept; and
	// with a year chosen too, each country offered gives what it says.
	years := res.Facets["year"]
	if len(years) < 2 {
		t.Fatalf("study visits to %s in %v, want several years", q.Country, years)
	}
	sum := 0
	for _, y := range years {
		sum += y.Count
		year, _ := strconv.Atoi(y.Value)
		withYear := q
		withYear.Year = year
		got := find(withYear)
		if got.Total != y.Count {
			t.Errorf("%s in %d: %d hits, the facet said %d", q.Country, year, got.Total, y.Count)
		}
		if !slices.Equal(got.Facets["year"], years) {
			t.Errorf("with %d chosen the year facet is %v, want %v", year, got.Facets["year"], years)
		}
		for _, c := range got.Facets["country"] {
			other := withYear
			other.Country = c.Value
			if n := find(other).Total; n != c.Count {
				t.Errorf("%s in %d: %d hits, the facet said %d", c.Value, year, n, c.Count)
			}
		}
	}
	if sum != res.Total {
		t.Errorf("the years of %s add up to %d, want %d", q.Country, sum, res.Total)
	}
}

// A search of more words than MaxSearchWords, however it was made, looks
// up only the first MaxSearchWords: hostile queries cost no more than
// that, and the words past it change nothing.
func TestSearchWordsAreBounded(t *testing.T) {
	st := storetest.Demo(t)
	words := slices.Repeat([]string{"normantas"}, store.MaxSearchWords)
	words = append(words, slices.Repeat([]string{"zzzznowhere"}, 490)...)
	got := hits(t, st, store.SearchQuery{Words: words, Limit: 1000, Offset: -5})
	if !slices.Contains(got, "person 1") || len(got) > 100 {
		t.Errorf("500 words: %v", got)
	}
	sugg, err := st.SuggestNames(ctx, words, 1<<30)
	if err != nil || len(sugg) == 0 || len(sugg) > 2*store.MaxLimit {
		t.Errorf("suggestions for 500 words: %d, %v", len(sugg), err)
	}
}

// A search in a snapshot older than a write must not leave what it
// counted for the searches after it: the word just written would stay
// unfound (a prefix is looked up as the index's words it begins, and
// the old snapshot knows none) for as long as counts are kept.
func TestSearchInOldSnapshotForgetsNothingWritten(t *testing.T) {
	st := storetest.Demo(t)
	err := st.View(ctx, func(r *store.Reader) error {
		if _, err := r.Search(ctx, store.SearchQuery{Words: search.Query("normanta")}); err != nil {
			return err // the snapshot has begun
		}
		mustWrite(t, st, func(tx *store.Tx) error {
			p, err := tx.Person(ctx, 1)
			if err != nil {
				return err
			}
			p.FamilyName = "Normantaitis"
			_, err = tx.UpdatePerson(ctx, p)
			return err
		})
		res, err := r.Search(ctx, store.SearchQuery{Words: search.Query("normantai")})
		if err == nil && len(res.Hits) != 0 {
			t.Errorf("the snapshot taken before the write finds its word: %v", res.Hits)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The event is found by its speaker's name in its text, not in its
	// names, which are also searched by prefix directly.
	if got := hits(t, st, store.SearchQuery{Words: search.Query("normantai"), Type: "event"}); !slices.Contains(got, "event 1") {
		t.Errorf("after a search in an older snapshot, the renamed speaker's event is not found by the prefix of the new name: %v", got)
	}
}
