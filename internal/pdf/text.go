package pdf

import (
	"io"
	"slices"
	"strings"

	"github.com/go-pdf/fpdf"
)

// Text documents: the reports (internal/report) as A4 portrait pages of
// headings, paragraphs, lists and tables, in the same embedded font as
// the timeline, with page numbers in the footer.

// TextDocument is a document of blocks, laid out in order.
type TextDocument struct {
	Meta
	// Fields are label and value pairs under the title (the project,
	// the period, the date of the report).
	Fields [][2]string
	Blocks []Block
	// PageLabel writes the footer's page number in the document's
	// language ("Page 3", "Səhifə 3", "Страница 3").
	PageLabel func(page int) string
}

// Block is one of a heading, a paragraph, a list or a table.
type Block struct {
	Heading   string
	Level     int // 1 for a section, 2 for a part of one
	Paragraph string
	Items     []string
	Table     *Table
	// PageBreak starts the block on a new page (each partner of the
	// annual report).
	PageBreak bool
}

// Table is a table with a header row; its columns' widths follow the
// lengths of their texts.
type Table struct {
	Caption string
	Header  []string
	Rows    [][]string
	Numeric []bool // right-aligned columns
	Strong  []bool // rows set apart (totals)
}

// Geometry of text pages, in millimetres.
const (
	textW        = 210.0 - 2*textMargin
	textH        = 297.0
	textMargin   = 15.0
	footer       = 12.0
	lineH        = 4.6
	cellLineH    = 3.8
	cellPad      = 1.2
	bodySize     = 9.5
	cellFontSize = 8.0
)

// Write lays the document out on A4 portrait pages.
func Write(w io.Writer, d TextDocument) error { return write(w, d, nil) }

// write is Write telling drawn where each table band went.
func write(w io.Writer, d TextDocument, drawn func(page int, top, bottom float64)) error {
	d = d.clean()
	doc := newDocument(d.Meta)
	doc.SetMargins(textMargin, textMargin, textMargin)
	doc.SetFooterFunc(func() {
		if d.PageLabel == nil {
			return
		}
		doc.SetY(textH - footer + 2)
		doc.SetFont(font, "", 7.5)
		doc.SetTextColor(89, 89, 89)
		doc.CellFormat(textW, 4, d.Title+" · "+d.PageLabel(doc.PageNo()), "", 0, "C", false, 0, "")
	})
	doc.AddPageFormat("P", fpdf.SizeType{Wd: 210, Ht: textH})
	doc.SetTextColor(26, 26, 26)
	doc.SetFont(font, "", 16)
	doc.MultiCell(textW, 7, d.Title, "", "L", false)
	if d.Subtitle != "" {
		doc.SetFont(font, "", 10)
		doc.SetTextColor(64, 64, 64)
		doc.MultiCell(textW, 5, d.Subtitle, "", "L", false)
		doc.SetTextColor(26, 26, 26)
	}
	doc.Ln(2)
	if len(d.Fields) > 0 {
		t := Table{}
		for _, f := range d.Fields {
			t.Rows = append(t.Rows, []string{f[0], f[1]})
		}
		l := layout{doc: doc, drawn: drawn}
		l.table(t, []float64{0.28, 0.72}, false)
	}
	l := layout{doc: doc, drawn: drawn}
	for _, b := range d.Blocks {
		l.block(b)
	}
	return doc.Output(w)
}

// layout lays blocks out on the document's pages. drawn, when set, is
// told the extent of every table band it draws, on which page (tests
// check that nothing runs past the footer).
type layout struct {
	doc   *fpdf.Fpdf
	drawn func(page int, top, bottom float64)
}

// textBottom is where the footer's margin begins: nothing is drawn below.
const textBottom = textH - footer - 2

func (l layout) trace(top, bottom float64) {
	if l.drawn != nil {
		l.drawn(l.doc.PageNo(), top, bottom)
	}
}

// room starts a new page unless h millimetres fit on this one.
func (l layout) room(h float64) {
	if l.doc.GetY()+h > textBottom {
		l.doc.AddPageFormat("P", fpdf.SizeType{Wd: 210, Ht: textH})
	}
}

