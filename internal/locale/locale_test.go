package locale

import (
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
)

func d(t *testing.T, s string) registry.Date {
	x, err := registry.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestDates(t *testing.T) {
	cases := []struct{ lang, date, want string }{
		{"en", "2011-10-28", "28 October 2011"},
		{"az", "2011-10-28", "28 oktyabr 2011"},
		{"ru", "2011-10-28", "28 октября 2011 г."},
		{"en", "2011-10", "October 2011"},
		{"az", "2011-06", "İyun 2011"},
		{"ru", "2011-10", "октябрь 2011 г."},
		{"ru", "2011", "2011"},
		{"xx", "2011-10-28", "28 October 2011"},
	}
	for _, c := range cases {
		if got := Date(c.lang, d(t, c.date)); got != c.want {
			t.Errorf("Date(%s, %s) = %q, want %q", c.lang, c.date, got, c.want)
		}
	}
}

func TestRanges(t *testing.T) {
	cases := []struct{ lang, start, end, want string }{
		{"en", "2016-10-03", "2016-10-07", "3–7 October 2016"},
		{"az", "2016-10-03", "2016-10-07", "3–7 oktyabr 2016"},
		{"ru", "2016-10-03", "2016-10-07", "3–7 октября 2016 г."},
		{"en", "2016-10-28", "2016-11-02", "28 October – 2 November 2016"},
		{"ru", "2016-10-28", "2016-11-02", "28 октября – 2 ноября 2016 г."},
		{"en", "2016-12-28", "2017-01-02", "28 December 2016 – 2 January 2017"},
		{"en", "2011", "2013", "2011–2013"},
		{"en", "2011-10-28", "", "28 October 2011"},
		{"en", "2011-10", "2012", "October 2011 – 2012"},
	}
	for _, c := range cases {
		if got := Range(c.lang, d(t, c.start), d(t, c.end)); got != c.want {
			t.Errorf("Range(%s, %s, %s) = %q, want %q", c.lang, c.start, c.end, got, c.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	cases := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 10, "ten"}, {"en", 6, "six"}, {"en", 24, "24"}, {"az", 10, "10"}, {"ru", 10, "10"},
		{"en", 10000, "10,000"}, {"ru", 10000, "10\u00a0000"}, {"az", 10000, "10.000"},
	}
	for _, c := range cases {
		if got := Count(c.lang, c.n); got != c.want {
			t.Errorf("Count(%s, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}
