// Package storetest opens throwaway registries for tests.
package storetest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/store"
)

// Today is the date tests run on, so that derived statuses do not change
// with the calendar.
var Today = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// Now returns Today; pass it where a clock is wanted.
func Now() time.Time { return Today }

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

// Demo returns a registry holding the demonstration records.
func Demo(t testing.TB) *store.Store {
	t.Helper()
	st := Open(t)
	if _, err := demo.Load(context.Background(), st); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	return st
}
