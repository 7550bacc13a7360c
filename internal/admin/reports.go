package admin

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/report"
	"github.com/liaison-registry/liaison/internal/store"
)

// The staff's reports (docs/reports.md): a project's quarterly or final
// report to the donor and the annual cooperation chapter, drafts
// counted, in the language asked for (?lang=az|en|ru) and as HTML, PDF
// or CSV (?format=html|pdf|csv).

func (a *Admin) registerReports(rt *auth.Router) {
	rt.HandleFunc("GET /admin/reports", auth.Viewers, a.reportsPage)
	rt.HandleFunc("GET /admin/reports/projects/{id}", auth.Viewers, a.projectReport)
	rt.HandleFunc("GET /admin/reports/annual/{year}", auth.Viewers, a.annualReport)
}

// reportsData is what reports.html receives: the annual chapters, and
// one page of the projects whose reports can be opened, found by the
// words of their title or reference, their year, instrument or partner.
type reportsData struct {
	Years       []int
	Projects    []registry.Project
	Langs       []option
	Query       url.Values
	Partners    []option // cooperation pages, by slug
	Instruments []option
	Total       int
	Page, Pages int
	From, To    int
}

// PageLink is the address of another page of the projects, with the
// same filters.
func (d reportsData) PageLink(n int) string {
	q := url.Values{}
	for k, v := range d.Query {
		if k != "page" {
			q[k] = v
		}
	}
	q.Set("page", strconv.Itoa(n))
	return "/admin/reports?" + q.Encode() + "#projects"
}

// reportProjectsPerPage is how many projects the reports page lists at
// a time; every project is reached by paging or by the filters.
const reportProjectsPerPage = 50

func (a *Admin) reportsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := reportsData{Query: q, Langs: []option{{"en", "English"}, {"az", "Azərbaycanca"}, {"ru", "Русский"}}}
	for _, in := range registry.Instruments {
		d.Instruments = append(d.Instruments, option{string(in), instrumentLabel(string(in))})
	}
	// The filters are those of the workspace's lists: what is not one
	// of their values is left out, as there.
	f := store.Filter{Desc: true, Limit: reportProjectsPerPage, Q: q.Get("q")}
	if words := []rune(f.Q); len(words) > maxListQuery {
		f.Q = string(words[:maxListQuery])
	}
	if v := q.Get("instrument"); slices.Contains(registry.Instruments, registry.Instrument(v)) {
		f.Instrument = v
	}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= report.MinYear && y <= report.MaxYear {
		f.Year = y
	}
	pageNo, _ := strconv.Atoi(q.Get("page"))
	d.Page = min(max(pageNo, 1), maxListPage)
	f.Offset = (d.Page - 1) * reportProjectsPerPage
	ctx := r.Context()
	err := a.st.View(ctx, func(rd *store.Reader) error {
		partners, err := rd.Partnerships(ctx, store.Filter{Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		for _, ps := range partners.Items {
			d.Partners = append(d.Partners, option{ps.Slug, ps.Title.String()})
			if ps.Slug == q.Get("partner") {
				// A partner's projects are those it or one of its
				// sub-bodies funds, as on its cooperation page.
				if f.Partner, err = rd.InstitutionTree(ctx, ps.PartnerID); err != nil {
					return err
				}
			}
		}
		page, err := rd.Projects(ctx, f)
		if err != nil {
			return err
		}
		d.Projects = page.Items
		all := f
		all.Offset = 0
		d.Total, err = rd.CountProjects(ctx, all)
		return err
	})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d.Pages = (d.Total + reportProjectsPerPage - 1) / reportProjectsPerPage
	d.From, d.To = f.Offset+1, f.Offset+len(d.Projects)
	for y := a.now().Year(); y >= a.now().Year()-15; y-- {
		d.Years = append(d.Years, y)
	}
	a.render(w, r, http.StatusOK, "reports", "Reports", d)
}

// reportFormat reads ?lang and ?format; "" with a message when either
// is not one the reports are written in.
func reportFormat(q url.Values) (lang, format string, err error) {
	lang, format = q.Get("lang"), q.Get("format")
	if lang == "" {
		lang = "en"
	}
	if format == "" {
		format = "html"
	}
	if err := report.CheckLang(lang); err != nil {
		return "", "", err
	}
	if format != "html" && format != "pdf" && format != "csv" {
		return "", "", registry.Invalid("format", format, "is not a format of the reports; expected html, pdf or csv")
	}
	return lang, format, nil
}

func (a *Admin) projectReport(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		a.reportFailed(w, r, registry.ErrNotFound)
		return
	}
	lang, format, err := reportFormat(r.URL.Query())
	if err != nil {
		a.reportFailed(w, r, err)
		return
	}
	period := r.URL.Query().Get("period")
	if period == "" {
		period = report.Final
	}
	d, err := report.Project(r.Context(), a.st, report.ProjectQuery{ProjectID: id, Period: period, Lang: lang, Now: a.now()})
	if err != nil {
		a.reportFailed(w, r, err)
		return
	}
	base := fmt.Sprintf("/admin/reports/projects/%d?period=%s&lang=%s", id, url.QueryEscape(period), lang)
	a.serveReport(w, r, d, format, base, fmt.Sprintf("/admin/projects/%d", id))
}

func (a *Admin) annualReport(w http.ResponseWriter, r *http.Request) {
	year, err := report.ParseYear(r.PathValue("year"))
	if err != nil {
		a.reportFailed(w, r, err)
		return
	}
	lang, format, err := reportFormat(r.URL.Query())
	if err != nil {
		a.reportFailed(w, r, err)
		return
	}
	d, err := report.Annual(r.Context(), a.st, report.AnnualQuery{Year: year, Lang: lang, Now: a.now()})
	if err != nil {
		a.reportFailed(w, r, err)
		return
	}
	a.serveReport(w, r, d, format, fmt.Sprintf("/admin/reports/annual/%d?lang=%s", year, lang), "/admin/reports")
}

// serveReport writes the report in the format asked for; the HTML links
// to the other two.
func (a *Admin) serveReport(w http.ResponseWriter, r *http.Request, d *report.Document, format, base, back string) {
	opt, err := report.Opened(d.Lang, back, base+"&format=pdf", base+"&format=csv")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	out, err := d.Render(format, opt)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out.Send(w)
}

// reportFailed answers bad input with 400 naming what is wrong, an
// unknown record with 404, and anything else as the workspace does.
func (a *Admin) reportFailed(w http.ResponseWriter, r *http.Request, err error) {
	var ve *registry.ValidationError
	switch {
	case errors.As(err, &ve):
		http.Error(w, ve.Error(), http.StatusBadRequest)
	case errors.Is(err, registry.ErrNotFound):
		http.Error(w, "There is no such record.", http.StatusNotFound)
	default:
		a.fail(w, r, err)
	}
}
