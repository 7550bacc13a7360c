package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/messages"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/workplan"
)

// Languages are the languages a report is written in.
var Languages = locale.Languages

// words writes a report's words and figures in one language.
type words struct {
	messages.Words
	lang string
}

func wordsIn(lang string) (words, error) {
	c, err := messages.Embedded()
	if err != nil {
		return words{}, err
	}
	return words{Words: c.In(lang), lang: lang}, nil
}

// text is a record's text in the report's language, or in another when
// it has none in this one.
func (w words) text(t registry.Text) string {
	s, _ := t.In(w.lang)
	return s
}

func (w words) missing() string { return w.S("report.missing") }

// int is a count as a cell.
func (w words) int(n int) Cell {
	return Cell{Text: locale.Number(w.lang, n), Value: strconv.Itoa(n)}
}

// decimal writes a number with the language's separators.
func (w words) decimal(v float64) string {
	return message.NewPrinter(locale.Tag(w.lang)).Sprint(number.Decimal(v, number.MaxFractionDigits(2)))
}

// number is a figure that may be missing, as a cell.
func (w words) number(n workplan.Number) Cell {
	if !n.Known {
		return Cell{Text: w.missing(), Missing: true}
	}
	return Cell{Text: w.decimal(n.Value), Value: n.String()}
}

// percent is a share (1 = 100 %) as a cell; the CSV keeps the share.
func (w words) percent(n workplan.Number) Cell {
	if !n.Known {
		return Cell{Text: w.missing(), Missing: true}
	}
	return Cell{Text: message.NewPrinter(locale.Tag(w.lang)).Sprint(number.Percent(n.Value, number.MaxFractionDigits(0))),
		Value: strconv.FormatFloat(n.Value, 'f', 4, 64)}
}

// days is a sum of expert-days as a cell: the sum, or the days known
// and how many terms are not known, or not known at all. The CSV's value
// is the sum only when every term is known.
func (w words) days(d workplan.Days) Cell {
	switch {
	case d.Missing == 0:
		return w.int(d.Sum)
	case d.Known == 0:
		return Cell{Text: w.missing(), Missing: true}
	}
	return Cell{Text: w.N("report.days_partly", d.Missing, "Sum", locale.Number(w.lang, d.Sum), "Missing", locale.Number(w.lang, d.Missing)), Missing: true}
}

// date is a partial date, or "not known".
func (w words) date(d registry.Date) string {
	if d.IsZero() {
		return w.missing()
	}
	return locale.Date(w.lang, d)
}

// span is a range of dates; "" when neither end is known.
func (w words) span(start, end registry.Date) string {
	switch {
	case start.IsZero() && end.IsZero():
		return ""
	case start.IsZero():
		return w.S("date.until", "Date", locale.Date(w.lang, end))
	}
	return locale.Range(w.lang, start, end)
}

func (w words) status(s registry.ActivityStatus) string {
	if s == "" {
		return w.S("report.status.none")
	}
	return w.S("gantt.status." + string(s))
}

// eventTitle is an event's title, or its kind and place when it has none.
func (w words) eventTitle(e *registry.Event) string {
	if t := w.text(e.Title); t != "" {
		return t
	}
	kind := w.S("kind." + string(e.Kind))
	if e.Country == "" {
		return kind
	}
	msg := "event.untitled_in"
	if e.Kind == registry.StudyVisit {
		msg = "event.untitled_to"
	}
	return w.S(msg, "Kind", kind, "Country", country.Name(e.Country, w.lang))
}

// place is an event's city and country.
func (w words) place(e *registry.Event) string {
	var parts []string
	if c := w.text(e.City); c != "" {
		parts = append(parts, c)
	}
	if e.Country != "" {
		parts = append(parts, country.Name(e.Country, w.lang))
	}
	return strings.Join(parts, ", ")
}

// list joins names as the language does ("A, B and C").
func (w words) list(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return w.S("list.and", "Head", strings.Join(items[:len(items)-1], ", "), "Last", items[len(items)-1])
}

func (w words) pageLabel(n int) string { return w.S("report.page", "Page", n) }

// personName is a person's name in the report's language.
func (w words) personName(p *registry.Person) string {
	if p == nil {
		return w.missing()
	}
	return p.NameIn(w.lang)
}

func (w words) institutionName(in *registry.Institution) string {
	if in == nil {
		return ""
	}
	return withShortName(w.text(in.Name), in.Acronym)
}

// withShortName is a name followed by its acronym or short name in
// parentheses, unless the name already holds it as a word of its own
// ("Human Rights Commissioner (Ombudsman)" with "Ombudsman"), in any
// case; "European Union" does not hold "EU", so it gets "(EU)".
func withShortName(name, short string) string {
	short = strings.TrimSpace(short)
	if short == "" || containsWord(name, short) {
		return name
	}
	if name == "" {
		return short
	}
	return fmt.Sprintf("%s (%s)", name, short)
}

// containsWord reports whether s holds word, in any case, between
// characters that are not letters or digits.
func containsWord(s, word string) bool {
	hay, needle := []rune(fold(s)), []rune(fold(word))
	if len(needle) == 0 {
		return false
	}
	wordChar := func(i int) bool {
		return i >= 0 && i < len(hay) && (unicode.IsLetter(hay[i]) || unicode.IsDigit(hay[i]))
	}
	for i := 0; i+len(needle) <= len(hay); i++ {
		if slices.Equal(hay[i:i+len(needle)], needle) && !wordChar(i-1) && !wordChar(i+len(needle)) {
			return true
		}
	}
	return false
}

// fold lower-cases rune by rune, so that positions in the folded text
// are those of the original; Azerbaijani's dotted and dotless i and
// Latin I fold alike (strings.ToLower would turn "İ" into two runes),
// and Russian ё is е.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'İ', 'I', 'ı':
			return 'i'
		case 'Ё', 'ё':
			return 'е'
		}
		return unicode.ToLower(r)
	}, s)
}

// year is a year as the report's sentences name it: in Azerbaijani
// with its ordinal suffix ("2016-cı ildə", "2017-ci", "2010-cu"),
// elsewhere as it is.
func (w words) year(y int) string {
	if w.lang == "az" {
		return strconv.Itoa(y) + "-" + azOrdinalSuffix(y)
	}
	return strconv.Itoa(y)
}

// azOrdinalSuffix is the suffix an Azerbaijani ordinal written in digits
// takes: it follows the vowel harmony of the number's last word as read
// aloud (altı → -cı, yeddi → -ci, doqquz → -cu, üç → -cü).
func azOrdinalSuffix(n int) string {
	if n < 0 {
		n = -n
	}
	units := [10]string{"cu", "ci", "ci", "cü", "cü", "ci", "cı", "ci", "ci", "cu"} // -, bir, iki, üç, dörd, beş, altı, yeddi, səkkiz, doqquz
	tens := [10]string{"", "cu", "ci", "cu", "cı", "ci", "cı", "ci", "ci", "cı"}    // -, on, iyirmi, otuz, qırx, əlli, altmış, yetmiş, səksən, doxsan
	switch {
	case n == 0:
		return "cı" // sıfır
	case n%10 != 0:
		return units[n%10]
	case n%100 != 0:
		return tens[n/10%10]
	case n%1000 != 0:
		return "cü" // yüz
	}
	return "ci" // min
}
