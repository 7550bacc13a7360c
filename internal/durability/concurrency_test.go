package durability

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
)

const (
	// concurrentEditors write at once for concurrencyRun on SQLite and
	// postgresConcurrencyRun on PostgreSQL (shorter: CI has two cores
	// for the whole suite, and this package already runs for minutes).
	concurrentEditors      = 20
	concurrencyRun         = 30 * time.Second
	postgresConcurrencyRun = 20 * time.Second
	// concurrentReaders read pages and API lists meanwhile.
	concurrentReaders = 4
	// staleEditors save the same version of one record at the same
	// moment, again and again during the run.
	staleEditors = 8
)

// TestConcurrentEditors has twenty editors create and edit records
// through the API for thirty seconds on one SQLite registry, then for
// twenty on one PostgreSQL database, with readers reading and,
// meanwhile, editors saving the same version of a record at once. No
// write may fail (any error, 5xx, timeout, or a conflict on a record no
// one else edits), none may be lost, readers get every page, and of
// simultaneous saves of one version exactly one wins, the others
// answered 409. Afterwards the database passes its check (SQLite's
// integrity check; on PostgreSQL, the search index agrees with the
// records) and search finds each editor's last write.
func TestConcurrentEditors(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { concurrentEditorsOn(t, b) })
	}
}

