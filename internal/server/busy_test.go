package server_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// While another process holds the registry for a long write (a `liaison
// import` on the same SQLite file), a write through the server waits,
// then is answered 503 with Retry-After and nothing written, not a 500;
// reads go on; once the import is done the same write succeeds.
func TestWriteWhileAnotherProcessImports(t *testing.T) {
	if storetest.Backend() != "sqlite" {
		t.Skip("SQLite's file lock; PostgreSQL writers wait on an advisory lock up to the statement timeout")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "busy.db")
	st, err := store.Open(ctx, path, store.Options{BusyTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := demo.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	srv := servertest.New(t, st)
	token := servertest.Token(t, st, "write")
	send := func(method, path, body string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	event := `{"kind": "seminar", "start": "2024-05-05", "title": {"en": "Written after the import"}}`

	other, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	resp, body := send("POST", "/api/v1/events", event)
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "busy") {
		t.Fatalf("write during another's: %d, Retry-After %q: %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if resp, _ := send("GET", "/api/v1/events?limit=5", ""); resp.StatusCode != 200 {
		t.Errorf("a read during another's write: %d", resp.StatusCode)
	}
	if resp, _ := send("GET", "/healthz", ""); resp.StatusCode != 200 {
		t.Errorf("/healthz during another's write: %d", resp.StatusCode)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		t.Fatal(err)
	}
	if resp, body := send("POST", "/api/v1/events", event); resp.StatusCode != 201 {
		t.Fatalf("the same write afterwards: %d %s", resp.StatusCode, body)
	}
	n, err := st.CountEvents(ctx, store.Filter{Q: "Written after the import"})
	if err != nil || n != 1 {
		t.Errorf("%d events written (%v), want 1: the refused write wrote nothing", n, err)
	}
}
