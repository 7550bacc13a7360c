package server

import (
	"container/list"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/liaison-registry/liaison/internal/api"
	"github.com/liaison-registry/liaison/internal/auth"
)

// Class is a kind of request with a rate of its own.
type Class int

const (
	// Pages are the portal's and the workspace's pages and documents.
	Pages Class = iota
	// Search is the portal's search and its suggestions as one types.
	Search
	// API is everything under /api/.
	API
	// Login is signing in and changing one's password: attempts to
	// guess a password.
	Login
	// Feeds are the calendars, the Atom feeds, the sitemaps, the
	// open-data exports and PDF downloads, which read (or draw) much of
	// the registry at once.
	Feeds
	classes
)

var classNames = [classes]string{"pages", "search", "api", "login", "feeds"}

func (c Class) String() string { return classNames[c] }

// Rate is a token bucket: PerMinute requests a minute on average, with
// bursts of up to Burst at once.
type Rate struct {
	PerMinute float64
	Burst     int
}

// RateLimits bound how often one client may ask for each class of
// request (docs/deploy.md, "Limits and rate limits").
type RateLimits struct {
	Rates [classes]Rate
	// StaffFactor multiplies the pages, search, API and feeds rates of
	// signed-in staff and of API tokens with write scope: people doing
	// their work, known by name, are not the hostile traffic the limits
	// are for. Login is never relaxed.
	StaffFactor float64
	// MaxClients bounds the buckets kept per class; past it, the client
	// seen longest ago is forgotten (and starts afresh if it returns).
	MaxClients int
	// Now is the clock the buckets run on; time.Now when nil.
	Now func() time.Time
}

// DefaultRateLimits are what `liaison serve` applies unless told
// otherwise: generous for a person reading, tight for a script.
func DefaultRateLimits() RateLimits {
	var l RateLimits
	l.Rates[Pages] = Rate{PerMinute: 300, Burst: 60}
	l.Rates[Search] = Rate{PerMinute: 60, Burst: 30}
	l.Rates[API] = Rate{PerMinute: 600, Burst: 120}
	l.Rates[Login] = Rate{PerMinute: 5, Burst: 5}
	l.Rates[Feeds] = Rate{PerMinute: 60, Burst: 20}
	l.StaffFactor = 10
	l.MaxClients = 20000
	return l
}

// Scaled multiplies every rate and burst by f (at least one request).
func (l RateLimits) Scaled(f float64) RateLimits {
	for i := range l.Rates {
		l.Rates[i].PerMinute *= f
		l.Rates[i].Burst = max(1, int(math.Round(float64(l.Rates[i].Burst)*f)))
	}
	return l
}

// classify says which class a request belongs to, and false for what is
// never limited: health checks, which load balancers poll, and static
// files, which a page brings several of and browsers cache.
func classify(r *http.Request) (Class, bool) {
	p := r.URL.Path
	switch {
	case p == "/healthz" || p == "/readyz" || p == "/favicon.ico":
		return 0, false
	case strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/admin/static/"):
		return 0, false
	case strings.HasPrefix(p, "/api/"):
		return API, true
	case r.Method == http.MethodPost && (p == "/admin/login" || p == "/admin/password"):
		return Login, true
	case strings.HasPrefix(p, "/feeds/") || strings.HasPrefix(p, "/export/") || strings.HasPrefix(p, "/sitemap") ||
		strings.HasSuffix(p, "/feed.atom") || strings.HasSuffix(p, ".pdf"):
		return Feeds, true
	}
	// /{lang}/search and /{lang}/search/suggest.
	if _, rest, ok := strings.Cut(strings.TrimPrefix(p, "/"), "/"); ok && (rest == "search" || strings.HasPrefix(rest, "search/")) {
		return Search, true
	}
	return Pages, true
}

// limiter keeps a token bucket per client and class, in memory: the
// limits of one instance (behind a load balancer, each instance has its
// own). golang.org/x/time/rate does the bucket arithmetic; this keeps
// the buckets, bounded.
type limiter struct {
	cfg     RateLimits
	now     func() time.Time
	clients func(*http.Request) string
	mu      sync.Mutex
	buckets [classes]bucketSet
}

// bucketSet is one class's buckets, least recently used at the back.
type bucketSet struct {
	byClient map[string]*list.Element
	order    list.List
}

type bucket struct {
	client   string
	lim      *rate.Limiter
	lastSeen time.Time
}

