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
