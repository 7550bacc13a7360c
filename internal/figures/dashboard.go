package figures

import (
	"context"
	"html/template"
	"slices"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/chart"
	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/messages"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/workplan"
)

// Figure is one chart and its table.
type Figure struct {
	ID      string
	Heading string
	SVG     template.HTML // empty when nothing matches
	Table   Table
	Empty   string // said instead of the chart when nothing matches
}

// Table is a figure's numbers as a table.
type Table struct {
	Caption string
	Head    []string
	Rows    [][]Cell
}

// Cell is a table cell.
type Cell struct {
	Text   string
	Lang   string // the text's language when not the page's
	Href   string
	Number bool // right-aligned
	Header bool // the row's header
	Level  int  // indentation: 1 a component, 2 an activity
}

// Options say whose dashboard it is.
type Options struct {
	// Drafts counts draft records too (the staff's dashboard).
	Drafts bool
	// Link is the address of a record's page ("" for none): kind is
	// "projects", "events", "institutions" or "people".
	Link func(kind string, id int64, slug string) string
	// Top is how many institutions and people are ranked (default 10).
	Top int
	// Now is the day indicator progress is reckoned at (the current
	// quarter's latest values).
	Now time.Time
}

// today is Now, or the clock's time when Now is not given.
func (o Options) today() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// status is the status of the events a work plan counts.
func (o Options) status() registry.Status {
	if o.Drafts {
		return ""
	}
	return registry.Published
}

// Partner is a choice of the partner filter.
type Partner struct {
	Slug  string
	Title string
	Lang  string
}

// Dashboard is the dashboard's figures.
type Dashboard struct {
	Query    Query
	Partners []Partner
	Figures  []Figure
}

// BuildDashboard reads the figures in one snapshot and draws them.
func BuildDashboard(ctx context.Context, st *store.Store, q Query, w messages.Words, opt Options) (*Dashboard, error) {
	if opt.Top <= 0 {
		opt.Top = 10
	}
	d := &Dashboard{Query: q}
	var years []store.YearInstrumentCount
	var countries []store.CountryCount
	var institutions, people []store.Engaged
	var measured []int64
	var plans map[int64]*workplan.Plan
	err := st.View(ctx, func(rd *store.Reader) error {
		f, err := q.filter(ctx, rd, opt.Drafts, w)
		if err != nil {
			return err
		}
		if d.Partners, err = partners(ctx, rd, opt.Drafts, w.Lang()); err != nil {
			return err
		}
		if years, err = rd.EventsByYear(ctx, f); err != nil {
			return err
		}
		if countries, err = rd.ProjectCountries(ctx, f); err != nil {
			return err
		}
		if institutions, err = rd.EngagedInstitutions(ctx, f, opt.Top); err != nil {
			return err
		}
		if people, err = rd.EngagedPeople(ctx, f, opt.Top); err != nil {
			return err
		}
		if measured, err = rd.ProjectsWithIndicators(ctx, f, MaxIndicatorProjects); err != nil || len(measured) == 0 {
			return err
		}
		plans, err = rd.ProjectWorkplans(ctx, measured, opt.today(), opt.status())
		return err
	})
	if err != nil {
		return nil, err
	}
	link := opt.Link
	if link == nil {
		link = func(string, int64, string) string { return "" }
	}
	d.Figures = []Figure{
		eventsByYear(years, w),
		projectCountries(countries, w),
		engaged("institutions", institutions, w, link),
		engaged("people", people, w, link),
	}
	for _, id := range measured {
		if plan := plans[id]; plan != nil {
			d.Figures = append(d.Figures, indicatorProgress(plan, w))
		}
	}
	return d, nil
}

// partners are the choices of the partner filter: the partnerships.
func partners(ctx context.Context, rd *store.Reader, drafts bool, lang string) ([]Partner, error) {
	f := store.Filter{Limit: store.MaxLimit}
	if !drafts {
		f.Status = registry.Published
	}
	page, err := rd.Partnerships(ctx, f)
	if err != nil {
		return nil, err
	}
	var out []Partner
	for _, p := range page.Items {
		title, in := p.Title.In(lang)
		out = append(out, Partner{Slug: p.Slug, Title: title, Lang: otherLang(in, lang)})
	}
	return out, nil
}

func otherLang(in, lang string) string {
	if in == lang {
		return ""
	}
	return in
}

// instrumentName is an instrument's name ("" is none).
func instrumentName(in registry.Instrument, w messages.Words) string {
	if in == "" {
		return w.S("figures.no_instrument")
	}
	return w.S("instrument." + string(in))
}

// instrumentColor keeps an instrument's colour the same in every chart.
func instrumentColor(in registry.Instrument) int {
	if i := slices.Index(registry.Instruments, in); i >= 0 {
		return i
	}
	return len(registry.Instruments)
}

