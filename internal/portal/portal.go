// Package portal renders the public pages: the cooperation page of each
// partnership and the lists behind it, server-side and complete without
// JavaScript.
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
	"strconv"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// lang is the only portal language until the translations arrive.
const lang = "en"

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// pages are the templates every portal must have; New fails without one.
var pages = []string{"home", "cooperation", "section", "error"}

// Portal serves the public pages.
type Portal struct {
	st        *store.Store
	now       func() time.Time
	log       *slog.Logger
	templates map[string]*template.Template
}

// New parses the templates once and checks that every page exists.
func New(st *store.Store, now func() time.Time, log *slog.Logger) (*Portal, error) {
	p := &Portal{st: st, now: now, log: log, templates: map[string]*template.Template{}}
	funcs := template.FuncMap{
		"add": func(a, b int) int { return a + b },
	}
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/parts.html")
	if err != nil {
		return nil, fmt.Errorf("portal templates: %w", err)
	}
	for _, name := range pages {
		t, err := template.Must(layout.Clone()).ParseFS(templateFiles, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("portal template %s: %w", name, err)
		}
		if t.Lookup("content") == nil || t.Lookup("title") == nil {
			return nil, fmt.Errorf("portal template %s must define \"title\" and \"content\"", name)
		}
		p.templates[name] = t
	}
	return p, nil
}

// Register adds the public routes: anyone may read them, and they show
// only published records to everyone.
func (p *Portal) Register(mux *auth.Router) {
	mux.Handle("GET /{$}", auth.Anyone, http.RedirectHandler("/"+lang+"/", http.StatusFound))
	// Each language has its own routes, rather than a {lang} wildcard,
	// so that other top-level paths (/admin/, /documents/) never clash.
	for _, l := range []string{lang} {
		mux.HandleFunc("GET /"+l+"/{$}", auth.Anyone, p.serve(p.home))
		mux.HandleFunc("GET /"+l+"/cooperation/{partner}", auth.Anyone, p.serve(p.cooperation))
		mux.HandleFunc("GET /"+l+"/cooperation/{partner}/{section}", auth.Anyone, p.serve(p.section))
	}
	static, _ := fs.Sub(staticFiles, "static")
	files := http.FileServerFS(static)
	mux.Handle("GET /static/{file}", auth.Anyone, http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})))
}

// view is what every template receives.
type view struct {
	Lang        string
	Title       string
	Description string
	Path        string
	Page        any
}

type pageFunc func(w http.ResponseWriter, r *http.Request) (name string, v view, err error)

func (p *Portal) serve(fn pageFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name, v, err := fn(w, r)
		if err != nil {
			switch {
			case errors.Is(err, registry.ErrNotFound):
				p.renderError(w, r, http.StatusNotFound, "There is no such page. It may have moved, or the address may be mistyped.")
			case errors.Is(err, errBadRequest):
				p.renderError(w, r, http.StatusBadRequest, strings.TrimPrefix(err.Error(), errBadRequest.Error()+": "))
			default:
				p.log.ErrorContext(r.Context(), "page failed", "path", r.URL.Path, "err", err)
				p.renderError(w, r, http.StatusInternalServerError, "Something went wrong on our side. Please try again in a moment.")
			}
			return
		}
		p.render(w, r, http.StatusOK, name, v)
	}
}

var errBadRequest = errors.New("bad request")

func (p *Portal) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	v.Lang = lang
	v.Path = r.URL.Path
	var buf bytes.Buffer
	if err := p.templates[name].ExecuteTemplate(&buf, "layout.html", v); err != nil {
		p.log.ErrorContext(r.Context(), "render failed", "template", name, "err", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// NotFound answers a request for a page that does not exist.
func (p *Portal) NotFound(w http.ResponseWriter, r *http.Request) {
	p.renderError(w, r, http.StatusNotFound, "There is no such page. It may have moved, or the address may be mistyped.")
}

func (p *Portal) renderError(w http.ResponseWriter, r *http.Request, status int, message string) {
	p.render(w, r, status, "error", view{Title: http.StatusText(status), Page: struct {
		Status  int
		Message string
	}{status, message}})
}

type homePage struct {
	Partnerships []homeEntry
}

type homeEntry struct {
	Slug, Title, Partner string
}

func (p *Portal) home(w http.ResponseWriter, r *http.Request) (string, view, error) {
	var page homePage
	err := p.st.View(r.Context(), func(rd *store.Reader) error {
		list, err := rd.Partnerships(r.Context(), store.Filter{Status: registry.Published, Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		var ids []int64
		for _, ps := range list.Items {
			ids = append(ids, ps.PartnerID)
		}
		insts, err := rd.InstitutionsByID(r.Context(), ids)
		if err != nil {
			return err
		}
		for _, ps := range list.Items {
			e := homeEntry{Slug: ps.Slug, Title: text(ps.Title)}
			if in := insts[ps.PartnerID]; in != nil {
				e.Partner = text(in.Name)
			}
			page.Partnerships = append(page.Partnerships, e)
		}
		return nil
	})
	return "home", view{Title: "International cooperation", Description: "The international cooperation of the office, partner by partner.", Page: page}, err
}

func (p *Portal) cooperation(w http.ResponseWriter, r *http.Request) (string, view, error) {
	page, err := p.loadCooperation(r.Context(), r.PathValue("partner"))
	if err != nil {
		return "", view{}, err
	}
	desc := page.Title
	if len(page.Intro) > 0 {
		desc = clipText(page.Intro[0], 200)
	}
	return "cooperation", view{Title: page.Title, Description: desc, Page: page}, nil
}

// text is a Text in the portal's language, or its fallback.
func text(t registry.Text) string {
	s, _ := t.In(lang)
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }

// clipText shortens prose to about n characters at a word boundary.
func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, ",;: ") + "…"
}
