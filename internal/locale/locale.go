// Package locale writes dates and numbers as each portal language writes
// them, following CLDR. golang.org/x/text formats numbers (used here) but
// not dates, and a registry's dates are partial ("2011", "October 2011"),
// which general date libraries do not handle; so the month names and the
// few patterns needed are taken from CLDR (v44, gregorian calendar) into
// the tables below.
package locale

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/liaison-registry/liaison/internal/registry"
)

// Languages the portal is written in, in the order the switcher shows.
var Languages = []string{"az", "en", "ru"}

type calendar struct {
	// format: the month as part of a date ("28 октября"); standalone: the
	// month alone or with its year ("октябрь 2011").
	format, standalone [12]string
	day                string // d MMMM y
	month              string // MMMM y, standalone month
	year               string // y
	dayRange           string // d–d MMMM y (same month)
	monthRange         string // d MMMM – d MMMM y (same year)
	span               string // DATE – DATE
}

var calendars = map[string]calendar{
	"en": {
		format:     [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		standalone: [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		day:        "%[1]d %[2]s %[3]d",
		month:      "%[2]s %[3]d",
		year:       "%[3]d",
		dayRange:   "%[1]d–%[4]d %[2]s %[3]d",
		monthRange: "%[1]d %[2]s – %[4]d %[5]s %[3]d",
		span:       "%s – %s",
	},
	"az": {
		format:     [12]string{"yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"},
		standalone: [12]string{"Yanvar", "Fevral", "Mart", "Aprel", "May", "İyun", "İyul", "Avqust", "Sentyabr", "Oktyabr", "Noyabr", "Dekabr"},
		day:        "%[1]d %[2]s %[3]d",
		month:      "%[2]s %[3]d",
		year:       "%[3]d",
		dayRange:   "%[1]d–%[4]d %[2]s %[3]d",
		monthRange: "%[1]d %[2]s – %[4]d %[5]s %[3]d",
		span:       "%s – %s",
	},
	"ru": {
		format:     [12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
		standalone: [12]string{"январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"},
		day:        "%[1]d %[2]s %[3]d г.",
		month:      "%[2]s %[3]d г.",
		year:       "%[3]d",
		dayRange:   "%[1]d–%[4]d %[2]s %[3]d г.",
		monthRange: "%[1]d %[2]s – %[4]d %[5]s %[3]d г.",
		span:       "%s – %s",
	},
}

func cal(lang string) calendar {
	if c, ok := calendars[lang]; ok {
		return c
	}
	return calendars["en"]
}

// Date writes a partial date: "28 October 2011", "28 oktyabr 2011",
// "28 октября 2011 г.", "October 2011", "2011".
func Date(lang string, d registry.Date) string {
	c := cal(lang)
	switch d.Precision() {
	case registry.Day:
		return fmt.Sprintf(c.day, d.Day(), c.format[d.Month()-1], d.Year())
	case registry.MonthOnly:
		return fmt.Sprintf(c.month, 0, c.standalone[d.Month()-1], d.Year())
	case registry.YearOnly:
		return fmt.Sprintf(c.year, 0, "", d.Year())
	}
	return ""
}

// Range writes a date range without repeating what both ends share:
// "3–7 October 2016", "28 October – 2 November 2016", "2011–2013". An
// unknown start gives "" (the caller says "until" in its own words).
func Range(lang string, start, end registry.Date) string {
	if end.IsZero() || end.String() == start.String() {
		return Date(lang, start)
	}
	if start.IsZero() {
		return ""
	}
	c := cal(lang)
	sp, ep := start.Precision(), end.Precision()
	switch {
	case sp == registry.Day && ep == registry.Day && start.Year() == end.Year() && start.Month() == end.Month():
		return fmt.Sprintf(c.dayRange, start.Day(), c.format[start.Month()-1], start.Year(), end.Day())
	case sp == registry.Day && ep == registry.Day && start.Year() == end.Year():
		return fmt.Sprintf(c.monthRange, start.Day(), c.format[start.Month()-1], start.Year(), end.Day(), c.format[end.Month()-1])
	case sp == registry.YearOnly && ep == registry.YearOnly:
		return fmt.Sprintf("%d–%d", start.Year(), end.Year())
	}
	return fmt.Sprintf(c.span, Date(lang, start), Date(lang, end))
}

// ISO is the machine-readable form of a range, for <time datetime>.
func ISO(start, end registry.Date) string {
	if end.IsZero() {
		return start.String()
	}
	return start.String() + "/" + end.String()
}

var tags = map[string]language.Tag{"en": language.English, "az": language.Azerbaijani, "ru": language.Russian}

// Tag is the language tag of a portal language.
func Tag(lang string) language.Tag {
	if t, ok := tags[lang]; ok {
		return t
	}
	return language.English
}

var englishWords = [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

// Count writes a number that counts things in running text. English
// house style spells out one to ten ("ten articles", "24 months"); the
// other languages write digits, grouped as CLDR says ("10 000" in
// Russian, "10.000" in Azerbaijani).
func Count(lang string, n int) string {
	if lang == "en" && n >= 0 && n < len(englishWords) {
		return englishWords[n]
	}
	return Number(lang, n)
}

// Number writes a number with the language's digit grouping.
func Number(lang string, n int) string {
	if n > -1000 && n < 1000 {
		return strconv.Itoa(n)
	}
	return message.NewPrinter(Tag(lang)).Sprint(number.Decimal(n))
}

// Clip shortens prose to about n characters, cut at a word boundary and
// marked with an ellipsis, for descriptions and summaries.
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, ",;: ") + "…"
}