func concurrentEditorsOn(t *testing.T, b backend) {
	run := concurrencyRun
	if b.postgres() {
		run = postgresConcurrencyRun
	}
	if testing.Short() {
		run = 5 * time.Second
	}
	db := b.database(t)
	st := openStore(t, db)
	defer st.Close()
	f := seed(t, st, 10)
	srv := servertest.New(t, st)
	// Half the editors sign in to the workspace, half use API tokens.
	auths := make([]func(*http.Request), concurrentEditors)
	for i := range auths {
		if i%2 == 0 {
			auths[i] = withCookie(editorSession(t, st, i))
		} else {
			auths[i] = bearer(servertest.Token(t, st, "write"))
		}
	}
	transport := &http.Transport{MaxIdleConnsPerHost: concurrentEditors + concurrentReaders + staleEditors}
	defer transport.CloseIdleConnections()
	client := func(authorize func(*http.Request)) *apiClient {
		return &apiClient{base: srv.URL, http: &http.Client{Timeout: 30 * time.Second, Transport: transport}, authorize: authorize}
	}

	ctx, cancel := context.WithTimeout(context.Background(), run)
	defer cancel()
	var failures failureLog
	var wg sync.WaitGroup
	editors := make([]*editor, concurrentEditors)
	for i := range editors {
		editors[i] = &editor{n: i, f: f, c: client(auths[i]), rng: rand.New(rand.NewPCG(crashSeed, uint64(i))), acked: map[int64]ackedEvent{}}
		wg.Go(func() { editors[i].run(ctx, &failures) })
	}
	readers := make([]*reader, concurrentReaders)
	for i := range readers {
		readers[i] = &reader{c: client(nil), rng: rand.New(rand.NewPCG(crashSeed, 100+uint64(i)))}
		wg.Go(func() { readers[i].run(ctx, editors, &failures) })
	}
	var stale staleRounds
	wg.Go(func() { stale.run(ctx, f, client(auths[0]), auths, client, &failures) })
	began := time.Now()
	wg.Wait()
	elapsed := time.Since(began)

	for _, msg := range failures.first() {
		t.Error(msg)
	}
	if n := failures.count.Load(); n > 0 {
		t.Errorf("%d failed requests during the run (the first %d above)", n, len(failures.first()))
	}

	// Every acknowledged write is there, as acknowledged.
	bg := context.Background()
	var creates, updates int
	var writeLatency []time.Duration
	for _, e := range editors {
		creates += e.creates
		updates += e.updates
		writeLatency = append(writeLatency, e.latency...)
		ids := make([]int64, 0, len(e.acked))
		for id := range e.acked {
			ids = append(ids, id)
		}
		found, err := st.EventsByID(bg, ids)
		if err != nil {
			t.Fatal(err)
		}
		for id, a := range e.acked {
			got := found[id]
			switch {
			case got == nil:
				t.Errorf("editor %d: event %d (%q) was acknowledged but is missing", e.n, id, a.title)
			case got.Version != a.version || got.Title["en"] != a.title:
				t.Errorf("editor %d: event %d is version %d %q; acknowledged version %d %q", e.n, id, got.Version, got.Title["en"], a.version, a.title)
			}
		}
	}
	// And nothing else was written: the registry holds the events the
	// API acknowledged creating, no more.
	total := 0
	filter := store.Filter{Limit: store.MaxLimit, ByID: true}
	for {
		page, err := st.Events(bg, filter)
		if err != nil {
			t.Fatal(err)
		}
		total += len(page.Items)
		if page.Next == nil {
			break
		}
		filter.After = *page.Next
	}
	if want := creates + stale.rounds; total != want {
		t.Errorf("the registry holds %d events; %d were acknowledged created", total, want)
	}
	if stale.rounds == 0 {
		t.Error("no round of simultaneous saves of one version ran")
	}
	if err := checkDatabase(b, db); err != nil {
		t.Error(err)
	}
	// The search index was written with each record: each editor's
	// last acknowledged write is found by its own word.
	searches := 0
	for _, e := range editors {
		if e.lastWord == "" {
			continue
		}
		ok, err := client(nil).searchFinds(bg, e.lastWord, e.lastSlug)
		switch {
		case err != nil:
			t.Errorf("editor %d: %v", e.n, err)
		case !ok:
			t.Errorf("editor %d: search for %q does not find its last acknowledged write, /en/events/%s", e.n, e.lastWord, e.lastSlug)
		default:
			searches++
		}
	}

	var readLatency []time.Duration
	reads := 0
	for _, r := range readers {
		readLatency = append(readLatency, r.latency...)
		reads += r.reads
	}
	slices.Sort(readLatency)
	slices.Sort(writeLatency)
	t.Logf("%d editors for %v on %s: %d acknowledged writes (%d creates, %d updates each after a read), %.0f writes/s; "+
		"write p50 %v, p99 %v; %d failed; %d reads by %d readers, p50 %v, p99 %v; "+
		"%d rounds of %d simultaneous saves of one version: one 200 and %d 409 each; %d of %d editors' last writes found by search",
		concurrentEditors, elapsed.Round(time.Millisecond), b.name, creates+updates, creates, updates, float64(creates+updates)/elapsed.Seconds(),
		percentile(writeLatency, 50).Round(time.Microsecond), percentile(writeLatency, 99).Round(time.Microsecond), failures.count.Load(),
		reads, concurrentReaders, percentile(readLatency, 50).Round(time.Microsecond), percentile(readLatency, 99).Round(time.Microsecond),
		stale.rounds, staleEditors, staleEditors-1, searches, concurrentEditors)
}

// editorSession signs in editor n, an account of its own.
func editorSession(t *testing.T, st *store.Store, n int) *http.Cookie {
	t.Helper()
	ctx := context.Background()
	u := &store.User{Email: fmt.Sprintf("editor%d@durability.test", n), Name: fmt.Sprintf("Editor %d", n), Role: "editor", PasswordHash: "not used"}
	secret, hash := auth.NewSecret("")
	now := time.Now()
	err := st.Transact(ctx, func(tx *store.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return tx.CreateSession(ctx, store.Session{Hash: hash, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
	})
	if err != nil {
		t.Fatal(err)
	}
	return &http.Cookie{Name: auth.CookieName, Value: secret}
}

// failureLog counts failed requests and keeps the first few.
type failureLog struct {
	count atomic.Int64
	mu    sync.Mutex
	msgs  []string
}

func (l *failureLog) add(format string, args ...any) {
	if l.count.Add(1) > 20 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, fmt.Sprintf(format, args...))
}

func (l *failureLog) first() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.msgs)
}

