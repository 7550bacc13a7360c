package durability

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

const (
	// crashKills is how many times the crash loop kills the server on
	// SQLite; postgresCrashKills, on PostgreSQL (fewer: CI has two cores
	// for the whole suite).
	crashKills         = 32
	postgresCrashKills = 12
	// crashWriters write through the API while the server is killed.
	crashWriters = 4
	// crashSeed makes the loop's moments reproducible; the log names it.
	crashSeed = 20261129
	// killWithin bounds the random moment of a kill after clients start;
	// imports start within importWithin and take a good part of a second,
	// so that kills land before, during and after them.
	killWithin   = 1500 * time.Millisecond
	importWithin = 400 * time.Millisecond
	// On PostgreSQL an import takes longer (a round trip per statement:
	// 1.3 s for a document where SQLite takes 0.8), and the editors'
	// writes wait for it (writers take turns there too), so the kills
	// land within a longer time, some after the import is done.
	postgresKillWithin = 3 * time.Second
	// Each import is a batch of records marked as its own: a registry
	// document of institutions, people and events (liaison import), or a
	// CSV sheet of institutions uploaded to the workspace.
	batchInstitutions = 60
	batchPeople       = 120
	batchEvents       = 240
	sheetRows         = 500
)

// TestCrashLoop kills `liaison serve` with SIGKILL at random moments
// while editors write through the API and an import runs (a `liaison
// import` process, killed with it, or a spreadsheet uploaded to the
// server), restarts it, and checks what a crash must never cost: the
// database passes its check (PRAGMA integrity_check on SQLite; on
// PostgreSQL, whose server is not killed, the search index agrees with
// the records), every write the API acknowledged is there with the
// content acknowledged and is found by search, and every import is
// there whole or not at all. It runs on SQLite, then on PostgreSQL.
func TestCrashLoop(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { crashLoopOn(t, b) })
	}
}

func crashLoopOn(t *testing.T, b backend) {
	kills, within := crashKills, killWithin
	if b.postgres() {
		kills, within = postgresCrashKills, postgresKillWithin
	}
	if testing.Short() {
		kills = 5
	}
	bin := liaisonBinary(t)
	dir := t.TempDir()
	db := b.database(t)
	st := openStore(t, db)
	f := seed(t, st, 8)
	st.Close()

	rng := rand.New(rand.NewPCG(crashSeed, 0))
	writers := make([]*crashWriter, crashWriters)
	for i := range writers {
		writers[i] = &crashWriter{n: i, f: f, rng: rand.New(rand.NewPCG(crashSeed, uint64(i)+1)), events: map[int64]*ackedEvent{}}
	}
	var batches []*batch
	var stats crashStats
	began := time.Now()
	for round := 0; ; round++ {
		srv := startServer(t, bin, db)
		checkAfterRestart(t, b, db, srv.url, writers, batches, &stats)
		if t.Failed() {
			t.Logf("server log:\n%s", srv.out.String())
			return
		}
		if round == kills {
			srv.kill()
			break
		}
		imp := newBatch(t, dir, round)
		batches = append(batches, imp)
		killAfter := time.Duration(rng.Int64N(int64(within)))
		importAfter := time.Duration(rng.Int64N(int64(importWithin)))
		runUntilKilled(t, bin, db, srv, writers, imp, importAfter, killAfter, &stats)
		if t.Failed() {
			t.Logf("server log:\n%s", srv.out.String())
			return
		}
		if b.postgres() {
			if err := waitForSessionsToEnd(db); err != nil {
				t.Fatal(err)
			}
		}
	}
	var creates, updates, unacked int
	for _, w := range writers {
		creates += w.creates
		updates += w.updates
		unacked += w.unacked
	}
	elapsed := time.Since(began)
	t.Logf("crash loop on %s (seed %d): %d kills with SIGKILL in %v (%v per kill and restart, checks included); "+
		"%d acknowledged creates and %d acknowledged updates, all present after every restart; %d writes cut off by a kill (not acknowledged); "+
		"%d searches found the last acknowledged write; imports (none partial): %d done and answered, %d done but killed before answering, "+
		"%d killed mid-way and rolled back (%d liaison import processes killed running), %d killed before they began; "+
		"%s %v on average",
		b.name, crashSeed, kills, elapsed.Round(time.Millisecond), (elapsed / time.Duration(kills)).Round(time.Millisecond),
		creates, updates, unacked, stats.searches, stats.done, stats.doneUnanswered, stats.rolledBack, stats.processesCut, stats.notStarted,
		b.check(), (stats.checkTime / time.Duration(kills+1)).Round(time.Millisecond))
}

