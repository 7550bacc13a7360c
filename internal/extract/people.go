package extract

import (
	"strings"
	"unicode/utf8"
)

// nameParticles may stand lower-case inside a name.
var nameParticles = map[string]bool{"van": true, "von": true, "de": true, "der": true, "den": true, "da": true, "di": true, "du": true, "la": true, "le": true, "del": true, "dos": true, "das": true, "bin": true, "al": true, "ibn": true, "ter": true, "ten": true, "y": true}

// notNames are capitalised words that begin sentences or name things,
// never people.
var notNames = map[string]bool{
	"the": true, "on": true, "in": true, "at": true, "during": true, "within": true, "under": true, "this": true, "that": true,
	"ombudsman": true, "office": true, "european": true, "union": true, "commissioner": true, "council": true, "republic": true,
	"ministry": true, "national": true, "human": true, "rights": true, "defender": true, "twinning": true, "taiex": true,
	"project": true, "seminar": true, "workshop": true, "conference": true, "deputy": true, "head": true, "international": true,
	"public": true, "mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "and": true, "of": true, "for": true,
	"eu": true, "un": true, "osce": true, "undp": true, "department": true, "institute": true, "university": true, "delegation": true,
	"embassy": true, "ambassador": true, "judge": true, "director": true, "general": true, "state": true, "committee": true,
}

// nameAt reads a person's name at token i: capitalised words (with
// particles and hyphens), two to five of them. It returns the index
// after the name, or i when there is none.
func nameAt(toks []token, i int) int {
	j := i
	words := 0
	for j < len(toks) && j-i < 7 {
		t := toks[j]
		switch {
		case t.kind == tWord && t.capitalized() && !roleWords[t.lower()] || (t.kind == tWord && t.capitalized() && words == 0):
			if words == 0 && notNames[t.lower()] {
				return i
			}
			words++
			j++
			continue
		case t.kind == tWord && nameParticles[t.lower()] && words > 0:
			// "van der Berg": particles, then a capitalised word.
			k := j
			for k < len(toks) && k-j < 3 && toks[k].kind == tWord && nameParticles[toks[k].lower()] {
				k++
			}
			if k < len(toks) && toks[k].capitalized() && !roleWords[toks[k].lower()] {
				j = k
				continue
			}
		case t.kind == tPunct && t.text == "." && !t.space && j > i && utf8.RuneCountInString(toks[j-1].text) == 1:
			j++ // an initial: "J. Smith"
			continue
		}
		break
	}
	if words < 2 {
		return i
	}
	return j
}

// personHonorificAt reads an honorific at token i ("Mr.", "H.E.",
// "Ambassador") and returns the index after it, or i.
func honorificAt(toks []token, i int) int {
	t := toks[i]
	if t.kind != tWord {
		return i
	}
	l := t.lower()
	if l == "h" && i+3 < len(toks) && toks[i+1].text == "." && toks[i+2].is("e") {
		j := i + 3
		if j < len(toks) && toks[j].text == "." {
			j++
		}
		return j
	}
	if (l == "his" || l == "her") && i+1 < len(toks) && toks[i+1].is("excellency") {
		return i + 2
	}
	if !honorifics[l] || !t.capitalized() {
		return i
	}
	j := i + 1
	if j < len(toks) && toks[j].text == "." && !toks[j].space {
		j++
	}
	return j
}

// stoppers end a person's apposition: the verb of the sentence, or the
// next person.
var stoppers = map[string]bool{
	"participated": true, "took": true, "made": true, "said": true, "delivered": true, "presented": true, "spoke": true,
	"was": true, "were": true, "attended": true, "opened": true, "welcomed": true, "noted": true, "stressed": true,
	"emphasized": true, "emphasised": true, "highlighted": true, "as": true, "who": true, "shared": true, "gave": true,
	"visited": true, "met": true, "joined": true, "led": true, "moderated": true, "chaired": true, "addressed": true,
	"introduced": true, "discussed": true, "held": true, "also": true, "have": true, "has": true, "had": true, "will": true,
	"informed": true, "underlined": true, "explained": true, "thanked": true, "conducted": true, "provided": true,
	"acted": true, "signed": true, "received": true, "hosted": true, "organised": true, "organized": true, "is": true,
	"are": true, "served": true, "answered": true, "focused": true, "focussed": true, "told": true, "outlined": true,
	"pointed": true, "reported": true, "stated": true, "underscored": true, "briefed": true, "paid": true, "came": true,
	"travelled": true, "traveled": true, "went": true, "arrived": true, "presented:": true, "while": true, "where": true,
	"which": true, "during": true,
}

