package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// collector gathers the results of a run, per route.
type collector struct {
	mu     sync.Mutex
	routes map[string]*routeData
}

type routeData struct {
	latencies []time.Duration
	codes     map[int]int
	errors    int
	samples   []string
	first     time.Time // first request sent
	lastSent  time.Time
	lastDone  time.Time
	ok        int
}

func newCollector() *collector { return &collector{routes: map[string]*routeData{}} }

// add records one request: its route, when it was sent, how long it took,
// its status (0 when there was none) and, for a failure, what went wrong.
func (c *collector) add(route string, sent time.Time, took time.Duration, code int, failure string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.routes[route]
	if d == nil {
		d = &routeData{codes: map[int]int{}, first: sent}
		c.routes[route] = d
	}
	d.latencies = append(d.latencies, took)
	d.codes[code]++
	if sent.Before(d.first) {
		d.first = sent
	}
	if sent.After(d.lastSent) {
		d.lastSent = sent
	}
	if end := sent.Add(took); end.After(d.lastDone) {
		d.lastDone = end
	}
	if failure == "" {
		d.ok++
		return
	}
	d.errors++
	// One sample of each kind of failure: the same timeout on another
	// address is the same kind.
	kind := quotedURL.ReplaceAllString(failure, `"…"`)
	if len(d.samples) < 5 && !slices.ContainsFunc(d.samples, func(s string) bool { return quotedURL.ReplaceAllString(s, `"…"`) == kind }) {
		d.samples = append(d.samples, failure)
	}
}

var quotedURL = regexp.MustCompile(`"https?://[^"]*"`)

// failure says what went wrong with a response or a request, or "".
// Redirects (3xx) count as success; 304 is what a conditional request
// hopes for.
func failure(code int, transport string, body []byte) string {
	switch {
	case code == 0 && transport != "":
		return transport
	case code >= 200 && code < 400:
		return ""
	}
	msg := strconv.Itoa(code) + " " + http.StatusText(code)
	if b := strings.Join(strings.Fields(string(body)), " "); b != "" {
		msg += ": " + clip(b, 200)
	}
	return msg
}

// stats computes a route's figures.
func (d *routeData) stats(route string) *RouteStats {
	lat := slices.Clone(d.latencies)
	slices.Sort(lat)
	s := &RouteStats{Route: route, Requests: len(lat), Errors: d.errors, ErrorSamples: d.samples, Codes: map[string]int{}}
	for code, n := range d.codes {
		name := strconv.Itoa(code)
		if code == 0 {
			name = "transport error"
		}
		s.Codes[name] = n
	}
	if len(lat) == 0 {
		return s
	}
	var sum time.Duration
	for _, l := range lat {
		sum += l
	}
	s.MeanMs = ms(sum / time.Duration(len(lat)))
	s.P50Ms, s.P90Ms, s.P99Ms = ms(percentile(lat, 0.50)), ms(percentile(lat, 0.90)), ms(percentile(lat, 0.99))
	s.MaxMs = ms(lat[len(lat)-1])
	if span := d.lastSent.Sub(d.first).Seconds(); span > 0 && len(lat) > 1 {
		s.Rate = float64(len(lat)-1) / span
	}
	if span := d.lastDone.Sub(d.first).Seconds(); span > 0 {
		s.Throughput = float64(d.ok) / span
	}
	return s
}

// percentile is the nearest-rank percentile of sorted latencies.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// attack runs requests from next at rate for du with vegeta and hands
// each result, with its route, to onResult.
func attack(ctx context.Context, cfg *config, base, name string, next func() request, rate int, du time.Duration, onResult func(route string, r *vegeta.Result)) {
	atk := vegeta.NewAttacker(
		vegeta.Timeout(cfg.timeout),
		vegeta.Workers(min(32, cfg.maxWorkers)),
		vegeta.MaxWorkers(cfg.maxWorkers),
		vegeta.MaxBody(2048), // enough for an error's message; the rest is read and dropped
		vegeta.Redirects(vegeta.NoFollow),
		vegeta.KeepAlive(true),
	)
	// The route of each URL: in the mixed run a URL belongs to one route
	// (the feed's is only the feed's), so results are sorted by URL.
	var mu sync.Mutex
	routes := map[string]string{}
	tr := func(t *vegeta.Target) error {
		r := next()
		t.Method, t.URL, t.Header = r.method, base+r.path, r.header
		mu.Lock()
		routes[t.URL] = r.route
		mu.Unlock()
		return nil
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			atk.Stop()
		case <-done:
		}
	}()
	for res := range atk.Attack(tr, vegeta.ConstantPacer{Freq: rate, Per: time.Second}, du, name) {
		mu.Lock()
		route, ok := routes[res.URL]
		mu.Unlock()
		if !ok {
			route = name
		}
		onResult(route, res)
	}
}

