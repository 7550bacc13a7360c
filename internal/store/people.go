package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/slug"
)

const personColumns = "id, slug, status, version, honorific, given_name, family_name, display_name"

func personDest(p *registry.Person) []any {
	return []any{&p.ID, &p.Slug, &p.Status, &p.Version, &p.Honorific, &p.GivenName, &p.FamilyName, textCol{&p.DisplayName}}
}

// Person returns one person with their affiliations.
func (c Reader) Person(ctx context.Context, id int64) (*registry.Person, error) {
	var p registry.Person
	err := c.q.QueryRowContext(ctx, "SELECT "+personColumns+" FROM people WHERE id = $1", id).Scan(personDest(&p)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, registry.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	list := []*registry.Person{&p}
	return &p, c.loadAffiliations(ctx, list)
}

// People lists people by family name. Filters: Country (of an institution
// they are or were affiliated with).
func (c Reader) People(ctx context.Context, f Filter) (Page[registry.Person], error) {
	w := personWhere(f)
	col := sortColumn(f, "sort_key", map[string]string{"name": "sort_key", "updated": "updated_at"})
	order := w.keyset(f, col, "id")
	rows, err := c.q.QueryContext(ctx, "SELECT "+col+", id, "+personColumns+" FROM people"+w.String()+order, w.args...)
	if err != nil {
		return Page[registry.Person]{}, err
	}
	page, err := scanPage(rows, f, personDest)
	if err != nil {
		return page, err
	}
	return page, c.loadAffiliations(ctx, pointers(page.Items))
}

// CountPeople counts what People would list.
func (c Reader) CountPeople(ctx context.Context, f Filter) (int, error) {
	return c.count(ctx, "people", personWhere(f))
}

func personWhere(f Filter) where {
	var w where
	if f.Country != "" {
		w.add("id IN (SELECT a.person_id FROM affiliations a JOIN institutions i ON i.id = a.institution_id WHERE i.country = ?)", f.Country)
	}
	if f.InstitutionID != 0 {
		w.add("id IN (SELECT person_id FROM affiliations WHERE institution_id = ?)", f.InstitutionID)
	}
	w.common(f, "given_name || ' ' || family_name", "slug")
	return w
}

// PeopleByID loads the people with these ids, with their affiliations.
func (c Reader) PeopleByID(ctx context.Context, ids []int64) (map[int64]*registry.Person, error) {
	list, err := byIDs(ctx, c, people, personColumns, ids, personDest)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*registry.Person, len(list))
	for _, p := range list {
		out[p.ID] = p
	}
	return out, c.loadAffiliations(ctx, list)
}

// loadAffiliations fills in the affiliations of people in one query per
// chunk, not one per person.
func (c Reader) loadAffiliations(ctx context.Context, list []*registry.Person) error {
	byID := map[int64]*registry.Person{}
	ids := make([]int64, 0, len(list))
	for _, p := range list {
		byID[p.ID] = p
		p.Affiliations = nil
		ids = append(ids, p.ID)
	}
	for _, part := range chunks(ids, maxParams) {
		rows, err := c.q.QueryContext(ctx, `SELECT person_id, institution_id, role, start_date, end_date FROM affiliations
			WHERE person_id IN (`+placeholders(1, len(part))+`) ORDER BY person_id, position`, int64Args(part)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var pid int64
			var a registry.Affiliation
			if err := rows.Scan(&pid, &a.InstitutionID, textCol{&a.Role}, dateCol{&a.From}, dateCol{&a.To}); err != nil {
				rows.Close()
				return err
			}
			byID[pid].Affiliations = append(byID[pid].Affiliations, a)
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) CreatePerson(ctx context.Context, p *registry.Person) ([]registry.FieldError, error) {
	return tx.savePerson(ctx, p, true)
}

func (tx *Tx) UpdatePerson(ctx context.Context, p *registry.Person) ([]registry.FieldError, error) {
	return tx.savePerson(ctx, p, false)
}

func (tx *Tx) savePerson(ctx context.Context, p *registry.Person, create bool) ([]registry.FieldError, error) {
	before, err := prepare(ctx, tx, people, p, create, tx.Person)
	if err != nil {
		return nil, err
	}
	r := registry.NewReport()
	p.Check(r)
	var refs []ref
	for i, a := range p.Affiliations {
		refs = append(refs, ref{fmt.Sprintf("affiliations[%d].institution_id", i), institutions, a.InstitutionID})
	}
	if err := tx.checkRefs(ctx, r, refs); err != nil {
		return nil, err
	}
	if err := tx.assignSlug(ctx, r, people, p.ID, &p.Slug, p.Name()); err != nil {
		return nil, err
	}
	if err := r.Err(); err != nil {
		return *r.Warnings, err
	}
	if unchanged(before, p) {
		return *r.Warnings, nil
	}
	err = writeRecord(ctx, tx, people, p, before, []string{"slug", "honorific", "given_name", "family_name", "display_name", "sort_key"},
		[]any{p.Slug, p.Honorific, p.GivenName, p.FamilyName, textArg(p.DisplayName), slug.Make(p.FamilyName + " " + p.GivenName)})
	if err != nil {
		return nil, err
	}
	rows := make([][]any, len(p.Affiliations))
	for i, a := range p.Affiliations {
		rows[i] = []any{p.ID, i, a.InstitutionID, textArg(a.Role), a.From.String(), a.To.String()}
	}
	if err := tx.replaceRows(ctx, "affiliations", "person_id", p.ID, before == nil,
		[]string{"person_id", "position", "institution_id", "role", "start_date", "end_date"}, rows); err != nil {
		return nil, err
	}
	return *r.Warnings, logChange(ctx, tx, people, before, p)
}

// DeletePerson deletes a person who took part in no event.
func (tx *Tx) DeletePerson(ctx context.Context, id int64) error {
	return deleteRecord(ctx, tx, people, id, []holder{
		{"SELECT DISTINCT event_id FROM participants WHERE person_id = $1", "event"},
	}, tx.Person)
}

func pointers[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}
