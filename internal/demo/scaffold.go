package demo

import (
	"context"
	"fmt"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// LoadScaffolding imports what a registry sets up once before it records
// its cooperation with the European Union, and none of the facts of the
// seed page: the office itself (the site's home institution), the
// partner's own structure (the European Union and its European
// Ombudsman, which runs the journal the page names), the programmes that
// frame the cooperation, and the "eu" partnership whose public page is
// the cooperation page. The seed page's events, people, their
// institutions, projects and publications are left out, for a test to
// create them from the page's text (the review of extracted records) and
// compare the result with the demonstration registry.
func LoadScaffolding(ctx context.Context, st *store.Store) error {
	full, err := exchange.Decode(Seed)
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	doc := &exchange.Document{Format: full.Format, Version: full.Version, Programmes: full.Programmes, Partnerships: full.Partnerships}
	for _, in := range full.Institutions {
		if in.ID == 1 || in.Kind == registry.EUInstitution {
			doc.Institutions = append(doc.Institutions, in)
		}
	}
	ctx = store.WithActor(ctx, store.Actor{Label: "demonstration data"})
	if _, err := exchange.Import(ctx, st, doc, false); err != nil {
		return fmt.Errorf("demo scaffolding: %w", err)
	}
	return st.Transact(ctx, func(tx *store.Tx) error {
		return tx.SaveSettings(ctx, store.Settings{HomeInstitutionID: 1, IATIOrgRef: DemoIATIOrgRef})
	})
}
