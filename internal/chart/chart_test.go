package chart

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

// parse checks the SVG is well-formed XML and returns its title, its
// description and the ids its aria-labelledby names.
func parse(t *testing.T, svg string) (title, desc, labelledBy string) {
	t.Helper()
	var doc struct {
		XMLName    xml.Name `xml:"svg"`
		Role       string   `xml:"role,attr"`
		LabelledBy string   `xml:"aria-labelledby,attr"`
		Title      struct {
			ID   string `xml:"id,attr"`
			Text string `xml:",chardata"`
		} `xml:"title"`
		Desc struct {
			ID   string `xml:"id,attr"`
			Text string `xml:",chardata"`
		} `xml:"desc"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, svg)
	}
	if doc.Role != "img" {
		t.Errorf("role %q, want img", doc.Role)
	}
	if doc.LabelledBy != doc.Title.ID+" "+doc.Desc.ID {
		t.Errorf("aria-labelledby %q does not name the title %q and description %q", doc.LabelledBy, doc.Title.ID, doc.Desc.ID)
	}
	return doc.Title.Text, doc.Desc.Text, doc.LabelledBy
}

func TestStackedBarsAreAccessibleAndDeterministic(t *testing.T) {
	s := Stacked{
		Frame:      Frame{ID: "years", Title: "Events per year", Desc: "12 events from 2019 to 2021; most in 2020 (7).", Lang: "en"},
		Categories: []string{"2019", "2020", "2021"},
		Series:     []string{"Twinning", "TAIEX <& \"other\">"},
		Values:     [][]int{{1, 2}, {0, 7}, {2, 0}},
		Segment:    func(c, s, v string) string { return c + ", " + s + ": " + v },
	}
	svg := string(s.SVG())
	title, desc, _ := parse(t, svg)
	if title != "Events per year" || !strings.Contains(desc, "most in 2020") {
		t.Errorf("title %q, desc %q", title, desc)
	}
	if !strings.Contains(svg, `lang="en"`) || !strings.Contains(svg, "2020, TAIEX &lt;&amp; &#34;other&#34;&gt;: 7") {
		t.Errorf("a segment's tooltip or the language is missing:\n%s", svg)
	}
	if strings.Contains(svg, "style=") {
		t.Error("the site's CSP refuses style attributes")
	}
	// Totals are written above their bars: 3, 7 and 2.
	for _, total := range []string{">3</text>", ">7</text>", ">2</text>"} {
		if !strings.Contains(svg, total) {
			t.Errorf("no total %s", total)
		}
	}
	if again := string(s.SVG()); again != svg {
		t.Error("the same figures drew different SVG")
	}
}

func TestRankedBarsShowMissingValuesAsMissing(t *testing.T) {
	r := Ranked{
		Frame:       Frame{ID: "progress", Title: "Indicator progress", Desc: "Two indicators; one has no value.", Lang: "ru"},
		Scale:       1,
		MissingText: "нет значения",
		Items: []Item{
			{Label: "Жалобы рассмотрены в срок", Value: 0.4, Text: "40 %"},
			{Label: "A label much longer than the chart shows in its label column", Missing: true},
		},
	}
	svg := string(r.SVG())
	parse(t, svg)
	if !strings.Contains(svg, "нет значения") || !strings.Contains(svg, `stroke-dasharray`) {
		t.Errorf("a missing value is not drawn as missing:\n%s", svg)
	}
	if !strings.Contains(svg, `width="152"`) { // 0.4 of the 380 units of a full bar
		t.Errorf("a 40%% bar is not 0.4 of the plot:\n%s", svg)
	}
	if !strings.Contains(svg, "…") {
		t.Error("a long label is not clipped")
	}
}

func TestGanttDrawsOpenEndsAndMarks(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	g := Gantt{
		Frame:    Frame{ID: "gantt", Title: "Projects", Desc: "Two projects.", Lang: "az"},
		FromYear: 2019, ToYear: 2021,
		Rows: []GanttRow{
			{Label: "Şikayətlərə baxılması", Spans: []Span{{Start: d(2019, 3, 1), End: d(2021, 3, 1), Label: "2019–2021"}},
				Marks: []Mark{{At: d(2019, 9, 15), Label: "Seminar"}, {At: d(2020, 2, 1), Kind: MissionMark, Label: "Mission"}}},
			{Label: "Component 1", Level: 1, Spans: []Span{{Start: d(2019, 3, 1), End: d(2019, 9, 1), Kind: Planned}}},
			{Label: "Open-ended", Spans: []Span{{Start: d(2020, 1, 1), Kind: OpenEnd, Label: "end not recorded"}}},
		},
		Keys: []Key{{Label: "Project"}, {Label: "Planned", Span: Planned}, {Label: "Event", IsMark: true}, {Label: "Mission", IsMark: true, Mark: MissionMark}},
	}
	svg := string(g.SVG())
	parse(t, svg)
	for _, want := range []string{"<circle", "<path", `stroke-dasharray="4 3"`, ">?</text>", ">2019</text>", ">2021</text>", "Şikayətlərə"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the Gantt lacks %s", want)
		}
	}
	if f := g.Frac(d(2020, 7, 2)); f < 0.49 || f > 0.51 {
		t.Errorf("the middle of 2020 is at %.3f of 2019-2021", f)
	}
	if f := g.Frac(d(2030, 1, 1)); f != 1 {
		t.Errorf("after the axis: %.3f, want 1", f)
	}
}

func TestNiceMax(t *testing.T) {
	for _, c := range []struct{ v, top, step float64 }{{0, 1, 1}, {3, 3, 1}, {7, 8, 2}, {12, 15, 5}, {230, 250, 50}, {1000, 1000, 200}} {
		if top, step := niceMax(c.v); top != c.top || step != c.step {
			t.Errorf("niceMax(%v) = %v, %v; want %v, %v", c.v, top, step, c.top, c.step)
		}
	}
}
