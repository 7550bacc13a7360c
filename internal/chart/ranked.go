package chart

import (
	"fmt"
	"html/template"
	"math"
)

// Ranked is a horizontal bar chart, one labelled bar per item, in the
// order given: the countries, institutions and people most engaged, or
// indicators' progress towards their targets.
type Ranked struct {
	Frame
	Items []Item
	// Scale is the value of a full bar; 0 scales to the largest value.
	Scale float64
	// MissingText labels an item whose value is not known ("no value").
	MissingText string
}

// Item is one bar.
type Item struct {
	Label string
	Value float64
	// Text is the value as written beside the bar ("12", "40 of 100").
	Text string
	// Missing marks a value that is not known: drawn as an empty dashed
	// bar with MissingText, never as a bar of length zero.
	Missing bool
	// Color picks a palette colour for the bar (0 the first).
	Color int
}

const (
	rankedRow   = 24.0
	rankedBar   = 16.0
	rankedPlot  = 380.0
	rankedLabel = 34 // characters of a label shown; the table has them whole
)

// SVG draws the chart.
func (r Ranked) SVG() template.HTML {
	scale := r.Scale
	if scale <= 0 {
		for _, it := range r.Items {
			if !it.Missing {
				scale = math.Max(scale, it.Value)
			}
		}
	}
	if scale <= 0 {
		scale = 1
	}
	labelWidth := 60.0
	valueWidth := 0.0 // the missing text is written inside the empty bar
	for _, it := range r.Items {
		labelWidth = math.Max(labelWidth, textWidth(clip(it.Label, rankedLabel)))
		valueWidth = math.Max(valueWidth, textWidth(it.Text))
	}
	left := labelWidth + 16
	width := left + rankedPlot + 8 + valueWidth + 8
	height := math.Max(float64(len(r.Items))*rankedRow+8, 32)
	var w svgWriter
	w.open(r.Frame, width, height, "ranked")
	for i, it := range r.Items {
		y := 4 + float64(i)*rankedRow
		label := clip(it.Label, rankedLabel)
		extra := ""
		if label != it.Label {
			extra = fmt.Sprintf(` data-full="%s"`, esc(it.Label))
		}
		w.text(left-8, y+rankedBar-4, "end", ink, label, extra)
		if it.Missing {
			w.rect(left, y, rankedPlot, rankedBar, "none", ` stroke="`+muted+`" stroke-dasharray="4 3"`)
			w.text(left+8, y+rankedBar-4, "start", muted, r.MissingText, "")
			continue
		}
		length := math.Min(it.Value/scale, 1) * rankedPlot
		if it.Value > 0 {
			length = math.Max(length, 2) // a small value is still seen
		}
		w.rect(left, y, length, rankedBar, Palette[it.Color%len(Palette)], "")
		w.text(left+length+6, y+rankedBar-4, "start", ink, it.Text, "")
	}
	return w.close()
}
