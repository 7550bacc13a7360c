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
	published := false
	for _, t := range toks {
		if t.is("published", "publishes", "publish", "issued", "printed", "released", "appeared", "featured", "wrote", "written", "authored") {
			published = true
		}
	}
	if !published {
		return
	}
	// The count and the noun: "ten articles", "a report".
	nounAt := -1
	count := 0
	for i, t := range toks {
		if t.kind != tWord || !publicationNouns[t.lower()] {
			continue
		}
		nounAt = i
		if i > 0 {
			if n, ok := numberAt(toks[i-1]); ok && !toks[i-1].is("a", "an") {
				count = n
			} else if i > 1 && (toks[i-1].kind == tWord) {
				if n, ok := numberAt(toks[i-2]); ok && !toks[i-2].is("a", "an") {
					count = n // "ten short articles"
				}
			}
		}
		break
	}
	if nounAt < 0 {
		return
	}
	p := Publication{Spans: Spans{}}
	if count > 0 {
		p.Count = &count
		p.Spans["count"] = r.span(toks[nounAt-1].start, toks[nounAt].end)
	}
	// The venue: a quote beside a venue noun; the title: another quote
	// beside the publication noun.
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
		if !isVenue && q.open > 0 && toks[q.open-1].is("in") {
			isVenue = true
		}
		text := cleanTitle(r.text[q.start:q.end])
		if text == "" {
			continue
		}
		switch {
		case isVenue && p.Venue == nil:
			p.Venue = str(text)
			p.Spans["venue"] = r.span(q.start, q.end)
			q.used = true
		case !isVenue && p.Title == nil && abs(q.open-nounAt) <= 4:
			p.Title = str(text)
			p.Spans["title"] = r.span(q.start, q.end)
			q.used = true
		}
	}
	if p.Venue == nil {
		// An unquoted venue: "in the Journal of Human Rights".
		for i, t := range toks {
			if venueNouns[t.lower()] && t.capitalized() && i > 0 && toks[i-1].is("the") {
				j := i + 1
				for j < len(toks) && (toks[j].capitalized() || toks[j].is("of", "for", "on", "and")) {
					j++
				}
				if j > i+1 {
					p.Venue = str(strings.TrimSuffix(r.joinTokens(toks, i, j), " of"))
					p.Spans["venue"] = r.span(toks[i].start, toks[j-1].end)
				}
				break
			}
		}
	}
	if p.Venue == nil && p.Title == nil && p.Count == nil {
		return
	}
	r.doc.Publications = append(r.doc.Publications, p)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
