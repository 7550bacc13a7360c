package generate

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"github.com/liaison-registry/liaison/internal/registry"
	"golang.org/x/text/unicode/norm"
)

// pdf makes a one-page PDF showing lines of text in Helvetica: a small
// but real file, which the store's and the browser's sniffers take for
// what it is. Letters beyond ASCII lose their accents (the standard
// fonts' encoding has no Cyrillic).
func pdf(lines []string) []byte {
	var content bytes.Buffer
	content.WriteString("BT /F1 16 Tf 72 770 Td 18 TL\n")
	for i, l := range lines {
		if i == 1 {
			content.WriteString("/F1 11 Tf\n")
		}
		fmt.Fprintf(&content, "(%s) '\n", pdfString(l))
	}
	content.WriteString("ET\n")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	var out bytes.Buffer
	out.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return out.Bytes()
}

// pdfString is s as the text of a PDF string literal: ASCII, with
// accents taken off and brackets and backslashes escaped.
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// agenda is an event's agenda as UTF-8 text in the three languages.
func agenda(e *registry.Event) []byte {
	var b strings.Builder
	b.WriteString("Agenda / Gündəm / Повестка дня\n\n")
	for _, lang := range []string{"en", "az", "ru"} {
		if t := e.Title[lang]; t != "" {
			b.WriteString(t + "\n")
		}
	}
	b.WriteString(e.Start.String())
	if c := e.City["en"]; c != "" {
		b.WriteString(", " + c)
	}
	b.WriteString("\n\n09:30  Opening / Açılış / Открытие\n10:00  Presentations / Təqdimatlar / Выступления\n12:30  Lunch / Nahar / Обед\n14:00  Discussion / Müzakirə / Обсуждение\n16:30  Conclusions / Nəticələr / Выводы\n")
	return []byte(b.String())
}
