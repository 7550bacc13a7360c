package admin

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

var tagRE = regexp.MustCompile(`<[^>]*>`)

// wellNested checks that the marks and links open and close in order.
func wellNested(t *testing.T, out string) {
	t.Helper()
	var stack []string
	for _, tag := range regexp.MustCompile(`</?(mark|a)\b`).FindAllString(out, -1) {
		if name, closing := strings.CutPrefix(tag, "</"); closing {
			if len(stack) == 0 || stack[len(stack)-1] != name {
				t.Fatalf("</%s> closes %v in %s", name, stack, out)
			}
			stack = stack[:len(stack)-1]
		} else {
			stack = append(stack, strings.TrimPrefix(tag, "<"))
		}
	}
	if len(stack) > 0 {
		t.Fatalf("left open: %v in %s", stack, out)
	}
}

// stripped is the highlighted text without markup and labels: it must
// be the text itself.
func stripped(out string) string {
	out = regexp.MustCompile(`<a class="tag[^>]*>[^<]*</a>`).ReplaceAllString(out, "")
	return html.UnescapeString(tagRE.ReplaceAllString(out, ""))
}

func TestHighlightEscapes(t *testing.T) {
	text := `<script>alert("x")</script> & "quotes" 'too'`
	out := string(highlight(text, []mark{{Start: 0, End: 8, Type: "event", Anchor: `event-1"><b`, Label: "<E1>", Field: `ti"tle`}}))
	if strings.Contains(out, "<script>") || strings.Contains(out, `"><b`) || strings.Contains(out, "<E1>") || strings.Contains(out, `ti"tle`) {
		t.Fatalf("not escaped: %s", out)
	}
	if stripped(out) != text {
		t.Fatalf("the text changed: %q", stripped(out))
	}
	wellNested(t, out)
}

