package auth

import (
	"fmt"
	"net/http"
)

// Rule is who may use a route. Every route declares one when it is
// registered; the zero Rule is refused, so a route cannot be added
// without deciding who may use it.
type Rule int

const (
	unset Rule = iota
	// Anyone may use the route; what it shows may depend on who asks
	// (drafts only to staff).
	Anyone
	// Viewers and above: signed-in staff, or a read token on the API.
	Viewers
	// Editors and above: editors and admins, or a write token on the API.
	Editors
	// Admins only.
	Admins
)

// Allows reports whether a principal of role may use a route with r.
func (r Rule) Allows(role Role) bool {
	switch r {
	case Anyone:
		return true
	case Viewers:
		return role >= Viewer
	case Editors:
		return role >= Editor
	case Admins:
		return role >= Admin
	}
	return false
}

func (r Rule) String() string {
	return [...]string{"unset", "anyone", "viewers", "editors", "admins"}[r]
}

// Route is a registered pattern and its rule.
type Route struct {
	Pattern string
	Rule    Rule
}

// Router registers handlers on a ServeMux together with their rule, and
// enforces the rule before the handler runs.
type Router struct {
	mux    *http.ServeMux
	routes []Route
	// Deny answers a request the rule refuses: status is 401 for an
	// anonymous caller, 403 for one whose role is too low.
	Deny func(w http.ResponseWriter, r *http.Request, status int)
}

// NewRouter returns a Router over mux.
func NewRouter(mux *http.ServeMux) *Router {
	return &Router{mux: mux, Deny: func(w http.ResponseWriter, r *http.Request, status int) {
		http.Error(w, http.StatusText(status), status)
	}}
}

// Handle registers h for pattern, guarded by rule.
func (rt *Router) Handle(pattern string, rule Rule, h http.Handler) {
	if rule <= unset || rule > Admins {
		panic(fmt.Sprintf("route %q has no access rule", pattern))
	}
	rt.routes = append(rt.routes, Route{Pattern: pattern, Rule: rule})
	rt.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := From(r.Context())
		if !rule.Allows(p.Role) {
			status := http.StatusForbidden
			if p.Role == Anonymous {
				status = http.StatusUnauthorized
			}
			rt.Deny(w, r, status)
			return
		}
		h.ServeHTTP(w, r)
	}))
}

// HandleFunc registers a handler function.
func (rt *Router) HandleFunc(pattern string, rule Rule, h http.HandlerFunc) {
	rt.Handle(pattern, rule, h)
}

// Routes lists what was registered, in order.
func (rt *Router) Routes() []Route { return append([]Route(nil), rt.routes...) }