func (l layout) block(b Block) {
	doc := l.doc
	if b.PageBreak && doc.GetY() > textMargin+1 {
		doc.AddPageFormat("P", fpdf.SizeType{Wd: 210, Ht: textH})
	}
	if b.Heading != "" {
		size, h := 13.0, 6.0
		if b.Level > 1 {
			size, h = 11.0, 5.2
		}
		doc.SetFont(font, "", size)
		// A heading keeps a few lines of what follows with it.
		lines := len(doc.SplitText(b.Heading, textW))
		l.room(float64(lines)*h + 14)
		doc.Ln(2)
		doc.MultiCell(textW, h, b.Heading, "", "L", false)
		doc.Ln(1)
	}
	doc.SetFont(font, "", bodySize)
	if b.Paragraph != "" {
		for _, line := range doc.SplitText(b.Paragraph, textW) {
			l.room(lineH)
			doc.CellFormat(textW, lineH, line, "", 1, "L", false, 0, "")
		}
		doc.Ln(1.5)
	}
	for _, it := range b.Items {
		lines := doc.SplitText(it, textW-5)
		for i, line := range lines {
			l.room(lineH)
			doc.SetX(textMargin)
			mark := ""
			if i == 0 {
				mark = "•"
			}
			doc.CellFormat(5, lineH, mark, "", 0, "L", false, 0, "")
			doc.CellFormat(textW-5, lineH, line, "", 1, "L", false, 0, "")
		}
	}
	if len(b.Items) > 0 {
		doc.Ln(1.5)
	}
	if b.Table != nil {
		if b.Table.Caption != "" {
			doc.SetFont(font, "", bodySize)
			l.room(lineH * 3)
			doc.MultiCell(textW, lineH, b.Table.Caption, "", "L", false)
			doc.Ln(0.5)
		}
		l.table(*b.Table, widths(doc, *b.Table), true)
		doc.Ln(2)
	}
}

// widths shares the page's width among the columns by the length of
// their longest words and texts: a column of numbers stays narrow, a
// column of titles takes the rest.
func widths(doc *fpdf.Fpdf, t Table) []float64 {
	n := len(t.Header)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	if n == 0 {
		return nil
	}
	doc.SetFont(font, "", cellFontSize)
	need := make([]float64, n)   // the longest word: a column no narrower
	wanted := make([]float64, n) // the longest text, capped
	// fpdf's SplitText keeps its own cell margin inside the width too.
	slack := 2*cellPad + 2*doc.GetCellMargin() + 0.3
	measure := func(col int, s string) {
		for _, word := range strings.Fields(s) {
			need[col] = max(need[col], doc.GetStringWidth(word)+slack)
		}
		wanted[col] = max(wanted[col], min(doc.GetStringWidth(s)+slack, textW))
	}
	for i, h := range t.Header {
		measure(i, h)
	}
	for _, r := range t.Rows {
		for i, c := range r {
			measure(i, c)
		}
	}
	var sumNeed, sumWanted float64
	for i := range n {
		need[i] = min(need[i], textW/float64(n)*2)
		wanted[i] = max(wanted[i], need[i])
		sumNeed += need[i]
		sumWanted += wanted[i]
	}
	out := make([]float64, n)
	for i := range n {
		switch {
		case sumWanted <= textW:
			out[i] = wanted[i] / sumWanted
		case sumNeed >= textW:
			out[i] = need[i] / sumNeed
		default: // every column its longest word, the rest by what more it wants
			extra := (textW - sumNeed) * (wanted[i] - need[i]) / (sumWanted - sumNeed)
			out[i] = (need[i] + extra) / textW
		}
	}
	return out
}

