package registry

import (
	"strings"
	"testing"
	"time"
)

func TestProjectStatusOn(t *testing.T) {
	today := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	d := func(s string) Date {
		x, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	cases := []struct {
		name       string
		start, end string
		months     int
		want       ProjectStatus
	}{
		{"no dates", "", "", 24, StatusUnknown},
		{"started long ago, length unknown", "2011", "", 0, StatusUnknown},
		{"Twinning Light of 2011", "2011", "", 6, Completed},
		{"ended", "2016-01-01", "2017-12-31", 0, Completed},
		{"running", "2026-01-01", "2027-12-31", 0, Ongoing},
		{"running by its duration", "2026-03", "", 24, Ongoing},
		{"starts next year", "2027", "", 24, Planned},
		{"starts later this year", "2026-12-01", "", 6, Planned},
		{"ends today", "2025-01-01", "2026-11-28", 0, Ongoing},
		{"may start this year or has started", "2026", "2027", 0, StatusUnknown},
		{"only an end in the past", "", "2015", 0, Completed},
	}
	for _, c := range cases {
		p := Project{Start: d(c.start), End: d(c.end), DurationMonths: c.months}
		if got := p.StatusOn(today); got != c.want {
			t.Errorf("%s: StatusOn = %s, want %s", c.name, got, c.want)
		}
	}
}

func TestMonthsBetween(t *testing.T) {
	cases := []struct {
		start, end string
		want       int
	}{
		{"2016-01-01", "2017-12-31", 24},
		{"2011-03-01", "2011-08-31", 6},
		{"2011-03-15", "2011-09-14", 6},
		{"2011-03-01", "2011-03-31", 1},
	}
	for _, c := range cases {
		s, _ := ParseDate(c.start)
		e, _ := ParseDate(c.end)
		if got := MonthsBetween(s, e); got != c.want {
			t.Errorf("MonthsBetween(%s, %s) = %d, want %d", c.start, c.end, got, c.want)
		}
	}
}

func TestTextFallsBack(t *testing.T) {
	txt := T("az", "Müvəkkil", "ru", "Уполномоченный")
	if s, l := txt.In("ru"); s != "Уполномоченный" || l != "ru" {
		t.Errorf("In(ru) = %q, %q", s, l)
	}
	if s, l := txt.In("en"); s != "Müvəkkil" || l != "az" {
		t.Errorf("In(en) = %q, %q; want the Azerbaijani text, marked az", s, l)
	}
	if s, l := (Text{}).In("en"); s != "" || l != "" {
		t.Errorf("empty In = %q, %q", s, l)
	}
}

// Rules that need no other record, checked directly.
func TestCheckRules(t *testing.T) {
	cases := []struct {
		name    string
		check   func(*Report)
		field   string
		warning bool
	}{
		{"Twinning Light of seven months warns", func(r *Report) {
			p := Project{Instrument: TwinningLight, Title: T("en", "X"), DurationMonths: 7}
			p.Check(r)
		}, "duration_months", true},
		{"Twinning Light of nine months is refused", func(r *Report) {
			p := Project{Instrument: TwinningLight, Title: T("en", "X"), DurationMonths: 9}
			p.Check(r)
		}, "duration_months", false},
		{"a Light mark on a Twinning project warns", func(r *Report) {
			p := Project{Instrument: Twinning, Title: T("en", "X"), Reference: "MK2011/IB/JH/01 TWL"}
			p.Check(r)
		}, "reference", true},
		{"duration that contradicts the dates warns", func(r *Report) {
			p := Project{Instrument: Twinning, Title: T("en", "X"), Start: NewDate(2016, 1, 1), End: NewDate(2017, 12, 31), DurationMonths: 12}
			p.Check(r)
		}, "duration_months", true},
		{"up to without months", func(r *Report) {
			p := Project{Instrument: Twinning, Title: T("en", "X"), DurationUpTo: true}
			p.Check(r)
		}, "duration_up_to", false},
		{"affiliation ends before it starts", func(r *Report) {
			p := Person{FamilyName: "X", Affiliations: []Affiliation{{InstitutionID: 1, From: NewDate(2015, 0, 0), To: NewDate(2014, 0, 0)}}}
			p.Check(r)
		}, "affiliations[0].to", false},
		{"event title too long", func(r *Report) {
			e := Event{Kind: Seminar, Start: NewDate(2011, 0, 0), Title: T("en", strings.Repeat("é", MaxTitle+1))}
			e.Check(r)
		}, "title.en", false},
		{"negative item count", func(r *Report) {
			p := Publication{Kind: PubArticle, Title: T("en", "X"), ItemCount: -1}
			p.Check(r)
		}, "item_count", false},
		{"TAIEX references are free text", func(r *Report) {
			p := Project{Instrument: TAIEX, Title: T("en", "X"), Reference: "IND/EXP 45678"}
			p.Check(r)
		}, "", false},
	}
	for _, c := range cases {
		r := NewReport()
		c.check(r)
		list := *r.Errors
		if c.warning {
			list = *r.Warnings
			if !r.OK() {
				t.Errorf("%s: refused: %v", c.name, r.Err())
			}
		}
		if c.field == "" {
			if !r.OK() {
				t.Errorf("%s: refused: %v", c.name, r.Err())
			}
			continue
		}
		found := false
		for _, fe := range list {
			found = found || fe.Field == c.field
		}
		if !found {
			t.Errorf("%s: nothing about %s in %+v", c.name, c.field, list)
		}
	}
}

func TestNormalizeTrims(t *testing.T) {
	p := Person{GivenName: "  Jean   Pierre ", FamilyName: " Fontaine\t", Affiliations: []Affiliation{{InstitutionID: 1, Role: T("en", "  ", "az", " Nümayəndə ")}}}
	r := NewReport()
	p.Check(r)
	if p.GivenName != "Jean Pierre" || p.FamilyName != "Fontaine" {
		t.Errorf("names = %q %q", p.GivenName, p.FamilyName)
	}
	if len(p.Affiliations[0].Role) != 1 || p.Affiliations[0].Role["az"] != "Nümayəndə" {
		t.Errorf("role = %v", p.Affiliations[0].Role)
	}
}
