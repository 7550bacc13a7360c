// Package messages holds Liaison's own words in Azerbaijani, English and
// Russian: one JSON catalog per language, read by go-i18n, which also
// knows each language's plural rules (CLDR): one/other in English and
// Azerbaijani, one/few/many/other in Russian. The portal writes its pages
// with them; the search index takes the names of kinds from them, so
// that "семинар" finds a seminar.
package messages

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/liaison-registry/liaison/internal/locale"
)

//go:embed locales/*.json
var files embed.FS

// Catalog holds the messages of every language.
type Catalog struct {
	Bundle *i18n.Bundle
	IDs    map[string][]string // language -> message ids, in file order
	plain  map[string]map[string]string
}

// Load reads the embedded catalogs.
func Load() (*Catalog, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	c := &Catalog{Bundle: b, IDs: map[string][]string{}, plain: map[string]map[string]string{}}
	for _, lang := range locale.Languages {
		data, err := fs.ReadFile(files, "locales/"+lang+".json")
		if err != nil {
			return nil, fmt.Errorf("messages for %s: %w", lang, err)
		}
		f, err := b.ParseMessageFileBytes(data, lang+".json")
		if err != nil {
			return nil, fmt.Errorf("messages for %s: %w", lang, err)
		}
		c.plain[lang] = map[string]string{}
		for _, m := range f.Messages {
			c.IDs[lang] = append(c.IDs[lang], m.ID)
			c.plain[lang][m.ID] = m.Other
		}
	}
	return c, nil
}

// Embedded is the catalog built into the binary, read once.
var Embedded = sync.OnceValues(Load)

// Plain is message id in lang as written, without template data or
// plural choice; "" when the language lacks it.
func (c *Catalog) Plain(lang, id string) string { return c.plain[lang][id] }

// Words are the messages in one language.
type Words struct {
	lang string
	loc  *i18n.Localizer
}

// In returns the messages in lang.
func (c *Catalog) In(lang string) Words {
	return Words{lang: lang, loc: i18n.NewLocalizer(c.Bundle, lang)}
}

// Lang is the language code ("az").
func (w Words) Lang() string { return w.lang }

// S is a message; kv gives its template data as name, value pairs.
func (w Words) S(id string, kv ...any) string {
	return w.localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data(kv)})
}

// N is a message about a number of things, in the plural form the
// language needs for n; {{.Count}} writes n as the language counts.
func (w Words) N(id string, n int, kv ...any) string {
	d := data(kv)
	d["Count"] = locale.Count(w.lang, n)
	return w.localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: d, PluralCount: n})
}

func (w Words) localize(cfg *i18n.LocalizeConfig) string {
	s, err := w.loc.Localize(cfg)
	if err != nil {
		// A missing message shows its id rather than nothing; the
		// catalog test keeps this from reaching readers.
		return cfg.MessageID
	}
	return s
}

func data(kv []any) map[string]any {
	d := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		d[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return d
}
