package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/pdf/pdftest"
)

// tallCell is a cell of n lines of text, each numbered.
func tallCell(what string, n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%s line %03d\n", what, i)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// A table row taller than a page is split across pages: every band of
// it stays between the top margin and the footer, the header is
// repeated on each page, and every line of the cell is printed once, in
// order. The same holds for the fields under the title.
func TestTallTableRowSplitsAcrossPages(t *testing.T) {
	d := TextDocument{
		Meta:      Meta{Title: "Tall rows", Lang: "en", Date: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)},
		Fields:    [][2]string{{"Partners", tallCell("field", 120)}},
		PageLabel: func(n int) string { return fmt.Sprintf("Page %d", n) },
		Blocks: []Block{
			{Heading: "Events", Level: 1},
			{Table: &Table{Header: []string{"Event", "Participants", "Days"}, Numeric: []bool{false, false, true},
				Rows: [][]string{{"Opening", "Anna", "2"}, {"Conference", tallCell("table", 200), "5"}, {"Closing", "Ələkbər", "1"}}}},
		},
	}
	var out bytes.Buffer
	pages := map[int]bool{}
	err := write(&out, d, func(page int, top, bottom float64) {
		pages[page] = true
		if top < textMargin-0.01 || bottom > textBottom+0.01 {
			t.Errorf("page %d: a table band from %.1f to %.1f mm runs outside %.0f–%.0f mm", page, top, bottom, textMargin, textBottom)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 5 {
		t.Errorf("120 and 200 lines drawn on %d pages", len(pages))
	}

	all := pdftest.Text(t, out.Bytes())
	for what, n := range map[string]int{"field": 120, "table": 200} {
		at := -1
		for i := 1; i <= n; i++ {
			line := fmt.Sprintf("%s line %03d", what, i)
			if c := strings.Count(all, line); c != 1 {
				t.Errorf("%q is printed %d times", line, c)
			}
			if k := strings.Index(all, line); k < at {
				t.Errorf("%q is out of order", line)
			} else {
				at = k
			}
		}
	}
	if !strings.Contains(all, "Closing") {
		t.Error("the row after the tall one is lost")
	}
	// Every page the table runs over shows its header.
	for n, page := range strings.Split(all, "\f") {
		if strings.Contains(page, "table line") && !strings.Contains(page, "Participants") {
			t.Errorf("page %d continues the table without its header:\n%.300s", n+1, page)
		}
	}
}
