// Package api serves the registry's JSON API under /api/v1/: list, get,
// create, replace and delete for every record type.
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/strictjson"
)

// MaxBody bounds a request body; the largest real record (an event with
// its participants) is a few tens of kilobytes.
const MaxBody = 1 << 20

// Prefix is where the API is served.
const Prefix = "/api/v1/"

// API serves the JSON API from a store.
type API struct {
	st  *store.Store
	now func() time.Time
	log *slog.Logger
	// docs describe the registered record types; the OpenAPI document is
	// built from them once, on first request.
	docs    []resourceDoc
	openapi func() (openAPIDoc, error)
}

// New returns the API over st; now gives today's date for derived
// statuses (time.Now in production, fixed in tests).
func New(st *store.Store, now func() time.Time, log *slog.Logger) *API {
	a := &API{st: st, now: now, log: log}
	a.openapi = sync.OnceValues(a.buildOpenAPI)
	return a
}

// handler is an http.Handler that returns its error, so that errors are
// mapped to status codes in one place.
type handler func(w http.ResponseWriter, r *http.Request) error

func (a *API) serve(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			WriteError(w, r, a.log, err)
		}
	})
}

// Register adds the API's routes: reads for anyone (drafts only for staff
// and token holders), writes for editors and write tokens.
func (a *API) Register(mux *auth.Router) {
	register(mux, a, resource[registry.Institution, registry.Institution]{
		name: "institutions", filters: []string{"kind", "country"}, kinds: registry.InstitutionKinds,
		list: a.st.Institutions, get: a.st.Institution,
		create: (*store.Tx).CreateInstitution, update: (*store.Tx).UpdateInstitution, remove: (*store.Tx).DeleteInstitution,
		id: func(v *registry.Institution) *int64 { return &v.ID }, view: same[registry.Institution], record: same[registry.Institution],
	})
	register(mux, a, resource[registry.Person, registry.Person]{
		name: "people", filters: []string{"country"},
		list: a.st.People, get: a.st.Person,
		create: (*store.Tx).CreatePerson, update: (*store.Tx).UpdatePerson, remove: (*store.Tx).DeletePerson,
		id: func(v *registry.Person) *int64 { return &v.ID }, view: same[registry.Person], record: same[registry.Person],
	})
	register(mux, a, resource[registry.Programme, registry.Programme]{
		name: "programmes", filters: []string{"year"},
		list: a.st.Programmes, get: a.st.Programme,
		create: (*store.Tx).CreateProgramme, update: (*store.Tx).UpdateProgramme, remove: (*store.Tx).DeleteProgramme,
		id: func(v *registry.Programme) *int64 { return &v.ID }, view: same[registry.Programme], record: same[registry.Programme],
	})
	register(mux, a, resource[registry.Partnership, registry.Partnership]{
		name: "partnerships",
		list: a.st.Partnerships, get: a.st.Partnership,
		create: (*store.Tx).CreatePartnership, update: (*store.Tx).UpdatePartnership, remove: (*store.Tx).DeletePartnership,
		id: func(v *registry.Partnership) *int64 { return &v.ID }, view: same[registry.Partnership], record: same[registry.Partnership],
	})
	register(mux, a, resource[registry.Project, projectView]{
		name: "projects", filters: []string{"year", "instrument", "country"},
		list: a.st.Projects, get: a.st.Project,
		create: (*store.Tx).CreateProject, update: (*store.Tx).UpdateProject, remove: (*store.Tx).DeleteProject,
		id: func(v *registry.Project) *int64 { return &v.ID }, view: a.projectView, record: func(v *projectView) *registry.Project { return &v.Project },
	})
	register(mux, a, resource[registry.Event, registry.Event]{
		name: "events", filters: []string{"year", "kind", "instrument", "country", "project"}, kinds: registry.EventKinds,
		list: a.st.Events, get: a.st.Event,
		create: (*store.Tx).CreateEvent, update: (*store.Tx).UpdateEvent, remove: (*store.Tx).DeleteEvent,
		id: func(v *registry.Event) *int64 { return &v.ID }, view: same[registry.Event], record: same[registry.Event],
	})
	register(mux, a, resource[registry.Publication, registry.Publication]{
		name: "publications", filters: []string{"year", "kind", "country"}, kinds: registry.PublicationKinds,
		list: a.st.Publications, get: a.st.Publication,
		create: (*store.Tx).CreatePublication, update: (*store.Tx).UpdatePublication, remove: (*store.Tx).DeletePublication,
		id: func(v *registry.Publication) *int64 { return &v.ID }, view: same[registry.Publication], record: same[registry.Publication],
	})
	mux.Handle(Prefix, auth.Anyone, a.serve(func(w http.ResponseWriter, r *http.Request) error {
		return &statusError{http.StatusNotFound, "no such API endpoint; see /api/v1/ for the record types: institutions, people, programmes, partnerships, projects, events, publications"}
	}))
	mux.Handle("GET /api/v1/{$}", auth.Anyone, a.serve(func(w http.ResponseWriter, r *http.Request) error {
		return writeJSON(w, http.StatusOK, map[string]any{
			"version": Version,
			"openapi": OpenAPIPath,
			"resources": map[string]string{
				"institutions": Prefix + "institutions", "people": Prefix + "people", "programmes": Prefix + "programmes",
				"partnerships": Prefix + "partnerships", "projects": Prefix + "projects", "events": Prefix + "events",
				"publications": Prefix + "publications",
			},
		})
	}))
	mux.Handle("GET "+OpenAPIPath, auth.Anyone, a.serve(a.serveOpenAPI))
}

