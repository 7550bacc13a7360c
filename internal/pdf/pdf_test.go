package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/chart"
)

func sample(rows int) chart.Gantt {
	d := func(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	g := chart.Gantt{FromYear: 2015, ToYear: 2022, Keys: []chart.Key{{Label: "Twinning"}, {Label: "Son qeyd olunmayıb", Span: chart.OpenEnd}, {Label: "Экспертная миссия", IsMark: true, Mark: chart.MissionMark}}}
	for i := range rows {
		g.Rows = append(g.Rows,
			chart.GanttRow{Label: "Şikayətlərə baxılması — Рассмотрение жалоб", Spans: []chart.Span{{Start: d(2015+i%6, 3), End: d(2017+i%6, 3)}},
				Marks: []chart.Mark{{At: d(2016+i%6, 5)}, {At: d(2016+i%6, 9), Kind: chart.MissionMark}}},
			chart.GanttRow{Label: "Component 1", Level: 1, Spans: []chart.Span{{Start: d(2016, 1), Kind: chart.OpenEnd}}})
	}
	return g
}

// The timeline prints on as many pages as its rows need, in a font that
// has Azerbaijani and Cyrillic letters, and the same chart gives the same
// bytes.
func TestGanttPDF(t *testing.T) {
	meta := Meta{Title: "Layihələrin xronologiyası", Subtitle: "Проекты 1–40 из 40", Lang: "az", Date: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)}
	var a, b bytes.Buffer
	if err := Gantt(&a, sample(40), meta); err != nil {
		t.Fatal(err)
	}
	if err := Gantt(&b, sample(40), meta); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(a.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", a.Bytes()[:min(20, a.Len())])
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same chart gave different PDFs")
	}
	if a.Len() > 200_000 {
		t.Errorf("%d bytes: the font is not subset", a.Len())
	}
	if pages := bytes.Count(a.Bytes(), []byte("/Type /Page\n")); pages < 2 {
		t.Errorf("80 rows on %d page(s); expected them to run over", pages)
	}
	// Where poppler's pdftotext is installed, the letters read back.
	if tool, err := exec.LookPath("pdftotext"); err == nil {
		path := filepath.Join(t.TempDir(), "timeline.pdf")
		os.WriteFile(path, a.Bytes(), 0o644)
		out, err := exec.Command(tool, path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Layihələrin xronologiyası", "Рассмотрение жалоб", "2022"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("the PDF's text lacks %q:\n%.500s", want, out)
			}
		}
	}
}
