// Package servertest serves a registry for tests, with accounts and
// tokens of every role at hand.
package servertest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/server"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// Server is a site under test.
type Server struct {
	*httptest.Server
	App   *server.App
	Store *store.Store
}

// New serves st on a local port for the test's duration, with the test
// clock and a quiet log.
// Rate limits are off (Options.RateLimits nil): tests ask as fast as
// they like from one address.
func New(t testing.TB, st *store.Store) *Server {
	t.Helper()
	return NewWithOptions(t, st, server.Options{})
}

// NewWithOptions is New with opt; a nil Now or Log is the test clock or a
// quiet log.
func NewWithOptions(t testing.TB, st *store.Store, opt server.Options) *Server {
	t.Helper()
	if opt.Now == nil {
		opt.Now = storetest.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	app, err := server.New(st, opt)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler)
	t.Cleanup(srv.Close)
	return &Server{Server: srv, App: app, Store: st}
}

// Password is the password of every account User makes.
const Password = "correct horse battery staple"

var (
	hashOnce sync.Once
	hash     string
)

// User returns an account with role ("viewer", "editor", "admin"),
// making it on first use.
func User(t testing.TB, st *store.Store, role string) *store.User {
	t.Helper()
	hashOnce.Do(func() { hash, _ = auth.HashPassword(Password) })
	ctx := context.Background()
	email := role + "@test.example"
	if u, err := st.UserByEmail(ctx, email); err == nil {
		return u
	}
	u := &store.User{Email: email, Name: "Test " + role, Role: role, PasswordHash: hash}
	if err := st.Transact(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
		t.Fatal(err)
	}
	return u
}

// SessionCookie signs an account of role in, without the password round
// trip, and returns its session cookie.
func SessionCookie(t testing.TB, st *store.Store, role string) *http.Cookie {
	t.Helper()
	u := User(t, st, role)
	secret, h := auth.NewSecret("")
	now := time.Now()
	ctx := context.Background()
	err := st.Transact(ctx, func(tx *store.Tx) error {
		return tx.CreateSession(ctx, store.Session{Hash: h, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
	})
	if err != nil {
		t.Fatal(err)
	}
	return &http.Cookie{Name: auth.CookieName, Value: secret}
}

// Client returns an HTTP client signed in with role ("" for anonymous),
// which does not follow redirects, and sends what a same-origin browser
// request sends.
func (s *Server) Client(t testing.TB, role string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	if role != "" {
		u, _ := url.Parse(s.URL)
		jar.SetCookies(u, []*http.Cookie{SessionCookie(t, s.Store, role)})
	}
	return &http.Client{
		Jar:           jar,
		Transport:     sameOrigin{http.DefaultTransport},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

type sameOrigin struct{ next http.RoundTripper }

func (s sameOrigin) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if r.Header.Get("Sec-Fetch-Site") == "" {
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	return s.next.RoundTrip(r)
}

// Token makes an API token of scope ("read" or "write") and returns its
// secret.
func Token(t testing.TB, st *store.Store, scope string) string {
	t.Helper()
	secret, h := auth.NewSecret("lia_")
	ctx := context.Background()
	tok := &store.Token{Name: fmt.Sprintf("test %s token", scope), Scope: scope}
	if err := st.Transact(ctx, func(tx *store.Tx) error { return tx.CreateToken(ctx, tok, h) }); err != nil {
		t.Fatal(err)
	}
	return secret
}
