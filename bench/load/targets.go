package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
)

// targets are real addresses of the running site, read from its API.
type targets struct {
	base        string
	cooperation string   // /en/cooperation/eu
	projects    []string // project pages
	searches    []string // search pages
	eventLists  []string // first pages of filtered event lists
	feed        string   // /feeds/events.ics
	feedETag    string
	feedSize    string

	// For the editors.
	funderID   int64 // the partnership's partner
	kinds      []string
	years      []int
	personIDs  []int64
	updatePool []int64 // generated events the editors update

	// next holds the next-page links of event lists read so far, which
	// the event-list targeter follows before starting another list.
	next chan string
}

// apiEvent and the others are the parts of the API's records used here.
type apiEvent struct {
	ID    int64             `json:"id"`
	Slug  string            `json:"slug"`
	Kind  string            `json:"kind"`
	Title map[string]string `json:"title"`
	Start string            `json:"start"`
}

type apiProject struct {
	Slug      string            `json:"slug"`
	Title     map[string]string `json:"title"`
	Reference string            `json:"reference"`
}

type apiPerson struct {
	ID         int64  `json:"id"`
	FamilyName string `json:"family_name"`
}

type apiInstitution struct {
	Name    map[string]string `json:"name"`
	Country string            `json:"country"`
}

type apiPartnership struct {
	Slug      string `json:"slug"`
	PartnerID int64  `json:"partner_id"`
}

type page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next"`
}

var client = &http.Client{Timeout: time.Minute}

// getJSON reads a page of the API.
func getJSON(ctx context.Context, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", u, resp.Status, clip(string(body), 300))
	}
	return json.Unmarshal(body, v)
}

// all reads every page of an API list, up to maxPages.
func all[T any](ctx context.Context, base, path string, maxPages int) ([]T, error) {
	var out []T
	next := path
	for range maxPages {
		var p page[T]
		if err := getJSON(ctx, resolve(base, next), &p); err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.Next == "" {
			break
		}
		next = p.Next
	}
	return out, nil
}

// resolve makes a link the site gave (a path or a whole URL) absolute.
func resolve(base, link string) string {
	if strings.HasPrefix(link, "http://") || strings.HasPrefix(link, "https://") {
		// The site's links carry its public URL, which is base here.
		return link
	}
	return base + link
}

// pickTargets reads the running site's API and chooses what to ask for.
// The choice is random but seeded, so that the same registry gives the
// same targets.
func pickTargets(ctx context.Context, base string) (*targets, error) {
	rng := rand.New(rand.NewPCG(1, 2))
	t := &targets{base: base, next: make(chan string, 4096)}

	partnerships, err := all[apiPartnership](ctx, base, "/api/v1/partnerships?limit=500", 1)
	if err != nil {
		return nil, err
	}
	if len(partnerships) == 0 {
		return nil, errors.New("the registry has no published partnership")
	}
	ps := partnerships[0]
	for _, p := range partnerships {
		if p.Slug == "eu" {
			ps = p
		}
	}
	t.cooperation = "/en/cooperation/" + ps.Slug
	t.funderID = ps.PartnerID

	projects, err := all[apiProject](ctx, base, "/api/v1/projects?limit=500", 40)
	if err != nil {
		return nil, err
	}
	if len(projects) == 0 {
		return nil, errors.New("the registry has no published project")
	}
	for _, i := range pickN(rng, len(projects), 20) {
		t.projects = append(t.projects, "/en/projects/"+url.PathEscape(projects[i].Slug))
	}

	events, err := all[apiEvent](ctx, base, "/api/v1/events?limit=500", 40)
	if err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return nil, errors.New("the registry has no published event")
	}
	type yearKind struct {
		year int
		kind string
	}
	seen := map[yearKind]bool{}
	var pairs []yearKind
	for _, i := range rng.Perm(len(events)) {
		e := events[i]
		y, err := strconv.Atoi(e.Start[:min(4, len(e.Start))])
		if err != nil || e.Kind == "" {
			continue
		}
		if !slices.Contains(t.years, y) {
			t.years = append(t.years, y)
		}
		if !slices.Contains(t.kinds, e.Kind) {
			t.kinds = append(t.kinds, e.Kind)
		}
		if k := (yearKind{y, e.Kind}); !seen[k] && len(pairs) < 20 {
			seen[k] = true
			pairs = append(pairs, k)
		}
	}
	for _, p := range pairs {
		t.eventLists = append(t.eventLists, fmt.Sprintf("/api/v1/events?year=%d&kind=%s&limit=%d", p.year, url.QueryEscape(p.kind), eventPageSize))
	}
	for _, i := range pickN(rng, len(events), 60) {
		t.updatePool = append(t.updatePool, events[i].ID)
	}

	people, err := all[apiPerson](ctx, base, "/api/v1/people?limit=500", 1)
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		t.personIDs = append(t.personIDs, p.ID)
	}
	institutions, err := all[apiInstitution](ctx, base, "/api/v1/institutions?limit=500", 1)
	if err != nil {
		return nil, err
	}

	t.searches = searches(rng, events, projects, people, institutions, pairs[0].year, pairs[0].kind)

	t.feed = "/feeds/events.ics"
	if err := t.check(ctx); err != nil {
		return nil, err
	}
	return t, nil
}

