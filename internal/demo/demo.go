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

// DemoIATIOrgRef is a placeholder reporting-organisation identifier, so
// that the demonstration's IATI export works; a real office puts its own
// from org-id.guide in the site settings.
const DemoIATIOrgRef = "AZ-DEMO-OMBUDSMAN"

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
	ctx = store.WithActor(ctx, store.Actor{Label: "demonstration data"})
	if _, err := exchange.Import(ctx, st, doc, false); err != nil {
		return false, fmt.Errorf("demo data: %w", err)
	}
	// The site is about the Azerbaijani Ombudsman's office (institution 1).
	err = st.Transact(ctx, func(tx *store.Tx) error {
		return tx.SaveSettings(ctx, store.Settings{HomeInstitutionID: 1, IATIOrgRef: DemoIATIOrgRef})
	})
	if err != nil {
		return false, fmt.Errorf("demo data: %w", err)
	}
	return true, nil
}

// Account is a demonstration account.
type Account struct {
	Email, Password, Role string
}

// Accounts are made with the demonstration registry, one per role. They
// are for trying Liaison only: anyone who has read the README knows them.
var Accounts = []Account{
	{"admin@example.org", "admin-demo-pass", "admin"},
	{"editor@example.org", "editor-demo-pass", "editor"},
	{"viewer@example.org", "viewer-demo-pass", "viewer"},
}

// CreateAccounts makes the demonstration accounts that do not exist yet.
func CreateAccounts(ctx context.Context, st *store.Store, hash func(string) (string, error)) error {
	ctx = store.WithActor(ctx, store.Actor{Label: "demonstration data"})
	for _, a := range Accounts {
		if _, err := st.UserByEmail(ctx, a.Email); err == nil {
			continue
		}
		h, err := hash(a.Password)
		if err != nil {
			return err
		}
		u := &store.User{Email: a.Email, Name: "Demo " + a.Role, Role: a.Role, PasswordHash: h}
		if err := st.Transact(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			return err
		}
	}
	return nil
}
