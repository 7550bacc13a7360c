package portal

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// The cooperation page shows the most recent records of each section;
// these pages list all of them, in date order, a page at a time.
const sectionPageSize = 50

var sectionTitles = map[string]string{
	"events":       "Events",
	"study-visits": "Study visits",
	"projects":     "Projects",
	"publications": "Publications",
}

type sectionPage struct {
	Partnership  string
	PartnerSlug  string
	Section      string
	Heading      string
	Total        int
	Events       []*eventView
	Projects     []*projectView
	Publications []*publicationView
	Next         string
}

func (p *Portal) section(w http.ResponseWriter, r *http.Request) (string, view, error) {
	name := r.PathValue("section")
	heading, ok := sectionTitles[name]
	if !ok {
		return "", view{}, registry.ErrNotFound
	}
	after, err := store.DecodeCursor(r.URL.Query().Get("page"))
	if err != nil {
		return "", view{}, fmt.Errorf("%w: that page of the list does not exist; start again from the first page", errBadRequest)
	}
	var page *sectionPage
	err = p.st.View(r.Context(), func(rd *store.Reader) error {
		var err error
		page, err = p.loadSection(r.Context(), rd, r.PathValue("partner"), name, after)
		return err
	})
	if err != nil {
		return "", view{}, err
	}
	page.Heading = heading
	if page.Next != "" {
		page.Next = r.URL.Path + "?" + url.Values{"page": {page.Next}}.Encode()
	}
	title := heading + " · " + page.Partnership
	return "section", view{Title: title, Description: title, Page: page}, nil
}

func (p *Portal) loadSection(ctx context.Context, rd *store.Reader, slug, name string, after store.Cursor) (*sectionPage, error) {
	ps, err := publishedPartnership(ctx, rd, slug)
	if err != nil {
		return nil, err
	}
	scope, err := rd.InstitutionTree(ctx, ps.PartnerID)
	if err != nil {
		return nil, err
	}
	page := &sectionPage{Partnership: text(ps.Title), PartnerSlug: ps.Slug, Section: name}
	f := store.Filter{Partner: scope, Status: registry.Published, After: after, Limit: sectionPageSize}
	count := f
	count.After = store.Cursor{}
	l := &loader{ctx: ctx, r: rd, now: p.now(), base: "/" + lang + "/cooperation/" + ps.Slug}
	var next *store.Cursor
	switch name {
	case "events", "study-visits":
		if name == "study-visits" {
			f.Kind, count.Kind = string(registry.StudyVisit), string(registry.StudyVisit)
		} else {
			f.NotKind, count.NotKind = string(registry.StudyVisit), string(registry.StudyVisit)
		}
		list, err := rd.Events(ctx, f)
		if err != nil {
			return nil, err
		}
		if page.Total, err = rd.CountEvents(ctx, count); err != nil {
			return nil, err
		}
		l.wantEvents(list.Items)
		if err := l.load(); err != nil {
			return nil, err
		}
		for i := range list.Items {
			page.Events = append(page.Events, l.event(&list.Items[i]))
		}
		next = list.Next
	case "projects":
		list, err := rd.Projects(ctx, f)
		if err != nil {
			return nil, err
		}
		if page.Total, err = rd.CountProjects(ctx, count); err != nil {
			return nil, err
		}
		l.wantProjects(list.Items)
		if err := l.load(); err != nil {
			return nil, err
		}
		for i := range list.Items {
			page.Projects = append(page.Projects, l.project(&list.Items[i]))
		}
		next = list.Next
	case "publications":
		list, err := rd.Publications(ctx, f)
		if err != nil {
			return nil, err
		}
		if page.Total, err = rd.CountPublications(ctx, count); err != nil {
			return nil, err
		}
		l.wantPublications(list.Items)
		if err := l.load(); err != nil {
			return nil, err
		}
		for i := range list.Items {
			page.Publications = append(page.Publications, l.publication(&list.Items[i]))
		}
		next = list.Next
	}
	if next != nil {
		page.Next = next.Encode()
	}
	return page, nil
}