// eventPageSize is the limit of the event lists: small enough that a
// filter on one year and kind runs to several pages.
const eventPageSize = 20

// searches makes searches as readers type them from the registry's own
// words: a surname, words of a title, a project reference, a year with a
// type filter, a short prefix, the most common word alone and with a
// country filter, a kind with year and kind filters, and a second page.
func searches(rng *rand.Rand, events []apiEvent, projects []apiProject, people []apiPerson, insts []apiInstitution, year int, kind string) []string {
	q := func(lang, words string, extra ...string) string {
		v := url.Values{"q": {words}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return "/" + lang + "/search?" + v.Encode()
	}
	var out []string
	if len(people) > 0 {
		out = append(out, q("en", strings.ToLower(people[rng.IntN(len(people))].FamilyName)))
	}
	// Title words: two and three words of real titles.
	title := func() []string {
		e := events[rng.IntN(len(events))]
		return words(e.Title["en"])
	}
	if w := title(); len(w) >= 2 {
		out = append(out, q("en", strings.Join(w[:2], " ")))
	}
	if w := title(); len(w) >= 3 {
		out = append(out, q("en", strings.Join(w[len(w)-3:], " ")))
	}
	for _, i := range rng.Perm(len(projects)) {
		if projects[i].Reference != "" {
			out = append(out, q("en", projects[i].Reference))
			break
		}
	}
	out = append(out, q("en", strconv.Itoa(year), "type", "event"))
	// The most common word of the titles and names, and a prefix of it.
	count := map[string]int{}
	for _, e := range events {
		for _, w := range words(e.Title["en"]) {
			count[w]++
		}
	}
	for _, in := range insts {
		for _, w := range words(in.Name["en"]) {
			count[w] += 10
		}
	}
	common := ""
	for w, n := range count {
		if n > count[common] || (n == count[common] && w < common) {
			common = w
		}
	}
	if common != "" {
		out = append(out, q("en", common), q("en", string([]rune(common)[:3])), q("en", common, "page", "2"))
		for _, in := range insts {
			if in.Country != "" {
				out = append(out, q("en", common, "country", in.Country))
				break
			}
		}
	}
	out = append(out, q("az", strings.ReplaceAll(kind, "_", " "), "year", strconv.Itoa(year), "kind", kind))
	return out
}

// words are the lower-case words of s of four letters or more.
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) >= 4 {
			out = append(out, w)
		}
	}
	return out
}

// pickN picks up to n distinct indexes below size.
func pickN(rng *rand.Rand, size, n int) []int {
	perm := rng.Perm(size)
	return perm[:min(n, size)]
}

// check fetches every target once, so that a wrong one fails before the
// runs (and the site's templates and caches are warm), and notes the
// feed's size and ETag.
func (t *targets) check(ctx context.Context) error {
	var all []string
	all = append(all, t.cooperation, t.feed)
	all = append(all, t.projects...)
	all = append(all, t.searches...)
	all = append(all, t.eventLists...)
	for _, path := range all {
		req, err := http.NewRequestWithContext(ctx, "GET", t.base+path, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s", path, resp.Status)
		}
		if path == t.feed {
			t.feedETag = resp.Header.Get("ETag")
			t.feedSize = fmt.Sprintf("%.1f MB", float64(n)/1e6)
		}
	}
	if t.feedETag == "" {
		return fmt.Errorf("GET %s sent no ETag", t.feed)
	}
	return nil
}

