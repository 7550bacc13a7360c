package extract

import (
	"strings"
)

// mention is an event word in a sentence.
type mention struct {
	kind       string
	first, end int // token indexes [first, end)
	plural     bool
}

// anaphoric words make an event word refer back to one already named
// ("that seminar"), or not to a particular event at all.
var anaphoric = map[string]bool{"that": true, "this": true, "the": false, "said": true, "same": true, "such": true, "these": true, "those": true, "abovementioned": true, "above-mentioned": true, "aforementioned": true}

// readEvents pairs each event word with the nearest date not taken,
// and reads the event's title, place and instrument around it.
func (r *reader) readEvents(toks []token, dates []dateRange, used []bool, quotes []*quote, instrument string) {
	var ms []mention
	for i := 0; i < len(toks); i++ {
		kind, end := kindAt(toks, i)
		if kind == "" {
			kind, end = visitAt(toks, i)
		}
		if kind == "" {
			continue
		}
		// "on the eve of the conference" once a conference has been
		// read: the same one.
		if i > 1 && toks[i-1].is("the") && r.kindsSeen[kind] && (len(dates) == 0 || toks[i-2].is("of", "at", "during", "after", "before", "for")) {
			i = end - 1
			continue
		}
		// "of course" is not a course.
		if kind == "training" && toks[i].is("course", "courses") && i > 0 && toks[i-1].is("of") {
			i = end - 1
			continue
		}
		// "meeting" as in "meeting the standards", and event words
		// inside a quoted title, are not events.
		if insideQuote(quotes, i) {
			i = end - 1
			continue
		}
		if i > 0 && anaphoric[toks[i-1].lower()] {
			i = end - 1
			continue
		}
		last := strings.ToLower(toks[end-1].text)
		ms = append(ms, mention{kind: kind, first: i, end: end, plural: strings.HasSuffix(last, "s") && last != "ombudsmans"})
		i = end - 1
	}
	if len(ms) == 0 {
		return
	}
	// The event word nearest to each date, computed once.
	owner := make([]int, len(dates))
	for di, d := range dates {
		owner[di] = nearestMention(toks, ms, d)
	}
	future := false
	for _, t := range toks {
		if t.is("planned", "plans", "plan", "foreseen", "envisaged", "announced") {
			future = true
		}
	}
	for mi, m := range ms {
		// The dates this mention claims: the nearest free one; a
		// plural mention takes every free date after it in its clause.
		picks := []int{}
		best, bestDist := -1, 1<<30
		for di, d := range dates {
			if used[di] {
				continue
			}
			dist := distance(toks, m, d)
			// A date beyond another event word belongs to that one.
			if other := owner[di]; other != mi && other >= 0 {
				continue
			}
			if dist < bestDist {
				best, bestDist = di, dist
			}
		}
		if best < 0 {
			// "On 4 April the Ombudsman received a delegation. The
			// working meeting was devoted to …": the date of the
			// sentence before, when nothing took it.
			if len(dates) == 0 && r.pending != nil && !m.plural {
				d := *r.pending
				r.pending = nil
				r.addEvent(r.pendingToks, m, d, nil, instrument, toks)
			}
			continue
		}
		picks = append(picks, best)
		if m.plural {
			for di, d := range dates {
				if di != best && !used[di] && d.first > m.end && owner[di] == mi && (d.from.d != 0 || d.from.m != 0) {
					picks = append(picks, di)
				}
			}
		}
		for _, di := range picks {
			used[di] = true
			if future && dates[di].from.m == 0 {
				continue // "a conference planned for 2019" has not taken place
			}
			if m.plural && dates[di].from.m == 0 {
				continue // "a series of trainings during 2016": no one event
			}
			r.addEvent(toks, m, dates[di], quotes, instrument, nil)
		}
	}
}

func insideQuote(quotes []*quote, i int) bool {
	for _, q := range quotes {
		if i > q.open && i < q.close {
			return true
		}
	}
	return false
}

