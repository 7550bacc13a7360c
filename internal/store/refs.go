package store

import (
	"context"
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

// checkRefs reports every ref that names no existing record. Records
// checked or written earlier in the transaction are not looked up again.
func (tx *Tx) checkRefs(ctx context.Context, r *registry.Report, refs []ref) error {
	wanted := map[recordType][]int64{}
	for _, rf := range refs {
		if rf.id > 0 && !tx.known[rf.to][rf.id] && !slices.Contains(wanted[rf.to], rf.id) {
			wanted[rf.to] = append(wanted[rf.to], rf.id)
		}
	}
	for t, ids := range wanted {
		for _, part := range chunks(ids, maxParams) {
			got, err := tx.queryIDs(ctx, fmt.Sprintf("SELECT id FROM %s WHERE id IN (%s)", t.table, placeholders(1, len(part))), int64Args(part)...)
			if err != nil {
				return err
			}
			for _, id := range got {
				tx.remember(t, id)
			}
		}
	}
	for _, rf := range refs {
		if rf.id > 0 && !tx.known[rf.to][rf.id] {
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

// replaceRows rewrites the rows a record owns in a child table: deletes
// the old ones (none for a record just created) and inserts the new ones
// in statements of many rows.
func (tx *Tx) replaceRows(ctx context.Context, table, ownerCol string, owner int64, isNew bool, cols []string, rows [][]any) error {
	if !isNew {
		if _, err := tx.q.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE %s = $1", table, ownerCol), owner); err != nil {
			return err
		}
	}
	perBatch := max(1, maxParams/len(cols))
	for len(rows) > 0 {
		n := min(len(rows), perBatch)
		var b strings.Builder
		fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
		args := make([]any, 0, n*len(cols))
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + placeholders(i*len(cols)+1, len(cols)) + ")")
			args = append(args, rows[i]...)
		}
		if _, err := tx.q.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}
