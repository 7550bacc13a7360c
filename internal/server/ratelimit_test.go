package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/server"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// clock is a test clock the rate limits run on, moved by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// limitedServer serves the demo registry with tight limits on a test
// clock, taking client addresses from X-Forwarded-For so that a test can
// be several clients.
func limitedServer(t *testing.T) (*servertest.Server, *clock) {
	clk := &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	var lim server.RateLimits
	lim.Rates[server.Pages] = server.Rate{PerMinute: 30, Burst: 3}
	lim.Rates[server.Search] = server.Rate{PerMinute: 20, Burst: 2}
	lim.Rates[server.API] = server.Rate{PerMinute: 60, Burst: 4}
	lim.Rates[server.Login] = server.Rate{PerMinute: 5, Burst: 2}
	lim.Rates[server.Feeds] = server.Rate{PerMinute: 10, Burst: 2}
	lim.StaffFactor = 10
	lim.Now = clk.Now
	srv := servertest.NewWithOptions(t, storetest.Demo(t), server.Options{RateLimits: &lim, Auth: auth.Config{TrustProxy: true}})
	return srv, clk
}

type answer struct {
	status     int
	retryAfter string
	ctype      string
	body       string
}

// ask sends a request as the client at addr.
func ask(t *testing.T, srv *servertest.Server, method, path, addr string, prepare func(*http.Request)) answer {
	t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader(url.Values{"email": {"editor@test.example"}, "password": {"wrong"}}.Encode())
	}
	req, _ := http.NewRequest(method, srv.URL+path, body)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("X-Forwarded-For", addr)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if prepare != nil {
		prepare(req)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("Content-Type"), string(b)}
}

func assertHealthy(t *testing.T, base string) {
	t.Helper()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatalf("healthz: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("healthz = %d", resp.StatusCode)
	}
}

// Each class of request has its own bucket per client: past its burst a
// client gets 429 with Retry-After, others are still served, and after
// waiting Retry-After the client is served again.
func TestTooManyRequestsPerClass(t *testing.T) {
	for _, c := range []struct {
		class, method, path string
		burst               int
		retryAfter          int // seconds, one request at the class's rate
	}{
		{"pages", "GET", "/en/", 3, 2},
		{"search", "GET", "/en/search?q=ombudsman", 2, 3},
		{"suggestions", "GET", "/en/search/suggest?q=om", 2, 3},
		{"api", "GET", "/api/v1/events?limit=1", 4, 1},
		{"login", "POST", "/admin/login", 2, 12},
		{"feeds", "GET", "/feeds/events.ics", 2, 6},
	} {
		t.Run(c.class, func(t *testing.T) {
			srv, clk := limitedServer(t)
			for i := range c.burst {
				if a := ask(t, srv, c.method, c.path, "203.0.113.7", nil); a.status == http.StatusTooManyRequests {
					t.Fatalf("request %d of a burst of %d refused", i+1, c.burst)
				}
			}
			a := ask(t, srv, c.method, c.path, "203.0.113.7", nil)
			if a.status != http.StatusTooManyRequests || a.retryAfter != strconv.Itoa(c.retryAfter) {
				t.Fatalf("past the burst: %d, Retry-After %q; want 429 and %d", a.status, a.retryAfter, c.retryAfter)
			}
			if c.class == "api" {
				var p struct {
					Status int    `json:"status"`
					Detail string `json:"detail"`
				}
				if a.ctype != "application/problem+json" || json.Unmarshal([]byte(a.body), &p) != nil || p.Status != 429 || !strings.Contains(p.Detail, "1 second") {
					t.Errorf("API refusal: %s %s", a.ctype, a.body)
				}
			} else if !strings.HasPrefix(a.ctype, "text/html") || !strings.Contains(a.body, "wait "+strconv.Itoa(c.retryAfter)+" second") {
				t.Errorf("page refusal: %s %s", a.ctype, a.body)
			}
			// Another client is served.
			if a := ask(t, srv, c.method, c.path, "198.51.100.20", nil); a.status == http.StatusTooManyRequests {
				t.Errorf("another client refused too")
			}
			// Just before Retry-After, still refused; at it, served.
			clk.Add(time.Duration(c.retryAfter)*time.Second - 100*time.Millisecond)
			if a := ask(t, srv, c.method, c.path, "203.0.113.7", nil); a.status != http.StatusTooManyRequests {
				t.Errorf("before Retry-After: %d", a.status)
			}
			clk.Add(100 * time.Millisecond)
			if a := ask(t, srv, c.method, c.path, "203.0.113.7", nil); a.status == http.StatusTooManyRequests {
				t.Errorf("after Retry-After still refused")
			}
			assertHealthy(t, srv.URL)
		})
	}
}