// readPeople finds people: an honorific and a name ("Mrs. Adriana
// Stehouwer"), or a name in apposition with a title ("Ana Ionescu,
// Deputy Ombudsman"), with the title, institution and country the text
// gives them.
func (r *reader) readPeople(toks []token) {
	for i := 0; i < len(toks); i++ {
		h := honorificAt(toks, i)
		start := i
		var end int
		hasHonorific := h > i
		if hasHonorific {
			end = nameAt(toks, h)
			if end == h {
				continue
			}
			start = h
		} else {
			// Without an honorific: a name followed by a comma and a
			// title ("Ana Ionescu, Deputy Ombudsman of Romania"), or
			// preceded by a title ("Deputy Ombudsman Ana Ionescu").
			if !toks[i].capitalized() {
				continue
			}
			if i > 0 && toks[i-1].capitalized() && !roleWords[toks[i-1].lower()] {
				// Inside a run of capitals: a name only at the run's
				// end, after a title ("the Ukrainian Parliament
				// Commissioner for Human Rights Lyudmyla Denysenko").
				if e := nameAfterTitle(toks, i); e > i {
					r.addPerson(toks, i, i, e)
					i = e - 1
				}
				continue
			}
			end = nameAt(toks, i)
			if end == i {
				continue
			}
			titleAfter := end+1 < len(toks) && toks[end].text == "," && titleStarts(toks, end+1)
			titleBefore := i > 0 && roleWords[toks[i-1].lower()] && toks[i-1].capitalized()
			// "the Ombudsman of Armenia, Arman Petrosyan, received …"
			appositive := i > 0 && toks[i-1].text == "," && (end >= len(toks) || toks[end].kind == tPunct || stoppers[toks[end].lower()]) &&
				preTitle(toks, i)[0] < preTitle(toks, i)[1]
			if !titleAfter && !titleBefore && !appositive {
				continue
			}
			if looksInstitutional(toks, i, end) {
				continue
			}
		}
		r.addPerson(toks, i, start, end)
		i = end - 1
	}
}

// commonNouns end the names of things, not of people ("Preventive
// Mechanism", "Aid Programme", "Displaced Persons").
var commonNouns = map[string]bool{
	"mechanism": true, "promotion": true, "displaced": true, "aid": true, "development": true, "reform": true,
	"strategy": true, "initiative": true, "facility": true, "fund": true, "group": true, "partnership": true,
	"programme": true, "program": true, "plan": true, "action": true, "day": true, "week": true, "year": true,
	"report": true, "conference": true, "seminar": true, "workshop": true, "visit": true, "meeting": true,
	"mission": true, "dialogue": true, "platform": true, "convention": true, "charter": true, "act": true,
	"code": true, "principles": true, "standards": true, "region": true, "area": true, "zone": true, "city": true,
	"people": true, "persons": true, "children": true, "women": true, "youth": true, "minorities": true,
	"refugees": true, "migrants": true, "prisoners": true, "detainees": true, "victims": true, "defenders": true,
	"liberty": true, "discrimination": true, "equality": true, "justice": true, "parliament": true, "assembly": true,
}