type crashStats struct {
	searches int
	// What became of the imports: killed before they began; done and
	// answered; done but killed before answering; killed mid-way and
	// rolled back.
	notStarted, done, doneUnanswered, rolledBack int
	// processesCut counts liaison import processes killed running.
	processesCut int
	checkTime    time.Duration // in checkDatabase
}

// ackedEvent is what the API acknowledged of an event, and an edit sent
// but not acknowledged (cut off by a kill): the registry may hold either.
type ackedEvent struct {
	version int
	title   string
	slug    string
	word    string
	pending *pendingEdit
}

type pendingEdit struct {
	version int
	title   string
	word    string
}

// crashWriter is one editor writing events through the API.
type crashWriter struct {
	n      int
	f      fixture
	rng    *rand.Rand
	words  int
	events map[int64]*ackedEvent
	ids    []int64
	last   int64 // the event last acknowledged
	// creates and updates count acknowledged writes; unacked, those
	// without an answer.
	creates, updates, unacked int
}

func (w *crashWriter) nextWord() string {
	w.words++
	return word(string(rune('c'))+string(rune('a'+w.n)), w.words)
}

// run writes until a request fails to get an answer (the server was
// killed) or ctx ends; any answer but success is a failure.
func (w *crashWriter) run(ctx context.Context, c *apiClient) error {
	for ctx.Err() == nil {
		var err error
		if len(w.ids) < 3 || w.rng.IntN(2) == 0 {
			err = w.create(ctx, c)
		} else {
			err = w.update(ctx, c, w.ids[w.rng.IntN(len(w.ids))])
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// errCut is a request that got no answer.
var errCut = errors.New("no answer")

func (w *crashWriter) create(ctx context.Context, c *apiClient) error {
	wd := w.nextWord()
	ev := newEvent(wd, w.f, w.words)
	var saved registry.Event
	status, body, err := c.send(ctx, http.MethodPost, "/api/v1/events", ev, &saved)
	if err != nil {
		w.unacked++
		return errCut
	}
	if status != http.StatusCreated {
		return fmt.Errorf("writer %d: create: status %d: %s", w.n, status, body)
	}
	if saved.Title["en"] != ev.Title["en"] || saved.ID == 0 {
		return fmt.Errorf("writer %d: create answered %+v for %q", w.n, saved.Meta, ev.Title["en"])
	}
	w.events[saved.ID] = &ackedEvent{version: saved.Version, title: saved.Title["en"], slug: saved.Slug, word: wd}
	w.ids = append(w.ids, saved.ID)
	w.last = saved.ID
	w.creates++
	return nil
}

func (w *crashWriter) update(ctx context.Context, c *apiClient, id int64) error {
	a := w.events[id]
	if a.pending != nil {
		return nil // its state is known after the next restart
	}
	wd := w.nextWord()
	ev := newEvent(wd, w.f, w.words)
	ev.ID, ev.Version = id, a.version
	var saved registry.Event
	status, body, err := c.send(ctx, http.MethodPut, fmt.Sprintf("/api/v1/events/%d", id), ev, &saved)
	if err != nil {
		a.pending = &pendingEdit{version: a.version + 1, title: ev.Title["en"], word: wd}
		w.unacked++
		return errCut
	}
	if status != http.StatusOK {
		return fmt.Errorf("writer %d: update of event %d at version %d: status %d: %s", w.n, id, a.version, status, body)
	}
	if saved.Version != a.version+1 || saved.Title["en"] != ev.Title["en"] {
		return fmt.Errorf("writer %d: update of event %d answered version %d %q; expected %d %q", w.n, id, saved.Version, saved.Title["en"], a.version+1, ev.Title["en"])
	}
	a.version, a.title, a.word = saved.Version, saved.Title["en"], wd
	w.last = id
	w.updates++
	return nil
}

// batch is one import, with the ids or slugs of its records.
type batch struct {
	round int
	sheet bool   // a CSV sheet uploaded to the server; else liaison import
	file  string // what is imported
	// ids of a document's records; slugs of a sheet's.
	institutions, people, events []int64
	slugs                        []string
	// started: the import began before the kill; acknowledged: it said
	// it was done (exit 0 or 200), so the batch must be there; checked:
	// seen whole or absent since.
	started      bool
	acknowledged bool
	checked      bool
	present      bool
}

// newBatch writes round's import file: a registry document on even
// rounds, a sheet on odd ones. Each batch's records have ids (or slugs)
// of their own, so that what an import wrote can be counted.
func newBatch(t *testing.T, dir string, round int) *batch {
	t.Helper()
	b := &batch{round: round, sheet: round%2 == 1}
	if b.sheet {
		var buf bytes.Buffer
		buf.WriteString("slug,name_en,kind,country,status\n")
		for i := range sheetRows {
			slug := fmt.Sprintf("sheet-%d-%d", round, i)
			b.slugs = append(b.slugs, slug)
			fmt.Fprintf(&buf, "%s,Sheet %d institution %d,ngo,AZ,published\n", slug, round, i)
		}
		b.file = filepath.Join(dir, fmt.Sprintf("sheet-%d.csv", round))
		if err := os.WriteFile(b.file, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return b
	}
	// Ids far above those the API hands out, a range per round.
	base := int64(round+1) * 10_000_000
	doc := exchange.Document{Format: exchange.Format, Version: exchange.Version}
	for i := range batchInstitutions {
		id := base + int64(i)
		b.institutions = append(b.institutions, id)
		doc.Institutions = append(doc.Institutions, registry.Institution{Meta: registry.Meta{ID: id, Status: registry.Published},
			Name: registry.Text{"en": fmt.Sprintf("Imported %d institution %d", round, i)}, Kind: registry.HumanRightsInstitution, Country: "GE"})
	}
	for i := range batchPeople {
		id := base + int64(i)
		b.people = append(b.people, id)
		doc.People = append(doc.People, registry.Person{Meta: registry.Meta{ID: id, Status: registry.Published},
			GivenName: "Imported", FamilyName: fmt.Sprintf("Person %d-%d", round, i),
			Affiliations: []registry.Affiliation{{InstitutionID: b.institutions[i%batchInstitutions]}}})
	}
	for i := range batchEvents {
		id := base + int64(i)
		b.events = append(b.events, id)
		doc.Events = append(doc.Events, registry.Event{Meta: registry.Meta{ID: id, Status: registry.Published},
			Kind: registry.Workshop, Title: registry.Text{"en": fmt.Sprintf("Imported %d workshop %d", round, i)},
			Start: registry.NewDate(2019, 1+i%12, 1+i%28),
			Participants: []registry.Participant{
				{PersonID: b.people[i%batchPeople], Role: registry.RoleSpeaker, InstitutionID: b.institutions[i%batchInstitutions]},
				{PersonID: b.people[(i+1)%batchPeople], Role: registry.RoleParticipant},
			}})
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	b.file = filepath.Join(dir, fmt.Sprintf("import-%d.json", round))
	if err := os.WriteFile(b.file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

// runUntilKilled starts the writers and, after importAfter, the import;
// kills the server (and an import process) after killAfter; and waits
// for every client to stop.
func runUntilKilled(t *testing.T, bin, db string, srv *process, writers []*crashWriter, b *batch, importAfter, killAfter time.Duration, stats *crashStats) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(writers)+1)
	for _, w := range writers {
		c := &apiClient{base: srv.url, http: &http.Client{Timeout: time.Minute}, authorize: bearer(w.f.token)}
		wg.Go(func() {
			if err := w.run(ctx, c); err != nil && !errors.Is(err, errCut) {
				errs <- err
			}
		})
	}
	// The import process starts and the kill happens under one lock, so
	// that no import is left running after the kill.
	var importer *process
	var importerMu sync.Mutex
	killed := false
	wg.Go(func() {
		select {
		case <-time.After(importAfter):
		case <-ctx.Done():
			return
		}
		if !b.sheet {
			importerMu.Lock()
			defer importerMu.Unlock()
			if !killed {
				importer = start(t, bin, "import", "--db", db, b.file)
				b.started = true
			}
			return
		}
		b.started = true
		c := &apiClient{base: srv.url, http: &http.Client{Timeout: time.Minute}, authorize: withCookie(writers[0].f.session)}
		status, body, err := uploadSheet(ctx, c, b.file)
		switch {
		case err != nil:
			// Cut off by the kill.
		case status == http.StatusOK:
			b.acknowledged = true
		default:
			errs <- fmt.Errorf("sheet upload of round %d: status %d: %.500s", b.round, status, body)
		}
	})

	time.Sleep(killAfter)
	importerMu.Lock()
	srv.kill()
	killed = true
	if importer != nil {
		if importer.running() {
			importer.kill()
			stats.processesCut++
		} else if code, _ := importer.wait(0); code == 0 {
			b.acknowledged = true
		} else {
			errs <- fmt.Errorf("liaison import of round %d exited %d before the kill: %s", b.round, code, importer.out.String())
		}
	}
	importerMu.Unlock()
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// uploadSheet applies a CSV sheet of institutions in the workspace, as
// "Apply these changes" does.
func uploadSheet(ctx context.Context, c *apiClient, file string) (int, string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0, "", err
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("type", "institutions")
	mw.WriteField("apply", "yes")
	fw, _ := mw.CreateFormFile("file", filepath.Base(file))
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/admin/sheets", &body)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	c.authorize(req)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", err
	}
	return resp.StatusCode, string(page), nil
}

// checkAfterRestart checks the registry a restarted server serves.
func checkAfterRestart(t *testing.T, be backend, db, base string, writers []*crashWriter, batches []*batch, stats *crashStats) {
	t.Helper()
	began := time.Now()
	if err := checkDatabase(be, db); err != nil {
		t.Errorf("after restart: %v", err)
	}
	stats.checkTime += time.Since(began)

	st := openStore(t, db)
	defer st.Close()
	ctx := context.Background()
	for _, w := range writers {
		found, err := st.EventsByID(ctx, w.ids)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range w.ids {
			a := w.events[id]
			e := found[id]
			switch {
			case e == nil:
				t.Errorf("writer %d: event %d (%q, version %d) was acknowledged but is gone after a kill", w.n, id, a.title, a.version)
			case e.Version == a.version && e.Title["en"] == a.title:
				a.pending = nil
			case a.pending != nil && e.Version == a.pending.version && e.Title["en"] == a.pending.title:
				// The edit cut off by the kill had committed: it is what
				// is acknowledged now.
				a.version, a.title, a.word, a.pending = e.Version, e.Title["en"], a.pending.word, nil
			default:
				t.Errorf("writer %d: event %d is version %d %q after a kill; acknowledged version %d %q (pending %+v)",
					w.n, id, e.Version, e.Title["en"], a.version, a.title, a.pending)
			}
		}
		// The search index is written in the same transaction as the
		// record: the last acknowledged write is found.
		if a := w.events[w.last]; a != nil {
			c := &apiClient{base: base, http: &http.Client{Timeout: time.Minute}}
			ok, err := c.searchFinds(ctx, a.word, a.slug)
			switch {
			case err != nil:
				t.Errorf("writer %d: %v", w.n, err)
			case !ok:
				t.Errorf("writer %d: event %d (%q) was acknowledged but search for %q does not find it after a kill", w.n, w.last, a.title, a.word)
			default:
				stats.searches++
			}
		}
	}
	for _, b := range batches {
		have, want, err := b.count(ctx, st, b.checked)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case have != 0 && have != want:
			t.Errorf("import of round %d is half applied after a kill: %d of %d records", b.round, have, want)
		case b.checked && (have != 0) != b.present:
			t.Errorf("import of round %d: present was %v, now %d of %d records", b.round, b.present, have, want)
		case b.acknowledged && have == 0:
			t.Errorf("import of round %d was acknowledged but is absent after a kill", b.round)
		case !b.checked:
			b.checked, b.present = true, have != 0
			switch {
			case !b.started:
				stats.notStarted++
			case b.acknowledged:
				stats.done++
			case b.present:
				stats.doneUnanswered++
			default:
				stats.rolledBack++
			}
		}
	}
}

// count counts the batch's records in the registry: all of them the
// first time, the first and last of each kind after that.
func (b *batch) count(ctx context.Context, st *store.Store, sample bool) (have, want int, err error) {
	pick := func(ids []int64) []int64 {
		if sample && len(ids) > 2 {
			return []int64{ids[0], ids[len(ids)-1]}
		}
		return ids
	}
	if b.sheet {
		slugs := b.slugs
		if sample {
			slugs = []string{slugs[0], slugs[len(slugs)-1]}
		}
		for _, s := range slugs {
			_, err := st.IDBySlug(ctx, "institution", s)
			switch {
			case err == nil:
				have++
			case !errors.Is(err, registry.ErrNotFound):
				return 0, 0, err
			}
		}
		return have, len(slugs), nil
	}
	ins, err := st.InstitutionsByID(ctx, pick(b.institutions))
	if err != nil {
		return 0, 0, err
	}
	ppl, err := st.PeopleByID(ctx, pick(b.people))
	if err != nil {
		return 0, 0, err
	}
	evs, err := st.EventsByID(ctx, pick(b.events))
	if err != nil {
		return 0, 0, err
	}
	return len(ins) + len(ppl) + len(evs), len(pick(b.institutions)) + len(pick(b.people)) + len(pick(b.events)), nil
}
