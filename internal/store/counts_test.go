package store_test

import (
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// Counts are kept between requests, but an instance sees at once what
// another instance on the same database wrote: a new event, a publication,
// a deletion.
func TestCountsFollowWritesOfOtherInstances(t *testing.T) {
	dsn := storetest.DSN(t)
	open := func() *store.Store {
		st, err := store.Open(ctx, dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	reader, writer := open(), open()
	published := store.Filter{Status: registry.Published}
	counts := func() (events int, uses []store.InstrumentUse, years []store.YearCount) {
		t.Helper()
		err := reader.View(ctx, func(rd *store.Reader) error {
			var err error
			if events, err = rd.CountEvents(ctx, published); err != nil {
				return err
			}
			if uses, err = rd.InstrumentsUsed(ctx, []int64{1}, registry.Published); err != nil {
				return err
			}
			years, err = rd.Years(ctx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	var ids []int64
	add := func(status registry.Status) {
		mustWrite(t, writer, func(tx *store.Tx) error {
			if len(ids) == 0 {
				if _, err := tx.CreateInstitution(ctx, &registry.Institution{Name: registry.Text{"en": "European Union"}, Kind: registry.EUInstitution}); err != nil {
					return err
				}
			}
			e := &registry.Event{Meta: registry.Meta{Status: status}, Kind: registry.Seminar, Instrument: registry.TAIEX, FunderID: 1,
				Start: registry.NewDate(2011, 10, 28), Title: registry.Text{"en": "Seminar"}}
			if _, err := tx.CreateEvent(ctx, e); err != nil {
				return err
			}
			ids = append(ids, e.ID)
			return nil
		})
	}
	add(registry.Published)
	n, uses, years := counts()
	if n != 1 || len(uses) != 1 || uses[0].Events != 1 || len(years) != 1 || years[0].Events != 1 {
		t.Fatalf("first: %d events, uses %+v, years %+v", n, uses, years)
	}
	add(registry.Published)
	add(registry.Draft) // not counted, but a change all the same
	if n, uses, years := counts(); n != 2 || uses[0].Events != 2 || years[0].Events != 2 {
		t.Fatalf("after two more: %d events, uses %+v, years %+v", n, uses, years)
	}
	mustWrite(t, writer, func(tx *store.Tx) error { return tx.DeleteEvent(ctx, ids[0]) })
	if n, uses, _ := counts(); n != 1 || uses[0].Events != 1 {
		t.Fatalf("after a deletion: %d events, uses %+v", n, uses)
	}
	mustWrite(t, writer, func(tx *store.Tx) error {
		e, err := tx.Event(ctx, ids[2])
		if err != nil {
			return err
		}
		e.Status = registry.Published
		_, err = tx.UpdateEvent(ctx, e)
		return err
	})
	if n, _, _ := counts(); n != 2 {
		t.Fatalf("after publishing the draft: %d events", n)
	}
}
