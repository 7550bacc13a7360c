package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/liaison-registry/liaison/internal/registry"
)

const partnershipColumns = "id, slug, status, version, partner_id, title, introduction"

func partnershipDest(p *registry.Partnership) []any {
	return []any{&p.ID, &p.Slug, &p.Status, &p.Version, &p.PartnerID, textCol{&p.Title}, textCol{&p.Introduction}}
}

// Partnership returns one partnership.
func (c Reader) Partnership(ctx context.Context, id int64) (*registry.Partnership, error) {
	return c.partnershipWhere(ctx, "id = $1", id)
}

// PartnershipBySlug returns the partnership at /cooperation/{slug}.
func (c Reader) PartnershipBySlug(ctx context.Context, s string) (*registry.Partnership, error) {
	return c.partnershipWhere(ctx, "slug = $1", s)
}

func (c Reader) partnershipWhere(ctx context.Context, cond string, arg any) (*registry.Partnership, error) {
	var p registry.Partnership
	err := c.q.QueryRowContext(ctx, "SELECT "+partnershipColumns+" FROM partnerships WHERE "+cond, arg).Scan(partnershipDest(&p)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, registry.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	lists, err := c.idList(ctx, "partnership_programmes", "partnership_id", "programme_id", []int64{p.ID})
	p.ProgrammeIDs = lists[p.ID]
	return &p, err
}

// Partnerships lists partnerships by slug.
func (c Reader) Partnerships(ctx context.Context, f Filter) (Page[registry.Partnership], error) {
	w := partnershipWhere(f)
	col := sortColumn(f, "slug", map[string]string{"name": "slug", "updated": "updated_at"})
	order := w.keyset(f, col, "id")
	rows, err := c.q.QueryContext(ctx, "SELECT "+col+", id, "+partnershipColumns+" FROM partnerships"+w.String()+order, w.args...)
	if err != nil {
		return Page[registry.Partnership]{}, err
	}
	page, err := scanPage(rows, f, partnershipDest)
	if err != nil {
		return page, err
	}
	ids := make([]int64, len(page.Items))
	for i, p := range page.Items {
		ids[i] = p.ID
	}
	lists, err := c.idList(ctx, "partnership_programmes", "partnership_id", "programme_id", ids)
	for i := range page.Items {
		page.Items[i].ProgrammeIDs = lists[page.Items[i].ID]
	}
	return page, err
}

// CountPartnerships counts what Partnerships would list.
func (c Reader) CountPartnerships(ctx context.Context, f Filter) (int, error) {
	return c.count(ctx, "partnerships", partnershipWhere(f))
}

func partnershipWhere(f Filter) where {
	var w where
	w.common(f, "title", "slug")
	return w
}

func (tx *Tx) CreatePartnership(ctx context.Context, p *registry.Partnership) ([]registry.FieldError, error) {
	return tx.savePartnership(ctx, p, true)
}

func (tx *Tx) UpdatePartnership(ctx context.Context, p *registry.Partnership) ([]registry.FieldError, error) {
	return tx.savePartnership(ctx, p, false)
}

func (tx *Tx) savePartnership(ctx context.Context, p *registry.Partnership, create bool) ([]registry.FieldError, error) {
	before, err := prepare(ctx, tx, partnerships, p, create, tx.Partnership)
	if err != nil {
		return nil, err
	}
	r := registry.NewReport()
	p.Check(r)
	refs := []ref{{"partner_id", institutions, p.PartnerID}}
	for i, id := range p.ProgrammeIDs {
		refs = append(refs, ref{fmt.Sprintf("programme_ids[%d]", i), programmes, id})
	}
	if err := tx.checkRefs(ctx, r, refs); err != nil {
		return nil, err
	}
	if err := tx.assignSlug(ctx, r, partnerships, p.ID, &p.Slug, p.Title.String()); err != nil {
		return nil, err
	}
	if err := r.Err(); err != nil {
		return *r.Warnings, err
	}
	if unchanged(before, p) {
		return *r.Warnings, nil
	}
	err = writeRecord(ctx, tx, partnerships, p, before, []string{"slug", "partner_id", "title", "introduction"},
		[]any{p.Slug, p.PartnerID, textArg(p.Title), textArg(p.Introduction)})
	if err != nil {
		return nil, err
	}
	if err := tx.replaceIDList(ctx, "partnership_programmes", "partnership_id", "programme_id", p.ID, p.ProgrammeIDs); err != nil {
		return nil, err
	}
	return *r.Warnings, logChange(ctx, tx, partnerships, before, p)
}

// DeletePartnership deletes a partnership (its page goes with it).
func (tx *Tx) DeletePartnership(ctx context.Context, id int64) error {
	return deleteRecord(ctx, tx, partnerships, id, nil, tx.Partnership)
}