// nameAfterTitle reads a name of two words at token i that ends a run
// of capitalised words holding a title ("OSCE Project Co-ordinator in
// Ukraine Henrik Villadsen"), and returns the index after it, or i.
func nameAfterTitle(toks []token, i int) int {
	e := i + 2
	if e > len(toks) || !toks[i+1].capitalized() {
		return i
	}
	if e < len(toks) && (toks[e].capitalized() || toks[e].kind == tWord && nameParticles[toks[e].low]) {
		return i // the run goes on: not its end
	}
	if looksInstitutional(toks, i, e) {
		return i
	}
	for _, t := range toks[i:e] {
		if isAcronym(t.text) || len(t.text) < 2 || titleWord(t.low) || commonNouns[t.low] || commonNouns[strings.TrimSuffix(t.low, "s")] || titleWord(strings.TrimSuffix(t.low, "s")) {
			return i
		}
	}
	// A title in the run before it.
	for k := i - 1; k >= 0 && i-k <= 10; k-- {
		t := toks[k]
		if t.kind != tWord || !t.capitalized() && !t.is("of", "for", "in", "the", "on", "and") {
			break
		}
		if roleWords[t.low] && !modifiers[t.low] {
			return e
		}
	}
	return i
}

// titleStarts says a person's title begins at token i.
func titleStarts(toks []token, i int) bool {
	for j := i; j < len(toks) && j < i+4; j++ {
		t := toks[j]
		if t.is("the", "a", "an", "former", "then") {
			continue
		}
		return t.kind == tWord && roleWords[t.lower()]
	}
	return false
}

// looksInstitutional says capitalised words name a body, not a person.
func looksInstitutional(toks []token, from, to int) bool {
	for _, t := range toks[from:to] {
		l := t.lower()
		if isAcronym(t.text) || honorifics[l] || subunitWords[l] || commonNouns[l] {
			return true
		}
		if institutionWords[l] || roleWords[l] || adjectives[l] != "" || months[l] != 0 || weekdays[l] {
			return true
		}
		if _, ok := countryNames()[l]; ok {
			return true
		}
		if _, ok := cities[l]; ok {
			return true
		}
	}
	return false
}

