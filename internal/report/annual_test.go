package report_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/report"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func TestAnnualReport(t *testing.T) {
	st := storetest.Demo(t)
	want := map[string][]string{
		"en": {"International cooperation in 2016", "Overview", "Events by instrument", "Total",
			"In 2016, under the cooperation with European Union (EU), five events were held and four people from four institutions took part."},
		"az": {"2016-cı ildə beynəlxalq əməkdaşlıq", "İcmal", "Alətlər üzrə tədbirlər", "Cəmi",
			"2016-cı ildə Avropa İttifaqı (EU) ilə əməkdaşlıq çərçivəsində 5 tədbir keçirilib və 4 qurumu təmsil edən 4 şəxs iştirak edib."},
		"ru": {"Международное сотрудничество в 2016 году", "Обзор", "Мероприятия по инструментам", "Всего",
			"В 2016 году в рамках сотрудничества с партнёром «Европейский союз (EU)» проведено 5 мероприятий и участвовали 4 человека из 4 учреждений."},
	}
	for _, lang := range report.Languages {
		d, err := report.Annual(ctx, st, report.AnnualQuery{Year: 2016, Lang: lang, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		w := write(t, d)
		text := flat(pdftotext(t, w.pdf))
		for _, s := range want[lang] {
			if !strings.Contains(w.html, s) || !strings.Contains(text, s) {
				t.Errorf("%s: the page or the PDF lacks %q", lang, s)
			}
		}
		// The year's totals: every figure known, events held.
		events, known, ok := figure(w.csv, "overview", want[lang][3], d.Sections[0].Tables[0].Columns[2].Label)
		if !ok || known != "yes" || events == "" || events == "0" {
			t.Errorf("%s: the year's events in the overview: %q (%s, found %v)", lang, events, known, ok)
		}
	}
	// Each partner's events and projects are those the store's partner
	// filter finds (the chapter shares the year's records out itself).
	d, err := report.Annual(ctx, st, report.AnnualQuery{Year: 2016, Lang: "en", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	w := write(t, d)
	partners, err := st.Partnerships(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, ps := range partners.Items {
		tree, err := st.InstitutionTree(ctx, ps.PartnerID)
		if err != nil {
			t.Fatal(err)
		}
		events, err := st.CountEvents(ctx, store.Filter{Year: 2016, Partner: tree})
		if err != nil {
			t.Fatal(err)
		}
		projects, err := st.CountProjects(ctx, store.Filter{Year: 2016, Partner: tree})
		if err != nil {
			t.Fatal(err)
		}
		gotEvents, _, ok := figure(w.csv, "overview", ps.Title["en"], "Events")
		gotProjects, _, _ := figure(w.csv, "overview", ps.Title["en"], "Projects")
		if !ok || gotEvents != strconv.Itoa(events) || gotProjects != strconv.Itoa(projects) {
			t.Errorf("%s in 2016: events %s, projects %s; the store counts %d and %d", ps.Title["en"], gotEvents, gotProjects, events, projects)
		}
		checked++
	}
	if checked == 0 {
		t.Error("the demonstration has no partnership to check")
	}
	if _, err := report.Annual(ctx, st, report.AnnualQuery{Year: 1800, Lang: "en", Now: now}); err == nil {
		t.Error("the year 1800 was accepted")
	} else if ve := new(registry.ValidationError); !errors.As(err, &ve) {
		t.Errorf("the year 1800: %v", err)
	}
}

func TestPartnerSummary(t *testing.T) {
	st := storetest.Demo(t)
	want := map[string][]string{
		"en": {"Summary: ", "In figures", "Recent events"},
		"az": {"Xülasə: ", "Rəqəmlərlə"},
		"ru": {"Сводка: ", "В цифрах"},
	}
	for _, lang := range report.Languages {
		d, err := report.Partner(ctx, st, report.PartnerQuery{Slug: "eu", Lang: lang, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		w := write(t, d)
		text := flat(pdftotext(t, w.pdf))
		for _, s := range want[lang] {
			if !strings.Contains(w.html, s) || !strings.Contains(text, s) {
				t.Errorf("%s: the page or the PDF lacks %q", lang, s)
			}
		}
		if pages := strings.Count(string(w.pdf), "/Type /Page\n"); pages != 1 {
			t.Errorf("%s: the summary is %d pages, not one", lang, pages)
		}
	}
	if _, err := report.Partner(ctx, st, report.PartnerQuery{Slug: "nobody", Lang: "en", Now: now}); !errors.Is(err, registry.ErrNotFound) {
		t.Errorf("no such partnership: %v", err)
	}
}
