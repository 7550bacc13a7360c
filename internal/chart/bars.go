package chart

import (
	"fmt"
	"html/template"
	"math"
)

// Stacked is a vertical bar chart whose bars are split by series: the
// events of each year, split by instrument.
type Stacked struct {
	Frame
	Categories []string // along the bottom, in order ("2019")
	Series     []string // the series' names, for the legend
	// Colors are the series' colours; the palette's, in order, when not given.
	Colors []string
	// Values holds a category's value per series: Values[c][s].
	Values [][]int
	// Number writes a value the language's way.
	Number func(int) string
	// Segment names one value for the tooltip ("2019, TAIEX: 3").
	Segment func(category, series string, value string) string
}

const (
	stackSlot   = 40.0 // a category's width
	stackBar    = 26.0
	stackHeight = 220.0 // the plot area
	stackLeft   = 48.0  // room for the axis' numbers
)

// SVG draws the chart.
func (s Stacked) SVG() template.HTML {
	number := s.Number
	if number == nil {
		number = func(n int) string { return fmt.Sprint(n) }
	}
	totals := make([]int, len(s.Categories))
	most := 0
	for c := range s.Categories {
		for _, v := range s.Values[c] {
			totals[c] += v
		}
		most = max(most, totals[c])
	}
	top, step := niceMax(float64(most))
	legendRows, legend := legendLayout(s.Series, 640)
	legendHeight := float64(legendRows) * 20
	width := math.Max(640, stackLeft+float64(len(s.Categories))*stackSlot+16)
	plotTop := legendHeight + 24
	height := plotTop + stackHeight + 28
	var w svgWriter
	w.open(s.Frame, width, height, "stacked")
	for i, it := range legend {
		w.rect(it.x, it.y+2, 12, 12, s.color(i), "")
		w.text(it.x+16, it.y+12, "start", ink, it.label, "")
	}
	y := func(v float64) float64 { return plotTop + stackHeight - v/top*stackHeight }
	for v := 0.0; v <= top+0.5; v += step {
		w.line(stackLeft, y(v), width-8, y(v), gridline, "")
		w.text(stackLeft-6, y(v)+4, "end", muted, number(int(v)), "")
	}
	for c, cat := range s.Categories {
		x := stackLeft + float64(c)*stackSlot + (stackSlot-stackBar)/2
		base := 0
		for si, v := range s.Values[c] {
			if v == 0 {
				continue
			}
			y0, y1 := y(float64(base+v)), y(float64(base))
			tip := ""
			if s.Segment != nil {
				tip = s.Segment(cat, s.Series[si], number(v))
			}
			fmt.Fprintf(&w.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>`,
				num(x), num(y0), num(stackBar), num(y1-y0), s.color(si), esc(tip))
			base += v
		}
		if totals[c] > 0 {
			w.text(x+stackBar/2, y(float64(totals[c]))-4, "middle", ink, number(totals[c]), "")
		}
		w.text(x+stackBar/2, plotTop+stackHeight+18, "middle", ink, cat, "")
	}
	w.line(stackLeft, plotTop+stackHeight, width-8, plotTop+stackHeight, muted, "")
	return w.close()
}

type legendItem struct {
	x, y  float64
	label string
}

// legendLayout places legend entries in rows no wider than width.
func legendLayout(labels []string, width float64) (rows int, out []legendItem) {
	x, y := 8.0, 4.0
	rows = 1
	if len(labels) == 0 {
		return 0, nil
	}
	for _, l := range labels {
		w := 16 + textWidth(l) + 16
		if x+w > width && x > 8 {
			x, y = 8, y+20
			rows++
		}
		out = append(out, legendItem{x: x, y: y, label: l})
		x += w
	}
	return rows, out
}

func (s Stacked) color(series int) string {
	if series < len(s.Colors) {
		return s.Colors[series]
	}
	return Palette[series%len(Palette)]
}
