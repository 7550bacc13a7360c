// Package pdftest reads a PDF's text back in tests, with Debian's
// pdftotext (poppler-utils): a test that a PDF says what it should.
package pdftest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// EnvRequire, when set (as CI sets it), makes a missing pdftotext fail
// the test instead of skipping it.
const EnvRequire = "LIAISON_REQUIRE_PDFTOTEXT"

// Text returns the text of pdf as `pdftotext -layout` reads it. Without
// pdftotext the test is skipped, or fails where EnvRequire is set.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv(EnvRequire) != "" {
			t.Fatalf("pdftotext (Debian's poppler-utils) is required: %s is set", EnvRequire)
		}
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	path := filepath.Join(t.TempDir(), "document.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