// addPerson records the person named by tokens [start, end) (from is
// where the honorific begins), with what the text says around the name.
func (r *reader) addPerson(toks []token, from, start, end int) {
	name := r.joinTokens(toks, start, end)
	p := Person{Name: name, Spans: Spans{"name": r.span(toks[start].start, toks[end-1].end)}}

	// A title before the name: "the Deputy Ombudsman of Georgia, Ms. X",
	// "his staff member Mr. X", "Ambassador X".
	pre := preTitle(toks, from)
	var segments [][2]int // token ranges after the name
	if end < len(toks) && (toks[end].text == "," || toks[end].text == "(") {
		segments = appositionSegments(toks, end)
	}
	// "Mr. X from the Polish Ombudsman office", "Mr. X of the Austrian
	// Ombudsman Board".
	if len(segments) == 0 && end+1 < len(toks) && toks[end].is("from", "of") {
		k := end + 1
		stop := k
		for stop < len(toks) && !(toks[stop].kind == tPunct && strings.ContainsAny(toks[stop].text, ",.;()")) && !stoppers[toks[stop].lower()] && !toks[stop].is("and") {
			stop++
		}
		if stop > k {
			segments = [][2]int{{-1, -1}, {k, stop}} // no title, an institution
		}
	}

	var role, org *string
	var roleSpan, orgSpan [2]int
	country := ""
	var countrySpan [2]int
	setCountry := func(code string, s, e int) {
		if country == "" && code != "" {
			country, countrySpan = code, r.span(s, e)
		}
	}
	var orgParts []string
	var orgFrom, orgTo int = -1, -1
	addOrg := func(text string, s, e int) {
		if text == "" {
			return
		}
		orgParts = append(orgParts, text)
		if orgFrom < 0 {
			orgFrom = s
		}
		orgTo = e
	}

	// The title and the institution it names ("Former Delegate to the
	// Defender of rights", "Seimas Ombudsman of Lithuania").
	readTitle := func(a, b int) {
		a = skipArticles(toks, a, b)
		for b > a && toks[b-1].is("at", "the", "of", "to", "in", "for", "and", "a", "an") {
			b--
		}
		if a < b && toks[a].is("ambassador") {
			// "Ambassador of Hungary to Moldova": the title, and the
			// country the ambassador represents.
			role, roleSpan = str(toks[a].text), r.span(toks[a].start, toks[a].end)
			if a+2 < b && toks[a+1].is("of") {
				if code, k := countryAt(toks, a+2); code != "" {
					setCountry(code, toks[a+2].start, toks[k-1].end)
				}
			} else if code := adjectiveAt(toks, a-1); code != "" {
				setCountry(code, toks[a-1].start, toks[a-1].end)
			}
			return
		}
		// A country at its end: "… of Lithuania", "…, the Netherlands".
		b = r.trimCountry(toks, a, b, setCountry)
		if a >= b {
			return
		}
		// "Head of Unit at the Office of X": the post, then where.
		for k := a + 1; k < b-1; k++ {
			if toks[k].is("at", "with", "within") {
				m := k + 1
				if toks[m].is("the") {
					m++
				}
				if m < b && hasInstitutionWord(toks, m, b) {
					role, roleSpan = str(r.joinTokens(toks, a, b)), r.span(toks[a].start, toks[b-1].end)
					addOrg(r.joinTokens(toks, m, b), toks[m].start, toks[b-1].end)
					for q := m; q < b; q++ {
						setCountry(adjectiveAt(toks, q), toks[q].start, toks[q].end)
					}
					return
				}
			}
		}
		text := r.joinTokens(toks, a, b)
		role, roleSpan = str(text), r.span(toks[a].start, toks[b-1].end)
		// The institution inside the title, after "of the"/"to the".
		for k := a + 1; k < b-1; k++ {
			if toks[k].is("of", "to", "at", "in") {
				m := k + 1
				if toks[m].is("the") {
					m++
				}
				if m < b && hasInstitutionWord(toks, m, b) {
					addOrg(r.joinTokens(toks, m, b), toks[m].start, toks[b-1].end)
					for q := m; q < b; q++ {
						setCountry(adjectiveAt(toks, q), toks[q].start, toks[q].end)
					}
					return
				}
			}
		}
		for q := a; q < b; q++ {
			setCountry(adjectiveAt(toks, q), toks[q].start, toks[q].end)
		}
	}

	switch {
	case len(segments) > 0 && segments[0][0] >= 0:
		readTitle(segments[0][0], segments[0][1])
	case pre[0] < pre[1]:
		readTitle(pre[0], pre[1])
	case start > from && toks[from].is("ambassador", "judge", "professor", "minister"):
		// "Ambassador Jan Novak": the honorific is the title.
		role, roleSpan = str(toks[from].text), r.span(toks[from].start, toks[from].end)
	}
	// Later segments: an institution, a country, a city.
	for _, sg := range segments[min(1, len(segments)):] {
		a, b := sg[0], sg[1]
		a = skipArticles(toks, a, b)
		for b > a && toks[b-1].is("at", "the", "of", "to", "in", "for", "and", "a", "an") {
			b--
		}
		if a >= b {
			continue
		}
		if code, k := countryAt(toks, a); code != "" && k == b {
			setCountry(code, toks[a].start, toks[k-1].end)
			continue
		}
		if code, k := cityAt(toks, a); code != "" && k == b {
			continue
		}
		if role != nil && secondTitle(toks, a, b) {
			// A second title: "Ambassador, Head of the EU Delegation".
			saved := role
			savedSpan := roleSpan
			readTitle(a, b)
			if role != nil {
				joined := *saved + ", " + *role
				role, roleSpan = &joined, [2]int{savedSpan[0], roleSpan[1]}
			}
			continue
		}
		b = r.trimCountry(toks, a, b, setCountry)
		if a >= b {
			continue
		}
		addOrg(r.joinTokens(toks, a, b), toks[a].start, toks[b-1].end)
		for q := a; q < b; q++ {
			setCountry(adjectiveAt(toks, q), toks[q].start, toks[q].end)
		}
	}
	if len(segments) > 0 && segments[0][0] < 0 && role == nil && pre[0] < pre[1] {
		readTitle(pre[0], pre[1])
	}
	// A unit of an institution ("International Department, Office of
	// the Commissioner", "Legal Services of the Parliamentary
	// Ombudsman"): the institution is the organisation.
	for len(orgParts) > 1 && isSubunit(orgParts[0]) {
		orgParts = orgParts[1:]
		orgFrom = -1
	}
	if len(orgParts) == 1 && isSubunit(orgParts[0]) {
		if i := strings.LastIndex(orgParts[0], " of the "); i > 0 {
			orgParts[0] = orgParts[0][i+len(" of the "):]
			orgFrom = -1
		} else if i := strings.LastIndex(orgParts[0], " of "); i > 0 && !strings.HasSuffix(orgParts[0][i:], "Rights") {
			orgParts[0] = orgParts[0][i+len(" of "):]
			orgFrom = -1
		}
	}
	if len(orgParts) == 0 && org == nil {
		// "a delegation of the Polish Commissioner for Human Rights led
		// by Deputy Commissioner Dr. X": the institution X leads.
		if a, b := ledBy(toks, from); a < b {
			addOrg(r.joinTokens(toks, a, b), toks[a].start, toks[b-1].end)
			for q := a; q < b; q++ {
				setCountry(adjectiveAt(toks, q), toks[q].start, toks[q].end)
			}
		}
	}
	if len(orgParts) > 0 {
		if orgFrom < 0 {
			// The span of what is left, found in the text of the parts.
			joined := strings.Join(orgParts, ", ")
			if i := strings.Index(r.text[:orgTo], joined); i >= 0 {
				orgFrom = i
			} else {
				orgFrom = orgTo - len(joined)
			}
			if orgFrom < 0 {
				orgFrom = 0
			}
		}
		org, orgSpan = str(strings.Join(orgParts, ", ")), r.span(orgFrom, orgTo)
	} else if role != nil && holdsOffice(*role) {
		// "the Seimas Ombudsman": the office holder names the office.
		org, orgSpan = role, roleSpan
	} else if role != nil {
		// "Deputy Protector of Citizens": a post in the office named
		// after the post's first word.
		words := strings.Fields(*role)
		k := 0
		for k < len(words) && subordinate[strings.ToLower(words[k])] {
			k++
		}
		if rest := strings.Join(words[k:], " "); k > 0 && len(words)-k >= 1 && holdsOffice(rest) {
			org = str(rest)
			orgSpan = roleSpan
		}
	}
	// "his staff member": the previous person's institution.
	if pre[2] == 1 && r.lastPerson >= 0 {
		prev := r.doc.People[r.lastPerson]
		if org == nil && prev.Organization != nil {
			org, orgSpan = prev.Organization, prev.Spans["organization"]
		}
		if country == "" && prev.Country != nil {
			country, countrySpan = *prev.Country, prev.Spans["country"]
		}
	}
	if country == "" && org != nil {
		// An institution the text placed earlier: "the Protector of
		// Citizens of the Republic of Serbia".
		if code := r.placedOrg(*org); code != "" {
			country, countrySpan = code, p.Spans["organization"]
			if org == role {
				countrySpan = roleSpan
			} else {
				countrySpan = orgSpan
			}
		}
	}
	if country == "" && org != nil && !international(*org) && holdsOffice(strings.ReplaceAll(*org, "'s", "")) && r.home != "" {
		// The office the text is about ("the People's Advocate, Mr.
		// X"): the country the text is about.
		country, countrySpan = r.home, p.Spans["name"]
	}
	if country != "" && org != nil && international(*org) {
		country = ""
	}
	if country != "" && org == nil && role != nil && international(*role) {
		country = ""
	}
	p.Role, p.Organization = role, org
	if role != nil {
		p.Spans["role"] = roleSpan
	}
	if org != nil {
		p.Spans["organization"] = orgSpan
	}
	if country != "" {
		p.Country = str(country)
		p.Spans["country"] = countrySpan
	}

	key := nameKey(name)
	if i, ok := r.personByKey[key]; ok {
		q := &r.doc.People[i]
		if q.Role == nil && p.Role != nil {
			q.Role, q.Spans["role"] = p.Role, p.Spans["role"]
		}
		if q.Organization == nil && p.Organization != nil {
			q.Organization, q.Spans["organization"] = p.Organization, p.Spans["organization"]
		}
		if q.Country == nil && p.Country != nil {
			q.Country, q.Spans["country"] = p.Country, p.Spans["country"]
		}
		r.lastPerson = i
		return
	}
	// A surname alone later ("Mr. Ben Romdhane-Jaziri" after "Mr. Karim
	// Ben Romdhane-Jaziri") is the same person.
	for i, q := range r.doc.People {
		if strings.HasSuffix(nameKey(q.Name), " "+key) {
			r.lastPerson = i
			return
		}
	}
	r.personByKey[key] = len(r.doc.People)
	r.doc.People = append(r.doc.People, p)
	r.lastPerson = len(r.doc.People) - 1
}

