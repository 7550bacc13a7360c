package extract

import (
	"strings"

	"github.com/liaison-registry/liaison/internal/twinning"
)

// projectWords name a project.
var projectWords = map[string]bool{"project": true, "projects": true, "programme": true, "program": true, "twinning": true}

// readProjects finds projects: a project word with a quoted title, a
// reference, or a Twinning instrument that the sentence describes.
func (r *reader) readProjects(toks []token, dates []dateRange, used []bool, quotes []*quote, instrument string) {
	if r.factSheet(toks, dates, used) {
		return
	}
	// Where is the project word?
	at := -1
	for i, t := range toks {
		if t.is("project", "projects", "programme", "program") && !insideQuote(quotes, i) {
			at = i
			break
		}
	}
	ref, refStart, refEnd := findReference(r.text, toks)
	if at < 0 && ref == "" {
		return
	}
	if at < 0 {
		at = 0
	}
	// A title: the first quote after the project word (or just before
	// it), not a component's.
	var title *quote
	for _, q := range quotes {
		if q.used {
			continue
		}
		// A quote right after the project word is the project's title;
		// otherwise not one that names an event or a component.
		if !(at >= 0 && q.open == at+1 && toks[at].is("project", "programme", "program")) && isComponentTitle(toks, q) {
			continue
		}
		if q.open > at && q.open-at <= 12 || (at-q.close >= 0 && at-q.close <= 3) {
			title = q
			break
		}
	}
	// "this project", "the abovementioned project": the one named before.
	if title == nil && ref == "" {
		if r.lastProject >= 0 {
			r.addProjectFacts(&r.doc.Projects[r.lastProject], toks, dates, used, instrument)
		}
		return
	}
	if instrument == "" && title == nil {
		return // a reference alone, with no project word: a TAIEX event number, a law
	}
	if instrument == "" && (r.titleInstrument == "Twinning" || r.titleInstrument == "Twinning Light") {
		instrument = r.titleInstrument // a Twinning project's page
	}
	if instrument == "" || instrument == "TAIEX" {
		// A titled project of another body or programme (TAIEX runs
		// events, not projects).
		instrument = "other"
	}
	p := Project{Spans: Spans{}, PartnerCountries: []string{}}
	if instrument != "" {
		p.Instrument = str(instrument)
	}
	if title != nil {
		t := cleanTitle(r.text[title.start:title.end])
		if t != "" {
			p.Title = str(t)
			p.Spans["title"] = r.span(title.start, title.end)
			title.used = true
		}
	}
	if ref == "" && title != nil {
		// "“Title” (UA/48b)": a code in brackets after the title.
		if k := title.close + 1; k+2 < len(toks) && toks[k].text == "(" {
			e := k + 1
			for e < len(toks) && e < k+8 && toks[e].text != ")" {
				e++
			}
			if e < len(toks) && toks[e].text == ")" && e > k+1 {
				code := r.text[toks[k+1].start:toks[e-1].end]
				if strings.ContainsAny(code, "0123456789") && (strings.ContainsAny(code, "/-") && !strings.Contains(code, " ") || isCodeLike(code)) {
					ref, refStart, refEnd = code, toks[k+1].start, toks[e-1].end
				}
			}
		}
	}
	if ref != "" {
		p.Reference = str(ref)
		p.Spans["reference"] = r.span(refStart, refEnd)
	}
	r.addProjectFacts(&p, toks, dates, used, instrument)
	// Partners named anywhere in the sentence that introduces the
	// project ("which the Seimas Ombudsmen's Office of Lithuania
	// implements together with …"), but not the beneficiary's country
	// (in its title, or its reference's).
	exclude := map[string]bool{}
	if p.Reference != nil && len(*p.Reference) >= 2 {
		exclude[strings.ToUpper((*p.Reference)[:2])] = true
	}
	lo, hi := 0, len(toks)
	for i := at; i >= 0 && i < len(toks); i-- {
		if toks[i].text == ";" {
			lo = i + 1
			break
		}
	}
	for i := max(at, 0); i < len(toks); i++ {
		if toks[i].text == ";" {
			hi = i
			break
		}
	}
	for _, c := range sentencePartners(toks, lo, hi, quotes) {
		if !exclude[c.code] && !contains(p.PartnerCountries, c.code) {
			p.PartnerCountries = append(p.PartnerCountries, c.code)
		}
	}
	if p.Reference != nil {
		var kept []string
		for _, c := range p.PartnerCountries {
			if !exclude[c] {
				kept = append(kept, c)
			}
		}
		p.PartnerCountries = append([]string{}, kept...)
	}

	// The same project named again: by reference or title.
	for i := range r.doc.Projects {
		q := &r.doc.Projects[i]
		if (p.Reference != nil && q.Reference != nil && *p.Reference == *q.Reference) ||
			(p.Title != nil && q.Title != nil && nameKey(*p.Title) == nameKey(*q.Title)) {
			mergeProject(q, p)
			r.lastProject = i
			return
		}
	}
	r.doc.Projects = append(r.doc.Projects, p)
	r.lastProject = len(r.doc.Projects) - 1
}

