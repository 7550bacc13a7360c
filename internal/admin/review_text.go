package admin

import (
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/fold"
	"github.com/liaison-registry/liaison/internal/registry"
)

// This file holds what the review of extracted records reads from the
// source text itself, beside the extractor's fields: the highlighted
// text, and the few links between records the extractor's format has no
// field for (who spoke at which event, which project an event served, an
// honorific before a name, "up to" before a duration).

// mark is one highlighted span of the source text: a field of a
// proposed record, in rune offsets [Start, End).
type mark struct {
	Start, End int
	Type       string // "event", "person", "project", "publication"
	Anchor     string // the id of the record's card: "event-1"
	Label      string // "E1"
	Field      string // "title"
}

// highlight renders text as HTML with every mark's span in a <mark>, and
// before each record's first span a link to its card. The text is cut
// at every span boundary into segments that either lie wholly inside a
// span or outside all, so that overlapping and nested spans give one
// <mark> per segment (carrying every record's class) and the markup
// never interleaves. Spans are clamped to the text; empty ones are
// dropped. Everything from the text is escaped.
func highlight(text string, marks []mark) template.HTML {
	runes := []rune(text)
	n := len(runes)
	var ms []mark
	for _, m := range marks {
		m.Start, m.End = min(max(m.Start, 0), n), min(max(m.End, 0), n)
		if m.Start < m.End {
			ms = append(ms, m)
		}
	}
	cuts := []int{0, n}
	first := map[string]int{} // anchor -> start of its first span
	var anchors []string
	for _, m := range ms {
		cuts = append(cuts, m.Start, m.End)
		if s, ok := first[m.Anchor]; !ok || m.Start < s {
			if !ok {
				anchors = append(anchors, m.Anchor)
			}
			first[m.Anchor] = m.Start
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	labels := map[string]mark{}
	for _, m := range ms {
		labels[m.Anchor] = m
	}
	var b strings.Builder
	for i := 0; i+1 < len(cuts); i++ {
		from, to := cuts[i], cuts[i+1]
		for _, a := range anchors {
			if first[a] == from {
				m := labels[a]
				fmt.Fprintf(&b, `<a class="tag tag-%s" href="#%s" id="text-%s">%s</a>`,
					template.HTMLEscapeString(m.Type), template.HTMLEscapeString(a), template.HTMLEscapeString(a), template.HTMLEscapeString(m.Label))
			}
		}
		seg := template.HTMLEscapeString(string(runes[from:to]))
		var types, titles []string
		for _, m := range ms {
			if m.Start <= from && to <= m.End {
				if !slices.Contains(types, m.Type) {
					types = append(types, m.Type)
				}
				titles = append(titles, m.Label+" "+m.Field)
			}
		}
		if len(types) == 0 {
			b.WriteString(seg)
			continue
		}
		slices.Sort(types)
		class := "hl"
		for _, t := range types {
			class += " hl-" + t
		}
		if len(types) > 1 {
			class += " hl-overlap"
		}
		fmt.Fprintf(&b, `<mark class="%s" title="%s">%s</mark>`, template.HTMLEscapeString(class), template.HTMLEscapeString(strings.Join(titles, ", ")), seg)
	}
	return template.HTML(b.String())
}

// encodeSpans writes a record's spans for a hidden field:
// "start:729-744 title:813-889", sorted by field.
func encodeSpans(spans map[string][2]int) string {
	keys := make([]string, 0, len(spans))
	for k := range spans {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s:%d-%d", k, spans[k][0], spans[k][1])
	}
	return strings.Join(parts, " ")
}

// decodeSpans reads encodeSpans's form back, skipping whatever is not in
// it; offsets are bounded again when highlighted.
func decodeSpans(s string) map[string][2]int {
	out := map[string][2]int{}
	for _, part := range strings.Fields(s) {
		field, rng, ok := strings.Cut(part, ":")
		if !ok || len(out) >= 50 {
			continue
		}
		a, b, ok := strings.Cut(rng, "-")
		start, err1 := strconv.Atoi(a)
		end, err2 := strconv.Atoi(b)
		if ok && err1 == nil && err2 == nil && start >= 0 && end > start {
			out[field] = [2]int{start, end}
		}
	}
	return out
}

var blankLine = regexp.MustCompile(`\n[ \t]*\n`)

// paragraphs cuts runes into paragraphs: blocks between blank lines, or
// lines when the text has no blank line. Each is [start, end).
func paragraphs(runes []rune) [][2]int {
	blank := blankLine.MatchString(string(runes))
	var out [][2]int
	start := 0
	for i := 0; i < len(runes); i++ {
		if runes[i] != '\n' {
			continue
		}
		if !blank {
			out = append(out, [2]int{start, i})
			start = i + 1
			continue
		}
		j := i + 1
		for j < len(runes) && (runes[j] == ' ' || runes[j] == '\t') {
			j++
		}
		if j < len(runes) && runes[j] == '\n' {
			out = append(out, [2]int{start, i})
			start = j + 1
			i = j
		}
	}
	return append(out, [2]int{start, len(runes)})
}

// paragraphOf is the index of the paragraph holding offset p.
func paragraphOf(paras [][2]int, p int) int {
	for i, pr := range paras {
		if p < pr[1] || i == len(paras)-1 {
			return i
		}
	}
	return 0
}

// firstSpan is the earliest start among spans, or -1.
func firstSpan(spans map[string][2]int) int {
	at := -1
	for _, s := range spans {
		if at < 0 || s[0] < at {
			at = s[0]
		}
	}
	return at
}

// honorificBefore reads "Mr." or "Mrs" just before offset p (a name's
// start): the extractor's format keeps names without them.
func honorificBefore(runes []rune, p int) registry.Honorific {
	if p <= 0 || p > len(runes) {
		return ""
	}
	before := strings.TrimRight(string(runes[max(0, p-12):p]), " \u00a0\t")
	before = strings.TrimSuffix(before, ".")
	words := strings.FieldsFunc(before, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(words) == 0 || !strings.HasSuffix(before, words[len(words)-1]) {
		return ""
	}
	switch strings.ToLower(words[len(words)-1]) {
	case "mr", "mister":
		return registry.Mr
	case "mrs":
		return registry.Mrs
	case "ms", "miss":
		return registry.Ms
	case "dr", "doctor":
		return registry.Dr
	case "prof", "professor":
		return registry.Prof
	}
	return ""
}

// upToBefore reports "up to" (or "maximum", "at most") just before
// offset p, a duration's start: "(up to six months)".
func upToBefore(runes []rune, p int) bool {
	if p <= 0 || p > len(runes) {
		return false
	}
	w := fold.Words(string(runes[max(0, p-16):p]))
	n := len(w)
	return (n >= 2 && w[n-2] == "up" && w[n-1] == "to") || (n >= 2 && w[n-2] == "at" && w[n-1] == "most") || (n >= 1 && w[n-1] == "maximum")
}

var participantWords = []struct {
	role  registry.ParticipantRole
	words []string
}{
	{registry.RoleSpeaker, []string{"speaker", "speakers", "spoke", "presented", "presentation", "presentations", "lecturer", "lecturers"}},
	{registry.RoleChair, []string{"chaired", "chair", "moderated", "moderator"}},
	{registry.RoleExpert, []string{"expert", "experts"}},
}

// participantRole is the part the words of a paragraph give the people it
// names at an event: speakers when it says so, else participants.
func participantRole(paragraph string) registry.ParticipantRole {
	words := fold.Words(paragraph)
	for _, pw := range participantWords {
		for _, w := range words {
			if slices.Contains(pw.words, w) {
				return pw.role
			}
		}
	}
	return registry.RoleParticipant
}

var (
	ordinals = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
		"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10}
	componentBefore = regexp.MustCompile(`(?i)\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|[1-9](?:st|nd|rd|th))\s+component\b`)
	componentAfter  = regexp.MustCompile(`(?i)\bcomponent\s+(?:no\.?\s*)?([1-9][0-9]?)\b`)
	quotedAfter     = regexp.MustCompile(`^[\s\p{Pd}:,]*[“"«„]([^”"»“]{3,300})[”"»“]`)
)

// componentIn reads "the first Component – “Title”" or "component 2" in
// a paragraph: its number and, when quoted after it, its title.
func componentIn(paragraph string) (int, string) {
	var n int
	var rest string
	if m := componentBefore.FindStringSubmatchIndex(paragraph); m != nil {
		n = ordinals[strings.ToLower(paragraph[m[2]:m[3]])]
		rest = paragraph[m[1]:]
	} else if m := componentAfter.FindStringSubmatchIndex(paragraph); m != nil {
		n, _ = strconv.Atoi(paragraph[m[2]:m[3]])
		rest = paragraph[m[1]:]
	}
	if n == 0 {
		return 0, ""
	}
	if q := quotedAfter.FindStringSubmatch(rest); q != nil {
		return n, strings.TrimSpace(q[1])
	}
	return n, ""
}

// hasWord reports whether a folded word of text is one of words.
func hasWord(text string, words ...string) bool {
	for _, w := range fold.Words(text) {
		if slices.Contains(words, w) {
			return true
		}
	}
	return false
}

// euFunded reports a paragraph that says the EU paid: "EU-funded",
// "funded by the European Union".
func euFunded(paragraph string) bool {
	s := " " + strings.Join(fold.Words(paragraph), " ") + " "
	for _, p := range []string{" eu funded ", " funded by the eu ", " funded by the european union ", " european union funded ", " eu financed ", " financed by the european union "} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// nameParticles begin a family name: "Ludwig van der Berg".
var nameParticles = []string{"van", "von", "de", "der", "den", "du", "da", "di", "del", "della", "dos", "das", "do", "la", "le", "ten", "ter", "bin", "ibn", "al", "el", "af", "zu", "mac", "st"}

// splitName splits "Jean Pierre Fontaine" into given and family name:
// the family name is the last word, with any particles before it.
func splitName(full string) (given, family string) {
	words := strings.Fields(full)
	switch len(words) {
	case 0:
		return "", ""
	case 1:
		return "", words[0]
	}
	at := len(words) - 1
	for i := 1; i < len(words)-1; i++ {
		if slices.Contains(nameParticles, strings.ToLower(words[i])) {
			at = i
			break
		}
	}
	return strings.Join(words[:at], " "), strings.Join(words[at:], " ")
}

// nameKey is a person's name as matching compares it: folded words.
func nameKey(name string) string { return strings.Join(fold.Words(name), " ") }

// capitalizeFirst upper-cases a title's first letter ("staff member").
func capitalizeFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// instrumentCode turns the extractor's "Twinning Light" into the
// registry's "twinning_light"; anything unknown is "other".
func instrumentCode(s string) registry.Instrument {
	code := registry.Instrument(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_"))
	if code == "" {
		return ""
	}
	if slices.Contains(registry.Instruments, code) {
		return code
	}
	return registry.OtherInstrument
}

var (
	countryWords     map[string]string // folded English name -> code
	countryWordsOnce sync.Once
)

func countryByName() map[string]string {
	countryWordsOnce.Do(func() {
		countryWords = map[string]string{}
		for _, c := range country.All() {
			countryWords[strings.Join(fold.Words(strings.ReplaceAll(c.Name, "&", " and ")), " ")] = c.Code
		}
		for name, code := range map[string]string{"czech republic": "CZ", "holland": "NL", "great britain": "GB", "britain": "GB", "macedonia": "MK", "moldova": "MD", "russia": "RU", "turkey": "TR"} {
			countryWords[name] = code
		}
	})
	return countryWords
}

// countriesIn lists the countries a text names, in order, once each.
func countriesIn(text string) []string {
	words := fold.Words(text)
	names := countryByName()
	var out []string
	for i := 0; i < len(words); i++ {
		for n := min(4, len(words)-i); n >= 1; n-- {
			if code, ok := names[strings.Join(words[i:i+n], " ")]; ok {
				if !slices.Contains(out, code) {
					out = append(out, code)
				}
				i += n - 1
				break
			}
		}
	}
	return out
}

var sentenceEnd = regexp.MustCompile(`[.;!?](\s|$)`)

// expertCountries reads where a project's experts come from: the
// countries a sentence of its paragraph names after "experts" ("brings
// together experts with relevant experience from EU countries,
// including Greece, Poland, Germany and Portugal").
func expertCountries(paragraph string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?i)\bexperts?\b`).FindAllStringIndex(paragraph, -1) {
		rest := paragraph[m[1]:]
		if end := sentenceEnd.FindStringIndex(rest); end != nil {
			rest = rest[:end[0]]
		}
		for _, c := range countriesIn(rest) {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

var abbreviations = []string{"mr", "mrs", "ms", "dr", "prof", "st", "no", "ref", "nr", "vs", "etc", "e.g", "i.e"}

// sentenceAt is the sentence of the paragraph [from, to) of runes that
// holds offset at: from after the last full stop before it (not one of
// "Mr." and the like) to the next.
func sentenceAt(runes []rune, from, to, at int) string {
	isEnd := func(i int) bool {
		if i < from || i >= to || !strings.ContainsRune(".!?", runes[i]) || (i+1 < to && !unicode.IsSpace(runes[i+1])) {
			return false
		}
		j := i
		for j > from && (unicode.IsLetter(runes[j-1]) || runes[j-1] == '.') {
			j--
		}
		word := strings.ToLower(string(runes[j:i]))
		return word == "" || (utf8.RuneCountInString(word) > 1 && !slices.Contains(abbreviations, word)) // "A." is an initial
	}
	start := at
	for start > from && !isEnd(start-1) {
		start--
	}
	end := at
	for end < to && !isEnd(end) {
		end++
	}
	if end < to {
		end++
	}
	return strings.Join(strings.Fields(string(runes[start:min(end, to)])), " ")
}
