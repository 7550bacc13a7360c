package extract

import (
	"strings"

	"github.com/liaison-registry/liaison/internal/country"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Dictionaries. Country names come from CLDR (golang.org/x/text); what
// CLDR does not have (adjectives, short forms, cities) is listed here by
// hand.

// countryAliases are names CLDR spells otherwise, or not at all.
var countryAliases = map[string]string{
	"the netherlands": "NL", "holland": "NL", "czech republic": "CZ", "the czech republic": "CZ", "czechia": "CZ",
	"uk": "GB", "the uk": "GB", "united kingdom": "GB", "the united kingdom": "GB", "great britain": "GB", "britain": "GB",
	"usa": "US", "the usa": "US", "us": "US", "the us": "US", "united states": "US", "the united states": "US",
	"moldova": "MD", "republic of moldova": "MD", "the republic of moldova": "MD", "macedonia": "MK", "north macedonia": "MK",
	"republic of north macedonia": "MK", "kosovo": "XK", "turkey": "TR", "türkiye": "TR", "turkiye": "TR", "russia": "RU",
	"russian federation": "RU", "the russian federation": "RU", "slovak republic": "SK", "the slovak republic": "SK",
	"bosnia and herzegovina": "BA", "bosnia-herzegovina": "BA", "bosnia": "BA", "republic of azerbaijan": "AZ",
	"the republic of azerbaijan": "AZ", "republic of armenia": "AM", "the republic of armenia": "AM", "republic of lithuania": "LT",
	"the republic of lithuania": "LT", "republic of poland": "PL", "the republic of poland": "PL", "republic of georgia": "GE",
	"the republic of georgia": "GE", "ivory coast": "CI", "the philippines": "PH", "palestine": "PS", "vatican": "VA",
	"the republic of serbia": "RS", "republic of serbia": "RS", "republic of albania": "AL", "the republic of albania": "AL",
	"republic of croatia": "HR", "the republic of croatia": "HR", "republic of estonia": "EE", "republic of latvia": "LV",
	"republic of slovenia": "SI", "federal republic of germany": "DE", "kingdom of the netherlands": "NL",
	"kingdom of spain": "ES", "kingdom of sweden": "SE", "kingdom of belgium": "BE", "kingdom of denmark": "DK",
	"kingdom of norway": "NO", "republic of bulgaria": "BG", "republic of cyprus": "CY", "hellenic republic": "GR",
	"republic of kosovo": "XK", "republic of montenegro": "ME", "republic of moldova's": "MD", "ukraine's": "UA",
}

// adjectives of countries, and the words for their people.
var adjectives = map[string]string{
	"albanian": "AL", "armenian": "AM", "austrian": "AT", "azerbaijani": "AZ", "azerbaijan's": "AZ", "azeri": "AZ", "belgian": "BE",
	"bulgarian": "BG", "croatian": "HR", "cypriot": "CY", "czech": "CZ", "danish": "DK", "dutch": "NL", "estonian": "EE",
	"finnish": "FI", "french": "FR", "georgian": "GE", "german": "DE", "greek": "GR", "hellenic": "GR", "hungarian": "HU",
	"irish": "IE", "italian": "IT", "latvian": "LV", "lithuanian": "LT", "luxembourgish": "LU", "maltese": "MT", "polish": "PL",
	"portuguese": "PT", "romanian": "RO", "slovak": "SK", "slovakian": "SK", "slovenian": "SI", "slovene": "SI", "spanish": "ES",
	"swedish": "SE", "ukrainian": "UA", "moldovan": "MD", "serbian": "RS", "montenegrin": "ME", "bosnian": "BA",
	"macedonian": "MK", "kosovar": "XK", "kosovan": "XK", "turkish": "TR", "tunisian": "TN", "moroccan": "MA", "jordanian": "JO",
	"lebanese": "LB", "egyptian": "EG", "algerian": "DZ", "norwegian": "NO", "swiss": "CH", "british": "GB", "icelandic": "IS",
	"belarusian": "BY", "russian": "RU", "kazakh": "KZ", "kazakhstani": "KZ", "uzbek": "UZ", "kyrgyz": "KG", "tajik": "TJ",
	"israeli": "IL", "palestinian": "PS", "american": "US", "canadian": "CA", "libyan": "LY", "english": "GB", "scottish": "GB",
	"welsh": "GB", "flemish": "BE", "catalan": "ES", "basque": "ES", "turkmen": "TM", "mongolian": "MN", "japanese": "JP",
	"korean": "KR", "chinese": "CN", "indian": "IN", "australian": "AU",
	// Parliaments whose names say the country.
	"seimas": "LT", "sejm": "PL", "riksdag": "SE", "folketing": "DK", "storting": "NO", "eduskunta": "FI", "bundestag": "DE",
	"saeima": "LV", "riigikogu": "EE", "althing": "IS", "knesset": "IL", "volksanwaltschaft": "AT", "verkhovna": "UA",
}

// cities where the events of the region take place, with their country.
var cities = map[string]string{
	"baku": "AZ", "ganja": "AZ", "sumgait": "AZ", "sumgayit": "AZ", "lankaran": "AZ", "sheki": "AZ", "shaki": "AZ", "guba": "AZ",
	"quba": "AZ", "shamakhi": "AZ", "nakhchivan": "AZ", "mingachevir": "AZ", "gabala": "AZ", "qabala": "AZ",
	"tbilisi": "GE", "batumi": "GE", "kutaisi": "GE", "telavi": "GE", "zugdidi": "GE", "gori": "GE", "rustavi": "GE",
	"yerevan": "AM", "gyumri": "AM", "vanadzor": "AM", "dilijan": "AM", "tsaghkadzor": "AM", "jermuk": "AM",
	"chisinau": "MD", "chişinău": "MD", "chișinău": "MD", "balti": "MD", "bălți": "MD", "comrat": "MD",
	"kyiv": "UA", "kiev": "UA", "lviv": "UA", "odesa": "UA", "odessa": "UA", "kharkiv": "UA", "dnipro": "UA",
	"minsk": "BY", "tirana": "AL", "durres": "AL", "durrës": "AL", "skopje": "MK", "ohrid": "MK", "belgrade": "RS",
	"novi sad": "RS", "nis": "RS", "niš": "RS", "podgorica": "ME", "budva": "ME", "sarajevo": "BA", "banja luka": "BA", "mostar": "BA",
	"pristina": "XK", "prishtina": "XK", "prishtinë": "XK", "ankara": "TR", "istanbul": "TR", "antalya": "TR", "izmir": "TR",
	"tunis": "TN", "hammamet": "TN", "sousse": "TN", "rabat": "MA", "casablanca": "MA", "amman": "JO", "aqaba": "JO",
	"beirut": "LB", "cairo": "EG", "alexandria": "EG", "algiers": "DZ", "strasbourg": "FR", "paris": "FR", "lyon": "FR",
	"brussels": "BE", "luxembourg": "LU", "vienna": "AT", "salzburg": "AT", "graz": "AT", "warsaw": "PL", "krakow": "PL",
	"kraków": "PL", "cracow": "PL", "katowice": "PL", "gdansk": "PL", "gdańsk": "PL", "wroclaw": "PL", "wrocław": "PL",
	"vilnius": "LT", "kaunas": "LT", "riga": "LV", "jurmala": "LV", "tallinn": "EE", "tartu": "EE", "helsinki": "FI",
	"stockholm": "SE", "oslo": "NO", "copenhagen": "DK", "berlin": "DE", "bonn": "DE", "munich": "DE", "hamburg": "DE",
	"frankfurt": "DE", "amsterdam": "NL", "the hague": "NL", "hague": "NL", "rotterdam": "NL", "utrecht": "NL", "madrid": "ES",
	"barcelona": "ES", "seville": "ES", "lisbon": "PT", "porto": "PT", "rome": "IT", "venice": "IT", "florence": "IT",
	"milan": "IT", "athens": "GR", "thessaloniki": "GR", "sofia": "BG", "bucharest": "RO", "sibiu": "RO", "cluj-napoca": "RO",
	"iasi": "RO", "iași": "RO", "budapest": "HU", "prague": "CZ", "brno": "CZ", "bratislava": "SK", "ljubljana": "SI", "bled": "SI",
	"zagreb": "HR", "split": "HR", "valletta": "MT", "nicosia": "CY", "dublin": "IE", "london": "GB", "edinburgh": "GB",
	"geneva": "CH", "bern": "CH", "zurich": "CH", "reykjavik": "IS", "moscow": "RU", "astana": "KZ", "almaty": "KZ",
	"bishkek": "KG", "tashkent": "UZ", "dushanbe": "TJ", "ashgabat": "TM", "canberra": "AU", "new york": "US",
	"washington": "US", "vaduz": "LI", "monaco": "MC", "andorra la vella": "AD", "san marino": "SM",
}

// countryNames is CLDR's English name of every region, lower-case, with
// the aliases.
var countryNames = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	names := display.English.Regions()
	for _, code := range regionCodes() {
		r, err := language.ParseRegion(code)
		if err != nil {
			continue
		}
		if n := strings.ToLower(names.Name(r)); n != "" && out[n] == "" {
			out[n] = code
		}
	}
	for k, v := range countryAliases {
		out[k] = v
	}
	// Names that are also ordinary words, or too short to trust.
	delete(out, "chad")
	delete(out, "jersey")
	delete(out, "guinea")
	delete(out, "niger")
	delete(out, "georgia's")
	return out
})

