package store

import (
	"context"
	"fmt"
	"log/slog"
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
// letter does ("Þingvellir" as "thingvellir"); before, it was indexed as
// the small letter itself ("þingvellir"), which no reader's word meets.
const SearchVersion = 1

// ensureSearchVersion brings the search index to this liaison's format:
// an index built by an older liaison (an older SearchVersion, or none
// recorded) is rebuilt in one transaction and the version recorded. A
// registry without records has nothing indexed the old way: the version
// is only recorded.
//
// The version has a table of its own (search_format), not a row of the
// settings: recording it must leave a new registry empty to migrate-db and
// restore, and a restored backup with the rows it had.
//
// An index built by a newer liaison (a greater version recorded) is kept:
// during a rolling upgrade, an older instance starting must not undo what
// a newer one built.
func (s *Store) ensureSearchVersion(ctx context.Context) error {
	// Most opens find the index current; they read one row and take no
	// write lock.
	if stale, err := s.searchVersionStale(ctx, s.Reader); err != nil || !stale {
		return err
	}
	var recorded int
	var start time.Time
	rebuilt := false
	err := s.Transact(ctx, func(tx *Tx) error {
		// Instances opening the registry together take turns here (the
		// write lock, see Transact); whoever comes second finds the index
		// rebuilt already.
		var err error
		if recorded, err = tx.searchVersion(ctx); err != nil || recorded >= SearchVersion {
			return err
		}
		start = time.Now()
		empty, err := tx.Empty(ctx)
		if err != nil {
			return err
		}
		if !empty {
			if err := tx.RebuildSearch(ctx); err != nil {
				return fmt.Errorf("rebuild the search index: %w", err)
			}
			rebuilt = true
		}
		return tx.setSearchVersion(ctx, SearchVersion)
	})
	if err != nil {
		return err
	}
	if rebuilt {
		why := fmt.Sprintf("the index was built with search format %d, this liaison's is %d", recorded, SearchVersion)
		if recorded == 0 {
			why = fmt.Sprintf("the index records no search format (built before formats were recorded), this liaison's is %d", SearchVersion)
		}
		slog.Info("search index rebuilt", "why", why, "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// searchVersionStale says whether the index is of an older format than
// this liaison's.
func (s *Store) searchVersionStale(ctx context.Context, r Reader) (bool, error) {
	v, err := r.searchVersion(ctx)
	if err != nil {
		return false, err
	}
	if v > SearchVersion {
		slog.Warn("search index kept: it was built by a newer liaison", "search_format", v, "this_liaison", SearchVersion)
	}
	return v < SearchVersion, nil
}

// searchVersion reads the recorded search format; 0 when none is.
func (c Reader) searchVersion(ctx context.Context) (int, error) {
	var v int
	err := c.q.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM search_format").Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read the search format: %w", err)
	}
	return v, nil
}

// setSearchVersion records the search format the index is built with.
func (tx *Tx) setSearchVersion(ctx context.Context, v int) error {
	if _, err := tx.q.ExecContext(ctx, "DELETE FROM search_format"); err != nil {
		return err
	}
	_, err := tx.q.ExecContext(ctx, "INSERT INTO search_format (version) VALUES ($1)", v)
	return err
}
