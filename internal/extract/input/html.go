package input

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// htmlText returns the text of an HTML document's body. It reads tokens
// as they come rather than building the tree: the text needs only where
// blocks begin and end, the tokenizer's time and memory grow with the
// input and not with its nesting, and html.Parse refuses documents that
// nest deeper than 512 elements, which broken legacy pages can.
func htmlText(data []byte) (string, error) {
	src, err := decodeHTML(data)
	if err != nil {
		return "", err
	}
	z := html.NewTokenizer(strings.NewReader(src))
	var w writer
	// Inside an element whose content is not text (skipped), skipping
	// counts that element's own start and end tags until it closes.
	var skipping string
	skipDepth := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return "", err
			}
			return w.String(), nil
		case html.TextToken:
			if skipDepth == 0 {
				w.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			// The tokenizer reads <script/> and its kind as raw text all
			// the same, so self-closing counts as opening for them.
			opens := tt == html.StartTagToken || rawText[tag]
			if skipDepth > 0 {
				switch {
				case tag == skipping && opens:
					skipDepth++
					continue
				case (skipping == "svg" || skipping == "math") && breakout[tag]:
					// An HTML block in SVG or MathML closes them (an
					// unclosed <svg> does not swallow the page).
					skipDepth = 0
				default:
					continue
				}
			}
			if skipped[tag] || rawText[tag] {
				if opens {
					skipping, skipDepth = tag, 1
				}
				continue
			}
			startTag(&w, tag)
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipDepth > 0 {
				if tag == skipping {
					skipDepth--
				}
				continue
			}
			endTag(&w, tag)
		}
	}
}

// rawText are the elements the tokenizer reads as raw text and whose text
// is not the page's; skipped are the others whose content is not.
// <plaintext>, also raw, is text. <head> is not skipped: its end tag may
// be missing, and what it holds besides these is body text (as the HTML
// parser also treats it).
var (
	rawText = set("script", "style", "noscript", "title", "textarea", "xmp", "iframe", "noembed", "noframes")
	skipped = set("template", "svg", "math", "object", "canvas", "select", "datalist", "audio", "video", "map")
)

// breakout are the HTML elements that end SVG or MathML content.
var breakout = set("b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
	"h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p",
	"pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var")

// paragraphs are separated by a blank line, lines by a line break.
var (
	paragraphs = set("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "menu",
		"section", "article", "header", "footer", "main", "aside", "nav", "figure", "address", "hr", "form",
		"fieldset", "details", "hgroup", "body")
	lines = set("div", "li", "tr", "dt", "dd", "caption", "figcaption", "summary", "legend", "center", "dialog", "search")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

func startTag(w *writer, tag string) {
	switch {
	case tag == "br":
		w.br()
	case tag == "li":
		w.item()
	case tag == "td" || tag == "th":
		w.tab()
	case tag == "pre":
		w.brk(2)
		w.pre++
	case paragraphs[tag]:
		w.brk(2)
	case lines[tag]:
		w.brk(1)
	}
}

func endTag(w *writer, tag string) {
	switch {
	case tag == "br": // </br> is read as <br>
		w.br()
	case tag == "td" || tag == "th":
		w.tab()
	case tag == "pre":
		w.pre = max(w.pre-1, 0)
		w.brk(2)
	case paragraphs[tag]:
		w.brk(2)
	case lines[tag] || tag == "li":
		w.brk(1)
	}
}

// decodeHTML returns the page as UTF-8: decoded from UTF-16 or a legacy
// character set when a byte order mark or a <meta> in the first 1,024
// bytes says so, and otherwise required to be UTF-8, as text is.
func decodeHTML(data []byte) (string, error) {
	if bytes.HasPrefix(data, utf8BOM) || bytes.HasPrefix(data, utf16LEBOM) || bytes.HasPrefix(data, utf16BEBOM) {
		return decodeBOM(data)
	}
	if label := metaCharset(data); label != "" {
		enc, name := charset.Lookup(label)
		switch {
		case enc == nil:
			return "", fmt.Errorf("the page declares the character set %q, which is not one Liaison knows; convert it to UTF-8", label)
		case name != "utf-8" && !strings.HasPrefix(name, "utf-16"):
			out, err := enc.NewDecoder().Bytes(data)
			if err != nil {
				return "", fmt.Errorf("not valid %s: %v", name, err)
			}
			return string(out), nil
		}
		// A <meta> naming UTF-16 means UTF-8 (HTML standard).
	}
	if err := checkUTF8(data); err != nil {
		return "", err
	}
	return string(data), nil
}

// metaCharset is the character set a <meta charset> or <meta
// http-equiv="Content-Type" content="…; charset=…"> in the first 1,024
// bytes declares, or "".
func metaCharset(data []byte) string {
	if len(data) > 1024 {
		data = data[:1024]
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var cs, httpEquiv, content string
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "charset":
					cs = string(v)
				case "http-equiv":
					httpEquiv = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
			}
			if cs != "" {
				return strings.TrimSpace(cs)
			}
			if httpEquiv == "content-type" {
				if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
					return params["charset"]
				}
			}
		}
	}
}
