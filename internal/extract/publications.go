package extract

import "strings"

// publicationNouns are what is published.
var publicationNouns = map[string]bool{
	"article": true, "articles": true, "report": true, "reports": true, "brochure": true, "brochures": true, "book": true,
	"books": true, "booklet": true, "booklets": true, "leaflet": true, "leaflets": true, "handbook": true, "handbooks": true,
	"manual": true, "manuals": true, "guide": true, "guides": true, "publication": true, "publications": true,
	"study": false, "paper": true, "papers": true, "op-ed": true, "interview": true, "interviews": true, "issue": true,
	"issues": true, "volume": true, "commentary": true, "commentaries": true, "guidelines": true,
}

// venueNouns are where things are published.
var venueNouns = map[string]bool{
	"journal": true, "magazine": true, "newspaper": true, "newsletter": true, "bulletin": true, "review": true,
	"website": true, "portal": true, "series": true, "yearbook": true, "periodical": true, "gazette": true,
}

// readPublications finds what the text says was published: "the journal
// “European Ombudsmen” published ten articles", "three reports appeared
// in “X”", "published a handbook “Y”".
func (r *reader) readPublications(toks []token, quotes []*quote) {
	// A venue named in a sentence of its own ("the Centre publishes the
	// journal «Human Rights Herald»") is remembered for the next.
	defer func() {
		for _, q := range quotes {
			for i := max(0, q.open-2); i < q.open; i++ {
				if venueNouns[toks[i].low] {
					if v := cleanTitle(r.text[q.start:q.end]); v != "" {
						r.lastVenue, r.lastVenueSpan = str(v), r.span(q.start, q.end)
					}
				}
			}
		}
	}()
	published := false
	for _, t := range toks {
		if t.is("published", "publishes", "publish", "issued", "printed", "released", "appeared", "featured", "wrote", "written", "authored") {
			published = true
		}
	}
	if !published {
		return
	}
	// The venues: quotes beside a venue noun, or after "in".
	type venue struct {
		text       string
		start, end int
		at         int
	}
	var venues []venue
	for _, q := range quotes {
		if q.used {
			continue
		}
		isVenue := false
		for i := max(0, q.open-3); i < q.open; i++ {
			if venueNouns[toks[i].lower()] {
				isVenue = true
			}
		}
		if q.close+1 < len(toks) && venueNouns[toks[q.close+1].lower()] {
			isVenue = true
		}
		if q.open > 0 && toks[q.open-1].is("in", "on") {
			isVenue = true
		}
		if text := cleanTitle(r.text[q.start:q.end]); isVenue && text != "" {
			venues = append(venues, venue{text, q.start, q.end, q.open})
			q.used = true
		}
	}
	if len(venues) == 0 {
		// An unquoted venue: "in the Journal of Human Rights", "in the
		// Commissioner's Bulletin".
		for i, t := range toks {
			if venueNouns[t.lower()] && i > 0 && (t.capitalized() || toks[i-1].capitalized()) {
				i0 := i
				for i0 > 0 && toks[i0-1].capitalized() && i-i0 < 4 {
					i0--
				}
				if i0 == i && !toks[i-1].is("the") {
					continue
				}
				j := i + 1
				if t.capitalized() {
					for j < len(toks) && (toks[j].capitalized() || toks[j].is("of", "for", "on", "and", "the")) {
						j++
					}
				}
				for j > i+1 && toks[j-1].is("of", "for", "on", "and", "the") {
					j--
				}
				if j > i+1 || i0 < i {
					venues = append(venues, venue{r.joinTokens(toks, i0, j), toks[i0].start, toks[j-1].end, i0})
				}
				break
			}
		}
	}
	// Each thing published: "ten articles", "a brochure titled “…”".
	made := 0
	for n := 0; n < len(toks); n++ {
		t := toks[n]
		if t.kind != tWord || !publicationNouns[t.lower()] || insideQuote(quotes, n) {
			continue
		}
		p := Publication{Spans: Spans{}}
		count, countAt := 0, -1
		if n > 0 {
			if c, ok := numberAt(toks[n-1]); ok && !strings.HasSuffix(t.low, "s") == (c == 1) {
				count, countAt = c, n-1
			} else if n > 1 && toks[n-1].kind == tWord && !toks[n-1].capitalized() {
				if c, ok := numberAt(toks[n-2]); ok && !strings.HasSuffix(t.low, "s") == (c == 1) {
					count, countAt = c, n-2 // "ten short articles"
				}
			}
		}
		if count > 0 && count < 10000 {
			p.Count = &count
			p.Spans["count"] = r.span(toks[countAt].start, t.end)
		}
		for _, q := range quotes {
			if q.used {
				continue
			}
			gap := q.open - n
			near := gap >= 1 && gap <= 4 && onlyLinkWords(toks[n+1:q.open])
			// "a handbook for monitors, “…”": a comma before the quote.
			near = near || gap >= 1 && gap <= 6 && toks[q.open-1].text == ","
			if near || n-q.close == 1 {
				if text := cleanTitle(r.text[q.start:q.end]); text != "" {
					p.Title = str(text)
					p.Spans["title"] = r.span(q.start, q.end)
					q.used = true
					break
				}
			}
		}
		// The venue of this noun's phrase: after it and before the next
		// thing published, or just before it ("the journal X published
		// ten articles").
		next, prev := len(toks), -1
		for k := n + 1; k < len(toks); k++ {
			if publicationNouns[toks[k].lower()] && !insideQuote(quotes, k) {
				next = k
				break
			}
		}
		for k := n - 1; k >= 0; k-- {
			if publicationNouns[toks[k].lower()] && !insideQuote(quotes, k) {
				prev = k
				break
			}
		}
		best := -1
		for vi, v := range venues {
			if v.at > n && v.at < next || v.at < n && prev < 0 && n-v.at <= 12 {
				if best < 0 || abs(v.at-n) < abs(venues[best].at-n) {
					best = vi
				}
			}
		}
		if best >= 0 {
			v := venues[best]
			p.Venue = str(v.text)
			p.Spans["venue"] = r.span(v.start, v.end)
		} else if r.lastVenue != nil && definiteVenue(toks) {
			// "the journal published 41 articles": the one named before.
			p.Venue, p.Spans["venue"] = r.lastVenue, r.lastVenueSpan
		}
		if p.Count == nil && p.Title == nil && (p.Venue == nil || made > 0) {
			continue
		}
		made++
		r.doc.Publications = append(r.doc.Publications, p)
	}
}

// definiteVenue says a sentence speaks of "the journal", "the series".
func definiteVenue(toks []token) bool {
	for i := 1; i < len(toks); i++ {
		if venueNouns[toks[i].low] && toks[i-1].is("the", "this", "its") {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
