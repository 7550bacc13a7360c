package admin_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/servertest"
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
