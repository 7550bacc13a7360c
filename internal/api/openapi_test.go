package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/liaison-registry/liaison/internal/api"
	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// fetchOpenAPI returns the document a server serves.
func fetchOpenAPI(t *testing.T, base string) []byte {
	t.Helper()
	resp, err := http.Get(base + api.OpenAPIPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET %s = %d %s\n%s", api.OpenAPIPath, resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	return b
}

// newValidator builds the document with libopenapi and a validator over it,
// failing on any error either reports.
func newValidator(t *testing.T, doc []byte) validator.Validator {
	t.Helper()
	document, err := libopenapi.NewDocument(doc)
	if err != nil {
		t.Fatalf("libopenapi cannot read the document: %v", err)
	}
	if _, err := document.BuildV3Model(); err != nil {
		t.Fatalf("libopenapi cannot build the v3 model: %v", err)
	}
	v, errs := validator.NewValidator(document)
	if len(errs) > 0 {
		t.Fatalf("no validator over the document: %v", errs)
	}
	return v
}

func describe(errs []*verrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "\n  - %s: %s", e.Message, e.Reason)
		for _, se := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n      %s: %s", se.FieldPath, se.Reason)
		}
	}
	return b.String()
}

// The document is OpenAPI 3.1 that libopenapi reads without error and
// that passes libopenapi-validator's check against the OpenAPI schema;
// it is served with an entity tag and revalidated with If-None-Match.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	doc := fetchOpenAPI(t, srv.URL)
	document, err := libopenapi.NewDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	if v := document.GetVersion(); v != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", v)
	}
	model, err := document.BuildV3Model()
	if err != nil {
		t.Fatalf("building the v3 model: %v", err)
	}
	if model.Model.Info.Version != "1" || model.Model.Components.SecuritySchemes.Len() != 2 {
		t.Errorf("info or security schemes: %+v", model.Model.Info)
	}
	v, errs := validator.NewValidator(document)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if ok, errs := v.ValidateDocument(); !ok {
		t.Fatalf("the document is not valid OpenAPI:%s", describe(errs))
	}

	// Served once built, with an entity tag; a current copy gets 304.
	resp, err := http.Get(srv.URL + api.OpenAPIPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	tag := resp.Header.Get("ETag")
	if tag == "" || resp.Header.Get("Cache-Control") == "" {
		t.Fatalf("headers %v", resp.Header)
	}
	req, _ := http.NewRequest("GET", srv.URL+api.OpenAPIPath, nil)
	req.Header.Set("If-None-Match", tag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match of the current tag = %d, want 304", resp.StatusCode)
	}
	if again := fetchOpenAPI(t, srv.URL); !bytes.Equal(again, doc) {
		t.Error("the document changed between two requests")
	}

	// The index links to it.
	resp, err = http.Get(srv.URL + api.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var index struct {
		OpenAPI string `json:"openapi"`
	}
	json.NewDecoder(resp.Body).Decode(&index)
	if index.OpenAPI != api.OpenAPIPath {
		t.Errorf("the index links to %q", index.OpenAPI)
	}
}

// operation is a method and an OpenAPI path template.
type operation struct{ method, path string }

func (o operation) String() string { return o.method + " " + o.path }

// catchAll is the API's answer to any other address (404); it is no
// operation, and the document says so in its description.
const catchAll = api.Prefix

// registeredOperations are the API routes of a router, as operations:
// "GET /api/v1/{$}" is GET /api/v1/.
func registeredOperations(t *testing.T, routes []auth.Route) []operation {
	t.Helper()
	var ops []operation
	for _, r := range routes {
		method, path, ok := strings.Cut(r.Pattern, " ")
		if !ok {
			method, path = "", r.Pattern
		}
		if !strings.HasPrefix(path, api.Prefix) || path == catchAll && method == "" {
			continue
		}
		if method == "" {
			t.Errorf("%s answers every method; register it with one", r.Pattern)
			continue
		}
		ops = append(ops, operation{method, strings.TrimSuffix(path, "{$}")})
	}
	return ops
}

// describedOperations are the operations of a document.
func describedOperations(t *testing.T, doc []byte) []operation {
	t.Helper()
	var d struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	methods := []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
	var ops []operation
	for path, item := range d.Paths {
		for m := range item {
			if slices.Contains(methods, m) {
				ops = append(ops, operation{strings.ToUpper(m), path})
			}
		}
	}
	return ops
}

// coverage compares routes and document: the routes no operation
// describes, and the operations no route serves.
func coverage(registered, described []operation) (undocumented, unserved []string) {
	for _, r := range registered {
		if !slices.Contains(described, r) {
			undocumented = append(undocumented, r.String())
		}
	}
	for _, d := range described {
		if !slices.Contains(registered, d) {
			unserved = append(unserved, d.String())
		}
	}
	slices.Sort(undocumented)
	slices.Sort(unserved)
	return undocumented, unserved
}

// Every API route registered on the router is described with the same
// method and path template, and every described operation is a route.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	doc := fetchOpenAPI(t, srv.URL)
	registered := registeredOperations(t, srv.App.Router.Routes())
	described := describedOperations(t, doc)
	if len(registered) < 37 {
		t.Fatalf("only %d API routes registered: %v", len(registered), registered)
	}
	undocumented, unserved := coverage(registered, described)
	for _, r := range undocumented {
		t.Errorf("%s is registered but the OpenAPI document does not describe it", r)
	}
	for _, d := range unserved {
		t.Errorf("%s is described in the OpenAPI document but no such route is registered", d)
	}
}