// regionCodes lists ISO 3166-1 alpha-2 codes: every pair of capitals
// that CLDR knows as a country.
func regionCodes() []string {
	var out []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || !country.Valid(code) {
				continue
			}
			out = append(out, code)
		}
	}
	return append(out, "XK")
}

// maxPlaceTokens is the longest place name in tokens ("Bosnia and
// Herzegovina", "the Republic of North Macedonia").
const maxPlaceTokens = 5

// placeAt reads a country name (or, with cities, a city) beginning at
// token i: the code, and the index after the name.
func placeAt(toks []token, i int, pl *places) (string, int) {
	if i >= len(toks) || toks[i].kind != tWord || !(toks[i].capitalized() || toks[i].is("the")) {
		return "", i
	}
	table := pl.names
	longest := pl.first[strings.ToLower(toks[i].text)]
	if longest == 0 {
		return "", i
	}
	// Longest first.
	for n := min(longest, len(toks)-i); n >= 1; n-- {
		last := toks[i+n-1]
		if last.kind != tWord {
			continue
		}
		var b strings.Builder
		ok := true
		for k := i; k < i+n; k++ {
			t := toks[k]
			if k > i {
				if t.space {
					b.WriteByte(' ')
				}
			}
			if t.kind == tPunct && t.text != "-" {
				ok = false
				break
			}
			b.WriteString(strings.ToLower(t.text))
		}
		if !ok {
			continue
		}
		if code, found := table[b.String()]; found {
			// Country names are proper nouns: capitalised (or "the").
			if toks[i].capitalized() || toks[i].is("the") {
				return code, i + n
			}
		}
	}
	return "", i
}

