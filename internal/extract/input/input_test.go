package input

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestPlainText(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		want string
	}{
		{"crlf", []byte("one\r\ntwo\rthree\n"), "one\ntwo\nthree\n"},
		{"bom", []byte("\xEF\xBB\xBFOmbudsman"), "Ombudsman"},
		{"untouched", []byte("  two  spaces\n\n\nkept\t"), "  two  spaces\n\n\nkept\t"},
		{"utf-16le", []byte("\xFF\xFEA\x00z\x00\x59\x01\r\x00\n\x00"), "Azř\n"},
		{"utf-16be", []byte("\xFE\xFF\x00A\x00z\x01\x59"), "Azř"},
	} {
		got, err := Text(c.in, "x.txt", "")
		if err != nil || got != c.want {
			t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

func TestPlainTextRefusesOtherEncodings(t *testing.T) {
	// "Ok\n“Q”" in Windows-1252: the quote is byte 0x93 at offset 3.
	_, err := Text([]byte("Ok\n\x93Q\x94"), "old.txt", "text")
	if err == nil || !strings.Contains(err.Error(), "byte 0x93 at offset 3 (line 2, column 1)") {
		t.Fatalf("err = %v", err)
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		name, data, want, err string
	}{
		{"a.TXT", "<p>text all the same</p>", "text", ""},
		{"a.htm", "plain", "html", ""},
		{"a.docx", "", "docx", ""},
		{"-", "  <!DOCTYPE html><p>x", "html", ""},
		{"", "<section>x</section>", "html", ""},
		{"", "<?xml version='1.0'?><html>", "html", ""},
		{"page", "\xEF\xBB\xBF<html><body>x", "html", ""},
		{"", "On 28 October 2011 < 2012", "text", ""},
		{"", "< not a tag", "text", ""},
		{"report", "PK\x03\x04rest", "docx", ""},
		{"", "%PDF-1.7", "", "PDF"},
		{"a.pdf", "", "", "PDF"},
		{"a.doc", "", "", ".doc"},
		{"", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "", "password-protected"},
		{"", `{\rtf1\ansi`, "", "RTF"},
		{"a.odt", "", "", "OpenDocument"},
	} {
		got, err := Detect([]byte(c.data), c.name)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q %q: err = %v, want %q", c.name, c.data, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q %q: %q, %v; want %q", c.name, c.data, got, err, c.want)
		}
	}
	if _, err := Text(nil, "", "pdf"); err == nil || !strings.Contains(err.Error(), `"pdf"`) {
		t.Errorf("unknown format: %v", err)
	}
}

func TestTooLarge(t *testing.T) {
	big := make([]byte, MaxInput+1)
	if _, err := Text(big, "a.txt", ""); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Text: %v", err)
	}
	if _, err := Read(bytes.NewReader(big)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Read: %v", err)
	}
	if data, err := Read(strings.NewReader("small")); err != nil || string(data) != "small" {
		t.Errorf("Read: %q, %v", data, err)
	}
}

const page = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Cooperation with the European Union</title>
<style>p { color: red }</style>
<script>var x = "<p>not text</p>";</script>
</head>
<body>
<nav><ul><li><a href="/az/">AZ</a></li><li><a href="/en/">EN</a>
</ul></nav>
<h1>Cooperation   with
 the EU</h1>
<p>On 28&nbsp;October 2011 a seminar &#8220;Strenghening&nbsp;the Capacities&#8221; &amp; more
was held.<br>Speakers:</p>
<ul>
  <li>Mr. Augustinas <b>Normantas</b>, the Seimas Ombudsman</li>
  <li>Mrs. Adriana Stehouwer<li>Mrs. Aleksandra Wentkowska
</ul>
<div>Line one</div><div>Line two<br><br>after a blank</div>
<noscript>Enable JavaScript</noscript>
<template><p>hidden</p></template>
<svg viewBox="0 0 1 1"><title>icon</title><text>svg text</text></svg>
<table><tr><th>Date</th><th>Event</th></tr>
<tr><td>3&ndash;7 October 2016</td><td>study visit to <i>Greece</i></td></tr><tr><td></td><td>empty first</td></tr></table>
<pre>keep
  lines</pre>
<p>Soft&shy;hyphen and zero&#8203;width.</p>
<!-- a comment -->
</body></html>
`

const pageText = `- AZ
- EN

Cooperation with the EU

On 28 October 2011 a seminar “Strenghening the Capacities” & more was held.
Speakers:

- Mr. Augustinas Normantas, the Seimas Ombudsman
- Mrs. Adriana Stehouwer
- Mrs. Aleksandra Wentkowska

Line one
Line two

after a blank

Date	Event
3–7 October 2016	study visit to Greece
empty first

keep
lines

