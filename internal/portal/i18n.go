package portal

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"golang.org/x/text/language"

	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/messages"
	"github.com/liaison-registry/liaison/internal/registry"
)

// catalog holds the messages of every portal language (package messages).
type catalog struct {
	*messages.Catalog
}

func loadCatalog() (*catalog, error) {
	c, err := messages.Embedded()
	if err != nil {
		return nil, err
	}
	return &catalog{c}, nil
}

// Tr is the portal in one language: its messages, dates, numbers and
// country names.
type Tr struct {
	messages.Words
	lang string
}

func (c *catalog) tr(lang string) Tr {
	return Tr{Words: c.In(lang), lang: lang}
}

// Date writes a partial date the language's way.
func (t Tr) Date(d registry.Date) string { return locale.Date(t.lang, d) }

// Range writes a date range the language's way.
func (t Tr) Range(start, end registry.Date) string {
	if start.IsZero() && !end.IsZero() {
		return t.S("date.until", "Date", locale.Date(t.lang, end))
	}
	return locale.Range(t.lang, start, end)
}

// Country is a country's name in the language (CLDR).
func (t Tr) Country(code string) string {
	if code == "" {
		return ""
	}
	return country.Name(code, t.lang)
}

// Number writes a number with the language's grouping.
func (t Tr) Number(n int) string { return locale.Number(t.lang, n) }

// L is a text in the reader's language, or in another one when it has no
// translation, which the page then says.
type L struct {
	Text     string
	Lang     string // the language the text is in
	Fallback bool   // not the reader's language
	note     string
}

// Text picks a record's text for the reader.
func (t Tr) Text(x registry.Text) L {
	s, in := x.In(t.lang)
	if s == "" {
		return L{}
	}
	l := L{Text: s, Lang: in}
	if in != t.lang {
		l.Fallback = true
		l.note = t.S("fallback." + in)
	}
	return l
}

// Plain is a string of the reader's language as an L.
func (t Tr) Plain(s string) L { return L{Text: s, Lang: t.lang} }

func (l L) String() string { return l.Text }

// IsZero reports an empty text.
func (l L) IsZero() bool { return l.Text == "" }

// HTML is the text for a page: a fallback is marked with its language
// (so screen readers pronounce it right) and a visible note.
func (l L) HTML() template.HTML {
	if !l.Fallback {
		return template.HTML(template.HTMLEscapeString(l.Text))
	}
	return template.HTML(fmt.Sprintf(`<span lang="%s">%s</span> <span class="fallback">(%s)</span>`,
		template.HTMLEscapeString(l.Lang), template.HTMLEscapeString(l.Text), template.HTMLEscapeString(l.note)))
}

// Paragraphs splits the text at blank lines.
func (l L) Paragraphs() []L {
	var out []L
	for _, p := range strings.Split(strings.ReplaceAll(l.Text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, L{Text: p, Lang: l.Lang, Fallback: l.Fallback, note: l.note})
		}
	}
	return out
}

var matcher = language.NewMatcher([]language.Tag{language.English, language.Azerbaijani, language.Russian})

// negotiate picks the portal language from the Accept-Language header.
func negotiate(r *http.Request) string {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return "en"
	}
	return []string{"en", "az", "ru"}[i]
}
