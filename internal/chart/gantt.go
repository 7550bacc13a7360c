package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"time"
)

// Gantt is a timeline of rows over whole years: projects as bars from
// start to end, their components and activities as rows beneath them
// with planned and actual bars, and events and missions as marks. The
// PDF export (package pdf) draws the same Gantt.
type Gantt struct {
	Frame
	// FromYear and ToYear are the years the axis spans, inclusive.
	FromYear, ToYear int
	Rows             []GanttRow
	// Keys explain the colours and shapes, in the legend.
	Keys []Key
}

// GanttRow is one row: a label (indented by Level) and what is drawn on it.
type GanttRow struct {
	Label string
	Level int // 0 a project, 1 a component, 2 an activity
	Spans []Span
	Marks []Mark
}

// SpanKind is how a span is drawn.
type SpanKind int

const (
	// Solid is a period that took place or is agreed (a project's run,
	// an activity's actual dates).
	Solid SpanKind = iota
	// Planned is a period planned: outlined, not filled.
	Planned
	// OpenEnd is a period whose end is not recorded: a dashed outline
	// for the length that is known (a duration in months) or a short
	// stub, ending in a question mark; the end is never guessed.
	OpenEnd
)

// Span is a period on a row.
type Span struct {
	Start, End time.Time // End exclusive; for OpenEnd, the known length's end or zero
	Kind       SpanKind
	Color      int    // palette index
	Label      string // the tooltip: what the span is, in words
	// Inset draws the span at half the row's height, inside a span drawn
	// at full height: what was carried out within what was planned.
	Inset bool
}

// MarkKind is the shape of a mark.
type MarkKind int

const (
	EventMark   MarkKind = iota // a circle
	MissionMark                 // a triangle
)

// Mark is a moment on a row.
type Mark struct {
	At    time.Time
	Kind  MarkKind
	Label string // the tooltip
}

// Key is a legend entry.
type Key struct {
	Label  string
	Span   SpanKind
	Mark   MarkKind
	IsMark bool
	Color  int
}

const (
	ganttWidth    = 860.0
	ganttLabels   = 250.0 // the label column
	ganttRow      = 22.0
	ganttSubRow   = 18.0
	ganttAxis     = 24.0
	ganttIndent   = 14.0
	ganttLabelMax = 34 // characters
	stubWidth     = 14.0
)

// Frac is where t falls on the axis, 0 at the first year's start and 1
// at the last year's end.
func (g Gantt) Frac(t time.Time) float64 {
	from := time.Date(g.FromYear, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(g.ToYear+1, 1, 1, 0, 0, 0, 0, time.UTC)
	f := float64(t.Sub(from)) / float64(to.Sub(from))
	return math.Min(math.Max(f, 0), 1)
}

// YearStep is the interval between labelled years: every year up to 15
// years, then every 2, 5 or 10.
func (g Gantt) YearStep() int {
	n := g.ToYear - g.FromYear + 1
	for _, s := range []int{1, 2, 5, 10} {
		if n/s <= 15 {
			return s
		}
	}
	return 20
}

// RowHeight is a row's height in the SVG's units.
func RowHeight(r GanttRow) float64 {
	if r.Level == 0 {
		return ganttRow
	}
	return ganttSubRow
}

// SVG draws the chart.
func (g Gantt) SVG() template.HTML {
	if g.ToYear < g.FromYear {
		g.ToYear = g.FromYear
	}
	keyRows, keys := legendLayout(keyLabels(g.Keys), ganttWidth-16)
	keysHeight := float64(keyRows) * 20
	top := keysHeight + 8 + ganttAxis
	height := top + 8
	for _, r := range g.Rows {
		height += RowHeight(r)
	}
	plot := ganttWidth - ganttLabels - 16
	x := func(t time.Time) float64 { return ganttLabels + g.Frac(t)*plot }
	var w svgWriter
	w.open(g.Frame, ganttWidth, height, "gantt")
	for i, k := range keys {
		drawKey(&w, g.Keys[i], k.x, k.y+2)
		w.text(k.x+16, k.y+12, "start", ink, k.label, "")
	}
	// Years: a line at each year's start, labelled every YearStep years.
	step := g.YearStep()
	for y := g.FromYear; y <= g.ToYear+1; y++ {
		at := x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		w.line(at, top-6, at, height-8, gridline, "")
		if y <= g.ToYear && (y-g.FromYear)%step == 0 {
			next := x(time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC))
			w.text((at+next)/2, top-10, "middle", muted, strconv.Itoa(y), "")
		}
	}
	rowTop := top
	for i, r := range g.Rows {
		h := RowHeight(r)
		if i%2 == 1 {
			w.rect(0, rowTop, ganttWidth, h, "#f4f4f4", "")
		}
		label := clip(r.Label, ganttLabelMax-2*r.Level)
		weight := ""
		if r.Level == 0 {
			label = clip(r.Label, ganttLabelMax-4) // bold is wider
			weight = ` font-weight="bold"`
		}
		w.text(8+float64(r.Level)*ganttIndent, rowTop+h/2+4, "start", ink, label, weight)
		barH := h - 8
		for _, s := range r.Spans {
			drawSpan(&w, s, x, rowTop+4, barH)
		}
		for _, m := range r.Marks {
			drawMark(&w, m, x(m.At), rowTop+h/2)
		}
		rowTop += h
	}
	return w.close()
}

