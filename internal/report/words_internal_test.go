package report

import "testing"

// The annual chapter's sentences in words: each part agrees with its
// number as the language needs (Russian 1, 2–4, 5+ and 21 again like 1),
// what the year did not hold is left out, and Azerbaijani years take the
// ordinal suffix their last word needs.
func TestAnnualSentencesAgreeWithNumbers(t *testing.T) {
	in := func(lang string) words {
		w, err := wordsIn(lang)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	ru, en, az := in("ru"), in("en"), in("az")
	prose := func(w words, c counts) string {
		return w.S("report.annual.partner_prose", "Year", w.year(2016), "Partner", "X", "What",
			w.list(append(w.heldParts(c), w.N("report.annual.people_from", c.people, "Institutions", w.N("report.count.institutions", c.insts)))))
	}
	for _, c := range []struct{ got, want string }{
		{prose(ru, counts{events: 1, projects: 1, people: 1, insts: 1}),
			"В 2016 году в рамках сотрудничества с партнёром «X» проведено 1 мероприятие, осуществлялся 1 проект и участвовал 1 человек из 1 учреждения."},
		{prose(ru, counts{events: 3, projects: 2, publications: 4, people: 2, insts: 3}),
			"В 2016 году в рамках сотрудничества с партнёром «X» проведено 3 мероприятия, осуществлялись 2 проекта, вышли 4 публикации и участвовали 2 человека из 3 учреждений."},
		{prose(ru, counts{events: 5, projects: 11, people: 25, insts: 5}),
			"В 2016 году в рамках сотрудничества с партнёром «X» проведено 5 мероприятий, осуществлялось 11 проектов и участвовали 25 человек из 5 учреждений."},
		{prose(ru, counts{events: 21, people: 21, insts: 21}),
			"В 2016 году в рамках сотрудничества с партнёром «X» проведено 21 мероприятие и участвовал 21 человек из 21 учреждения."},
		{ru.N("report.annual.with_partners", 1), "1 партнёром"},
		{ru.N("report.annual.with_partners", 3), "3 партнёрами"},
		{prose(en, counts{events: 1, projects: 2, people: 1, insts: 1}),
			"In 2016, under the cooperation with X, one event was held, two projects were under way and one person from one institution took part."},
		{prose(en, counts{projects: 12, people: 30, insts: 4}),
			"In 2016, under the cooperation with X, 12 projects were under way and 30 people from four institutions took part."},
		{prose(az, counts{events: 5, projects: 1, people: 4, insts: 2}),
			"2016-cı ildə X ilə əməkdaşlıq çərçivəsində 5 tədbir keçirilib, 1 layihə üzrə iş aparılıb və 2 qurumu təmsil edən 4 şəxs iştirak edib."},
	} {
		if c.got != c.want {
			t.Errorf("got  %q\nwant %q", c.got, c.want)
		}
	}
	for year, want := range map[int]string{2016: "2016-cı", 2017: "2017-ci", 2010: "2010-cu", 2013: "2013-cü", 2014: "2014-cü", 2019: "2019-cu",
		2020: "2020-ci", 2030: "2030-cu", 2040: "2040-cı", 2000: "2000-ci", 1990: "1990-cı", 2100: "2100-cü", 2025: "2025-ci"} {
		if got := az.year(year); got != want {
			t.Errorf("az year %d: %q, want %q", year, got, want)
		}
	}
	if got := en.year(2016); got != "2016" {
		t.Errorf("en year: %q", got)
	}
}
