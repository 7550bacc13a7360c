package report_test

import (
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/report"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// An institution's short name follows its name in parentheses, unless
// the name already holds it, in any case and in each language: the
// beneficiary is never "… (Ombudsman) (Ombudsman)". A name that merely
// contains the letters ("European Union" and "EU") still gets it.
func TestInstitutionShortNameNotRepeated(t *testing.T) {
	st := storetest.Open(t)
	var projectID int64
	err := st.Transact(ctx, func(tx *store.Tx) error {
		funder := &registry.Institution{Kind: registry.EUInstitution, Acronym: "EU",
			Name: registry.T("en", "European Union", "az", "Avropa İttifaqı", "ru", "Европейский союз")}
		beneficiary := &registry.Institution{Kind: registry.OmbudsmanOffice, Country: "AZ", Acronym: "Ombudsman",
			Name: registry.T("en", "Commissioner for Human Rights (Ombudsman)", "az", "İnsan hüquqları üzrə müvəkkil (ombudsman)",
				"ru", "Уполномоченный по правам человека (OMBUDSMAN)")}
		for _, in := range []*registry.Institution{funder, beneficiary} {
			if fe, err := tx.CreateInstitution(ctx, in); err != nil || len(fe) > 0 {
				t.Fatalf("institution: %v %v", fe, err)
			}
		}
		p := &registry.Project{Instrument: registry.Twinning, Title: registry.T("en", "Names", "az", "Adlar", "ru", "Имена"),
			Start: date("2020-01-01"), End: date("2020-12-31"), FunderID: funder.ID, BeneficiaryID: beneficiary.ID}
		if _, err := tx.CreateProject(ctx, p); err != nil {
			return err
		}
		projectID = p.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"en": {"Commissioner for Human Rights (Ombudsman)", "European Union (EU)"},
		"az": {"İnsan hüquqları üzrə müvəkkil (ombudsman)", "Avropa İttifaqı (EU)"},
		"ru": {"Уполномоченный по правам человека (OMBUDSMAN)", "Европейский союз (EU)"},
	}
	for _, lang := range report.Languages {
		d, err := report.Project(ctx, st, report.ProjectQuery{ProjectID: projectID, Lang: lang, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		var fields []string
		for _, f := range d.Fields {
			fields = append(fields, f.Value)
		}
		for _, s := range want[lang] {
			if !strings.Contains(strings.Join(fields, "\n"), s+"\n") {
				t.Errorf("%s: the report's fields lack %q: %q", lang, s, fields)
			}
		}
		if html := write(t, d).html; strings.Count(strings.ToLower(html), "(ombudsman)") != 1 {
			t.Errorf("%s: the short name is repeated or missing: %d times", lang, strings.Count(strings.ToLower(html), "(ombudsman)"))
		}
	}
}
