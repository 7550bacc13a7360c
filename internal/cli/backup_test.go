package cli_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/pgtest"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// registryWithEverything fills the database at dsn with the demo
// records, accounts, an edit (history) and a document.
func registryWithEverything(t *testing.T, dsn string) {
	t.Helper()
	ctx := store.WithActor(context.Background(), store.Actor{Label: "test"})
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := demo.CreateAccounts(ctx, st, auth.HashPassword); err != nil {
		t.Fatal(err)
	}
	err = st.Transact(ctx, func(tx *store.Tx) error {
		e, err := tx.Event(ctx, 1)
		if err != nil {
			return err
		}
		e.Title["az"] = "Regional ofislər"
		if _, err := tx.UpdateEvent(ctx, e); err != nil {
			return err
		}
		return tx.AddDocument(ctx, &store.Document{OwnerType: "event", OwnerID: 1, Filename: "a.pdf", ContentType: "application/pdf", Size: 9, SHA256: "x", Status: registry.Published}, []byte("%PDF-1.4\x00\xff"))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// counts returns every table's rows, as text to compare.
func counts(t *testing.T, dsn string) string {
	t.Helper()
	st, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(c)
}

// liaison backup writes a file that liaison restore brings back into an
// empty database (PostgreSQL in the PostgreSQL run) equal to the original:
// the same export, the same rows in every table.
func TestBackupRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	source := filepath.Join(dir, "live.db")
	registryWithEverything(t, source)
	file := filepath.Join(dir, "backup.db")

	r := liaison(t, nil, "", "backup", "--db", source, "--to", file)
	if r.code != 0 || !strings.Contains(r.stdout, "integrity checked") || !strings.Contains(r.stdout, "1 documents") {
		t.Fatalf("backup: %+v", r)
	}
	if r := liaison(t, nil, "", "backup", "--db", source, "--to", file); r.code != 1 || !strings.Contains(r.stderr, "already exists; give --force") {
		t.Fatalf("backup over a file: %+v", r)
	}
	if r := liaison(t, map[string]string{"LIAISON_DB": source}, "", "backup", "--to", file, "--force"); r.code != 0 {
		t.Fatalf("backup --force: %+v", r)
	}

	target := storetest.DSN(t)
	r = liaison(t, nil, "", "restore", "--db", target, file)
	if r.code != 0 || !strings.Contains(r.stdout, "integrity check passed") || !strings.Contains(r.stdout, "1 documents") || !strings.Contains(r.stdout, "3 accounts") {
		t.Fatalf("restore: %+v", r)
	}
	a := liaison(t, nil, "", "export", "--db", source)
	b := liaison(t, nil, "", "export", "--db", target)
	if a.code != 0 || a.stdout != b.stdout {
		t.Fatalf("the restored registry's export differs from the original's (%d, %d)", a.code, b.code)
	}
	if got, want := counts(t, target), counts(t, source); got != want {
		t.Fatalf("restored rows %s\nwant %s", got, want)
	}
	r = liaison(t, nil, "", "restore", "--db", target, file)
	if r.code != 1 || !strings.Contains(r.stderr, "is not empty") || !strings.Contains(r.stderr, "nothing was written") {
		t.Fatalf("restore into a registry with records: %+v", r)
	}
}

func TestBackupMisuse(t *testing.T) {
	if storetest.Backend() != "sqlite" {
		t.Skip("SQLite only; it ran in the SQLite pass")
	}
	dir := t.TempDir()
	for _, args := range [][]string{
		{"backup"},
		{"backup", "--to", "a.db", "--to-dir", dir},
		{"backup", "--to", "a.db", "--keep", "3"},
		{"backup", "--to-dir", dir, "--force"},
		{"backup", "--to-dir", dir, "--every", "10s"},
		{"backup", "--to-dir", dir, "--keep", "-1"},
		{"backup", "a.db"},
		{"restore"},
		{"restore", "a.db", "b.db"},
	} {
		if r := liaison(t, nil, "", args...); r.code != 2 {
			t.Errorf("%q: exit %d, want 2: %s", args, r.code, r.stderr)
		}
	}
	r := liaison(t, nil, "", "backup", "--db", "postgres://liaison:secret@db.example/liaison", "--to", "nightly.dump")
	if r.code != 1 || !strings.Contains(r.stderr, "pg_dump --format=custom --file=nightly.dump --dbname=postgres://liaison@db.example/liaison") || strings.Contains(r.stderr, "secret") {
		t.Fatalf("backup of PostgreSQL: %+v", r)
	}
	if r := liaison(t, nil, "", "restore", "--db", filepath.Join(dir, "r.db"), filepath.Join(dir, "missing.db")); r.code != 1 {
		t.Fatalf("restore of a missing file: %+v", r)
	}
	source := filepath.Join(dir, "live.db")
	registryWithEverything(t, source)
	backups := filepath.Join(dir, "backups")
	os.Mkdir(backups, 0o700)
	r = liaison(t, nil, "", "backup", "--db", source, "--to-dir", backups, "--keep", "1")
	entries, _ := os.ReadDir(backups)
	if r.code != 0 || len(entries) != 1 || !strings.Contains(r.stderr, "backup written") {
		t.Fatalf("backup --to-dir: %+v, %v", r, entries)
	}
}

// The PostgreSQL path: pg_dump of a registry in the custom format,
// pg_restore into a new database, and the registry is the same, down to
// the next id handed out. The commands are those of docs/operations.md.
func TestPgDumpRestore(t *testing.T) {
	if storetest.Backend() != "postgres" {
		t.Skip("runs in the PostgreSQL pass")
	}
	tool := func(name string) string {
		path := filepath.Join(pgtest.Bin, name)
		if _, err := os.Stat(path); err == nil {
			return path
		}
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
		if os.Getenv(pgtest.EnvRequire) != "" {
			t.Fatalf("%s is required (%s is set) but is neither in %s nor on PATH", name, pgtest.EnvRequire, pgtest.Bin)
		}
		t.Skipf("no %s in %s or on PATH", name, pgtest.Bin)
		return ""
	}
	pgDump, pgRestore := tool("pg_dump"), tool("pg_restore")
	source := storetest.DSN(t)
	registryWithEverything(t, source)
	dump := filepath.Join(t.TempDir(), "liaison.dump")
	if out, err := exec.Command(pgDump, "--format=custom", "--file="+dump, "--dbname="+source).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	target := storetest.DSN(t)
	if out, err := exec.Command(pgRestore, "--exit-on-error", "--single-transaction", "--no-owner", "--dbname="+target, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	a := liaison(t, nil, "", "export", "--db", source)
	b := liaison(t, nil, "", "export", "--db", target)
	if a.code != 0 || b.code != 0 || a.stdout != b.stdout {
		t.Fatalf("the restored registry's export differs from the original's (%d, %d): %s", a.code, b.code, b.stderr)
	}
	if got, want := counts(t, target), counts(t, source); got != want {
		t.Fatalf("restored rows %s\nwant %s", got, want)
	}
	ctx := context.Background()
	var ids []int64 // of a new person in the original and in the copy
	for _, dsn := range []string{source, target} {
		st, err := store.Open(ctx, dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		err = st.Transact(ctx, func(tx *store.Tx) error {
			p := &registry.Person{FamilyName: "After"}
			_, err := tx.CreatePerson(ctx, p)
			ids = append(ids, p.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if dsn == source {
			continue
		}
		if docs, _ := st.Documents(ctx, "event", 1); len(docs) != 1 {
			t.Fatalf("documents: %v", docs)
		} else if data, _ := st.DocumentData(ctx, docs[0].ID); string(data) != "%PDF-1.4\x00\xff" {
			t.Fatalf("document bytes changed: %q", data)
		}
		if h, _ := st.History(ctx, "event", 1); len(h) != 2 {
			t.Fatalf("history of event 1 has %d entries, want 2", len(h))
		}
	}
	if ids[0] != ids[1] {
		t.Fatalf("a new person got id %d in the original and %d in the restored copy", ids[0], ids[1])
	}
}
