package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// Role orders what a caller may do; each role may do what the ones below
// it may.
type Role int

const (
	Anonymous Role = iota
	Viewer         // reads drafts and history
	Editor         // creates, edits, publishes, deletes records
	Admin          // also manages accounts and API tokens
)

// Roles are the names accounts are given roles by.
var Roles = map[string]Role{"viewer": Viewer, "editor": Editor, "admin": Admin}

func (r Role) String() string {
	switch r {
	case Viewer:
		return "viewer"
	case Editor:
		return "editor"
	case Admin:
		return "admin"
	}
	return "anonymous"
}

// ParseRole reads "viewer", "editor" or "admin".
func ParseRole(s string) (Role, error) {
	if r, ok := Roles[s]; ok {
		return r, nil
	}
	return Anonymous, fmt.Errorf("%q is not a role; expected viewer, editor or admin", s)
}

// Token scopes.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// Principal is who is making a request.
type Principal struct {
	Role        Role
	User        *store.User  // signed in through a session
	Token       *store.Token // or calling the API with a token
	SessionHash string
}

// Label names the principal in logs and history.
func (p *Principal) Label() string {
	switch {
	case p.User != nil:
		return p.User.Email
	case p.Token != nil:
		return fmt.Sprintf("API token %d (%s)", p.Token.ID, p.Token.Name)
	}
	return "anonymous"
}

// Actor is the principal as the author of changes.
func (p *Principal) Actor() store.Actor {
	a := store.Actor{Label: p.Label()}
	if p.User != nil {
		a.UserID = p.User.ID
	}
	return a
}

// SeesDrafts reports whether unpublished records are shown to p.
func (p *Principal) SeesDrafts() bool { return p.Role >= Viewer }

type principalKey struct{}

// From returns the request's principal (anonymous when there is none).
func From(ctx context.Context) *Principal {
	if p, ok := ctx.Value(principalKey{}).(*Principal); ok {
		return p
	}
	return &Principal{}
}

// WithPrincipal returns ctx carrying p, and p as the author of changes.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return store.WithActor(context.WithValue(ctx, principalKey{}, p), p.Actor())
}

// Config tunes sessions and throttling.
type Config struct {
	Now func() time.Time
	// SessionIdle ends a session not used for this long (default 12 h).
	SessionIdle time.Duration
	// TrustProxy takes the client address from X-Forwarded-For and TLS
	// from X-Forwarded-Proto, for a deployment behind a reverse proxy.
	TrustProxy bool
	// Failed logins allowed per account and per client address within
	// the window before further attempts are refused (defaults 5, 20,
	// 15 minutes).
	AccountFailures, AddressFailures int
	FailureWindow                    time.Duration
}

// CookieName is the session cookie.
const CookieName = "liaison_session"

// Authenticator resolves requests to principals and signs people in.
type Authenticator struct {
	st  *store.Store
	cfg Config
	log *slog.Logger
}

// New returns an Authenticator over st.
func New(st *store.Store, cfg Config, log *slog.Logger) *Authenticator {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 12 * time.Hour
	}
	if cfg.AccountFailures == 0 {
		cfg.AccountFailures = 5
	}
	if cfg.AddressFailures == 0 {
		cfg.AddressFailures = 20
	}
	if cfg.FailureWindow == 0 {
		cfg.FailureWindow = 15 * time.Minute
	}
	return &Authenticator{st: st, cfg: cfg, log: log}
}

// ErrBadToken is an Authorization header that names no live token.
var ErrBadToken = errors.New("the API token is not valid or was revoked")

// Middleware puts the request's principal in its context: the holder of
// a bearer token on the API, or of a session cookie anywhere.
func (a *Authenticator) Middleware(next http.Handler, badToken func(http.ResponseWriter, *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &Principal{}
		if h := r.Header.Get("Authorization"); h != "" && strings.HasPrefix(r.URL.Path, "/api/") {
			t, err := a.token(r.Context(), h)
			if err != nil {
				if !errors.Is(err, ErrBadToken) {
					a.log.ErrorContext(r.Context(), "token lookup failed", "err", err)
				}
				badToken(w, r)
				return
			}
			p.Token = t
			p.Role = Viewer
			if t.Scope == ScopeWrite {
				p.Role = Editor
			}
		} else if c, err := r.Cookie(CookieName); err == nil && c.Value != "" {
			if s, u, err := a.session(r.Context(), c.Value); err == nil {
				p.User, p.SessionHash = u, s.Hash
				p.Role, _ = ParseRole(u.Role)
			}
		}
		next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
	})
}

