package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/slug"
)

// recordType names a record type's table and how a message calls it.
type recordType struct {
	table string
	noun  string
}

var (
	institutions = recordType{"institutions", "institution"}
	people       = recordType{"people", "person"}
	programmes   = recordType{"programmes", "programme"}
	partnerships = recordType{"partnerships", "partnership"}
	projects     = recordType{"projects", "project"}
	events       = recordType{"events", "event"}
	publications = recordType{"publications", "publication"}
)

// ref is a field of a record that names another record.
type ref struct {
	field string
	to    recordType
	id    int64
}

// checkRefs reports every ref that names no existing record.
func (c Reader) checkRefs(ctx context.Context, r *registry.Report, refs []ref) error {
	wanted := map[recordType][]int64{}
	for _, rf := range refs {
		if rf.id > 0 && !slices.Contains(wanted[rf.to], rf.id) {
			wanted[rf.to] = append(wanted[rf.to], rf.id)
		}
	}
	found := map[recordType]map[int64]bool{}
	for t, ids := range wanted {
		found[t] = map[int64]bool{}
		for _, part := range chunks(ids, maxParams) {
			got, err := c.queryIDs(ctx, fmt.Sprintf("SELECT id FROM %s WHERE id IN (%s)", t.table, placeholders(1, len(part))), int64Args(part)...)
			if err != nil {
				return err
			}
			for _, id := range got {
				found[t][id] = true
			}
		}
	}
	for _, rf := range refs {
		if rf.id > 0 && !found[rf.to][rf.id] {
			r.Error(rf.field, rf.id, "names no %s; expected the id of an existing %s", rf.to.noun, rf.to.noun)
		}
	}
	return nil
}

// exists reports whether a record of type t has this id.
func (c Reader) exists(ctx context.Context, t recordType, id int64) (bool, error) {
	ids, err := c.queryIDs(ctx, fmt.Sprintf("SELECT id FROM %s WHERE id = $1", t.table), id)
	return len(ids) > 0, err
}

// prepareWrite checks that a create does not reuse an id and that an
// update has a record to change.
func (c Reader) prepareWrite(ctx context.Context, t recordType, id int64, create bool) error {
	if id < 0 {
		return registry.Invalid("id", id, "must be a positive number")
	}
	if id == 0 {
		if !create {
			return registry.ErrNotFound
		}
		return nil
	}
	ok, err := c.exists(ctx, t, id)
	switch {
	case err != nil:
		return err
	case create && ok:
		return &registry.ConflictError{Message: fmt.Sprintf("%s %d already exists", t.noun, id)}
	case !create && !ok:
		return registry.ErrNotFound
	}
	return nil
}

