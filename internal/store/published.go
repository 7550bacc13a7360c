package store

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// publishedLayout is the form of published_at: UTC with microseconds, of
// fixed width, so that it sorts as text.
const publishedLayout = "2006-01-02T15:04:05.000000Z"

func publishedTime(t time.Time) string { return t.UTC().Format(publishedLayout) }

// parseTime reads updated_at or published_at; the zero time for an
// empty one (a record never published).
func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// PublishedRecord is a published record as the feed of newly published
// records lists it.
type PublishedRecord struct {
	Type      string // "event", "project"... (RecordTypes)
	ID        int64
	Slug      string
	Published time.Time // when it was first published
	Updated   time.Time // its last change
}

// NewestPublished returns up to limit published records of the given
// types ("event", "project"... as in RecordTypes; every type when none
// is given), newest first by when they were first published. Drafts are
// never among them, though a record once published and now a draft
// keeps its publication time for when it is published again.
func (c Reader) NewestPublished(ctx context.Context, limit int, types ...string) ([]PublishedRecord, error) {
	if limit <= 0 {
		return nil, nil
	}
	limit = min(limit, MaxLimit)
	if len(types) == 0 {
		for noun := range RecordTypes {
			types = append(types, noun)
		}
	}
	var out []PublishedRecord
	for _, noun := range types {
		table, ok := RecordTypes[noun]
		if !ok {
			return nil, fmt.Errorf("no record type %q", noun)
		}
		// status is a literal, so that both databases read the partial
		// index of published records.
		err := c.eachRow(ctx, fmt.Sprintf("SELECT id, slug, published_at, updated_at FROM %s WHERE status = 'published' ORDER BY published_at DESC, id DESC LIMIT %d", table, limit), nil,
			func(rows *sql.Rows) error {
				r := PublishedRecord{Type: noun}
				var published, updated string
				if err := rows.Scan(&r.ID, &r.Slug, &published, &updated); err != nil {
					return err
				}
				r.Published, r.Updated = parseTime(published), parseTime(updated)
				out = append(out, r)
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b PublishedRecord) int {
		if c := b.Published.Compare(a.Published); c != 0 {
			return c
		}
		if c := strings.Compare(a.Type, b.Type); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Stamp is when a record last changed and when it was first published
// (zero if never).
type Stamp struct {
	Updated, Published time.Time
}

// Stamps returns the stamps of the records of type noun ("event") with
// these ids.
func (c Reader) Stamps(ctx context.Context, noun string, ids []int64) (map[int64]Stamp, error) {
	table, ok := RecordTypes[noun]
	if !ok {
		return nil, fmt.Errorf("no record type %q", noun)
	}
	out := make(map[int64]Stamp, len(ids))
	for _, part := range chunks(ids, maxParams) {
		err := c.eachRow(ctx, "SELECT id, updated_at, published_at FROM "+table+" WHERE id IN ("+placeholders(1, len(part))+")", int64Args(part),
			func(rows *sql.Rows) error {
				var id int64
				var updated, published string
				if err := rows.Scan(&id, &updated, &published); err != nil {
					return err
				}
				out[id] = Stamp{Updated: parseTime(updated), Published: parseTime(published)}
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// LastChange returns the number and time of the newest entry in the
// history, which every write of a record, the site settings or an
// account adds to: a cheap validator of anything drawn from the
// registry. Both are zero for a registry never written.
func (c Reader) LastChange(ctx context.Context) (int64, time.Time, error) {
	var id int64
	var at string
	err := c.q.QueryRowContext(ctx, "SELECT id, at FROM changes ORDER BY id DESC LIMIT 1").Scan(&id, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, err
	}
	return id, parseTime(at), nil
}

// SiteID returns the registry's own random identifier, a UUID made the
// first time it is asked for and kept in the database from then on. It
// names the site where public identifiers must be stable and unique
// among sites (calendar UIDs, feed ids) whatever the site's address, the
// instance answering or the host it runs on. migrate-db copies it with
// the settings.
func (s *Store) SiteID(ctx context.Context) (string, error) {
	id, err := s.siteID(ctx, s.Reader)
	if err != nil || id != "" {
		return id, err
	}
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4, random
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	fresh := fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
	err = s.Transact(ctx, func(tx *Tx) error {
		// Instances asking at once agree on the first one written.
		_, err := tx.q.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('site_id', $1) ON CONFLICT (key) DO NOTHING", fresh)
		if err != nil {
			return err
		}
		id, err = s.siteID(ctx, tx.Reader)
		return err
	})
	return id, err
}

func (s *Store) siteID(ctx context.Context, r Reader) (string, error) {
	var id string
	err := r.q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = 'site_id'").Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}
