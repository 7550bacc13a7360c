package figures

import (
	"errors"
	"net/url"
	"testing"

	"github.com/liaison-registry/liaison/internal/messages"
	"github.com/liaison-registry/liaison/internal/workplan"
)

func words(t *testing.T, lang string) messages.Words {
	c, err := messages.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c.In(lang)
}

func TestParseQuery(t *testing.T) {
	w := words(t, "en")
	q, err := ParseQuery(url.Values{"from": {"2010"}, "to": {" 2015 "}, "instrument": {"taiex"}, "partner": {"eu"}, "page": {"3"}, "utm_source": {"x"}}, w)
	if err != nil || q != (Query{From: 2010, To: 2015, Instrument: "taiex", Partner: "eu", Page: 3}) {
		t.Fatalf("%+v %v", q, err)
	}
	if got := q.Encode(1); got != "?from=2010&instrument=taiex&partner=eu&to=2015" {
		t.Errorf("Encode(1) = %q", got)
	}
	_, err = ParseQuery(url.Values{"from": {"1899"}, "to": {"2101"}, "instrument": {"grant"}, "partner": {"Not A Slug"}, "page": {"10001"}}, w)
	var qe *QueryError
	if !errors.As(err, &qe) || !errors.Is(err, ErrBadQuery) {
		t.Fatalf("want a QueryError, got %v", err)
	}
	var fields []string
	for _, f := range qe.Fields {
		fields = append(fields, f.Field)
	}
	if len(fields) != 5 || fields[0] != "from" || fields[1] != "to" || fields[2] != "instrument" || fields[3] != "partner" || fields[4] != "page" {
		t.Errorf("fields at fault: %v", fields)
	}
	if _, err := ParseQuery(url.Values{"from": {"2016"}, "to": {"2011"}}, w); err == nil {
		t.Error("from after to was accepted")
	}
}

func TestNumbersPerLanguage(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    workplan.Number
		unit string
		want string
	}{
		{"en", workplan.Known(12.5), "", "12.5"},
		{"ru", workplan.Known(12.5), "", "12,5"},
		{"az", workplan.Known(12000), "days", "12.000 days"},
		{"en", workplan.Known(40), "%", "40%"},
		{"en", workplan.Missing, "", ""},
	} {
		if got := decimal(c.lang, c.n, c.unit); got != c.want {
			t.Errorf("decimal(%s, %v, %q) = %q, want %q", c.lang, c.n, c.unit, got, c.want)
		}
	}
	if got := percent("ru", 0.404); got != "40\u00a0%" {
		t.Errorf("Russian percent: %q", got)
	}
	if got := percent("az", 1.25); got != "125%" {
		t.Errorf("Azerbaijani percent: %q", got)
	}
	if got := sentence("two events"); got != "Two events" {
		t.Errorf("sentence: %q", got)
	}
}
