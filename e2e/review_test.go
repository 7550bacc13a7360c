package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/servertest"
	"github.com/liaison-registry/liaison/internal/store"
)

// serveScaffolding serves a registry holding only what the cooperation
// page needs before any of the seed page's facts are recorded (see
// demo.LoadScaffolding: the office, the EU and the European Ombudsman,
// the programmes, the "eu" partnership and the site settings), with an
// editor's account, and returns its address.
func serveScaffolding(t *testing.T) string {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "scaffolding.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := demo.LoadScaffolding(ctx, st); err != nil {
		t.Fatal(err)
	}
	servertest.User(t, st, "editor")
	return servertest.New(t, st).URL
}

// seedFacts are what the demonstration registry's cooperation page says
// of the seed page, as a reader sees it.
var seedFacts = []string{
	// The seminar and its five speakers.
	"28 October 2011",
	"Seminar · TAIEX",
	"Strenghening the Capacities of Regional Offices of the Azerbaijani Ombudsman",
	"Mr. Augustinas Normantas, Seimas Ombudsman",
	"Mr. Martynas Vasiliauskas, Staff member",
	"Mr. Jean Pierre Fontaine, Former Delegate to the Defender of",
	"Mrs. Adriana Stehouwer, Deputy Ombudsman, National Ombudsman (Netherlands)",
	"Mrs. Aleksandra Wentkowska, Field Plenipotentiary of Human Rights Defender",
	// The Twinning Light project.
	"Twinning Light project of up to six months",
	"Support to the Enhancement of the Capacity of the Ombudsman Administration and to the Development of Awareness on Human Rights and Discrimination",
	"AZ09/ENP-PCA/JH/09",
	// The 24-month Twinning project, its partners and its first component.
	"24-month Twinning project",
	"Support to the Strengthening of Capacities of the Commissioner for Human Rights (Ombudsman)",
	"Member-state partners Germany and Poland",
	"Experts from Greece, Poland, Germany and Portugal",
	"Component 1: Strengthening the activity of the Ombudsman Office as a national preventive mechanism",
	// The study visit.
	"Study visit to Greece",
	"3–7 October 2016",
	// The publications.
	"European Ombudsmen",
	"ten articles",
}

// An editor pastes the seed page into the review, accepts every proposed
// record, creates and publishes them, and the public cooperation page
// says what the demonstration registry's page says of the seed page.
func TestEditorCreatesTheSeedPageFromItsText(t *testing.T) {
	seed, err := os.ReadFile("../../shared/seed/cooperation-with-the-eu.txt")
	if err != nil {
		if os.Getenv("LIAISON_REQUIRE_SHARED") != "" {
			t.Fatalf("../shared is required here: %v", err)
		}
		t.Skipf("the shared seed page is not beside this checkout: %v", err)
	}
	base := serveScaffolding(t)
	ctx := browser(t)
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("reading %s: %v", sel, err)
		}
		return s
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
		if err != nil {
			t.Fatalf("counting %s: %v", sel, err)
		}
		return n
	}

	step("sign in",
		chromedp.Navigate(base+"/admin/"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "editor@test.example"),
		chromedp.SendKeys(chromedp.ID("password"), servertest.Password),
		chromedp.Click(chromedp.CSS("button.primary")),
		chromedp.WaitVisible(chromedp.CSS("table.grid")),
	)
	step("open the review from the workspace's navigation",
		chromedp.Click(chromedp.CSS(`header nav a[href="/admin/extract"]`)),
		chromedp.WaitVisible(chromedp.ID("f-text")),
	)
	step("paste the seed page and read it",
		chromedp.SetValue(chromedp.ID("f-text"), string(seed)),
		chromedp.Click(chromedp.CSS(`form[action="/admin/extract"] button.primary`)),
		chromedp.WaitVisible(chromedp.CSS("form.review")),
	)
	if h := text("h1"); h != "Review extracted records" {
		t.Fatalf("after reading, the page is %q", h)
	}
	found := map[string]int{"event": count("article.card-event"), "person": count("article.card-person"), "project": count("article.card-project"), "publication": count("article.card-publication")}
	t.Logf("proposed: %v; highlighted spans: %d", found, count(".source-text mark"))
	if count(".source-text mark") == 0 {
		t.Error("nothing is highlighted in the text")
	}
	if n := count(`.card input[type="radio"][value="accept"]:checked`); n != found["event"]+found["person"]+found["project"]+found["publication"] {
		t.Errorf("%d records are accepted by default, of %v", n, found)
	}
	accessible(t, ctx, "the review")
	step("create the accepted records",
		chromedp.Click(chromedp.CSS(`button[name="op"][value="create"]`)),
		chromedp.WaitVisible(chromedp.CSS("table.grid")),
	)
	if h := text("h1"); h != "Records created from text" {
		t.Fatalf("after creating, the page is %q:\n%s", h, text("main"))
	}
	t.Logf("created:\n%s", text("table.grid"))
	accessible(t, ctx, "the summary")
	step("publish them all",
		chromedp.Click(chromedp.CSS(`form[action="/admin/extract/publish"] button.primary`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	)
	if n := text("p.notice"); !strings.Contains(n, "Published") {
		t.Fatalf("after publishing: %q", n)
	}

	step("open the cooperation page", chromedp.Navigate(base+"/en/cooperation/eu"), chromedp.WaitVisible(chromedp.ID("events")))
	page := strings.Join(strings.Fields(text("main")), " ")
	var missing []string
	for _, fact := range seedFacts {
		if !strings.Contains(page, fact) {
			missing = append(missing, fact)
		}
	}
	if n := strings.Count(page, "(Lithuania)"); n != 2 {
		missing = append(missing, "two speakers from Lithuania (the page names Lithuania "+itoa(n)+" times)")
	}
	if len(missing) > 0 {
		t.Errorf("the cooperation page lacks what the demonstration's says:\n  %s\npage:\n%s", strings.Join(missing, "\n  "), page)
	}
}

// The facts the review test looks for are on the demonstration's own
// page, so that the two pages are compared on the same words.
func TestSeedFactsAreOnTheDemoPage(t *testing.T) {
	base := serveDemo(t)
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/en/cooperation/eu"), chromedp.WaitVisible(chromedp.ID("events"))); err != nil {
		t.Fatal(err)
	}
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	page := strings.Join(strings.Fields(s), " ")
	for _, fact := range seedFacts {
		if !strings.Contains(page, fact) {
			t.Errorf("the demonstration's page does not say %q", fact)
		}
	}
}

// accessible runs axe-core's WCAG 2.1 A and AA rules on the page, when
// axe-core is installed (TestPublicPagesAreAccessible requires it).
func accessible(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	axe, err := os.ReadFile("node_modules/axe-core/axe.min.js")
	if err != nil {
		t.Logf("axe-core is not installed; %s is not checked for accessibility", what)
		return
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
		t.Fatalf("%s: load axe: %v", what, err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => v.id + ": " + v.nodes.map(n => n.html).slice(0, 3).join(" | "))))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe: %v", what, err)
	}
	if raw != "[]" {
		t.Errorf("%s is not accessible: %s", what, raw)
	}
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