// isComponentTitle says a quote names a project's component or an
// activity rather than the project.
func isComponentTitle(toks []token, q *quote) bool {
	for i := max(0, q.open-5); i < q.open; i++ {
		if toks[i].is("component", "components", "activity", "result", "seminar", "workshop", "conference", "training", "course", "round", "roundtable", "journal", "series", "guide", "handbook", "newsletter", "magazine", "newspaper", "bulletin", "newsletter", "report", "book", "brochure", "article", "articles", "publication", "law", "strategy") {
			return true
		}
	}
	return false
}

// addProjectFacts reads a project's duration, dates and partners from a
// sentence about it.
func (r *reader) addProjectFacts(p *Project, toks []token, dates []dateRange, used []bool, instrument string) {
	if p.Instrument == nil && instrument != "" {
		p.Instrument = str(instrument)
	}
	if p.DurationMonths == nil {
		if n, s, e := findDuration(toks); n > 0 {
			p.DurationMonths = &n
			p.Spans["duration_months"] = r.span(s, e)
		}
	}
	// Dates of the project: not those an event of the sentence takes
	// (events are read after projects, so leave dates beside event
	// words to them).
	// In a sentence that also tells of events, only dates near the
	// project word are the project's.
	at, events := -1, false
	for i, t := range toks {
		if at < 0 && t.is("project", "programme", "program") {
			at = i
		}
		if k, _ := kindAt(toks, i); k != "" {
			events = true
		}
	}
	for di, d := range dates {
		if used[di] || nearEventWord(toks, d) {
			continue
		}
		if events && at >= 0 && d.first-at > 15 {
			continue
		}
		before := ""
		if d.first > 0 {
			before = toks[d.first-1].lower()
		}
		switch before {
		case "until", "till", "to", "through", "ended", "ends", "end", "completed", "concluded", "by":
			if p.End == nil {
				p.End = str(d.from.String())
				p.Spans["end"] = r.span(d.start, d.end)
				used[di] = true
			}
			continue
		}
		if p.Start == nil {
			p.Start = str(d.from.String())
			p.Spans["start"] = r.span(d.start, d.end)
			used[di] = true
			if d.to.y != 0 {
				p.End = str(d.to.String())
				p.Spans["end"] = r.span(d.start, d.end)
			}
		}
	}
	for _, c := range partnerCountries(toks) {
		if !contains(p.PartnerCountries, c.code) {
			p.PartnerCountries = append(p.PartnerCountries, c.code)
			if _, ok := p.Spans["partner_countries"]; !ok {
				p.Spans["partner_countries"] = r.span(c.start, c.end)
			} else {
				sp := p.Spans["partner_countries"]
				p.Spans["partner_countries"] = [2]int{sp[0], r.span(c.start, c.end)[1]}
			}
		}
	}
}

// partnerWords say a sentence names who runs a project.
var partnerWords = map[string]bool{"implemented": true, "implements": true, "implementing": true, "led": true, "leads": true,
	"partner": true, "partners": true, "partnership": true, "consortium": true, "cooperation": true, "co-operation": true,
	"together": true, "jointly": true, "funded": true, "financed": true, "supported": true, "support": true}

// sentencePartners reads every country a project sentence names, when
// it says who runs the project: outside quotes, outside the experts'
// countries, by name or adjective before an institution.
func sentencePartners(toks []token, lo, hi int, quotes []*quote) []countryMention {
	has := false
	for _, t := range toks[lo:hi] {
		if partnerWords[t.low] {
			has = true
			break
		}
	}
	if !has {
		return nil
	}
	var out []countryMention
	experts := false
	for i := lo; i < hi; i++ {
		t := toks[i]
		if insideQuote(quotes, i) {
			continue
		}
		switch {
		case t.is("experts", "expert", "specialists", "including", "beneficiary", "among"):
			experts = true
			continue
		case t.kind == tPunct && (t.text == ";" || t.text == "."):
			experts = false
			continue
		case partnerWords[t.low]:
			experts = false
		}
		if experts {
			continue
		}
		if code, k := countryAt(toks[:hi], i); code != "" {
			// "the EU Delegation to Georgia", "visits to Armenia": where,
			// not who.
			if !(i > 0 && toks[i-1].is("to", "in", "at")) {
				out = append(out, countryMention{code, t.start, toks[k-1].end})
			}
			i = k - 1
			continue
		}
		if code := adjectiveAt(toks, i); code != "" && i+1 < hi && toks[i+1].capitalized() && !toks[i+1].is("experts") {
			out = append(out, countryMention{code, t.start, t.end})
		}
	}
	return out
}

