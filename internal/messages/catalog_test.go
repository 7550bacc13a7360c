package messages

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every language has every message English has, with the plural forms
// its CLDR rules need and the same placeholders.
func TestCatalogsAreComplete(t *testing.T) {
	read := func(lang string) map[string]any {
		b, err := os.ReadFile("locales/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s.json: %v", lang, err)
		}
		return m
	}
	en := read("en")
	forms := map[string][]string{"en": {"one", "other"}, "az": {"one", "other"}, "ru": {"one", "few", "many", "other"}}
	placeholder := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)
	names := func(v any) []string {
		var all []string
		switch v := v.(type) {
		case string:
			for _, m := range placeholder.FindAllStringSubmatch(v, -1) {
				all = append(all, m[1])
			}
		case map[string]any:
			for _, x := range v {
				for _, m := range placeholder.FindAllStringSubmatch(x.(string), -1) {
					all = append(all, m[1])
				}
			}
		}
		slices.Sort(all)
		return slices.Compact(all)
	}
	for _, lang := range []string{"az", "ru"} {
		other := read(lang)
		for id, v := range en {
			ov, ok := other[id]
			if !ok {
				t.Errorf("%s.json lacks %q", lang, id)
				continue
			}
			if _, plural := v.(map[string]any); plural {
				pm, ok := ov.(map[string]any)
				if !ok {
					t.Errorf("%s.json: %q must have plural forms %v", lang, id, forms[lang])
					continue
				}
				for _, f := range forms[lang] {
					if _, ok := pm[f]; !ok {
						t.Errorf("%s.json: %q lacks the plural form %q", lang, id, f)
					}
				}
			}
			want, got := names(v), names(ov)
			// A translation may drop {{.Count}} where the language writes
			// the one-form without the number ("Спикер"), never add others.
			for _, g := range got {
				if !slices.Contains(want, g) {
					t.Errorf("%s.json: %q uses {{.%s}}, which English does not give", lang, id, g)
				}
			}
		}
		for id := range other {
			if _, ok := en[id]; !ok {
				t.Errorf("%s.json has %q, which en.json does not", lang, id)
			}
		}
		if strings.Contains(string(mustJSON(other)), "Skip to content") {
			t.Errorf("%s.json still holds English", lang)
		}
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
