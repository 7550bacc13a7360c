package country

import (
	"strings"
	"testing"
)

func TestValid(t *testing.T) {
	for _, c := range []string{"LT", "AZ", "FR", "NL", "PL", "DE", "GR", "PT", "XK", "GB", "MK", "AQ"} {
		if !Valid(c) {
			t.Errorf("Valid(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"", "lt", "Lt", "LTU", "440", "EU", "UK", "UN", "ZZ", "AA", "QO", "YU", "XA", "L", "1T", "ÄB", "EZ", "IC", "DY", "NQ", "ZR"} {
		if Valid(c) {
			t.Errorf("Valid(%q) = true, want false", c)
		}
	}
}

func TestCheckSuggestsUpperCase(t *testing.T) {
	err := Check("lt")
	if err == nil || !strings.Contains(err.Error(), `"LT"`) {
		t.Fatalf("Check(lt) = %v, want a hint at \"LT\"", err)
	}
}

func TestName(t *testing.T) {
	cases := []struct{ code, lang, want string }{
		{"LT", "en", "Lithuania"},
		{"LT", "az", "Litva"},
		{"LT", "ru", "Литва"},
		{"NL", "en", "Netherlands"},
		{"GR", "ru", "Греция"},
		{"LT", "xx-bogus-", "Lithuania"},
	}
	for _, c := range cases {
		if got := Name(c.code, c.lang); got != c.want {
			t.Errorf("Name(%q, %q) = %q, want %q", c.code, c.lang, got, c.want)
		}
	}
}
