// Package servertest serves a registry for tests.
package servertest

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/liaison-registry/liaison/internal/server"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// New serves st on a local port for the test's duration, with
// the test clock and a quiet log.
func New(t testing.TB, st *store.Store) *httptest.Server {
	t.Helper()
	h, err := server.Handler(st, server.Options{Now: storetest.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