func newLimiter(cfg RateLimits, client func(*http.Request) string) *limiter {
	if cfg.MaxClients <= 0 {
		cfg.MaxClients = DefaultRateLimits().MaxClients
	}
	if cfg.StaffFactor < 1 {
		cfg.StaffFactor = 1
	}
	l := &limiter{cfg: cfg, now: cfg.Now, clients: client}
	if l.now == nil {
		l.now = time.Now
	}
	for i := range l.buckets {
		l.buckets[i].byClient = map[string]*list.Element{}
	}
	return l
}

// allow takes one request from the client's bucket of class c and says
// how long to wait when it is empty (0: go ahead).
func (l *limiter) allow(c Class, client string, staff bool) time.Duration {
	rt := l.cfg.Rates[c]
	if rt.PerMinute <= 0 {
		return 0 // no limit for this class
	}
	key := client
	if staff && c != Login {
		// Staff get buckets of their own, so that a colleague behind the
		// same address is not slowed by anonymous readers, nor they by it.
		key = "staff " + client
		rt.PerMinute *= l.cfg.StaffFactor
		rt.Burst = int(float64(rt.Burst) * l.cfg.StaffFactor)
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	set := &l.buckets[c]
	var b *bucket
	if e, ok := set.byClient[key]; ok {
		b = e.Value.(*bucket)
		set.order.MoveToFront(e)
	} else {
		// A bucket idle long enough to have refilled is the same as a
		// new one: forget those first, then, if still full, the client
		// seen longest ago.
		refill := time.Duration(float64(rt.Burst) / rt.PerMinute * float64(time.Minute))
		for e := set.order.Back(); e != nil && (set.order.Len() >= l.cfg.MaxClients || now.Sub(e.Value.(*bucket).lastSeen) > refill); e = set.order.Back() {
			set.order.Remove(e)
			delete(set.byClient, e.Value.(*bucket).client)
		}
		b = &bucket{client: key, lim: rate.NewLimiter(rate.Limit(rt.PerMinute/60), max(rt.Burst, 1))}
		set.byClient[key] = set.order.PushFront(b)
	}
	b.lastSeen = now
	res := b.lim.ReserveN(now, 1)
	if !res.OK() {
		return time.Minute
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return d
	}
	return 0
}

// tracked counts the buckets held, for tests of the memory bound.
func (l *limiter) tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for i := range l.buckets {
		n += l.buckets[i].order.Len()
	}
	return n
}

// clientKey is who a request is counted against: its address (through
// --trust-proxy, the client's as the proxy saw it), an IPv6 address by
// its /64, which one machine usually holds whole.
func clientKey(addr string) string {
	ip := net.ParseIP(addr)
	switch {
	case ip == nil:
		if len(addr) > 64 {
			addr = addr[:64]
		}
		return addr
	case ip.To4() != nil:
		return ip.To4().String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// isStaff says whether the request comes from signed-in staff or a write
// token.
func isStaff(r *http.Request) bool {
	p := auth.From(r.Context())
	if p.Token != nil {
		return p.Token.Scope == auth.ScopeWrite
	}
	return p.User != nil
}

// middleware refuses requests over their client's rate with 429 and
// Retry-After.
func (l *limiter) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, limited := classify(r)
		if limited {
			if wait := l.allow(c, clientKey(l.clients(r)), isStaff(r)); wait > 0 {
				tooManyRequests(w, r, c, wait)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// tooManyRequests answers a request over its rate: problem+json on the
// API, a small page elsewhere.
func tooManyRequests(w http.ResponseWriter, r *http.Request, c Class, wait time.Duration) {
	secs := int(math.Ceil(wait.Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	if strings.HasPrefix(r.URL.Path, "/api/") {
		api.WriteProblem(w, r, api.Problem{Status: http.StatusTooManyRequests,
			Detail: fmt.Sprintf("too many %s requests from your address; try again in %d second(s)", c, secs)})
		return
	}
	lang, msg := "en", "Too many requests from your address. Please wait %d second(s) and try again."
	switch {
	case strings.HasPrefix(r.URL.Path, "/az/"):
		lang, msg = "az", "Ünvanınızdan həddən artıq sorğu gəlib. Zəhmət olmasa, %d saniyə gözləyin və yenidən cəhd edin."
	case strings.HasPrefix(r.URL.Path, "/ru/"):
		lang, msg = "ru", "Слишком много запросов с вашего адреса. Подождите %d с и попробуйте снова."
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusTooManyRequests)
	fmt.Fprintf(w, "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>429</title>"+
		"<link rel=\"stylesheet\" href=\"/static/style.css\"></head>\n<body><main><h1>429</h1><p>%s</p></main></body></html>\n",
		lang, fmt.Sprintf(msg, secs))
}
