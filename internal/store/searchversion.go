package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"
)

// SearchVersion is the format of the search index: how its documents are
// built (package search) and how their words are folded (package fold).
// A search document keeps the words it was written with until its record
// is saved again, so when either changes, an index written before no
// longer meets the reader's words (folded the new way). Bump it with every
// change to fold or to search's documents: each registry's index is then
// rebuilt once, the next time a liaison opens it (ensureSearchVersion).
//
// 1: a capital whose small letter is special (Ð, Þ, Ħ, ẞ) folds as that
// letter; before, such words were indexed unfolded.
const SearchVersion = 1

// searchVersionKey is the row of the settings table that holds the
// SearchVersion the index was built with.
const searchVersionKey = "search_version"

// ensureSearchVersion rebuilds the search index of a registry whose index
// was built by an older liaison (an older SearchVersion, or none recorded
// while there are records), in one transaction, and records the version.
//
// A registry without records is left as it is, the version unrecorded: it
// has nothing indexed the old way, and a registry must stay empty after
// Open, since migrate-db and backup restore copy only into an empty one
// (its settings table included). Its first open with records rebuilds the
// index once to record the version.
//
// An index built by a newer liaison (a greater version recorded) is kept:
// during a rolling upgrade, an older instance starting must not undo what
// a newer one built.
func (s *Store) ensureSearchVersion(ctx context.Context) error {
	// Most opens find the index current; they read one row and take no
	// write lock.
	current, stale, err := s.searchVersionStale(ctx, s.Reader)
	if err != nil || !stale {
		return err
	}
	rebuilt := false
	start := time.Now()
	err = s.Transact(ctx, func(tx *Tx) error {
		// Instances opening the registry together take turns here (the
		// write lock, see Transact); whoever comes second finds the index
		// rebuilt already.
		var err error
		current, stale, err = s.searchVersionStale(ctx, tx.Reader)
		if err != nil || !stale {
			return err
		}
		if err := tx.RebuildSearch(ctx); err != nil {
			return fmt.Errorf("rebuild the search index: %w", err)
		}
		rebuilt = true
		return tx.setSearchVersion(ctx, SearchVersion)
	})
	if err != nil {
		return err
	}
	if rebuilt {
		why := fmt.Sprintf("the index was built with search format %d, this liaison's is %d", current, SearchVersion)
		if current == 0 {
			why = fmt.Sprintf("the index records no search format, this liaison's is %d", SearchVersion)
		}
		slog.Info("search index rebuilt", "why", why, "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// searchVersionStale reads the recorded search format (0 when none) and
// says whether the index must be rebuilt for this liaison.
func (s *Store) searchVersionStale(ctx context.Context, r Reader) (int, bool, error) {
	v, err := r.searchVersion(ctx)
	if err != nil {
		return 0, false, err
	}
	switch {
	case v > SearchVersion:
		slog.Warn("search index kept: it was built by a newer liaison", "search_format", v, "this_liaison", SearchVersion)
		return v, false, nil
	case v == SearchVersion:
		return v, false, nil
	case v == 0:
		empty, err := r.Empty(ctx)
		return v, !empty, err
	}
	return v, true, nil
}

// searchVersion reads the recorded search format; 0 when none is.
func (c Reader) searchVersion(ctx context.Context) (int, error) {
	var s string
	err := c.q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = $1", searchVersionKey).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read the search format: %w", err)
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		// Not written by liaison: rebuilding is the safe answer.
		return 0, nil
	}
	return v, nil
}

// setSearchVersion records the search format the index is built with.
func (tx *Tx) setSearchVersion(ctx context.Context, v int) error {
	_, err := tx.q.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, searchVersionKey, strconv.Itoa(v))
	return err
}
