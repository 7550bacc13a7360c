package input

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzText: no input makes a reader panic, and what it returns is UTF-8
// with LF line ends; HTML and DOCX text has at most one blank line in a
// row.
func FuzzText(f *testing.F) {
	// Small seeds: the fuzzer minimises what it finds byte by byte.
	f.Add([]byte("<p>a<br>b<li>c<table><tr><td>d<td>e</table><script>x</script>"))
	f.Add([]byte("plain\r\ntext\xff"))
	f.Add([]byte("\xFF\xFEA\x00"))
	f.Add([]byte("<meta charset=windows-1251><p>\xce</p>"))
	f.Add(docx(&testing.T{}, "<w:p><w:r><w:t>a</w:t><w:tab/></w:r></w:p>", map[string]string{"[Content_Types].xml": "\x00omit", "_rels/.rels": "\x00omit"}))
	// Word documents as Word writes them: a list, a table, a text box
	// whose mc:Fallback repeats its content.
	f.Add(docx(&testing.T{}, `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>one</w:t></w:r></w:p>`+
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t><w:br/></w:r></w:p></w:tc></w:tr></w:tbl>`, nil))
	f.Add(docx(&testing.T{}, `<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>x</w:t></mc:Choice><mc:Fallback><w:t>x</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`, nil))
	f.Add([]byte("<pre>a\n\n\n\nb</pre><svg><p>c</svg><plaintext><b>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range Formats {
			s, err := Text(data, "", format)
			if err != nil {
				continue
			}
			if !utf8.ValidString(s) || strings.Contains(s, "\r") {
				t.Fatalf("%s: %q", format, s)
			}
			// Marked-up documents: at most one blank line between
			// paragraphs, none at the start.
			if (format == "html" || format == "docx") && (strings.Contains(s, "\n\n\n") || strings.HasPrefix(s, "\n")) {
				t.Fatalf("%s: a run of blank lines: %q", format, s)
			}
		}
	})
}
