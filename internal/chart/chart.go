// Package chart draws Liaison's figures as SVG on the server: stacked
// bars (events per year by instrument), ranked horizontal bars
// (countries, institutions, people, indicator progress) and a Gantt chart
// (the projects' timeline).
//
// It is written by hand rather than with a charting library because what
// the dashboards need is mostly what the libraries leave out: every chart
// is an <svg role="img" aria-labelledby> with a <title> and a <desc>
// summarising its figures in words, in the reader's language, marked with
// that language; colours are presentation attributes (the site's
// Content-Security-Policy refuses style="" attributes, and an exported
// SVG must look the same outside the page); the output is deterministic,
// byte for byte, so tests compare it and caches keep it. The Go libraries
// served (ajstarks/svgo, gonum/plot's SVG backend) write the drawing
// primitives but not the accessible structure, and gonum/plot brings a
// font and plotting stack of its own for what is a few rectangles here;
// the JavaScript ones (go-echarts) draw in the browser. The words — title,
// description, labels, numbers — come written by the caller; this
// package places them.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Palette holds the series colours: the Okabe–Ito colours, told apart by
// readers with any common colour-vision deficiency, darkened where needed
// for a 3:1 contrast against white.
var Palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A6D00", "#56B4E9", "#E69F00", "#000000"}

const (
	ink      = "#1a1a1a" // text
	muted    = "#595959" // axes and grid labels (7:1 on white)
	gridline = "#d0d0d0"
	fontSize = 12
	// charWidth is the average advance of a character at fontSize, for
	// laying out labels without measuring fonts; generous, so that text
	// rarely overflows.
	charWidth = 7.0
)

// Frame is what every chart has: an id unique on its page (its title and
// description are id+"-t" and id+"-d"), the words that name and describe
// it, and the language they are in.
type Frame struct {
	ID    string
	Title string
	Desc  string
	Lang  string
}

// svgWriter accumulates an SVG document.
type svgWriter struct {
	b strings.Builder
}

func (w *svgWriter) open(f Frame, width, height float64, class string) {
	fmt.Fprintf(&w.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart %s" role="img" aria-labelledby="%s-t %s-d" lang="%s" width="%s" height="%s" viewBox="0 0 %s %s" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="%d">`,
		esc(class), esc(f.ID), esc(f.ID), esc(f.Lang), num(width), num(height), num(width), num(height), fontSize)
	fmt.Fprintf(&w.b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(f.ID), esc(f.Title), esc(f.ID), esc(f.Desc))
}

func (w *svgWriter) close() template.HTML {
	w.b.WriteString("</svg>")
	return template.HTML(w.b.String())
}

func (w *svgWriter) rect(x, y, width, height float64, fill string, extra string) {
	fmt.Fprintf(&w.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`, num(x), num(y), num(width), num(height), fill, extra)
}

func (w *svgWriter) line(x1, y1, x2, y2 float64, stroke string, extra string) {
	fmt.Fprintf(&w.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"%s/>`, num(x1), num(y1), num(x2), num(y2), stroke, extra)
}

// text writes a label; anchor is start, middle or end.
func (w *svgWriter) text(x, y float64, anchor, fill, s string, extra string) {
	fmt.Fprintf(&w.b, `<text x="%s" y="%s" text-anchor="%s" fill="%s"%s>%s</text>`, num(x), num(y), anchor, fill, extra, esc(s))
}

// num writes a coordinate with at most one decimal, the same on every
// machine.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

// esc escapes text for XML content and attribute values alike.
func esc(s string) string { return escaper.Replace(s) }

// clip shortens a label to n characters with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:max(n-1, 1)])) + "…"
}

// textWidth estimates a label's width.
func textWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) * charWidth }

// niceMax rounds a maximum up to a round number for the axis, and gives
// the step between its ticks (1, 2 or 5 times a power of ten; at most
// five steps; whole numbers, as the charts count things).
func niceMax(v float64) (top, step float64) {
	if v <= 0 {
		return 1, 1
	}
	raw := v / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		step = m * mag
		if step >= raw {
			break
		}
	}
	step = math.Max(math.Ceil(step), 1)
	return math.Ceil(v/step) * step, step
}