// assignSlug checks a slug the user gave, or derives a free one from base
// by adding -2, -3... when another record already has it.
func (c Reader) assignSlug(ctx context.Context, r *registry.Report, t recordType, id int64, s *string, base string) error {
	if *s != "" {
		if !slug.Valid(*s) {
			return nil // Check has reported it
		}
		owner, err := c.queryIDs(ctx, fmt.Sprintf("SELECT id FROM %s WHERE slug = $1", t.table), *s)
		if err != nil {
			return err
		}
		if len(owner) > 0 && owner[0] != id {
			r.Error("slug", *s, "is already used by %s %d; choose another", t.noun, owner[0])
		}
		return nil
	}
	if id != 0 {
		// An update without a slug keeps the one the record has, so that
		// its public address does not change behind the editor's back.
		var current string
		err := c.q.QueryRowContext(ctx, fmt.Sprintf("SELECT slug FROM %s WHERE id = $1", t.table), id).Scan(&current)
		if err == nil {
			*s = current
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	b := slug.Make(base)
	if b == "" {
		b = t.noun
	}
	b = strings.TrimRight(b[:min(len(b), slug.MaxLen-7)], "-")
	// Slugs sharing the base sort between base+"-" and base+"." (the next
	// byte), so the unique index finds them without a scan.
	rows, err := c.q.QueryContext(ctx, fmt.Sprintf("SELECT id, slug FROM %s WHERE slug = $1 OR (slug > $2 AND slug < $3)", t.table), b, b+"-", b+".")
	if err != nil {
		return err
	}
	defer rows.Close()
	taken, highest := false, 1
	for rows.Next() {
		var owner int64
		var other string
		if err := rows.Scan(&owner, &other); err != nil {
			return err
		}
		if owner == id {
			continue
		}
		if other == b {
			taken = true
			continue
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(other, b+"-")); err == nil && n > highest {
			highest = n
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	*s = b
	if taken || highest > 1 {
		*s = fmt.Sprintf("%s-%d", b, highest+1)
	}
	return nil
}

// holder is a query listing the records that refer to one record.
type holder struct {
	query string
	what  string
}

// refuseIfHeld returns a ConflictError naming what still refers to the
// record: the registry never cascades a delete to another record.
func (c Reader) refuseIfHeld(ctx context.Context, t recordType, id int64, holders []holder) error {
	var refs []string
	total := 0
	for _, h := range holders {
		ids, err := c.queryIDs(ctx, h.query, id)
		if err != nil {
			return err
		}
		total += len(ids)
		for _, other := range ids {
			if len(refs) < 10 {
				refs = append(refs, fmt.Sprintf("%s %d", h.what, other))
			}
		}
	}
	if total == 0 {
		return nil
	}
	if total > len(refs) {
		refs = append(refs, fmt.Sprintf("and %d more", total-len(refs)))
	}
	return &registry.ConflictError{
		Message:    fmt.Sprintf("%s %d is still referred to, so it cannot be deleted; change or delete these first", t.noun, id),
		References: refs,
	}
}

// deleteRecord deletes one record by id, reporting ErrNotFound.
func (c Reader) deleteRecord(ctx context.Context, t recordType, id int64, holders []holder) error {
	ok, err := c.exists(ctx, t, id)
	if err != nil {
		return err
	}
	if !ok {
		return registry.ErrNotFound
	}
	if err := c.refuseIfHeld(ctx, t, id, holders); err != nil {
		return err
	}
	_, err = c.q.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE id = $1", t.table), id)
	return err
}

// writeRow writes a record's own row: an UPDATE of row *id, or an INSERT
// with the id given, or an INSERT that sets *id to the new row's id.
// cols and args name and give the row's columns other than id.
func (tx *Tx) writeRow(ctx context.Context, t recordType, create bool, id *int64, cols []string, args []any) error {
	switch {
	case !create:
		sets := make([]string, len(cols))
		for i, c := range cols {
			sets[i] = fmt.Sprintf("%s = $%d", c, i+1)
		}
		_, err := tx.q.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET %s WHERE id = $%d", t.table, strings.Join(sets, ", "), len(cols)+1), append(args, *id)...)
		return err
	case *id != 0:
		_, err := tx.q.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s (%s, id) VALUES (%s)", t.table, strings.Join(cols, ", "), placeholders(1, len(cols)+1)), append(args, *id)...)
		return err
	}
	return tx.q.QueryRowContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s) RETURNING id", t.table, strings.Join(cols, ", "), placeholders(1, len(cols))), args...).Scan(id)
}

// byIDs loads the records of type t with these ids, in chunks.
func byIDs[T any](ctx context.Context, c Reader, t recordType, columns string, ids []int64, dest func(*T) []any) ([]*T, error) {
	var out []*T
	for _, part := range chunks(dedupe(ids), maxParams) {
		rows, err := c.q.QueryContext(ctx, "SELECT "+columns+" FROM "+t.table+" WHERE id IN ("+placeholders(1, len(part))+")", int64Args(part)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			item := new(T)
			if err := rows.Scan(dest(item)...); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, item)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
