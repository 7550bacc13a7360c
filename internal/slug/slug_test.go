package slug

import (
	"strings"
	"testing"
)

func TestMake(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Augustinas Normantas", "augustinas-normantas"},
		{"Jean Pierre Fontaine", "jean-pierre-fontaine"},
		{"Insan hüquqları üzrə müvəkkil", "insan-huquqlari-uzre-muvekkil"},
		{"İnsan Hüquqları", "insan-huquqlari"},
		{"Уполномоченный по правам человека", "upolnomochennyy-po-pravam-cheloveka"},
		{"Łódź — Rzecznik Praw Obywatelskich", "lodz-rzecznik-praw-obywatelskich"},
		{"Défenseur des droits", "defenseur-des-droits"},
		{"  --Study visit (Greece), 3–7 Oct. 2016--  ", "study-visit-greece-3-7-oct-2016"},
		{"“European Ombudsmen”", "european-ombudsmen"},
		{"!!!", ""},
		{"", ""},
	}
	for _, c := range cases {
		if got := Make(c.in); got != c.want {
			t.Errorf("Make(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Make(c.in); got != "" && !Valid(got) {
			t.Errorf("Make(%q) = %q is not Valid", c.in, got)
		}
	}
}

func TestMakeClipsAtWord(t *testing.T) {
	got := Make(strings.Repeat("support to the enhancement ", 10))
	if len(got) > MaxLen || !Valid(got) || strings.HasSuffix(got, "-") {
		t.Fatalf("Make(long) = %q (%d bytes)", got, len(got))
	}
}

func TestValid(t *testing.T) {
	for _, s := range []string{"eu", "a-b", "2011-seminar"} {
		if !Valid(s) {
			t.Errorf("Valid(%q) = false", s)
		}
	}
	for _, s := range []string{"", "EU", "a--b", "-a", "a-", "a b", "ə", strings.Repeat("a", MaxLen+1)} {
		if Valid(s) {
			t.Errorf("Valid(%q) = true", s)
		}
	}
}
