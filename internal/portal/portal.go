// Package portal renders the public site in Azerbaijani, English and
// Russian: the home page, one cooperation page per partner, a page for
// each project, event, person and institution, publications, a timeline
// by year and search. Pages are server-rendered and complete without
// JavaScript; they show published records only.
package portal

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/figures"
	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/versioned"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// pages are the templates every portal must have; New fails without one.
var pages = []string{"home", "cooperation", "section", "project", "event", "person", "institution", "publications", "timeline", "year", "search", "error", "dashboard", "gantt"}

// Portal serves the public pages.
type Portal struct {
	st        *store.Store
	now       func() time.Time
	pages     *versioned.Cache[*cachedPage] // rendered pages of the current registry version
	log       *slog.Logger
	origin    func(*http.Request) string
	cat       *catalog
	templates map[string]*template.Template
}

// Options configure the portal.
type Options struct {
	Now func() time.Time
	Log *slog.Logger
	// Origin is the site's public address ("https://registry.ombudsman.az")
	// for canonical links, hreflang and the sitemap.
	Origin func(*http.Request) string
	// PageGrace lets a page drawn less than this long ago be served to
	// the public after a write (versioned.Cache.WithGrace): under steady
	// writes a page is then drawn at most once per grace instead of after
	// every write. Staff signed in always see the registry as it is. 0 in
	// tests; `liaison serve --page-grace`.
	PageGrace time.Duration
	// PageRedrawBehind lets a public page past its grace, drawn less than
	// this long ago, be served while it is drawn again behind the
	// reader's back (versioned.Cache.WithRedrawBehind): readers do not wait
	// for drawings. 0 in tests; `liaison serve --page-redraw-behind`.
	PageRedrawBehind time.Duration
}

// New reads the catalogs and parses the templates once, checking that
// every page exists.
func New(st *store.Store, opt Options) (*Portal, error) {
	cat, err := loadCatalog()
	if err != nil {
		return nil, err
	}
	p := &Portal{st: st, pages: newPageCache(opt.PageGrace, opt.PageRedrawBehind, opt.Now), now: opt.Now, log: opt.Log, origin: opt.Origin, cat: cat, templates: map[string]*template.Template{}}
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/parts.html", "templates/figures-parts.html")
	if err == nil {
		layout, err = figures.ParseTemplate(layout)
	}
	if err != nil {
		return nil, fmt.Errorf("portal templates: %w", err)
	}
	for _, name := range pages {
		t, err := template.Must(layout.Clone()).ParseFS(templateFiles, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("portal template %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("portal template %s must define \"content\"", name)
		}
		p.templates[name] = t
	}
	return p, nil
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	// dict passes several values to a partial template.
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
}

// Register adds the public routes: anyone may read them. Each language has
// its own routes, rather than a {lang} wildcard, so that other top-level
// paths (/admin/, /documents/) never clash with them.
func (p *Portal) Register(mux *auth.Router) {
	mux.HandleFunc("GET /{$}", auth.Anyone, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Vary", "Accept-Language")
		http.Redirect(w, r, "/"+negotiate(r)+"/", http.StatusFound)
	})
	for _, l := range locale.Languages {
		mux.HandleFunc("GET /"+l+"/{$}", auth.Anyone, p.cached(p.serve(p.home)))
		mux.HandleFunc("GET /"+l+"/cooperation/{partner}", auth.Anyone, p.cached(p.serve(p.cooperation)))
		mux.HandleFunc("GET /"+l+"/cooperation/{partner}/{section}", auth.Anyone, p.cached(p.serve(p.section)))
		mux.HandleFunc("GET /"+l+"/projects/{slug}", auth.Anyone, p.cached(p.serve(p.projectPage)))
		mux.HandleFunc("GET /"+l+"/events/{slug}", auth.Anyone, p.cached(p.serve(p.eventPage)))
		mux.HandleFunc("GET /"+l+"/people/{slug}", auth.Anyone, p.cached(p.serve(p.personPage)))
		mux.HandleFunc("GET /"+l+"/institutions/{slug}", auth.Anyone, p.cached(p.serve(p.institutionPage)))
		mux.HandleFunc("GET /"+l+"/publications", auth.Anyone, p.cached(p.serve(p.publicationsPage)))
		mux.HandleFunc("GET /"+l+"/timeline", auth.Anyone, p.cached(p.serve(p.timeline)))
		mux.HandleFunc("GET /"+l+"/timeline/{year}", auth.Anyone, p.cached(p.serve(p.yearPage)))
		mux.HandleFunc("GET /"+l+"/search", auth.Anyone, p.cached(p.serve(p.searchPage)))
		mux.HandleFunc("GET /"+l+"/search/suggest", auth.Anyone, p.suggest)
		p.registerFigures(mux, l)
		p.registerReports(mux, l)
	}
	mux.HandleFunc("GET /sitemap.xml", auth.Anyone, p.sitemapIndex)
	mux.HandleFunc("GET /sitemaps/{file}", auth.Anyone, p.sitemap)
	mux.HandleFunc("GET /robots.txt", auth.Anyone, p.robots)
	static, _ := fs.Sub(staticFiles, "static")
	files := http.FileServerFS(static)
	mux.Handle("GET /static/{file}", auth.Anyone, http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})))
}