// The classes are separate: a client out of searches may still read pages.
func TestClassesHaveSeparateBuckets(t *testing.T) {
	srv, _ := limitedServer(t)
	for range 2 {
		ask(t, srv, "GET", "/en/search?q=ombudsman", "203.0.113.7", nil)
	}
	if a := ask(t, srv, "GET", "/en/search?q=ombudsman", "203.0.113.7", nil); a.status != http.StatusTooManyRequests {
		t.Fatalf("third search = %d", a.status)
	}
	if a := ask(t, srv, "GET", "/en/", "203.0.113.7", nil); a.status != http.StatusOK {
		t.Errorf("a page after the searches ran out = %d", a.status)
	}
	// Health checks and static files are never limited.
	for range 10 {
		for _, path := range []string{"/healthz", "/readyz", "/static/style.css"} {
			if a := ask(t, srv, "GET", path, "203.0.113.7", nil); a.status != http.StatusOK {
				t.Fatalf("%s = %d", path, a.status)
			}
		}
	}
}

// Signed-in staff and write tokens get StaffFactor times the rates,
// read tokens and anonymous clients do not; sign-in is never relaxed.
func TestStaffGetHigherLimits(t *testing.T) {
	srv, _ := limitedServer(t)
	cookie := servertest.SessionCookie(t, srv.Store, "editor")
	write := servertest.Token(t, srv.Store, "write")
	read := servertest.Token(t, srv.Store, "read")
	withCookie := func(r *http.Request) { r.AddCookie(cookie) }
	bearer := func(tok string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
	}
	served := func(path, addr string, prepare func(*http.Request)) int {
		n := 0
		for range 100 {
			if a := ask(t, srv, "GET", path, addr, prepare); a.status == http.StatusTooManyRequests {
				break
			}
			n++
		}
		return n
	}
	if n := served("/admin/", "203.0.113.1", withCookie); n != 30 {
		t.Errorf("editor served %d pages at once; want 30 (3 x 10)", n)
	}
	if n := served("/api/v1/events?limit=1", "203.0.113.2", bearer(write)); n != 40 {
		t.Errorf("write token served %d API requests at once; want 40", n)
	}
	if n := served("/api/v1/events?limit=1", "203.0.113.3", bearer(read)); n != 4 {
		t.Errorf("read token served %d API requests at once; want 4", n)
	}
	// Staff have buckets of their own: anonymous readers at the same
	// address were not slowed by them.
	if n := served("/en/", "203.0.113.1", nil); n != 3 {
		t.Errorf("anonymous at the editor's address served %d; want 3", n)
	}
	logins := 0
	for range 10 {
		if a := ask(t, srv, "POST", "/admin/login", "203.0.113.1", withCookie); a.status == http.StatusTooManyRequests {
			break
		}
		logins++
	}
	if logins != 2 {
		t.Errorf("sign-in attempts with a session: %d; want 2", logins)
	}
}

// Requests with a bad token are refused before the limiter sees them,
// but still count against their address.
func TestBadTokensAreRateLimited(t *testing.T) {
	srv, _ := limitedServer(t)
	statuses := []int{}
	for range 6 {
		a := ask(t, srv, "GET", "/api/v1/events", "203.0.113.9", func(r *http.Request) { r.Header.Set("Authorization", "Bearer lia_guess") })
		statuses = append(statuses, a.status)
	}
	want := []int{401, 401, 401, 401, 429, 429}
	for i := range want {
		if statuses[i] != want[i] {
			t.Fatalf("statuses %v; want %v", statuses, want)
		}
	}
	assertHealthy(t, srv.URL)
}

// Without RateLimits (tests, load tests) nothing is refused.
func TestNoRateLimitsByDefault(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	for i := range 50 {
		resp, err := http.Get(srv.URL + "/api/v1/events?limit=1")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("request %d = %d", i, resp.StatusCode)
		}
	}
}
