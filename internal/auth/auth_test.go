package auth_test

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func TestPasswordHashing(t *testing.T) {
	h, err := auth.HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash %q is not argon2id with the chosen parameters", h)
	}
	if !auth.CheckPassword(h, "correct horse battery staple") || auth.CheckPassword(h, "correct horse battery stapler") || auth.CheckPassword("garbage", "x") {
		t.Error("CheckPassword is wrong")
	}
	h2, _ := auth.HashPassword("correct horse battery staple")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	for pw, ok := range map[string]bool{"short": false, "          ": false, "a good passphrase": true, strings.Repeat("x", 300): false} {
		if err := auth.CheckPasswordStrength(pw); (err == nil) != ok {
			t.Errorf("strength of %q: %v", pw, err)
		}
	}
}

func login(t *testing.T, a *auth.Authenticator, req *http.Request) *http.Response {
	rec := httptest.NewRecorder()
	if _, err := a.Login(rec, req, "ana@test.example", "a long enough password"); err != nil {
		t.Fatal(err)
	}
	return rec.Result()
}

func TestSessionCookieAndExpiry(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	h, _ := auth.HashPassword("a long enough password")
	u := &store.User{Email: "ana@test.example", Role: "editor", PasswordHash: h}
	if err := st.Transact(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	a := auth.New(st, auth.Config{Now: func() time.Time { return now }, SessionIdle: time.Hour}, slog.New(slog.NewTextHandler(io.Discard, nil)))

	plain := login(t, a, httptest.NewRequest("POST", "/admin/login", nil))
	c := plain.Cookies()[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure {
		t.Errorf("plain-HTTP cookie %+v", c)
	}
	req := httptest.NewRequest("POST", "https://x/admin/login", nil)
	req.TLS = &tls.ConnectionState{}
	if c := login(t, a, req).Cookies()[0]; !c.Secure {
		t.Error("the cookie is not Secure over TLS")
	}

	who := func() *auth.Principal {
		var p *auth.Principal
		r := httptest.NewRequest("GET", "/admin/", nil)
		r.AddCookie(c)
		a.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p = auth.From(r.Context()) }), nil).ServeHTTP(httptest.NewRecorder(), r)
		return p
	}
	if p := who(); p.User == nil || p.Role != auth.Editor {
		t.Fatalf("with the cookie: %+v", p)
	}
	now = now.Add(2 * time.Hour)
	if p := who(); p.User != nil {
		t.Fatal("an idle session outlived its time")
	}
	r := httptest.NewRequest("GET", "/admin/", nil)
	r.AddCookie(&http.Cookie{Name: auth.CookieName, Value: "forged"})
	var p *auth.Principal
	a.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p = auth.From(r.Context()) }), nil).ServeHTTP(httptest.NewRecorder(), r)
	if p.User != nil {
		t.Fatal("a forged cookie signed in")
	}
}
