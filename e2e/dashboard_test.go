package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
)

// artifacts is where the browser tests keep what a person should look
// at (screenshots): $LIAISON_ARTIFACTS, or liaison-artifacts in the
// system's temporary directory. The test logs the path.
func artifacts(t *testing.T) string {
	dir := os.Getenv("LIAISON_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "liaison-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// axString reads an accessibility value that is a string.
func axString(v *accessibility.Value) string {
	if v == nil {
		return ""
	}
	var s string
	json.Unmarshal([]byte(v.Value), &s)
	return s
}

// The dashboard and the projects' timeline, public and staff, draw their
// charts as SVG in the browser: every chart is laid out (a box of some
// size), is an image to assistive technology named by its title and
// described by its figures in words, and every page passes axe-core. A
// screenshot of each page is kept.
func TestDashboardAndTimelineChartsRender(t *testing.T) {
	axe := axeSource(t)
	base := serveDemo(t)
	ctx := browser(t)
	dir := artifacts(t)
	pages := []struct {
		name, path string
		charts     int // at least
	}{
		{"dashboard-en", "/en/dashboard", 5},
		{"dashboard-az", "/az/dashboard", 5},
		{"dashboard-ru", "/ru/dashboard", 5},
		{"timeline-en", "/en/timeline/projects", 1},
		{"timeline-ru", "/ru/timeline/projects", 1},
		{"dashboard-filtered-en", "/en/dashboard?instrument=taiex&from=2010&to=2012", 3},
		{"staff-dashboard", "/admin/dashboard", 5},
		{"staff-timeline", "/admin/timeline", 1},
	}
	signedIn := false
	for _, pg := range pages {
		if strings.HasPrefix(pg.path, "/admin/") && !signedIn {
			err := chromedp.Do(ctx,
				chromedp.Navigate(base+"/admin/login"),
				chromedp.WaitVisible(chromedp.ID("email")),
				chromedp.SendKeys(chromedp.ID("email"), "viewer@example.org"),
				chromedp.SendKeys(chromedp.ID("password"), "viewer-demo-pass"),
				chromedp.Click(chromedp.CSS("button.primary")),
				chromedp.WaitVisible(chromedp.CSS("table.grid")),
			)
			if err != nil {
				t.Fatalf("sign in: %v", err)
			}
			signedIn = true
		}
		url := base + pg.path
		if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("svg.chart"))); err != nil {
			t.Fatalf("%s: %v", pg.path, err)
		}
		nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("svg.chart")))
		if err != nil {
			t.Fatalf("%s: %v", pg.path, err)
		}
		if len(nodes) < pg.charts {
			t.Errorf("%s: %d charts, want at least %d", pg.path, len(nodes), pg.charts)
		}
		for _, n := range nodes {
			id := strings.TrimSuffix(strings.Fields(n.AttributeValue("aria-labelledby") + " ?")[0], "-t")
			box, err := chromedp.Run(ctx, chromedp.Dimensions(chromedp.NodeIDs{n.NodeID}))
			if err != nil {
				t.Fatalf("%s %s: %v", pg.path, id, err)
			}
			if box.Width < 100 || box.Height < 20 {
				t.Errorf("%s %s: drawn %dx%d", pg.path, id, box.Width, box.Height)
			}
			title, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.getElementById(%q).textContent`, id+"-t")))
			if err != nil {
				t.Fatalf("%s %s: %v", pg.path, id, err)
			}
			desc, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.getElementById(%q).textContent`, id+"-d")))
			if err != nil {
				t.Fatalf("%s %s: %v", pg.path, id, err)
			}
			no := false
			ax, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{BackendNodeID: n.BackendNodeID, FetchRelatives: &no})
			if err != nil || len(ax.Nodes) == 0 {
				t.Fatalf("%s %s: accessibility tree: %v", pg.path, id, err)
			}
			a := ax.Nodes[0]
			role, name := axString(a.Role), axString(a.Name)
			if role != "image" && role != "img" {
				t.Errorf("%s %s: role %q, want an image", pg.path, id, role)
			}
			if title == "" || desc == "" || name != title+" "+desc {
				t.Errorf("%s %s: accessible name %q; want the title %q and the description %q", pg.path, id, name, title, desc)
			}
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
			t.Fatalf("%s: load axe: %v", pg.path, err)
		}
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: run axe: %v", pg.path, err)
		}
		var vs []violation
		if err := json.Unmarshal([]byte(raw), &vs); err != nil {
			t.Fatalf("%s: %v", pg.path, err)
		}
		for _, v := range vs {
			var where []string
			for _, n := range v.Nodes {
				where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
			}
			t.Errorf("%s: %s (%s): %s\n  %s", pg.path, v.ID, v.Impact, v.Description, strings.Join(where, "\n  "))
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 is a PNG
		if err != nil {
			t.Fatalf("%s: screenshot: %v", pg.path, err)
		}
		path := filepath.Join(dir, pg.name+".png")
		if err := os.WriteFile(path, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot of %s: %s", pg.path, path)
	}
}