func same[T any](v *T) *T { return v }

// resource describes one record type: T is the stored record, V what the
// API shows of it (T plus derived, read-only fields).
type resource[T, V any] struct {
	name    string
	filters []string
	kinds   any // allowed values of the kind filter, a []SomeKind
	list    func(context.Context, store.Filter) (store.Page[T], error)
	get     func(context.Context, int64) (*T, error)
	create  func(*store.Tx, context.Context, *T) ([]registry.FieldError, error)
	update  func(*store.Tx, context.Context, *T) ([]registry.FieldError, error)
	remove  func(*store.Tx, context.Context, int64) error
	id      func(*T) *int64
	view    func(*T) *V
	record  func(*V) *T
}

// metaOf gives a record's Meta through its view.
func metaOf[T any](rec *T) *registry.Meta {
	return any(rec).(interface{ GetMeta() *registry.Meta }).GetMeta()
}

func register[T, V any](mux *auth.Router, a *API, res resource[T, V]) {
	base := Prefix + res.name
	a.docs = append(a.docs, resourceDoc{name: res.name, filters: res.filters, kinds: kindType(res.kinds),
		view: reflect.TypeFor[V](), list: reflect.TypeFor[listBody[V]]()})
	// visible hides drafts from callers who may not see them.
	visible := func(r *http.Request, rec *T) error {
		if metaOf(rec).Status != registry.Published && !auth.From(r.Context()).SeesDrafts() {
			return registry.ErrNotFound
		}
		return nil
	}
	mux.Handle("GET "+base, auth.Anyone, a.serve(func(w http.ResponseWriter, r *http.Request) error {
		f, err := res.parseFilter(r.URL.Query())
		if err != nil {
			return err
		}
		if !auth.From(r.Context()).SeesDrafts() {
			f.Status = registry.Published
		}
		page, err := res.list(r.Context(), f)
		if err != nil {
			return err
		}
		items := make([]*V, len(page.Items))
		for i := range page.Items {
			items[i] = res.view(&page.Items[i])
		}
		body := listBody[V]{Items: items, Limit: f.Limit}
		if page.Next != nil {
			q := r.URL.Query()
			q.Set("cursor", page.Next.Encode())
			body.Next = base + "?" + q.Encode()
			w.Header().Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", body.Next))
		}
		return writeJSON(w, http.StatusOK, body)
	}))
	mux.Handle("GET "+base+"/{id}", auth.Anyone, a.serve(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		rec, err := res.get(r.Context(), id)
		if err != nil {
			return err
		}
		if err := visible(r, rec); err != nil {
			return err
		}
		w.Header().Set("ETag", etag(metaOf(rec).Version))
		return writeJSON(w, http.StatusOK, res.view(rec))
	}))
	mux.Handle("POST "+base, auth.Editors, a.serve(func(w http.ResponseWriter, r *http.Request) error {
		v, err := decodeBody[V](w, r)
		if err != nil {
			return err
		}
		rec := res.record(v)
		var warnings []registry.FieldError
		err = a.st.Transact(r.Context(), func(tx *store.Tx) error {
			warnings, err = res.create(tx, r.Context(), rec)
			return err
		})
		if err != nil {
			return err
		}
		saved, err := res.get(r.Context(), *res.id(rec))
		if err != nil {
			return err
		}
		w.Header().Set("Location", fmt.Sprintf("%s/%d", base, *res.id(rec)))
		w.Header().Set("ETag", etag(metaOf(saved).Version))
		return writeJSON(w, http.StatusCreated, withWarnings(res.view(saved), warnings))
	}))
	mux.Handle("PUT "+base+"/{id}", auth.Editors, a.serve(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		v, err := decodeBody[V](w, r)
		if err != nil {
			return err
		}
		rec := res.record(v)
		if got := *res.id(rec); got != 0 && got != id {
			return registry.Invalid("id", got, "does not match the record's address (%d); leave it out or make it equal", id)
		}
		*res.id(rec) = id
		if m := metaOf(rec); m.Version == 0 {
			// Without a version in the body, If-Match names the version
			// the edit was made on.
			if v, ok := parseETag(r.Header.Get("If-Match")); ok {
				m.Version = v
			}
		}
		var warnings []registry.FieldError
		err = a.st.Transact(r.Context(), func(tx *store.Tx) error {
			warnings, err = res.update(tx, r.Context(), rec)
			return err
		})
		if err != nil {
			return err
		}
		saved, err := res.get(r.Context(), id)
		if err != nil {
			return err
		}
		w.Header().Set("ETag", etag(metaOf(saved).Version))
		return writeJSON(w, http.StatusOK, withWarnings(res.view(saved), warnings))
	}))
	mux.Handle("DELETE "+base+"/{id}", auth.Editors, a.serve(func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		err = a.st.Transact(r.Context(), func(tx *store.Tx) error { return res.remove(tx, r.Context(), id) })
		if err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}))
}

