package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/slug"
)

const programmeColumns = "id, slug, status, version, name, acronym, owner_id, description, start_date, end_date"

func programmeDest(p *registry.Programme) []any {
	return []any{&p.ID, &p.Slug, &p.Status, &p.Version, textCol{&p.Name}, &p.Acronym, idCol{&p.OwnerID}, textCol{&p.Description}, dateCol{&p.Start}, dateCol{&p.End}}
}

// Programme returns one programme.
func (c Reader) Programme(ctx context.Context, id int64) (*registry.Programme, error) {
	var p registry.Programme
	err := c.q.QueryRowContext(ctx, "SELECT "+programmeColumns+" FROM programmes WHERE id = $1", id).Scan(programmeDest(&p)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, registry.ErrNotFound
	}
	return &p, err
}

// Programmes lists programmes by name. Filters: Year (overlapping).
func (c Reader) Programmes(ctx context.Context, f Filter) (Page[registry.Programme], error) {
	w := programmeWhere(f)
	col := sortColumn(f, "sort_key", map[string]string{"name": "sort_key", "date": "start_date", "updated": "updated_at"})
	order := w.keyset(f, col, "id")
	rows, err := c.q.QueryContext(ctx, "SELECT "+col+", id, "+programmeColumns+" FROM programmes"+w.String()+order, w.args...)
	if err != nil {
		return Page[registry.Programme]{}, err
	}
	return scanPage(rows, f, programmeDest)
}

// CountProgrammes counts what Programmes would list.
func (c Reader) CountProgrammes(ctx context.Context, f Filter) (int, error) {
	return c.count(ctx, "programmes", programmeWhere(f))
}

func programmeWhere(f Filter) where {
	var w where
	if f.Year != 0 {
		w.yearRange("start_date", "end_date", f.Year)
	}
	w.common(f, "name", "acronym", "slug")
	return w
}

// ProgrammesByID loads the programmes with these ids.
func (c Reader) ProgrammesByID(ctx context.Context, ids []int64) (map[int64]*registry.Programme, error) {
	list, err := byIDs(ctx, c, programmes, programmeColumns, ids, programmeDest)
	out := make(map[int64]*registry.Programme, len(list))
	for _, g := range list {
		out[g.ID] = g
	}
	return out, err
}

func (tx *Tx) CreateProgramme(ctx context.Context, p *registry.Programme) ([]registry.FieldError, error) {
	return tx.saveProgramme(ctx, p, true)
}

func (tx *Tx) UpdateProgramme(ctx context.Context, p *registry.Programme) ([]registry.FieldError, error) {
	return tx.saveProgramme(ctx, p, false)
}

func (tx *Tx) saveProgramme(ctx context.Context, p *registry.Programme, create bool) ([]registry.FieldError, error) {
	before, err := prepare(ctx, tx, programmes, p, create, tx.Programme)
	if err != nil {
		return nil, err
	}
	r := registry.NewReport()
	p.Check(r)
	if err := tx.checkRefs(ctx, r, []ref{{"owner_id", institutions, p.OwnerID}}); err != nil {
		return nil, err
	}
	base := p.Acronym
	if base == "" {
		base = p.Name.String()
	}
	if err := tx.assignSlug(ctx, r, programmes, p.ID, &p.Slug, base); err != nil {
		return nil, err
	}
	if err := r.Err(); err != nil {
		return *r.Warnings, err
	}
	if unchanged(before, p) {
		return *r.Warnings, nil
	}
	err = writeRecord(ctx, tx, programmes, p, before,
		[]string{"slug", "name", "sort_key", "acronym", "owner_id", "description", "start_date", "end_date"},
		[]any{p.Slug, textArg(p.Name), slug.Make(p.Name.String()), p.Acronym, idArg(p.OwnerID), textArg(p.Description), p.Start.String(), p.End.String()})
	if err != nil {
		return nil, err
	}
	return *r.Warnings, logChange(ctx, tx, programmes, before, p)
}

// DeleteProgramme deletes a programme no project or partnership names.
func (tx *Tx) DeleteProgramme(ctx context.Context, id int64) error {
	return deleteRecord(ctx, tx, programmes, id, []holder{
		{"SELECT DISTINCT partnership_id FROM partnership_programmes WHERE programme_id = $1", "partnership"},
		{"SELECT DISTINCT project_id FROM project_programmes WHERE programme_id = $1", "project"},
	}, tx.Programme)
}

// idList reads a child table of ordered ids (programme_ids and the like)
// for several owners at once.
func (c Reader) idList(ctx context.Context, table, ownerCol, valueCol string, owners []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	for _, part := range chunks(owners, maxParams) {
		rows, err := c.q.QueryContext(ctx, fmt.Sprintf("SELECT %s, %s FROM %s WHERE %s IN (%s) ORDER BY %s, position",
			ownerCol, valueCol, table, ownerCol, placeholders(1, len(part)), ownerCol), int64Args(part)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var owner, v int64
			if err := rows.Scan(&owner, &v); err != nil {
				rows.Close()
				return nil, err
			}
			out[owner] = append(out[owner], v)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// replaceIDList rewrites an owner's ordered list of ids.
func (c Reader) replaceIDList(ctx context.Context, table, ownerCol, valueCol string, owner int64, ids []int64) error {
	if _, err := c.q.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE %s = $1", table, ownerCol), owner); err != nil {
		return err
	}
	for i, id := range ids {
		if _, err := c.q.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s (%s, position, %s) VALUES ($1, $2, $3)", table, ownerCol, valueCol), owner, i, id); err != nil {
			return err
		}
	}
	return nil
}