// subunitWords head the name of a unit inside an institution.
var subunitWords = map[string]bool{"department": true, "division": true, "unit": true, "section": true, "team": true,
	"sector": true, "services": true, "directorate": true, "secretariat": false, "bureau": false}

func isSubunit(name string) bool {
	words := strings.Fields(strings.ToLower(name))
	for i, w := range words {
		if w == "of" || w == "for" && i > 0 && subunitWords[words[i-1]] {
			return false
		}
		if subunitWords[w] {
			// "International Department", "NPM Department", "Legal
			// Services of the …", "Department for the Execution of
			// Judgments of the Council of Europe".
			return strings.Contains(name, " of ") || i == len(words)-1 || words[i+1] == "for"
		}
	}
	return false
}

// modifiers qualify a title word without being one.
var modifiers = map[string]bool{"public": true, "senior": true, "junior": true, "former": true, "acting": true, "first": true, "second": true, "deputy": true, "vice": true, "chief": true}

// secondTitle says a later stretch after a name is another title ("Head
// of the EU Delegation"), not an institution ("Public Defender's
// Office").
func secondTitle(toks []token, a, b int) bool {
	k := skipArticles(toks, a, b)
	for k < b && modifiers[toks[k].low] {
		k++
	}
	if k >= b || !roleWords[toks[k].low] || institutionWords[toks[k].low] && !subordinate[toks[k].low] {
		return false
	}
	// The title word heads the stretch: what follows is "of …", "to …".
	return k+1 == b || toks[k+1].is("of", "to", "at", "for", "in", "and")
}

