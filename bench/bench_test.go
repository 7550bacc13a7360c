// Package bench measures Liaison on generated registries:
//
//	go test -run '^$' -bench . -benchmem ./bench/
//
// The registry is generated once per run (10,000 events by default; set
// LIAISON_BENCH_EVENTS for another size) and written through the real
// import path. On SQLite, LIAISON_BENCH_DB names a file to keep it in
// between runs (written on the first run, used as it is afterwards).
package bench

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/generate"
	"github.com/liaison-registry/liaison/internal/server"
	"github.com/liaison-registry/liaison/internal/spreadsheet"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// TestMain runs the benchmarks on SQLite, then on PostgreSQL.
func TestMain(m *testing.M) { storetest.Main(m) }

// sites holds, per database, the site over the generated registry.
var (
	mu     sync.Mutex
	sites  = map[string]http.Handler{}
	stores = map[string]*store.Store{}
)

func events() int {
	if n, err := strconv.Atoi(os.Getenv("LIAISON_BENCH_EVENTS")); err == nil && n > 0 {
		return n
	}
	return 10000
}

// site returns the whole site over a generated registry, made once per
// database.
func site(b *testing.B) http.Handler { return siteT(b) }

func siteT(b testing.TB) http.Handler {
	mu.Lock()
	defer mu.Unlock()
	if h := sites[storetest.Backend()]; h != nil {
		return h
	}
	dsn, err := storetest.SharedDSN()
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	// A registry kept from an earlier run (LIAISON_BENCH_DB) is used as it is.
	held, err := st.CountEvents(context.Background(), store.Filter{})
	if err != nil {
		b.Fatal(err)
	}
	if held == 0 {
		doc := generate.Document(generate.ForEvents(events(), 1))
		if _, err := exchange.Import(context.Background(), st, doc, false); err != nil {
			b.Fatal(err)
		}
	}
	// The open-data benchmarks need a reporting organisation.
	err = st.Transact(context.Background(), func(tx *store.Tx) error {
		return tx.SaveSettings(context.Background(), store.Settings{IATIOrgRef: "XM-DAC-00-1"})
	})
	if err != nil {
		b.Fatal(err)
	}
	h, err := server.Handler(st, server.Options{Now: storetest.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	sites[storetest.Backend()] = h
	stores[storetest.Backend()] = st
	return h
}

// benchStore returns the store under the generated site.
func benchStore(b *testing.B) *store.Store {
	site(b)
	mu.Lock()
	defer mu.Unlock()
	return stores[storetest.Backend()]
}

// The IATI file of every published project (a tenth as many as events).
func BenchmarkIATIExport(b *testing.B) {
	benchGet(b, "/export/iati-activities.xml")
	b.ReportMetric(float64(events()/10)*float64(b.N)/b.Elapsed().Seconds(), "projects/s")
}

// The events sheet, every row, and reading it back as a dry run in
// which every row is matched and found unchanged.
func BenchmarkCSVEvents(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	var sheet bytes.Buffer
	if err := spreadsheet.Export(ctx, st, "events", &sheet, false); err != nil {
		b.Fatal(err)
	}
	rows := bytes.Count(sheet.Bytes(), []byte("\n")) - 1
	b.Run("export", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := spreadsheet.Export(ctx, st, "events", io.Discard, false); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("dry-run-import", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res, err := spreadsheet.Import(ctx, st, "events", bytes.NewReader(sheet.Bytes()), true)
			if err != nil {
				b.Fatal(err)
			}
			if res.Unchanged != rows {
				b.Fatalf("%d of %d rows unchanged", res.Unchanged, rows)
			}
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}

func benchGet(b *testing.B, path string) {
	h := site(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			b.Fatalf("%s = %d: %s", path, rec.Code, rec.Body.String())
		}
	}
}

// The public cooperation page: the most recent 100 events, projects and
// publications of the partner, with everything they name.
func BenchmarkCooperationPage(b *testing.B) { benchGet(b, "/en/cooperation/eu") }

// The event list endpoint, first page and a filtered page.
func BenchmarkEventList(b *testing.B) { benchGet(b, "/api/v1/events") }

func BenchmarkEventListFiltered(b *testing.B) {
	benchGet(b, "/api/v1/events?year=2011&kind=seminar&country=AZ&limit=50")
}

func BenchmarkEventListDeepPage(b *testing.B) {
	h := site(b)
	// Walk to the 100th page once, then measure fetching it.
	path := "/api/v1/events?limit=50"
	for range 100 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		next := rec.Header().Get("Link")
		if next == "" {
			break
		}
		path = next[1 : len(next)-len(`>; rel="next"`)]
	}
	benchGet(b, path)
}

// Importing a generated registry through the real path, per record.
func BenchmarkImport(b *testing.B) {
	doc := generate.Document(generate.ForEvents(2000, 2))
	records := len(doc.Institutions) + len(doc.People) + len(doc.Programmes) + len(doc.Partnerships) + len(doc.Projects) + len(doc.Events) + len(doc.Publications)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		st, err := store.Open(context.Background(), storetest.DSN(b), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		fresh := generate.Document(generate.ForEvents(2000, 2))
		b.StartTimer()
		if _, err := exchange.Import(context.Background(), st, fresh, false); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(records)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// Search, as readers type it: a name, title words, a reference, a year
// with a filter, a country in Russian, a short prefix, a word found in
// nearly every record, with and without a filter; through the search
// page (ranking, facets, snippets and the page itself). Besides the
// mean it reports the median and the 99th percentile of single requests.
func BenchmarkSearch(b *testing.B) {
	queries := []string{
		"/en/search?q=normantas",
		"/en/search?q=strengthening+national+preventive",
		"/en/search?q=AZ%2F16%2FENI%2FJH",
		"/en/search?q=2011&type=event",
		"/ru/search?q=%D0%BB%D0%B8%D1%82%D0%B2%D0%B0", // литва
		"/en/search?q=rig",
		"/en/search?q=ombudsman",
		"/en/search?q=ombudsman+office&country=LT",
		"/az/search?q=seminar&year=2011&kind=seminar",
	}
	benchLatency(b, func(i int) string { return queries[i%len(queries)] })
}

// Each search of BenchmarkSearch alone, to see which costs what.
func BenchmarkSearchEach(b *testing.B) {
	for _, q := range []string{"normantas", "rig", "ombudsman", "ombudsman&country=LT", "2011&type=event"} {
		b.Run(q, func(b *testing.B) { benchGet(b, "/en/search?q="+q) })
	}
}

// Name suggestions as a reader types.
func BenchmarkSuggest(b *testing.B) { benchGet(b, "/en/search/suggest?q=norm") }
