package search

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/fold"
)

// FuzzQuery reads what a reader types into the search box (the portal's
// q, the API's q). Whatever it is: at most ten words, each non-empty,
// folded, of letters and digits only, and no longer than a word of the
// folded query — so that each is one bounded look-up in the index.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{
		"ombudsman", "İnsan Hüquqları müvəkkili", "Уполномоченного по правам человека в Грецию",
		"məlumatlılıq network", "a b c d e f g h i j k l m", "GE 16 ENI ST 06 18", "\"twinning\" -taiex OR x*",
		"", "   ", "\xff\xfe\x00", "ÐÞĦẞ", "e\u0301\u0301\u0301", strings.Repeat("я", 300),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		words := Query(q)
		if len(words) > 10 {
			t.Fatalf("%q: %d words", q, len(words))
		}
		folded := fold.Words(q)
		for i, w := range words {
			if w == "" || !utf8.ValidString(w) || fold.String(w) != w {
				t.Fatalf("%q: word %q is empty, not UTF-8 or not folded", q, w)
			}
			if strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
				t.Fatalf("%q: word %q is not only letters and digits", q, w)
			}
			if !strings.HasPrefix(folded[i], w) {
				t.Fatalf("%q: word %q is not a stem of %q", q, w, folded[i])
			}
		}
	})
}