// titleLower are the lower-case words titles and institutions are made
// of ("legal adviser", "staff member", "office of Katowice"); any other
// lower-case word ends a person's apposition ("…, recalled that").
var titleLower = map[string]bool{
	"of": true, "the": true, "for": true, "and": true, "to": true, "at": true, "in": true, "on": true, "de": true, "du": true,
	"des": true, "la": true, "le": true, "di": true, "van": true, "von": true, "der": true, "a": true, "an": true, "legal": true,
	"international": true, "human": true, "rights": true, "regional": true, "national": true, "general": true, "special": true,
	"external": true, "policy": true, "programme": true, "program": true, "project": true, "political": true, "relations": true,
	"affairs": true, "cooperation": true, "co-operation": true, "team": true, "unit": true, "department": true, "division": true,
	"section": true, "office": true, "children's": true, "child": true, "children": true, "women's": true, "equality": true,
	"protection": true, "prevention": true, "torture": true, "monitoring": true, "complaints": true, "research": true,
	"communications": true, "communication": true, "press": true, "public": true, "task": true, "country": true, "desk": true,
	"resident": true, "twinning": true, "short-term": true, "long-term": true, "key": true, "component": true, "leader": true,
	"npm": true, "field": true, "local": true, "main": true, "principal": true, "administrative": true, "judicial": true,
	"justice": true, "foreign": true, "social": true, "health": true, "education": true, "migration": true, "civil": true,
	"society": true, "governance": true, "democracy": true, "democratisation": true, "democratization": true, "law": true,
	"rule": true, "freedom": true, "freedoms": true, "information": true, "data": true, "citizens": true, "persons": true,
	"with": true, "disabilities": true, "minorities": true, "ombudsman's": true, "services": true, "service": true,
	"del": true, "do": true, "da": true, "dos": true, "das": true, "colleague": true, "colleagues": true, "counterpart": true,
}