func eventsByYear(counts []store.YearInstrumentCount, w messages.Words) Figure {
	lang := w.Lang()
	fig := Figure{ID: "events-by-year", Heading: w.S("figures.years.title")}
	if len(counts) == 0 {
		fig.Empty = w.S("figures.empty")
		return fig
	}
	// The instruments present, in the registry's order, "none" last.
	var instruments []registry.Instrument
	for _, c := range counts {
		if !slices.Contains(instruments, c.Instrument) {
			instruments = append(instruments, c.Instrument)
		}
	}
	slices.SortFunc(instruments, func(a, b registry.Instrument) int { return instrumentColor(a) - instrumentColor(b) })
	first, last := counts[0].Year, counts[len(counts)-1].Year
	values := make([][]int, last-first+1)
	for i := range values {
		values[i] = make([]int, len(instruments))
	}
	byInstrument := make([]int, len(instruments))
	for _, c := range counts {
		i := slices.Index(instruments, c.Instrument)
		values[c.Year-first][i] += c.Events
		byInstrument[i] += c.Events
	}
	categories := make([]string, len(values))
	total, peak, peakCount := 0, first, 0
	for i, row := range values {
		categories[i] = strconv.Itoa(first + i)
		sum := 0
		for _, v := range row {
			sum += v
		}
		total += sum
		if sum > peakCount {
			peak, peakCount = first+i, sum
		}
	}
	series := make([]string, len(instruments))
	colors := make([]string, len(instruments))
	var split []string
	for i, in := range instruments {
		series[i] = instrumentName(in, w)
		colors[i] = chart.Palette[instrumentColor(in)%len(chart.Palette)]
		split = append(split, w.S("figures.item", "Name", series[i], "Value", locale.Number(lang, byInstrument[i])))
	}
	number := func(n int) string { return locale.Number(lang, n) }
	desc := sentence(w.N("figures.years.desc", total, "From", first, "To", last, "Peak", peak, "PeakCount", number(peakCount), "Split", list(split, w)))
	fig.SVG = chart.Stacked{
		Frame:      chart.Frame{ID: fig.ID, Title: fig.Heading, Desc: desc, Lang: lang},
		Categories: categories, Series: series, Colors: colors, Values: values, Number: number,
		Segment: func(c, s, v string) string { return w.S("figures.segment", "Category", c, "Series", s, "Value", v) },
	}.SVG()
	fig.Table = Table{Caption: fig.Heading, Head: append(append([]string{w.S("figures.years.year")}, series...), w.S("figures.total"))}
	for i, row := range values {
		cells := []Cell{{Text: categories[i], Header: true}}
		sum := 0
		for _, v := range row {
			cells = append(cells, Cell{Text: number(v), Number: true})
			sum += v
		}
		cells = append(cells, Cell{Text: number(sum), Number: true})
		fig.Table.Rows = append(fig.Table.Rows, cells)
	}
	return fig
}

func projectCountries(counts []store.CountryCount, w messages.Words) Figure {
	lang := w.Lang()
	fig := Figure{ID: "countries", Heading: w.S("figures.countries.title")}
	if len(counts) == 0 {
		fig.Empty = w.S("figures.empty")
		return fig
	}
	number := func(n int) string { return locale.Number(lang, n) }
	var items []chart.Item
	var top []string
	fig.Table = Table{Caption: fig.Heading, Head: []string{w.S("figures.countries.country"), w.S("figures.countries.partner"), w.S("figures.countries.experts"), w.S("figures.countries.projects")}}
	for i, c := range counts {
		name := country.Name(c.Country, lang)
		items = append(items, chart.Item{Label: name, Value: float64(c.Projects), Text: number(c.Projects)})
		if i < 5 {
			top = append(top, w.S("figures.item", "Name", name, "Value", number(c.Projects)))
		}
		fig.Table.Rows = append(fig.Table.Rows, []Cell{{Text: name, Header: true}, {Text: number(c.Partner), Number: true}, {Text: number(c.Experts), Number: true}, {Text: number(c.Projects), Number: true}})
	}
	desc := sentence(w.N("figures.countries.desc", len(counts), "Top", list(top, w)))
	fig.SVG = chart.Ranked{Frame: chart.Frame{ID: fig.ID, Title: fig.Heading, Desc: desc, Lang: lang}, Items: items}.SVG()
	return fig
}

// engaged ranks institutions or people (kind) by the events they took
// part in.
func engaged(kind string, rows []store.Engaged, w messages.Words, link func(string, int64, string) string) Figure {
	lang := w.Lang()
	fig := Figure{ID: "engaged-" + kind, Heading: w.S("figures." + kind + ".title")}
	if len(rows) == 0 {
		fig.Empty = w.S("figures.empty")
		return fig
	}
	number := func(n int) string { return locale.Number(lang, n) }
	var items []chart.Item
	var top []string
	fig.Table = Table{Caption: fig.Heading, Head: []string{w.S("figures." + kind + ".name"), w.S("figures.events")}}
	for i, r := range rows {
		name, in := "", lang
		if r.Person != nil {
			name = r.Person.NameIn(lang)
		} else {
			name, in = r.Name.In(lang)
		}
		items = append(items, chart.Item{Label: name, Value: float64(r.Events), Text: number(r.Events), Color: 2})
		if i < 5 {
			top = append(top, w.S("figures.item", "Name", name, "Value", number(r.Events)))
		}
		fig.Table.Rows = append(fig.Table.Rows, []Cell{{Text: name, Lang: otherLang(in, lang), Href: link(kind, r.ID, r.Slug), Header: true}, {Text: number(r.Events), Number: true}})
	}
	desc := sentence(w.N("figures."+kind+".desc", len(rows), "Top", list(top, w)))
	fig.SVG = chart.Ranked{Frame: chart.Frame{ID: fig.ID, Title: fig.Heading, Desc: desc, Lang: lang}, Items: items}.SVG()
	return fig
}

// list joins items the language's way ("a, b and c").
func list(items []string, w messages.Words) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	head := items[0]
	for _, it := range items[1 : len(items)-1] {
		head += ", " + it
	}
	return w.S("list.and", "Head", head, "Last", items[len(items)-1])
}

// Partners are the choices of the partner filter, for a page that could
// not read its query.
func Partners(ctx context.Context, st *store.Store, drafts bool, lang string) ([]Partner, error) {
	var out []Partner
	err := st.View(ctx, func(rd *store.Reader) error {
		var err error
		out, err = partners(ctx, rd, drafts, lang)
		return err
	})
	return out, err
}

// sentence starts a description with a capital letter, as the English
// house style spells out small counts ("two events from 2011 …").
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
