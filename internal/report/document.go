// Package report builds Liaison's reports (docs/reports.md): the donor's
// quarterly or final report of one project, the annual "international
// cooperation" chapter across all partners, and a one-page summary per
// partner. Each is built from one snapshot of the store as a Document — a
// plain structure of sections, paragraphs, lists and tables in the
// reader's language — and then written three ways from that one
// structure: print-ready HTML, PDF (internal/pdf) and CSV of its figures.
// The work plan's figures are internal/workplan's; a figure not known is
// shown as not known, never as zero.
package report

import (
	"bytes"
	"embed"
	"encoding/csv"
	"html/template"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/pdf"
)

// Document is a report in one language, ready to be written.
type Document struct {
	Lang     string
	Title    string
	Subtitle string
	// FileName is the name of the downloads, without extension.
	FileName string
	// Date is the day the report is as of; it is the PDF's creation
	// date, so that the same registry gives the same bytes.
	Date time.Time
	// Fields are label and value pairs under the title.
	Fields   []Field
	Sections []Section
	// Words the writers need in the document's language.
	PageLabel func(int) string
}

// csvColumns are the CSV's header: machine names, the same in every
// language, so that a program reads any report's figures alike.
var csvColumns = []string{"section", "table", "heading", "row", "column", "value", "known"}

// Field is a labelled value of the report's heading.
type Field struct{ Label, Value string }

// Section is a heading with what follows it; Level 2 sections are parts
// of the Level 1 section before them.
type Section struct {
	ID         string // the HTML anchor and the CSV's section key
	Heading    string
	Level      int
	Paragraphs []string
	Items      []string
	Tables     []Table
	// PageBreak starts the section on a new page when printed.
	PageBreak bool
}

// Table is a table of the report. A table of figures is also written to
// the CSV, one line per figure.
type Table struct {
	ID      string
	Caption string
	Columns []Column
	Rows    []Row
	Figures bool
}

// Column is a table's column; numeric ones are right-aligned.
type Column struct {
	Label   string
	Numeric bool
}

// Row is a table's row; the first cell names it. Total marks a row of
// totals.
type Row struct {
	Cells []Cell
	Total bool
}

// Cell is what a table shows, and for a figure its value as a program
// reads it: a number with a dot ("0.6667", "12"), a quarter ("2017-Q3"),
// or "" when the figure is not known (Missing).
type Cell struct {
	Text    string
	Value   string
	Missing bool
}

// Text is a cell of words, not a figure.
func Text(s string) Cell { return Cell{Text: s, Value: s} }

// ---- CSV

// formulaStarts are the characters that spreadsheet programs take as the
// start of a formula; such a cell is written after an apostrophe, as
// internal/spreadsheet does, so that a title cannot run as one.
const formulaStarts = "=+-@\t\r"

func defuse(s string) string {
	if s != "" && strings.ContainsRune(formulaStarts, rune(s[0])) {
		return "'" + s
	}
	return s
}

// isNumber reports a value written by the report's number formats; a
// negative number is a figure, not a formula, and is written as it is.
func isNumber(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '-' {
		s = s[1:]
	}
	dot := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return s != ""
}