func TestHighlightOverlappingSpans(t *testing.T) {
	// "Seimas Ombudsman" is the role and the organisation of two people;
	// a role overlaps an organisation without nesting in it.
	text := "Mr. A B, the Seimas Ombudsman of Lithuania and his staff member Mr. C D"
	marks := []mark{
		{4, 7, "person", "person-1", "P1", "name"},
		{13, 29, "person", "person-1", "P1", "role"},
		{13, 29, "person", "person-1", "P1", "organization"},
		{13, 29, "person", "person-2", "P2", "organization"},
		{20, 42, "event", "event-1", "E1", "title"}, // overlaps without nesting
		{68, 71, "person", "person-2", "P2", "name"},
	}
	out := string(highlight(text, marks))
	wellNested(t, out)
	if stripped(out) != text {
		t.Fatalf("the text changed: %q", stripped(out))
	}
	for _, want := range []string{
		`<a class="tag tag-person" href="#person-1" id="text-person-1">P1</a><mark class="hl hl-person" title="P1 name">A B</mark>`,
		`<mark class="hl hl-person" title="P1 role, P1 organization, P2 organization">Seimas </mark>`,
		`<mark class="hl hl-event hl-person hl-overlap" title="P1 role, P1 organization, P2 organization, E1 title">Ombudsman</mark>`,
		`<mark class="hl hl-event" title="E1 title"> of Lithuania</mark>`,
		// P2's label goes before its first span, the shared organisation.
		`<a class="tag tag-person" href="#person-2" id="text-person-2">P2</a><mark class="hl hl-person" title="P1 role, P1 organization, P2 organization">Seimas </mark><a class="tag tag-event"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %s\nin %s", want, out)
		}
	}
	if n := strings.Count(out, `id="text-person-2"`); n != 1 {
		t.Errorf("P2 labelled %d times", n)
	}
}

func TestHighlightEdgesAndMultibyte(t *testing.T) {
	text := "Zoë Müller 😀 visited Łódź"
	runes := []rune(text)
	n := len(runes)
	marks := []mark{
		{0, 10, "person", "person-1", "P1", "name"},       // "Zoë Müller": runes, not bytes
		{n - 4, n, "event", "event-1", "E1", "city"},      // at the very end
		{n - 4, n + 50, "event", "event-1", "E1", "more"}, // beyond the end: clamped
		{-5, 0, "event", "event-2", "E2", "empty"},        // before the start: empty, dropped
		{7, 7, "event", "event-3", "E3", "empty"},         // empty: dropped
		{12, 11, "event", "event-4", "E4", "backwards"},   // backwards: dropped
	}
	out := string(highlight(text, marks))
	wellNested(t, out)
	if stripped(out) != text {
		t.Fatalf("the text changed: %q", stripped(out))
	}
	if !strings.Contains(out, `title="P1 name">Zoë Müller</mark>`) || !strings.HasSuffix(out, `title="E1 city, E1 more">Łódź</mark>`) {
		t.Errorf("spans in runes: %s", out)
	}
	for _, gone := range []string{"event-2", "event-3", "event-4"} {
		if strings.Contains(out, gone) {
			t.Errorf("%s was drawn: %s", gone, out)
		}
	}
	if string(highlight("", marks)) != "" {
		t.Error("an empty text gives markup")
	}
}

func TestSpansRoundTrip(t *testing.T) {
	in := map[string][2]int{"title": {813, 889}, "start": {729, 744}}
	s := encodeSpans(in)
	if s != "start:729-744 title:813-889" {
		t.Fatalf("%q", s)
	}
	out := decodeSpans(s + " bad x:1 y:3-2 z:-1-4 w:a-b")
	if len(out) != 2 || out["title"] != in["title"] || out["start"] != in["start"] {
		t.Fatalf("%v", out)
	}
}

func TestTextClues(t *testing.T) {
	text := []rune("speakers Mr. Augustinas Normantas and Mrs.Adriana S and Prof Jan K and Ann (up to six month)")
	at := func(s string) int { return strings.Index(string(text), s) } // ASCII here
	for name, want := range map[string]registry.Honorific{"Augustinas": registry.Mr, "Adriana": registry.Mrs, "Jan K": registry.Prof, "Ann": ""} {
		if got := honorificBefore(text, at(name)); got != want {
			t.Errorf("before %s: %q, want %q", name, got, want)
		}
	}
	if !upToBefore(text, at("six")) || upToBefore(text, at("Ann")) {
		t.Error("up to")
	}
	for in, want := range map[string][2]string{
		"Jean Pierre Fontaine":  {"Jean Pierre", "Fontaine"},
		"Ludwig van der Berg":   {"Ludwig", "van der Berg"},
		"Normantas":             {"", "Normantas"},
		" Adriana   Stehouwer ": {"Adriana", "Stehouwer"},
	} {
		if g, f := splitName(in); g != want[0] || f != want[1] {
			t.Errorf("splitName(%q) = %q, %q", in, g, f)
		}
	}
	n, title := componentIn("Under the first Component –“Strengthening the activity of the Ombudsman Office as a national preventive mechanism” abovementioned project")
	if n != 1 || title != "Strengthening the activity of the Ombudsman Office as a national preventive mechanism" {
		t.Errorf("component %d %q", n, title)
	}
	if n, _ := componentIn("activities of Component 3 were held"); n != 3 {
		t.Errorf("component 3: %d", n)
	}
	if participantRole("they participated in that seminar as speakers.") != registry.RoleSpeaker || participantRole("staff attended") != registry.RoleParticipant {
		t.Error("participant role")
	}
	paras := paragraphs([]rune("one\n\ntwo\nstill two\n \nthree"))
	if len(paras) != 3 || paras[1] != [2]int{5, 18} {
		t.Errorf("paragraphs %v", paras)
	}
	if instrumentCode("Twinning Light") != registry.TwinningLight || instrumentCode("TAIEX") != registry.TAIEX || instrumentCode("grant") != registry.OtherInstrument {
		t.Error("instrument codes")
	}
}

func TestGuessKind(t *testing.T) {
	for name, want := range map[string]registry.InstitutionKind{
		"Seimas Ombudsman":                          registry.OmbudsmanOffice,
		"Human Rights Defender, office of Katowice": registry.OmbudsmanOffice,
		"Defender of rights":                        registry.OmbudsmanOffice,
		"European Ombudsman":                        registry.EUInstitution,
		"Council of Europe":                         registry.InternationalOrganisation,
		"Ministry of Justice":                       registry.Government,
		"Danish Institute for Human Rights":         registry.HumanRightsInstitution,
		"Baku State University":                     registry.Academic,
		"Something Else":                            registry.OtherInstitution,
	} {
		if got := guessKind(name); got != want {
			t.Errorf("guessKind(%q) = %s, want %s", name, got, want)
		}
	}
}

// Matching against a registry: the same person by folded name
// (diacritics, case, hyphens, any spelling), the same institution by its
// name in any language, its acronym, shared words, or country and kind.
func TestMatching(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	var ids = map[string]int64{}
	err := st.Transact(ctx, func(tx *store.Tx) error {
		for _, in := range []*registry.Institution{
			{Name: registry.T("en", "European Union"), Acronym: "EU", Kind: registry.EUInstitution},
			{Name: registry.T("en", "Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan", "az", "Azərbaycan Respublikasının İnsan Hüquqları üzrə Müvəkkili (Ombudsman)"), Acronym: "Ombudsman", Kind: registry.OmbudsmanOffice, Country: "AZ"},
			{Name: registry.T("en", "Human Rights Defender"), Acronym: "RPO", Kind: registry.OmbudsmanOffice, Country: "PL"},
			{Name: registry.T("en", "Seimas Ombudsmen's Office of the Republic of Lithuania"), Kind: registry.OmbudsmanOffice, Country: "LT"},
			{Name: registry.T("en", "Ministry of Justice"), Kind: registry.Government, Country: "LT"},
			{Name: registry.T("en", "European Ombudsman"), Kind: registry.EUInstitution},
			{Name: registry.T("en", "National Ombudsman"), Kind: registry.OmbudsmanOffice, Country: "NL"},
		} {
			if _, err := tx.CreateInstitution(ctx, in); err != nil {
				return err
			}
			ids[in.Name["en"]] = in.ID
		}
		katowice := &registry.Institution{Name: registry.T("en", "Office of the Human Rights Defender in Katowice"), Kind: registry.OmbudsmanOffice, Country: "PL", ParentID: ids["Human Rights Defender"]}
		if _, err := tx.CreateInstitution(ctx, katowice); err != nil {
			return err
		}
		ids["Katowice"] = katowice.ID
		for _, p := range []*registry.Person{
			{GivenName: "Zoë", FamilyName: "Müller-Łukasiewicz", Affiliations: []registry.Affiliation{{InstitutionID: ids["Human Rights Defender"]}}},
			{GivenName: "Elmira", FamilyName: "Süleymanova", DisplayName: registry.T("ru", "Эльмира Сулейманова")},
		} {
			if _, err := tx.CreatePerson(ctx, p); err != nil {
				return err
			}
			ids[p.FamilyName] = p.ID
		}
		return tx.SaveSettings(ctx, store.Settings{HomeInstitutionID: ids["Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan"]})
	})
	if err != nil {
		t.Fatal(err)
	}
	var v *registryView
	if err := st.View(ctx, func(rd *store.Reader) error { var err error; v, err = loadRegistryView(ctx, rd); return err }); err != nil {
		t.Fatal(err)
	}
	if v.eu != ids["European Union"] || v.home == 0 {
		t.Errorf("EU %d, home %d", v.eu, v.home)
	}
	for name, want := range map[string]int64{
		"ZOE MULLER LUKASIEWICZ": ids["Müller-Łukasiewicz"],
		"Zoë Müller-Łukasiewicz": ids["Müller-Łukasiewicz"],
		"Elmira Suleymanova":     ids["Süleymanova"],
		"эльмира сулейманова":    ids["Süleymanova"],
		"Zoë Müller":             0,
		"":                       0,
	} {
		got := v.matchPeople(name)
		if (want == 0) != (len(got) == 0) || (want != 0 && got[0].ID != want) {
			t.Errorf("matchPeople(%q) = %v, want %d", name, got, want)
		}
	}
	for _, c := range []struct {
		name, country string
		want          int64
	}{
		{"Azərbaycan Respublikasının insan hüquqları üzrə müvəkkili (Ombudsman)", "", ids["Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan"]}, // Azerbaijani name, folded
		{"AZERBAYCAN RESPUBLIKASININ INSAN HUQUQLARI UZRE MUVEKKILI (OMBUDSMAN)", "AZ", ids["Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan"]},
		{"RPO", "PL", ids["Human Rights Defender"]},                                                      // acronym
		{"Human Rights Defender, office of Katowice", "PL", ids["Katowice"]},                             // most shared words
		{"Human Rights Defender", "PL", ids["Human Rights Defender"]},                                    // same name beats shared words
		{"Seimas Ombudsman", "LT", ids["Seimas Ombudsmen's Office of the Republic of Lithuania"]},        // plural, possessive
		{"Parliamentary Ombudsman", "LT", ids["Seimas Ombudsmen's Office of the Republic of Lithuania"]}, // the only ombudsman office of LT
		{"Ministry of the Interior", "LT", 0},                                                            // government: no guessing by kind
		{"National Ombudsman", "NL", ids["National Ombudsman"]},
		{"National Ombudsman", "BE", 0}, // another country's
		{"Human Rights Defender", "", ids["Human Rights Defender"]},
		{"Defender", "", 0}, // one word, no country: too little to go on
	} {
		got := v.matchInstitution(c.name, c.country, guessKind(c.name))
		if got.ID != c.want {
			t.Errorf("matchInstitution(%q, %q) = %+v, want %d", c.name, c.country, got, c.want)
		}
	}
	for venue, want := range map[string]int64{
		"European Ombudsmen":            ids["European Ombudsman"],
		"European Ombudsman Newsletter": ids["European Ombudsman"],
		"European Ombudsman Politics":   0,
		"Journal of Human Rights":       0,
	} {
		if got := v.matchPublisher(venue); got.ID != want {
			t.Errorf("matchPublisher(%q) = %+v, want %d", venue, got, want)
		}
	}
}

func TestExpertCountries(t *testing.T) {
	para := "At present, it has been carrying out 24 month-EU funded Twinning Project “Support” in cooperation with Germany and Poland. In accordance with its Components,  this Twinning project brings together experts with relevant experience from EU countries, including Greece, Poland, Germany and Portugal.  "
	if got := strings.Join(expertCountries(para), " "); got != "GR PL DE PT" {
		t.Errorf("experts from %q", got)
	}
	if got := expertCountries("Germany and Poland took part."); got != nil {
		t.Errorf("no experts: %v", got)
	}
	if got := strings.Join(countriesIn("the Netherlands, Bosnia and Herzegovina, and the Czech Republic"), " "); got != "NL BA CZ" {
		t.Errorf("countries %q", got)
	}
}

func TestSentenceAt(t *testing.T) {
	text := []rune("First one. On 28 October 2011 Mr. A. Normantas, the Seimas Ombudsman of Lithuania, spoke (ref. AZ09). Last!")
	at := strings.Index(string(text), "Seimas")
	if got := sentenceAt(text, 0, len(text), at); got != "On 28 October 2011 Mr. A. Normantas, the Seimas Ombudsman of Lithuania, spoke (ref. AZ09)." {
		t.Errorf("%q", got)
	}
	if got := sentenceAt(text, 0, len(text), len(text)-2); got != "Last!" {
		t.Errorf("%q", got)
	}
}