func (a *Authenticator) token(ctx context.Context, header string) (*store.Token, error) {
	scheme, secret, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || secret == "" || len(secret) > 200 {
		return nil, ErrBadToken
	}
	t, err := a.st.TokenBySecret(ctx, HashSecret(strings.TrimSpace(secret)))
	if errors.Is(err, registry.ErrNotFound) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, err
	}
	now := a.cfg.Now()
	if now.Sub(t.LastUsedAt) > time.Minute {
		// Recorded at most once a minute, so that reads stay reads.
		a.st.Transact(ctx, func(tx *store.Tx) error { return tx.TouchToken(ctx, t.ID, now) })
	}
	return t, nil
}

func (a *Authenticator) session(ctx context.Context, secret string) (*store.Session, *store.User, error) {
	if len(secret) > 200 {
		return nil, nil, registry.ErrNotFound
	}
	now := a.cfg.Now()
	s, u, err := a.st.SessionUser(ctx, HashSecret(secret), now)
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(s.LastSeenAt) > 5*time.Minute {
		// Sliding expiry, written at most every five minutes.
		a.st.Transact(ctx, func(tx *store.Tx) error { return tx.ExtendSession(ctx, s.Hash, now, now.Add(a.cfg.SessionIdle)) })
	}
	return s, u, nil
}

// ErrBadCredentials is a wrong address or password (which one is not said).
var ErrBadCredentials = errors.New("the email address or the password is not right")

// ThrottledError refuses a login after too many failures.
type ThrottledError struct {
	RetryAfter time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failed sign-in attempts; try again in %d minute(s)", int(e.RetryAfter.Minutes())+1)
}

// ClientAddress is the address failed logins are counted against.
func (a *Authenticator) ClientAddress(r *http.Request) string {
	if a.cfg.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Login checks the credentials, throttling repeated failures per account
// and per client address, and on success starts a session and sets its
// cookie.
func (a *Authenticator) Login(w http.ResponseWriter, r *http.Request, email, password string) (*store.User, error) {
	ctx := r.Context()
	now := a.cfg.Now()
	since := now.Add(-a.cfg.FailureWindow)
	account := "account:" + store.NormalizeEmail(email)
	address := "address:" + a.ClientAddress(r)
	for _, limit := range []struct {
		subject string
		max     int
	}{{account, a.cfg.AccountFailures}, {address, a.cfg.AddressFailures}} {
		n, first, err := a.st.LoginFailures(ctx, limit.subject, since)
		if err != nil {
			return nil, err
		}
		if n >= limit.max {
			return nil, &ThrottledError{RetryAfter: max(first.Add(a.cfg.FailureWindow).Sub(now), time.Second)}
		}
	}
	u, err := a.st.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, registry.ErrNotFound) {
		return nil, err
	}
	hash := dummyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	ok := CheckPassword(hash, password)
	if u == nil || !ok || u.Disabled {
		err := a.st.Transact(ctx, func(tx *store.Tx) error {
			return tx.RecordLoginFailure(ctx, []string{account, address}, now, since)
		})
		if err != nil {
			return nil, err
		}
		a.log.WarnContext(ctx, "failed sign-in", "email", store.NormalizeEmail(email), "address", a.ClientAddress(r))
		return nil, ErrBadCredentials
	}
	secret, hashed := NewSecret("")
	err = a.st.Transact(ctx, func(tx *store.Tx) error {
		if err := tx.ClearLoginFailures(ctx, account); err != nil {
			return err
		}
		if err := tx.DeleteExpiredSessions(ctx, now); err != nil {
			return err
		}
		return tx.CreateSession(ctx, store.Session{Hash: hashed, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(a.cfg.SessionIdle)})
	})
	if err != nil {
		return nil, err
	}
	http.SetCookie(w, a.cookie(r, secret, 0))
	return u, nil
}

// Logout ends the request's session and clears its cookie.
func (a *Authenticator) Logout(w http.ResponseWriter, r *http.Request) error {
	p := From(r.Context())
	if p.SessionHash != "" {
		if err := a.st.Transact(r.Context(), func(tx *store.Tx) error { return tx.DeleteSession(r.Context(), p.SessionHash) }); err != nil {
			return err
		}
	}
	http.SetCookie(w, a.cookie(r, "", -1))
	return nil
}

// cookie is the session cookie: HttpOnly (no script reads it),
// SameSite=Lax (not sent on cross-site form posts), Secure over TLS. It
// lives for the browser session; the server ends idle sessions itself.
func (a *Authenticator) cookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     CookieName,
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
		Secure:   a.IsTLS(r),
	}
}

// IsTLS reports whether the client reached us over TLS.
func (a *Authenticator) IsTLS(r *http.Request) bool {
	return r.TLS != nil || (a.cfg.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}
