package portal

import (
	"errors"
	"net/http"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/report"
)

// The public one-page summary of a partnership (docs/reports.md), from
// published records only: a page to print, its PDF and its figures as
// CSV, linked from the cooperation page.

func (p *Portal) registerReports(mux *auth.Router, lang string) {
	base := "GET /" + lang + "/cooperation/{partner}/"
	mux.HandleFunc(base+"summary", auth.Anyone, p.partnerSummary("html"))
	mux.HandleFunc(base+"summary.pdf", auth.Anyone, p.partnerSummary("pdf"))
	mux.HandleFunc(base+"summary.csv", auth.Anyone, p.partnerSummary("csv"))
}

func (p *Portal) partnerSummary(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		t := p.cat.tr(langOf(r))
		slug := r.PathValue("partner")
		d, err := report.Partner(r.Context(), p.st, report.PartnerQuery{Slug: slug, Lang: t.lang, Now: p.now()})
		switch {
		case errors.Is(err, registry.ErrNotFound):
			p.renderError(w, r, t, http.StatusNotFound, t.S("error.not_found"))
			return
		case err != nil:
			p.log.ErrorContext(r.Context(), "partner summary failed", "path", r.URL.Path, "err", err)
			p.renderError(w, r, t, http.StatusInternalServerError, t.S("error.ours"))
			return
		}
		page := "/" + t.lang + "/cooperation/" + slug
		opt, err := report.Opened(t.lang, page, page+"/summary.pdf", page+"/summary.csv")
		var out *report.Rendered
		if err == nil {
			opt.Public = true
			out, err = d.Render(format, opt)
		}
		if err != nil {
			p.log.ErrorContext(r.Context(), "partner summary failed", "path", r.URL.Path, "err", err)
			p.renderError(w, r, t, http.StatusInternalServerError, t.S("error.ours"))
			return
		}
		if out.Download == "" {
			w.Header().Set("Content-Language", t.lang)
		}
		out.Send(w)
	}
}
