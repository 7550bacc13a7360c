// Package fold reduces text to the form search compares: lower case,
// without diacritics, with the letters a reader may type for another
// folded to one. It is written here because no tokenizer folds the way
// Azerbaijani and Russian readers type: SQLite's unicode61 folds İ but not
// ı and never ə to e, and PostgreSQL's unaccent leaves ə alone.
//
// Azerbaijani: ə→e, ı→i, İ→i, I→i, ğ→g, ş→s, ç→c, ö→o, ü→u, so that
// "muvekkil" finds "müvəkkil" and "ISTANBUL" finds "İstanbul". Russian:
// lower case and ё→е. Other Latin letters lose their accents (é→e, ł→l).
package fold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var special = map[rune]string{
	'ə': "e", 'Ə': "e", 'ı': "i", 'İ': "i", 'I': "i",
	'ё': "е", 'Ё': "е", 'й': "и", 'Й': "и",
	'ł': "l", 'Ł': "l", 'ß': "ss", 'ø': "o", 'Ø': "o", 'æ': "ae", 'Æ': "ae",
	'œ': "oe", 'Œ': "oe", 'đ': "d", 'Đ': "d", 'ð': "d", 'þ': "th", 'ħ': "h",
}

// String folds s, keeping its other characters (spaces, punctuation) so
// that positions of words stay recognisable.
func String(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteByte(byte(unicode.ToLower(r)))
		case r < rune(len(folded)):
			b.WriteString(folded[r])
		default:
			b.WriteString(foldRune(r))
		}
	}
	return b.String()
}

// folded holds foldRune of the letters most text here is written in
// (Latin with its extensions, Greek, Cyrillic), worked out once: folding
// decomposes each letter, which costs an allocation a letter, and search
// documents are folded on every write.
var folded = func() []string {
	t := make([]string, 0x530)
	for r := range t {
		t[r] = foldRune(rune(r))
	}
	return t
}()

// foldRune folds one character that is not ASCII.
func foldRune(r rune) string {
	if t, ok := special[r]; ok {
		return t
	}
	// Decompose and drop the marks: ü → u, é → e, ş → s. A capital whose
	// small letter is special (Ð, Þ, Ħ, ẞ) folds as that letter does, so
	// that folding twice gives what folding once does.
	var b strings.Builder
	for _, d := range norm.NFD.String(string(r)) {
		if unicode.Is(unicode.Mn, d) {
			continue
		}
		d = unicode.ToLower(d)
		if t, ok := special[d]; ok {
			b.WriteString(t)
		} else {
			b.WriteRune(d)
		}
	}
	return b.String()
}

// Words splits text into folded words: runs of letters and digits.
func Words(s string) []string {
	return strings.FieldsFunc(String(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
