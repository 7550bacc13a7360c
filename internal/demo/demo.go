// Package demo holds the demonstration registry: every fact of the first
// user's public page ("Cooperation with the European Union", by the
// Commissioner for Human Rights (Ombudsman) of Azerbaijan) as records.
package demo

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/store"
)

//go:embed seed.json
var Seed []byte

// Load imports the demonstration registry into st when st holds no
// records yet, and reports whether it did.
func Load(ctx context.Context, st *store.Store) (bool, error) {
	empty, err := st.Empty(ctx)
	if err != nil || !empty {
		return false, err
	}
	doc, err := exchange.Decode(Seed)
	if err != nil {
		return false, fmt.Errorf("demo data: %w", err)
	}
	if _, err := exchange.Import(ctx, st, doc, false); err != nil {
		return false, fmt.Errorf("demo data: %w", err)
	}
	return true, nil
}
