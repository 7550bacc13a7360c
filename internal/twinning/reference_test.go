package twinning

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		want Reference
	}{
		{"AZ09/ENP-PCA/JH/09", Reference{Country: "AZ", Year: 2009, Programme: "ENP-PCA", Sector: "JH", Serial: "09"}},
		{"AM08/ENP-PCA/JH/02", Reference{Country: "AM", Year: 2008, Programme: "ENP-PCA", Sector: "JH", Serial: "02"}},
		{"MK2011/IB/JH/01 TWL", Reference{Country: "MK", Year: 2011, Programme: "IB", Sector: "JH", Serial: "01", Light: true}},
		{"AZ/14/ENP/OT/31", Reference{Country: "AZ", Year: 2014, Programme: "ENP", Sector: "OT", Serial: "31"}},
		{"AZ/16/ENI/ST/01/19", Reference{Country: "AZ", Year: 2016, Programme: "ENI", Sector: "ST", Serial: "01", SerialYear: 2019}},
		{"GE 16 ENI ST 06 18", Reference{Country: "GE", Year: 2016, Programme: "ENI", Sector: "ST", Serial: "06", SerialYear: 2018}},
		// Shapes beyond the seed's: hyphenated serial, lower case, the light
		// mark in brackets or hyphenated, a year from the 1990s, extra spaces.
		{"BG/2006/IB/JH-01", Reference{Country: "BG", Year: 2006, Programme: "IB", Sector: "JH", Serial: "01"}},
		{"az09/enp-pca/jh/09", Reference{Country: "AZ", Year: 2009, Programme: "ENP-PCA", Sector: "JH", Serial: "09"}},
		{"HR/2007/IB/JH/03 (TWL)", Reference{Country: "HR", Year: 2007, Programme: "IB", Sector: "JH", Serial: "03", Light: true}},
		{"PL/2003/IB/OT/04-TL", Reference{Country: "PL", Year: 2003, Programme: "IB", Sector: "OT", Serial: "04", Light: true}},
		{"PL99/IB/JH/05", Reference{Country: "PL", Year: 1999, Programme: "IB", Sector: "JH", Serial: "05"}},
		{"  UA/15/ENI/JH/02  ", Reference{Country: "UA", Year: 2015, Programme: "ENI", Sector: "JH", Serial: "02"}},
		{"TR 08 IB JH 05 TWL", Reference{Country: "TR", Year: 2008, Programme: "IB", Sector: "JH", Serial: "05", Light: true}},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := Parse(c.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.in, err)
			}
			c.want.Text = c.in
			if got != c.want {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", c.in, got, c.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	cases := []struct{ in, reason string }{
		{"", "empty"},
		{"   ", "empty"},
		{"Twinning project", "country code"},
		{"XX09/ENP-PCA/JH/09", `"XX" is not an ISO 3166-1 country code`},
		{"EU/16/ENI/ST/01", `"EU" is not an ISO 3166-1 country code`},
		{"AZ", "year is missing"},
		{"AZ/1/ENI/ST/01", `"1" is not a programming year`},
		{"AZ/2150/ENI/ST/01", `"2150" is not a programming year`},
		{"AZ09", "programme"},
		{"AZ09/12/JH/09", "programme"},
		{"AZ09/ENP-PCA", "sector"},
		{"AZ09/ENP-PCA/JUST/09", "sector"},
		{"AZ09/ENP-PCA/JH", "serial number"},
		{"AZ09/ENP-PCA/JH/0009", "serial number"},
		{"AZ/16/ENI/ST/01/19/7", `"7" is not expected`},
		{"AZ/16/ENI/ST/01/XY", `"XY" is not expected after the serial`},
		{"AZ/16/ENI/ST/01/19 extra", `"EXTRA" is not expected`},
		{strings.Repeat("A", 65), "longer than 64"},
		{"ÄZ09/ENP-PCA/JH/09", "country code"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			_, err := Parse(c.in)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) = %v, want a *ParseError", c.in, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.reason) {
				t.Errorf("Parse(%q) error %q does not say %q", c.in, msg, c.reason)
			}
			if !strings.Contains(msg, "AZ09/ENP-PCA/JH/09") {
				t.Errorf("Parse(%q) error %q does not show the expected shape", c.in, msg)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"AZ09/ENP-PCA/JH/09", "AM08/ENP-PCA/JH/02", "MK2011/IB/JH/01 TWL", "AZ/14/ENP/OT/31",
		"AZ/16/ENI/ST/01/19", "GE 16 ENI ST 06 18", "BG/2006/IB/JH-01", "PL/2003/IB/OT/04-TL",
		"", "-", "--TL", "A-1", "AZ/-/-", "(TWL)", "AZ09/ENP-/JH/09",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := Parse(s)
		if err != nil {
			if !strings.Contains(err.Error(), Expected) {
				t.Fatalf("error without the expected shape: %v", err)
			}
			return
		}
		if ref.Text != s {
			t.Fatalf("Text = %q, want the input %q", ref.Text, s)
		}
		if len(ref.Country) != 2 || ref.Year < 1990 || ref.Year > 2099 || ref.Programme == "" || ref.Sector == "" || ref.Serial == "" {
			t.Fatalf("accepted %q with missing parts: %+v", s, ref)
		}
		if !utf8.ValidString(ref.Programme + ref.Sector + ref.Serial) {
			t.Fatalf("parts are not valid UTF-8: %+v", ref)
		}
		// What was accepted re-parses the same from its canonical form.
		canon := ref.Country + "/" + itoa(ref.Year) + "/" + ref.Programme + "/" + ref.Sector + "/" + ref.Serial
		again, err := Parse(canon)
		if err != nil || again.Country != ref.Country || again.Year != ref.Year || again.Serial != ref.Serial {
			t.Fatalf("canonical %q of %q does not re-parse alike: %+v, %v", canon, s, again, err)
		}
	})
}

func itoa(n int) string {
	b := []byte{}
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
