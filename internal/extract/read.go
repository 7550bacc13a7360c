package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/fold"
)

// MaxInput bounds the text Extract reads; beyond it the rest is ignored,
// so that a pathological input costs bounded time.
const MaxInput = 16 << 20

// reader holds what reading one text has found so far: sentences read
// earlier give later ones their context (the year, the project "this
// project" means, the person "his staff member" belongs to).
type reader struct {
	text string
	ri   *runeIndex
	doc  *Document
	year int // the year the text last gave
	// lastProject is the project the text last named, for "this
	// project" and for events held under it.
	lastProject int
	lastPerson  int
	// instrument the text last named, for events "within the project".
	lastInstrument string
	// titleInstrument is the instrument the text's title names ("TAIEX
	// workshop on …", "Twinning project UA/48b: activities in 2018"):
	// the instrument of every event on such a page.
	titleInstrument string
	sentencesRead   int
	personByKey     map[string]int
	eventByKey      map[string]int
	kindsSeen       map[string]bool
	// lastVenue is the journal or series the text last named, for "the
	// journal published 41 articles".
	lastVenue     *string
	lastVenueSpan [2]int
	// pending is a date of the sentence before that nothing took, for
	// an event named without one in the next ("The meeting was …").
	// orgCountry maps institutions the text placed ("the Protector of
	// Citizens of the Republic of Serbia") to their country.
	orgCountry map[string]string
	// home is the country the text is most about: the office the text
	// speaks for, unnamed, is there.
	home        string
	pending     *dateRange
	pendingToks []token
	pendingPara int
}

func (r *reader) span(start, end int) [2]int { return r.ri.span(start, end) }

func str(s string) *string { return &s }

// Extract reads a plain text.
func Extract(text string) *Document {
	if len(text) > MaxInput {
		text = text[:MaxInput]
		for len(text) > 0 && !utf8.RuneStart(text[len(text)-1]) {
			text = text[:len(text)-1]
		}
	}
	r := &reader{text: text, ri: newRuneIndex(text), lastProject: -1, lastPerson: -1,
		doc:         &Document{Events: []Event{}, People: []Person{}, Projects: []Project{}, Publications: []Publication{}},
		personByKey: map[string]int{}, eventByKey: map[string]int{}, orgCountry: map[string]string{}, kindsSeen: map[string]bool{}}
	ss := sentences(text)
	r.home = homeCountry(ss)
	for _, s := range ss {
		r.read(s)
	}
	return r.doc
}

// read reads one sentence: its dates, then projects, events, people and
// publications, in that order, because events refer to projects and
// people to events.
func (r *reader) read(s sentence) {
	toks := s.toks
	if len(toks) == 0 {
		return
	}
	if len(toks) > 400 {
		// A "sentence" this long is not prose; read it in pieces.
		for i := 0; i < len(toks); i += 200 {
			part := toks[i:min(i+200, len(toks))]
			r.read(sentence{start: part[0].start, end: part[len(part)-1].end, toks: part, paragraph: s.paragraph})
		}
		return
	}
	dates := findDates(toks, r.year)
	used := make([]bool, len(dates))
	for _, d := range dates {
		if !d.yearless {
			r.year = d.from.y
			if d.to.y != 0 {
				r.year = d.to.y
			}
		}
	}
	// A dateline ("Pristina, 23 November 2018 – The closing …") dates
	// the news item, not what it reports.
	for di, d := range dates {
		if d.first >= 2 && d.first <= 4 && toks[d.first-1].text == "," && toks[0].capitalized() && d.last+1 < len(toks) && toks[d.last+1].space && (toks[d.last+1].text == "–" || toks[d.last+1].text == "—" || toks[d.last+1].text == "-") {
			used[di] = true
		}
	}
	quotes := findQuotes(r.text, toks)
	r.placeInstitutions(toks)
	instrument := instrumentIn(toks)
	if r.pending != nil && r.pendingPara != s.paragraph {
		r.pending = nil
	}
	if r.sentencesRead == 0 && s.paragraph == 0 {
		r.titleInstrument = instrument
	}
	r.sentencesRead++
	// Events first: a date beside an event word is the event's; what
	// is left may be a project's start or end.
	r.readEvents(toks, dates, used, quotes, instrument)
	r.readProjects(toks, dates, used, quotes, instrument)
	r.pending = nil
	for di := range dates {
		if !used[di] && dates[di].from.m != 0 {
			d := dates[di]
			r.pending, r.pendingToks, r.pendingPara = &d, toks, s.paragraph
		}
	}
	r.readPeople(toks)
	r.readPublications(toks, quotes)
	if instrument != "" {
		r.lastInstrument = instrument
	}
}

