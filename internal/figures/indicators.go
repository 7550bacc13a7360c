package figures

import (
	"math"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/chart"
	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/messages"
	"github.com/liaison-registry/liaison/internal/workplan"
)

// MaxIndicatorProjects bounds the projects whose indicators one
// dashboard shows.
const MaxIndicatorProjects = 10

// indicatorProgress draws a project's indicators: each one's progress
// from baseline to target as package workplan computes it, a missing
// figure drawn as missing.
func indicatorProgress(plan *workplan.Plan, w messages.Words) Figure {
	lang := w.Lang()
	p := plan.Project
	title, _ := p.Title.In(lang)
	fig := Figure{ID: "indicators-" + strconv.FormatInt(p.ID, 10), Heading: w.S("figures.indicators.title", "Project", title)}
	missing := w.S("figures.indicators.missing")
	fig.Table = Table{Caption: fig.Heading, Head: []string{
		w.S("figures.indicators.indicator"), w.S("figures.indicators.baseline"), w.S("figures.indicators.target"),
		w.S("figures.indicators.latest"), w.S("figures.indicators.progress")}}
	var items []chart.Item
	var each []string
	known := 0
	for _, cp := range plan.Components {
		for _, rp := range cp.Results {
			for _, ip := range rp.Indicators {
				name, in := ip.Indicator.Title.In(lang)
				if ip.Indicator.Code != "" {
					name = ip.Indicator.Code + " " + name
				}
				latest := missing
				if ip.Latest.Known {
					latest = w.S("figures.indicators.latest_in", "Value", decimal(lang, ip.Latest, ip.Indicator.Unit), "Period", ip.LatestPeriod.String())
				}
				progress := missing
				item := chart.Item{Label: name, Missing: true, Color: 2}
				if ip.Progress.Known {
					known++
					progress = percent(lang, ip.Progress.Value)
					item = chart.Item{Label: name, Value: ip.Progress.Value, Color: 2,
						Text: w.S("figures.indicators.bar", "Percent", progress, "Latest", decimal(lang, ip.Latest, ""), "Target", decimal(lang, ip.Target, ""))}
				}
				items = append(items, item)
				each = append(each, w.S("figures.indicators.item", "Name", name, "Value", progress))
				fig.Table.Rows = append(fig.Table.Rows, []Cell{
					{Text: name, Lang: otherLang(in, lang), Header: true},
					{Text: orMissing(decimal(lang, ip.Baseline, ip.Indicator.Unit), missing), Number: true},
					{Text: orMissing(decimal(lang, ip.Target, ip.Indicator.Unit), missing), Number: true},
					{Text: latest, Number: true},
					{Text: progress, Number: true},
				})
			}
		}
	}
	fig.Table.Caption = fig.Heading
	desc := sentence(w.N("figures.indicators.desc", len(items), "Known", locale.Count(lang, known), "Missing", locale.Count(lang, len(items)-known), "Each", strings.Join(each, "; ")))
	fig.SVG = chart.Ranked{Frame: chart.Frame{ID: fig.ID, Title: fig.Heading, Desc: desc, Lang: lang},
		Items: items, Scale: 1, MissingText: w.S("figures.indicators.no_progress")}.SVG()
	return fig
}

func orMissing(s, missing string) string {
	if s == "" {
		return missing
	}
	return s
}

// decimal writes a known number the language's way ("12.5", "12,5"),
// with its unit; "" when it is missing.
func decimal(lang string, n workplan.Number, unit string) string {
	if !n.Known {
		return ""
	}
	var s string
	if n.Value == math.Trunc(n.Value) && math.Abs(n.Value) < 1e15 {
		s = locale.Number(lang, int(n.Value))
	} else {
		s = strconv.FormatFloat(n.Value, 'f', -1, 64)
		if lang != "en" {
			s = strings.Replace(s, ".", ",", 1)
		}
	}
	if unit != "" && unit != "%" {
		return s + " " + unit
	}
	return s + unit
}

// percent writes a share as a whole percentage the language's way.
func percent(lang string, share float64) string {
	n := locale.Number(lang, int(math.Round(share*100)))
	if lang == "ru" {
		return n + "\u00a0%" // CLDR: "#,##0 %" in Russian, "#,##0%" in English and Azerbaijani
	}
	return n + "%"
}