// editor creates events and edits its own, each edit on the version it
// has just read, as a person in the workspace does.
type editor struct {
	n     int
	f     fixture
	c     *apiClient
	rng   *rand.Rand
	words int
	mu    sync.Mutex // guards ids, read by readers
	ids   []int64
	acked map[int64]ackedEvent
	// creates and updates count acknowledged writes; latency, each
	// write's time to answer.
	creates, updates int
	latency          []time.Duration
	// lastWord is the word of the last acknowledged write's title, of
	// the event at /en/events/lastSlug.
	lastWord, lastSlug string
}

// run works until stop ends. Requests are not cancelled by stop: each
// one sent is answered, so that what was written is known.
func (e *editor) run(stop context.Context, failures *failureLog) {
	ctx := context.WithoutCancel(stop)
	for stop.Err() == nil {
		var err error
		if len(e.acked) < 2 || e.rng.IntN(3) == 0 {
			err = e.create(ctx)
		} else {
			e.mu.Lock()
			id := e.ids[e.rng.IntN(len(e.ids))]
			e.mu.Unlock()
			err = e.edit(ctx, id)
		}
		if err != nil {
			failures.add("editor %d: %v", e.n, err)
		}
	}
}

func (e *editor) create(ctx context.Context) error {
	e.words++
	w := word("e"+string(rune('a'+e.n)), e.words)
	ev := newEvent(w, e.f, e.words)
	var saved registry.Event
	began := time.Now()
	status, body, err := e.c.send(ctx, http.MethodPost, "/api/v1/events", ev, &saved)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	if status != http.StatusCreated {
		return fmt.Errorf("create: status %d: %.300s", status, body)
	}
	e.latency = append(e.latency, time.Since(began))
	e.mu.Lock()
	e.ids = append(e.ids, saved.ID)
	e.mu.Unlock()
	e.acked[saved.ID] = ackedEvent{version: saved.Version, title: saved.Title["en"]}
	e.lastWord, e.lastSlug = w, saved.Slug
	e.creates++
	return nil
}

func (e *editor) edit(ctx context.Context, id int64) error {
	var cur registry.Event
	path := fmt.Sprintf("/api/v1/events/%d", id)
	status, body, err := e.c.send(ctx, http.MethodGet, path, nil, &cur)
	if err != nil {
		return fmt.Errorf("read event %d: %w", id, err)
	}
	if status != http.StatusOK {
		return fmt.Errorf("read event %d: status %d: %.300s", id, status, body)
	}
	if a := e.acked[id]; cur.Version != a.version || cur.Title["en"] != a.title {
		return fmt.Errorf("event %d reads as version %d %q; acknowledged version %d %q", id, cur.Version, cur.Title["en"], a.version, a.title)
	}
	e.words++
	w := word("e"+string(rune('a'+e.n)), e.words)
	cur.Title = registry.Text{"en": "Durability seminar " + w}
	var saved registry.Event
	began := time.Now()
	status, body, err = e.c.send(ctx, http.MethodPut, path, cur, &saved)
	if err != nil {
		return fmt.Errorf("edit event %d: %w", id, err)
	}
	if status != http.StatusOK {
		// No one else edits this event: a 409 here is a lost write.
		return fmt.Errorf("edit event %d at version %d: status %d: %.300s", id, cur.Version, status, body)
	}
	e.latency = append(e.latency, time.Since(began))
	e.acked[id] = ackedEvent{version: saved.Version, title: saved.Title["en"]}
	e.lastWord, e.lastSlug = w, saved.Slug
	e.updates++
	return nil
}

// reader reads the public pages and the API, as visitors do while
// editors write.
type reader struct {
	c       *apiClient
	rng     *rand.Rand
	reads   int
	latency []time.Duration
}

