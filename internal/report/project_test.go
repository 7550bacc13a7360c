package report_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/report"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// The demonstration's Twinning, 2017-Q1: what the donor reads in each
// language, in the page, the PDF and the CSV alike.
func TestProjectQuarterReport(t *testing.T) {
	st := storetest.Demo(t)
	want := map[string][]string{
		"en": {"Quarterly report 2017-Q1", "Key figures", "Component 2:", "Expert-days per component", "Deviations from the plan",
			"not known", "no value reported for 2017-Q1", "postponed"},
		"az": {"Rüblük hesabat 2017-Q1", "Əsas rəqəmlər", "Komponent 2:", "Plandan kənarlaşmalar", "məlum deyil", "2017-Q1 üçün dəyər bildirilməyib"},
		"ru": {"Квартальный отчёт 2017-Q1", "Основные показатели", "Компонент 2:", "Отклонения от плана", "нет данных", "значение за 2017-Q1 не сообщено"},
	}
	for _, lang := range report.Languages {
		d, err := report.Project(ctx, st, report.ProjectQuery{ProjectID: twinning, Period: "2017-Q1", Lang: lang, Now: now})
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		w := write(t, d)
		text := flat(pdftotext(t, w.pdf))
		for _, s := range want[lang] {
			if !strings.Contains(w.html, s) {
				t.Errorf("%s: the page lacks %q", lang, s)
			}
			if !strings.Contains(text, s) {
				t.Errorf("%s: the PDF's text lacks %q", lang, s)
			}
		}
		// 2017-Q1 was not measured for the visits: missing, never zero.
		var visits []string
		for _, r := range w.csv[1:] {
			if r[1] == "indicators-1-1" && strings.HasPrefix(r[3], "1.1.a ") {
				visits = append(visits, r[5]+"/"+r[6])
			}
		}
		if strings.Join(visits, " ") != "visits/yes 30/yes 45/yes /no 36/yes 0.4000/yes" {
			t.Errorf("%s: the visits indicator's figures (unit, baseline, target, value, latest, progress): %v", lang, visits)
		}
	}
	d, err := report.Project(ctx, st, report.ProjectQuery{ProjectID: twinning, Period: "2017-Q1", Lang: "en", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	w := write(t, d)
	for _, f := range []struct{ table, row, column, value, known string }{
		{"summary", "Events in the period", "Value", "1", "yes"},
		{"summary", "Expert-days used in the period", "Value", "3", "yes"},
		{"summary", "Expert-days planned", "Value", "", "no"},
		{"summary", "Activities postponed", "Value", "1", "yes"},
		{"expert-days", "Total", "Expert-days used in the period", "3", "yes"},
		{"expert-days", "Total", "Used by the period's end", "", "no"},
		{"expert-days", "Total", "Remaining", "", "no"},
	} {
		v, known, ok := figure(w.csv, f.table, f.row, f.column)
		if !ok || v != f.value || known != f.known {
			t.Errorf("CSV %s / %s / %s = %q (%s, found %v), want %q (%s)", f.table, f.row, f.column, v, known, ok, f.value, f.known)
		}
	}
	v, _, _ := figure(w.csv, "expert-days", "Component 2: Illustrative (not from the published page): handling of individual complaints", "Remaining")
	if v != "32" {
		t.Errorf("component 2's remaining expert-days by 2017-Q1: %q, want 32 (40 planned, 8 used)", v)
	}
}

// The final report covers the whole project: every mission, the
// indicators' latest values.
func TestProjectFinalReport(t *testing.T) {
	st := storetest.Demo(t)
	d, err := report.Project(ctx, st, report.ProjectQuery{ProjectID: twinning, Period: "final", Lang: "en", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	w := write(t, d)
	if !strings.HasPrefix(d.Title, "Final report: ") || !strings.Contains(w.html, "Latest value") {
		t.Errorf("title %q", d.Title)
	}
	if v, known, _ := figure(w.csv, "expert-days", "Total", "Expert-days used"); v != "" || known != "no" {
		t.Errorf("the whole project's expert-days used, one expert's days not known: %q %s", v, known)
	}
	if !strings.Contains(flat(pdftotext(t, w.pdf)), "Final report: ") {
		t.Error("the PDF's text lacks its title")
	}
}

func TestProjectReportRefusesBadInput(t *testing.T) {
	st := storetest.Demo(t)
	for _, q := range []report.ProjectQuery{
		{ProjectID: twinning, Period: "2017-Q5", Lang: "en"},
		{ProjectID: twinning, Period: "2030-Q1", Lang: "en"},
		{ProjectID: twinning, Period: "final", Lang: "fr"},
	} {
		_, err := report.Project(ctx, st, report.ProjectQuery{ProjectID: q.ProjectID, Period: q.Period, Lang: q.Lang, Now: now})
		var ve *registry.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%+v: %v, want a validation error", q, err)
			continue
		}
		if !strings.Contains(err.Error(), "expected") {
			t.Errorf("%+v: %v does not say what is expected", q, err)
		}
	}
	if _, err := report.Project(ctx, st, report.ProjectQuery{ProjectID: 999999, Lang: "en", Now: now}); !errors.Is(err, registry.ErrNotFound) {
		t.Errorf("no such project: %v", err)
	}
}
