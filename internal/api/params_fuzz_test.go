package api

import (
	"errors"
	"net/url"
	"testing"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// FuzzListParameters reads arbitrary query strings as a list endpoint's
// parameters, as GET /api/v1/events does (the type with the most
// filters). Whatever the query: a filter within the bounds the store
// relies on, or a bad request whose every error names a parameter the
// query has and says what is expected — never a panic.
func FuzzListParameters(f *testing.F) {
	for _, s := range []string{
		"",
		"limit=20&sort=date&order=desc&year=2011&kind=seminar&instrument=twinning&country=LT&project=2&q=ombudsman&status=published",
		"cursor=eyJ2IjoxfQ&limit=500",
		"limit=0&limit=1", "limit=-1", "limit=501", "limit=99999999999999999999", "limit=1e3",
		"year=999", "year=10000", "year=２０１１", "project=0", "project=-9223372036854775808",
		"country=lt", "country=XX", "country=", "kind=nosuch", "sort=name;drop", "order=DESC",
		"q=" + url.QueryEscape(string(make([]rune, 201))), "q=%ff%fe", "cursor=%00", "cursor=!!!",
		"unknown=1&other", "&&==&", "a=%zz", ";",
	} {
		f.Add(s)
	}
	res := resource[registry.Event, registry.Event]{name: "events", filters: []string{"year", "kind", "instrument", "country", "project"}, kinds: registry.EventKinds}
	f.Fuzz(func(t *testing.T, query string) {
		q, _ := url.ParseQuery(query) // the server reads what parses, as r.URL.Query does
		filter, err := res.parseFilter(q)
		if err != nil {
			var bad *badRequest
			if !errors.As(err, &bad) {
				t.Fatalf("%q: unexpected error type %T: %v", query, err, err)
			}
			if len(bad.errors) == 0 || bad.detail == "" {
				t.Fatalf("%q: a bad request without errors: %+v", query, bad)
			}
			for _, fe := range bad.errors {
				if _, ok := q[fe.Field]; !ok || fe.Message == "" {
					t.Fatalf("%q: an error about a parameter the query does not have, or without a message: %+v", query, fe)
				}
			}
			return
		}
		if filter.Limit < 1 || filter.Limit > store.MaxLimit {
			t.Fatalf("%q: limit %d accepted", query, filter.Limit)
		}
		if filter.Year != 0 && (filter.Year < 1000 || filter.Year > 9999) {
			t.Fatalf("%q: year %d accepted", query, filter.Year)
		}
		if utf8.RuneCountInString(filter.Q) > 200 {
			t.Fatalf("%q: a search of %d characters accepted", query, utf8.RuneCountInString(filter.Q))
		}
		if filter.ProjectID < 0 {
			t.Fatalf("%q: project %d accepted", query, filter.ProjectID)
		}
	})
}
