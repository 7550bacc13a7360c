package cli_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/extract"
)

// The tests check the command's plumbing against the extractor's output
// of the day, whatever its quality.

const prose = `Cooperation with the European Union

On 28 October 2011 within the EU-funded TAIEX project it has been organized a seminar “Rights & Duties of Regional Offices”. Mr. Augustinas Normantas, the Seimas Ombudsman of Lithuania and Mrs. Adriana Stehouwer, Deputy Ombudsman, National Ombudsman, the Netherlands participated in that seminar as speakers.

Some staff members conducted study-tour to Greece from 3-7 October 2016.
`

// indented is the JSON extract prints for text.
func indented(t *testing.T, text string) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(extract.Extract(text)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestExtractPrintsTheDocument(t *testing.T) {
	want := indented(t, prose)
	txt := writeFile(t, "news.txt", []byte(strings.ReplaceAll(prose, "\n", "\r\n")))
	for _, args := range [][]string{{"extract", txt}, {"extract", "--format", "text", txt}} {
		r := liaison(t, nil, "", args...)
		if r.code != 0 || r.stdout != want {
			t.Fatalf("%v: exit %d, stderr %q, stdout:\n%s\nwant:\n%s", args, r.code, r.stderr, r.stdout, want)
		}
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(want), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"events", "people", "projects", "publications"} {
		if v := string(doc[k]); v == "" || v == "null" {
			t.Errorf("%s is %q; want a list", k, v)
		}
	}
	if strings.Contains(want, `\u0026`) || strings.Contains(want, `\u003c`) {
		t.Error("HTML-escaped JSON")
	}

	// Standard input, named or not; a web page by its content or by flag.
	page := "<!DOCTYPE html><html><head><title>x</title></head><body>" +
		strings.ReplaceAll(strings.ReplaceAll("<p>"+prose+"</p>", "&", "&amp;"), "\n\n", "</p><p>") + "</body></html>"
	fromPage := indented(t, "Cooperation with the European Union\n\n"+strings.SplitN(prose, "\n\n", 2)[1])
	for _, args := range [][]string{{"extract"}, {"extract", "-"}, {"extract", "--format", "html", "-"}} {
		r := liaison(t, nil, page, args...)
		if r.code != 0 || r.stdout != fromPage {
			t.Errorf("%v: exit %d, stderr %q, stdout:\n%s", args, r.code, r.stderr, r.stdout)
		}
	}
	// Read as text, the page is other text.
	if r := liaison(t, nil, page, "extract", "--format", "text"); r.code != 0 || r.stdout != indented(t, page) {
		t.Errorf("--format text: %+v", r)
	}
}

func TestExtractDOCX(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	var body strings.Builder
	for _, para := range strings.Split(strings.TrimSpace(prose), "\n\n") {
		var esc bytes.Buffer
		if err := xml.EscapeText(&esc, []byte(para)); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&body, "<w:p><w:r><w:t>%s</w:t></w:r></w:p>", esc.String())
	}
	fmt.Fprintf(w, `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>`, body.String())
	zw.Close()
	path := writeFile(t, "report.docx", buf.Bytes())
	r := liaison(t, nil, "", "extract", path)
	if want := indented(t, prose); r.code != 0 || r.stdout != want {
		t.Errorf("exit %d, stderr %q, stdout:\n%s\nwant:\n%s", r.code, r.stderr, r.stdout, want)
	}
	// The same bytes under another name are sniffed.
	r = liaison(t, nil, "", "extract", writeFile(t, "report", buf.Bytes()))
	if r.code != 0 || r.stdout != indented(t, prose) {
		t.Errorf("sniffed: %+v", r)
	}
}

func TestExtractRefusesInput(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.txt")
	latin1 := writeFile(t, "old.txt", []byte("caf\xe9"))
	broken := writeFile(t, "broken.docx", []byte("PK\x03\x04 not really"))
	pdf := writeFile(t, "scan.pdf", []byte("%PDF-1.4"))
	for _, c := range []struct {
		args  []string
		stdin string
		want  []string
	}{
		{[]string{"extract", missing}, "", []string{"missing.txt"}},
		{[]string{"extract", latin1}, "", []string{"old.txt", "offset 3"}},
		{[]string{"extract", broken}, "", []string{"broken.docx", "not a DOCX"}},
		{[]string{"extract", pdf}, "", []string{"scan.pdf", "PDF"}},
		{[]string{"extract", "--format", "docx"}, "plain", []string{"standard input", "not a DOCX"}},
	} {
		r := liaison(t, nil, c.stdin, c.args...)
		if r.code != 1 || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q", c.args, r.code, r.stdout)
		}
		for _, w := range c.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%v: stderr %q lacks %q", c.args, r.stderr, w)
			}
		}
	}
}

