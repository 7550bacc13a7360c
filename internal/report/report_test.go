package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/pdf/pdftest"
	"github.com/liaison-registry/liaison/internal/report"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var ctx = context.Background()

// now is a day after the demonstration's Twinning ended.
var now = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// twinning is the demonstration's 24-month Twinning (docs/demo).
const twinning = 2

// written is a report in its three forms.
type written struct {
	html, text string // text: the PDF's text as pdftotext reads it ("" without it)
	pdf        []byte
	csv        [][]string
}

// pdftotext reads a PDF's text (see pdftest.Text).
func pdftotext(t *testing.T, pdf []byte) string { return pdftest.Text(t, pdf) }

func write(t *testing.T, d *report.Document) written {
	t.Helper()
	var h, p, c bytes.Buffer
	if err := d.HTML(&h, report.HTMLOptions{Stylesheet: "/static/report.css"}); err != nil {
		t.Fatal(err)
	}
	if err := d.PDF(&p); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := d.PDF(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(p.Bytes(), again.Bytes()) {
		t.Error("the same report gave different PDFs")
	}
	if err := d.CSV(&c); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&c).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if strings.Join(rows[0], ",") != "section,table,heading,row,column,value,known" {
		t.Errorf("CSV header %v", rows[0])
	}
	if os.Getenv("LIAISON_REPORT_DUMP") != "" {
		base := filepath.Join(os.Getenv("LIAISON_REPORT_DUMP"), d.FileName)
		os.WriteFile(base+".html", h.Bytes(), 0o644)
		os.WriteFile(base+".pdf", p.Bytes(), 0o644)
	}
	return written{html: h.String(), pdf: p.Bytes(), csv: rows}
}

// figure is the CSV's value of a figure and whether it is known.
func figure(rows [][]string, table, row, column string) (value, known string, ok bool) {
	for _, r := range rows[1:] {
		if r[1] == table && r[3] == row && r[4] == column {
			return r[5], r[6], true
		}
	}
	return "", "", false
}

// flat joins a PDF's text into one line, so that a phrase wrapped over
// lines or cells is still found.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }
