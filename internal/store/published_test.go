package store_test

import (
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func newest(t *testing.T, st *store.Store, limit int, types ...string) []store.PublishedRecord {
	t.Helper()
	list, err := st.NewestPublished(ctx, limit, types...)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func keys(list []store.PublishedRecord) string {
	var s []string
	for _, r := range list {
		s = append(s, r.Type+":"+r.Slug)
	}
	return strings.Join(s, " ")
}

// published_at is set by the write that first publishes a record, kept
// through edits, unpublishing and republishing, and drafts are never
// among the newest published records.
func TestNewestPublished(t *testing.T) {
	st := storetest.Open(t)
	in := &registry.Institution{Meta: registry.Meta{Slug: "office"}, Name: registry.T("en", "Office"), Kind: registry.NGO}
	mustWrite(t, st, func(tx *store.Tx) error { _, err := tx.CreateInstitution(ctx, in); return err })
	if got := newest(t, st, 10); len(got) != 0 {
		t.Fatalf("a draft is listed: %s", keys(got))
	}
	if s, _ := st.Stamps(ctx, "institution", []int64{in.ID}); !s[in.ID].Published.IsZero() || s[in.ID].Updated.IsZero() {
		t.Fatalf("stamps of a draft: %+v", s[in.ID])
	}

	before := time.Now().UTC().Add(-time.Second)
	in.Status = registry.Published
	mustWrite(t, st, func(tx *store.Tx) error { _, err := tx.UpdateInstitution(ctx, in); return err })
	got := newest(t, st, 10)
	if keys(got) != "institution:office" {
		t.Fatalf("after publishing: %s", keys(got))
	}
	first := got[0].Published
	if first.Before(before) || first.After(time.Now().Add(time.Second)) || got[0].Updated.IsZero() {
		t.Fatalf("published at %v, updated %v", first, got[0].Updated)
	}

	// Created published, a record is published at its creation; the
	// newest comes first, whatever its type.
	ev := &registry.Event{Meta: registry.Meta{Slug: "seminar", Status: registry.Published}, Kind: registry.Seminar, Start: registry.NewDate(2011, 10, 28)}
	draft := &registry.Event{Meta: registry.Meta{Slug: "draft-seminar"}, Kind: registry.Seminar, Start: registry.NewDate(2012, 1, 1)}
	mustWrite(t, st, func(tx *store.Tx) error {
		if _, err := tx.CreateEvent(ctx, ev); err != nil {
			return err
		}
		_, err := tx.CreateEvent(ctx, draft)
		return err
	})
	if got := newest(t, st, 10); keys(got) != "event:seminar institution:office" {
		t.Fatalf("newest: %s", keys(got))
	}
	if got := newest(t, st, 1); keys(got) != "event:seminar" {
		t.Fatalf("limit 1: %s", keys(got))
	}
	if got := newest(t, st, 10, "institution"); keys(got) != "institution:office" {
		t.Fatalf("institutions only: %s", keys(got))
	}

	// An edit keeps the time of the first publication; so does taking the
	// record back to draft (when it leaves the list) and publishing it
	// again.
	in.Acronym = "OF"
	mustWrite(t, st, func(tx *store.Tx) error { _, err := tx.UpdateInstitution(ctx, in); return err })
	in.Status = registry.Draft
	mustWrite(t, st, func(tx *store.Tx) error { _, err := tx.UpdateInstitution(ctx, in); return err })
	if got := newest(t, st, 10); keys(got) != "event:seminar" {
		t.Fatalf("after unpublishing: %s", keys(got))
	}
	in.Status = registry.Published
	mustWrite(t, st, func(tx *store.Tx) error { _, err := tx.UpdateInstitution(ctx, in); return err })
	got = newest(t, st, 10)
	if keys(got) != "event:seminar institution:office" || !got[1].Published.Equal(first) {
		t.Fatalf("after republishing: %s, published %v, first %v", keys(got), got[1].Published, first)
	}
	if !got[1].Updated.After(first.Add(-time.Second)) {
		t.Fatalf("updated %v", got[1].Updated)
	}

	// Publishing the draft puts it first.
	draft.Status = registry.Published
	mustWrite(t, st, func(tx *store.Tx) error { _, err := tx.UpdateEvent(ctx, draft); return err })
	if got := newest(t, st, 10); keys(got) != "event:draft-seminar event:seminar institution:office" {
		t.Fatalf("after publishing the draft: %s", keys(got))
	}
	stamps, err := st.Stamps(ctx, "event", []int64{ev.ID, draft.ID})
	if err != nil || !stamps[draft.ID].Published.After(stamps[ev.ID].Published) {
		t.Fatalf("stamps %+v: %v", stamps, err)
	}

	id, at, err := st.LastChange(ctx)
	if err != nil || id == 0 || at.IsZero() {
		t.Fatalf("last change %d at %v: %v", id, at, err)
	}
}

// A registry upgraded to migration 4 takes the time of their last change
// as the publication time of records published before it: the
// migration's own statements, run on records that look as they did
// before it (published_at empty).
func TestPublishedAtBackfilledOnUpgrade(t *testing.T) {
	dsn := storetest.DSN(t)
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, st, func(tx *store.Tx) error {
		for _, p := range []*registry.Person{
			{Meta: registry.Meta{Slug: "public", Status: registry.Published}, FamilyName: "Public"},
			{Meta: registry.Meta{Slug: "hidden"}, FamilyName: "Hidden"},
		} {
			if _, err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	st.Close()

	driver := "sqlite"
	if storetest.Backend() == "postgres" {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "UPDATE people SET published_at = ''"); err != nil {
		t.Fatal(err)
	}
	var updated string
	if err := db.QueryRowContext(ctx, "SELECT updated_at FROM people WHERE slug = 'public'").Scan(&updated); err != nil {
		t.Fatal(err)
	}
	migration, err := os.ReadFile("migrations/0004_published_at.sql")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(migration), "\n") {
		if strings.HasPrefix(line, "UPDATE ") {
			if _, err := db.ExecContext(ctx, strings.TrimSuffix(line, ";")); err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			n++
		}
	}
	if n != 7 {
		t.Fatalf("%d UPDATE statements in the migration, want one per record table", n)
	}

	st, err = store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got := newest(t, st, 10)
	want, _ := time.Parse(time.RFC3339, updated)
	if keys(got) != "person:public" || !got[0].Published.Equal(want) {
		t.Fatalf("after the upgrade: %s, published %v, want %v", keys(got), got, want)
	}
	if s, _ := st.Stamps(ctx, "person", []int64{2}); !s[2].Published.IsZero() {
		t.Fatalf("a draft was given a publication time: %+v", s[2])
	}
}

// The site id is made once and kept.
func TestSiteIDIsStable(t *testing.T) {
	st := storetest.Open(t)
	a, err := st.SiteID(ctx)
	if err != nil || len(a) != 36 {
		t.Fatalf("site id %q: %v", a, err)
	}
	b, err := st.SiteID(ctx)
	if err != nil || a != b {
		t.Fatalf("site id changed: %q, then %q (%v)", a, b, err)
	}
	// Saving the settings keeps it.
	mustWrite(t, st, func(tx *store.Tx) error {
		return tx.SaveSettings(ctx, store.Settings{SiteName: registry.T("en", "Site")})
	})
	if c, _ := st.SiteID(ctx); c != a {
		t.Fatalf("site id after saving settings: %q, was %q", c, a)
	}
	if other, _ := storetest.Open(t).SiteID(ctx); other == a {
		t.Fatalf("two registries share the site id %q", a)
	}
}
