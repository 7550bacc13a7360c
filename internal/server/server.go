// Package server assembles Liaison's HTTP handler: the public portal, the
// JSON API and the middleware every request passes through.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/admin"
	"github.com/liaison-registry/liaison/internal/api"
	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/feeds"
	"github.com/liaison-registry/liaison/internal/portal"
	"github.com/liaison-registry/liaison/internal/store"
)

// Options configure the handler.
type Options struct {
	Now  func() time.Time // today's date for derived statuses; time.Now when nil
	Log  *slog.Logger
	Auth auth.Config
	// PublicURL is the site's public address, for canonical links and
	// the sitemap; when empty, the address the request came to.
	PublicURL string
	// RateLimits, when set, bound how often one client may ask for each
	// class of request; nil serves everyone as fast as they ask (tests,
	// load tests). `liaison serve` sets DefaultRateLimits.
	RateLimits *RateLimits
	// CalendarGrace lets a calendar drawn less than this long ago be
	// served after a write (see feeds.Options); 0 in tests, a minute in
	// `liaison serve`.
	CalendarGrace time.Duration
	// PageGrace lets a public page drawn less than this long ago be
	// served after a write (see portal.Options); 0 in tests, two seconds
	// in `liaison serve`.
	PageGrace time.Duration
	// PageRedrawBehind lets a public page past its grace be served while
	// it is drawn again in the background (see portal.Options); 0 in
	// tests, 30 s in `liaison serve`.
	PageRedrawBehind time.Duration
}

// App is the whole site: its handler, and the routes with their rules.
type App struct {
	Handler http.Handler
	Router  *auth.Router
	Auth    *auth.Authenticator
}

// New assembles the site over st.
func New(st *store.Store, opt Options) (*App, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	// Every line a request causes carries its id.
	opt.Log = slog.New(WithRequestIDs(opt.Log.Handler()))
	if opt.Auth.Now == nil {
		opt.Auth.Now = time.Now
	}
	au := auth.New(st, opt.Auth, opt.Log)
	mux := http.NewServeMux()
	rt := auth.NewRouter(mux)
	p, err := portal.New(st, portal.Options{Now: opt.Now, Log: opt.Log, PageGrace: opt.PageGrace, PageRedrawBehind: opt.PageRedrawBehind, Origin: func(r *http.Request) string {
		if opt.PublicURL != "" {
			return strings.TrimSuffix(opt.PublicURL, "/")
		}
		scheme := "http"
		if au.IsTLS(r) {
			scheme = "https"
		}
		return scheme + "://" + r.Host
	}})
	if err != nil {
		return nil, err
	}
	ad, err := admin.New(st, au, opt.Now, opt.Log)
	if err != nil {
		return nil, err
	}
	rt.Deny = func(w http.ResponseWriter, r *http.Request, status int) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			denyAPI(w, r, status)
			return
		}
		ad.Deny(w, r, status)
	}
	p.Register(rt)
	// iCalendar feeds of the events and an Atom feed of newly published
	// records (docs/feeds.md), linking to the portal's pages.
	fd, err := feeds.New(st, feeds.Options{Log: opt.Log, Origin: p.Origin, CalendarGrace: opt.CalendarGrace})
	if err != nil {
		return nil, err
	}
	fd.Register(rt)
	registerOpenData(rt, st, p.Origin, opt.Now, opt.Log)
	api.New(st, opt.Now, opt.Log).Register(rt)
	ad.Register(rt)
	// Whatever no route matches: a page saying so, in the portal's style.
	rt.HandleFunc("/", auth.Anyone, p.NotFound)
	rt.HandleFunc("GET /healthz", auth.Anyone, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	rt.HandleFunc("GET /readyz", auth.Anyone, func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := st.Ping(ctx); err != nil {
			opt.Log.WarnContext(r.Context(), "not ready", "err", err)
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		if err := st.SchemaCurrent(ctx); err != nil {
			opt.Log.WarnContext(r.Context(), "not ready", "err", err)
			http.Error(w, "database schema not up to date", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})

	// Cross-origin state-changing requests from browsers are refused;
	// clients that are not browsers (curl, scripts) send no Origin or
	// Sec-Fetch-Site and pass.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api.WriteProblem(w, r, api.Problem{Status: http.StatusForbidden, Detail: "cross-origin requests that change data are refused"})
	}))
	var h http.Handler = mux
	badToken := func(w http.ResponseWriter, r *http.Request) { denyAPI(w, r, http.StatusUnauthorized) }
	if opt.RateLimits != nil {
		// After authentication, so that staff get their own rates; a
		// request refused there for a bad token still counts against
		// its address, so that tokens cannot be guessed at full speed.
		lim := newLimiter(*opt.RateLimits, au.ClientAddress)
		h = lim.middleware(h)
		badToken = func(w http.ResponseWriter, r *http.Request) {
			if wait := lim.allow(API, clientKey(au.ClientAddress(r)), false); wait > 0 {
				tooManyRequests(w, r, API, wait)
				return
			}
			denyAPI(w, r, http.StatusUnauthorized)
		}
	}
	h = au.Middleware(h, badToken)
	h = cop.Handler(h)
	h = securityHeaders(h, au.IsTLS)
	h = recoverPanics(h, opt.Log)
	h = logRequests(h, opt.Log)
	return &App{Handler: h, Router: rt, Auth: au}, nil
}

// Handler returns the whole site over st.
func Handler(st *store.Store, opt Options) (http.Handler, error) {
	app, err := New(st, opt)
	if err != nil {
		return nil, err
	}
	return app.Handler, nil
}

// denyAPI answers an API request the rules refuse.
func denyAPI(w http.ResponseWriter, r *http.Request, status int) {
	p := api.Problem{Status: status, Detail: "this needs an API token with write scope, or an editor's session"}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="liaison"`)
		p.Detail = "sign in, or send a valid API token as Authorization: Bearer TOKEN"
	}
	api.WriteProblem(w, r, p)
}

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler, isTLS func(*http.Request) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		if isTLS(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic into a 500 without showing it to the
// client; the stack goes to the log.
func recoverPanics(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil || p == http.ErrAbortHandler {
				if p != nil {
					panic(p)
				}
				return
			}
			log.ErrorContext(r.Context(), "panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if strings.HasPrefix(r.URL.Path, "/api/") {
				api.WriteProblem(w, r, api.Problem{Status: http.StatusInternalServerError, Detail: "something went wrong on our side; it has been logged"})
				return
			}
			http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		}()
		next.ServeHTTP(w, r)
	})
}
