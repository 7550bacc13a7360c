package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/slug"
)

const institutionColumns = "id, slug, status, version, name, acronym, kind, country, parent_id, website, iati_ref"

func institutionDest(in *registry.Institution) []any {
	return []any{&in.ID, &in.Slug, &in.Status, &in.Version, textCol{&in.Name}, &in.Acronym, &in.Kind, &in.Country, idCol{&in.ParentID}, &in.Website, &in.IATIRef}
}

// Institution returns one institution.
func (c Reader) Institution(ctx context.Context, id int64) (*registry.Institution, error) {
	var in registry.Institution
	err := c.q.QueryRowContext(ctx, "SELECT "+institutionColumns+" FROM institutions WHERE id = $1", id).Scan(institutionDest(&in)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, registry.ErrNotFound
	}
	return &in, err
}

// Institutions lists institutions by name. Filters: Kind, Country.
func (c Reader) Institutions(ctx context.Context, f Filter) (Page[registry.Institution], error) {
	w := institutionWhere(f)
	col := sortColumn(f, "sort_key", map[string]string{"name": "sort_key", "updated": "updated_at"})
	order := w.keyset(f, col, "id")
	rows, err := c.q.QueryContext(ctx, "SELECT "+col+", id, "+institutionColumns+" FROM institutions"+w.String()+order, w.args...)
	if err != nil {
		return Page[registry.Institution]{}, err
	}
	return scanPage(rows, f, institutionDest)
}

// CountInstitutions counts what Institutions would list.
func (c Reader) CountInstitutions(ctx context.Context, f Filter) (int, error) {
	return c.count(ctx, "institutions", institutionWhere(f))
}

func institutionWhere(f Filter) where {
	var w where
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.Country != "" {
		w.add("country = ?", f.Country)
	}
	if f.InstitutionID != 0 {
		w.add("parent_id = ?", f.InstitutionID)
	}
	w.common(f, "name", "acronym", "slug")
	return w
}

// InstitutionsByID loads the institutions with these ids.
func (c Reader) InstitutionsByID(ctx context.Context, ids []int64) (map[int64]*registry.Institution, error) {
	list, err := byIDs(ctx, c, institutions, institutionColumns, ids, institutionDest)
	out := make(map[int64]*registry.Institution, len(list))
	for _, in := range list {
		out[in.ID] = in
	}
	return out, err
}

// InstitutionTree returns the id of the institution and of every
// institution below it (its regional offices, an EU body's agencies).
func (c Reader) InstitutionTree(ctx context.Context, root int64) ([]int64, error) {
	return c.queryIDs(ctx, `WITH RECURSIVE tree (id) AS (
		SELECT id FROM institutions WHERE id = $1
		UNION SELECT i.id FROM institutions i JOIN tree t ON i.parent_id = t.id)
		SELECT id FROM tree ORDER BY id`, root)
}

// CreateInstitution adds an institution; in.ID and in.Slug are set.
func (tx *Tx) CreateInstitution(ctx context.Context, in *registry.Institution) ([]registry.FieldError, error) {
	return tx.saveInstitution(ctx, in, true)
}

// UpdateInstitution replaces the institution with id in.ID.
func (tx *Tx) UpdateInstitution(ctx context.Context, in *registry.Institution) ([]registry.FieldError, error) {
	return tx.saveInstitution(ctx, in, false)
}

func (tx *Tx) saveInstitution(ctx context.Context, in *registry.Institution, create bool) ([]registry.FieldError, error) {
	before, err := prepare(ctx, tx, institutions, in, create, tx.Institution)
	if err != nil {
		return nil, err
	}
	r := registry.NewReport()
	in.Check(r)
	if err := tx.checkRefs(ctx, r, []ref{{"parent_id", institutions, in.ParentID}}); err != nil {
		return nil, err
	}
	if r.OK() && in.ParentID != 0 && in.ID != 0 {
		if err := tx.checkNoCycle(ctx, r, in.ID, in.ParentID); err != nil {
			return nil, err
		}
	}
	if err := tx.assignSlug(ctx, r, institutions, in.ID, &in.Slug, in.Name.String()); err != nil {
		return nil, err
	}
	if err := r.Err(); err != nil {
		return *r.Warnings, err
	}
	if unchanged(before, in) {
		return *r.Warnings, nil
	}
	err = writeRecord(ctx, tx, institutions, in, before,
		[]string{"slug", "name", "sort_key", "acronym", "kind", "country", "parent_id", "website", "iati_ref"},
		[]any{in.Slug, textArg(in.Name), slug.Make(in.Name.String()), in.Acronym, in.Kind, in.Country, idArg(in.ParentID), in.Website, in.IATIRef})
	if err != nil {
		return nil, err
	}
	return *r.Warnings, logChange(ctx, tx, institutions, before, in)
}

// checkNoCycle refuses a parent that is the institution itself or below it.
func (c Reader) checkNoCycle(ctx context.Context, r *registry.Report, id, parent int64) error {
	below, err := c.InstitutionTree(ctx, id)
	if err != nil {
		return err
	}
	for _, b := range below {
		if b == parent {
			r.Error("parent_id", parent, "is institution %d itself or one of its own sub-institutions; a parent must be above it", id)
		}
	}
	return nil
}

// DeleteInstitution deletes an institution nothing refers to.
func (tx *Tx) DeleteInstitution(ctx context.Context, id int64) error {
	return deleteRecord(ctx, tx, institutions, id, []holder{
		{"SELECT id FROM institutions WHERE parent_id = $1", "institution"},
		{"SELECT DISTINCT person_id FROM affiliations WHERE institution_id = $1", "person"},
		{"SELECT id FROM programmes WHERE owner_id = $1", "programme"},
		{"SELECT id FROM partnerships WHERE partner_id = $1", "partnership"},
		{"SELECT id FROM projects WHERE funder_id = $1 OR beneficiary_id = $1 OR id IN (SELECT project_id FROM project_partners WHERE institution_id = $1)", "project"},
		{"SELECT id FROM events WHERE funder_id = $1 OR id IN (SELECT event_id FROM participants WHERE institution_id = $1)", "event"},
		{"SELECT id FROM publications WHERE publisher_id = $1", "publication"},
	}, tx.Institution)
}

func dedupe(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// InstitutionByIATIRef returns the institution with that IATI
// organisation identifier, or registry.ErrNotFound.
func (c Reader) InstitutionByIATIRef(ctx context.Context, ref string) (*registry.Institution, error) {
	var in registry.Institution
	err := c.q.QueryRowContext(ctx, "SELECT "+institutionColumns+" FROM institutions WHERE iati_ref = $1 ORDER BY id LIMIT 1", ref).Scan(institutionDest(&in)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, registry.ErrNotFound
	}
	return &in, err
}
