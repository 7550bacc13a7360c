// Package slug makes URL keys ("augustinas-normantas") from names in the
// registry's languages.
//
// golang.org/x/text/unicode/norm strips accents, but letters that are not
// a base letter plus a mark (Azerbaijani ə and ı, Polish ł, German ß,
// Cyrillic) need a table; no maintained Go library transliterates
// Azerbaijani and Russian together, so the small table is ours.
package slug

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest slug Make returns.
const MaxLen = 80

var pattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Valid reports whether s is a slug: lower-case ASCII letters and digits in
// groups joined by single hyphens, at most MaxLen bytes.
func Valid(s string) bool { return len(s) <= MaxLen && pattern.MatchString(s) }

var letters = map[rune]string{
	'ə': "e", 'Ə': "e", 'ı': "i", 'İ': "i", 'ł': "l", 'Ł': "l", 'ß': "ss",
	'ø': "o", 'Ø': "o", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'đ': "d",
	'Đ': "d", 'ð': "d", 'þ': "th", 'ħ': "h",
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u", 'ј': "j", 'љ': "lj",
	'њ': "nj", 'ћ': "c", 'џ': "dz", 'ђ': "dj", 'ѓ': "g", 'ќ': "k", 'ѕ': "dz",
	'ә': "e", 'ғ': "g", 'қ': "q", 'ң': "n", 'ө': "o", 'ү': "u", 'ұ': "u", 'һ': "h",
}

// Make returns a slug for s, or "" when s has no letters or digits.
func Make(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		out, ok := letters[unicode.ToLower(r)]
		if !ok {
			// Accented Latin letters: keep the base letter of the decomposition.
			for _, base := range norm.NFD.String(string(unicode.ToLower(r))) {
				if base < 0x80 && (unicode.IsLetter(base) || unicode.IsDigit(base)) {
					out += string(base)
				}
			}
		}
		if out == "" {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(out)
	}
	return clipAtWord(b.String())
}

func clipAtWord(s string) string {
	if len(s) <= MaxLen {
		return s
	}
	s = s[:MaxLen]
	if i := strings.LastIndexByte(s, '-'); i > MaxLen/2 {
		s = s[:i]
	}
	return strings.Trim(s, "-")
}