Softhyphen and zerowidth.
`

func TestHTML(t *testing.T) {
	got, err := Text([]byte(page), "page.html", "auto")
	if err != nil {
		t.Fatal(err)
	}
	if got != pageText {
		t.Errorf("got:\n%s\nwant:\n%s", got, pageText)
	}
}

func TestHTMLCharset(t *testing.T) {
	// "Омбудсман" in Windows-1251, declared.
	cp1251 := "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body><p>\xce\xec\xe1\xf3\xe4\xf1\xec\xe0\xed</p>"
	if got, err := Text([]byte(cp1251), "a.html", ""); err != nil || got != "Омбудсман\n" {
		t.Errorf("windows-1251: %q, %v", got, err)
	}
	short := "<meta charset=koi8-r><p>\xef\xcd\xc2\xd5\xc4\xd3\xcd\xc1\xce"
	if got, err := Text([]byte(short), "a.html", ""); err != nil || got != "Омбудсман\n" {
		t.Errorf("koi8-r: %q, %v", got, err)
	}
	// Undeclared and not UTF-8: refused, not guessed.
	if _, err := Text([]byte("<p>caf\xe9</p>"), "a.html", ""); err == nil || !strings.Contains(err.Error(), "offset 6") {
		t.Errorf("undeclared: %v", err)
	}
	if _, err := Text([]byte("<meta charset=klingon><p>x"), "a.html", ""); err == nil || !strings.Contains(err.Error(), "klingon") {
		t.Errorf("unknown charset: %v", err)
	}
	// A <meta> that says UTF-8 does not excuse bytes that are not.
	if _, err := Text([]byte("<meta charset=utf-8><p>caf\xe9"), "a.html", ""); err == nil {
		t.Error("invalid UTF-8 declared as UTF-8 was read")
	}
	utf16 := "\xFF\xFE<\x00p\x00>\x00\x59\x01"
	if got, err := Text([]byte(utf16), "a.html", ""); err != nil || got != "ř\n" {
		t.Errorf("utf-16: %q, %v", got, err)
	}
}

func TestHTMLEdges(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"<p></p><div> </div>", ""},
		{"<script/>var a = 1;</script>after", "after\n"},
		{"<svg><path d=x></path><p>unclosed svg ends at a paragraph", "unclosed svg ends at a paragraph\n"},
		{"<template><template>x</template>y</template>z", "z\n"},
		{"<head><title>T</title>stray text in head", "stray text in head\n"},
		{"a</br>b", "a\nb\n"},
		{"<b>bold</b><i>italic</i> <u>u</u>", "bolditalic u\n"},
		{"<dl><dt>Term<dd>Definition</dl>", "Term\nDefinition\n"},
		{"x<hr>y", "x\n\ny\n"},
	} {
		got, err := Text([]byte(c.in), "", "html")
		if err != nil || got != c.want {
			t.Errorf("%q: got %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestHTMLDeepNesting(t *testing.T) {
	for _, n := range []int{10_000, 1_000_000} {
		for _, tag := range []string{"div", "b", "table", "svg"} {
			doc := strings.Repeat("<"+tag+">", n) + "deep" + strings.Repeat("</"+tag+">", n) + "<p>after"
			start := time.Now()
			got, err := Text([]byte(doc), "", "html")
			if err != nil {
				t.Fatalf("%s × %d: %v", tag, n, err)
			}
			want := "deep\n\nafter\n"
			if tag == "svg" {
				want = "after\n"
			}
			if got != want {
				t.Errorf("%s × %d: %q", tag, n, got)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%s × %d took %v", tag, n, d)
			}
		}
	}
}

// docx builds a Word document whose body is body, with files besides.
func docx(t *testing.T, body string, extra map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="wps"><w:body>` + body + `<w:sectPr/></w:body></w:document>`,
	}
	for k, v := range extra {
		files[k] = v
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		if v, ok := files[name]; ok {
			add(t, zw, name, v)
			delete(files, name)
		}
	}
	for name, v := range files {
		add(t, zw, name, v)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func add(t *testing.T, zw *zip.Writer, name, content string) {
	t.Helper()
	if content == "\x00omit" {
		return
	}
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w, content); err != nil {
		t.Fatal(err)
	}
}

const body = `
<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Cooperation with the EU</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">On 28 October 2011 a seminar “Strenghening the </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Capacities</w:t></w:r><w:r><w:t>”.</w:t></w:r><w:r><w:br/><w:t>Mr. Augustinas</w:t><w:tab/><w:t>Normantas</w:t></w:r></w:p>
<w:p/>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>first item</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>second</w:t></w:r><w:r><w:noBreakHyphen/><w:t>item</w:t></w:r></w:p>
<w:p><w:r><w:t>Tracked: </w:t></w:r><w:del w:id="1"><w:r><w:delText>deleted </w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>inserted</w:t></w:r></w:ins><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> 7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>Date</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Event</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>3–7 October 2016</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>study visit</w:t></w:r></w:p><w:p><w:r><w:t>to Greece</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>In a text box</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:p><w:r><w:t>In a text box</w:t></w:r></w:p></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:r><w:t>Soft</w:t></w:r><w:r><w:softHyphen/><w:t>hyphen &amp; the end.</w:t></w:r></w:p>
`