// The coverage check catches a route added without its description, and
// a description left behind when its route goes.
func TestOpenAPICoverageCatchesDrift(t *testing.T) {
	st := storetest.Demo(t)
	mux := http.NewServeMux()
	rt := auth.NewRouter(mux)
	api.New(st, storetest.Now, slog.New(slog.NewTextHandler(io.Discard, nil))).Register(rt)
	rt.HandleFunc("GET /api/v1/widgets/{id}", auth.Anyone, func(http.ResponseWriter, *http.Request) {})
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", api.OpenAPIPath, nil))
	if rec.Code != 200 {
		t.Fatalf("document: %d %s", rec.Code, rec.Body)
	}
	doc := rec.Body.Bytes()
	described := describedOperations(t, doc)
	registered := registeredOperations(t, rt.Routes())
	undocumented, unserved := coverage(registered, described)
	if !slices.Equal(undocumented, []string{"GET /api/v1/widgets/{id}"}) || len(unserved) > 0 {
		t.Errorf("with an undocumented route: undocumented %v, unserved %v", undocumented, unserved)
	}
	registered = slices.DeleteFunc(registered, func(o operation) bool { return o.String() == "DELETE /api/v1/events/{id}" })
	registered = slices.DeleteFunc(registered, func(o operation) bool { return strings.Contains(o.path, "widgets") })
	undocumented, unserved = coverage(registered, described)
	if len(undocumented) > 0 || !slices.Equal(unserved, []string{"DELETE /api/v1/events/{id}"}) {
		t.Errorf("with a route gone: undocumented %v, unserved %v", undocumented, unserved)
	}
}

// oaClient sends requests to a served registry and checks each request
// and its response against the OpenAPI document.
type oaClient struct {
	t     *testing.T
	v     validator.Validator
	base  string
	token string
}

// exchange is a request and what came back.
type exchange struct {
	status int
	header http.Header
	body   []byte
}

func (e exchange) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(e.body, &m); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, e.body)
	}
	return m
}

