package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/liaison-registry/liaison/internal/registry"
)

const publicationColumns = "id, slug, status, version, kind, venue, publisher_id, title, pub_date, link, item_count, summary"

func publicationDest(p *registry.Publication) []any {
	return []any{&p.ID, &p.Slug, &p.Status, &p.Version, &p.Kind, &p.Venue, idCol{&p.PublisherID}, textCol{&p.Title}, dateCol{&p.Date}, &p.Link, &p.ItemCount, textCol{&p.Summary}}
}

// Publication returns one publication.
func (c Reader) Publication(ctx context.Context, id int64) (*registry.Publication, error) {
	var p registry.Publication
	err := c.q.QueryRowContext(ctx, "SELECT "+publicationColumns+" FROM publications WHERE id = $1", id).Scan(publicationDest(&p)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, registry.ErrNotFound
	}
	return &p, err
}

// Publications lists publications by date. Filters: Year, Kind, Country
// (the publisher's), Partner (publishers).
func (c Reader) Publications(ctx context.Context, f Filter) (Page[registry.Publication], error) {
	col := sortColumn(f, "pub_date", map[string]string{"date": "pub_date", "updated": "updated_at"})
	query, args, err := c.listQuery(ctx, f, listSpec{table: "publications", columns: publicationColumns, where: publicationWhere}, col)
	if err != nil {
		return Page[registry.Publication]{}, err
	}
	rows, err := c.q.QueryContext(ctx, query, args...)
	if err != nil {
		return Page[registry.Publication]{}, err
	}
	return scanPage(rows, f, publicationDest)
}

// CountPublications counts the publications Publications would list.
func (c Reader) CountPublications(ctx context.Context, f Filter) (int, error) {
	return c.count(ctx, "publications", publicationWhere(f))
}

func publicationWhere(f Filter) where {
	var w where
	if f.Year != 0 {
		w.yearRange("pub_date", "pub_date", f.Year)
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.Country != "" {
		w.add("publisher_id IN (SELECT id FROM institutions WHERE country = ?)", f.Country)
	}
	if len(f.Partner) > 0 {
		w.add("publisher_id IN ("+repeat("?", len(f.Partner))+")", int64Args(f.Partner)...)
	}
	if f.InstitutionID != 0 {
		w.add("publisher_id = ?", f.InstitutionID)
	}
	w.common(f, "title", "venue", "slug")
	return w
}

func (tx *Tx) CreatePublication(ctx context.Context, p *registry.Publication) ([]registry.FieldError, error) {
	return tx.savePublication(ctx, p, true)
}

func (tx *Tx) UpdatePublication(ctx context.Context, p *registry.Publication) ([]registry.FieldError, error) {
	return tx.savePublication(ctx, p, false)
}

func (tx *Tx) savePublication(ctx context.Context, p *registry.Publication, create bool) ([]registry.FieldError, error) {
	before, err := prepare(ctx, tx, publications, p, create, tx.Publication)
	if err != nil {
		return nil, err
	}
	r := registry.NewReport()
	p.Check(r)
	if err := tx.checkRefs(ctx, r, []ref{{"publisher_id", institutions, p.PublisherID}}); err != nil {
		return nil, err
	}
	base := p.Venue + " " + p.Title.String()
	if err := tx.assignSlug(ctx, r, publications, p.ID, &p.Slug, base); err != nil {
		return nil, err
	}
	if err := r.Err(); err != nil {
		return *r.Warnings, err
	}
	if unchanged(before, p) {
		return *r.Warnings, nil
	}
	err = writeRecord(ctx, tx, publications, p, before,
		[]string{"slug", "kind", "venue", "publisher_id", "title", "pub_date", "link", "item_count", "summary"},
		[]any{p.Slug, p.Kind, p.Venue, idArg(p.PublisherID), textArg(p.Title), p.Date.String(), p.Link, p.ItemCount, textArg(p.Summary)})
	if err != nil {
		return nil, err
	}
	return *r.Warnings, logChange(ctx, tx, publications, before, p)
}

// DeletePublication deletes a publication.
func (tx *Tx) DeletePublication(ctx context.Context, id int64) error {
	return deleteRecord(ctx, tx, publications, id, []holder{
		{"SELECT id FROM documents WHERE owner_type = 'publication' AND owner_id = $1", "document"},
	}, tx.Publication)
}

// PublicationsByID loads the publications with these ids.
func (c Reader) PublicationsByID(ctx context.Context, ids []int64) (map[int64]*registry.Publication, error) {
	list, err := byIDs(ctx, c, publications, publicationColumns, ids, publicationDest)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*registry.Publication, len(list))
	for _, p := range list {
		out[p.ID] = p
	}
	return out, nil
}