func keyLabels(keys []Key) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.Label
	}
	return out
}

func drawKey(w *svgWriter, k Key, x, y float64) {
	if k.IsMark {
		drawMark(w, Mark{Kind: k.Mark}, x+6, y+6)
		return
	}
	c := Palette[k.Color%len(Palette)]
	switch k.Span {
	case Planned:
		w.rect(x+0.5, y+0.5, 11, 11, "#ffffff", ` stroke="`+c+`" stroke-width="1.5"`)
	case OpenEnd:
		w.rect(x+0.5, y+0.5, 11, 11, "#ffffff", ` stroke="`+c+`" stroke-width="1.5" stroke-dasharray="3 2"`)
	default:
		w.rect(x, y, 12, 12, c, "")
	}
}

func drawSpan(w *svgWriter, s Span, x func(time.Time) float64, y, h float64) {
	c := Palette[s.Color%len(Palette)]
	x0 := x(s.Start)
	tip := fmt.Sprintf("<title>%s</title>", esc(s.Label))
	if s.Inset {
		y, h = y+h/4, h/2
	}
	switch s.Kind {
	case Planned:
		x1 := math.Max(x(s.End), x0+2)
		fmt.Fprintf(&w.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#ffffff" stroke="%s" stroke-width="1.5">%s</rect>`,
			num(x0), num(y+1), num(x1-x0), num(h-2), c, tip)
	case OpenEnd:
		x1 := x0 + stubWidth
		if !s.End.IsZero() {
			x1 = math.Max(x(s.End), x0+stubWidth)
		}
		fmt.Fprintf(&w.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#ffffff" stroke="%s" stroke-width="1.5" stroke-dasharray="4 3">%s</rect>`,
			num(x0), num(y+1), num(x1-x0), num(h-2), c, tip)
		w.text(x1+3, y+h-3, "start", ink, "?", ` font-weight="bold"`)
	default:
		x1 := math.Max(x(s.End), x0+2)
		fmt.Fprintf(&w.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s">%s</rect>`, num(x0), num(y), num(x1-x0), num(h), c, tip)
	}
}

func drawMark(w *svgWriter, m Mark, cx, cy float64) {
	tip := ""
	if m.Label != "" {
		tip = fmt.Sprintf("<title>%s</title>", esc(m.Label))
	}
	switch m.Kind {
	case MissionMark:
		fmt.Fprintf(&w.b, `<path d="M%s %sL%s %sL%s %sZ" fill="%s" stroke="#ffffff" stroke-width="1">%s</path>`,
			num(cx), num(cy-6), num(cx+5.5), num(cy+4), num(cx-5.5), num(cy+4), ink, tip)
	default:
		fmt.Fprintf(&w.b, `<circle cx="%s" cy="%s" r="4" fill="%s" stroke="#ffffff" stroke-width="1">%s</circle>`, num(cx), num(cy), ink, tip)
	}
}
