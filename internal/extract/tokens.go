package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind says what a token is made of.
type tokenKind uint8

const (
	tWord   tokenKind = iota // letters, with inner apostrophes and hyphens
	tNumber                  // digits, with an ordinal suffix ("3rd")
	tPunct                   // one character of anything else
)

// token is a word, number or punctuation mark, with its byte offsets in
// the whole text.
type token struct {
	text       string
	low        string // text in lower case, for words
	start, end int
	kind       tokenKind
	// space says white space came before the token (so "3-7" is three
	// tokens without space, "3 - 7" three with).
	space bool
	// lineStart says a line break came before it.
	lineStart bool
}

// is reports whether the token is one of words, which are lower-case.
func (t token) is(words ...string) bool {
	for _, w := range words {
		if t.low == w {
			return true
		}
	}
	return false
}

func (t token) capitalized() bool {
	if t.kind != tWord {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.text)
	return unicode.IsUpper(r)
}

func (t token) lower() string { return t.low }

// maxTokenBytes bounds one token, so that a line of 10 MB of letters is
// many tokens rather than one unbounded one.
const maxTokenBytes = 200

// tokenize splits text[from:to] into tokens. Hyphens and apostrophes
// between letters stay inside a word ("study-tour", "Ombudsman's"); a
// number keeps an ordinal suffix ("3rd") but not a hyphen ("3-7").
func tokenize(text string, from, to int) []token {
	out := make([]token, 0, (to-from)/5+4)
	space, line := true, true
	i := from
	for i < to {
		r, n := utf8.DecodeRuneInString(text[i:to])
		switch {
		case r == '\n':
			space, line = true, true
			i += n
		case unicode.IsSpace(r) || r == '\u00a0':
			space = true
			i += n
		case unicode.IsLetter(r):
			j := i + n
			for j < to && j-i < maxTokenBytes {
				r2, n2 := utf8.DecodeRuneInString(text[j:to])
				if unicode.IsLetter(r2) || unicode.IsMark(r2) || unicode.IsDigit(r2) {
					j += n2
					continue
				}
				if r2 == '\'' || r2 == '’' || r2 == '-' || r2 == '‑' {
					// Inside a word only when a letter follows.
					if j+n2 < to {
						r3, _ := utf8.DecodeRuneInString(text[j+n2 : to])
						if unicode.IsLetter(r3) {
							j += n2
							continue
						}
					}
				}
				break
			}
			out = append(out, token{text: text[i:j], low: lowerWord(text[i:j]), start: i, end: j, kind: tWord, space: space, lineStart: line})
			space, line = false, false
			i = j
		case unicode.IsDigit(r):
			j := i + n
			for j < to && j-i < maxTokenBytes {
				r2, n2 := utf8.DecodeRuneInString(text[j:to])
				if !unicode.IsDigit(r2) {
					break
				}
				j += n2
			}
			// An ordinal suffix: 1st, 2nd, 3rd, 4th.
			if j+2 <= to {
				suf := strings.ToLower(text[j : j+2])
				if suf == "st" || suf == "nd" || suf == "rd" || suf == "th" {
					if j+2 == to || !isLetterAt(text, j+2, to) {
						j += 2
					}
				}
			}
			out = append(out, token{text: text[i:j], low: strings.ToLower(text[i:j]), start: i, end: j, kind: tNumber, space: space, lineStart: line})
			space, line = false, false
			i = j
		default:
			out = append(out, token{text: text[i : i+n], low: text[i : i+n], start: i, end: i + n, kind: tPunct, space: space, lineStart: line})
			space, line = false, false
			i += n
		}
	}
	return out
}

// lowerWord lower-cases a word, without allocating when it is lower
// case already (most words of prose).
func lowerWord(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(w)
		}
	}
	return w
}

func isLetterAt(s string, i, to int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:to])
	return unicode.IsLetter(r)
}

// number reads a number token's value without its ordinal suffix.
func (t token) number() (int, bool) {
	if t.kind != tNumber {
		return 0, false
	}
	n := 0
	for _, c := range t.text {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
		if n > 1_000_000 {
			return 0, false
		}
	}
	return n, true
}

// isDash reports a hyphen or dash used between numbers or dates.
func (t token) isDash() bool {
	return t.kind == tPunct && strings.ContainsAny(t.text, "-–—‐‑‒−")
}

// sentence is a stretch of text read as one unit, and its tokens.
type sentence struct {
	start, end int
	toks       []token
	paragraph  int // index of the paragraph it is in
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "no": true, "nr": true, "ref": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "vs": true, "etc": true, "e": true, "i": true, "g": true, "al": true, "h": true,
	"u": true, "s": true, "jr": true, "sr": true, "gen": true, "col": true, "hon": true, "amb": true, "rev": true, "mme": true,
	"messrs": true, "mmes": true, "art": true, "para": true, "p": true, "pp": true, "vol": true, "approx": true, "incl": true,
}

