// Package files decides what an uploaded file is and how it may be
// served. The type is read from the bytes, never taken from the browser,
// and only kinds an office attaches to its records are accepted.
package files

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSize is the largest file accepted.
const MaxSize = 20 << 20

// Kinds accepted, by content type, with what they are called.
var accepted = map[string]string{
	"application/pdf": "PDF",
	"image/png":       "PNG image",
	"image/jpeg":      "JPEG image",
	"image/gif":       "GIF image",
	"image/webp":      "WebP image",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   "Word document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         "Excel workbook",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint presentation",
	"application/vnd.oasis.opendocument.text":                                   "OpenDocument text",
	"text/plain; charset=utf-8":                                                 "text",
}

// Describe names a content type for people ("Word document").
func Describe(contentType string) string {
	if d, ok := accepted[contentType]; ok {
		return d
	}
	return contentType
}

// Sniff returns the content type of data, or an error saying which kinds
// are accepted. http.DetectContentType knows the formats by their magic
// bytes; Office and OpenDocument files are ZIP archives, told apart by
// the parts they contain.
func Sniff(data []byte) (string, error) {
	if len(data) == 0 {
		return "", fmt.Errorf("the file is empty")
	}
	if len(data) > MaxSize {
		return "", fmt.Errorf("the file is larger than %d MB", MaxSize>>20)
	}
	ct := http.DetectContentType(data)
	switch {
	case ct == "application/zip":
		ct = officeType(data)
	case strings.HasPrefix(ct, "text/plain"):
		// Markup that the sniffer did not recognise (SVG, XML) is not
		// plain text a person wrote; refuse rather than guess.
		if !utf8.Valid(data) || strings.HasPrefix(strings.TrimSpace(string(data[:min(len(data), 512)])), "<") {
			ct = ""
		} else {
			ct = "text/plain; charset=utf-8"
		}
	}
	if _, ok := accepted[ct]; !ok {
		return "", fmt.Errorf("this kind of file is not accepted; attach a PDF, an image (PNG, JPEG, GIF, WebP), a Word, Excel or PowerPoint file, an OpenDocument text or plain text")
	}
	return ct, nil
}

func officeType(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		case "xl/workbook.xml":
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		case "ppt/presentation.xml":
			return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
		case "mimetype":
			rc, err := f.Open()
			if err != nil {
				return ""
			}
			b, _ := io.ReadAll(io.LimitReader(rc, 100))
			rc.Close()
			if string(b) == "application/vnd.oasis.opendocument.text" {
				return string(b)
			}
		}
	}
	return ""
}

// CleanName makes an uploaded file's name safe to store and to offer for
// download: no directories, no control characters, a bounded length.
func CleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		name = "document"
	}
	if len(name) > 150 {
		ext := path.Ext(name)
		if len(ext) > 10 {
			ext = ""
		}
		name = strings.ToValidUTF8(name[:150-len(ext)], "") + ext
	}
	return name
}

// Disposition is the Content-Disposition to serve a file with: shown in
// the browser only for images and PDF, downloaded otherwise, under its
// name in RFC 6266 form.
func Disposition(contentType, name string) string {
	kind := "attachment"
	if strings.HasPrefix(contentType, "image/") || contentType == "application/pdf" {
		kind = "inline"
	}
	return mime.FormatMediaType(kind, map[string]string{"filename": name})
}
