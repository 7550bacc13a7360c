package server_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// caller is one of the kinds of client the matrix tries.
type caller struct {
	name  string
	role  auth.Role // what the rule sees on the API
	web   auth.Role // what the rule sees elsewhere (tokens count only on the API)
	login string    // session role
	token string    // token scope
}

var callers = []caller{
	{name: "anonymous"},
	{name: "viewer", role: auth.Viewer, web: auth.Viewer, login: "viewer"},
	{name: "editor", role: auth.Editor, web: auth.Editor, login: "editor"},
	{name: "admin", role: auth.Admin, web: auth.Admin, login: "admin"},
	{name: "read token", role: auth.Viewer, token: "read"},
	{name: "write token", role: auth.Editor, token: "write"},
}

var wildcard = regexp.MustCompile(`\{[^}]+\}`)

// samplePath fills a route pattern's wildcards with values that exist
// where existence does not matter to access, and with an id that does not
// exist, so that no request of the matrix changes the registry.
func samplePath(pattern string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "GET", pattern
	}
	path = strings.ReplaceAll(path, "{$}", "")
	path = wildcard.ReplaceAllStringFunc(path, func(w string) string {
		switch w {
		case "{partner}":
			return "eu"
		case "{section}":
			return "events"
		case "{file}":
			return "nothing-here"
		}
		return "999999"
	})
	return method, path
}

// expectedRules is the access policy, written out: who may use each
// route. A route added without a line here, or whose rule differs from
// the one here, fails TestRouteAccessMatrix, so that a change of access
// is always a deliberate change of this table.
func expectedRules() map[string]string {
	rules := map[string]string{
		"/":                                "anyone",
		"GET /{$}":                         "anyone",
		"GET /static/{file}":               "anyone",
		"GET /healthz":                     "anyone",
		"GET /readyz":                      "anyone",
		"/api/v1/":                         "anyone",
		"GET /api/v1/{$}":                  "anyone",
		"GET /api/v1/openapi.json":         "anyone",
		"GET /admin/login":                 "anyone",
		"POST /admin/login":                "anyone",
		"POST /admin/logout":               "anyone",
		"GET /admin/static/{file}":         "anyone",
		"GET /documents/{id}/{name}":       "anyone",
		"GET /admin/{$}":                   "viewers",
		"GET /admin/password":              "viewers",
		"POST /admin/password":             "viewers",
		"GET /admin/history":               "viewers",
		"POST /admin/documents/{id}":       "editors",
		"GET /admin/users":                 "admins",
		"POST /admin/users":                "admins",
		"GET /admin/users/{id}":            "admins",
		"POST /admin/users/{id}":           "admins",
		"GET /admin/tokens":                "admins",
		"POST /admin/tokens":               "admins",
		"POST /admin/tokens/{id}/revoke":   "admins",
		"GET /admin/settings":              "admins",
		"POST /admin/settings":             "admins",
		"GET /admin/sheets":                "viewers",
		"GET /admin/sheets/{type}":         "viewers",
		"POST /admin/sheets":               "editors",
		"GET /admin/extract":               "editors",
		"POST /admin/extract":              "editors",
		"POST /admin/extract/create":       "editors",
		"GET /admin/extract/created":       "editors",
		"POST /admin/extract/publish":      "editors",
		"GET /export/iati-activities.xml":  "anyone",
		"GET /admin/dashboard":             "viewers",
		"GET /admin/timeline":              "viewers",
		"GET /admin/timeline.svg":          "viewers",
		"GET /admin/timeline.pdf":          "viewers",
		"GET /admin/reports":               "viewers",
		"GET /admin/reports/projects/{id}": "viewers",
		"GET /admin/reports/annual/{year}": "viewers",
	}
	rules["GET /sitemap.xml"] = "anyone"
	rules["GET /sitemaps/{file}"] = "anyone"
	rules["GET /robots.txt"] = "anyone"
	rules["GET /feeds/events.ics"] = "anyone"
	rules["GET /feeds/projects/{slug}/events.ics"] = "anyone"
	rules["GET /feeds/partners/{slug}/events.ics"] = "anyone"
	for _, l := range []string{"az", "en", "ru"} {
		for _, page := range []string{"{$}", "cooperation/{partner}", "cooperation/{partner}/{section}", "projects/{slug}", "events/{slug}",
			"people/{slug}", "institutions/{slug}", "publications", "timeline", "timeline/{year}", "search", "search/suggest", "feed.atom",
			"dashboard", "timeline/projects", "timeline/projects.svg", "timeline/projects.pdf",
			"cooperation/{partner}/summary", "cooperation/{partner}/summary.pdf", "cooperation/{partner}/summary.csv"} {
			rules["GET /"+l+"/"+page] = "anyone"
		}
	}
	for _, k := range []string{"institutions", "people", "programmes", "partnerships", "projects", "events", "publications"} {
		api := "/api/v1/" + k
		rules["GET "+api] = "anyone"
		rules["GET "+api+"/{id}"] = "anyone"
		rules["POST "+api] = "editors"
		rules["PUT "+api+"/{id}"] = "editors"
		rules["DELETE "+api+"/{id}"] = "editors"
		ad := "/admin/" + k
		rules["GET "+ad] = "viewers"
		rules["GET "+ad+"/new"] = "editors"
		rules["POST "+ad+"/new"] = "editors"
		rules["GET "+ad+"/{id}"] = "viewers"
		rules["POST "+ad+"/{id}"] = "editors"
		rules["GET "+ad+"/{id}/delete"] = "editors"
		rules["POST "+ad+"/{id}/delete"] = "editors"
		rules["GET "+ad+"/{id}/history"] = "viewers"
		rules["POST "+ad+"/{id}/restore"] = "editors"
		if k == "projects" || k == "events" || k == "publications" {
			rules["POST "+ad+"/{id}/documents"] = "editors"
		}
	}
	return rules
}

