package portal

import (
	"errors"
	"net/http"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/figures"
	"github.com/liaison-registry/liaison/internal/registry"
)

// The dashboard and the projects' timeline (docs/dashboards.md), of
// published records only; package figures draws them.

func (p *Portal) registerFigures(mux *auth.Router, lang string) {
	// The dashboard, the timeline and its downloads are kept as the other
	// public pages are (pagecache.go): the address, language and filters
	// included, is the key, and the PDF is dated by the day, which the key
	// holds too.
	// A download larger than the cache takes (a tenth of it) is drawn
	// every time, as before.
	mux.HandleFunc("GET /"+lang+"/dashboard", auth.Anyone, p.cached(p.dashboardPage))
	mux.HandleFunc("GET /"+lang+"/timeline/projects", auth.Anyone, p.cached(p.ganttPage))
	mux.HandleFunc("GET /"+lang+"/timeline/projects.svg", auth.Anyone, p.cached(p.ganttSVG))
	mux.HandleFunc("GET /"+lang+"/timeline/projects.pdf", auth.Anyone, p.cached(p.ganttPDF))
}

// filterForm is the filter as the reader wrote it, to show it again.
type filterForm struct {
	From, To, Instrument, Partner string
	Instruments                   []filterOption
	Partners                      []figures.Partner
	Errors                        []figures.FieldError
	Action                        string
}

type filterOption struct{ Value, Label string }

func (p *Portal) filterForm(r *http.Request, t Tr, action string, partners []figures.Partner, err error) filterForm {
	q := r.URL.Query()
	f := filterForm{From: q.Get("from"), To: q.Get("to"), Instrument: q.Get("instrument"), Partner: q.Get("partner"), Partners: partners, Action: action}
	for _, in := range registry.Instruments {
		f.Instruments = append(f.Instruments, filterOption{string(in), t.S("instrument." + string(in))})
	}
	var qe *figures.QueryError
	if errors.As(err, &qe) {
		f.Errors = qe.Fields
	}
	return f
}

type dashboardPage struct {
	Filter    filterForm
	Dashboard *figures.Dashboard
}

type ganttPage struct {
	Filter   filterForm
	Timeline *figures.Timeline
	SVG, PDF string // the downloads of this page
}

func (p *Portal) figureOptions(t Tr) figures.Options {
	return figures.Options{Now: p.now(), Link: func(kind string, id int64, slug string) string { return "/" + t.lang + "/" + kind + "/" + slug }}
}

// figuresFailed answers a query that could not be answered: the page
// with its filter and what is wrong, 400; or an error page.
func (p *Portal) figuresFailed(w http.ResponseWriter, r *http.Request, t Tr, name string, v view, err error) {
	if errors.Is(err, figures.ErrBadQuery) {
		v.Robots = "noindex"
		p.render(w, r, t, http.StatusBadRequest, name, v)
		return
	}
	p.log.ErrorContext(r.Context(), "page failed", "path", r.URL.Path, "err", err)
	p.renderError(w, r, t, http.StatusInternalServerError, t.S("error.ours"))
}

func (p *Portal) dashboardPage(w http.ResponseWriter, r *http.Request) {
	t := p.cat.tr(langOf(r))
	v := view{Title: t.S("dashboard.title"), Description: t.S("dashboard.description")}
	q, err := figures.ParseQuery(r.URL.Query(), t.Words)
	var d *figures.Dashboard
	if err == nil {
		d, err = figures.BuildDashboard(r.Context(), p.st, q, t.Words, p.figureOptions(t))
	}
	if err != nil {
		partners, _ := figures.Partners(r.Context(), p.st, false, t.lang)
		v.Page = dashboardPage{Filter: p.filterForm(r, t, "/"+t.lang+"/dashboard", partners, err)}
		p.figuresFailed(w, r, t, "dashboard", v, err)
		return
	}
	v.Page = dashboardPage{Filter: p.filterForm(r, t, "/"+t.lang+"/dashboard", d.Partners, nil), Dashboard: d}
	p.render(w, r, t, http.StatusOK, "dashboard", v)
}

func (p *Portal) timelineOf(r *http.Request, t Tr) (*figures.Timeline, error) {
	q, err := figures.ParseQuery(r.URL.Query(), t.Words)
	if err != nil {
		return nil, err
	}
	return figures.BuildTimeline(r.Context(), p.st, q, t.Words, p.figureOptions(t))
}

func (p *Portal) ganttPage(w http.ResponseWriter, r *http.Request) {
	t := p.cat.tr(langOf(r))
	v := view{Title: t.S("gantt.title"), Description: t.S("gantt.description")}
	action := "/" + t.lang + "/timeline/projects"
	tl, err := p.timelineOf(r, t)
	if err != nil {
		partners, _ := figures.Partners(r.Context(), p.st, false, t.lang)
		v.Page = ganttPage{Filter: p.filterForm(r, t, action, partners, err)}
		p.figuresFailed(w, r, t, "gantt", v, err)
		return
	}
	query := tl.Query.Encode(tl.Query.Page)
	v.Page = ganttPage{Filter: p.filterForm(r, t, action, tl.Partners, nil), Timeline: tl, SVG: action + ".svg" + query, PDF: action + ".pdf" + query}
	p.render(w, r, t, http.StatusOK, "gantt", v)
}

// exportFailed answers a download that cannot be made, in words.
func (p *Portal) exportFailed(w http.ResponseWriter, r *http.Request, t Tr, err error) {
	if errors.Is(err, figures.ErrBadQuery) {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	p.log.ErrorContext(r.Context(), "export failed", "path", r.URL.Path, "err", err)
	http.Error(w, t.S("error.ours"), http.StatusInternalServerError)
}

func (p *Portal) ganttSVG(w http.ResponseWriter, r *http.Request) {
	t := p.cat.tr(langOf(r))
	tl, err := p.timelineOf(r, t)
	if err != nil {
		p.exportFailed(w, r, t, err)
		return
	}
	figures.ServeSVG(w, tl, "projects-timeline-"+t.lang+".svg")
}

func (p *Portal) ganttPDF(w http.ResponseWriter, r *http.Request) {
	t := p.cat.tr(langOf(r))
	tl, err := p.timelineOf(r, t)
	if err != nil {
		p.exportFailed(w, r, t, err)
		return
	}
	if err := figures.ServePDF(w, tl, p.now(), "projects-timeline-"+t.lang+".pdf"); err != nil {
		p.log.ErrorContext(r.Context(), "timeline PDF failed", "err", err)
	}
}
