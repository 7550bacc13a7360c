package admin_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func fetch(t *testing.T, c *http.Client, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// The staff's dashboard and timeline count drafts, which the public ones
// do not; only signed-in staff see them.
func TestStaffFiguresCountDrafts(t *testing.T) {
	st := storetest.Demo(t)
	err := st.Transact(ctx, func(tx *store.Tx) error {
		e := &registry.Event{Meta: registry.Meta{Status: registry.Draft}, Kind: registry.Seminar, Instrument: registry.TAIEX,
			Start: registry.NewDate(2030, 5, 1), Title: registry.Text{"en": "Draft seminar"}}
		if _, err := tx.CreateEvent(ctx, e); err != nil {
			return err
		}
		p := &registry.Project{Meta: registry.Meta{Status: registry.Draft}, Instrument: registry.OtherInstrument,
			Title: registry.Text{"en": "Draft project of 2030"}, Start: registry.NewDate(2030, 1, 1)}
		_, err := tx.CreateProject(ctx, p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := servertest.New(t, st)
	anonymous := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if status, h, _ := fetch(t, anonymous, srv.URL+"/admin/dashboard"); status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/admin/login") {
		t.Errorf("anonymous: %d %s", status, h.Get("Location"))
	}
	if status, _, _ := fetch(t, anonymous, srv.URL+"/admin/timeline.pdf"); status != http.StatusSeeOther {
		t.Errorf("anonymous PDF: %d", status)
	}
	viewer := srv.Client(t, "viewer")
	status, _, page := fetch(t, viewer, srv.URL+"/admin/dashboard")
	if status != 200 || !strings.Contains(page, "<th scope=\"row\">2030</th>") || !strings.Contains(page, `role="img"`) {
		t.Errorf("the staff dashboard does not count the draft event of 2030: %d", status)
	}
	if !strings.Contains(page, `href="/admin/people/`) {
		t.Error("people are not linked to their workspace pages")
	}
	_, _, public := fetch(t, anonymous, srv.URL+"/en/dashboard")
	if strings.Contains(public, "2030") {
		t.Error("the public dashboard counts the draft")
	}
	status, _, page = fetch(t, viewer, srv.URL+"/admin/timeline?from=2030")
	if status != 200 || !strings.Contains(page, "Draft project of 2030 (draft)") {
		t.Errorf("the staff timeline lacks the draft project: %d", status)
	}
	status, _, page = fetch(t, viewer, srv.URL+"/admin/timeline?from=2030&to=1999")
	if status != 400 || !strings.Contains(page, "The first year (2030) is after the last (1999)") {
		t.Errorf("a bad filter: %d", status)
	}
	status, h, body := fetch(t, viewer, srv.URL+"/admin/timeline.svg?from=2030")
	if status != 200 || !strings.Contains(body, "Draft project of 2030") || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
		t.Errorf("SVG export: %d %v", status, h)
	}
	status, h, body = fetch(t, viewer, srv.URL+"/admin/timeline.pdf")
	if status != 200 || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("PDF export: %d %v", status, h)
	}
}
