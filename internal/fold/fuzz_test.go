package fold

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzString: folding takes any text, even bytes that are not UTF-8,
// folding twice gives what folding once does (the index and the query
// are folded separately, and must meet), and Words gives non-empty
// folded words of letters and digits.
func FuzzString(f *testing.F) {
	for _, s := range []string{
		"Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili",
		"Уполномоченный по правам человека Партнёрство ЁЛКА",
		"Łódź Straße Øresund Æbeltoft Œuvre Đakovo",
		"Ð Þ Ħ ẞ İ I ı",                      // capitals whose small letters are special
		"\xff\xfe a\xc3 b\xed\xa0\x80",       // not UTF-8, a surrogate
		"e\u0301 \u0130\u0307 \u212A \u212B", // combining marks, Kelvin, ångström signs
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := String(s)
		if !utf8.ValidString(once) {
			t.Fatalf("String(%q) = %q is not UTF-8", s, once)
		}
		if twice := String(once); twice != once {
			t.Fatalf("String(%q) = %q, but String of that = %q", s, once, twice)
		}
		for _, w := range Words(s) {
			if w == "" || String(w) != w {
				t.Fatalf("Words(%q) has %q, which is empty or not folded", s, w)
			}
			if strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
				t.Fatalf("Words(%q) has %q, which is not only letters and digits", s, w)
			}
		}
	})
}
