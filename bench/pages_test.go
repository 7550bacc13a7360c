package bench

import (
	"context"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// benchLatency requests path(i) for the i-th iteration and reports the
// median and 99th percentile as well as the mean.
func benchLatency(b *testing.B, path func(i int) string) {
	h := site(b)
	b.ReportAllocs()
	var took []time.Duration
	i := 0
	for b.Loop() {
		p := path(i)
		i++
		start := time.Now()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		took = append(took, time.Since(start))
		if rec.Code != 200 {
			b.Fatalf("%s = %d", p, rec.Code)
		}
	}
	slices.Sort(took)
	ms := func(p float64) float64 { return float64(took[int(p*float64(len(took)-1))]) / 1e6 }
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

// Public pages are kept until the registry changes (see
// internal/portal/pagecache.go). "Kept" asks for the same page again and
// again; "drawn" gives each request an address of its own (an unknown
// parameter the page ignores), so that every one is drawn from the
// registry, as the first request after a change is.
func BenchmarkPages(b *testing.B) {
	project := newestProject(b)
	pages := []struct{ name, path string }{
		{"cooperation", "/en/cooperation/eu"},
		{"cooperation-events", "/en/cooperation/eu/events"},
		{"project", "/en/projects/" + project},
		{"home", "/en/"},
	}
	for _, p := range pages {
		b.Run(p.name+"/kept", func(b *testing.B) {
			benchLatency(b, func(int) string { return p.path })
		})
		b.Run(p.name+"/drawn", func(b *testing.B) {
			benchLatency(b, func(i int) string { return p.path + "?draw=" + strconv.Itoa(i) })
		})
	}
}

// The event list API: a year's events of a kind, paginated, as the load
// test reads them, and with a country.
func BenchmarkEventListLatency(b *testing.B) {
	years := []int{1998, 2004, 2011, 2016, 2022}
	kinds := []string{"seminar", "workshop", "study_visit", "conference", "expert_mission"}
	b.Run("year-kind", func(b *testing.B) {
		benchLatency(b, func(i int) string {
			return "/api/v1/events?year=" + strconv.Itoa(years[i%len(years)]) + "&kind=" + kinds[(i/len(years))%len(kinds)] + "&limit=50"
		})
	})
	b.Run("year-kind-country", func(b *testing.B) {
		benchLatency(b, func(i int) string {
			return "/api/v1/events?year=" + strconv.Itoa(years[i%len(years)]) + "&kind=seminar&country=AZ&limit=50"
		})
	})
}

func newestProject(b *testing.B) string {
	st := benchStore(b)
	page, err := st.Projects(context.Background(), store.Filter{Status: registry.Published, Desc: true, Limit: 1})
	if err != nil || len(page.Items) == 0 {
		b.Fatalf("no published project: %v", err)
	}
	return page.Items[0].Slug
}

// The searches of BenchmarkSearch, each drawn (search pages are kept
// too): what a search costs when it was not asked since the last change.
func BenchmarkSearchDrawn(b *testing.B) {
	queries := []string{
		"/en/search?q=normantas",
		"/en/search?q=strengthening+national+preventive",
		"/en/search?q=2011&type=event",
		"/ru/search?q=%D0%BB%D0%B8%D1%82%D0%B2%D0%B0",
		"/en/search?q=rig",
		"/en/search?q=ombudsman",
		"/en/search?q=ombudsman+office&country=LT",
		"/az/search?q=seminar&year=2011&kind=seminar",
	}
	benchLatency(b, func(i int) string { return queries[i%len(queries)] + "&draw=" + strconv.Itoa(i) })
}
