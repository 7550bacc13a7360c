package cli_test

import (
	"context"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// A registry with history, accounts, a token and a document moves to
// another database (PostgreSQL in the PostgreSQL run): the export of the
// copy equals the export of the original, and so do the things an export
// does not hold.
func TestMigrateDB(t *testing.T) {
	ctx := context.Background()
	source := storetest.DSN(t)
	if storetest.Backend() == "postgres" {
		// From SQLite into PostgreSQL, the move an office makes.
		source = t.TempDir() + "/source.db"
	}
	st, err := store.Open(ctx, source, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := demo.CreateAccounts(ctx, st, auth.HashPassword); err != nil {
		t.Fatal(err)
	}
	err = st.Transact(store.WithActor(ctx, store.Actor{Label: "test"}), func(tx *store.Tx) error {
		e, err := tx.Event(ctx, 1)
		if err != nil {
			return err
		}
		e.Title["az"] = "Regional ofislər"
		if _, err := tx.UpdateEvent(ctx, e); err != nil {
			return err
		}
		if err := tx.CreateToken(ctx, &store.Token{Name: "sync", Scope: "read"}, "abc123"); err != nil {
			return err
		}
		return tx.AddDocument(ctx, &store.Document{OwnerType: "event", OwnerID: 1, Filename: "a.pdf", ContentType: "application/pdf", Size: 9, SHA256: "x", Status: registry.Published}, []byte("%PDF-1.4\x00\xff"))
	})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	target := storetest.DSN(t)
	if storetest.Backend() == "sqlite" {
		target = "sqlite:" + target
	}

	r := liaison(t, nil, "", "migrate-db", "--from", source, "--to", target)
	if r.code != 0 || !strings.Contains(r.stdout, "counts and content match") {
		t.Fatalf("migrate-db: %+v", r)
	}
	a := liaison(t, nil, "", "export", "--db", source)
	b := liaison(t, nil, "", "export", "--db", target)
	if a.code != 0 || b.code != 0 || a.stdout != b.stdout {
		t.Fatalf("the export of the copy differs from the original's (%d, %d)", a.code, b.code)
	}
	copied, err := store.Open(ctx, target, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	if u, err := copied.UserByEmail(ctx, "editor@example.org"); err != nil || !auth.CheckPassword(u.PasswordHash, "editor-demo-pass") {
		t.Errorf("accounts did not move: %v", err)
	}
	if h, _ := copied.History(ctx, "event", 1); len(h) != 2 {
		t.Errorf("history of event 1 has %d entries, want 2", len(h))
	}
	if docs, _ := copied.Documents(ctx, "event", 1); len(docs) != 1 {
		t.Errorf("documents: %v", docs)
	} else if data, _ := copied.DocumentData(ctx, docs[0].ID); string(data) != "%PDF-1.4\x00\xff" {
		t.Errorf("document bytes changed: %q", data)
	}
	// New records continue after the copied ids.
	err = copied.Transact(ctx, func(tx *store.Tx) error {
		p := &registry.Person{FamilyName: "After"}
		if _, err := tx.CreatePerson(ctx, p); err != nil {
			return err
		}
		if p.ID != 10 { // the demonstration registry has nine
			t.Errorf("a new person after the copy got id %d, want 10", p.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// A target that is not empty is refused unless told.
	r = liaison(t, nil, "", "migrate-db", "--from", source, "--to", target)
	if r.code != 1 || !strings.Contains(r.stderr, "not empty") || !strings.Contains(r.stderr, "--replace") {
		t.Fatalf("copy into a non-empty target: %+v", r)
	}
	if r := liaison(t, nil, "", "migrate-db", "--from", source, "--to", target, "--replace"); r.code != 0 {
		t.Fatalf("--replace: %+v", r)
	}
	if got := liaison(t, nil, "", "export", "--db", target); got.stdout != a.stdout {
		t.Fatal("after --replace the copy differs from the original")
	}
	if r := liaison(t, nil, "", "migrate-db", "--from", source); r.code != 2 {
		t.Fatalf("without --to: %+v", r)
	}

}