func (r *reader) run(stop context.Context, editors []*editor, failures *failureLog) {
	ctx := context.WithoutCancel(stop)
	paths := []string{"/en/", "/en/timeline", "/en/search?q=durability+seminar", "/api/v1/events?limit=50",
		"/api/v1/people?limit=50", "/az/timeline", "/api/v1/events?limit=20&sort=updated&order=desc"}
	for stop.Err() == nil {
		path := paths[r.rng.IntN(len(paths))]
		if r.rng.IntN(3) == 0 {
			// A record an editor wrote.
			e := editors[r.rng.IntN(len(editors))]
			e.mu.Lock()
			if len(e.ids) > 0 {
				path = fmt.Sprintf("/api/v1/events/%d", e.ids[r.rng.IntN(len(e.ids))])
			}
			e.mu.Unlock()
		}
		began := time.Now()
		status, body, err := r.c.get(ctx, path)
		switch {
		case err != nil:
			failures.add("reader: GET %s: %v", path, err)
		case status != http.StatusOK:
			failures.add("reader: GET %s: status %d: %.300s", path, status, body)
		default:
			r.latency = append(r.latency, time.Since(began))
			r.reads++
		}
	}
}

// staleRounds saves one version of a record from several editors at
// the same moment, round after round.
type staleRounds struct {
	rounds int
}

func (s *staleRounds) run(stop context.Context, f fixture, owner *apiClient, auths []func(*http.Request), client func(func(*http.Request)) *apiClient, failures *failureLog) {
	ctx := context.WithoutCancel(stop)
	for stop.Err() == nil {
		n := 1_000_000 + s.rounds*100
		var created registry.Event
		status, body, err := owner.send(ctx, http.MethodPost, "/api/v1/events", newEvent(word("st", n), f, n), &created)
		if err != nil || status != http.StatusCreated {
			failures.add("stale round %d: create: %v %d %.300s", s.rounds, err, status, body)
			return
		}
		// Every editor read version created.Version and saves now.
		statuses := make([]int, staleEditors)
		titles := make([]string, staleEditors)
		var saved [staleEditors]registry.Event
		startLine := make(chan struct{})
		var wg sync.WaitGroup
		for i := range staleEditors {
			ev := created
			ev.Title = registry.Text{"en": "Durability seminar " + word("st", n+1+i)}
			titles[i] = ev.Title["en"]
			c := client(auths[(i+1)%len(auths)])
			wg.Go(func() {
				<-startLine
				st, body, err := c.send(ctx, http.MethodPut, fmt.Sprintf("/api/v1/events/%d", created.ID), ev, &saved[i])
				if err != nil {
					failures.add("stale round %d: save %d: %v", s.rounds, i, err)
				}
				if st != http.StatusOK && st != http.StatusConflict {
					failures.add("stale round %d: save %d: status %d: %.300s", s.rounds, i, st, body)
				}
				statuses[i] = st
			})
		}
		close(startLine)
		wg.Wait()
		s.rounds++
		winner := -1
		for i, st := range statuses {
			if st == http.StatusOK {
				if winner >= 0 {
					failures.add("stale round %d: saves %d and %d of version %d both succeeded", s.rounds, winner, i, created.Version)
				}
				winner = i
			}
		}
		if winner < 0 {
			failures.add("stale round %d: no save of version %d succeeded: %v", s.rounds, created.Version, statuses)
			continue
		}
		var final registry.Event
		status, body, err = owner.send(ctx, http.MethodGet, fmt.Sprintf("/api/v1/events/%d", created.ID), nil, &final)
		if err != nil || status != http.StatusOK {
			failures.add("stale round %d: read: %v %d %.300s", s.rounds, err, status, body)
			continue
		}
		if final.Version != created.Version+1 || final.Title["en"] != titles[winner] {
			failures.add("stale round %d: the record is version %d %q; the winning save made version %d %q",
				s.rounds, final.Version, final.Title["en"], created.Version+1, titles[winner])
		}
	}
}
