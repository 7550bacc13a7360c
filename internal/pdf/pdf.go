// Package pdf writes Liaison's printable documents: the projects'
// timeline as a Gantt chart on A4 landscape pages, drawn from the same
// chart.Gantt the page shows as SVG. Reports may add their own documents
// here on the same document setup.
//
// Pure Go, through github.com/go-pdf/fpdf, rather than printing the page
// with headless Chromium: a small server should not need a browser to
// answer a download. The font is DejaVu Sans Condensed, embedded (its
// Bitstream Vera licence allows redistribution; fonts/LICENSE), because
// PDF's standard fonts have neither Azerbaijani ə nor Cyrillic; fpdf
// embeds only the glyphs a document uses, so a timeline is tens of
// kilobytes, not the font's 680. The PDF is for printing and sharing; it
// is not a tagged PDF, so the accessible form of the timeline is its
// page, with the table of the same figures.
package pdf

import (
	_ "embed"
	"io"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/liaison-registry/liaison/internal/chart"
)

//go:embed fonts/DejaVuSansCondensed.ttf
var sansFont []byte

const font = "dejavu"

// Document metadata.
type Meta struct {
	Title    string
	Subtitle string // what the document shows: filter, page, figures in words
	Lang     string
	// Date is the document's creation date; fixed by the caller so that
	// the same registry gives the same bytes.
	Date time.Time
}

// newDocument is an A4 landscape document with the embedded font.
func newDocument(m Meta) *fpdf.Fpdf {
	doc := fpdf.New("L", "mm", "A4", "")
	doc.SetCatalogSort(true)
	doc.SetCreationDate(m.Date)
	doc.SetModificationDate(m.Date)
	doc.SetCreator("Liaison", true)
	doc.SetProducer("Liaison", true)
	doc.SetTitle(m.Title, true)
	doc.SetSubject(m.Subtitle, true)
	if m.Lang != "" {
		doc.SetLang(m.Lang)
	}
	doc.AddUTF8FontFromBytes(font, "", sansFont)
	doc.SetMargins(10, 10, 10)
	doc.SetAutoPageBreak(false, 10)
	return doc
}

// rgb reads a "#rrggbb" colour.
func rgb(hex string) (int, int, int) {
	if len(hex) != 7 {
		return 0, 0, 0
	}
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return 0, 0, 0
	}
	return int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)
}

// Geometry of the Gantt pages, in millimetres.
const (
	pageW, pageH = 297.0, 210.0
	margin       = 10.0
	labelCol     = 78.0
	rowH         = 5.2
	subRowH      = 4.4
	axisH        = 6.0
)

// Gantt writes the chart as a PDF: title and description, the legend,
// then the rows, over as many pages as they need, each page with the
// years along its top.
func Gantt(w io.Writer, g chart.Gantt, m Meta) error {
	doc := newDocument(m)
	plotX := margin + labelCol
	plotW := pageW - margin - plotX
	x := func(t time.Time) float64 { return plotX + g.Frac(t)*plotW }

	var y float64
	header := func(first bool) {
		doc.AddPage()
		y = margin
		if first {
			doc.SetTextColor(26, 26, 26)
			doc.SetFont(font, "", 14)
			doc.SetXY(margin, y)
			doc.MultiCell(pageW-2*margin, 6, m.Title, "", "L", false)
			doc.SetFont(font, "", 8)
			doc.SetX(margin)
			doc.MultiCell(pageW-2*margin, 4, m.Subtitle, "", "L", false)
			y = doc.GetY() + 2
			y = legend(doc, g.Keys, y)
		}
		// The years along the top, and a line at each year's start down
		// the page.
		doc.SetFont(font, "", 7)
		doc.SetTextColor(89, 89, 89)
		step := g.YearStep()
		for yr := g.FromYear; yr <= g.ToYear+1; yr++ {
			at := x(time.Date(yr, 1, 1, 0, 0, 0, 0, time.UTC))
			doc.SetDrawColor(208, 208, 208)
			doc.SetLineWidth(0.15)
			doc.Line(at, y+axisH-1, at, y+axisH)
			if yr <= g.ToYear && (yr-g.FromYear)%step == 0 {
				next := x(time.Date(yr+1, 1, 1, 0, 0, 0, 0, time.UTC))
				label := strconv.Itoa(yr)
				doc.Text((at+next)/2-doc.GetStringWidth(label)/2, y+axisH-2, label)
			}
		}
		y += axisH
	}
	header(true)
	for i, r := range g.Rows {
		h := subRowH
		if r.Level == 0 {
			h = rowH
		}
		if y+h > pageH-margin {
			header(false)
		}
		if i%2 == 1 {
			doc.SetFillColor(244, 244, 244)
			doc.Rect(margin, y, pageW-2*margin, h, "F")
		}
		// The years' lines, down the rows only.
		doc.SetDrawColor(208, 208, 208)
		doc.SetLineWidth(0.15)
		for yr := g.FromYear; yr <= g.ToYear+1; yr++ {
			at := x(time.Date(yr, 1, 1, 0, 0, 0, 0, time.UTC))
			doc.Line(at, y, at, y+h)
		}
		size := 7.0
		if r.Level == 0 {
			size = 7.5
		}
		doc.SetFont(font, "", size)
		doc.SetTextColor(26, 26, 26)
		indent := float64(r.Level) * 3
		doc.Text(margin+1+indent, y+h-1.4, fit(doc, r.Label, labelCol-2-indent))
		for _, s := range r.Spans {
			span(doc, s, x, y+0.9, h-1.8)
		}
		for _, mk := range r.Marks {
			mark(doc, mk.Kind, x(mk.At), y+h/2)
		}
		y += h
	}
	return doc.Output(w)
}

