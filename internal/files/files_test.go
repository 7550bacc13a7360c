package files

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func zipWith(names ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, _ := zw.Create(n)
		if n == "mimetype" {
			w.Write([]byte("application/vnd.oasis.opendocument.text"))
		} else {
			w.Write([]byte("<x/>"))
		}
	}
	zw.Close()
	return buf.Bytes()
}

func TestSniff(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string // "" for refused
	}{
		{"pdf", []byte("%PDF-1.7\n..."), "application/pdf"},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png"},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), "image/jpeg"},
		{"docx", zipWith("[Content_Types].xml", "word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"odt", zipWith("mimetype", "content.xml"), "application/vnd.oasis.opendocument.text"},
		{"text", []byte("Agenda of the seminar\n"), "text/plain; charset=utf-8"},
		{"html pretending to be a pdf", []byte("<html><script>alert(1)</script></html>"), ""},
		{"svg (may carry script)", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ""},
		{"a zip that is not a document", zipWith("evil.exe"), ""},
		{"executable", []byte("MZ\x90\x00\x03\x00\x00\x00"), ""},
		{"empty", nil, ""},
	}
	for _, c := range cases {
		got, err := Sniff(c.data)
		if c.want == "" {
			if err == nil {
				t.Errorf("%s: accepted as %s", c.name, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: Sniff = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

func TestCleanNameAndDisposition(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd":             "passwd",
		`C:\Users\x\Concept note.docx`: "Concept note.docx",
		"a\"b\r\nc.pdf":                "abc.pdf",
		"":                             "document",
		"..":                           "document",
	} {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
	if d := Disposition("application/pdf", "Programme ə.pdf"); !strings.HasPrefix(d, "inline;") || !strings.Contains(d, "filename*=utf-8''Programme%20%C9%99.pdf") {
		t.Errorf("Disposition = %s", d)
	}
	if d := Disposition("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "x.docx"); !strings.HasPrefix(d, "attachment;") {
		t.Errorf("Disposition = %s", d)
	}
}
