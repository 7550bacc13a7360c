package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, installed from npm into e2e/node_modules
// (`npm ci --prefix e2e`, as .ci/run does).
func axeSource(t *testing.T) string {
	b, err := os.ReadFile("node_modules/axe-core/axe.min.js")
	if err != nil {
		if os.Getenv("LIAISON_REQUIRE_BROWSER") != "" {
			t.Fatalf("axe-core is required here: %v (npm ci --prefix e2e)", err)
		}
		t.Skipf("axe-core is not installed (npm ci --prefix e2e): %v", err)
	}
	return string(b)
}

type violation struct {
	ID          string `json:"id"`
	Impact      string `json:"impact"`
	Description string `json:"description"`
	Nodes       []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// Every public page type, in each language, passes axe-core's WCAG 2.1
// A and AA rules without a single violation.
func TestPublicPagesAreAccessible(t *testing.T) {
	axe := axeSource(t)
	base := serveDemo(t)
	ctx := browser(t)
	pages := []string{
		"/", "/cooperation/eu", "/cooperation/eu/events", "/projects/twinning-ombudsman-capacities",
		"/events/2011-10-28-taiex-seminar-regional-offices", "/people/augustinas-normantas",
		"/institutions/seimas-ombudsmen-lithuania", "/publications", "/timeline", "/timeline/2016",
		"/search", "/search?q=ombudsman", "/search?q=nothing-matches-this", "/no-such-page",
	}
	for _, lang := range []string{"az", "en", "ru"} {
		for _, path := range pages {
			url := base + "/" + lang + path
			if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
				t.Fatalf("%s: %v", url, err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
				t.Fatalf("%s: load axe: %v", url, err)
			}
			raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`,
				chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: run axe: %v", url, err)
			}
			var vs []violation
			if err := json.Unmarshal([]byte(raw), &vs); err != nil {
				t.Fatalf("%s: %v", url, err)
			}
			for _, v := range vs {
				var where []string
				for _, n := range v.Nodes {
					where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
				}
				t.Errorf("%s: %s (%s): %s\n  %s", "/"+lang+path, v.ID, v.Impact, v.Description, strings.Join(where, "\n  "))
			}
		}
	}
}
