package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/figures"
	"github.com/liaison-registry/liaison/internal/messages"
	"github.com/liaison-registry/liaison/internal/registry"
)

// The staff's dashboard and projects' timeline (docs/dashboards.md):
// the portal's figures with drafts counted, linked to the records'
// workspace pages. The workspace is in English; the figures' words come
// from the same catalog as the portal's.

func (a *Admin) registerFigures(rt *auth.Router) {
	rt.HandleFunc("GET /admin/dashboard", auth.Viewers, a.dashboardFigures)
	rt.HandleFunc("GET /admin/timeline", auth.Viewers, a.timelineFigures)
	rt.HandleFunc("GET /admin/timeline.svg", auth.Viewers, a.timelineSVG)
	rt.HandleFunc("GET /admin/timeline.pdf", auth.Viewers, a.timelinePDF)
}

// figuresData is what figures.html receives.
type figuresData struct {
	T         messages.Words
	Timeline  bool // the timeline rather than the dashboard
	Action    string
	Form      struct{ From, To, Instrument, Partner string }
	Options   []option
	Partners  []figures.Partner
	Errors    []figures.FieldError
	Dashboard *figures.Dashboard
	Gantt     *figures.Timeline
	SVG, PDF  string
	Figs      []figureView
}

// figureView is what the figure partial receives.
type figureView struct {
	T messages.Words
	F figures.Figure
}

func (a *Admin) words() (messages.Words, error) {
	c, err := messages.Embedded()
	if err != nil {
		return messages.Words{}, err
	}
	return c.In("en"), nil
}

func (a *Admin) figureOptions() figures.Options {
	return figures.Options{Drafts: true, Now: a.now(), Link: func(kind string, id int64, _ string) string {
		return "/admin/" + kind + "/" + strconv.FormatInt(id, 10)
	}}
}

func (a *Admin) figuresPage(w http.ResponseWriter, r *http.Request, timeline bool) {
	t, err := a.words()
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d := figuresData{T: t, Timeline: timeline, Action: "/admin/dashboard"}
	if timeline {
		d.Action = "/admin/timeline"
	}
	q := r.URL.Query()
	d.Form.From, d.Form.To, d.Form.Instrument, d.Form.Partner = q.Get("from"), q.Get("to"), q.Get("instrument"), q.Get("partner")
	for _, in := range registry.Instruments {
		d.Options = append(d.Options, option{string(in), t.S("instrument." + string(in))})
	}
	query, err := figures.ParseQuery(q, t)
	if err == nil {
		if timeline {
			d.Gantt, err = figures.BuildTimeline(r.Context(), a.st, query, t, a.figureOptions())
			if err == nil {
				d.Partners = d.Gantt.Partners
				enc := query.Encode(query.Page)
				d.SVG, d.PDF = "/admin/timeline.svg"+enc, "/admin/timeline.pdf"+enc
			}
		} else {
			d.Dashboard, err = figures.BuildDashboard(r.Context(), a.st, query, t, a.figureOptions())
			if err == nil {
				d.Partners = d.Dashboard.Partners
			}
		}
	}
	title := t.S("dashboard.title")
	if timeline {
		title = t.S("gantt.title")
	}
	status := http.StatusOK
	var qe *figures.QueryError
	switch {
	case errors.As(err, &qe):
		status, d.Errors = http.StatusBadRequest, qe.Fields
		d.Dashboard, d.Gantt = nil, nil
		d.Partners, _ = figures.Partners(r.Context(), a.st, true, "en")
	case err != nil:
		a.fail(w, r, err)
		return
	}
	if d.Dashboard != nil {
		for _, f := range d.Dashboard.Figures {
			d.Figs = append(d.Figs, figureView{t, f})
		}
	}
	if d.Gantt != nil {
		d.Figs = append(d.Figs, figureView{t, d.Gantt.Figure})
	}
	a.render(w, r, status, "figures", title, d)
}

func (a *Admin) dashboardFigures(w http.ResponseWriter, r *http.Request) { a.figuresPage(w, r, false) }
func (a *Admin) timelineFigures(w http.ResponseWriter, r *http.Request)  { a.figuresPage(w, r, true) }

func (a *Admin) timelineExport(w http.ResponseWriter, r *http.Request) (*figures.Timeline, bool) {
	t, err := a.words()
	if err == nil {
		var q figures.Query
		if q, err = figures.ParseQuery(r.URL.Query(), t); err == nil {
			var tl *figures.Timeline
			if tl, err = figures.BuildTimeline(r.Context(), a.st, q, t, a.figureOptions()); err == nil {
				w.Header().Set("Cache-Control", "no-store")
				return tl, true
			}
		}
	}
	if errors.Is(err, figures.ErrBadQuery) {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return nil, false
	}
	a.fail(w, r, err)
	return nil, false
}

func (a *Admin) timelineSVG(w http.ResponseWriter, r *http.Request) {
	if tl, ok := a.timelineExport(w, r); ok {
		figures.ServeSVG(w, tl, "projects-timeline-staff.svg")
	}
}

func (a *Admin) timelinePDF(w http.ResponseWriter, r *http.Request) {
	if tl, ok := a.timelineExport(w, r); ok {
		if err := figures.ServePDF(w, tl, a.now(), "projects-timeline-staff.pdf"); err != nil {
			a.log.ErrorContext(r.Context(), "timeline PDF failed", "err", err)
		}
	}
}
