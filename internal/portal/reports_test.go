package portal_test

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// The partner's one-page summary is public, in each language, linked
// from the cooperation page, with its PDF and CSV; a draft partnership
// has none.
func TestPartnerSummary(t *testing.T) {
	st := storetest.Demo(t)
	srv := servertest.New(t, st)
	words := map[string]string{"az": "Xülasə", "en": "Summary", "ru": "Сводка"}
	for lang, word := range words {
		_, coop := get(t, srv.URL+"/"+lang+"/cooperation/eu")
		if !strings.Contains(coop, `href="/`+lang+`/cooperation/eu/summary"`) {
			t.Errorf("%s: the cooperation page does not link its summary", lang)
		}
		status, page := get(t, srv.URL+"/"+lang+"/cooperation/eu/summary")
		if status != 200 || !strings.Contains(page, `<html lang="`+lang+`"`) || !strings.Contains(page, word) ||
			!strings.Contains(page, `href="/`+lang+`/cooperation/eu/summary.pdf"`) {
			t.Errorf("%s: the summary page: %d", lang, status)
		}
		resp, err := http.Get(srv.URL + "/" + lang + "/cooperation/eu/summary.pdf")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(body), "%PDF-") ||
			resp.Header.Get("Content-Disposition") != `attachment; filename="eu-summary-`+lang+`.pdf"` {
			t.Errorf("%s: the summary's PDF: %d %s %s", lang, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
		resp, err = http.Get(srv.URL + "/" + lang + "/cooperation/eu/summary")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get("Content-Language") != lang || resp.Header.Get("Content-Disposition") != "" {
			t.Errorf("%s: the summary page is in %q, disposition %q", lang, resp.Header.Get("Content-Language"), resp.Header.Get("Content-Disposition"))
		}
		status, body2 := get(t, srv.URL+"/"+lang+"/cooperation/eu/summary.csv")
		rows, err := csv.NewReader(strings.NewReader(body2)).ReadAll()
		if status != 200 || err != nil || len(rows) < 2 {
			t.Errorf("%s: the summary's CSV: %d %v", lang, status, err)
		}
	}
	if status, _ := get(t, srv.URL+"/en/cooperation/nobody/summary"); status != http.StatusNotFound {
		t.Errorf("no such partnership: %d", status)
	}
	// A draft partnership has no public summary.
	ctx := context.Background()
	err := st.Transact(ctx, func(tx *store.Tx) error {
		ps, err := tx.PartnershipBySlug(ctx, "eu")
		if err != nil {
			return err
		}
		ps.Status = registry.Draft
		_, err = tx.UpdatePartnership(ctx, ps)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := get(t, srv.URL+"/en/cooperation/eu/summary.pdf"); status != http.StatusNotFound {
		t.Errorf("a draft partnership's summary: %d", status)
	}
}
