package portal

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"github.com/liaison-registry/liaison/internal/auth"

	"github.com/liaison-registry/liaison/internal/versioned"
)

// Rendered public pages are kept for as long as the registry does not
// change (package versioned). A page is drawn from the registry, the
// language, the address it is asked at and today's date (for "ongoing"
// and "completed"), and nothing of the reader: the same request gets the
// same bytes until a record or the site's settings change. On a
// network's registry the cooperation page costs 30-40 ms to draw from a
// few dozen queries, a search 10-30 ms; kept, either costs one query for
// the registry's version. Searches are kept too: the same words are asked
// again and again (names, a partner, a year), and a search page is a few
// tens of kilobytes.

type cachedPage struct {
	status int
	header http.Header
	body   []byte
}

// maxCachedBytes bounds the pages kept, all together.
const maxCachedBytes = 16 << 20

func newPageCache(grace, behind time.Duration, now func() time.Time) *versioned.Cache[*cachedPage] {
	return versioned.New(maxCachedBytes, func(p *cachedPage) int { return len(p.body) }).WithGrace(grace, now).WithRedrawBehind(behind)
}

// pageRecorder holds a response until it is known whether to keep it.
type pageRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *pageRecorder) Header() http.Header { return r.header }

func (r *pageRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *pageRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

func (p *cachedPage) writeTo(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range p.header {
		h[k] = v
	}
	w.WriteHeader(p.status)
	w.Write(p.body)
}

// cached serves a page from the cache when the registry has not changed
// since it was drawn (or it was drawn within the portal's grace), else
// draws it with next (once for all who ask together) and keeps it when
// it is a success of a reasonable size. Signed-in staff are not served
// within the grace: whoever has just published sees it published.
func (p *Portal) cached(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		version, err := p.st.RegistryVersion(r.Context())
		if err != nil {
			next(w, r) // the page will say what is wrong
			return
		}
		key := p.origin(r) + "\x00" + r.URL.Path + "?" + r.URL.RawQuery + "\x00" + p.now().Format("2006-01-02")
		do := p.pages.Do
		if auth.From(r.Context()).User != nil {
			do = p.pages.DoCurrent
		}
		page, _ := do(version, key, func() (*cachedPage, bool, error) {
			// Drawn for all who wait: one of them going away does not
			// end it.
			rec := &pageRecorder{header: http.Header{}}
			next(rec, r.WithContext(context.WithoutCancel(r.Context())))
			page := &cachedPage{status: rec.status, header: rec.header, body: rec.body.Bytes()}
			if page.status == 0 {
				page.status = http.StatusOK
			}
			return page, page.status == http.StatusOK, nil
		})
		page.writeTo(w)
	}
}
