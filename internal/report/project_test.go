package report_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/report"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func TestProjectReportDemo(t *testing.T) {
	st := storetest.Demo(t)
	for _, lang := range report.Languages {
		for _, period := range []string{"2017-Q1", "final"} {
			d, err := report.Project(ctx, st, report.ProjectQuery{ProjectID: twinning, Period: period, Lang: lang, Now: now})
			if err != nil {
				t.Fatalf("%s %s: %v", lang, period, err)
			}
			w := write(t, d)
			t.Logf("%s %s: %s", lang, period, d.Title)
			_ = w
		}
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
