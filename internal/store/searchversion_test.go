package store_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/search"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// staleRegistry writes published institutions, one named with a letter
// whose folding changed (Þ), and returns the registry's address with
// the store still open, and that institution's id.
func staleRegistry(t *testing.T) (string, *store.Store, int64) {
	t.Helper()
	dsn := storetest.DSN(t)
	st := reopen(t, dsn)
	var id int64
	mustWrite(t, st, func(tx *store.Tx) error {
		for i, name := range []string{"Þingvellir ombudsman office", "Reykjavik human rights centre", "Akureyri legal aid"} {
			in := &registry.Institution{Meta: registry.Meta{Status: registry.Published}, Kind: registry.NGO, Name: registry.T("en", name)}
			if fe, err := tx.CreateInstitution(ctx, in); err != nil || len(fe) > 0 {
				return fmt.Errorf("%s: %v %v", name, fe, err)
			}
			if i == 0 {
				id = in.ID
			}
		}
		return nil
	})
	return dsn, st, id
}

func reopen(t *testing.T, dsn string) *store.Store {
	t.Helper()
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatalf("open on %s: %v", storetest.Backend(), err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// leaveStale makes the index look as an older liaison left it: the
// institution's document holds "þingvellir", as the folding before
// SearchVersion 1 wrote it, which the reader's "Þingvellir" (folded
// "thingvellir" now) does not meet.
func leaveStale(t *testing.T, st *store.Store, id int64) {
	t.Helper()
	if err := st.StaleSearchNamesForTest(ctx, "institution", id, "þingvellir ombudsman office"); err != nil {
		t.Fatal(err)
	}
	if got := hits(t, st, store.SearchQuery{Words: search.Query("Þingvellir")}); len(got) != 0 {
		t.Fatalf("the stale document is found by the new folding: %v", got)
	}
}

func searchDocIDs(t *testing.T, st *store.Store) []int64 {
	t.Helper()
	ids, err := st.SearchDocIDsForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// A registry indexed by an older liaison (an older search format, or
// none recorded) is found by today's folding once opened again.
func TestSearchRebuiltForOlderFormat(t *testing.T) {
	for _, c := range []struct {
		name     string
		recorded int // the search format recorded; -1 none
	}{
		{"older format recorded", store.SearchVersion - 1},
		{"no format recorded", -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			dsn, st, id := staleRegistry(t)
			if err := st.SetSearchVersionForTest(ctx, c.recorded); err != nil {
				t.Fatal(err)
			}
			leaveStale(t, st, id)
			st.Close()

			st = reopen(t, dsn)
			want := []string{fmt.Sprint("institution ", id)}
			if got := hits(t, st, store.SearchQuery{Words: search.Query("Þingvellir")}); !slices.Equal(got, want) {
				t.Errorf("Þingvellir after reopening: %v, want %v", got, want)
			}
			if got := hits(t, st, store.SearchQuery{Words: search.Query("reykjavik")}); len(got) != 1 {
				t.Errorf("reykjavik after the rebuild: %v, want one institution", got)
			}
			if v, err := st.SearchVersionForTest(ctx); err != nil || v != store.SearchVersion {
				t.Errorf("search format after reopening: %d, %v; want %d", v, err, store.SearchVersion)
			}
		})
	}
}

// An index built with this liaison's format is not rebuilt at open.
func TestSearchNotRebuiltAtCurrentFormat(t *testing.T) {
	dsn, st, id := staleRegistry(t)
	if err := st.SetSearchVersionForTest(ctx, store.SearchVersion); err != nil {
		t.Fatal(err)
	}
	leaveStale(t, st, id)
	before := searchDocIDs(t, st)
	st.Close()

	st = reopen(t, dsn)
	// A rebuild writes every document anew, under new ids, and would
	// fold the stale words the new way.
	if after := searchDocIDs(t, st); !slices.Equal(after, before) {
		t.Errorf("search documents %v became %v: the index was rebuilt", before, after)
	}
	if got := hits(t, st, store.SearchQuery{Words: search.Query("Þingvellir")}); len(got) != 0 {
		t.Errorf("Þingvellir found %v: the index was rebuilt", got)
	}
}

// A new registry has its search format recorded at open, and stays
// empty to migrate-db and restore, which copy only into an empty one.
func TestSearchFormatOfEmptyRegistry(t *testing.T) {
	st := reopen(t, storetest.DSN(t))
	if v, err := st.SearchVersionForTest(ctx); err != nil || v != store.SearchVersion {
		t.Errorf("search format of a new registry: %d, %v; want %d", v, err, store.SearchVersion)
	}
	counts, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if c.Rows != 0 {
			t.Errorf("a new registry holds %d rows of %s", c.Rows, c.Table)
		}
	}
}

// Instances opening one registry together rebuild its index once.
func TestSearchRebuiltOnceByInstancesOpeningTogether(t *testing.T) {
	dsn, st, id := staleRegistry(t)
	// A rebuild first, so that the ids' sequence stands at the last
	// document: the next rebuild's documents follow it without a gap.
	if err := st.SetSearchVersionForTest(ctx, -1); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st = reopen(t, dsn)
	if err := st.SetSearchVersionForTest(ctx, store.SearchVersion-1); err != nil {
		t.Fatal(err)
	}
	leaveStale(t, st, id)
	before := searchDocIDs(t, st)
	st.Close()

	const instances = 4
	var wg sync.WaitGroup
	errs := make([]error, instances)
	for i := range instances {
		wg.Go(func() {
			s, err := store.Open(ctx, dsn, store.Options{})
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("open together on %s: %v", storetest.Backend(), err)
		}
	}
	st = reopen(t, dsn)
	after := searchDocIDs(t, st)
	last := before[len(before)-1]
	if len(after) != len(before) || after[0] != last+1 || after[len(after)-1] != last+int64(len(before)) {
		t.Errorf("search documents %v became %v; one rebuild makes %d to %d", before, after, last+1, last+int64(len(before)))
	}
	if got := hits(t, st, store.SearchQuery{Words: search.Query("Þingvellir")}); len(got) != 1 {
		t.Errorf("Þingvellir after the rebuild: %v", got)
	}
}
