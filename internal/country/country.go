// Package country validates ISO 3166-1 alpha-2 codes and names countries in
// the portal's languages from CLDR data (golang.org/x/text).
package country

import (
	"fmt"
	"sort"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// CLDR also knows territories that ISO 3166-1 only reserves (UK, EU, UN,
// the Canary Islands...); x/text reports many of them as countries, so
// they are refused here by name. XK (Kosovo) is user-assigned but used by
// the EU and IATI, so it stays.
var reserved = map[string]bool{
	"AC": true, "CP": true, "DG": true, "EA": true, "EU": true, "EZ": true,
	"FX": true, "IC": true, "SU": true, "TA": true, "UK": true, "UN": true,
	"AN": true, "BU": true, "CS": true, "NT": true, "TP": true, "YU": true,
	"ZR": true, "DD": true, "QU": true,
}

// Valid reports whether code is an assigned ISO 3166-1 alpha-2 code in
// upper case, such as "LT".
func Valid(code string) bool {
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return false
	}
	if reserved[code] {
		return false
	}
	r, err := language.ParseRegion(code)
	if err != nil || !r.IsCountry() || r.String() != code {
		return false
	}
	// Withdrawn codes (DY for Dahomey, NQ for Dronning Maud Land) have
	// been replaced; only current codes are valid.
	if r.Canonicalize().String() != code {
		return false
	}
	return display.English.Regions().Name(r) != ""
}

// Check returns an error naming code and the expected form when it is
// not Valid.
func Check(code string) error {
	if Valid(code) {
		return nil
	}
	if len(code) == 2 {
		if up := upper(code); up != code && Valid(up) {
			return fmt.Errorf("is not an ISO 3166-1 alpha-2 code; country codes are upper case: %q", up)
		}
	}
	return fmt.Errorf("is not an ISO 3166-1 alpha-2 country code; expected two capital letters such as \"LT\" or \"AZ\"")
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// Name is the country's name in lang (an "en", "az" or "ru" style tag),
// falling back to English and then to the code itself.
func Name(code, lang string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	tag, err := language.Parse(lang)
	if err == nil {
		if n := display.Regions(tag).Name(r); n != "" {
			return n
		}
	}
	if n := display.English.Regions().Name(r); n != "" {
		return n
	}
	return code
}

// Entry is a country code with its name.
type Entry struct{ Code, Name string }

var (
	all     []Entry
	allOnce sync.Once
)

// All lists every valid code with its English name, sorted by name.
func All() []Entry {
	allOnce.Do(func() {
		var list []Entry
		for a := 'A'; a <= 'Z'; a++ {
			for b := 'A'; b <= 'Z'; b++ {
				code := string([]rune{a, b})
				if Valid(code) {
					list = append(list, Entry{code, Name(code, "en")})
				}
			}
		}
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
		all = list
	})
	return all
}