// nearestMention is the event word closest to a date.
func nearestMention(toks []token, ms []mention, d dateRange) int {
	best, bestDist := -1, 1<<30
	for i, m := range ms {
		if dist := distance(toks, m, d); dist < bestDist {
			best, bestDist = i, dist
		}
	}
	return best
}

// distance between an event word and a date, in tokens, a comma or
// semicolon between them counting as ten: a date belongs to the event
// of its own clause.
func distance(toks []token, m mention, d dateRange) int {
	a, b := m.end, d.first
	if d.last < m.first {
		a, b = d.last+1, m.first
	}
	if b <= a {
		return 0
	}
	dist := b - a
	for k := a; k < b; k++ {
		if toks[k].kind == tPunct && (toks[k].text == "," || toks[k].text == ";" || toks[k].space && (toks[k].text == "–" || toks[k].text == "—")) {
			dist += 10
		}
	}
	return dist
}

// addEvent records one event, merging it with one of the same kind and
// start read earlier.
// When the date came from the sentence before, dateToks are that
// sentence's tokens and toks the event word's.
func (r *reader) addEvent(toks []token, m mention, d dateRange, quotes []*quote, instrument string, eventToks []token) {
	e := Event{Kind: m.kind, Spans: Spans{}}
	if eventToks != nil {
		e.Spans["kind"] = r.span(eventToks[m.first].start, eventToks[m.end-1].end)
		toks = eventToks
	} else {
		e.Spans["kind"] = r.span(toks[m.first].start, toks[m.end-1].end)
	}
	from := d.from
	e.Start = str(from.String())
	e.Spans["start"] = r.span(d.start, d.end)
	if d.to.y != 0 && d.to != from {
		to := d.to
		if to.y == from.y && to.m == from.m && to.d < from.d {
			return // "7-3 October": not a range
		}
		e.End = str(to.String())
		e.Spans["end"] = r.span(d.start, d.end)
	}

	// Title: a quote right after the event word ("a seminar “…”",
	// "a workshop entitled “…”", "a conference on “…”"), or right
	// before it ("the “…” conference").
	for _, q := range quotes {
		if q.used {
			continue
		}
		gap := q.open - m.end
		near := gap >= 0 && gap <= 4 && onlyLinkWords(toks[m.end:q.open])
		// "The closing conference of the project, “…”, took place".
		near = near || gap >= 2 && gap <= 6 && toks[q.open-1].text == "," && onlyLinkWords(append(toks[m.end:q.open-1:q.open-1], token{low: "the", kind: tWord}), "project", "programme", "a", "an")
		if near || (m.first-q.close >= 1 && m.first-q.close <= 2) {
			title := cleanTitle(r.text[q.start:q.end])
			if title != "" {
				e.Title = str(title)
				e.Spans["title"] = r.span(q.start, q.end)
				q.used = true
			}
			break
		}
	}
	if e.Title == nil {
		// Unquoted, after "entitled" or "titled": up to the clause's end.
		for i := m.end; i < len(toks) && i < m.end+6; i++ {
			if toks[i].is("entitled", "titled") && i+1 < len(toks) && toks[i+1].capitalized() {
				j := i + 1
				for j < len(toks) && !(toks[j].kind == tPunct && strings.ContainsAny(toks[j].text, ",.;:()")) {
					j++
				}
				e.Title = str(r.joinTokens(toks, i+1, j))
				e.Spans["title"] = r.span(toks[i+1].start, toks[j-1].end)
				break
			}
		}
	}

	// Place: "in Tbilisi", "to Greece", "in Strasbourg, France", "held
	// in Warsaw (Poland)", near the event word and not inside a title.
	lo, hi := clauseAround(toks, m.first, m.end)
	order := make([]int, 0, hi-lo)
	for i := m.first; i < hi; i++ {
		order = append(order, i)
	}
	for i := lo; i < m.first; i++ {
		order = append(order, i)
	}
	for _, i := range order {
		t := toks[i]
		if !t.is("in", "to", "at", "from") || insideQuote(quotes, i) {
			continue
		}
		j := i + 1
		if j < hi && toks[j].is("the") && !(j+1 < hi && countryStartsWithThe(toks, j)) {
			j++
		}
		if t.is("from") && j < len(toks) && toks[j].kind == tNumber {
			continue // "from 3-7 October"
		}
		if code, k := cityAt(toks, j); code != "" {
			city := r.joinTokens(toks, j, k)
			e.City = str(city)
			e.Spans["city"] = r.span(toks[j].start, toks[k-1].end)
			e.Country = str(code)
			e.Spans["country"] = e.Spans["city"]
			// "in Strasbourg, France": the country as written.
			n := k
			if n < len(toks) && (toks[n].text == "," || toks[n].text == "(") {
				if c2, k2 := countryAt(toks, n+1); c2 != "" {
					e.Country = str(c2)
					e.Spans["country"] = r.span(toks[n+1].start, toks[k2-1].end)
				}
			}
			break
		}
		if t.is("from") {
			continue // people come from countries; events are held in them
		}
		// "OSCE Project Co-ordinator in Ukraine": part of a name.
		if i > 0 && toks[i-1].capitalized() && (roleWords[toks[i-1].low] || institutionWords[toks[i-1].low]) {
			continue
		}
		if code, k := countryAt(toks, i+1); code != "" && !followedByInstitution(toks, k) {
			e.Country = str(code)
			e.Spans["country"] = r.span(toks[i+1].start, toks[k-1].end)
			break
		}
	}
	if e.City == nil {
		// A city on its own in the event's clause: "round table on …,
		// Batumi", "Vienna, 3 May".
		for _, i := range order {
			if insideQuote(quotes, i) || i > 0 && toks[i-1].is("of", "from") {
				continue
			}
			if code, k := cityAt(toks, i); code != "" && toks[i].capitalized() && !followedByInstitution(toks, k) {
				e.City = str(r.joinTokens(toks, i, k))
				e.Spans["city"] = r.span(toks[i].start, toks[k-1].end)
				if e.Country == nil {
					e.Country = str(code)
					e.Spans["country"] = e.Spans["city"]
				}
				break
			}
		}
	}
	if e.Country == nil {
		// "a Lithuanian study visit" says whose, not where; but "a study
		// visit of ... to the Polish Ombudsman" is where: the adjective
		// of the host institution after "to".
		for i := m.end; i+1 < hi; i++ {
			if toks[i].is("to") {
				j := i + 1
				if toks[j].is("the") {
					j++
				}
				if code := adjectiveAt(toks, j); code != "" && m.kind == "study_visit" {
					e.Country = str(code)
					e.Spans["country"] = r.span(toks[j].start, toks[j].end)
					break
				}
				if code, k := countryAt(toks, j); code != "" && m.kind == "study_visit" {
					e.Country = str(code)
					e.Spans["country"] = r.span(toks[j].start, toks[k-1].end)
					break
				}
			}
		}
	}

	// Instrument: the sentence's own, or "other" for another named
	// programme, or that of the project the event was held under.
	switch {
	case instrument != "":
		e.Instrument = str(instrument)
	case otherProgrammeIn(toks, lo, hi):
		e.Instrument = str("other")
	case refersToProject(toks) && r.lastProject >= 0:
		if p := r.doc.Projects[r.lastProject]; p.Instrument != nil {
			e.Instrument = str(*p.Instrument)
		}
	case r.titleInstrument != "":
		e.Instrument = str(r.titleInstrument)
	}

	r.kindsSeen[e.Kind] = true
	key := e.Kind + "|" + *e.Start
	if i, ok := r.eventByKey[key]; ok {
		mergeEvent(&r.doc.Events[i], e)
		return
	}
	r.eventByKey[key] = len(r.doc.Events)
	r.doc.Events = append(r.doc.Events, e)
}

