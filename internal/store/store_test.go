package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

var ctx = context.Background()

func mustWrite(t *testing.T, st *store.Store, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := st.Transact(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func TestSlugsAreUniqueAndStable(t *testing.T) {
	st := storetest.Open(t)
	var slugs []string
	mustWrite(t, st, func(tx *store.Tx) error {
		for range 3 {
			p := &registry.Person{GivenName: "Ana", FamilyName: "Kovač"}
			if _, err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
			slugs = append(slugs, p.Slug)
		}
		return nil
	})
	if !slices.Equal(slugs, []string{"ana-kovac", "ana-kovac-2", "ana-kovac-3"}) {
		t.Fatalf("slugs = %v", slugs)
	}
	// Renaming keeps the slug (and so the public address).
	mustWrite(t, st, func(tx *store.Tx) error {
		p, err := tx.Person(ctx, 1)
		if err != nil {
			return err
		}
		p.Slug, p.FamilyName = "", "Horvat"
		_, err = tx.UpdatePerson(ctx, p)
		return err
	})
	p, _ := st.Person(ctx, 1)
	if p.Slug != "ana-kovac" || p.FamilyName != "Horvat" {
		t.Fatalf("after rename: %+v", p)
	}
	// A slug names one record only.
	err := st.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.CreatePerson(ctx, &registry.Person{FamilyName: "X", Meta: registry.Meta{Slug: "ana-kovac-2"}})
		return err
	})
	var ve *registry.ValidationError
	if !errors.As(err, &ve) || ve.Errors[0].Field != "slug" {
		t.Fatalf("taken slug: %v", err)
	}
}

func TestIDsAreKeptAndNeverReused(t *testing.T) {
	st := storetest.Open(t)
	mustWrite(t, st, func(tx *store.Tx) error {
		if _, err := tx.CreateInstitution(ctx, &registry.Institution{Meta: registry.Meta{ID: 40}, Name: registry.T("en", "Forty"), Kind: registry.NGO}); err != nil {
			return err
		}
		in := &registry.Institution{Name: registry.T("en", "Next"), Kind: registry.NGO}
		if _, err := tx.CreateInstitution(ctx, in); err != nil {
			return err
		}
		if in.ID != 41 {
			t.Errorf("id after an explicit 40 = %d, want 41", in.ID)
		}
		return tx.DeleteInstitution(ctx, 41)
	})
	mustWrite(t, st, func(tx *store.Tx) error {
		in := &registry.Institution{Name: registry.T("en", "After delete"), Kind: registry.NGO}
		_, err := tx.CreateInstitution(ctx, in)
		if in.ID != 42 {
			t.Errorf("a deleted id was reused: got %d, want 42", in.ID)
		}
		return err
	})
	err := st.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateInstitution(ctx, &registry.Institution{Meta: registry.Meta{ID: 40}, Name: registry.T("en", "Again"), Kind: registry.NGO})
		return err
	})
	var ce *registry.ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("creating an existing id: %v, want a conflict", err)
	}
}

func TestFailedTransactionLeavesNothing(t *testing.T) {
	st := storetest.Open(t)
	boom := errors.New("boom")
	err := st.Transact(ctx, func(tx *store.Tx) error {
		if _, err := tx.CreateInstitution(ctx, &registry.Institution{Name: registry.T("en", "A"), Kind: registry.NGO}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if empty, _ := st.Empty(ctx); !empty {
		t.Fatal("a rolled-back transaction left a record")
	}
	err = st.DryRun(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateInstitution(ctx, &registry.Institution{Name: registry.T("en", "A"), Kind: registry.NGO})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if empty, _ := st.Empty(ctx); !empty {
		t.Fatal("a dry run wrote a record")
	}
}

// A year filter keeps records whose partial-date range overlaps the year.
func TestYearFilterOnPartialDates(t *testing.T) {
	st := storetest.Open(t)
	ranges := [][2]string{{"2010", "2012"}, {"2011-10-28", ""}, {"2011-12", "2012-02"}, {"2012", ""}, {"2009-05-01", "2010-12-31"}, {"", ""}}
	mustWrite(t, st, func(tx *store.Tx) error {
		for i, rg := range ranges {
			s, _ := registry.ParseDate(rg[0])
			e, _ := registry.ParseDate(rg[1])
			p := &registry.Project{Instrument: registry.Twinning, Title: registry.T("en", "P"+string(rune('a'+i))), Start: s, End: e}
			if _, err := tx.CreateProject(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	want := map[int][]int64{2009: {5}, 2010: {1, 5}, 2011: {1, 2, 3}, 2012: {1, 3, 4}, 2013: nil}
	for year, ids := range want {
		page, err := st.Projects(ctx, store.Filter{Year: year, ByID: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, p := range page.Items {
			got = append(got, p.ID)
		}
		if !slices.Equal(got, ids) {
			t.Errorf("year %d: %v, want %v", year, got, ids)
		}
	}
}

// Components are kept in place when a project is edited, so that events
// recorded under them stay attached.
func TestComponentsSurviveEdits(t *testing.T) {
	st := storetest.Demo(t)
	mustWrite(t, st, func(tx *store.Tx) error {
		p, err := tx.Project(ctx, 2)
		if err != nil {
			return err
		}
		p.Components[0].Title = registry.T("en", "National preventive mechanism")
		p.Components[0].Results = []registry.Result{{Title: registry.T("en", "Methodology adopted")}}
		p.Components = append(p.Components, registry.Component{Number: 4, Title: registry.T("en", "Awareness")}) // the demo has 1-3
		_, err = tx.UpdateProject(ctx, p)
		return err
	})
	p, _ := st.Project(ctx, 2)
	if len(p.Components) != 4 || p.Components[0].Title.String() != "National preventive mechanism" || len(p.Components[0].Results) != 1 {
		t.Fatalf("components = %+v", p.Components)
	}
	e, _ := st.Event(ctx, 2)
	if e.ProjectID != 2 || e.Component != 1 {
		t.Fatalf("the study visit lost its component: %+v", e)
	}
}

func TestInstitutionTree(t *testing.T) {
	st := storetest.Demo(t)
	tree, err := st.InstitutionTree(ctx, 2)
	if err != nil || !slices.Equal(tree, []int64{2, 3}) {
		t.Fatalf("EU tree = %v, %v", tree, err)
	}
	tree, _ = st.InstitutionTree(ctx, 7)
	if !slices.Equal(tree, []int64{7, 8}) {
		t.Fatalf("Polish tree = %v", tree)
	}
}

func TestReopenKeepsDataAndSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, st, func(tx *store.Tx) error {
		_, err := tx.CreateInstitution(ctx, &registry.Institution{Name: registry.T("en", "Kept"), Kind: registry.NGO})
		return err
	})
	v1, _ := st.SchemaVersion(ctx)
	st.Close()
	st, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	v2, _ := st.SchemaVersion(ctx)
	in, err := st.Institution(ctx, 1)
	if err != nil || in.Name.String() != "Kept" || v1 != v2 || v1 < 1 {
		t.Fatalf("after reopen: %+v %v, versions %d %d", in, err, v1, v2)
	}
}

func TestOpenRefusesOtherDatabases(t *testing.T) {
	if _, err := store.Open(ctx, "mysql://x", store.Options{}); err == nil {
		t.Fatal("opened a mysql URL")
	}
	if _, err := store.Open(ctx, "", store.Options{}); err == nil {
		t.Fatal("opened an empty path")
	}
}
