package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func TestIATIExportIsServed(t *testing.T) {
	srv := servertest.New(t, storetest.Demo(t))
	resp, err := http.Get(srv.URL + "/export/iati-activities.xml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Links point at the address the file was asked from.
	if !strings.Contains(string(body), `<iati-activities version="2.03"`) || !strings.Contains(string(body), `url="`+srv.URL+`/en/projects/`) {
		t.Errorf("body:\n%.600s", body)
	}

	// A registry without a reporting organisation says so, as a problem.
	empty := servertest.New(t, storetest.Open(t))
	resp, err = http.Get(empty.URL + "/export/iati-activities.xml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || resp.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(string(body), "site settings") {
		t.Errorf("unconfigured: %d %q %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}
