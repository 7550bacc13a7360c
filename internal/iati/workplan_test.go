package iati_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/storetest"
)

// A project's indicators are IATI's own: measure, direction, baseline,
// a period holding the target and one per quarter measured; a quarter
// not measured is no period (never an actual of zero).
func TestIndicatorsAreIATIIndicators(t *testing.T) {
	doc := string(export(t, storetest.Demo(t)))
	start := strings.Index(doc, `<indicator measure="1" ascending="1" liaison:result="0">`)
	if start < 0 {
		t.Fatalf("no quantitative indicator of the demonstration's first result:\n%s", doc)
	}
	visits := doc[start : start+strings.Index(doc[start:], "</indicator>")]
	for _, want := range []string{
		`<baseline year="2016" value="30">`,
		`<period-start iso-date="2016-03-01"></period-start>` + "\n" + `          <period-end iso-date="2017-12-31"></period-end>` + "\n" + `          <target value="45">`,
		`<period-start iso-date="2017-04-01"></period-start>` + "\n" + `          <period-end iso-date="2017-06-30"></period-end>` + "\n" + `          <actual value="40">`,
	} {
		if !strings.Contains(visits, want) {
			t.Errorf("the indicator lacks %s:\n%s", want, visits)
		}
	}
	if n := len(regexp.MustCompile(`<actual `).FindAllString(visits, -1)); n != 4 {
		t.Errorf("%d actual values, want 4 (2017-Q1 was not measured):\n%s", n, visits)
	}
	for _, want := range []string{`<indicator measure="2" ascending="1" liaison:result="0">`, `<indicator measure="1" ascending="0" liaison:result="0">`} {
		if !strings.Contains(doc, want) {
			t.Errorf("no %s (a percentage; a target below the baseline)", want)
		}
	}
}
