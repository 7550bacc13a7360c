package portal_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// svgText is a text element of a chart.
type svgText struct {
	Anchor, Fill, Text string
}

// chartSVG is a chart as a reader's assistive technology and eyes get it.
type chartSVG struct {
	Title, Desc string
	Texts       []svgText
}

// parseSVG checks the chart is well-formed XML with role img and a title
// and description it is labelled by, and returns its words.
func parseSVG(t *testing.T, svg string) chartSVG {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var c chartSVG
	var stack []xml.StartElement
	ids := map[string]string{}
	var labelledBy string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok)
			attr := func(name string) string {
				for _, a := range tok.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			if tok.Name.Local == "svg" {
				if attr("role") != "img" {
					t.Errorf("the SVG's role is %q, want img", attr("role"))
				}
				labelledBy = attr("aria-labelledby")
			}
			if tok.Name.Local == "text" {
				c.Texts = append(c.Texts, svgText{Anchor: attr("text-anchor"), Fill: attr("fill")})
			}
			if id := attr("id"); id != "" {
				ids[id] = tok.Name.Local
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			switch top := stack[len(stack)-1].Name.Local; {
			case top == "title" && len(stack) == 2:
				c.Title += string(tok)
			case top == "desc" && len(stack) == 2:
				c.Desc += string(tok)
			case top == "text":
				c.Texts[len(c.Texts)-1].Text += string(tok)
			}
		}
	}
	parts := strings.Fields(labelledBy)
	if len(parts) != 2 || ids[parts[0]] != "title" || ids[parts[1]] != "desc" {
		t.Errorf("aria-labelledby %q does not name the chart's title and description (%v)", labelledBy, ids)
	}
	if strings.TrimSpace(c.Title) == "" || strings.TrimSpace(c.Desc) == "" {
		t.Errorf("the chart has no title or no description: %+v", c)
	}
	return c
}

var (
	sectionRE = regexp.MustCompile(`(?s)<section class="figure" aria-labelledby="([a-z0-9-]+)-h">(.*?)</section>`)
	svgRE     = regexp.MustCompile(`(?s)<svg .*?</svg>`)
	rowRE     = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	cellRE    = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
)

// figureSections are a page's figures by id: the SVG and the table's body
// rows as cell texts.
func figureSections(t *testing.T, page string) map[string]struct {
	SVG  chartSVG
	Rows [][]string
} {
	t.Helper()
	out := map[string]struct {
		SVG  chartSVG
		Rows [][]string
	}{}
	for _, m := range sectionRE.FindAllStringSubmatch(page, -1) {
		id, body := m[1], m[2]
		var f struct {
			SVG  chartSVG
			Rows [][]string
		}
		if svg := svgRE.FindString(body); svg != "" {
			f.SVG = parseSVG(t, svg)
		}
		if _, tbody, ok := strings.Cut(body, "<tbody>"); ok {
			for _, r := range rowRE.FindAllStringSubmatch(tbody, -1) {
				var cells []string
				for _, c := range cellRE.FindAllStringSubmatch(r[1], -1) {
					cells = append(cells, strings.TrimSpace(visible(c[1])))
				}
				f.Rows = append(f.Rows, cells)
			}
		}
		out[id] = f
	}
	return out
}

// rankedPairs are a ranked chart's labels and values, in order.
func rankedPairs(c chartSVG) [][2]string {
	var out [][2]string
	for i, tx := range c.Texts {
		if tx.Anchor == "end" && i+1 < len(c.Texts) && c.Texts[i+1].Anchor == "start" {
			out = append(out, [2]string{tx.Text, c.Texts[i+1].Text})
		}
	}
	return out
}

