package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
)

// Both ways of asking for a country's events find the same events: the
// event's own country, or anyone taking part from an institution there.
func TestCountryFilterFormsAgree(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.Transact(ctx, func(tx *Tx) error {
		for _, cc := range []string{"AZ", "MT", "LT"} {
			if _, err := tx.CreateInstitution(ctx, &registry.Institution{Name: registry.Text{"en": "Office " + cc}, Kind: registry.OmbudsmanOffice, Country: cc}); err != nil {
				return err
			}
		}
		p := &registry.Person{FamilyName: "Borg"}
		if _, err := tx.CreatePerson(ctx, p); err != nil {
			return err
		}
		for i := range 12 {
			e := &registry.Event{Meta: registry.Meta{Status: registry.Published}, Kind: registry.Seminar, Start: registry.NewDate(2010+i%3, 1+i, 1)}
			switch i % 4 {
			case 0:
				e.Country = "MT"
			case 1:
				e.Participants = []registry.Participant{{PersonID: p.ID, Role: registry.RoleSpeaker, InstitutionID: 2}} // Malta's office
			case 2:
				e.Participants = []registry.Participant{{PersonID: p.ID, Role: registry.RoleSpeaker, InstitutionID: 3}}
			}
			if _, err := tx.CreateEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Filter{{Country: "MT"}, {Country: "MT", Year: 2011}, {Country: "LT", Desc: true}, {Country: "AZ"}} {
		var got [2][]int64
		for i, common := range []bool{false, true} {
			g := f
			g.commonCountry = common
			w := eventWhere(g)
			order := w.keyset(g, "start_date", "id")
			ids, err := st.queryIDs(ctx, "SELECT id FROM (SELECT start_date, id FROM events"+w.String()+order+") AS e", w.args...)
			if err != nil {
				t.Fatal(err)
			}
			got[i] = ids
		}
		if !slices.Equal(got[0], got[1]) {
			t.Errorf("%+v: gathered first %v, asked per event %v", f, got[0], got[1])
		}
		if f.Country == "MT" && f.Year == 0 && len(got[0]) != 6 {
			t.Errorf("Malta's events: %v, want 6 (3 held there, 3 with its office)", got[0])
		}
	}
}