// describe lists the targets for the report.
func (t *targets) describe() Targets {
	return Targets{Cooperation: t.cooperation, Projects: t.projects, Searches: t.searches, EventLists: t.eventLists,
		Feed: t.feed, FeedSize: t.feedSize, EventPageSize: eventPageSize}
}

// request is one request a targeter asks for.
type request struct {
	route  string
	method string
	path   string
	header http.Header
}

// cycle returns the items of list in turn, safely from many goroutines.
func cycle(list []string) func() string {
	var i atomic.Uint64
	return func() string { return list[(i.Add(1)-1)%uint64(len(list))] }
}

// reader returns the next request of one read route.
func (t *targets) reader(route string) func() request {
	get := func(path string) request { return request{route: route, method: "GET", path: path} }
	switch route {
	case "cooperation":
		return func() request { return get(t.cooperation) }
	case "project":
		next := cycle(t.projects)
		return func() request { return get(next()) }
	case "search":
		next := cycle(t.searches)
		return func() request { return get(next()) }
	case "events":
		// Follow a list's next links as they come back; start another
		// list when there is none waiting.
		first := cycle(t.eventLists)
		return func() request {
			select {
			case link := <-t.next:
				return get(link)
			default:
				return get(first())
			}
		}
	case "feed":
		return func() request { return get(t.feed) }
	case "feed-conditional":
		// A calendar client asking whether its copy is current. (With
		// ?lang=en, the default, so that its address tells it from the
		// unconditional feed in a mixed run.)
		h := http.Header{"If-None-Match": {t.feedETag}}
		return func() request { return request{route: route, method: "GET", path: t.feed + "?lang=en", header: h} }
	}
	panic("unknown route " + route)
}

// follow queues the next page of an event list a response links to.
func (t *targets) follow(link string) {
	for part := range strings.SplitSeq(link, ",") {
		target, params, ok := strings.Cut(part, ";")
		if !ok || !strings.Contains(params, `rel="next"`) {
			continue
		}
		target = strings.Trim(strings.TrimSpace(target), "<>")
		if u, err := url.Parse(target); err == nil {
			target = u.RequestURI()
		}
		select {
		case t.next <- target:
		default: // a full queue: drop it, a new list starts instead
		}
	}
}

// mixedRoutes are the read routes of the mixed run, by default each as
// often as the others.
var mixedRoutes = []string{"cooperation", "project", "search", "events", "feed"}

// parseMix reads --mix: route=weight pairs, such as "feed=0" to leave
// the feed out; routes not named keep weight 1.
func parseMix(s string) (map[string]int, error) {
	w := map[string]int{}
	for _, r := range mixedRoutes {
		w[r] = 1
	}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, weight, ok := strings.Cut(part, "=")
		n, err := strconv.Atoi(weight)
		if !ok || err != nil || n < 0 {
			return nil, fmt.Errorf("--mix: %q is not ROUTE=WEIGHT", part)
		}
		if !slices.Contains(readRoutes, name) {
			return nil, fmt.Errorf("--mix: unknown route %q; expected some of %s", name, strings.Join(readRoutes, ", "))
		}
		w[name] = n
	}
	total := 0
	for _, n := range w {
		total += n
	}
	if total == 0 {
		return nil, errors.New("--mix: every weight is 0")
	}
	return w, nil
}

// mixed returns the readers' requests of the mixed run: the read routes
// in turn, each as often as its weight says.
func (t *targets) mixed(weights map[string]int) func() request {
	readers := map[string]func() request{}
	var order []string
	for round := 0; ; round++ {
		added := false
		for _, r := range readRoutes {
			if weights[r] > round {
				order = append(order, r)
				added = true
			}
		}
		if !added {
			break
		}
	}
	for _, r := range order {
		if readers[r] == nil {
			readers[r] = t.reader(r)
		}
	}
	var i atomic.Uint64
	return func() request {
		return readers[order[(i.Add(1)-1)%uint64(len(order))]]()
	}
}

// mixOrder lists the routes of a mix with a weight, in the usual order.
func mixOrder(weights map[string]int) []string {
	var out []string
	for _, r := range readRoutes {
		if weights[r] > 0 {
			out = append(out, r)
		}
	}
	return out
}