// table draws rows of wrapped cells; a row that does not fit goes to the
// next page, with the header repeated. A row taller than a whole page is
// split: its cells' lines fill the page, and the rest continue on the
// next, under the header again, so that nothing runs past the footer.
func (l layout) table(t Table, frac []float64, header bool) {
	doc := l.doc
	doc.SetFont(font, "", cellFontSize)
	doc.SetDrawColor(191, 191, 191)
	doc.SetLineWidth(0.15)
	col := make([]float64, len(frac))
	for i, f := range frac {
		col[i] = f * textW
	}
	split := func(cells []string) [][]string {
		lines := make([][]string, len(col))
		for i := range col {
			s := ""
			if i < len(cells) {
				s = cells[i]
			}
			lines[i] = doc.SplitText(s, col[i]-2*cellPad)
		}
		return lines
	}
	count := func(lines [][]string) int {
		n := 0
		for _, c := range lines {
			n = max(n, len(c))
		}
		return n
	}
	height := func(n int) float64 { return float64(n)*cellLineH + 2*cellPad }
	// draw draws lines [from, to) of each cell as one band of the row.
	draw := func(lines [][]string, from, to int, shaded, strong bool) {
		h := height(to - from)
		y := doc.GetY()
		x := textMargin
		for i, c := range col {
			if shaded {
				doc.SetFillColor(235, 238, 242)
			} else if strong {
				doc.SetFillColor(246, 246, 246)
			}
			style := "D"
			if shaded || strong {
				style = "FD"
			}
			doc.Rect(x, y, c, h, style)
			align := "L"
			if i < len(t.Numeric) && t.Numeric[i] && !shaded {
				align = "R"
			}
			for k := from; k < min(to, len(lines[i])); k++ {
				doc.SetXY(x+cellPad, y+cellPad+float64(k-from)*cellLineH)
				doc.CellFormat(c-2*cellPad, cellLineH, lines[i][k], "", 0, align, false, 0, "")
			}
			x += c
		}
		l.trace(y, y+h)
		doc.SetXY(textMargin, y+h)
	}
	var headerLines [][]string
	if header && len(t.Header) > 0 {
		headerLines = split(t.Header)
	}
	top := func() {
		if headerLines != nil {
			draw(headerLines, 0, count(headerLines), true, false)
		}
	}
	newPage := func() {
		doc.AddPageFormat("P", fpdf.SizeType{Wd: 210, Ht: textH})
		doc.SetFont(font, "", cellFontSize)
		top()
	}
	// fits is how many lines of a band fit between here and the footer.
	fits := func() int {
		return int((textBottom - doc.GetY() - 2*cellPad + 1e-9) / cellLineH)
	}
	hh := 0.0
	if headerLines != nil {
		hh = height(count(headerLines))
	}
	// A page holds this many lines of one row under the header.
	pageLines := int((textBottom - textMargin - hh - 2*cellPad + 1e-9) / cellLineH)
	if headerLines != nil {
		first := 1
		if len(t.Rows) > 0 {
			first = min(count(split(t.Rows[0])), pageLines)
		}
		l.room(hh + height(first))
	}
	top()
	for i, r := range t.Rows {
		lines := split(r)
		n := max(count(lines), 1)
		strong := i < len(t.Strong) && t.Strong[i]
		// A row that fits on a page is kept whole: to the next page
		// unless it fits on this one.
		fresh := false
		if n <= pageLines && n > fits() {
			newPage()
			fresh = true
		}
		for from := 0; from < n; {
			k := min(n-from, fits())
			if !fresh && (k < 1 || from == 0 && k < min(n, 3)) {
				// Not a line of it fits here, or too few to start it.
				newPage()
				fresh = true
				continue
			}
			k = max(k, 1) // a header taller than the page leaves no room: overrun rather than loop
			draw(lines, from, from+k, false, strong)
			from += k
			fresh = false
			if from < n {
				newPage()
				fresh = true
			}
		}
	}
}

// dotted is "i" with a combining dot above, which lower-casing "İ" gives
// (Go's strings.ToLower outside the Turkic special case): fpdf breaks
// lines at the combining mark, and in Azerbaijani "i" already has its
// dot, so it is written as "i".
var dotted = strings.NewReplacer("i\u0307", "i")

func (d TextDocument) clean() TextDocument {
	d.Title, d.Subtitle = dotted.Replace(d.Title), dotted.Replace(d.Subtitle)
	fields := make([][2]string, len(d.Fields))
	for i, f := range d.Fields {
		fields[i] = [2]string{dotted.Replace(f[0]), dotted.Replace(f[1])}
	}
	d.Fields = fields
	blocks := make([]Block, len(d.Blocks))
	for i, b := range d.Blocks {
		b.Heading, b.Paragraph = dotted.Replace(b.Heading), dotted.Replace(b.Paragraph)
		items := make([]string, len(b.Items))
		for k, it := range b.Items {
			items[k] = dotted.Replace(it)
		}
		b.Items = items
		if b.Table != nil {
			t := *b.Table
			t.Caption = dotted.Replace(t.Caption)
			t.Header = slices.Clone(t.Header)
			for k := range t.Header {
				t.Header[k] = dotted.Replace(t.Header[k])
			}
			rows := make([][]string, len(t.Rows))
			for r, row := range t.Rows {
				rows[r] = make([]string, len(row))
				for k, c := range row {
					rows[r][k] = dotted.Replace(c)
				}
			}
			t.Rows = rows
			b.Table = &t
		}
		blocks[i] = b
	}
	d.Blocks = blocks
	return d
}
