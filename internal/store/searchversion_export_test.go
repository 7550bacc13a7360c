package store

import (
	"context"
	"fmt"
)

// What the tests of the search format (searchversion_test.go, package
// store_test) need to make a registry look as an older liaison left it.

// SetSearchVersionForTest records v as the search format of the index; a
// negative v removes the record, as a liaison before search formats left
// it.
func (s *Store) SetSearchVersionForTest(ctx context.Context, v int) error {
	return s.Transact(ctx, func(tx *Tx) error {
		if v < 0 {
			_, err := tx.q.ExecContext(ctx, "DELETE FROM search_format")
			return err
		}
		return tx.setSearchVersion(ctx, v)
	})
}

// SearchVersionForTest reads the recorded search format (0 when none).
func (s *Store) SearchVersionForTest(ctx context.Context) (int, error) {
	return s.searchVersion(ctx)
}

// StaleSearchNamesForTest replaces the indexed names of a published
// record's search document with names, and its other words with none, as
// an older folding would have left them.
func (s *Store) StaleSearchNamesForTest(ctx context.Context, noun string, id int64, names string) error {
	table, ok := RecordTypes[noun]
	if !ok {
		return fmt.Errorf("no record type %q", noun)
	}
	t := recordType{table, noun}
	return s.Transact(ctx, func(tx *Tx) error {
		var docID int64
		if err := tx.q.QueryRowContext(ctx, "SELECT id FROM search_docs WHERE record_type = $1 AND record_id = $2", noun, id).Scan(&docID); err != nil {
			return fmt.Errorf("the search document of %s %d: %w", noun, id, err)
		}
		doc, _, err := tx.searchDoc(ctx, t, id, nil)
		if err != nil {
			return err
		}
		doc.Names, doc.Body = names, ""
		tx.searchChanged = true
		searcher := tx.dialect.searcher()
		if err := searcher.remove(ctx, tx.q, []int64{docID}); err != nil {
			return err
		}
		return searcher.put(ctx, tx.q, []indexedDoc{{docID, doc}})
	})
}

// SearchDocIDsForTest lists the ids of the search documents, lowest first.
// A rebuild writes every document anew, under new ids.
func (s *Store) SearchDocIDsForTest(ctx context.Context) ([]int64, error) {
	return s.queryIDs(ctx, "SELECT id FROM search_docs ORDER BY id")
}