// Every registered route, with every kind of caller: allowed exactly when
// the route's rule says so, and the rule is the one the policy table
// above gives. A route registered without a rule fails here (and at
// start-up).
func TestRouteAccessMatrix(t *testing.T) {
	st := storetest.Demo(t)
	srv := servertest.New(t, st)
	tokens := map[string]string{"read": servertest.Token(t, st, "read"), "write": servertest.Token(t, st, "write")}
	routes := srv.App.Router.Routes()
	expected := expectedRules()
	seen := map[string]bool{}
	for _, route := range routes {
		seen[route.Pattern] = true
		if route.Rule.String() == "unset" {
			t.Errorf("%s has no access rule", route.Pattern)
			continue
		}
		if want, ok := expected[route.Pattern]; !ok {
			t.Errorf("%s (rule %s) is not in the access policy table; add it to expectedRules", route.Pattern, route.Rule)
		} else if want != route.Rule.String() {
			t.Errorf("%s is open to %s, but the policy says %s", route.Pattern, route.Rule, want)
		}
		method, path := samplePath(route.Pattern)
		api := strings.HasPrefix(path, "/api/")
		for _, c := range callers {
			role := c.web
			if api {
				role = c.role
			}
			want := route.Rule.Allows(role)
			var body io.Reader
			req, _ := http.NewRequest(method, srv.URL+path, body)
			if method != "GET" {
				if api {
					req, _ = http.NewRequest(method, srv.URL+path, strings.NewReader("{}"))
					req.Header.Set("Content-Type", "application/json")
				} else {
					req, _ = http.NewRequest(method, srv.URL+path, strings.NewReader(""))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
			}
			if c.token != "" {
				req.Header.Set("Authorization", "Bearer "+tokens[c.token])
			}
			resp, err := srv.Client(t, c.login).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			loc := resp.Header.Get("Location")
			denied := resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden ||
				(resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/admin/login") && !strings.HasPrefix(path, "/admin/login") && !strings.HasPrefix(path, "/admin/logout"))
			if denied == want {
				t.Errorf("%s %s as %s: status %d (%s), want %s (rule: %s)", method, path, c.name, resp.StatusCode, loc, map[bool]string{true: "allowed", false: "denied"}[want], route.Rule)
			}
		}
	}
	for pattern := range expected {
		if !seen[pattern] {
			t.Errorf("the policy table names %s, which is not registered", pattern)
		}
	}
}

// A logged-out request for a workspace page is sent to the sign-in page,
// which then brings the person back.
func TestSignInRedirectKeepsThePlace(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	resp, err := srv.Client(t, "").Get(srv.URL + "/admin/events/1")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/login?next=%2Fadmin%2Fevents%2F1" {
		t.Fatalf("status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestRuleAllows(t *testing.T) {
	cases := []struct {
		rule auth.Rule
		role auth.Role
		want bool
	}{
		{auth.Anyone, auth.Anonymous, true},
		{auth.Viewers, auth.Anonymous, false}, {auth.Viewers, auth.Viewer, true},
		{auth.Editors, auth.Viewer, false}, {auth.Editors, auth.Editor, true}, {auth.Editors, auth.Admin, true},
		{auth.Admins, auth.Editor, false}, {auth.Admins, auth.Admin, true},
	}
	for _, c := range cases {
		if got := c.rule.Allows(c.role); got != c.want {
			t.Errorf("%s allows %s = %v", c.rule, c.role, got)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a route without a rule was accepted")
		}
	}()
	auth.NewRouter(http.NewServeMux()).Handle("GET /x", auth.Rule(0), http.NotFoundHandler())

}