// The dashboard shows each figure as a chart with its words and as a
// table of the same figures, in every language.
func TestDashboardChartsAndTablesAgree(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	for _, lang := range []string{"en", "az", "ru"} {
		status, page := get(t, srv.URL+"/"+lang+"/dashboard")
		if status != 200 {
			t.Fatalf("%s: status %d\n%s", lang, status, page)
		}
		figs := figureSections(t, page)
		for _, id := range []string{"events-by-year", "countries", "engaged-institutions", "engaged-people"} {
			f, ok := figs[id]
			if !ok || len(f.Rows) == 0 {
				t.Fatalf("%s: no figure %s, or no table rows", lang, id)
			}
			if !strings.Contains(page, `lang="`+lang+`"`) {
				t.Errorf("%s: the charts are not marked with the page's language", lang)
			}
			if id == "events-by-year" {
				// The years and the totals above their bars are the
				// table's first and last columns (years without events
				// have no total drawn).
				var drawn []string
				for _, tx := range f.SVG.Texts {
					if tx.Anchor == "middle" {
						drawn = append(drawn, tx.Text)
					}
				}
				var want []string
				for _, r := range f.Rows {
					if r[len(r)-1] != "0" {
						want = append(want, r[len(r)-1])
					}
					want = append(want, r[0])
				}
				if strings.Join(drawn, " ") != strings.Join(want, " ") {
					t.Errorf("%s: the chart draws %v, the table says %v", lang, drawn, want)
				}
				continue
			}
			pairs := rankedPairs(f.SVG)
			if len(pairs) != len(f.Rows) {
				t.Fatalf("%s %s: %d bars, %d rows", lang, id, len(pairs), len(f.Rows))
			}
			for i, p := range pairs {
				row := f.Rows[i]
				label := strings.TrimSuffix(p[0], "…")
				if !strings.HasPrefix(row[0], label) || p[1] != row[len(row)-1] {
					t.Errorf("%s %s row %d: chart %q = %s, table %v", lang, id, i, p[0], p[1], row)
				}
			}
		}
	}
	_, page := get(t, srv.URL+"/en/dashboard")
	// The demo's Twinning reports five indicators; one has no target, so
	// its progress is shown as not known, never as zero.
	var indicators []string
	for id := range figureSections(t, page) {
		if strings.HasPrefix(id, "indicators-") {
			indicators = append(indicators, id)
		}
	}
	if len(indicators) != 1 {
		t.Fatalf("indicator figures: %v, want the demo's one project", indicators)
	}
	ind := figureSections(t, page)[indicators[0]]
	if len(ind.Rows) != 5 || !strings.Contains(ind.SVG.Desc, "known for four and not known for one") {
		t.Errorf("indicators: %d rows, %q", len(ind.Rows), ind.SVG.Desc)
	}
	var drawnMissing, tableMissing int
	for _, tx := range ind.SVG.Texts {
		if tx.Text == "not known (no baseline, target or value)" {
			drawnMissing++
		}
	}
	for _, r := range ind.Rows {
		if r[len(r)-1] == "not known" {
			tableMissing++
		} else if !strings.HasSuffix(r[len(r)-1], "%") {
			t.Errorf("an indicator's progress is %q", r[len(r)-1])
		}
	}
	if drawnMissing != 1 || tableMissing != 1 {
		t.Errorf("missing progress: %d drawn, %d in the table; want one each", drawnMissing, tableMissing)
	}
	text := visible(page)
	for _, want := range []string{"Two events from 2011 to 2016; the most in 2011 (1). By instrument: Twinning (1) and TAIEX (1).", "Germany", "Augustinas Normantas"} {
		if !strings.Contains(text, want) {
			t.Errorf("the English dashboard lacks %q", want)
		}
	}
	if strings.Contains(page, " style=") {
		t.Error("a style attribute: the site's CSP refuses them")
	}
}