func titleWord(w string) bool {
	return titleLower[w] || roleWords[w] || institutionWords[w] || subordinate[w]
}

// skipArticles moves past "the", "a", "an" at the start of a stretch.
func skipArticles(toks []token, a, b int) int {
	for a < b && toks[a].is("the", "a", "an") {
		a++
	}
	return a
}

// trimCountry takes a country off the end of a stretch ("… of
// Lithuania", "… (Poland)") and returns the new end.
// ledBy finds "of [the] <institution> led by [title] <name>" before a
// name at token from, and returns the institution's tokens.
func ledBy(toks []token, from int) (int, int) {
	k := from - 1
	for k > 0 && from-k < 6 && !toks[k].is("by") {
		k--
	}
	if k < 2 || !toks[k].is("by") || !toks[k-1].is("led", "headed", "chaired") {
		return 0, 0
	}
	b := k - 1
	a := b
	for a > 0 && b-a < 10 && !toks[a-1].is("of") && toks[a-1].kind == tWord {
		a--
	}
	if a == 0 || !toks[a-1].is("of") {
		return 0, 0
	}
	a = skipArticles(toks, a, b)
	if !hasInstitutionWord(toks, a, b) && !(b-a == 1 && isAcronym(toks[a].text)) {
		return 0, 0
	}
	return a, b
}

// isAcronym is a name in capitals: "CPT", "OSCE", "AOB".
func isAcronym(s string) bool {
	return len(s) >= 2 && len(s) <= 8 && isUpperASCII(s) && strings.IndexFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0
}

// placedOrg is the country of an institution the text placed, found by
// its name or a name it contains ("Department of Equality, Public
// Defender's Office").
func (r *reader) placedOrg(org string) string {
	key := nameKey(org)
	if code := r.orgCountry[key]; code != "" {
		return code
	}
	best, bestLen := "", 0
	for k, code := range r.orgCountry {
		if len(k) > bestLen && strings.Contains(key, k) {
			best, bestLen = code, len(k)
		}
	}
	return best
}

func (r *reader) trimCountry(toks []token, a, b int, set func(string, int, int)) int {
	// The longest country name that ends the stretch.
	k := -1
	var e int
	var code string
	for q := a + 1; q < b; q++ {
		c, end := countryAt(toks, q)
		if c != "" && (end == b || end == b-1 && toks[b-1].text == ")") {
			k, e, code = q, end, c
			break
		}
	}
	if k < 0 {
		return b
	}
	prev := toks[k-1]
	if prev.is("the") && k-1 > a {
		prev = toks[k-2]
	}
	if !prev.is("of", "from") && prev.text != "(" {
		// "Delegation of the European Union to the Republic of
		// Moldova": the country belongs to the name.
		return b
	}
	set(code, toks[k].start, toks[e-1].end)
	cut := k - 1
	for cut > a && (toks[cut].is("the", "of", "from", "in") || toks[cut].text == "(") {
		cut--
	}
	return cut + 1
}

func hasInstitutionWord(toks []token, a, b int) bool {
	for k := a; k < b; k++ {
		if institutionWords[toks[k].lower()] {
			return true
		}
	}
	return false
}

// holdsOffice says a title is the head of an office that bears the
// title's name ("Seimas Ombudsman", "Human Rights Defender") rather than
// a post within one ("Deputy Ombudsman").
func holdsOffice(title string) bool {
	words := strings.Fields(strings.ToLower(title))
	head := false
	for _, w := range words {
		if subordinate[w] {
			return false
		}
		if officeHolders[w] {
			head = true
		}
	}
	return head
}