func TestExtractMisuse(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"extract", "--format", "pdf", "a.txt"},
		{"extract", "a.txt", "b.txt"},
		{"extract", "--verbose", "a.txt"},
		{"extract", "--min-f1", "0.5", "a.txt"},
		{"extract", "--eval", dir, "a.txt"},
		{"extract", "--eval", dir, "--format", "text"},
		{"extract", "--eval", dir, "--min-f1", "1.5"},
		{"extract", "--eval", dir, "--min-f1", "NaN"},
		{"extract", "--eval", dir, "--min-f1", "high"},
		{"extract", "--nonsense"},
	} {
		if r := liaison(t, nil, "", args...); r.code != 2 || r.stdout != "" || r.stderr == "" {
			t.Errorf("%v: %+v", args, r)
		}
	}
	if r := liaison(t, nil, "", "extract", "--help"); r.code != 0 || !strings.Contains(r.stderr, "--eval") {
		t.Errorf("--help: %+v", r)
	}
	if r := liaison(t, nil, "", "help"); !strings.Contains(r.stdout, "liaison extract") {
		t.Errorf("usage lacks extract: %q", r.stdout)
	}
}

// goldDir writes a gold directory: one text, and a gold file holding
// what the extractor finds in it, changed by edit.
func goldDir(t *testing.T, edit func(*extract.Document)) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "texts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "texts", "news.txt"), []byte(prose), 0o600); err != nil {
		t.Fatal(err)
	}
	doc := extract.Extract(prose)
	edit(doc)
	gold := struct {
		Text string `json:"text"`
		*extract.Document
	}{"texts/news.txt", doc}
	data, err := json.MarshalIndent(gold, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "001-news.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func records(d *extract.Document) int {
	return len(d.Events) + len(d.People) + len(d.Projects) + len(d.Publications)
}

func TestExtractEval(t *testing.T) {
	found := records(extract.Extract(prose))

	// The gold is the extractor's own output: all figures are 1.
	same := goldDir(t, func(*extract.Document) {})
	r := liaison(t, nil, "", "extract", "--eval", same, "--min-f1", "1")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	for _, want := range []string{"1 gold file in " + same, "precision", "recall", "F1", "people.role", "projects.partner_countries"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the table lacks %q:\n%s", want, r.stdout)
		}
	}
	if found > 0 && !strings.Contains(r.stdout, fmt.Sprintf("micro          %5d %5d %5d     0     0     1.000   1.000   1.000", found, found, found)) {
		t.Errorf("micro row:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "001-news.json:") {
		t.Error("per-file lines without --verbose")
	}

	// One more person in the gold: a miss; with a changed field when the
	// extractor found people, and a false alarm when it found an event.
	var wrongRole, removed string
	missed := goldDir(t, func(d *extract.Document) {
		if len(d.People) > 0 {
			d.People[0].Role = ptr("Chief Inspector")
			wrongRole = d.People[0].Name
		}
		if len(d.Events) > 0 {
			removed = d.Events[0].Kind
			d.Events = d.Events[1:]
		}
		d.People = append(d.People, extract.Person{Name: "Nobody Named"})
	})
	r = liaison(t, nil, "", "extract", "--eval", missed, "--verbose")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	for _, want := range []string{"001-news.json:", "missed       people        Nobody Named"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the report lacks %q:\n%s", want, r.stdout)
		}
	}
	if wrongRole != "" && !strings.Contains(r.stdout, "wrong        people        "+wrongRole+": role: gold \"Chief Inspector\", predicted ") {
		t.Errorf("no wrong role:\n%s", r.stdout)
	}
	if removed != "" && !strings.Contains(r.stdout, "false alarm  events        "+removed) {
		t.Errorf("no false alarm:\n%s", r.stdout)
	}
	r = liaison(t, nil, "", "extract", "--eval", missed, "--min-f1", "0.999")
	if r.code != 1 || !strings.Contains(r.stderr, "is below --min-f1 0.999") || !strings.Contains(r.stdout, "micro") {
		t.Errorf("--min-f1: %+v", r)
	}
	if r = liaison(t, nil, "", "extract", "--eval", missed, "--min-f1", "0"); r.code != 0 {
		t.Errorf("--min-f1 0: %+v", r)
	}
}

func TestExtractEvalRefuses(t *testing.T) {
	if r := liaison(t, nil, "", "extract", "--eval", filepath.Join(t.TempDir(), "none")); r.code != 1 || !strings.Contains(r.stderr, "none") {
		t.Errorf("missing dir: %+v", r)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "001-x.json"), []byte(`{"text": "gone.txt"}`), 0o600)
	if r := liaison(t, nil, "", "extract", "--eval", dir); r.code != 1 || !strings.Contains(r.stderr, "001-x.json") || !strings.Contains(r.stderr, "gone.txt") {
		t.Errorf("missing text: %+v", r)
	}
	if r := liaison(t, nil, "", "extract", "--eval", t.TempDir()); r.code != 1 || !strings.Contains(r.stderr, "no gold files") {
		t.Errorf("empty dir: %+v", r)
	}
}

func ptr(s string) *string { return &s }