// CSV writes the figures: one line per figure of every table of figures,
// with the section, the table, the row and the column that name it (in
// the report's language), its value as a program reads it ("" when not
// known), and whether it is known.
func (d *Document) CSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(csvColumns)
	for _, s := range d.Sections {
		for _, t := range s.Tables {
			if !t.Figures {
				continue
			}
			for _, r := range t.Rows {
				if len(r.Cells) == 0 {
					continue
				}
				for i := 1; i < len(r.Cells) && i < len(t.Columns); i++ {
					c := r.Cells[i]
					known := "yes"
					value := c.Value
					if c.Missing {
						known, value = "no", ""
					}
					if !isNumber(value) {
						value = defuse(value)
					}
					cw.Write([]string{defuse(s.ID), defuse(t.ID), defuse(s.Heading), defuse(r.Cells[0].Text), defuse(t.Columns[i].Label), value, known})
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// ---- PDF

// PDF writes the document as a PDF.
func (d *Document) PDF(w io.Writer) error {
	td := pdf.TextDocument{Meta: pdf.Meta{Title: d.Title, Subtitle: d.Subtitle, Lang: d.Lang, Date: d.Date}, PageLabel: d.PageLabel}
	for _, f := range d.Fields {
		td.Fields = append(td.Fields, [2]string{f.Label, f.Value})
	}
	for _, s := range d.Sections {
		td.Blocks = append(td.Blocks, pdf.Block{Heading: s.Heading, Level: s.Level, PageBreak: s.PageBreak})
		for _, p := range s.Paragraphs {
			td.Blocks = append(td.Blocks, pdf.Block{Paragraph: p})
		}
		if len(s.Items) > 0 {
			td.Blocks = append(td.Blocks, pdf.Block{Items: s.Items})
		}
		for _, t := range s.Tables {
			pt := &pdf.Table{Caption: t.Caption}
			for _, c := range t.Columns {
				pt.Header = append(pt.Header, c.Label)
				pt.Numeric = append(pt.Numeric, c.Numeric)
			}
			for _, r := range t.Rows {
				var cells []string
				for _, c := range r.Cells {
					cells = append(cells, c.Text)
				}
				pt.Rows = append(pt.Rows, cells)
				pt.Strong = append(pt.Strong, r.Total)
			}
			td.Blocks = append(td.Blocks, pdf.Block{Table: pt})
		}
	}
	return pdf.Write(w, td)
}

// ---- HTML

//go:embed report.html
var htmlFiles embed.FS

var page = template.Must(template.New("report.html").ParseFS(htmlFiles, "report.html"))

// HTMLOptions are what the HTML page links to.
type HTMLOptions struct {
	// Stylesheet is the address of report.css (served by the portal as
	// /static/report.css).
	Stylesheet string
	// Downloads are the other formats of the same report.
	Downloads []Link
	// Back returns to the page the report was opened from.
	Back *Link
	// Public pages are for search engines too (the portal's partner
	// summary, listed in the sitemap); the staff's are marked noindex.
	Public bool
}

// Link is a labelled address.
type Link struct{ Label, Href string }

// Opened is the HTML options of a report in lang opened from the page
// at back, with its PDF and CSV at pdf and csv: the links labelled in
// the report's language, the stylesheet the portal serves.
func Opened(lang, back, pdf, csv string) (HTMLOptions, error) {
	w, err := wordsIn(lang)
	if err != nil {
		return HTMLOptions{}, err
	}
	return HTMLOptions{Stylesheet: "/static/report.css", Back: &Link{Label: w.S("report.back"), Href: back},
		Downloads: []Link{{Label: w.S("report.as_pdf"), Href: pdf}, {Label: w.S("report.as_csv"), Href: csv}}}, nil
}

// HTML writes the document as a standalone print-ready page: no script
// and no inline style, so the site's content security policy holds; the
// stylesheet lays it out for A4 with @media print.
func (d *Document) HTML(w io.Writer, opt HTMLOptions) error {
	var buf bytes.Buffer
	if err := page.Execute(&buf, struct {
		*Document
		HTMLOptions
	}{d, opt}); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Rendered is a document written in one of its formats.
type Rendered struct {
	Body        []byte
	ContentType string
	// Download is the file name to save it under ("" for the HTML page,
	// shown in place).
	Download string
}

// Send answers a request with the rendered report: its type and, for a
// download, its file name; headers the caller sets stay.
func (out *Rendered) Send(w http.ResponseWriter) {
	w.Header().Set("Content-Type", out.ContentType)
	if out.Download != "" {
		w.Header().Set("Content-Disposition", `attachment; filename="`+out.Download+`"`)
	}
	w.Write(out.Body)
}

// Render writes the document as "pdf", "csv" or, for anything else, the
// HTML page with opt.
func (d *Document) Render(format string, opt HTMLOptions) (*Rendered, error) {
	var buf bytes.Buffer
	out := &Rendered{}
	var err error
	switch format {
	case "pdf":
		err = d.PDF(&buf)
		out.ContentType, out.Download = "application/pdf", d.FileName+".pdf"
	case "csv":
		err = d.CSV(&buf)
		out.ContentType, out.Download = "text/csv; charset=utf-8", d.FileName+".csv"
	default:
		err = d.HTML(&buf, opt)
		out.ContentType = "text/html; charset=utf-8"
	}
	if err != nil {
		return nil, err
	}
	out.Body = buf.Bytes()
	return out, nil
}
