package extract

import (
	"fmt"
	"strings"
)

// months by their English names and abbreviations.
var months = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
	"june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true}

// day is a date at the precision the text gives: year, month or day
// (0 where unknown).
type day struct{ y, m, d int }

func (d day) String() string {
	switch {
	case d.y == 0:
		return ""
	case d.m == 0:
		return fmt.Sprintf("%04d", d.y)
	case d.d == 0:
		return fmt.Sprintf("%04d-%02d", d.y, d.m)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
}

func (d day) valid() bool {
	if d.y < 1950 || d.y > 2100 || d.m < 0 || d.m > 12 || d.d < 0 || d.d > 31 {
		return false
	}
	return d.m != 0 || d.d == 0
}

// dateRange is a date or range found in a sentence: token indexes
// [first, last] and byte offsets, and whether its year was taken from
// the context rather than written.
type dateRange struct {
	first, last int
	start, end  int
	from, to    day // to is zero for a single date
	yearless    bool
}

func monthOf(t token) int {
	if t.kind != tWord {
		return 0
	}
	return months[strings.ToLower(t.text)]
}

func dayOf(t token) int {
	n, ok := t.number()
	if !ok || n < 1 || n > 31 || len(strings.TrimRight(t.text, "stndrhSTNDRH")) > 2 {
		return 0
	}
	return n
}

func yearOf(t token) int {
	if t.kind != tNumber || len(t.text) != 4 {
		return 0
	}
	n, _ := t.number()
	if n < 1950 || n > 2100 {
		return 0
	}
	return n
}

// findDates reads every date and range of a sentence. contextYear is
// the year the text last gave, for "October 3rd" without one.
func findDates(toks []token, contextYear int) []dateRange {
	var out []dateRange
	for i := 0; i < len(toks); {
		if r, ok := dateAt(toks, i, contextYear); ok {
			// "1 September 2017 – 30 April 2018", "from September
			// 2014 to August 2016": two dates that make a range.
			j := r.last + 1
			if r.to.y == 0 && j+1 < len(toks) && (toks[j].isDash() || toks[j].is("to", "until", "till", "through")) {
				if r2, ok := dateAt(toks, j+1, r.from.y); ok && r2.to.y == 0 && !r2.yearless && r2.from.String() > r.from.String() {
					r.to, r.last, r.end = r2.from, r2.last, r2.end
				}
			}
			out = append(out, r)
			i = r.last + 1
			continue
		}
		i++
	}
	return out
}

// skip moves past "of", "the", full stops after abbreviations and
// commas where dates allow them.
func skipFiller(toks []token, i int, words ...string) int {
	for i < len(toks) {
		t := toks[i]
		if (t.kind == tPunct && (t.text == "." || t.text == ",")) || (t.kind == tWord && t.is(words...)) {
			i++
			continue
		}
		break
	}
	return i
}

// dateAt reads a date or range beginning at token i.
func dateAt(toks []token, i, ctxYear int) (dateRange, bool) {
	t := toks[i]
	// A weekday before a date is part of it: "Tuesday, 5 April 2016".
	if t.kind == tWord && weekdays[t.lower()] {
		j := skipFiller(toks, i+1, "the")
		if j < len(toks) {
			if r, ok := dateAt(toks, j, ctxYear); ok {
				r.first, r.start = i, t.start
				return r, true
			}
		}
		return dateRange{}, false
	}
	// "29.06-03.07.2015": a range over two months in figures.
	if i+6 < len(toks) && t.kind == tNumber && toks[i+1].text == "." && toks[i+2].kind == tNumber && toks[i+3].isDash() {
		d1, _ := t.number()
		m1, _ := toks[i+2].number()
		if d, last, ok := numericDate(toks, i+4); ok && m1 >= 1 && m1 <= 12 && d1 >= 1 && d1 <= 31 && !toks[i+1].space && !toks[i+2].space {
			from := day{d.y, m1, d1}
			if m1 > d.m {
				from.y--
			}
			return dateRange{first: i, last: last, start: t.start, end: toks[last].end, from: from, to: d}, true
		}
	}
	// "04-06.03.2019": a range of days in figures.
	if i+2 < len(toks) && toks[i+1].isDash() && !toks[i+1].space && !toks[i+2].space {
		if d1 := dayOf(t); d1 != 0 && t.kind == tNumber {
			if d, last, ok := numericDate(toks, i+2); ok && d.d > d1 {
				return dateRange{first: i, last: last, start: t.start, end: toks[last].end, from: day{d.y, d.m, d1}, to: d}, true
			}
		}
	}
	// Numeric dates: 28.10.2011, 28/10/2011.
	if d, last, ok := numericDate(toks, i); ok {
		r := dateRange{first: i, last: last, start: t.start, end: toks[last].end, from: d}
		if j := last + 1; j+1 < len(toks) && toks[j].isDash() {
			if d2, last2, ok := numericDate(toks, j+1); ok {
				r.to, r.last, r.end = d2, last2, toks[last2].end
			}
		}
		return r, true
	}
	// A year on its own, or a range of years: "in 2011", "2011-2013".
	if y := yearOf(t); y != 0 {
		if i > 0 && (toks[i-1].text == "/" || (toks[i-1].kind == tWord && !toks[i].space)) {
			return dateRange{}, false // part of a reference: AZ/2011
		}
		if i+1 < len(toks) && !toks[i+1].space && (toks[i+1].text == "/" || toks[i+1].kind == tWord) {
			return dateRange{}, false
		}
		r := dateRange{first: i, last: i, start: t.start, end: t.end, from: day{y, 0, 0}}
		if i+2 < len(toks) && toks[i+1].isDash() {
			if y2 := yearOf(toks[i+2]); y2 > y {
				r.to, r.last, r.end = day{y2, 0, 0}, i+2, toks[i+2].end
			}
		}
		return r, true
	}
	// Month first: "October 2011", "October 3rd", "March 12-14, 2018",
	// "March 12 to April 2, 2018".
	if m := monthOf(t); m != 0 {
		if t.is("may", "mar", "jun", "jul", "dec") && !t.capitalized() {
			return dateRange{}, false // "may" the verb
		}
		j := skipFiller(toks, i+1)
		if j < len(toks) {
			if y := yearOf(toks[j]); y != 0 {
				return dateRange{first: i, last: j, start: t.start, end: toks[j].end, from: day{y, m, 0}}, true
			}
			// "October to December 2016", "March–May 2015".
			if j+2 < len(toks) && (toks[j].isDash() || toks[j].is("to", "until", "till", "through")) {
				if m2 := monthOf(toks[j+1]); m2 != 0 {
					if y := yearOf(toks[skipFiller(toks, j+2)]); y != 0 {
						k := skipFiller(toks, j+2)
						from, to := day{y, m, 0}, day{y, m2, 0}
						if m2 < m {
							from.y--
						}
						return dateRange{first: i, last: k, start: t.start, end: toks[k].end, from: from, to: to}, true
					}
				}
			}
			if d := dayOf(toks[j]); d != 0 {
				from := day{0, m, d}
				last := j
				var to day
				k := j + 1
				// A second day or a second month and day.
				if k+1 < len(toks) && (toks[k].isDash() || toks[k].is("to", "and", "until", "till")) {
					if d2 := dayOf(toks[k+1]); d2 != 0 {
						to, last = day{0, m, d2}, k+1
					} else if m2 := monthOf(toks[k+1]); m2 != 0 && k+2 < len(toks) {
						if d2 := dayOf(toks[k+2]); d2 != 0 {
							to, last = day{0, m2, d2}, k+2
						}
					}
				}
				var yearless, ok bool
				from, to, last, yearless, ok = withYear(toks, skipFiller(toks, last+1), last, from, to, ctxYear)
				if !ok {
					return dateRange{}, false
				}
				r := dateRange{first: i, last: last, start: t.start, end: toks[last].end, from: from, to: to, yearless: yearless}
				return r, r.from.valid()
			}
		}
		// "In May", "during October": the month of the year the text
		// is in.
		if ctxYear != 0 && i > 0 && toks[i-1].is("in", "during", "since", "until", "by", "early", "late", "mid", "mid-") && t.capitalized() && len(t.text) > 3 {
			return dateRange{first: i, last: i, start: t.start, end: t.end, from: day{ctxYear, m, 0}, yearless: true}, true
		}
		return dateRange{}, false
	}
	// Day first: "28 October 2011", "3-7 October 2016", "3 to 7 Oct.",
	// "29 November - 1 December 2017", "2 and 3 June 2019", "3rd of March".
	if d := dayOf(t); d != 0 {
		k := i + 1
		var d2 int
		split := false
		if k+2 < len(toks) && (toks[k].isDash() || toks[k].is("to", "and", "until", "till")) && weekdays[toks[k+1].low] {
			k++ // "16 to Wednesday 18 October": the weekday is not a date
		}
		if k+1 < len(toks) && (toks[k].isDash() || toks[k].is("to", "and", "until", "till") || weekdays[toks[k].low]) {
			if d2 = dayOf(toks[k+1]); d2 != 0 {
				// "2 and 3 June" is two days of one event; "12 and 26
				// February" two dates.
				if toks[k].is("and") && d2 != d+1 {
					d2, split = 0, true
				} else {
					k += 2
				}
			}
		}
		if split {
			// The month and year come after the second day.
			k += 2
		}
		k = skipFiller(toks, k, "of")
		if k >= len(toks) {
			return dateRange{}, false
		}
		m := monthOf(toks[k])
		if m == 0 {
			return dateRange{}, false
		}
		last := k
		from := day{0, m, d}
		var to day
		if d2 != 0 {
			to = day{0, m, d2}
		}
		k = skipFiller(toks, k+1)
		// "29 November - 1 December 2017"
		if d2 == 0 && !split && k+2 < len(toks) && (toks[k].isDash() || toks[k].is("to", "and", "until", "till")) {
			if e := dayOf(toks[k+1]); e != 0 {
				if m2 := monthOf(toks[skipFiller(toks, k+2, "of")]); m2 != 0 {
					to, last = day{0, m2, e}, skipFiller(toks, k+2, "of")
					k = skipFiller(toks, last+1)
				}
			}
		}
		from, to, last, yearless, ok := withYear(toks, k, last, from, to, ctxYear)
		if !ok {
			return dateRange{}, false
		}
		r := dateRange{first: i, last: last, start: t.start, end: toks[last].end, from: from, to: to, yearless: yearless}
		if split {
			// Only the first day: the second is read as a date of its own.
			r.last, r.end = i, t.end
		}
		return r, r.from.valid()
	}
	return dateRange{}, false
}

// withYear gives a date (and the end of its range) its year: the one
// written at token k, or else the year the text is in. A range over the
// new year ("29 December - 2 January 2018") ends in the year written.
func withYear(toks []token, k, last int, from, to day, ctxYear int) (day, day, int, bool, bool) {
	yearless := true
	if k < len(toks) {
		if y := yearOf(toks[k]); y != 0 {
			from.y, last, yearless = y, k, false
		}
	}
	if from.y == 0 {
		if ctxYear == 0 {
			return from, to, last, yearless, false
		}
		from.y = ctxYear
	}
	if to.m != 0 {
		to.y = from.y
		if to.m < from.m {
			if !yearless {
				from.y--
			}
			to.y = from.y + 1
		}
	}
	return from, to, last, yearless, true
}

// numericDate reads 28.10.2011 or 28/10/2011 (day first, as Europe
// writes them).
func numericDate(toks []token, i int) (day, int, bool) {
	if i+4 >= len(toks) {
		return day{}, 0, false
	}
	a, s1, b, s2, c := toks[i], toks[i+1], toks[i+2], toks[i+3], toks[i+4]
	if a.kind != tNumber || b.kind != tNumber || c.kind != tNumber || s1.text != s2.text || (s1.text != "." && s1.text != "/") ||
		s1.space || b.space || s2.space || c.space {
		return day{}, 0, false
	}
	d, _ := a.number()
	m, _ := b.number()
	y := yearOf(c)
	if y == 0 || m < 1 || m > 12 || d < 1 || d > 31 {
		return day{}, 0, false
	}
	return day{y, m, d}, i + 4, true
}
