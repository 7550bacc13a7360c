package store_test

import (
	"fmt"
	"slices"
	"testing"

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
			{Meta: registry.Meta{Status: registry.Published}, Kind: registry.NGO, Name: registry.T("az", "Ombudsman aparatı", "en", "ISTANBUL office")},
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
		"aparati":         "institution 3",
		"APARATI":         "institution 3",
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