// places is a table of place names and, for each first word, the most
// tokens a name beginning with it has, so that most words are ruled out
// by one lookup.
type places struct {
	names map[string]string
	first map[string]int
}

func newPlaces(table map[string]string) *places {
	p := &places{names: table, first: map[string]int{}}
	for name := range table {
		first, _, _ := strings.Cut(name, " ")
		n := min(len(tokenize(name, 0, len(name))), maxPlaceTokens)
		if n > p.first[first] {
			p.first[first] = n
		}
	}
	return p
}

var (
	countryPlaces = sync.OnceValue(func() *places { return newPlaces(countryNames()) })
	cityPlaces    = sync.OnceValue(func() *places { return newPlaces(cities) })
)

// countryAt reads a country name at token i.
func countryAt(toks []token, i int) (string, int) { return placeAt(toks, i, countryPlaces()) }

// cityAt reads a city name at token i.
func cityAt(toks []token, i int) (string, int) { return placeAt(toks, i, cityPlaces()) }

// adjectiveAt reads a country adjective at token i ("Polish").
func adjectiveAt(toks []token, i int) string {
	if i < 0 || i >= len(toks) || !toks[i].capitalized() {
		return ""
	}
	return adjectives[toks[i].lower()]
}

// international bodies: their staff have no country.
var internationalWords = []string{
	"european union", "eu ", "eu's", "european commission", "european parliament", "european ombudsman", "delegation of the european union",
	"eu delegation", "council of europe", "coe", "osce", "odihr", "united nations", "un ", "undp", "unicef", "ohchr", "unhcr",
	"unfpa", "un women", "venice commission", "fundamental rights agency", "fra ", "international ombudsman institute", "ioi",
	"ennhri", "ganhri", "aom", "iom", "world bank", "european court", "cpt", "nato", "european ombudsmen", "taiex", "eeas",
}

func international(s string) bool {
	l := " " + strings.ToLower(s) + " "
	for _, w := range internationalWords {
		if strings.Contains(l, " "+w) || strings.Contains(l, "("+w) {
			return true
		}
	}
	return false
}

// numberWords are the numbers texts write in words.
var numberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "a": 1, "an": 1,
	"single": 1, "dozen": 12, "twenty-four": 24, "thirty-six": 36, "eighteen-month": 18, "a dozen": 12,
}