// send makes a request and checks it against the document: valid, or
// (with requestInvalid) reported invalid, as a request the document
// does not allow must be. Then it sends it, checks the status, and checks
// the response against the document, which must find nothing wrong.
func (c oaClient) send(method, path, body string, want int, requestInvalid bool, headers ...string) exchange {
	c.t.Helper()
	build := func() *http.Request {
		req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
		if err != nil {
			c.t.Fatal(err)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		return req
	}
	checked := build()
	ok, errs := c.v.ValidateHttpRequest(checked)
	switch {
	case !ok && !requestInvalid:
		c.t.Errorf("%s %s: the request does not match the document:%s", method, path, describe(errs))
	case ok && requestInvalid:
		c.t.Errorf("%s %s: the document allows a request it should not", method, path)
	case requestInvalid:
		c.t.Logf("%s %s: the request is reported:%s", method, path, describe(errs))
	}
	resp, err := http.DefaultClient.Do(build())
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s = %d, want %d\n%.2000s", method, path, resp.StatusCode, want, b)
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	if ok, errs := c.v.ValidateHttpResponse(build(), resp); !ok {
		c.t.Errorf("%s %s: the %d response does not match the document:%s\n%.2000s", method, path, resp.StatusCode, describe(errs), b)
	}
	return exchange{status: resp.StatusCode, header: resp.Header, body: b}
}

// sampleFilters are valid values of every list filter.
var sampleFilters = map[string]string{
	"institutions": "kind=ombudsman_office&country=LT",
	"people":       "country=LT",
	"programmes":   "year=2011",
	"partnerships": "",
	"projects":     "year=2011&instrument=twinning&country=AZ",
	"events":       "year=2011&kind=seminar&instrument=twinning&country=LT&project=2",
	"publications": "year=2011&kind=article&country=AZ",
}

// Every record type through the real handler: create from a demo
// record's body, get, list with filters and pages, replace, a stale
// replace, delete; every request and response checked against the
// document.
func TestOpenAPISamplesPerRecordType(t *testing.T) {
	st := storetest.Demo(t)
	srv := servertest.New(t, st)
	v := newValidator(t, fetchOpenAPI(t, srv.URL))
	c := oaClient{t: t, v: v, base: srv.URL, token: servertest.Token(t, st, "write")}
	for name, filters := range sampleFilters {
		t.Run(name, func(t *testing.T) {
			c.t = t
			base := api.Prefix + name
			page := c.send("GET", base+"?limit=1", "", 200, false).json(t)
			items, _ := page["items"].([]any)
			if len(items) == 0 {
				t.Fatalf("the demo has no %s", name)
			}
			if page["next"] != nil {
				c.send("GET", page["next"].(string), "", 200, false)
			}
			// A new record: the first one's body without what makes it that record.
			rec := items[0].(map[string]any)
			for _, k := range []string{"id", "slug", "version", "status", "phase", "reference_parts"} {
				delete(rec, k)
			}
			rec["status"] = "draft"
			body, _ := json.Marshal(rec)
			created := c.send("POST", base, string(body), 201, false)
			loc := created.header.Get("Location")
			if !regexp.MustCompile(`^` + base + `/[0-9]+$`).MatchString(loc) {
				t.Fatalf("Location %q", loc)
			}
			got := c.send("GET", loc, "", 200, false)
			if got.header.Get("ETag") != `"v1"` {
				t.Errorf("ETag %q", got.header.Get("ETag"))
			}
			query := "limit=2&q=a&status=draft&sort=updated&order=desc"
			if filters != "" {
				query += "&" + filters
			}
			c.send("GET", base+"?"+query, "", 200, false)

			// Replace it as GET gave it with a new slug (a save that
			// changes nothing keeps the version), then again on the
			// version the first edit was made on.
			changed := got.json(t)
			changed["slug"] = "openapi-sample"
			body, _ = json.Marshal(changed)
			replaced := c.send("PUT", loc, string(body), 200, false)
			if replaced.header.Get("ETag") != `"v2"` {
				t.Errorf("ETag after a replace %q", replaced.header.Get("ETag"))
			}
			stale := c.send("PUT", loc, string(got.body), 409, false).json(t)
			if stale["title"] != "Edit conflict" {
				t.Errorf("stale PUT: %v", stale)
			}
			unversioned := got.json(t)
			delete(unversioned, "version")
			body, _ = json.Marshal(unversioned)
			c.send("PUT", loc, string(body), 409, false, "If-Match", `"v1"`)
			c.send("DELETE", loc, "", 204, false)
			c.send("GET", loc, "", 404, false)
			c.send("DELETE", loc, "", 404, false)
		})
	}
}

// Error answers, each as the document describes it, and requests the
// document itself refuses reported as such.
func TestOpenAPISamplesOfErrors(t *testing.T) {
	st := storetest.Demo(t)
	srv := servertest.New(t, st)
	v := newValidator(t, fetchOpenAPI(t, srv.URL))
	writer := oaClient{t: t, v: v, base: srv.URL, token: servertest.Token(t, st, "write")}
	reader := oaClient{t: t, v: v, base: srv.URL, token: servertest.Token(t, st, "read")}
	anon := oaClient{t: t, v: v, base: srv.URL}
	bad := oaClient{t: t, v: v, base: srv.URL, token: "lia_not-a-real-token"}
	cases := []struct {
		name           string
		c              oaClient
		method, path   string
		body           string
		status         int
		requestInvalid bool // the document itself refuses the request
		field          string
	}{
		{"index", anon, "GET", "/api/v1/", "", 200, false, ""},
		{"document", anon, "GET", api.OpenAPIPath, "", 200, false, ""},
		{"anonymous list", anon, "GET", "/api/v1/events?limit=1", "", 200, false, ""},
		{"anonymous get", anon, "GET", "/api/v1/events/1", "", 200, false, ""},
		{"project with derived fields", anon, "GET", "/api/v1/projects/1", "", 200, false, ""},
		{"write with a warning", writer, "POST", "/api/v1/projects", `{"instrument": "twinning_light", "title": {"en": "X"}, "duration_months": 7}`, 201, false, ""},
		{"422 with per-field errors", writer, "POST", "/api/v1/events", `{"kind": "seminar", "start": "2011", "participants": [{"person_id": 1, "role": "speaker"}, {"person_id": 99, "role": "speaker"}]}`, 422, false, "participants[1].person_id"},
		{"422 end before start", writer, "POST", "/api/v1/events", `{"kind": "seminar", "start": "2016-10-07", "end": "2016-10-03"}`, 422, false, "end"},
		{"422 on replace", writer, "PUT", "/api/v1/people/1", `{"id": 2, "family_name": "X"}`, 422, false, "id"},
		{"400 bad year", anon, "GET", "/api/v1/events?year=11", "", 400, true, "year"},
		{"400 bad limit", anon, "GET", "/api/v1/events?limit=100000", "", 400, true, "limit"},
		{"400 bad kind", anon, "GET", "/api/v1/events?kind=party", "", 400, true, "kind"},
		{"400 unknown parameter", anon, "GET", "/api/v1/events?colour=red", "", 400, false, "colour"},
		{"400 bad cursor", anon, "GET", "/api/v1/events?cursor=xyz", "", 400, false, "cursor"},
		{"400 id not a number", anon, "GET", "/api/v1/events/abc", "", 400, true, "id"},
		{"400 unknown field", writer, "POST", "/api/v1/events", `{"kind": "seminar", "start": "2011", "colour": "red"}`, 400, true, "colour"},
		{"400 wrong JSON type", writer, "POST", "/api/v1/events", `{"kind": "seminar", "start": 2011}`, 400, true, "start"},
		{"400 malformed JSON", writer, "POST", "/api/v1/events", `{"kind": "seminar",`, 400, true, ""},
		{"404 get", anon, "GET", "/api/v1/events/999", "", 404, false, ""},
		{"404 replace", writer, "PUT", "/api/v1/events/999", `{"kind": "seminar", "start": "2011"}`, 404, false, ""},
		{"409 delete in use", writer, "DELETE", "/api/v1/institutions/4", "", 409, false, ""},
		{"409 id taken", writer, "POST", "/api/v1/people", `{"id": 1, "family_name": "X"}`, 409, false, ""},
		{"409 edit conflict", writer, "PUT", "/api/v1/people/2", `{"family_name": "X", "version": 99}`, 409, false, "version"},
		{"401 write without a token", anon, "POST", "/api/v1/events", `{"kind": "seminar", "start": "2011"}`, 401, true, ""},
		{"401 delete without a token", anon, "DELETE", "/api/v1/events/1", "", 401, true, ""},
		{"401 a token that is not valid", bad, "GET", "/api/v1/events", "", 401, false, ""},
		{"403 read token writes", reader, "PUT", "/api/v1/events/1", `{"kind": "seminar", "start": "2011"}`, 403, false, ""},
		{"413 body too large", writer, "POST", "/api/v1/institutions", `{"kind": "ngo", "name": {"en": "` + strings.Repeat("x", 1<<20) + `"}}`, 413, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.c.t = t
			e := tc.c.send(tc.method, tc.path, tc.body, tc.status, tc.requestInvalid)
			if tc.status < 400 {
				return
			}
			if ct := e.header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q", ct)
			}
			if tc.field != "" && !strings.Contains(string(e.body), `"field": "`+tc.field+`"`) {
				t.Errorf("no error names %s:\n%s", tc.field, e.body)
			}
		})
	}

	// 415: a body that is not JSON, which the document does not allow either.
	t.Run("415 not JSON", func(t *testing.T) {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/events", strings.NewReader("kind=seminar"))
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("Authorization", "Bearer "+writer.token)
		if ok, _ := v.ValidateHttpRequest(req); ok {
			t.Error("the document allows a text/plain body")
		}
		req, _ = http.NewRequest("POST", srv.URL+"/api/v1/events", strings.NewReader("kind=seminar"))
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("Authorization", "Bearer "+writer.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 415 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if ok, errs := v.ValidateHttpResponse(req, resp); !ok {
			t.Errorf("the 415 response does not match the document:%s", describe(errs))
		}
	})
}

