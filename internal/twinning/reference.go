// Package twinning reads EU Twinning project references.
//
// A reference names the beneficiary country, the programming year, the
// programme, the sector and a serial number, but offices and the Commission
// have written them in many shapes over the years:
//
//	AZ09/ENP-PCA/JH/09      country and two-digit year run together
//	MK2011/IB/JH/01 TWL     four-digit year, Twinning Light mark
//	AZ/14/ENP/OT/31         every part separated
//	AZ/16/ENI/ST/01/19      a year after the serial (ENI era)
//	GE 16 ENI ST 06 18      spaces instead of slashes
//	BG/2006/IB/JH-01        sector and serial joined by a hyphen
package twinning

import (
	"fmt"
	"strings"

	"github.com/liaison-registry/liaison/internal/country"
)

// Reference is a parsed Twinning reference. Text keeps what was written.
type Reference struct {
	Text       string `json:"text"`
	Country    string `json:"country"`
	Year       int    `json:"year"`
	Programme  string `json:"programme"`
	Sector     string `json:"sector"`
	Serial     string `json:"serial"`
	SerialYear int    `json:"serial_year,omitempty"`
	Light      bool   `json:"light,omitempty"`
}

// Expected describes the accepted shapes, for error messages.
const Expected = "country, year, programme, sector and number, as in AZ09/ENP-PCA/JH/09, AZ/16/ENI/ST/01/19 or MK2011/IB/JH/01 TWL"

// MaxLen bounds the text considered; real references are under 30 bytes.
const MaxLen = 64

// ParseError says why a text is not a Twinning reference.
type ParseError struct {
	Text   string
	Reason string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%q is not a Twinning reference: %s; expected %s", e.Text, e.Reason, Expected)
}

// Parse reads a Twinning reference in any of the shapes in the package
// documentation. Letters may be in either case.
func Parse(text string) (Reference, error) {
	fail := func(format string, args ...any) (Reference, error) {
		return Reference{}, &ParseError{Text: text, Reason: fmt.Sprintf(format, args...)}
	}
	s := strings.TrimSpace(text)
	if s == "" {
		return fail("it is empty")
	}
	if len(s) > MaxLen {
		return fail("it is longer than %d characters", MaxLen)
	}
	tokens, light := tokenize(strings.ToUpper(s))
	if len(tokens) == 0 {
		return fail("it has no parts")
	}
	ref := Reference{Text: text, Light: light}

	// Country, with the year run into it or following it.
	head := tokens[0]
	tokens = tokens[1:]
	if len(head) < 2 || !isLetters(head[:2]) || (len(head) > 2 && !isDigits(head[2:])) {
		return fail("it must start with the beneficiary's two-letter country code")
	}
	ref.Country = head[:2]
	if !country.Valid(ref.Country) {
		return fail("%q is not an ISO 3166-1 country code", ref.Country)
	}
	yearText := head[2:]
	if yearText == "" {
		if len(tokens) == 0 {
			return fail("the year is missing after %q", ref.Country)
		}
		yearText, tokens = tokens[0], tokens[1:]
	}
	year, ok := parseYear(yearText)
	if !ok {
		return fail("%q is not a programming year (two or four digits)", yearText)
	}
	ref.Year = year

	if len(tokens) == 0 || !isProgramme(tokens[0]) {
		return fail("the programme (such as ENP-PCA, IB or ENI) is missing after the year")
	}
	ref.Programme, tokens = tokens[0], tokens[1:]
	if len(tokens) == 0 || len(tokens[0]) < 2 || len(tokens[0]) > 3 || !isLetters(tokens[0]) {
		return fail("the sector (two or three letters such as JH) is missing after the programme")
	}
	ref.Sector, tokens = tokens[0], tokens[1:]
	if len(tokens) == 0 || len(tokens[0]) > 3 || !isDigits(tokens[0]) {
		return fail("the serial number (up to three digits) is missing after the sector")
	}
	ref.Serial, tokens = tokens[0], tokens[1:]
	if len(tokens) > 0 {
		y, ok := parseYear(tokens[0])
		if !ok {
			return fail("%q is not expected after the serial number", tokens[0])
		}
		ref.SerialYear, tokens = y, tokens[1:]
	}
	if len(tokens) > 0 {
		return fail("%q is not expected at the end", strings.Join(tokens, " "))
	}
	return ref, nil
}

// tokenize splits on slashes and white space, separates a sector joined to
// its serial by a hyphen, and takes off a Twinning Light mark at the end
// (TWL or TL, alone, in brackets or after a hyphen).
func tokenize(s string) (tokens []string, light bool) {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == '/' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0'
	})
	if n := len(fields); n > 0 {
		last := strings.Trim(fields[n-1], "()")
		switch {
		case last == "TWL" || last == "TL":
			light, fields = true, fields[:n-1]
		case strings.HasSuffix(last, "-TWL") || strings.HasSuffix(last, "-TL"):
			light = true
			fields[n-1] = last[:strings.LastIndexByte(last, '-')]
		}
	}
	for _, f := range fields {
		if i := strings.IndexByte(f, '-'); i > 0 && isLetters(f[:i]) && isDigits(f[i+1:]) && len(f)-i-1 <= 3 {
			tokens = append(tokens, f[:i], f[i+1:])
			continue
		}
		tokens = append(tokens, f)
	}
	return tokens, light
}

// parseYear reads "09" as 2009, "98" as 1998 (Twinning began in 1998) and
// four digits as they are, within 1990-2099.
func parseYear(s string) (int, bool) {
	if !isDigits(s) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	switch len(s) {
	case 2:
		if n >= 90 {
			return 1900 + n, true
		}
		return 2000 + n, true
	case 4:
		return n, n >= 1990 && n <= 2099
	}
	return 0, false
}

// isProgramme accepts letter groups joined by hyphens: IB, ENI, ENP-PCA.
func isProgramme(s string) bool {
	parts := strings.Split(s, "-")
	for _, p := range parts {
		if len(p) < 2 || len(p) > 8 || !isLetters(p) {
			return false
		}
	}
	return true
}

func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
