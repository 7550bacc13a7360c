package registry

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Languages are the content languages, in the order a reader falls back
// through when a translation is missing after their own.
var Languages = []string{"en", "az", "ru"}

// Text is a field written in several languages, keyed by language code.
type Text map[string]string

// T builds a Text from alternating language and value arguments.
func T(pairs ...string) Text {
	t := Text{}
	for i := 0; i+1 < len(pairs); i += 2 {
		t[pairs[i]] = pairs[i+1]
	}
	return t
}

// In returns the text in lang, or in the first fallback language that has
// one, and the language it is actually in ("" when t is empty).
func (t Text) In(lang string) (text, in string) {
	if v := t[lang]; v != "" {
		return v, lang
	}
	for _, l := range Languages {
		if v := t[l]; v != "" {
			return v, l
		}
	}
	return "", ""
}

// String is the text in the first language of Languages that has one.
func (t Text) String() string {
	s, _ := t.In(Languages[0])
	return s
}

// IsZero reports a Text without any language.
func (t Text) IsZero() bool { return len(t) == 0 }

// normalize trims every value and drops empty ones.
func (t Text) normalize() Text {
	if len(t) == 0 {
		return nil
	}
	out := Text{}
	for k, v := range t {
		if v = strings.TrimSpace(v); v != "" {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// checkText reports unsupported languages and values over max runes.
func checkText(r *Report, field string, t Text, required bool, max int) {
	if required && len(t) == 0 {
		r.Error(field, nil, "is required in at least one language (%s)", strings.Join(Languages, ", "))
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, lang := range keys {
		v := t[lang]
		switch {
		case !slices.Contains(Languages, lang):
			r.Error(field+"."+lang, lang, "is not a supported language; expected one of %s", strings.Join(Languages, ", "))
		case utf8.RuneCountInString(v) > max:
			r.Error(field+"."+lang, clip(v), "is too long: %d characters, at most %d", utf8.RuneCountInString(v), max)
		case !utf8.ValidString(v):
			r.Error(field+"."+lang, nil, "is not valid UTF-8")
		}
	}
}

// clip shortens a value quoted back in an error message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	r := []rune(s)
	return string(r[:57]) + "..."
}
