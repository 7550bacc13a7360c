// Package input turns what staff hand the extractor — a plain-text file, a
// saved web page or a Word document — into the plain text the extractor
// reads: UTF-8, LF line ends, one line per paragraph-like block, blank
// lines between paragraphs.
//
// Every reader is bounded: the input (MaxInput), the unpacked Word
// document (MaxDocumentXML, counted while reading, so that a ZIP bomb
// stops there) and the nesting of a Word document's elements (MaxDepth).
// HTML is read by a streaming tokenizer, so that nesting costs nothing.
package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// Limits.
const (
	// MaxInput is the largest input read, in bytes.
	MaxInput = 32 << 20
	// MaxDocumentXML is the most a Word document's word/document.xml may
	// unpack to, in bytes.
	MaxDocumentXML = 64 << 20
	// MaxDepth is the deepest nesting of XML elements read in a Word
	// document.
	MaxDepth = 512
)

// Formats are the values Text's format takes; "" means "auto".
var Formats = []string{"auto", "text", "html", "docx"}

// ErrTooLarge is returned for an input larger than MaxInput.
var ErrTooLarge = fmt.Errorf("the input is larger than %d MiB", MaxInput>>20)

// Read reads at most MaxInput bytes from r, and ErrTooLarge when there
// is more.
func Read(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxInput {
		return nil, ErrTooLarge
	}
	return data, nil
}

// Text returns the plain text of data, read as format: "text", "html",
// "docx", or "" / "auto" to decide by the extension of name (which may be
// empty, or "-" for standard input) and then by the content.
func Text(data []byte, name, format string) (string, error) {
	if len(data) > MaxInput {
		return "", ErrTooLarge
	}
	if format == "" || format == "auto" {
		var err error
		if format, err = Detect(data, name); err != nil {
			return "", err
		}
	}
	switch format {
	case "text":
		return plainText(data)
	case "html":
		return htmlText(data)
	case "docx":
		return docxText(data)
	}
	return "", fmt.Errorf("unknown input format %q; expected one of %s", format, strings.Join(Formats, ", "))
}

// Detect names the format of data: by the extension of name when it is
// one of ours, else by the content. It refuses formats it recognises but
// does not read (PDF, RTF, the old binary .doc, password-protected Office
// files, OpenDocument) with what to do instead.
func Detect(data []byte, name string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".txt", ".text", ".md":
		return "text", nil
	case ".html", ".htm", ".xhtml":
		return "html", nil
	case ".docx":
		return "docx", nil
	case ".doc", ".pdf", ".rtf", ".odt":
		return "", unsupported(ext)
	}
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "docx", nil // docxText says so when it is another ZIP
	case bytes.HasPrefix(data, cfbMagic):
		return "", unsupported(".doc")
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "", unsupported(".pdf")
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return "", unsupported(".rtf")
	}
	if looksLikeHTML(data) {
		return "html", nil
	}
	return "text", nil
}

// cfbMagic opens a Compound File: an old Word .doc, or an Office file
// protected by a password (the encrypted package is wrapped in one).
var cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

func unsupported(ext string) error {
	switch ext {
	case ".doc":
		return errors.New("an old binary Word document (.doc) or a password-protected Office file; remove any password and save it as .docx")
	case ".pdf":
		return errors.New("PDF is not read; save or copy the text as .txt, .html or .docx")
	case ".rtf":
		return errors.New("RTF is not read; save it as .docx")
	}
	return errors.New("OpenDocument text is not read; save it as .docx")
}

// looksLikeHTML: what http.DetectContentType calls HTML, or text whose
// first non-blank character opens a tag, a comment or a doctype.
func looksLikeHTML(data []byte) bool {
	if strings.HasPrefix(http.DetectContentType(data), "text/html") {
		return true
	}
	s := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n\f")
	if len(s) < 2 || s[0] != '<' {
		return false
	}
	c := s[1] | 0x20
	return (c >= 'a' && c <= 'z') || s[1] == '!' || s[1] == '?'
}

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}
)

// plainText returns a text file as UTF-8 with LF line ends and no byte
// order mark. UTF-16 is read when a byte order mark says so (Windows
// Notepad's "Unicode"); anything else must be UTF-8: a byte that is not is
// an error naming where it is, rather than a guess at a legacy code page.
func plainText(data []byte) (string, error) {
	s, err := decodeBOM(data)
	if err != nil {
		return "", err
	}
	return normalizeNewlines(s), nil
}

// decodeBOM decodes UTF-16 with a byte order mark, strips a UTF-8 one,
// and otherwise requires valid UTF-8.
func decodeBOM(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		data = data[len(utf8BOM):]
	case bytes.HasPrefix(data, utf16LEBOM), bytes.HasPrefix(data, utf16BEBOM):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", fmt.Errorf("not valid UTF-16: %v", err)
		}
		return string(out), nil
	}
	if err := checkUTF8(data); err != nil {
		return "", err
	}
	return string(data), nil
}

// checkUTF8 names the first byte that is not UTF-8, with its line.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return fmt.Errorf("not UTF-8: byte 0x%02X at offset %d (line %d, column %d) is not valid UTF-8; convert the file to UTF-8 first (for example iconv -f WINDOWS-1252 -t UTF-8, or WINDOWS-1251 for Cyrillic)", data[i], i, line, col)
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += n
	}
	return nil
}

// normalizeNewlines turns CRLF and lone CR into LF, and drops a byte
// order mark left at the start.
func normalizeNewlines(s string) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
