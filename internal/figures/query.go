// Package figures builds the dashboards and the projects' timeline
// (docs/dashboards.md) from the store's aggregate queries: each figure as
// an SVG chart (package chart) with its title and a description of its
// figures in words, and the same figures as a table, in the reader's
// language. The portal and the workspace both show them; the portal
// counts published records only, the workspace drafts too.
package figures

import (
	"context"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/messages"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// Query is what a reader asked for in the query string.
type Query struct {
	From, To   int // years, 0 when open
	Instrument registry.Instrument
	Partner    string // a partnership's or an institution's slug
	Page       int    // the timeline's page, from 1
}

// The bounds of a query's years and pages.
const (
	MinYear = 1900
	MaxYear = 2100
	MaxPage = 10000
)

// FieldError is a query parameter that could not be read, with the
// reader's message.
type FieldError struct {
	Field, Value, Message string
}

// ErrBadQuery is returned (wrapped in a QueryError) for a query that
// cannot be answered.
var ErrBadQuery = errors.New("bad query")

// QueryError lists what is wrong with a query.
type QueryError struct{ Fields []FieldError }

func (e *QueryError) Error() string {
	var b strings.Builder
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Message)
	}
	return b.String()
}

func (e *QueryError) Unwrap() error { return ErrBadQuery }

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)

// ParseQuery reads from, to, instrument, partner and page; every value
// is bounded. Unknown parameters are ignored, as links from elsewhere
// may carry their own.
func ParseQuery(v url.Values, w messages.Words) (Query, error) {
	var q Query
	var bad []FieldError
	year := func(field, label string) int {
		s := strings.TrimSpace(v.Get(field))
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < MinYear || n > MaxYear {
			bad = append(bad, FieldError{field, s, w.S("filter.error.year", "Field", label, "Value", clip(s), "Min", MinYear, "Max", MaxYear)})
			return 0
		}
		return n
	}
	q.From = year("from", w.S("filter.from"))
	q.To = year("to", w.S("filter.to"))
	if q.From != 0 && q.To != 0 && q.From > q.To {
		bad = append(bad, FieldError{"to", strconv.Itoa(q.To), w.S("filter.error.order", "From", q.From, "To", q.To)})
	}
	if s := strings.TrimSpace(v.Get("instrument")); s != "" {
		if slices.Contains(registry.Instruments, registry.Instrument(s)) {
			q.Instrument = registry.Instrument(s)
		} else {
			names := make([]string, len(registry.Instruments))
			for i, in := range registry.Instruments {
				names[i] = string(in)
			}
			bad = append(bad, FieldError{"instrument", s, w.S("filter.error.instrument", "Value", clip(s), "Allowed", strings.Join(names, ", "))})
		}
	}
	if s := strings.TrimSpace(v.Get("partner")); s != "" {
		if slugPattern.MatchString(s) {
			q.Partner = s
		} else {
			bad = append(bad, FieldError{"partner", s, w.S("filter.error.partner", "Value", clip(s))})
		}
	}
	q.Page = 1
	if s := strings.TrimSpace(v.Get("page")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPage {
			bad = append(bad, FieldError{"page", s, w.S("filter.error.page", "Value", clip(s), "Max", MaxPage)})
		} else {
			q.Page = n
		}
	}
	if len(bad) > 0 {
		return q, &QueryError{Fields: bad}
	}
	return q, nil
}

// Values is the query as parameters, without the page; only what is set.
func (q Query) Values() url.Values {
	v := url.Values{}
	if q.From != 0 {
		v.Set("from", strconv.Itoa(q.From))
	}
	if q.To != 0 {
		v.Set("to", strconv.Itoa(q.To))
	}
	if q.Instrument != "" {
		v.Set("instrument", string(q.Instrument))
	}
	if q.Partner != "" {
		v.Set("partner", q.Partner)
	}
	return v
}

// Encode is the query string of the query at page (no page for 1), with
// its "?", or "" when there is nothing to say.
func (q Query) Encode(page int) string {
	v := q.Values()
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// filter turns the query into the store's filter, resolving the partner.
func (q Query) filter(ctx context.Context, rd *store.Reader, drafts bool, w messages.Words) (store.FigureFilter, error) {
	f := store.FigureFilter{Drafts: drafts, FromYear: q.From, ToYear: q.To, Instrument: q.Instrument}
	if q.Partner != "" {
		id, err := rd.PartnerBySlug(ctx, q.Partner, drafts)
		if errors.Is(err, registry.ErrNotFound) {
			return f, &QueryError{Fields: []FieldError{{"partner", q.Partner, w.S("filter.error.partner", "Value", q.Partner)}}}
		}
		if err != nil {
			return f, err
		}
		f.PartnerID = id
	}
	return f, nil
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