// preTitle reads a title just before an honorific or name: "the Deputy
// Ombudsman of Georgia, Ms. X", "his staff member Mr. X". It returns the
// token range and, in [2], 1 when a possessive ties the person to the
// one named before.
func preTitle(toks []token, from int) [3]int {
	k := from
	if k > 0 && toks[k-1].text == "," {
		k--
	}
	// "Its Resident Twinning Adviser is Mr. X".
	if k > 1 && toks[k-1].is("is", "was") && toks[k-2].kind == tWord && roleWords[toks[k-2].low] {
		k--
	}
	j := k
	for j > 0 && k-j < 10 {
		t := toks[j-1]
		if t.kind != tWord || t.is("and", "by", "with", "from", "as", "on", "that", "who", "whom", "while", "between", "in") ||
			!t.capitalized() && !titleWord(t.low) && !t.is("his", "her", "their", "its") ||
			stoppers[t.lower()] && !roleWords[t.lower()] || months[t.lower()] != 0 || weekdays[t.lower()] {
			break
		}
		j--
	}
	if j >= k {
		return [3]int{}
	}
	for j < k && toks[j].is("of", "for", "to", "at", "in", "with") {
		j++ // "… participation of the Deputy Ombudsman, Ms. X"
	}
	if j >= k {
		return [3]int{}
	}
	possessive := toks[j].is("his", "her", "their")
	a := j
	if toks[a].is("its") {
		a++ // the institution's, not the person's before
	}
	if possessive {
		a++
	}
	a = skipArticles(toks, a, k)
	// It is a title only when it holds a title word.
	hasRole := false
	for q := a; q < k; q++ {
		if roleWords[toks[q].lower()] {
			hasRole = true
		}
	}
	if possessive && !hasRole {
		// "his colleague Ms. X": tied to the one before, no title.
		return [3]int{k, k, 1}
	}
	if !hasRole || a >= k {
		return [3]int{}
	}
	// "The experts, Mr. X": a plural says what kind of people, not a
	// title.
	if last := toks[k-1].lower(); k-a == 1 && strings.HasSuffix(last, "s") && roleWords[last] {
		return [3]int{}
	}
	pos := 0
	if possessive {
		pos = 1
	}
	return [3]int{a, k, pos}
}

// appositionSegments splits what follows a name into comma-separated
// stretches, up to the verb or the next person: ", Deputy Ombudsman,
// National Ombudsman, the Netherlands and Mrs. Y".
func appositionSegments(toks []token, at int) [][2]int {
	var out [][2]int
	paren := toks[at].text == "("
	i := at + 1
	segStart := i
	for ; i < len(toks); i++ {
		t := toks[i]
		if paren && t.text == ")" {
			break
		}
		if t.kind == tPunct && (t.text == "." || t.text == ";" || t.text == ":" || t.text == "(" || t.text == ")") {
			break
		}
		if t.kind == tWord && !t.capitalized() && (stoppers[t.low] || !titleWord(t.low)) {
			break
		}
		if t.is("and") {
			// "and Mrs. Y", "and his staff member": the next person;
			// "and included": the sentence goes on.
			if i+1 < len(toks) && (honorificAt(toks, i+1) > i+1 || toks[i+1].is("his", "her", "their") ||
				toks[i+1].kind == tWord && !toks[i+1].capitalized() && !roleWords[toks[i+1].low] && !toks[i+1].is("the", "a", "an")) {
				break
			}
		}
		if h := honorificAt(toks, i); h > i && nameAt(toks, h) > h {
			break
		}
		if t.text == "," {
			if i > segStart {
				out = append(out, [2]int{segStart, i})
			}
			segStart = i + 1
		}
	}
	if i > segStart {
		out = append(out, [2]int{segStart, i})
	}
	// The first stretch is a title only when it reads as one.
	if len(out) > 0 && !paren && !titleStarts(toks, out[0][0]) && !lowerPhrase(toks, out[0]) {
		if code, k := countryAt(toks, skipArticles(toks, out[0][0], out[0][1])); code != "" && k == out[0][1] {
			return append([][2]int{{-1, -1}}, out...)
		}
		if hasInstitutionWord(toks, out[0][0], out[0][1]) {
			return append([][2]int{{-1, -1}}, out...)
		}
		return nil
	}
	if paren {
		return append([][2]int{{-1, -1}}, out...)
	}
	return out
}

// lowerPhrase is a title in ordinary words ("staff member", "an expert").
func lowerPhrase(toks []token, sg [2]int) bool {
	for k := sg[0]; k < sg[1]; k++ {
		if roleWords[toks[k].lower()] {
			return true
		}
	}
	return false
}
