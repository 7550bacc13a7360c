package server

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"
)

// However many addresses ask, the limiter holds at most MaxClients
// buckets per class, and forgets idle ones first.
func TestLimiterMemoryIsBounded(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cfg := DefaultRateLimits()
	cfg.MaxClients = 100
	cfg.Now = func() time.Time { return now }
	l := newLimiter(cfg, nil)
	for i := range 10000 {
		l.allow(API, fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), false)
	}
	if n := l.tracked(); n != 100 {
		t.Fatalf("tracked %d buckets after 10,000 clients; want the cap, 100", n)
	}
	// The clients seen last are the ones kept: the newest is still
	// refused past its burst, not forgotten.
	last := "10.0.39.15" // client 9999
	for l.allow(API, last, false) == 0 {
	}
	if l.allow(API, last, false) == 0 {
		t.Fatal("an exhausted client was served")
	}
	// Once every bucket has had time to refill, a new client sweeps the
	// idle ones away.
	now = now.Add(time.Hour)
	l.allow(API, "192.0.2.1", false)
	if n := l.tracked(); n != 1 {
		t.Errorf("tracked %d buckets after an idle hour; want 1", n)
	}
}

func TestClientKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.7":          "203.0.113.7",
		"::ffff:203.0.113.7":   "203.0.113.7",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"not an address":       "not an address",
	} {
		if got := clientKey(in); got != want {
			t.Errorf("clientKey(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		method, path string
		class        Class
		limited      bool
	}{
		{"GET", "/en/", Pages, true},
		{"GET", "/az/institutions/ombudsman", Pages, true},
		{"GET", "/admin/events", Pages, true},
		{"POST", "/admin/events/new", Pages, true},
		{"GET", "/ru/search", Search, true},
		{"GET", "/en/search/suggest", Search, true},
		{"GET", "/api/v1/events", API, true},
		{"POST", "/admin/login", Login, true},
		{"GET", "/admin/login", Pages, true},
		{"POST", "/admin/password", Login, true},
		{"GET", "/feeds/events.ics", Feeds, true},
		{"GET", "/en/feed.atom", Feeds, true},
		{"GET", "/export/iati-activities.xml", Feeds, true},
		{"GET", "/sitemap.xml", Feeds, true},
		{"GET", "/en/timeline/projects.pdf", Feeds, true},
		{"GET", "/healthz", 0, false},
		{"GET", "/readyz", 0, false},
		{"GET", "/static/style.css", 0, false},
		{"GET", "/admin/static/admin.js", 0, false},
	} {
		class, limited := classify(httptest.NewRequest(c.method, c.path, nil))
		if class != c.class || limited != c.limited {
			t.Errorf("%s %s: %s %v; want %s %v", c.method, c.path, class, limited, c.class, c.limited)
		}
	}
}