func countryStartsWithThe(toks []token, j int) bool {
	code, _ := countryAt(toks, j)
	return code != ""
}

// followedByInstitution says a country name is part of an institution's
// name ("in the Georgia Ombudsman's office" is not a place).
func followedByInstitution(toks []token, k int) bool {
	return k < len(toks) && toks[k].kind == tWord && institutionWords[toks[k].lower()] && toks[k].capitalized()
}

// onlyLinkWords are the words allowed between an event word and its
// quoted title.
func onlyLinkWords(toks []token, more ...string) bool {
	for _, t := range toks {
		if t.kind == tPunct && strings.ContainsAny(t.text, ":–—-,") {
			continue
		}
		if !t.is("entitled", "titled", "on", "called", "named", "under", "the", "title", "theme", "topic", "of", "themed", "about") && !t.is(more...) {
			return false
		}
	}
	return true
}

// visitAt reads events a text names without an event word: a
// delegation that "visited" an office to learn (a study visit), an
// office that "received a delegation" (a meeting).
func visitAt(toks []token, i int) (string, int) {
	t := toks[i]
	switch {
	case t.is("visited") && i > 0:
		// Who visited: a delegation, staff, a group, not an ombudsman
		// visiting prisons ("visited places of detention").
		for k := max(0, i-8); k < i; k++ {
			if toks[k].is("delegation", "staff", "members", "representatives", "employees", "group", "officials", "team") {
				if i+1 < len(toks) && toks[i+1].is("places", "prisons", "prison", "police", "detention", "institutions", "psychiatric") {
					return "", i
				}
				return "study_visit", i + 1
			}
		}
	case t.is("met") && i+1 < len(toks) && (toks[i+1].is("with") || i+2 < len(toks) && toks[i+1].is("the", "a") && toks[i+2].is("delegation", "representatives", "ambassador", "head", "members")):
		// "the Ombudsman met with the delegation of the CPT".
		return "meeting", i + 1
	case t.is("delegation") && i > 1:
		for k := max(0, i-3); k < i; k++ {
			if toks[k].is("received", "hosted", "welcomed", "receives", "hosts", "welcomes") {
				return "meeting", i + 1
			}
		}
	}
	return "", i
}

