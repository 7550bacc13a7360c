package portal_test

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// sitemapURL is a <url> of a sitemap with its hreflang alternates.
type sitemapURL struct {
	Loc   string `xml:"loc"`
	Links []struct {
		Rel      string `xml:"rel,attr"`
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	} `xml:"http://www.w3.org/1999/xhtml link"`
}

// The sitemap's pages file lists the figures' pages and each partner's
// summary in every language, each with its translations, and every page
// it lists answers and may be indexed.
func TestSitemapListsFiguresAndSummaries(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	_, index := get(t, srv.URL+"/sitemap.xml")
	if !strings.Contains(index, "<loc>"+srv.URL+"/sitemaps/pages.xml</loc>") {
		t.Fatalf("the sitemap index lacks the pages file:\n%s", index)
	}
	status, body := get(t, srv.URL+"/sitemaps/pages.xml")
	var set struct {
		URLs []sitemapURL `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &set); status != 200 || err != nil {
		t.Fatalf("the pages sitemap: %d %v", status, err)
	}
	byLoc := map[string]sitemapURL{}
	for _, u := range set.URLs {
		byLoc[u.Loc] = u
	}
	langs := []string{"az", "en", "ru"}
	for _, path := range []string{"/dashboard", "/timeline/projects", "/cooperation/eu/summary"} {
		for _, lang := range langs {
			loc := srv.URL + "/" + lang + path
			u, ok := byLoc[loc]
			if !ok {
				t.Errorf("the sitemap lacks %s", loc)
				continue
			}
			alternates := map[string]string{}
			for _, l := range u.Links {
				if l.Rel == "alternate" {
					alternates[l.Hreflang] = l.Href
				}
			}
			for _, alt := range langs {
				if alternates[alt] != srv.URL+"/"+alt+path {
					t.Errorf("%s: the %s alternate is %q", loc, alt, alternates[alt])
				}
			}
			status, page := get(t, loc)
			if status != http.StatusOK {
				t.Errorf("%s, listed in the sitemap: %d", loc, status)
			}
			if strings.Contains(page, `content="noindex`) {
				t.Errorf("%s, listed in the sitemap, is marked noindex", loc)
			}
		}
	}
}
