package bench

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/report"
	"github.com/liaison-registry/liaison/internal/store"
)

// The annual cooperation chapter over the generated registry
// (docs/reports.md), for its busiest year: built from the database (every
// partner's projects, events with participants and publications of the
// year), and written as HTML, PDF and CSV.
func BenchmarkAnnualReport(b *testing.B) {
	st := benchStore(b)
	ctx := context.Background()
	year := busiestYear(b, st)
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	q := report.AnnualQuery{Year: year, Lang: "en", Now: now}
	d, err := report.Annual(ctx, st, q)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("year %d: %d sections", year, len(d.Sections))
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			if _, err := report.Annual(ctx, st, q); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("html", func(b *testing.B) {
		for b.Loop() {
			if err := d.HTML(io.Discard, report.HTMLOptions{Stylesheet: "/static/report.css"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pdf", func(b *testing.B) {
		for b.Loop() {
			if err := d.PDF(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("csv", func(b *testing.B) {
		for b.Loop() {
			if err := d.CSV(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// busiestYear is the year with the most events.
func busiestYear(b *testing.B, st *store.Store) int {
	counts, err := st.EventsByYear(context.Background(), store.FigureFilter{Drafts: true})
	if err != nil {
		b.Fatal(err)
	}
	per := map[int]int{}
	best := 0
	for _, c := range counts {
		per[c.Year] += c.Events
		if per[c.Year] > per[best] {
			best = c.Year
		}
	}
	return best
}