// numberAt reads a number in digits or words at token i.
func numberAt(t token) (int, bool) {
	if n, ok := t.number(); ok && len(t.text) <= 6 && t.text == strings.TrimRight(t.text, "stndrhSTNDRH") {
		return n, true
	}
	if t.kind == tWord {
		w := strings.ToLower(t.text)
		if n, ok := numberWords[w]; ok {
			return n, true
		}
		// twenty-one, thirty-six
		if a, b, ok := strings.Cut(w, "-"); ok {
			if x, ok := numberWords[a]; ok && x >= 20 {
				if y, ok := numberWords[b]; ok && y < 10 {
					return x + y, true
				}
			}
		}
	}
	return 0, false
}

// honorifics come before names.
var honorifics = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "prof": true, "professor": true, "sir": true,
	"dame": true, "madam": true, "mme": true, "judge": true, "ambassador": true, "h.e": true, "he": false, "mx": true,
	"messrs": true, "mag": true, "mgr": true, "ing": true, "dipl": true, "dott": true, "dra": true, "drs": true,
}

// roleWords are the head words of a person's title.
var roleWords = map[string]bool{
	"ombudsman": true, "ombudsperson": true, "ombudswoman": true, "ombudsmen": true, "deputy": true, "director": true, "head": true,
	"adviser": true, "advisor": true, "expert": true, "experts": true, "judge": true, "ambassador": true, "professor": true,
	"minister": true, "chairman": true, "chairwoman": true, "chairperson": true, "chair": true, "president": true,
	"vice-president": true, "commissioner": true, "defender": true, "representative": true, "officer": true, "coordinator": true,
	"co-ordinator": true, "manager": true, "secretary": true, "secretary-general": true, "member": true, "delegate": true,
	"lawyer": true, "advocate": true, "protector": true, "mediator": true, "consultant": true, "specialist": true,
	"counsellor": true, "counselor": true, "attaché": true, "attache": true, "plenipotentiary": true, "rapporteur": true,
	"researcher": true, "lecturer": true, "leader": true, "chief": true, "staff": true, "employee": true, "official": true,
	"analyst": true, "investigator": true, "inspector": true, "assistant": true, "prosecutor": true, "mayor": true,
	"governor": true, "speaker": true, "spokesperson": true, "founder": true, "executive": true, "administrator": true,
	"principal": true, "dean": true, "rector": true, "trainer": true, "facilitator": true, "psychologist": true, "doctor": true,
	"auditor": true, "registrar": true, "clerk": true, "counsel": true, "envoy": true, "agent": true, "coordinator's": true,
	"public": true, "senior": true, "junior": true, "former": true, "acting": true, "first": true, "chief-of-staff": true,
	"chancellor": true,
}

// officeHolders are titles that name their institution too ("the
// Seimas Ombudsman", "the Human Rights Defender").
var officeHolders = map[string]bool{
	"ombudsman": true, "ombudsperson": true, "ombudswoman": true, "defender": true, "commissioner": true, "protector": true,
	"mediator": true, "advocate": true, "ombudsmen": true, "chancellor": true,
}

// subordinate words make a title a post in an office, not the office.
var subordinate = map[string]bool{
	"deputy": true, "former": true, "head": true, "adviser": true, "advisor": true, "assistant": true, "staff": true,
	"representative": true, "delegate": true, "plenipotentiary": true, "officer": true, "member": true, "expert": true,
	"director": true, "secretary": true, "chief": true, "acting": true, "vice": true, "employee": true, "lawyer": true,
	"first": true, "second": true, "third": true,
	"coordinator": true, "specialist": true, "spokesperson": true, "counsellor": true, "senior": true, "junior": true,
}

// institutionWords make a phrase the name of an institution.
var institutionWords = map[string]bool{
	"ombudsman": true, "ombudsmen": true, "ombudsperson": true, "defender": true, "commissioner": true, "office": true,
	"institution": true, "ministry": true, "council": true, "commission": true, "court": true, "agency": true, "board": true,
	"parliament": true, "delegation": true, "committee": true, "centre": true, "center": true, "directorate": true,
	"department": true, "union": true, "organization": true, "organisation": true, "university": true, "academy": true,
	"chamber": true, "protector": true, "mediator": true, "advocate": true, "assembly": true, "seimas": true, "sejm": true,
	"government": true, "administration": true, "service": true, "bureau": true, "authority": true, "inspectorate": true,
	"foundation": true, "association": true, "network": true, "institute": true, "embassy": true, "mission": true,
	"secretariat": true, "ngo": true, "school": true, "police": true, "prosecutor's": true, "presence": true,
	"defensor": true, "pueblo": true, "médiateur": true, "défenseur": true, "defenseur": true, "volksanwalt": true,
	"ombudsmann": true, "difensore": true, "civico": true, "provedor": true, "rzecznik": true, "avocat": true,
	"ombudswoman": true, "ombudsperson's": true, "ombudsman's": true, "defender's": true, "advocate's": true,
	"chancellor": true,
}

