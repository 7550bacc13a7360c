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
		if r < 0x80 {
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		if t, ok := special[r]; ok {
			b.WriteString(t)
			continue
		}
		// Decompose and drop the marks: ü → u, é → e, ş → s. A capital
		// whose small letter is special (Ð, Þ, Ħ, ẞ) folds as that letter
		// does, so that folding twice gives what folding once does.
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
	}
	return b.String()
}

// Words splits text into folded words: runs of letters and digits.
func Words(s string) []string {
	return strings.FieldsFunc(String(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
