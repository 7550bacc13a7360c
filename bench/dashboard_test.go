package bench

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// The dashboard and the projects' timeline over the generated registry
// (docs/dashboards.md). The pages keep their figures per version of the
// registry, so a page served while nothing changes is mostly drawing;
// the "figures" benchmarks compute every figure from the database as the
// first request after a change does, in a transaction that keeps no
// counts (rolled back).
func BenchmarkDashboard(b *testing.B) {
	b.Run("page", func(b *testing.B) { benchWarm(b, "/en/dashboard") })
	b.Run("page-filtered", func(b *testing.B) { benchWarm(b, "/en/dashboard?instrument=taiex&from=2015&to=2020") })
	queries := []struct {
		name string
		run  func(ctx context.Context, tx *store.Tx, f store.FigureFilter) error
	}{
		{"events-by-year", func(ctx context.Context, tx *store.Tx, f store.FigureFilter) error {
			_, err := tx.EventsByYear(ctx, f)
			return err
		}},
		{"countries", func(ctx context.Context, tx *store.Tx, f store.FigureFilter) error {
			_, err := tx.ProjectCountries(ctx, f)
			return err
		}},
		{"institutions", func(ctx context.Context, tx *store.Tx, f store.FigureFilter) error {
			_, err := tx.EngagedInstitutions(ctx, f, 10)
			return err
		}},
		{"people", func(ctx context.Context, tx *store.Tx, f store.FigureFilter) error {
			_, err := tx.EngagedPeople(ctx, f, 10)
			return err
		}},
		{"indicators", func(ctx context.Context, tx *store.Tx, f store.FigureFilter) error {
			ids, err := tx.ProjectsWithIndicators(ctx, f, 10)
			if err != nil || len(ids) == 0 {
				return err
			}
			_, err = tx.ProjectWorkplans(ctx, ids, storetest.Now(), "")
			return err
		}},
	}
	for _, c := range []struct {
		name string
		f    store.FigureFilter
	}{
		{"figures-public", store.FigureFilter{}},
		{"figures-staff", store.FigureFilter{Drafts: true}},
		{"figures-filtered", store.FigureFilter{Instrument: "taiex", FromYear: 2015, ToYear: 2020}},
		// About half the network registry's events (1996-2025): where
		// the rankings change how they count (store.Reader.engaged).
		{"figures-since-2011", store.FigureFilter{FromYear: 2011}},
	} {
		for _, q := range queries {
			b.Run(c.name+"/"+q.name, func(b *testing.B) {
				st := benchStore(b)
				ctx := context.Background()
				b.ReportAllocs()
				for b.Loop() {
					if err := st.DryRun(ctx, func(tx *store.Tx) error { return q.run(ctx, tx, c.f) }); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// benchWarm is benchGet after one request unmeasured: the page as it is
// served while the registry does not change (its figures kept).
func benchWarm(b *testing.B, path string) {
	h := site(b)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	if rec.Code != 200 {
		b.Fatalf("%s = %d", path, rec.Code)
	}
	benchGet(b, path)
}

// A page of 50 projects on the timeline, its downloads, and the page's
// figures computed from the database.
func BenchmarkTimeline(b *testing.B) {
	b.Run("page", func(b *testing.B) { benchGet(b, "/en/timeline/projects") })
	b.Run("svg", func(b *testing.B) { benchGet(b, "/en/timeline/projects.svg") })
	b.Run("pdf", func(b *testing.B) { benchGet(b, "/en/timeline/projects.pdf") })
	b.Run("figures", func(b *testing.B) {
		st := benchStore(b)
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			err := st.DryRun(ctx, func(tx *store.Tx) error {
				ps, _, err := tx.TimelineProjects(ctx, store.FigureFilter{}, 50, 0)
				if err != nil {
					return err
				}
				ids := make([]int64, len(ps))
				for i, p := range ps {
					ids[i] = p.ID
				}
				_, err = tx.ProjectWorkplans(ctx, ids, time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC), "published")
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