// runRoute runs one read route at the configured rate.
func runRoute(ctx context.Context, cfg *config, srv *server, tg *targets, route string) (*RunResult, error) {
	col := newCollector()
	next := tg.reader(route)
	onResult := func(measure bool) func(string, *vegeta.Result) {
		return func(r string, res *vegeta.Result) {
			if r == "events" && res.Code == http.StatusOK {
				tg.follow(res.Headers.Get("Link"))
			}
			if measure {
				col.add(r, res.Timestamp, res.Latency, int(res.Code), failure(int(res.Code), res.Error, res.Body))
			}
		}
	}
	if cfg.warmup > 0 {
		attack(ctx, cfg, srv.base, route, next, cfg.rate, cfg.warmup, onResult(false))
	}
	start := srv.begin()
	attack(ctx, cfg, srv.base, route, next, cfg.rate, cfg.duration, onResult(true))
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &RunResult{Name: route, Rate: cfg.rate, Duration: cfg.duration.String(), Memory: srv.end(start)}
	if d := col.routes[route]; d != nil {
		res.Routes = append(res.Routes, d.stats(route))
	}
	return res, nil
}

// runMixed runs the readers over every read route while editors, signed
// in through the sign-in form, create and update events through the API.
func runMixed(ctx context.Context, cfg *config, srv *server, tg *targets, emails []string, password string) (*RunResult, error) {
	col := newCollector()
	var eds []*editor
	for i, email := range emails {
		e, err := newEditor(srv.base, email, i, len(emails), tg)
		if err != nil {
			return nil, err
		}
		eds = append(eds, e)
	}
	next := tg.mixed(cfg.mix)
	onResult := func(measure bool) func(string, *vegeta.Result) {
		return func(r string, res *vegeta.Result) {
			if r == "events" && res.Code == http.StatusOK {
				tg.follow(res.Headers.Get("Link"))
			}
			if measure {
				col.add(r, res.Timestamp, res.Latency, int(res.Code), failure(int(res.Code), res.Error, res.Body))
				col.add(allReads, res.Timestamp, res.Latency, int(res.Code), failure(int(res.Code), res.Error, res.Body))
			}
		}
	}
	if cfg.signInEarly {
		// Signed in before the run, one after the other, outside it.
		for _, e := range eds {
			if err := e.login(ctx, newCollector(), password); err != nil {
				return nil, fmt.Errorf("sign %s in: %w", e.email, err)
			}
		}
	}
	if cfg.warmup > 0 {
		attack(ctx, cfg, srv.base, "mixed", next, cfg.rate, cfg.warmup, onResult(false))
	}
	start := srv.begin()
	deadline := time.Now().Add(cfg.duration)
	var wg sync.WaitGroup
	if cfg.writeRate > 0 {
		// Each editor signs in (an argon2id check of 64 MiB) at its
		// start, inside the measured run, then writes.
		for _, e := range eds {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e.write(ctx, col, password, cfg.writeRate, deadline)
			}()
		}
	}
	attack(ctx, cfg, srv.base, "mixed", next, cfg.rate, cfg.duration, onResult(true))
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &RunResult{Name: "mixed", Rate: cfg.rate, Duration: cfg.duration.String(), Memory: srv.end(start), Editors: len(eds), WriteRate: cfg.writeRate, Mix: cfg.mix, SignedInBefore: cfg.signInEarly}
	for _, r := range append(append(mixOrder(cfg.mix), allReads), writeRoutes...) {
		if d := col.routes[r]; d != nil {
			res.Routes = append(res.Routes, d.stats(r))
		}
	}
	return res, nil
}

// allReads is the row of the mixed run that sums its read routes.
const allReads = "all reads"

// The editors' routes.
const (
	writeSignIn = "write: sign in (POST /admin/login)"
	writeCreate = "write: create event (POST)"
	writeRead   = "write: read event (GET)"
	writeUpdate = "write: update event (PUT)"
)

var writeRoutes = []string{writeSignIn, writeCreate, writeRead, writeUpdate}

// editor is a signed-in editor writing through the API with the
// session cookie of the sign-in form, as the workspace's scripts would.
type editor struct {
	base     string
	email    string
	n, of    int // this editor's number (from 0) and how many there are
	client   *http.Client
	tg       *targets
	pool     []int64 // generated events only this editor updates
	created  []int64
	writes   int
	signedIn bool
}

