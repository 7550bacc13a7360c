package registry

import (
	"encoding/json"
	"fmt"
	"time"
)

// Precision says how much of a Date is known.
type Precision int

const (
	Unknown Precision = iota
	YearOnly
	MonthOnly
	Day
)

// Date is a calendar date known to a year, a month or a day: legacy records
// say "in 2011" or "October 2011" as often as "28 October 2011". The zero
// Date is unknown. A Date decoded from JSON that does not parse keeps its
// text so that validation can report it with the field it came from.
type Date struct {
	year, month, day int
	invalid          string
}

// NewDate builds a Date; month and day may be 0 for a coarser precision.
// It panics on impossible values, so use it with literals only.
func NewDate(year, month, day int) Date {
	d, err := ParseDate(formatDate(year, month, day))
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the day-precision Date of t.
func DateOf(t time.Time) Date {
	return Date{year: t.Year(), month: int(t.Month()), day: t.Day()}
}

// ErrDateFormat describes the accepted forms; parse errors wrap it.
const dateFormats = "YYYY, YYYY-MM or YYYY-MM-DD, such as 2011, 2011-10 or 2011-10-28"

// ParseDate reads "2011", "2011-10" or "2011-10-28". The empty string is the
// unknown Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	bad := func(why string) (Date, error) {
		return Date{}, fmt.Errorf("%q is not a date%s; expected %s", s, why, dateFormats)
	}
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return bad("")
	}
	digits := func(part string) (int, bool) {
		n := 0
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok := digits(s[:4])
	if !ok {
		return bad("")
	}
	if y < 1000 {
		return bad(" (year before 1000)")
	}
	d := Date{year: y}
	if len(s) == 4 {
		return d, nil
	}
	if s[4] != '-' {
		return bad("")
	}
	m, ok := digits(s[5:7])
	if !ok {
		return bad("")
	}
	if m < 1 || m > 12 {
		return bad(" (month out of range)")
	}
	d.month = m
	if len(s) == 7 {
		return d, nil
	}
	if s[7] != '-' {
		return bad("")
	}
	day, ok := digits(s[8:10])
	if !ok {
		return bad("")
	}
	if day < 1 || day > daysIn(y, m) {
		return bad(" (no such day in that month)")
	}
	d.day = day
	return d, nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func formatDate(y, m, d int) string {
	switch {
	case y == 0:
		return ""
	case m == 0:
		return fmt.Sprintf("%04d", y)
	case d == 0:
		return fmt.Sprintf("%04d-%02d", y, m)
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// String is the ISO 8601 form at the Date's precision, "" when unknown.
// An invalid Date returns the text it was decoded from.
func (d Date) String() string {
	if d.invalid != "" {
		return d.invalid
	}
	return formatDate(d.year, d.month, d.day)
}

// IsZero reports an unknown Date (and makes `json:",omitzero"` omit it).
func (d Date) IsZero() bool { return d.year == 0 && d.invalid == "" }

// Valid is false only for a Date decoded from text that did not parse.
func (d Date) Valid() bool { return d.invalid == "" }

func (d Date) Year() int  { return d.year }
func (d Date) Month() int { return d.month }
func (d Date) Day() int   { return d.day }

func (d Date) Precision() Precision {
	switch {
	case d.year == 0 || d.invalid != "":
		return Unknown
	case d.month == 0:
		return YearOnly
	case d.day == 0:
		return MonthOnly
	}
	return Day
}

// First is the earliest day the Date can mean.
func (d Date) First() time.Time {
	m, day := max(d.month, 1), max(d.day, 1)
	return time.Date(d.year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// Last is the latest day the Date can mean.
func (d Date) Last() time.Time {
	switch d.Precision() {
	case YearOnly:
		return time.Date(d.year, 12, 31, 0, 0, 0, 0, time.UTC)
	case MonthOnly:
		return time.Date(d.year, time.Month(d.month), daysIn(d.year, d.month), 0, 0, 0, 0, time.UTC)
	}
	return d.First()
}

// Ordered reports whether a range from start to end can be true: the
// earliest day start may mean is not after the latest day end may mean.
// Unknown ends are always ordered.
func Ordered(start, end Date) bool {
	if start.Precision() == Unknown || end.Precision() == Unknown {
		return true
	}
	return !start.First().After(end.Last())
}

func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON accepts a string or null. Text that is not a date is kept
// (see Valid) rather than failing the whole document, so that the record's
// validation can name the field.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date must be a string such as \"2011-10-28\"")
	}
	parsed, err := ParseDate(s)
	if err != nil {
		*d = Date{invalid: s}
		return nil
	}
	*d = parsed
	return nil
}

// JSONType tells strict decoders that a Date is written as a string.
func (Date) JSONType() string { return "string" }
