// Package storetest opens throwaway registries for tests.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/liaison-registry/liaison/internal/store"
)

// Open returns an empty registry in a temporary directory, closed when
// the test ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "liaison.db"), store.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