// clauseAround is the stretch of the sentence an event word governs: up
// to a semicolon, or the next event word's clause.
func clauseAround(toks []token, first, end int) (int, int) {
	lo := first
	for lo > 0 && !(toks[lo-1].kind == tPunct && strings.ContainsAny(toks[lo-1].text, ";")) && first-lo < 25 {
		if k, e := kindAt(toks, lo-1); k != "" && e <= first {
			break
		}
		lo--
	}
	hi := end
	for hi < len(toks) && !(toks[hi].kind == tPunct && strings.ContainsAny(toks[hi].text, ";")) && hi-end < 25 {
		if k, _ := kindAt(toks, hi); k != "" && hi > end {
			break
		}
		hi++
	}
	return lo, hi
}

// refersToProject says a sentence speaks of a project already named
// ("under the first Component ... abovementioned project").
func refersToProject(toks []token) bool {
	for _, t := range toks {
		if t.is("project", "component", "programme", "twinning") {
			return true
		}
	}
	return false
}

func mergeEvent(dst *Event, src Event) {
	if dst.Title == nil && src.Title != nil {
		dst.Title, dst.Spans["title"] = src.Title, src.Spans["title"]
	}
	if dst.End == nil && src.End != nil {
		dst.End, dst.Spans["end"] = src.End, src.Spans["end"]
	}
	if dst.Country == nil && src.Country != nil {
		dst.Country, dst.Spans["country"] = src.Country, src.Spans["country"]
	}
	if dst.City == nil && src.City != nil {
		dst.City, dst.Spans["city"] = src.City, src.Spans["city"]
	}
	if dst.Instrument == nil && src.Instrument != nil {
		dst.Instrument = src.Instrument
	}
}
