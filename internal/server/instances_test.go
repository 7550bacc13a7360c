package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/server"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// openTogether opens n stores on one empty database at the same moment,
// as app instances starting together do.
func openTogether(t *testing.T, dsn string, n int) []*store.Store {
	t.Helper()
	stores := make([]*store.Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			stores[i], errs[i] = store.Open(context.Background(), dsn, store.Options{})
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		t.Cleanup(func() { stores[i].Close() })
	}
	return stores
}

// Instances starting together on an empty database migrate it once.
func TestInstancesStartingTogetherMigrateOnce(t *testing.T) {
	dsn := storetest.DSN(t)
	stores := openTogether(t, dsn, 4)
	v, err := stores[0].SchemaVersion(context.Background())
	if err != nil || v < 2 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	for _, st := range stores[1:] {
		if w, _ := st.SchemaVersion(context.Background()); w != v {
			t.Fatalf("instances disagree on the schema: %d and %d", v, w)
		}
	}
	n, err := stores[0].MigrationsApplied(context.Background())
	if err != nil || n != v {
		t.Fatalf("%d migration rows for version %d: a migration ran twice, or not at all (%v)", n, v, err)
	}
}

// Two app instances on one database behave as one site: signed in through
// one, the browser acts through the other; failed sign-ins counted by one
// are counted by the other.
func TestTwoInstancesShareSessionsAndThrottling(t *testing.T) {
	dsn := storetest.DSN(t)
	stores := openTogether(t, dsn, 2)
	if _, err := demo.Load(context.Background(), stores[0]); err != nil {
		t.Fatal(err)
	}
	servertest.User(t, stores[0], "editor")
	var sites []*httptest.Server
	for _, st := range stores {
		app, err := server.New(st, server.Options{Now: storetest.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(app.Handler)
		t.Cleanup(srv.Close)
		sites = append(sites, srv)
	}
	a, b := sites[0], sites[1]
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(base, path string, form url.Values) *http.Response {
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := browser.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(a.URL, "/admin/login", url.Values{"email": {"editor@test.example"}, "password": {servertest.Password}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login through A: %d", resp.StatusCode)
	}
	// The cookie was set for A's host; B is another port of the same host.
	ua, _ := url.Parse(a.URL)
	ub, _ := url.Parse(b.URL)
	jar.SetCookies(ub, jar.Cookies(ua))
	resp, err := browser.Get(b.URL + "/admin/events/1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("the session from A is not known to B: %d", resp.StatusCode)
	}
	if resp := post(b.URL, "/admin/publications/1/delete", nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/publications?notice=deleted" {
		t.Fatalf("acting through B: %d", resp.StatusCode)
	}
	if resp := post(b.URL, "/admin/logout", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout through B: %d", resp.StatusCode)
	}
	jar.SetCookies(ua, jar.Cookies(ub))
	resp, _ = browser.Get(a.URL + "/admin/events/1")
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("signed out through B, A still lets the session in: %d", resp.StatusCode)
	}

	for i := range 5 {
		post([]string{a.URL, b.URL}[i%2], "/admin/login", url.Values{"email": {"editor@test.example"}, "password": {"not the password"}})
	}
	if resp := post(b.URL, "/admin/login", url.Values{"email": {"editor@test.example"}, "password": {servertest.Password}}); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("failures through both instances are not counted together: %d", resp.StatusCode)
	}
}