// fit shortens text with an ellipsis to width.
func fit(doc *fpdf.Fpdf, s string, width float64) string {
	if doc.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && doc.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func legend(doc *fpdf.Fpdf, keys []chart.Key, y float64) float64 {
	doc.SetFont(font, "", 8)
	doc.SetTextColor(26, 26, 26)
	xx := margin
	for _, k := range keys {
		wd := 5 + doc.GetStringWidth(k.Label) + 6
		if xx+wd > pageW-margin {
			xx, y = margin, y+5
		}
		if k.IsMark {
			mark(doc, k.Mark, xx+1.8, y+1.8)
		} else {
			swatch(doc, k, xx, y)
		}
		doc.Text(xx+5, y+3.1, k.Label)
		xx += wd
	}
	return y + 7
}

// swatch draws a legend key's colour and style in a small square.
func swatch(doc *fpdf.Fpdf, k chart.Key, x, y float64) {
	r, g, b := rgb(chart.Palette[k.Color%len(chart.Palette)])
	doc.SetLineWidth(0.35)
	doc.SetDrawColor(r, g, b)
	switch k.Span {
	case chart.Planned:
		doc.SetFillColor(255, 255, 255)
		doc.Rect(x, y, 3.6, 3.6, "FD")
	case chart.OpenEnd:
		doc.SetFillColor(255, 255, 255)
		doc.SetDashPattern([]float64{1, 0.7}, 0)
		doc.Rect(x, y, 3.6, 3.6, "FD")
		doc.SetDashPattern(nil, 0)
	default:
		doc.SetFillColor(r, g, b)
		doc.Rect(x, y, 3.6, 3.6, "F")
	}
}

func span(doc *fpdf.Fpdf, s chart.Span, x func(time.Time) float64, y, h float64) {
	r, g, b := rgb(chart.Palette[s.Color%len(chart.Palette)])
	x0 := x(s.Start)
	if s.Inset {
		y, h = y+h/4, h/2
	}
	x1 := x(s.End)
	doc.SetLineWidth(0.35)
	doc.SetDrawColor(r, g, b)
	switch s.Kind {
	case chart.Planned:
		doc.SetFillColor(255, 255, 255)
		doc.Rect(x0, y, max(x1-x0, 0.6), h, "FD")
	case chart.OpenEnd:
		if s.End.IsZero() || x1-x0 < 3.6 {
			x1 = x0 + 3.6
		}
		doc.SetFillColor(255, 255, 255)
		doc.SetDashPattern([]float64{1, 0.7}, 0)
		doc.Rect(x0, y, x1-x0, h, "FD")
		doc.SetDashPattern(nil, 0)
		doc.SetTextColor(26, 26, 26)
		doc.Text(x1+0.8, y+h-0.4, "?")
	default:
		doc.SetFillColor(r, g, b)
		doc.Rect(x0, y, max(x1-x0, 0.6), h, "F")
	}
}

func mark(doc *fpdf.Fpdf, kind chart.MarkKind, cx, cy float64) {
	doc.SetFillColor(26, 26, 26)
	doc.SetDrawColor(255, 255, 255)
	doc.SetLineWidth(0.2)
	if kind == chart.MissionMark {
		doc.Polygon([]fpdf.PointType{{X: cx, Y: cy - 1.7}, {X: cx + 1.6, Y: cy + 1.1}, {X: cx - 1.6, Y: cy + 1.1}}, "FD")
		return
	}
	doc.Circle(cx, cy, 1.1, "FD")
}