// homeCountry is the country a text names most often, by name or
// adjective, when one clearly leads.
func homeCountry(ss []sentence) string {
	counts := map[string]int{}
	for _, s := range ss {
		for i := 0; i < len(s.toks); i++ {
			if code, k := countryAt(s.toks, i); code != "" {
				counts[code]++
				i = k - 1
			} else if code := adjectiveAt(s.toks, i); code != "" {
				counts[code]++
			}
		}
	}
	best, second := "", 0
	for code, n := range counts {
		if n > counts[best] || n == counts[best] && code < best {
			if best != "" {
				second = max(second, counts[best])
			}
			best = code
		} else {
			second = max(second, n)
		}
	}
	if counts[best] >= 2 && counts[best] > second {
		return best
	}
	return ""
}

// placeInstitutions learns the countries of institutions named with
// them: "the Ombudsman of the Republic of Moldova", "the Protector of
// Citizens of Serbia".
func (r *reader) placeInstitutions(toks []token) {
	for i := 1; i+1 < len(toks); i++ {
		if !toks[i].is("of") {
			continue
		}
		code, _ := countryAt(toks, i+1)
		if code == "" {
			continue
		}
		// The capitalised words before "of": the institution, with a
		// name in brackets ("Commissioner for Human Rights (Ombudsman)").
		j := i
		for j > 0 && (toks[j-1].capitalized() || toks[j-1].is("of", "for") || toks[j-1].text == "(" || toks[j-1].text == ")") && i-j < 10 {
			j--
		}
		for j < i && (toks[j].text == "(" || toks[j].text == ")") {
			j++
		}
		for j < i && toks[j].is("of", "for") {
			j++
		}
		if j < i && hasInstitutionWord(toks, j, i) {
			key := nameKey(r.joinTokens(toks, j, i))
			if r.orgCountry[key] == "" {
				r.orgCountry[key] = code
			}
			if r.home == "" {
				// No country leads the text: the first office it places
				// is the one it speaks for.
				r.home = code
			}
		}
	}
}

// quote is a quoted stretch: token indexes of the quote marks, and the
// byte offsets of the text inside.
type quote struct {
	open, close int
	start, end  int
	used        bool
}

// findQuotes finds “curly”, «angle», "straight" and „low” quotes.
func findQuotes(text string, toks []token) []*quote {
	var out []*quote
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tPunct {
			continue
		}
		var closers string
		switch t.text {
		case "“", "„":
			closers = "”“\""
		case "«":
			closers = "»"
		case "\"":
			closers = "\"”"
		case "‘":
			closers = "’"
		case "'":
			// A straight single quote opens a title only before a
			// capital: 'Strengthening the …'.
			if i+1 >= len(toks) || !toks[i+1].capitalized() || toks[i+1].space {
				continue
			}
			closers = "'’"
		default:
			continue
		}
		for j := i + 1; j < len(toks) && j < i+120; j++ {
			if toks[j].kind == tPunct && strings.Contains(closers, toks[j].text) {
				// A title begins with a capital or a figure; a quoted
				// statement ("was not only …") is not one.
				if j > i+1 && (toks[i+1].capitalized() || toks[i+1].kind == tNumber) {
					out = append(out, &quote{open: i, close: j, start: t.end, end: toks[j].start})
				}
				i = j
				break
			}
		}
	}
	return out
}

// cleanTitle trims a title's white space and the punctuation around it.
func cleanTitle(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:–—-", r)
	})
}

// instrumentIn is the EU instrument a sentence names, if any.
func instrumentIn(toks []token) string {
	found := ""
	for i, t := range toks {
		switch {
		case t.is("taiex"):
			if found == "" {
				found = "TAIEX"
			}
		case t.is("twinning"):
			if i+1 < len(toks) && toks[i+1].is("light") {
				return "Twinning Light"
			}
			if found == "" || found == "TAIEX" {
				found = "Twinning"
			}
		}
	}
	return found
}

// otherProgrammeIn reports whether a sentence names a programme or body
// other than the EU's instruments running something.
func otherProgrammeIn(toks []token, from, to int) bool {
	var b strings.Builder
	for _, t := range toks[max(from, 0):min(to, len(toks))] {
		b.WriteByte(' ')
		// "Europe's", "Sida-funded": the name inside.
		w := strings.TrimSuffix(strings.TrimSuffix(t.low, "'s"), "’s")
		b.WriteString(strings.ReplaceAll(w, "-", " "))
	}
	s := b.String() + " "
	for _, p := range otherProgrammes {
		if strings.Contains(s, " "+p+" ") {
			return true
		}
	}
	return false
}

// nameKey is how names are compared: folded, without diacritics.
func nameKey(s string) string { return strings.Join(fold.Words(s), " ") }

// joinTokens is the text of tokens [from, to), white space collapsed.
func (r *reader) joinTokens(toks []token, from, to int) string {
	if from >= to {
		return ""
	}
	return strings.Join(strings.Fields(r.text[toks[from].start:toks[to-1].end]), " ")
}