// eventKinds are the words that name an event, by kind; the longest
// match wins ("study visit" over "visit").
var eventKinds = []struct {
	words []string
	kind  string
}{
	{[]string{"study", "visit"}, "study_visit"}, {[]string{"study", "visits"}, "study_visit"},
	{[]string{"study", "tour"}, "study_visit"}, {[]string{"study", "tours"}, "study_visit"},
	{[]string{"study-tour"}, "study_visit"}, {[]string{"study-tours"}, "study_visit"}, {[]string{"study-visit"}, "study_visit"},
	{[]string{"study-visits"}, "study_visit"}, {[]string{"study", "trip"}, "study_visit"}, {[]string{"study", "trips"}, "study_visit"},
	{[]string{"exchange", "visit"}, "study_visit"}, {[]string{"exchange", "visits"}, "study_visit"},
	{[]string{"expert", "mission"}, "expert_mission"}, {[]string{"expert", "missions"}, "expert_mission"},
	{[]string{"experts", "mission"}, "expert_mission"}, {[]string{"expert-mission"}, "expert_mission"},
	{[]string{"assessment", "mission"}, "expert_mission"}, {[]string{"fact-finding", "mission"}, "expert_mission"},
	{[]string{"peer", "review", "mission"}, "expert_mission"}, {[]string{"evaluation", "mission"}, "expert_mission"},
	{[]string{"round", "table"}, "round_table"}, {[]string{"round", "tables"}, "round_table"}, {[]string{"roundtable"}, "round_table"},
	{[]string{"roundtables"}, "round_table"}, {[]string{"round-table"}, "round_table"}, {[]string{"round-tables"}, "round_table"},
	{[]string{"seminar"}, "seminar"}, {[]string{"seminars"}, "seminar"}, {[]string{"webinar"}, "seminar"}, {[]string{"webinars"}, "seminar"},
	{[]string{"workshop"}, "workshop"}, {[]string{"workshops"}, "workshop"},
	{[]string{"conference"}, "conference"}, {[]string{"conferences"}, "conference"}, {[]string{"forum"}, "conference"},
	{[]string{"summit"}, "conference"}, {[]string{"symposium"}, "conference"},
	{[]string{"training"}, "training"}, {[]string{"trainings"}, "training"}, {[]string{"training", "course"}, "training"},
	{[]string{"training", "courses"}, "training"}, {[]string{"summer", "school"}, "training"},
	{[]string{"course"}, "training"}, {[]string{"courses"}, "training"},
	{[]string{"meeting"}, "meeting"}, {[]string{"meetings"}, "meeting"}, {[]string{"general", "assembly"}, "meeting"},
	{[]string{"reception"}, "other"},
}

// kindsByFirst indexes eventKinds by their first word.
var kindsByFirst = sync.OnceValue(func() map[string][]int {
	m := map[string][]int{}
	for i, k := range eventKinds {
		m[k.words[0]] = append(m[k.words[0]], i)
	}
	return m
})

// kindAt reads an event word at token i: its kind and the index after it.
func kindAt(toks []token, i int) (string, int) {
	best, end := "", i
	if i >= len(toks) || toks[i].kind != tWord {
		return best, end
	}
	for _, ki := range kindsByFirst()[toks[i].low] {
		k := eventKinds[ki]
		n := len(k.words)
		if i+n > len(toks) || n <= end-i {
			continue
		}
		ok := true
		for j, w := range k.words {
			if toks[i+j].low != w {
				ok = false
				break
			}
		}
		if ok {
			best, end = k.kind, i+n
		}
	}
	return best, end
}

// otherProgrammes run events and projects besides the EU's instruments.
var otherProgrammes = []string{
	"undp", "osce", "odihr", "council of europe", "unicef", "ohchr", "unhcr", "giz", "usaid", "un women", "unfpa",
	"world bank", "european council", "eurojust", "international ombudsman institute", "ioi", "ennhri", "ganhri", "aom",
	"iom", "sida", "oak foundation", "open society", "soros", "konrad adenauer", "friedrich ebert", "british council",
	"norwegian", "swiss agency", "sdc", "jica", "koica", "unesco", "who", "ilo", "nhri.eu", "european ombudsman",
	"eu delegation", "delegation of the european union", "european union office", "eu office", "polish aid", "norway",
	"embassy", "deutsche gesellschaft", "coe", "cpt", "fra", "oscepa", "pace", "ecri",
}