const bodyText = `Cooperation with the EU

On 28 October 2011 a seminar “Strenghening the Capacities”.
Mr. Augustinas	Normantas

- first item
- second-item

Tracked: inserted 7

Date	Event
3–7 October 2016	study visit to Greece

In a text box

Softhyphen & the end.
`

func TestDOCX(t *testing.T) {
	data := docx(t, body, nil)
	for _, name := range []string{"report.docx", "report", "-"} {
		got, err := Text(data, name, "")
		if err != nil {
			t.Fatal(err)
		}
		if got != bodyText {
			t.Errorf("%s: got:\n%s\nwant:\n%s", name, got, bodyText)
		}
	}
	// The main part elsewhere, named by the relationships.
	moved := docx(t, "", map[string]string{
		"word/document.xml":  "\x00omit",
		"_rels/.rels":        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>`,
		"word/document2.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>moved</w:t></w:r></w:p></w:body></w:document>`,
	})
	if got, err := Text(moved, "a.docx", ""); err != nil || got != "moved\n" {
		t.Errorf("document2.xml: %q, %v", got, err)
	}
}

func TestDOCXRefused(t *testing.T) {
	good := docx(t, body, nil)
	deep := docx(t, strings.Repeat("<w:sdt>", MaxDepth)+strings.Repeat("</w:sdt>", MaxDepth), nil)
	notWord := docx(t, "", map[string]string{"word/document.xml": "\x00omit", "_rels/.rels": "\x00omit", "other.txt": "x"})
	badXML := docx(t, "<w:p><w:r><w:t>unclosed</w:r></w:p>", nil)

	var enc bytes.Buffer
	zw := zip.NewWriter(&enc)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store, Flags: 0x1})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("ciphertext"))
	zw.Close()

	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", good[:len(good)/2], "not a DOCX file"},
		{"not a zip", []byte("hello"), "not a DOCX file"},
		{"empty", nil, "not a DOCX file"},
		{"encrypted entry", enc.Bytes(), "encrypted"},
		{"password-protected", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 512)...), "password-protected"},
		{"no document", notWord, "not a Word document"},
		{"too deep", deep, "nest deeper than 512"},
		{"invalid xml", badXML, "word/document.xml"},
	} {
		_, err := Text(c.data, "a.docx", "")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

// zipBomb is a DOCX whose document.xml unpacks to size bytes; with lie,
// its headers claim 1 KiB.
func zipBomb(t *testing.T, size int, lie bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	fw, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	open := `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`
	io.WriteString(fw, open)
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for n := len(open); n < size; n += len(chunk) {
		fw.Write(chunk)
	}
	zw.Close()
	data := buf.Bytes()
	if lie {
		// Rewrite the sizes in the data descriptor and the central
		// directory (local header sizes are zero with a descriptor).
		for _, sig := range []string{"PK\x07\x08", "PK\x01\x02"} {
			i := bytes.LastIndex(data, []byte(sig))
			off := map[string]int{"PK\x07\x08": 12, "PK\x01\x02": 24}[sig]
			copy(data[i+off:], []byte{0, 4, 0, 0})
		}
	}
	return data
}

func TestDOCXZipBomb(t *testing.T) {
	for _, lie := range []bool{false, true} {
		data := zipBomb(t, MaxDocumentXML+(1<<20), lie)
		if len(data) > 1<<20 {
			t.Fatalf("the bomb is %d bytes", len(data))
		}
		start := time.Now()
		_, err := Text(data, "bomb.docx", "")
		if err == nil || !strings.Contains(err.Error(), map[bool]string{false: "unpacks to 65 MiB", true: "damaged"}[lie]) {
			t.Fatalf("lie=%v: a %d-byte bomb: %v", lie, len(data), err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("lie=%v: took %v", lie, d)
		}
		t.Logf("lie=%v: %v", lie, err)
	}
}

func TestLimitedReadCloser(t *testing.T) {
	l := &limitedReadCloser{rc: io.NopCloser(strings.NewReader("0123456789")), name: "part", left: 9}
	data, err := io.ReadAll(l)
	if err == nil || !strings.Contains(err.Error(), "part unpacks to more") || len(data) > 10 {
		t.Errorf("%q, %v", data, err)
	}
	l = &limitedReadCloser{rc: io.NopCloser(strings.NewReader("0123456789")), name: "part", left: 10}
	if data, err := io.ReadAll(l); err != nil || string(data) != "0123456789" {
		t.Errorf("at the limit: %q, %v", data, err)
	}
}