// factSheet reads a line of a project's fact sheet ("Title: …",
// "Duration: eight months (1 September 2017 – 30 April 2018)",
// "Member State partner: …") into the project the text is about.
func (r *reader) factSheet(toks []token, dates []dateRange, used []bool) bool {
	if len(toks) < 3 || toks[0].kind != tWord {
		return false
	}
	colon := -1
	for i := 1; i < len(toks) && i < 6; i++ {
		if toks[i].text == ":" {
			colon = i
			break
		}
		if toks[i].kind != tWord {
			return false
		}
	}
	if colon < 0 || colon+1 >= len(toks) || r.lastProject < 0 {
		return false
	}
	label := strings.ToLower(r.joinTokens(toks, 0, colon))
	p := &r.doc.Projects[r.lastProject]
	a, b := colon+1, len(toks)
	for b > a && toks[b-1].kind == tPunct && toks[b-1].text == "." {
		b--
	}
	switch {
	case label == "title" || label == "project title" || label == "project":
		if p.Title == nil && a < b {
			p.Title = str(cleanTitle(strings.Trim(r.joinTokens(toks, a, b), "“”\"'")))
			p.Spans["title"] = r.span(toks[a].start, toks[b-1].end)
		}
	case strings.Contains(label, "partner"):
		for i := a; i < b; i++ {
			code, k := countryAt(toks, i)
			if code == "" {
				code, k = adjectiveAt(toks, i), i+1
			}
			if code != "" && !contains(p.PartnerCountries, code) {
				p.PartnerCountries = append(p.PartnerCountries, code)
				i = k - 1
			}
		}
	case label == "duration" || label == "period" || label == "implementation period" || label == "dates":
		r.addProjectFacts(p, toks, dates, used, "")
	case label == "reference" || label == "ref" || label == "fiche":
		if p.Reference == nil && a < b {
			p.Reference = str(r.joinTokens(toks, a, b))
			p.Spans["reference"] = r.span(toks[a].start, toks[b-1].end)
		}
	default:
		return false
	}
	return true
}

