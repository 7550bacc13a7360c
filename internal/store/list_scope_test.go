package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// A partner's scope of several institutions lists their events newest
// first across all of them, page after page, as one list would; a year
// finds the events that run into it from earlier years.
func TestListsOverAScopeAndYears(t *testing.T) {
	st := storetest.Open(t)
	type ev struct {
		funder     int64
		start, end registry.Date
		status     registry.Status
	}
	d := registry.NewDate
	var events []ev
	for i := range 30 {
		events = append(events, ev{funder: int64(1 + i%4), start: d(2005+i%7, 1+i%12, 1+i%3), status: registry.Published})
	}
	events = append(events,
		ev{funder: 2, start: d(2009, 11, 1), end: d(2011, 2, 1), status: registry.Published}, // runs into 2010 and 2011
		ev{funder: 3, start: d(2010, 5, 5), status: registry.Draft},
		ev{funder: 1, start: d(2008, 1, 1), end: d(2008, 12, 31), status: registry.Published},
	)
	ids := map[int64]ev{}
	mustWrite(t, st, func(tx *store.Tx) error {
		for i := range 4 {
			if _, err := tx.CreateInstitution(ctx, &registry.Institution{Name: registry.Text{"en": fmt.Sprintf("Funder %d", i+1)}, Kind: registry.OtherInstitution}); err != nil {
				return err
			}
		}
		for _, e := range events {
			rec := &registry.Event{Meta: registry.Meta{Status: e.status}, Kind: registry.Seminar, FunderID: e.funder, Start: e.start, End: e.end, Title: registry.Text{"en": "Seminar"}}
			if _, err := tx.CreateEvent(ctx, rec); err != nil {
				return err
			}
			ids[rec.ID] = e
		}
		return nil
	})
	list := func(f store.Filter) []int64 {
		t.Helper()
		var got []int64
		for {
			page, err := st.Events(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page.Items {
				got = append(got, e.ID)
			}
			if page.Next == nil {
				return got
			}
			f.After = *page.Next
		}
	}
	want := func(keep func(ev) bool, desc bool) []int64 {
		var out []int64
		for id, e := range ids {
			if keep(e) {
				out = append(out, id)
			}
		}
		slices.SortFunc(out, func(a, b int64) int {
			c := strings.Compare(ids[a].start.String(), ids[b].start.String())
			if c == 0 {
				c = int(a - b)
			}
			if desc {
				return -c
			}
			return c
		})
		return out
	}
	scope := []int64{1, 2, 3}
	inScope := func(e ev) bool { return e.status == registry.Published && slices.Contains(scope, e.funder) }
	got := list(store.Filter{Partner: scope, Status: registry.Published, Desc: true, Limit: 4})
	if w := want(inScope, true); !slices.Equal(got, w) {
		t.Errorf("scope, newest first, pages of 4:\n got %v\nwant %v", got, w)
	}
	got = list(store.Filter{Partner: scope, Status: registry.Published, Limit: 7})
	if w := want(inScope, false); !slices.Equal(got, w) {
		t.Errorf("scope, oldest first, pages of 7:\n got %v\nwant %v", got, w)
	}
	for _, year := range []int{2008, 2010, 2011} {
		overlaps := func(e ev) bool {
			end := e.end
			if end.IsZero() {
				end = e.start
			}
			return e.status == registry.Published && e.start.Year() <= year && end.Year() >= year
		}
		got = list(store.Filter{Year: year, Status: registry.Published, Limit: 3})
		if w := want(overlaps, false); !slices.Equal(got, w) || len(w) == 0 {
			t.Errorf("year %d:\n got %v\nwant %v", year, got, w)
		}
		got = list(store.Filter{Year: year, Partner: scope, Status: registry.Published, Desc: true, Limit: 2})
		if w := want(func(e ev) bool { return overlaps(e) && inScope(e) }, true); !slices.Equal(got, w) {
			t.Errorf("year %d in the scope:\n got %v\nwant %v", year, got, w)
		}
	}
}
