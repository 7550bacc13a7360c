package input

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzText: no input makes a reader panic, and what it returns is UTF-8
// with LF line ends.
func FuzzText(f *testing.F) {
	// Small seeds: the fuzzer minimises what it finds byte by byte.
	f.Add([]byte("<p>a<br>b<li>c<table><tr><td>d<td>e</table><script>x</script>"))
	f.Add([]byte("plain\r\ntext\xff"))
	f.Add([]byte("\xFF\xFEA\x00"))
	f.Add([]byte("<meta charset=windows-1251><p>\xce</p>"))
	f.Add(docx(&testing.T{}, "<w:p><w:r><w:t>a</w:t><w:tab/></w:r></w:p>", map[string]string{"[Content_Types].xml": "\x00omit", "_rels/.rels": "\x00omit"}))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range Formats {
			s, err := Text(data, "", format)
			if err != nil {
				continue
			}
			if !utf8.ValidString(s) || strings.Contains(s, "\r") {
				t.Fatalf("%s: %q", format, s)
			}
		}
	})
}
