package portal

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/store"
)

// The sitemap lists every public page in every language, each with its
// translations as hreflang alternates. It is an index of files of at most
// sitemapPage records each (three URLs a record), within the sitemaps
// protocol's limit of 50,000 URLs a file.

const sitemapPage = 10000

var sitemapKinds = []struct{ noun, path string }{
	{"project", "projects"}, {"event", "events"}, {"person", "people"}, {"institution", "institutions"},
}

func (p *Portal) sitemapIndex(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	origin := p.origin(r)
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	bw.WriteString(xml.Header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	fmt.Fprintf(bw, "<sitemap><loc>%s/sitemaps/pages.xml</loc></sitemap>\n", origin)
	for _, k := range sitemapKinds {
		n, err := p.st.CountPublished(ctx, k.noun)
		if err != nil {
			p.log.ErrorContext(ctx, "sitemap failed", "err", err)
			return
		}
		for i := 0; i*sitemapPage < n; i++ {
			fmt.Fprintf(bw, "<sitemap><loc>%s/sitemaps/%s-%d.xml</loc></sitemap>\n", origin, k.path, i+1)
		}
	}
	bw.WriteString("</sitemapindex>\n")
}

func (p *Portal) sitemap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	file := strings.TrimSuffix(r.PathValue("file"), ".xml")
	origin := p.origin(r)
	var paths []string
	if file == "pages" {
		// The figures' pages (figures.go) are in every language too.
		paths = append(paths, "/", "/timeline", "/publications", "/search", "/dashboard", "/timeline/projects")
		list, err := p.st.Partnerships(ctx, store.Filter{Status: published, Limit: store.MaxLimit})
		if err != nil {
			http.Error(w, "sitemap unavailable", http.StatusInternalServerError)
			return
		}
		for _, ps := range list.Items {
			paths = append(paths, "/cooperation/"+ps.Slug, "/cooperation/"+ps.Slug+"/summary")
		}
		years, err := p.st.Years(ctx)
		if err != nil {
			http.Error(w, "sitemap unavailable", http.StatusInternalServerError)
			return
		}
		for _, y := range years {
			paths = append(paths, "/timeline/"+strconv.Itoa(y.Year))
		}
	} else {
		kindPath, num, ok := strings.Cut(file, "-")
		n, err := strconv.Atoi(num)
		noun := ""
		for _, k := range sitemapKinds {
			if k.path == kindPath {
				noun = k.noun
			}
		}
		if !ok || err != nil || n < 1 || noun == "" {
			p.NotFound(w, r)
			return
		}
		slugs, err := p.st.PublishedSlugs(ctx, noun, (n-1)*sitemapPage, sitemapPage)
		if err != nil {
			http.Error(w, "sitemap unavailable", http.StatusInternalServerError)
			return
		}
		if len(slugs) == 0 {
			p.NotFound(w, r)
			return
		}
		for _, s := range slugs {
			paths = append(paths, "/"+kindPath+"/"+s)
		}
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	bw.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	for _, path := range paths {
		for _, lang := range locale.Languages {
			fmt.Fprintf(bw, "<url><loc>%s</loc>", xmlEscape(origin+"/"+lang+path))
			for _, alt := range locale.Languages {
				fmt.Fprintf(bw, `<xhtml:link rel="alternate" hreflang="%s" href="%s"/>`, alt, xmlEscape(origin+"/"+alt+path))
			}
			bw.WriteString("</url>\n")
		}
	}
	bw.WriteString("</urlset>\n")
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (p *Portal) robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "User-agent: *\nDisallow: /admin/\nDisallow: /api/\nDisallow: /*/search\nSitemap: %s/sitemap.xml\n", p.origin(r))
}