// A response that does not match the document is reported: the
// validation above would catch a handler that drifted from it.
func TestOpenAPIValidatorReportsWrongResponses(t *testing.T) {
	st := storetest.Demo(t)
	srv := servertest.New(t, st)
	v := newValidator(t, fetchOpenAPI(t, srv.URL))
	c := oaClient{t: t, v: v, base: srv.URL}
	real := c.send("GET", "/api/v1/events/1", "", 200, false)
	wrong := []struct {
		name   string
		status int
		header http.Header
		body   string
	}{
		{"a member the schema lacks", 200, real.header, strings.Replace(string(real.body), `"kind":`, `"colour": "red", "kind":`, 1)},
		{"a kind not in the enum", 200, real.header, regexp.MustCompile(`"kind": "[a-z_]+"`).ReplaceAllString(string(real.body), `"kind": "party"`)},
		{"a date of another shape", 200, real.header, regexp.MustCompile(`"start": "[0-9-]+"`).ReplaceAllString(string(real.body), `"start": "28 October 2011"`)},
		{"a required member missing", 200, real.header, regexp.MustCompile(`"kind": "[a-z_]+",`).ReplaceAllString(string(real.body), ``)},
		{"no ETag", 200, withoutHeader(real.header, "ETag"), string(real.body)},
		{"an undocumented status", http.StatusTeapot, real.header, string(real.body)},
		{"a problem as plain JSON", 404, real.header, `{"type": "about:blank", "title": "Not found", "status": 404}`},
		{"a problem without its status", 404, withHeader(real.header, "Content-Type", "application/problem+json"), `{"type": "about:blank", "title": "Not found"}`},
	}
	for _, w := range wrong {
		t.Run(w.name, func(t *testing.T) {
			if w.body == string(real.body) && w.status == 200 && w.header.Get("ETag") != "" {
				t.Fatal("the sample was not changed")
			}
			req, _ := http.NewRequest("GET", srv.URL+"/api/v1/events/1", nil)
			resp := &http.Response{StatusCode: w.status, Header: w.header, Body: io.NopCloser(strings.NewReader(w.body)), Request: req}
			ok, errs := v.ValidateHttpResponse(req, resp)
			if ok || len(errs) == 0 {
				t.Errorf("the validator accepts %s:\n%s", w.name, w.body)
			}
			t.Logf("reported:%s", describe(errs))
		})
	}
	// And the real response, unchanged, passes.
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/events/1", nil)
	resp := &http.Response{StatusCode: 200, Header: real.header, Body: io.NopCloser(bytes.NewReader(real.body)), Request: req}
	if ok, errs := v.ValidateHttpResponse(req, resp); !ok {
		t.Errorf("the real response fails:%s", describe(errs))
	}
}

func withoutHeader(h http.Header, name string) http.Header {
	c := h.Clone()
	c.Del(name)
	return c
}

func withHeader(h http.Header, name, value string) http.Header {
	c := h.Clone()
	c.Set(name, value)
	return c
}