// The public dashboard counts published records only, and its filters
// narrow what it counts.
func TestDashboardFiltersAndDrafts(t *testing.T) {
	st := storetest.Demo(t)
	err := st.Transact(context.Background(), func(tx *store.Tx) error {
		e := &registry.Event{Meta: registry.Meta{Status: registry.Draft}, Kind: registry.Seminar, Instrument: registry.TAIEX,
			Start: registry.NewDate(2030, 5, 1), Title: registry.Text{"en": "Draft seminar"}}
		_, err := tx.CreateEvent(context.Background(), e)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := servertest.New(t, st)
	_, page := get(t, srv.URL+"/en/dashboard")
	if strings.Contains(page, "2030") {
		t.Error("the public dashboard counts a draft event of 2030")
	}
	status, page := get(t, srv.URL+"/en/dashboard?instrument=taiex&from=2010&to=2012")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	years := figureSections(t, page)["events-by-year"]
	if len(years.Rows) != 1 || years.Rows[0][0] != "2011" || !strings.Contains(years.SVG.Desc, "TAIEX (1)") || strings.Contains(years.SVG.Desc, "Twinning") {
		t.Errorf("TAIEX events of 2010-2012: %+v", years)
	}
	if !strings.Contains(page, `<option value="taiex" selected>`) || !strings.Contains(page, `value="2010"`) {
		t.Error("the filter does not show what was asked")
	}
	_, page = get(t, srv.URL+"/en/dashboard?partner=eu")
	if figs := figureSections(t, page); len(figs["events-by-year"].Rows) == 0 {
		t.Error("the EU partnership's events are not counted")
	}
}

func TestFigurePagesRefuseBadQueries(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	for _, c := range []struct{ path, want string }{
		{"/en/dashboard?from=19x", "From year: “19x” is not a year; expected a year from 1900 to 2100."},
		{"/en/dashboard?from=2016&to=2011", "The first year (2016) is after the last (2011)"},
		{"/en/dashboard?instrument=grant", "Instrument: “grant” is not an instrument; expected one of twinning, twinning_light, taiex, other."},
		{"/en/dashboard?partner=nobody", "Partner: “nobody” is not a partner of this registry"},
		{"/en/dashboard?partner=%3Cscript%3E", "Partner: “&lt;script&gt;” is not a partner"},
		{"/ru/timeline/projects?to=99999", "По год: «99999» — не год"},
		{"/en/timeline/projects?page=0", "Page: “0” is not a page of this list"},
		{"/en/timeline/projects?page=9", "Page: “9” is not a page of this list; expected a number from 1 to 1."},
	} {
		status, page := get(t, srv.URL+c.path)
		if status != http.StatusBadRequest || !strings.Contains(page, c.want) {
			t.Errorf("%s: status %d, want 400 saying %q:\n%.300s", c.path, status, c.want, visible(page))
		}
	}
	resp, err := http.Get(srv.URL + "/en/timeline/projects.pdf?from=abc")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(b), "“abc” is not a year") {
		t.Errorf("a bad PDF query: %d %s", resp.StatusCode, b)
	}
}

// The timeline pages through the projects, and downloads as SVG and PDF
// with the same chart.
func TestProjectTimelinePagesAndExports(t *testing.T) {
	st := storetest.Open(t)
	err := st.Transact(context.Background(), func(tx *store.Tx) error {
		for i := range 60 {
			p := &registry.Project{Meta: registry.Meta{Status: registry.Published}, Instrument: registry.OtherInstrument,
				Title: registry.Text{"en": fmt.Sprintf("Project %02d", i)}, Start: registry.NewDate(2010+i%10, 1, 1)}
			if i%3 == 0 {
				p.End = registry.NewDate(2012+i%10, 6, 30)
			}
			if _, err := tx.CreateProject(context.Background(), p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := servertest.New(t, st)
	status, page := get(t, srv.URL+"/en/timeline/projects")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	text := visible(page)
	if !strings.Contains(text, "Projects 1–50 of 60") {
		t.Errorf("no count of what is shown: %.500s", text)
	}
	fig := figureSections(t, page)["timeline"]
	if len(fig.Rows) != 50 {
		t.Errorf("%d rows in the table, want 50", len(fig.Rows))
	}
	if !strings.Contains(fig.SVG.Desc, "60 projects; shown 1–50") || !strings.Contains(fig.SVG.Desc, "33 of them without a recorded end") {
		t.Errorf("description: %q", fig.SVG.Desc)
	}
	if !strings.Contains(page, `href="/en/timeline/projects?page=2"`) {
		t.Error("no link to the next page")
	}
	_, page = get(t, srv.URL+"/en/timeline/projects?page=2")
	if !strings.Contains(visible(page), "Projects 51–60 of 60") || len(figureSections(t, page)["timeline"].Rows) != 10 {
		t.Error("the second page does not show the last ten")
	}
	_, page = get(t, srv.URL+"/en/timeline/projects?from=2019&to=2019")
	// Running in 2019: the 40 whose end is not known (all started by
	// then), and the 6 of the 20 ended ones that end in 2019 or later.
	if !strings.Contains(visible(page), "Projects 1–46 of 46") {
		t.Errorf("projects running in 2019: %.600s", visible(page))
	}

	resp, err := http.Get(srv.URL + "/en/timeline/projects.svg?page=2")
	if err != nil {
		t.Fatal(err)
	}
	svg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml; charset=utf-8" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("SVG download: %d %v", resp.StatusCode, resp.Header)
	}
	c := parseSVG(t, strings.TrimPrefix(string(svg), `<?xml version="1.0" encoding="UTF-8"?>`+"\n"))
	if !strings.Contains(c.Desc, "shown 51–60") {
		t.Errorf("the SVG download is not the page asked for: %q", c.Desc)
	}
	resp, err = http.Get(srv.URL + "/ru/timeline/projects.pdf")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(b), "%PDF-") {
		t.Errorf("PDF download: %d %v %.10q", resp.StatusCode, resp.Header, b)
	}
}

// The demo's Twinning shows its work plan on the timeline: components,
// their activities with planned and actual dates, events as marks.
func TestProjectTimelineShowsTheWorkPlan(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	status, page := get(t, srv.URL+"/en/timeline/projects")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	fig := figureSections(t, page)["timeline"]
	var labels []string
	for _, tx := range fig.SVG.Texts {
		labels = append(labels, tx.Text)
	}
	all := strings.Join(labels, "\n")
	for _, want := range []string{"Planned", "Carried out", "Expert mission", "Component 1:", "\n1.1 "} {
		if !strings.Contains(all, want) {
			t.Errorf("the timeline lacks %q:\n%s", want, all)
		}
	}
	// Each of the chart's rows is a row of the table, in order: the
	// project, its components, their activities.
	var starts []string
	for _, tx := range fig.SVG.Texts {
		if tx.Anchor == "start" {
			starts = append(starts, strings.TrimSuffix(tx.Text, "…"))
		}
	}
	k, activities, marks := 0, 0, 0
	for _, r := range fig.Rows {
		if len(r) != 5 {
			t.Fatalf("row %v: want the row's name, instrument, dates, carried out, events", r)
		}
		for k < len(starts) && !strings.HasPrefix(r[0], starts[k]) {
			k++
		}
		if k == len(starts) {
			t.Fatalf("the table's row %q is not drawn (in order)", r[0])
		}
		if len(r[0]) > 4 && r[0][0] >= '1' && r[0][0] <= '9' && r[0][1] == '.' {
			activities++
			if r[2] == "" {
				t.Errorf("activity %q without planned dates in the table", r[0])
			}
		}
		n := 0
		fmt.Sscan(r[4], &n)
		marks += n
	}
	svg := svgRE.FindString(page[strings.Index(page, `aria-labelledby="timeline-h"`):])
	drawn := strings.Count(svg, "<circle") + strings.Count(svg, "<path") - 2 // the legend's two
	if activities == 0 || marks == 0 || marks != drawn {
		t.Errorf("%d activities; the table counts %d events and missions, the chart marks %d", activities, marks, drawn)
	}
}
