package admin_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// The staff's reports: signed-in staff only, in the language and format
// asked for, linked from the project's page and the menu; bad input is
// a 400 that names it.
func TestStaffReports(t *testing.T) {
	st := storetest.Demo(t)
	srv := servertest.New(t, st)
	anonymous := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, path := range []string{"/admin/reports", "/admin/reports/projects/2?period=2017-Q1", "/admin/reports/annual/2016?format=pdf"} {
		if status, h, body := fetch(t, anonymous, srv.URL+path); status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/admin/login") ||
			strings.Contains(body, "Quarterly") {
			t.Errorf("anonymous %s: %d %s", path, status, h.Get("Location"))
		}
	}
	viewer := srv.Client(t, "viewer")
	status, _, menu := fetch(t, viewer, srv.URL+"/admin/")
	if status != 200 || !strings.Contains(menu, `href="/admin/reports"`) {
		t.Errorf("the workspace menu does not link the reports: %d", status)
	}
	_, _, index := fetch(t, viewer, srv.URL+"/admin/reports")
	if !strings.Contains(index, `href="/admin/reports/annual/`) || !strings.Contains(index, `href="/admin/reports/projects/2?period=final&amp;lang=az"`) {
		t.Error("the reports page lacks the annual chapter or the projects' reports")
	}
	_, _, project := fetch(t, viewer, srv.URL+"/admin/projects/2")
	if !strings.Contains(project, `action="/admin/reports/projects/2"`) {
		t.Error("the project's page has no report form")
	}

	status, h, page := fetch(t, viewer, srv.URL+"/admin/reports/projects/2?period=2017-Q1&lang=az")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(page, "Rüblük hesabat 2017-Q1") ||
		!strings.Contains(page, `href="/static/report.css"`) || !strings.Contains(page, `format=pdf`) || strings.Contains(page, "<script") || strings.Contains(page, "style=") {
		t.Errorf("the quarterly report's page: %d %s", status, h.Get("Content-Type"))
	}
	status, h, pdf := fetch(t, viewer, srv.URL+"/admin/reports/projects/2?period=2017-Q1&lang=ru&format=pdf")
	if status != 200 || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF-") || !strings.Contains(h.Get("Content-Disposition"), "project-2-2017-Q1-ru.pdf") {
		t.Errorf("the quarterly report's PDF: %d %s %s", status, h.Get("Content-Type"), h.Get("Content-Disposition"))
	}
	status, h, body := fetch(t, viewer, srv.URL+"/admin/reports/annual/2016?lang=en&format=csv")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || err != nil || len(rows) < 2 || rows[0][0] != "section" {
		t.Errorf("the annual chapter's CSV: %d %s %v", status, h.Get("Content-Type"), err)
	}

	for path, want := range map[string]string{
		"/admin/reports/projects/2?period=2016-Q9":      "period",
		"/admin/reports/projects/2?period=2030-Q1":      "2017-Q4",
		"/admin/reports/projects/2?lang=de":             "lang",
		"/admin/reports/projects/2?format=docx":         "format",
		"/admin/reports/annual/20166":                   "year",
		"/admin/reports/annual/2016?format=xls":         "format",
		"/admin/reports/projects/2?period=final&lang=x": "lang",
	} {
		status, _, body := fetch(t, viewer, srv.URL+path)
		if status != http.StatusBadRequest || !strings.Contains(body, want) || !strings.Contains(body, "expected") {
			t.Errorf("%s: %d %q, want 400 naming %s and what is expected", path, status, body, want)
		}
	}
	if status, _, _ := fetch(t, viewer, srv.URL+"/admin/reports/projects/999999"); status != http.StatusNotFound {
		t.Errorf("no such project: %d", status)
	}
}

// The reports page reaches every project's report, however many there
// are: a page at a time, newest first, with links to the other pages
// that keep the filters, and filters by words, year, instrument and
// partner.
func TestReportsPageReachesEveryProject(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	err := st.Transact(ctx, func(tx *store.Tx) error {
		for i := range 520 {
			in := registry.TAIEX
			if i%2 == 1 {
				in = registry.OtherInstrument
			}
			start, _ := registry.ParseDate(strconv.Itoa(2000 + i%20))
			p := &registry.Project{Instrument: in, Reference: fmt.Sprintf("BULK-%03d", i), Title: registry.T("en", fmt.Sprintf("Bulk project %03d", i)),
				Start: start, End: start}
			if _, err := tx.CreateProject(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := servertest.New(t, st)
	viewer := srv.Client(t, "viewer")
	reportLink := regexp.MustCompile(`href="/admin/reports/projects/(\d+)\?period=final&amp;lang=en"`)
	nextLink := regexp.MustCompile(`href="([^"]+)" rel="next"`)
	// walk follows the pages from the first and gives the projects
	// linked and the pages' addresses.
	walk := func(query string) (map[string]bool, []string) {
		seen := map[string]bool{}
		var pages []string
		next := "/admin/reports" + query
		for next != "" && len(pages) < 50 {
			pages = append(pages, next)
			status, _, body := fetch(t, viewer, srv.URL+next)
			if status != 200 {
				t.Fatalf("%s: %d", next, status)
			}
			for _, m := range reportLink.FindAllStringSubmatch(body, -1) {
				if seen[m[1]] {
					t.Errorf("%s: project %s listed twice", next, m[1])
				}
				seen[m[1]] = true
			}
			next = ""
			if m := nextLink.FindStringSubmatch(body); m != nil {
				next = html.UnescapeString(m[1])
			}
		}
		return seen, pages
	}
	all, err := st.CountProjects(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	seen, pages := walk("")
	if len(seen) != all || !seen["2"] {
		t.Errorf("the reports page reaches %d of %d projects over %d pages (the demonstration's Twinning: %v)", len(seen), all, len(pages), seen["2"])
	}

	_, _, body := fetch(t, viewer, srv.URL+"/admin/reports?q=BULK-007")
	if ids := reportLink.FindAllStringSubmatch(body, -1); len(ids) != 1 || !strings.Contains(body, "Bulk project 007") {
		t.Errorf("searching for BULK-007 lists %d projects", len(ids))
	}

	// The filters hold on every page.
	taiex, err := st.CountProjects(ctx, store.Filter{Instrument: "taiex"})
	if err != nil {
		t.Fatal(err)
	}
	seen, pages = walk("?instrument=taiex")
	if len(seen) != taiex || len(pages) < 2 {
		t.Errorf("TAIEX: %d projects over %d pages, the store counts %d", len(seen), len(pages), taiex)
	}
	for _, p := range pages[1:] {
		if !strings.Contains(p, "instrument=taiex") {
			t.Errorf("a page link drops the filter: %s", p)
		}
	}
	seen, _ = walk("?year=2005&instrument=other")
	year, err := st.CountProjects(ctx, store.Filter{Year: 2005, Instrument: "other"})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != year || year == 0 {
		t.Errorf("Other instruments in 2005: %d listed, the store counts %d", len(seen), year)
	}
	ps, err := st.PartnershipBySlug(ctx, "eu")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := st.InstitutionTree(ctx, ps.PartnerID)
	if err != nil {
		t.Fatal(err)
	}
	funded, err := st.CountProjects(ctx, store.Filter{Partner: tree})
	if err != nil {
		t.Fatal(err)
	}
	if seen, _ = walk("?partner=eu"); len(seen) != funded || funded == 0 {
		t.Errorf("the EU's projects: %d listed, the store counts %d", len(seen), funded)
	}
}
