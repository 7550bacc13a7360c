package backup_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/liaison-registry/liaison/internal/backup"
	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// TestMain runs the tests on SQLite, then on PostgreSQL, where backups
// (always SQLite files) are restored into PostgreSQL databases.
func TestMain(m *testing.M) { storetest.Main(m) }

var ctx = store.WithActor(context.Background(), store.Actor{Label: "backup test"})

// sqliteOnly skips tests that involve no restore target in the
// PostgreSQL pass, where they would only repeat themselves.
func sqliteOnly(t *testing.T) {
	t.Helper()
	if storetest.Backend() != "sqlite" {
		t.Skip("no PostgreSQL in this test; it ran in the SQLite pass")
	}
}

// demoFile is a SQLite registry holding the demonstration records.
func demoFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "source.db")
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := demo.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	return path
}

// written is one writer's transaction, acknowledged: a person and the
// event they spoke at, written together.
type written struct {
	event, person int64
	document      []byte // attached to the event, or nil
}

// A backup taken while writers commit is the registry as of one commit:
// restored into an empty database (PostgreSQL in the PostgreSQL pass),
// it passes the integrity check, has the backup's own counts, holds every
// write acknowledged before the backup began, and of each writer's writes
// a prefix in the order they were made, each whole (the person, the event
// with both its participants, its document and its history entry) or
// absent altogether.
func TestBackupWhileWriting(t *testing.T) {
	source := filepath.Join(t.TempDir(), "live.db")
	st, err := store.Open(ctx, source, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var host registry.Person
	err = st.Transact(ctx, func(tx *store.Tx) error {
		// Some bulk, so that the snapshot takes a while to read.
		for i := range 1500 {
			p := &registry.Person{FamilyName: fmt.Sprintf("Bulk %d", i), GivenName: strings.Repeat("x", 200)}
			if _, err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
		}
		host = registry.Person{FamilyName: "Host"}
		_, err := tx.CreatePerson(ctx, &host)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	const writers = 4
	var (
		mu    sync.Mutex
		moved = sync.NewCond(&mu)
		acked [writers][]written
		// begun counts the writes begun: one that is in the backup
		// began before the backup ended, though it may be acknowledged
		// only after.
		begun [writers]int
		stop  bool
		fails []error
	)
	waitUntil := func(cond func() bool) {
		mu.Lock()
		defer mu.Unlock()
		for !cond() && len(fails) == 0 {
			moved.Wait()
		}
	}
	each := func(n func(w int) int) bool {
		for w := range writers {
			if len(acked[w]) < n(w) {
				return false
			}
		}
		return true
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := 0; i < 5000; i++ {
				mu.Lock()
				done := stop
				begun[w]++
				mu.Unlock()
				if done {
					return
				}
				var rec written
				if i%5 == 0 {
					rec.document = fmt.Appendf(nil, "%%PDF-1.4 writer %d, write %d\x00\xff", w, i)
				}
				err := st.Transact(ctx, func(tx *store.Tx) error {
					p := &registry.Person{FamilyName: fmt.Sprintf("W%d-%d", w, i)}
					if _, err := tx.CreatePerson(ctx, p); err != nil {
						return err
					}
					e := &registry.Event{Kind: registry.Meeting, Title: registry.T("en", fmt.Sprintf("Meeting w%d-%d", w, i)),
						Start: registry.NewDate(2020, 1+i%12, 1+i%28),
						Participants: []registry.Participant{
							{PersonID: host.ID, Role: registry.RoleChair},
							{PersonID: p.ID, Role: registry.RoleSpeaker},
						}}
					if fe, err := tx.CreateEvent(ctx, e); err != nil || len(fe) > 0 {
						return errors.Join(err, fmt.Errorf("%v", fe))
					}
					rec.event, rec.person = e.ID, p.ID
					if rec.document == nil {
						return nil
					}
					return tx.AddDocument(ctx, &store.Document{OwnerType: "event", OwnerID: e.ID, Filename: "minutes.pdf",
						ContentType: "application/pdf", Size: int64(len(rec.document)), SHA256: "-"}, rec.document)
				})
				mu.Lock()
				if err != nil {
					fails = append(fails, err)
					stop = true
				} else {
					acked[w] = append(acked[w], rec)
				}
				moved.Broadcast()
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}

	// Back up once every writer has written; the writers go on.
	waitUntil(func() bool { return each(func(int) int { return 10 }) })
	var before, after [writers]int
	mu.Lock()
	for w := range writers {
		before[w] = len(acked[w])
	}
	mu.Unlock()
	file := filepath.Join(t.TempDir(), "backup.db")
	taken, err := backup.Take(ctx, source, file, false)
	if err != nil {
		t.Fatalf("backup while writing: %v", err)
	}
	mu.Lock()
	for w := range writers {
		after[w] = begun[w]
	}
	mu.Unlock()
	// And stop once every writer has written after the backup.
	waitUntil(func() bool { return each(func(w int) int { return after[w] + 5 }) })
	mu.Lock()
	stop = true
	mu.Unlock()
	wg.Wait()
	if len(fails) > 0 {
		t.Fatalf("a writer failed: %v", fails[0])
	}
	during := 0
	for w := range writers {
		during += after[w] - before[w]
	}
	t.Logf("%d writes begun while the backup ran; backup: %d bytes, %d events", during, taken.Bytes, taken.Rows("events"))

	target := storetest.DSN(t)
	restored, err := backup.Restore(ctx, file, target)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	for _, c := range taken.Counts {
		if n := restored.Rows(c.Table); n != c.Rows {
			t.Errorf("%s: %d rows restored, the backup has %d", c.Table, n, c.Rows)
		}
	}
	back, err := store.Open(ctx, target, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if err := back.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	events := 0
	for w := range writers {
		kept := 0 // this writer's writes in the backup: a prefix
		for i, rec := range acked[w] {
			e, err := back.Event(ctx, rec.event)
			if errors.Is(err, registry.ErrNotFound) {
				if _, err := back.Person(ctx, rec.person); !errors.Is(err, registry.ErrNotFound) {
					t.Errorf("writer %d, write %d: the person is there without their event (%v)", w, i, err)
				}
				if h, _ := back.History(ctx, "event", rec.event); len(h) > 0 {
					t.Errorf("writer %d, write %d: history of an event that is not there", w, i)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if kept != i {
				t.Errorf("writer %d: write %d is in the backup but write %d is not", w, i, kept)
			}
			kept++
			if len(e.Participants) != 2 || e.Participants[1].PersonID != rec.person {
				t.Errorf("writer %d, write %d: participants %+v", w, i, e.Participants)
			}
			if _, err := back.Person(ctx, rec.person); err != nil {
				t.Errorf("writer %d, write %d: the event is there without its person (%v)", w, i, err)
			}
			if h, err := back.History(ctx, "event", rec.event); err != nil || len(h) != 1 {
				t.Errorf("writer %d, write %d: %d history entries of the event, want 1 (%v)", w, i, len(h), err)
			}
			docs, err := back.Documents(ctx, "event", rec.event)
			switch {
			case err != nil:
				t.Fatal(err)
			case rec.document == nil && len(docs) != 0, rec.document != nil && len(docs) != 1:
				t.Errorf("writer %d, write %d: %d documents", w, i, len(docs))
			case rec.document != nil:
				if data, err := back.DocumentData(ctx, docs[0].ID); err != nil || string(data) != string(rec.document) {
					t.Errorf("writer %d, write %d: document bytes %q (%v)", w, i, data, err)
				}
			}
		}
		if kept < before[w] {
			t.Errorf("writer %d: %d writes acknowledged before the backup began, %d in it", w, before[w], kept)
		}
		if kept > after[w] {
			t.Errorf("writer %d: %d writes in the backup, only %d begun when it ended", w, kept, after[w])
		}
		events += kept
	}
	if n := restored.Rows("events"); n != events {
		t.Errorf("%d events restored, %d of them accounted for by the writers", n, events)
	}
}

// The target must be empty; one that is not is left as it was.
func TestRestoreRefusesTargetNotEmpty(t *testing.T) {
	file := filepath.Join(t.TempDir(), "backup.db")
	taken, err := backup.Take(ctx, demoFile(t), file, false)
	if err != nil {
		t.Fatal(err)
	}
	target := storetest.DSN(t)
	first, err := backup.Restore(ctx, file, target)
	if err != nil {
		t.Fatal(err)
	}
	if first.Rows("institutions") == 0 || first.Rows("changes") == 0 || first.Summary() != taken.Summary() {
		t.Fatalf("restored %s\nbacked up %s", first.Summary(), taken.Summary())
	}
	_, err = backup.Restore(ctx, file, target)
	if err == nil || !strings.Contains(err.Error(), "is not empty (") || !strings.Contains(err.Error(), fmt.Sprintf("%d institutions", taken.Rows("institutions"))) {
		t.Fatalf("restore into a registry with records: %v", err)
	}
	st, err := store.Open(ctx, target, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, _ := st.Counts(ctx); fmt.Sprint(n) != fmt.Sprint(first.Counts) {
		t.Fatalf("the refused restore changed the target: %v, was %v", n, first.Counts)
	}
}

// An existing file that is not a registry is refused and left alone; an
// empty registry (a server started once) is restored into.
func TestRestoreIntoExistingFiles(t *testing.T) {
	sqliteOnly(t)
	file := filepath.Join(t.TempDir(), "backup.db")
	if _, err := backup.Take(ctx, demoFile(t), file, false); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.db")
	os.WriteFile(notes, []byte("not a database"), 0o600)
	if _, err := backup.Restore(ctx, file, notes); err == nil || !strings.Contains(err.Error(), "not an empty Liaison registry") {
		t.Fatalf("restore over a text file: %v", err)
	}
	if b, _ := os.ReadFile(notes); string(b) != "not a database" {
		t.Fatalf("the refused target was changed: %q", b)
	}

	empty := filepath.Join(dir, "empty.db")
	st, err := store.Open(ctx, empty, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close() // open, as a running server would hold it
	res, err := backup.Restore(ctx, file, empty)
	if err != nil {
		t.Fatalf("restore into an empty registry: %v", err)
	}
	if e, err := st.Event(ctx, 1); err != nil || res.Rows("events") == 0 {
		t.Fatalf("the registry open during the restore does not see it: %v %v", e, err)
	}
	assertNoTemporary(t, dir)

	// A database in use is not a backup: part of it is in its log.
	_, err = backup.Restore(ctx, empty, filepath.Join(dir, "copy.db"))
	if err == nil || !strings.Contains(err.Error(), "write-ahead log") || !strings.Contains(err.Error(), "liaison backup") {
		t.Fatalf("restore of a database in use: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "copy.db")); err == nil {
		t.Fatal("the refused restore wrote its target")
	}
}

// A backup that is damaged, cut short, of another kind, of another
// program or of a newer liaison is refused with a message saying which,
// and nothing is written.
func TestRestoreRefusesBadBackups(t *testing.T) {
	sqliteOnly(t)
	good := filepath.Join(t.TempDir(), "backup.db")
	if _, err := backup.Take(ctx, demoFile(t), good, false); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	damaged := append([]byte(nil), data...)
	// Scribble over the pages after the first (the schema), keeping
	// the length.
	for i := 4096; i < len(damaged)-4096; i += 512 {
		copy(damaged[i:], "scribbled over by a failing disk")
	}
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", data[:len(data)/2], "truncated"},
		{"cut mid-page", data[:len(data)-100], "truncated"},
		{"damaged", damaged, "integrity check"},
		{"text", []byte("institution,person\n"), "not a SQLite database"},
		{"empty", nil, "not a SQLite database"},
		{"pg_dump", []byte("PGDMP\x01\x0f\x00\x04\x08\x01\x01\x01\x00\x00\x00\x00"), "pg_restore"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "backup.db")
			if err := os.WriteFile(file, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			target := filepath.Join(dir, "restored.db")
			_, err := backup.Restore(ctx, file, target)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), file) {
				t.Fatalf("got %v, want an error naming the file and saying %q", err, c.want)
			}
			assertOnly(t, dir)
		})
	}
}

// A SQLite database of another program, and a backup of a newer liaison,
// are refused.
func TestRestoreRefusesForeignAndNewer(t *testing.T) {
	sqliteOnly(t)
	dir := t.TempDir()
	foreign := filepath.Join(dir, "foreign.db")
	newer := filepath.Join(dir, "newer.db")
	if err := foreignAndNewer(foreign, newer, demoFile(t)); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := backup.Restore(ctx, foreign, filepath.Join(out, "a.db")); err == nil || !strings.Contains(err.Error(), "not a Liaison registry") {
		t.Fatalf("a foreign SQLite database: %v", err)
	}
	_, err := backup.Restore(ctx, newer, filepath.Join(out, "b.db"))
	if err == nil || !strings.Contains(err.Error(), "newer than this liaison") {
		t.Fatalf("a backup of a newer schema: %v", err)
	}
	assertOnly(t, out)
}

// A backup is not written over an existing file unless forced, and a
// failed backup leaves no file behind.
func TestTakeRefusesExistingFile(t *testing.T) {
	sqliteOnly(t)
	source := demoFile(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "backup.db")
	os.WriteFile(file, []byte("yesterday's"), 0o600)
	if _, err := backup.Take(ctx, source, file, false); err == nil || !strings.Contains(err.Error(), "already exists") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(file); string(b) != "yesterday's" {
		t.Fatal("the existing file was changed")
	}
	res, err := backup.Take(ctx, source, file, true)
	if err != nil {
		t.Fatal(err)
	}
	if check, err := backup.Check(ctx, file); err != nil || res.Rows("people") == 0 || check.Summary() != res.Summary() {
		t.Fatalf("forced backup: %v, %s", err, res.Summary())
	}
	if _, err := backup.Take(ctx, filepath.Join(dir, "missing.db"), filepath.Join(dir, "b.db"), false); err == nil {
		t.Fatal("a backup of a database that does not exist succeeded")
	}
	if _, err := backup.Take(ctx, file, file, true); err == nil || !strings.Contains(err.Error(), "the database itself") {
		t.Fatalf("a backup onto its own database: %v", err)
	}
	assertOnly(t, dir, "backup.db")
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Fatal("backing up a missing database created it")
	}
	var pg *backup.PostgresError
	_, err = backup.Take(ctx, "postgres://liaison:secret@db.example/liaison", file, false)
	if !errors.As(err, &pg) || !strings.Contains(err.Error(), "pg_dump --format=custom --file="+file+" --dbname=postgres://liaison@db.example/liaison") || strings.Contains(err.Error(), "secret") {
		t.Fatalf("backup of PostgreSQL: %v", err)
	}
}

// assertNoTemporary fails if a temporary file is left in dir.
func assertNoTemporary(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".liaison-") {
			t.Errorf("%s was left in %s", e.Name(), dir)
		}
	}
}

// assertOnly fails unless dir holds exactly the files named: no
// temporary or half-written file is left behind.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	names = slices.Sorted(slices.Values(names))
	if fmt.Sprint(got) != fmt.Sprint(names) {
		t.Fatalf("%s holds %v, want %v", dir, got, names)
	}
}
