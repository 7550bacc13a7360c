// Package e2e drives Liaison in a real browser: headless Chromium, the
// one Debian ships at /usr/bin/chromium, through chromedp.
package e2e

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/liaison-registry/liaison/internal/cli"
)

// chromium finds the browser, or skips the test (fails it where
// LIAISON_REQUIRE_BROWSER is set, as CI sets it).
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("LIAISON_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("LIAISON_REQUIRE_BROWSER") != "" {
		t.Fatal("Chromium is required here but was not found at /usr/bin/chromium (apt-get install chromium)")
	}
	t.Skip("Chromium not found at /usr/bin/chromium; install Debian's chromium package to run the browser test")
	return ""
}

// serveDemo runs `liaison serve --demo` in-process on a free port, as the
// README's run command does, and returns its address.
func serveDemo(t *testing.T) string {
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "demo.db"), "--demo"}, cli.Env{
			Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
			Getenv: func(string) string { return "" }, Ready: func(a string) { addr <- a },
		})
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	select {
	case a := <-addr:
		return "http://" + a
	case code := <-done:
		t.Fatalf("serve exited %d", code)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

// browser starts headless Chromium for the test. When the test fails, a
// screenshot of the page as it was is saved beside the test.
func browser(t *testing.T) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1600),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		if t.Failed() {
			if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
				dir := filepath.Join("testdata", "failures")
				os.MkdirAll(dir, 0o755)
				path := filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+".png")
				if os.WriteFile(path, shot, 0o644) == nil {
					abs, _ := filepath.Abs(path)
					t.Logf("screenshot of the failure: %s", abs)
				}
			}
		}
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	return ctx
}

// An editor signs in, records a seminar with two speakers found in the
// registry, publishes it, and the public cooperation page shows it.
func TestEditorPublishesAnEventWithTwoSpeakers(t *testing.T) {
	base := serveDemo(t)
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

	step("sign in",
		chromedp.Navigate(base+"/admin/"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "editor@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), "editor-demo-pass"),
		chromedp.Click(chromedp.CSS("button.primary")),
		chromedp.WaitVisible(chromedp.CSS("table.grid")),
	)
	if h := text("h1"); h != "Workspace" {
		t.Fatalf("after signing in the page is %q", h)
	}

	step("open a new event",
		chromedp.Navigate(base+"/admin/events/new"),
		chromedp.WaitVisible(chromedp.ID("f-kind")),
		chromedp.SetValue(chromedp.ID("f-kind"), "seminar"),
		chromedp.SendKeys(chromedp.ID("f-title-en"), "Seminar on equality bodies, tested in a browser"),
		chromedp.SendKeys(chromedp.ID("f-start"), "2025-06-12"),
		chromedp.SetValue(chromedp.ID("f-funder_id"), "2"),
	)
	for _, who := range []struct{ search, id string }{{"Normantas", "1"}, {"Stehouwer", "4"}} {
		step("find "+who.search,
			chromedp.SetValue(chromedp.ID("add_role"), "speaker"),
			chromedp.SendKeys(chromedp.ID("person_q"), who.search),
			chromedp.Click(chromedp.CSS(`button[name="op"][value="search"]`)),
			chromedp.WaitVisible(chromedp.CSS(`button[name="add_person"][value="`+who.id+`"]`)),
			chromedp.Click(chromedp.CSS(`button[name="add_person"][value="`+who.id+`"]`)),
			chromedp.WaitReady(chromedp.CSS(`table.participants input[type="hidden"][value="`+who.id+`"]`)),
		)
	}
	people := text("table.participants")
	for _, want := range []string{"Augustinas Normantas", "Adriana Stehouwer"} {
		if !strings.Contains(people, want) {
			t.Fatalf("the speakers table lacks %s:\n%s", want, people)
		}
	}
	step("save and publish",
		chromedp.Click(chromedp.CSS(`button[name="op"][value="publish"]`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	)
	if n := text("p.notice"); !strings.Contains(n, "Saved and published") {
		t.Fatalf("after publishing: %q", n)
	}

	step("open the public page", chromedp.Navigate(base+"/en/cooperation/eu"), chromedp.WaitVisible(chromedp.ID("events")))
	events := text("#events")
	for _, want := range []string{"Seminar on equality bodies, tested in a browser", "12 June 2025", "Mr. Augustinas Normantas", "Mrs. Adriana Stehouwer"} {
		if !strings.Contains(events, want) {
			t.Errorf("the public page's events lack %q:\n%s", want, events)
		}
	}
}