type listBody[V any] struct {
	Items []*V   `json:"items"`
	Next  string `json:"next,omitempty"`
	Limit int    `json:"limit"`
}

// parseFilter reads the list parameters, refusing any the type does not
// have and any value of the wrong shape, all at once.
func (res resource[T, V]) parseFilter(q url.Values) (store.Filter, error) {
	f := store.Filter{Limit: store.DefaultLimit}
	var errs []registry.FieldError
	bad := func(field string, value any, format string, args ...any) {
		errs = append(errs, registry.FieldError{Field: field, Value: value, Message: fmt.Sprintf(format, args...)})
	}
	allowed := append([]string{"limit", "cursor", "q", "status", "sort", "order"}, res.filters...)
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		values := q[key]
		if !slices.Contains(allowed, key) {
			bad(key, nil, "is not a parameter of %s; expected one of %s", res.name, strings.Join(allowed, ", "))
			continue
		}
		if len(values) > 1 {
			bad(key, values[1], "is given %d times; give it once", len(values))
			continue
		}
		v := values[0]
		switch key {
		case "limit":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > store.MaxLimit {
				bad(key, v, "is not a page size; expected a whole number from 1 to %d", store.MaxLimit)
			}
			f.Limit = n
		case "cursor":
			c, err := store.DecodeCursor(v)
			if err != nil {
				bad(key, v, "%s", err.Error())
			}
			f.After = c
		case "year":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1000 || n > 9999 {
				bad(key, v, "is not a year; expected four digits such as 2011")
			}
			f.Year = n
		case "instrument":
			if !slices.Contains(registry.Instruments, registry.Instrument(v)) {
				bad(key, v, "is not an instrument; expected one of twinning, twinning_light, taiex, other")
			}
			f.Instrument = v
		case "kind":
			if allowedKinds := kindNames(res.kinds); !slices.Contains(allowedKinds, v) {
				bad(key, v, "is not a kind of %s; expected one of %s", res.name, strings.Join(allowedKinds, ", "))
			}
			f.Kind = v
		case "country":
			if err := country.Check(v); err != nil {
				bad(key, v, "%s", err.Error())
			}
			f.Country = v
		case "q":
			if utf8.RuneCountInString(v) > 200 {
				bad(key, nil, "is longer than 200 characters")
			}
			f.Q = v
		case "status":
			if !slices.Contains(registry.Statuses, registry.Status(v)) {
				bad(key, v, "is not a status; expected draft or published")
			}
			f.Status = registry.Status(v)
		case "sort":
			if !slices.Contains([]string{"name", "date", "updated", "id"}, v) {
				bad(key, v, "is not a sort order; expected name, date, updated or id")
			}
			f.Sort = v
		case "order":
			if v != "asc" && v != "desc" {
				bad(key, v, "is not an order; expected asc or desc")
			}
			f.Desc = v == "desc"
		case "project":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1 {
				bad(key, v, "is not a project id; expected a positive whole number")
			}
			f.ProjectID = n
		}
	}
	if len(errs) > 0 {
		return f, &badRequest{detail: fmt.Sprintf("%d parameter(s) are not right for %s", len(errs), res.name), errors: errs}
	}
	return f, nil
}