// Origin is the site's public address as the portal links to it
// ("https://registry.ombudsman.az"), for other public parts that link to
// the portal's pages (the feeds).
func (p *Portal) Origin(r *http.Request) string { return p.origin(r) }

// langOf is the portal language of a request, from its first segment.
func langOf(r *http.Request) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	for _, l := range locale.Languages {
		if first == l {
			return l
		}
	}
	return negotiate(r)
}

// view is what every page template receives.
type view struct {
	T           Tr
	Title       string
	Description string
	Path        string // the path without its language: "/events/x"
	Canonical   string
	Alternates  []alternate
	OGType      string
	Site        string
	Page        any
	Robots      string
}

type alternate struct {
	Lang, Label, URL string
	Current          bool
}

var languageNames = map[string]string{"az": "Azərbaycanca", "en": "English", "ru": "Русский"}

var ogLocales = map[string]string{"az": "az_AZ", "en": "en_GB", "ru": "ru_RU"}

// OGLocale is the page's OpenGraph locale.
func (v view) OGLocale() string { return ogLocales[v.T.lang] }

// OGAlternates are the other languages' OpenGraph locales.
func (v view) OGAlternates() []string {
	var out []string
	for _, l := range locale.Languages {
		if l != v.T.lang {
			out = append(out, ogLocales[l])
		}
	}
	return out
}

type pageFunc func(w http.ResponseWriter, r *http.Request, t Tr) (name string, v view, err error)

var errBadRequest = errors.New("bad request")

func (p *Portal) serve(fn pageFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		t := p.cat.tr(langOf(r))
		name, v, err := fn(w, r, t)
		if err != nil {
			switch {
			case errors.Is(err, registry.ErrNotFound):
				p.renderError(w, r, t, http.StatusNotFound, t.S("error.not_found"))
			case errors.Is(err, errBadRequest):
				p.renderError(w, r, t, http.StatusBadRequest, t.S("error.bad_page"))
			default:
				p.log.ErrorContext(r.Context(), "page failed", "path", r.URL.Path, "err", err)
				p.renderError(w, r, t, http.StatusInternalServerError, t.S("error.ours"))
			}
			return
		}
		p.render(w, r, t, http.StatusOK, name, v)
	}
}

func (p *Portal) render(w http.ResponseWriter, r *http.Request, t Tr, status int, name string, v view) {
	v.T = t
	rest := strings.TrimPrefix(r.URL.Path, "/"+t.lang)
	if !strings.HasPrefix(r.URL.Path, "/"+t.lang+"/") || rest == "" {
		rest = "/"
	}
	v.Path = rest
	origin := p.origin(r)
	query := ""
	if r.URL.RawQuery != "" && (name == "search" || name == "dashboard" || name == "gantt") {
		query = "?" + r.URL.RawQuery
	}
	for _, l := range locale.Languages {
		v.Alternates = append(v.Alternates, alternate{Lang: l, Label: languageNames[l], URL: "/" + l + rest + query, Current: l == t.lang})
	}
	v.Canonical = origin + "/" + t.lang + rest
	if v.OGType == "" {
		v.OGType = "website"
	}
	if v.Site == "" {
		v.Site = p.siteName(r, t)
	}
	if status != http.StatusOK || name == "search" {
		v.Robots = "noindex"
	}
	var buf bytes.Buffer
	if err := p.templates[name].ExecuteTemplate(&buf, "layout.html", v); err != nil {
		p.log.ErrorContext(r.Context(), "render failed", "template", name, "err", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", t.lang)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (p *Portal) renderError(w http.ResponseWriter, r *http.Request, t Tr, status int, message string) {
	p.render(w, r, t, status, "error", view{Title: http.StatusText(status), Page: struct {
		Status  int
		Message string
	}{status, message}})
}

// NotFound answers a request for a page that does not exist.
func (p *Portal) NotFound(w http.ResponseWriter, r *http.Request) {
	t := p.cat.tr(langOf(r))
	p.renderError(w, r, t, http.StatusNotFound, t.S("error.not_found"))
}

// siteName is the site's name in the reader's language: the one an admin
// set, or the home institution's.
func (p *Portal) siteName(r *http.Request, t Tr) string {
	s, err := p.st.Settings(r.Context())
	if err != nil {
		return t.S("site.name")
	}
	if n := t.Text(s.SiteName); n.Text != "" {
		return n.Text
	}
	if s.HomeInstitutionID != 0 {
		if in, err := p.st.Institution(r.Context(), s.HomeInstitutionID); err == nil && in.Status == registry.Published {
			return t.Text(in.Name).Text
		}
	}
	return t.S("site.name")
}
