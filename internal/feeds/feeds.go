// Package feeds publishes the registry as feeds a reader subscribes to:
// iCalendar (RFC 5545) calendars of the published events — all of them,
// one project's, one partnership's — and an Atom (RFC 4287) feed of the
// records published most recently, in each portal language. Like the
// portal, it shows published records only, and never names a draft person
// or institution. See docs/feeds.md.
package feeds

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/messages"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/versioned"
)

// Feeds serves the calendars and the Atom feed.
type Feeds struct {
	st     *store.Store
	log    *slog.Logger
	origin func(*http.Request) string
	cat    *messages.Catalog

	mu     sync.Mutex
	siteID string // the store's SiteID, once read

	// calendars keeps calendars drawn from the registry: a calendar
	// program asks every few hours, and many ask.
	calendars *versioned.Cache[*drawnCalendar]
}

// Options configure the feeds.
type Options struct {
	Log *slog.Logger
	// Origin is the site's public address ("https://registry.ombudsman.az")
	// for the links to the portal's pages.
	Origin func(*http.Request) string
	// CalendarGrace is how long after it was drawn a calendar may still be
	// served when the registry has changed since (see drawnCalendar); 0
	// draws it again after every change.
	CalendarGrace time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// New reads the message catalogs.
func New(st *store.Store, opt Options) (*Feeds, error) {
	cat, err := messages.Embedded()
	if err != nil {
		return nil, err
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.Origin == nil {
		return nil, fmt.Errorf("feeds: Options.Origin is required")
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Feeds{st: st, log: opt.Log, origin: opt.Origin, cat: cat, calendars: newCalendarCache(opt.CalendarGrace, opt.Now)}, nil
}

// Register adds the feeds' routes; anyone may read them.
func (f *Feeds) Register(mux *auth.Router) {
	mux.HandleFunc("GET /feeds/events.ics", auth.Anyone, f.allEvents)
	mux.HandleFunc("GET /feeds/projects/{slug}/events.ics", auth.Anyone, f.projectEvents)
	mux.HandleFunc("GET /feeds/partners/{slug}/events.ics", auth.Anyone, f.partnerEvents)
	for _, l := range locale.Languages {
		mux.HandleFunc("GET /"+l+"/feed.atom", auth.Anyone, f.atom)
	}
}

// formatVersion changes when the feeds' output changes for the same
// registry, so that validators from an older Liaison no longer match.
const formatVersion = "1"

// cacheControl lets readers and caches keep a feed a quarter of an hour;
// after that they ask again with the validators, which cost the server
// one indexed read when nothing changed.
const cacheControl = "public, max-age=900"

// validators gives a response built from the registry as it is now its
// ETag and Last-Modified, taken from the newest entry of the history:
// every write of a record or of the site settings adds one, so they
// change whenever anything a feed shows may have (and sometimes when it
// has not, which costs a reader one download). It answers 304 and
// reports true when the client's copy is current.
func (f *Feeds) validators(w http.ResponseWriter, r *http.Request, rd *store.Reader) (bool, error) {
	id, at, err := rd.LastChange(r.Context())
	if err != nil {
		return false, err
	}
	return writeValidators(w, r, id, at), nil
}

// writeValidators writes the validators of what was drawn from the
// registry as of its change id (at at), and answers 304 when the client's
// copy is that.
func writeValidators(w http.ResponseWriter, r *http.Request, id int64, at time.Time) bool {
	etag := fmt.Sprintf(`W/"%s-%d"`, formatVersion, id)
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	if !at.IsZero() {
		h.Set("Last-Modified", at.UTC().Format(http.TimeFormat))
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		if etagMatches(inm, etag) {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
		return false
	}
	if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !at.IsZero() && !at.Truncate(time.Second).After(ims) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

// etagMatches compares an If-None-Match header with an ETag, weakly (RFC
// 9110, 13.1.2).
func etagMatches(header, etag string) bool {
	want := strings.TrimPrefix(etag, "W/")
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == want {
			return true
		}
	}
	return false
}

// site returns the registry's site id (store.SiteID), read once.
func (f *Feeds) site(ctx context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.siteID != "" {
		return f.siteID, nil
	}
	id, err := f.st.SiteID(ctx)
	if err != nil {
		return "", err
	}
	f.siteID = id
	return id, nil
}

// nameUUID is a name-based (version 5, SHA-1) UUID of name in the site's
// namespace: the same for the same site and name wherever and whenever it
// is made, and different from every other site's.
func nameUUID(site, name string) string {
	ns, err := hex.DecodeString(strings.ReplaceAll(site, "-", ""))
	if err != nil || len(ns) != 16 {
		sum := sha1.Sum([]byte(site))
		ns = sum[:16]
	}
	h := sha1.New()
	h.Write(ns)
	h.Write([]byte(name))
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x50 // version 5
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// tr is Liaison's own words in one language.
type tr struct {
	messages.Words
	lang string
}

func (f *Feeds) tr(lang string) tr {
	return tr{Words: f.cat.In(lang), lang: lang}
}

// text is a record's text in the language, or in the first other one it
// has (registry.Text.In), with the language it is in.
func (t tr) text(x registry.Text) (string, string) { return x.In(t.lang) }

func (t tr) country(code string) string {
	if code == "" {
		return ""
	}
	return country.Name(code, t.lang)
}

// kind is the name of a code in the language ("kind.seminar").
func (t tr) kind(group, code string) string {
	if code == "" {
		return ""
	}
	return t.S(group + "." + code)
}

// eventTitle is an event's title, or for an untitled one (as legacy
// records often are) its kind and country, as the portal names it.
func (t tr) eventTitle(e *registry.Event) (title, lang string) {
	if s, in := t.text(e.Title); s != "" {
		return s, in
	}
	kind := t.kind("kind", string(e.Kind))
	switch {
	case e.Country != "" && e.Kind == registry.StudyVisit:
		return t.S("event.untitled_to", "Kind", kind, "Country", t.country(e.Country)), t.lang
	case e.Country != "":
		return t.S("event.untitled_in", "Kind", kind, "Country", t.country(e.Country)), t.lang
	}
	return kind, t.lang
}

// place is "City, Country" in the language; "" when neither is known.
func (t tr) place(e *registry.Event) string {
	var parts []string
	if city, _ := t.text(e.City); city != "" {
		parts = append(parts, city)
	}
	if e.Country != "" {
		parts = append(parts, t.country(e.Country))
	}
	return strings.Join(parts, ", ")
}

// siteName is the site's name in the language: the one an admin set, or
// the home institution's, as the portal shows it.
func siteName(ctx context.Context, rd *store.Reader, t tr) (string, error) {
	s, err := rd.Settings(ctx)
	if err != nil {
		return "", err
	}
	if n, _ := t.text(s.SiteName); n != "" {
		return n, nil
	}
	if s.HomeInstitutionID != 0 {
		in, err := rd.Institution(ctx, s.HomeInstitutionID)
		if err == nil && in.Status == registry.Published {
			if n, _ := t.text(in.Name); n != "" {
				return n, nil
			}
		}
	}
	return t.S("site.name"), nil
}

// fail answers a request that failed before any of its body was written.
func (f *Feeds) fail(w http.ResponseWriter, r *http.Request, err error) {
	h := w.Header()
	h.Del("ETag")
	h.Del("Last-Modified")
	h.Set("Cache-Control", "no-store")
	f.log.ErrorContext(r.Context(), "feed failed", "path", r.URL.Path, "err", err)
	http.Error(w, "Something went wrong on our side. Please try again in a moment.", http.StatusInternalServerError)
}