// sentences splits text into paragraphs (blank lines, or lines that
// start a list item) and those into sentences.
func sentences(text string) []sentence {
	var out []sentence
	para := 0
	lineStart := 0
	paraStart := 0
	flush := func(from, to int) {
		if strings.TrimSpace(text[from:to]) == "" {
			return
		}
		out = append(out, splitSentences(text, from, to, para)...)
		para++
	}
	for lineStart <= len(text) {
		nl := strings.IndexByte(text[lineStart:], '\n')
		lineEnd := len(text)
		if nl >= 0 {
			lineEnd = lineStart + nl
		}
		line := strings.TrimSpace(text[lineStart:lineEnd])
		switch {
		case line == "":
			flush(paraStart, lineStart)
			paraStart = lineEnd
		case isListItem(line) || looksLikeHeading(line) || isKeyValue(line):
			// A list item or heading is a paragraph of its own.
			flush(paraStart, lineStart)
			flush(lineStart, lineEnd)
			paraStart = lineEnd
		}
		if nl < 0 {
			break
		}
		lineStart = lineEnd + 1
	}
	flush(paraStart, len(text))
	return out
}

// isListItem is a line that starts an item of its own: a bullet, a
// number ("1.", "2)"), a row of a table ("18.02.2019 | Workshop | …")
// or a line beginning with a date in figures.
func isListItem(line string) bool {
	r, _ := utf8.DecodeRuneInString(line)
	if strings.ContainsRune("-–—•*·▪●◦", r) {
		return true
	}
	if strings.Count(line, "|") >= 2 || strings.Contains(line, "\t") {
		return true
	}
	digits := 0
	for digits < len(line) && line[digits] >= '0' && line[digits] <= '9' {
		digits++
	}
	if digits == 0 || digits == len(line) {
		return false
	}
	switch c := line[digits]; {
	case (c == '.' || c == ')') && digits <= 2 && digits+1 < len(line) && line[digits+1] == ' ':
		return true // "1. The project …"
	case (c == '.' || c == '/' || c == '-') && digits <= 2:
		return true // "18.02.2019 …", "04-06.03.2019 …"
	}
	return false
}

// isKeyValue is a line of a fact sheet: "Title: …", "Duration: …",
// "Member State partner: …".
func isKeyValue(line string) bool {
	label, _, ok := strings.Cut(line, ":")
	if !ok || len(label) == 0 || len(label) > 40 || !unicode.IsUpper(rune(label[0])) {
		return false
	}
	for _, r := range label {
		if !unicode.IsLetter(r) && r != ' ' && r != '-' && r != '(' && r != ')' {
			return false
		}
	}
	return strings.Count(label, " ") <= 4
}

// looksLikeHeading is a short line without a full stop.
func looksLikeHeading(line string) bool {
	return len(line) < 80 && !strings.ContainsAny(line, ".:;,") && !strings.HasSuffix(line, ")")
}

// splitSentences splits one paragraph at full stops, question and
// exclamation marks that end a sentence.
func splitSentences(text string, from, to, para int) []sentence {
	toks := tokenize(text, from, to)
	var out []sentence
	begin := 0
	quote := 0
	for i, t := range toks {
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "“", "«", "„":
			quote++
			continue
		case "”", "»":
			if quote > 0 {
				quote--
			}
			continue
		}
		if quote > 0 || (t.text != "." && t.text != "?" && t.text != "!" && t.text != ";") {
			continue
		}
		if t.text == "." && i > 0 {
			prev := toks[i-1]
			if prev.kind == tWord && !t.space && (abbreviations[prev.lower()] || utf8.RuneCountInString(prev.text) == 1) {
				continue
			}
			if prev.kind == tNumber && i+1 < len(toks) && toks[i+1].kind == tNumber && !toks[i+1].space {
				continue // 28.10.2011
			}
		}
		if i+1 < len(toks) && !toks[i+1].space && t.text == "." {
			continue // inside a token run such as "e.g" or "3.5"
		}
		if i+1 < len(toks) && toks[i+1].kind == tWord && !toks[i+1].capitalized() && t.text == "." {
			continue // a lower-case word follows: not a sentence end
		}
		if t.text == ";" {
			continue
		}
		out = append(out, sentence{start: toks[begin].start, end: t.end, toks: toks[begin : i+1], paragraph: para})
		begin = i + 1
	}
	if begin < len(toks) {
		out = append(out, sentence{start: toks[begin].start, end: toks[len(toks)-1].end, toks: toks[begin:], paragraph: para})
	}
	return out
}

// runeIndex converts byte offsets of a text into rune offsets.
type runeIndex struct {
	text string
	// at[i] is the rune offset of byte i; built once.
	at []int32
}

func newRuneIndex(text string) *runeIndex {
	at := make([]int32, len(text)+1)
	r := int32(0)
	for i := range text {
		at[i] = r
		r++
	}
	// Bytes inside a multi-byte rune take the rune's offset; the end
	// takes the count.
	last := int32(0)
	for i := 0; i < len(text); i++ {
		if utf8.RuneStart(text[i]) {
			last = at[i]
		} else {
			at[i] = last
		}
	}
	at[len(text)] = r
	return &runeIndex{text: text, at: at}
}

func (ri *runeIndex) span(start, end int) [2]int {
	return [2]int{int(ri.at[start]), int(ri.at[end])}
}
