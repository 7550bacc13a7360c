package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func TestCrossOriginWritesAreRefused(t *testing.T) {
	st := storetest.Demo(t)
	srv := servertest.New(t, st)
	cookie := servertest.SessionCookie(t, st, "editor")
	body := `{"kind": "ngo", "name": {"en": "Forged"}}`
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/institutions", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("cross-site POST = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// The same request from the site itself goes through.
	req, _ = http.NewRequest("POST", srv.URL+"/api/v1/institutions", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(cookie)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("same-origin POST = %d", resp.StatusCode)
	}
}

func TestEveryResponseCarriesSecurityHeaders(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	for _, path := range []string{"/en/cooperation/eu", "/api/v1/events", "/api/v1/events/999", "/nowhere", "/static/style.css", "/healthz"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		h := resp.Header
		if h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
			h.Get("Referrer-Policy") == "" || h.Get("X-Request-Id") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	srv := servertest.New(t, storetest.Open(t))
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s = %d", path, resp.StatusCode)
		}
	}
}