// etag is a record version as an entity tag.
func etag(version int) string { return fmt.Sprintf("\"v%d\"", version) }

// parseETag reads an entity tag made by etag.
func parseETag(s string) (int, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "W/")
	if len(s) < 4 || !strings.HasPrefix(s, "\"v") || !strings.HasSuffix(s, "\"") {
		return 0, false
	}
	n, err := strconv.Atoi(s[2 : len(s)-1])
	return n, err == nil && n > 0
}

func kindNames(kinds any) []string {
	var out []string
	switch ks := kinds.(type) {
	case []registry.InstitutionKind:
		for _, k := range ks {
			out = append(out, string(k))
		}
	case []registry.EventKind:
		for _, k := range ks {
			out = append(out, string(k))
		}
	case []registry.PublicationKind:
		for _, k := range ks {
			out = append(out, string(k))
		}
	}
	return out
}

func pathID(r *http.Request) (int64, error) {
	s := r.PathValue("id")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, &badRequest{detail: "the address does not name a record", errors: []registry.FieldError{{Field: "id", Value: s, Message: "is not a record id; expected a positive whole number"}}}
	}
	return id, nil
}

// decodeBody reads a JSON request body of at most MaxBody bytes strictly.
func decodeBody[V any](w http.ResponseWriter, r *http.Request) (*V, error) {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return nil, &statusError{http.StatusUnsupportedMediaType, fmt.Sprintf("the body must be JSON, sent with Content-Type: application/json (got %q)", ct)}
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		return nil, err
	}
	var v V
	if err := strictjson.Decode(data, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// withWarnings adds a "warnings" member to a record's JSON when a write
// was accepted with warnings.
func withWarnings(v any, warnings []registry.FieldError) any {
	if len(warnings) == 0 {
		return v
	}
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return v
	}
	wb, _ := json.Marshal(warnings)
	m["warnings"] = wb
	return m
}