func newEditor(base, email string, n, of int, tg *targets) (*editor, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	e := &editor{base: base, email: email, n: n, of: of, tg: tg,
		client: &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	for i, id := range tg.updatePool {
		if i%of == n {
			e.pool = append(e.pool, id)
		}
	}
	return e, nil
}

// newRequest makes a request as a same-origin browser request would be.
func (e *editor) newRequest(ctx context.Context, method, path, contentType string, body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, e.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Origin", e.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req, nil
}

// login signs in through the sign-in form, as a browser does, keeping
// the session cookie.
func (e *editor) login(ctx context.Context, col *collector, password string) error {
	form := url.Values{"email": {e.email}, "password": {password}, "next": {"/admin/"}}
	code, body := e.do(ctx, col, writeSignIn, "POST", "/admin/login", "application/x-www-form-urlencoded", []byte(form.Encode()))
	if code != http.StatusSeeOther {
		return fmt.Errorf("POST /admin/login: %d: %s", code, clip(string(body), 300))
	}
	u, _ := url.Parse(e.base)
	if len(e.client.Jar.Cookies(u)) == 0 {
		return errors.New("POST /admin/login set no cookie")
	}
	e.signedIn = true
	return nil
}

// do sends one request and records it under route.
func (e *editor) do(ctx context.Context, col *collector, route, method, path, ct string, body []byte) (int, []byte) {
	req, err := e.newRequest(ctx, method, path, ct, body)
	if err != nil {
		col.add(route, time.Now(), 0, 0, err.Error())
		return 0, nil
	}
	sent := time.Now()
	resp, err := e.client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			col.add(route, sent, time.Since(sent), 0, err.Error())
		}
		return 0, nil
	}
	out, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(sent)
	msg := failure(resp.StatusCode, "", out)
	if err != nil {
		msg = err.Error()
	}
	col.add(route, sent, took, resp.StatusCode, msg)
	return resp.StatusCode, out
}

// write writes at rate per second until deadline: a new published event,
// then a read and an update of an existing one (its own, or a generated
// one only it updates, so that no two editors conflict), in turn.
func (e *editor) write(ctx context.Context, col *collector, password string, rate float64, deadline time.Time) {
	interval := time.Duration(float64(time.Second) / rate)
	// Editors start spread over the first interval, by signing in.
	at := time.Now().Add(time.Duration(e.n) * interval / time.Duration(e.of))
	for {
		if wait := time.Until(at); wait > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return
		}
		if !e.signedIn {
			if err := e.login(ctx, col, password); err != nil {
				return // counted as an error of the sign-in route
			}
		}
		if e.writes%2 == 0 {
			e.create(ctx, col)
		} else {
			e.update(ctx, col)
		}
		e.writes++
		at = at.Add(interval)
		if now := time.Now(); at.Before(now) {
			at = now // behind: no burst to catch up
		}
	}
}

func (e *editor) create(ctx context.Context, col *collector) {
	tg := e.tg
	i := e.writes/2 + e.n
	kind := tg.kinds[i%len(tg.kinds)]
	year := tg.years[i%len(tg.years)]
	ev := map[string]any{
		"kind":      kind,
		"title":     map[string]string{"en": fmt.Sprintf("Load test %s %d of editor %d", strings.ReplaceAll(kind, "_", " "), i, e.n+1)},
		"summary":   map[string]string{"en": "Written by bench/load while readers read."},
		"start":     fmt.Sprintf("%d-%02d-%02d", year, 1+i%12, 1+i%28),
		"country":   "AZ",
		"funder_id": tg.funderID,
		"status":    "published",
	}
	if len(tg.personIDs) > 0 {
		ev["participants"] = []map[string]any{{"person_id": tg.personIDs[i%len(tg.personIDs)], "role": "speaker"}}
	}
	body, _ := json.Marshal(ev)
	code, out := e.do(ctx, col, writeCreate, "POST", "/api/v1/events", "application/json", body)
	if code != http.StatusCreated {
		return
	}
	var made struct {
		ID int64 `json:"id"`
	}
	if json.Unmarshal(out, &made) == nil && made.ID > 0 {
		e.created = append(e.created, made.ID)
	}
}

func (e *editor) update(ctx context.Context, col *collector) {
	var id int64
	i := e.writes / 2
	switch {
	case i%2 == 0 && len(e.created) > 0:
		id = e.created[len(e.created)-1]
	case len(e.pool) > 0:
		id = e.pool[(i/2)%len(e.pool)]
	case len(e.created) > 0:
		id = e.created[len(e.created)-1]
	default:
		return
	}
	path := "/api/v1/events/" + strconv.FormatInt(id, 10)
	code, out := e.do(ctx, col, writeRead, "GET", path, "", nil)
	if code != http.StatusOK {
		return
	}
	var ev map[string]any
	if err := json.Unmarshal(out, &ev); err != nil {
		col.add(writeRead, time.Now(), 0, 0, "the event read is not JSON: "+err.Error())
		return
	}
	// A new summary each time, keeping the version read: a conflict
	// would be a 409, counted as an error.
	ev["summary"] = map[string]string{"en": fmt.Sprintf("Revised by load test editor %d, write %d.", e.n+1, e.writes)}
	body, _ := json.Marshal(ev)
	e.do(ctx, col, writeUpdate, "PUT", path, "application/json", body)
}