// nearEventWord says a date sits beside an event word of the sentence.
func nearEventWord(toks []token, d dateRange) bool {
	for i := max(0, d.first-8); i < min(len(toks), d.last+9); i++ {
		if k, _ := kindAt(toks, i); k != "" {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type countryMention struct {
	code       string
	start, end int
}

// partnerCountries reads the member states a project is run with: "in
// cooperation with Germany and Poland", "led by the Austrian Ombudsman
// Board", "with the Lithuanian Seimas Ombudsmen as junior partner". The
// experts' home countries ("experts from Greece") are not partners.
func partnerCountries(toks []token) []countryMention {
	var out []countryMention
	on := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.is("cooperation", "co-operation", "partnership", "consortium", "partners", "partner", "led", "implemented", "jointly", "together"):
			on = true
			continue
		case t.is("experts", "expert", "including", "specialists", "beneficiary", "funded", "financed", "countries") || (t.kind == tPunct && strings.ContainsAny(t.text, ".;")):
			on = false
			continue
		}
		if !on {
			continue
		}
		if code, k := countryAt(toks, i); code != "" {
			out = append(out, countryMention{code, toks[i].start, toks[k-1].end})
			i = k - 1
			continue
		}
		if code := adjectiveAt(toks, i); code != "" && i+1 < len(toks) && toks[i+1].capitalized() {
			out = append(out, countryMention{code, t.start, t.end})
		}
	}
	return out
}

// findDuration reads a project's length: "24 month", "up to six
// month", "two-year", "18-month", "lasting three months".
func findDuration(toks []token) (int, int, int) {
	for i, t := range toks {
		// "two-year", "18-month", "six-month" in one token or split.
		if t.kind == tWord && strings.Contains(t.text, "-") {
			a, b, _ := strings.Cut(strings.ToLower(t.text), "-")
			if n, ok := numberWords[a]; ok && n > 0 {
				switch {
				case strings.HasPrefix(b, "month"):
					return n, t.start, t.end
				case strings.HasPrefix(b, "year"):
					return 12 * n, t.start, t.end
				}
			}
		}
		n, ok := numberAt(t)
		if !ok || n <= 0 || n > 120 || t.is("a", "an", "one") && !(i+1 < len(toks) && toks[i+1].is("year", "year-long", "-")) {
			continue
		}
		j := i + 1
		if j < len(toks) && toks[j].isDash() && !toks[j].space {
			j++
		}
		if j >= len(toks) {
			continue
		}
		w := strings.ToLower(toks[j].text)
		switch {
		case strings.HasPrefix(w, "month"):
			return n, t.start, toks[j].end
		case w == "year" || w == "years" || strings.HasPrefix(w, "year-"):
			// "in 2 years" is a duration; "two years ago" is not.
			if j+1 < len(toks) && toks[j+1].is("ago", "old") {
				continue
			}
			return 12 * n, t.start, toks[j].end
		}
	}
	return 0, 0, 0
}

// findReference reads a project reference: a Twinning fiche number in
// any of its shapes, or what follows "ref." or "reference".
func findReference(text string, toks []token) (string, int, int) {
	for i, t := range toks {
		// Candidates begin with a two-letter country code, capitals.
		if t.kind != tWord || len(t.text) < 2 || !isUpperASCII(t.text[:2]) {
			continue
		}
		// Take up to 12 tokens that could be part of it.
		end := i
		for j := i; j < len(toks) && j < i+14; j++ {
			tj := toks[j]
			if tj.kind == tPunct && !strings.ContainsAny(tj.text, "/-") {
				break
			}
			if tj.kind == tWord && !isUpperASCII(tj.text) && !tj.is("twl", "tl") {
				break
			}
			if j > i && tj.space && tj.kind == tPunct {
				break
			}
			end = j
		}
		// Longest that parses.
		for j := end; j > i; j-- {
			s := text[t.start:toks[j].end]
			if _, err := twinning.Parse(s); err == nil {
				return s, t.start, toks[j].end
			}
		}
	}
	// "ref. X", "reference number X", "No. X".
	for i, t := range toks {
		if !t.is("ref", "reference", "no", "nr", "fiche") {
			continue
		}
		j := i + 1
		for j < len(toks) && (toks[j].text == "." || toks[j].text == ":" || toks[j].is("number", "no", "nr")) {
			j++
		}
		if j >= len(toks) || t.is("no") && toks[i+1].text != "." {
			continue
		}
		// The reference runs to the next space.
		start := toks[j].start
		k := j
		for k+1 < len(toks) && !toks[k+1].space && !(toks[k+1].kind == tPunct && strings.ContainsAny(toks[k+1].text, ",;)(")) {
			k++
		}
		if toks[k].kind == tPunct && toks[k].text == "." {
			k--
		}
		if k < j {
			continue
		}
		s := text[start:toks[k].end]
		if strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0 && len(s) >= 4 {
			return s, start, toks[k].end
		}
	}
	return "", 0, 0
}

// isCodeLike is a reference written in capitals and figures with
// spaces: "KS 14 IPA JH 01 16".
func isCodeLike(s string) bool {
	parts := strings.Fields(s)
	if len(parts) < 3 {
		return false
	}
	for _, p := range parts {
		if !isUpperASCII(p) {
			return false
		}
	}
	return true
}

func isUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func mergeProject(dst *Project, src Project) {
	if dst.Instrument == nil {
		dst.Instrument = src.Instrument
	}
	if dst.Title == nil && src.Title != nil {
		dst.Title, dst.Spans["title"] = src.Title, src.Spans["title"]
	}
	if dst.Reference == nil && src.Reference != nil {
		dst.Reference, dst.Spans["reference"] = src.Reference, src.Spans["reference"]
	}
	if dst.DurationMonths == nil && src.DurationMonths != nil {
		dst.DurationMonths, dst.Spans["duration_months"] = src.DurationMonths, src.Spans["duration_months"]
	}
	if dst.Start == nil && src.Start != nil {
		dst.Start, dst.Spans["start"] = src.Start, src.Spans["start"]
	}
	if dst.End == nil && src.End != nil {
		dst.End, dst.Spans["end"] = src.End, src.Spans["end"]
	}
	for _, c := range src.PartnerCountries {
		if !contains(dst.PartnerCountries, c) {
			dst.PartnerCountries = append(dst.PartnerCountries, c)
		}
	}
}
