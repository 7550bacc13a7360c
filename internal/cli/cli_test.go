package cli_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liaison-registry/liaison/internal/cli"
	"github.com/liaison-registry/liaison/internal/demo"
)

type run struct {
	code           int
	stdout, stderr string
}

func liaison(t *testing.T, env map[string]string, stdin string, args ...string) run {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(context.Background(), args, cli.Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
	})
	return run{code, out.String(), errb.String()}
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	seed := writeFile(t, "seed.json", demo.Seed)

	r := liaison(t, nil, "", "import", "--db", first, seed)
	if r.code != 0 || !strings.Contains(r.stdout, "imported 12 institutions, 9 people, 3 programmes, 1 partnerships, 2 projects, 7 events, 1 publications") {
		t.Fatalf("import: %+v", r)
	}
	a := liaison(t, nil, "", "export", "--db", first)
	if a.code != 0 {
		t.Fatalf("export: %+v", a)
	}
	// Through standard input, into an empty database named by the environment.
	r = liaison(t, map[string]string{"LIAISON_DB": second}, a.stdout, "import", "-")
	if r.code != 0 {
		t.Fatalf("import -: %+v", r)
	}
	b := liaison(t, map[string]string{"LIAISON_DB": second}, "", "export")
	if a.stdout != b.stdout {
		t.Fatalf("the second export differs from the first")
	}
	if !strings.Contains(a.stdout, `"format": "liaison-registry"`) || !strings.Contains(a.stdout, `"version": 1`) {
		t.Fatalf("export is not a versioned registry document:\n%.300s", a.stdout)
	}
}

func TestImportRefusesAndWritesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	bad := writeFile(t, "bad.json", []byte(`{"format": "liaison-registry", "version": 1,
  "institutions": [{"id": 1, "name": {"en": "A"}, "kind": "ngo"}],
  "people": [{"id": 1, "family_name": "B", "affiliations": [{"institution_id": 9}]}],
  "projects": [{"id": 1, "instrument": "twinning_light", "title": {"en": "C"}, "duration_months": 10, "reference": "nonsense"}]}`))
	r := liaison(t, nil, "", "import", "--db", db, bad)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1: %+v", r.code, r)
	}
	for _, want := range []string{"people[0].affiliations[0].institution_id", "projects[0].duration_months", "projects[0].reference", "nothing was imported"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("report does not name %s:\n%s", want, r.stderr)
		}
	}
	out := liaison(t, nil, "", "export", "--db", db)
	if strings.Contains(out.stdout, `"name"`) {
		t.Fatalf("a refused import wrote records:\n%s", out.stdout)
	}
}

func TestImportReportsMalformedJSONWithPosition(t *testing.T) {
	bad := writeFile(t, "bad.json", []byte("{\n  \"format\": \"liaison-registry\",\n  \"version\": 1,\n  \"events\": [,]\n}"))
	r := liaison(t, nil, "", "check", bad)
	if r.code != 1 || !strings.Contains(r.stderr, "line 4, column 14") {
		t.Fatalf("check: %+v", r)
	}
	r = liaison(t, nil, "", "check", writeFile(t, "x.json", []byte(`{"format": "something-else", "version": 1}`)))
	if r.code != 1 || !strings.Contains(r.stderr, "format") {
		t.Fatalf("check of another format: %+v", r)
	}
}

func TestCheckWritesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	seed := writeFile(t, "seed.json", demo.Seed)
	r := liaison(t, nil, "", "check", "--db", db, seed)
	if r.code != 0 || !strings.Contains(r.stdout, "valid: would import 12 institutions") {
		t.Fatalf("check: %+v", r)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("check created the database")
	}
	liaison(t, nil, "", "import", "--db", db, seed)
	before := liaison(t, nil, "", "export", "--db", db).stdout
	edited := strings.Replace(string(demo.Seed), `"Seimas Ombudsman"}`, `"Seimas Ombudsman (edited)"}`, 1)
	r = liaison(t, nil, "", "check", "--db", db, writeFile(t, "e.json", []byte(edited)))
	if r.code != 0 {
		t.Fatalf("check: %+v", r)
	}
	if after := liaison(t, nil, "", "export", "--db", db).stdout; after != before {
		t.Fatal("check changed the registry")
	}
}

func TestUsage(t *testing.T) {
	for _, cmd := range []string{"serve", "export", "import", "check"} {
		r := liaison(t, nil, "", cmd, "--help")
		if r.code != 0 || !strings.Contains(r.stderr, "Usage: liaison "+cmd) || !strings.Contains(r.stderr, "-db") {
			t.Errorf("%s --help: %+v", cmd, r)
		}
	}
	if r := liaison(t, nil, "", "--help"); r.code != 0 || !strings.Contains(r.stdout, "liaison serve") {
		t.Errorf("--help: %+v", r)
	}
	if r := liaison(t, nil, ""); r.code != 2 {
		t.Errorf("no command: exit %d", r.code)
	}
	if r := liaison(t, nil, "", "frobnicate"); r.code != 2 || !strings.Contains(r.stderr, "unknown command") {
		t.Errorf("unknown command: %+v", r)
	}
	if r := liaison(t, nil, "", "import"); r.code != 2 {
		t.Errorf("import without a file: %+v", r)
	}
	if r := liaison(t, nil, "", "export", "--no-such-flag"); r.code != 2 {
		t.Errorf("unknown flag: %+v", r)
	}
	if r := liaison(t, nil, "", "export", "--db", filepath.Join(t.TempDir(), "missing.db")); r.code != 1 || !strings.Contains(r.stderr, "no such database") {
		t.Errorf("export of a missing database: %+v", r)
	}
}

// serve --demo on a free port shows the cooperation page, then stops
// cleanly when asked to.
func TestServeDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := filepath.Join(t.TempDir(), "demo.db")
	addr := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--demo"}, cli.Env{
			Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
			Getenv: func(string) string { return "" },
			Ready:  func(a string) { addr <- a },
		})
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case code := <-done:
		t.Fatalf("serve exited %d", code)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	resp, err := http.Get(base + "/en/cooperation/eu")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "AZ09/ENP-PCA/JH/09") {
		t.Fatalf("page: %d", resp.StatusCode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d after shutdown", code)
		}
	case <-time.After(35 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	env := map[string]string{"LIAISON_DB": db}
	if r := liaison(t, env, "a long enough password\n", "user", "add", "--email", "Ana@Ombudsman.az", "--role", "editor", "--name", "Ana"); r.code != 0 || !strings.Contains(r.stdout, "added ana@ombudsman.az (editor)") {
		t.Fatalf("add: %+v", r)
	}
	if r := liaison(t, env, "short\n", "user", "add", "--email", "b@ombudsman.az", "--role", "editor"); r.code != 1 || !strings.Contains(r.stderr, "too short") {
		t.Fatalf("weak password: %+v", r)
	}
	if r := liaison(t, env, "a long enough password\n", "user", "add", "--email", "ana@ombudsman.az", "--role", "viewer"); r.code != 1 || !strings.Contains(r.stderr, "already an account") {
		t.Fatalf("duplicate: %+v", r)
	}
	if r := liaison(t, env, "", "user", "add", "--email", "not-an-address", "--role", "editor"); r.code != 2 || !strings.Contains(r.stderr, "--email") {
		t.Fatalf("bad address: %+v", r)
	}
	if r := liaison(t, env, "", "user", "add", "--email", "c@ombudsman.az", "--role", "boss"); r.code != 2 || !strings.Contains(r.stderr, "viewer, editor or admin") {
		t.Fatalf("bad role: %+v", r)
	}
	if r := liaison(t, env, "", "user", "disable", "--email", "ana@ombudsman.az"); r.code != 0 {
		t.Fatalf("disable: %+v", r)
	}
	r := liaison(t, env, "", "user", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "ana@ombudsman.az") || !strings.Contains(r.stdout, "disabled") {
		t.Fatalf("list: %+v", r)
	}
	if r := liaison(t, env, "another long password\n", "user", "passwd", "--email", "ana@ombudsman.az"); r.code != 0 {
		t.Fatalf("passwd: %+v", r)
	}
	if r := liaison(t, env, "", "user", "enable", "--email", "nobody@ombudsman.az"); r.code != 1 || !strings.Contains(r.stderr, "no account") {
		t.Fatalf("enable of nobody: %+v", r)
	}
}

// The open-data formats through the command line: IATI and CSV out, CSV
// and IATI in, dry runs, and misuse refused with exit status 2.
func TestOpenDataFormats(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	if r := liaison(t, nil, "", "import", "--db", db, writeFile(t, "seed.json", demo.Seed)); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	r := liaison(t, nil, "", "export", "--db", db, "--format", "iati")
	if r.code != 1 || !strings.Contains(r.stderr, "reporting-organisation identifier") {
		t.Errorf("iati export without an identifier: %+v", r)
	}
	r = liaison(t, map[string]string{"LIAISON_PUBLIC_URL": "https://ombudsman.example/"}, "", "export", "--db", db, "--format", "iati", "--iati-org", "AZ-TEST-1")
	if r.code != 0 || !strings.Contains(r.stdout, "<iati-identifier>AZ-TEST-1-") || !strings.Contains(r.stdout, `url="https://ombudsman.example/en/projects/`) ||
		!strings.Contains(r.stderr, "exported 2 activities") {
		t.Fatalf("iati export: code %d, stderr %s", r.code, r.stderr)
	}
	iatiFile := writeFile(t, "activities.xml", []byte(r.stdout))
	r = liaison(t, nil, "", "import", "--db", db, "--format", "iati", "--iati-org", "AZ-TEST-1", "--dry-run", iatiFile)
	if r.code != 0 || !strings.Contains(r.stdout, "2 activities: 0 would create, 0 would update, 2 unchanged") {
		t.Errorf("iati re-import dry run: %+v", r)
	}
	r = liaison(t, nil, "", "import", "--db", db, "--format", "iati", writeFile(t, "cut.xml", []byte(r.stdout[:0]+"<iati-activities version=\"2.03\"><iati-activity>")))
	if r.code != 1 || !strings.Contains(r.stderr, "line 1") || !strings.Contains(r.stderr, "nothing was imported") {
		t.Errorf("truncated iati: %+v", r)
	}

	r = liaison(t, nil, "", "export", "--db", db, "--format", "csv", "--type", "people")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "\uFEFFid,slug,status,version,honorific,given_name,family_name") {
		t.Fatalf("csv export: %+v", r)
	}
	sheet := strings.Replace(r.stdout, "Normantas", "Normantas-Changed", 1)
	r = liaison(t, nil, sheet, "check", "--db", db, "--format", "csv", "--type", "people", "-")
	if r.code != 0 || !strings.Contains(r.stdout, `family_name: "Normantas" -> "Normantas-Changed"`) || !strings.Contains(r.stdout, "would import 9 rows of people: 0 created, 1 updated, 8 unchanged") {
		t.Errorf("csv check: %+v", r)
	}
	if again := liaison(t, nil, "", "export", "--db", db, "--format", "csv", "--type", "people"); strings.Contains(again.stdout, "Normantas-Changed") {
		t.Error("check wrote")
	}
	r = liaison(t, nil, "id,kind\n1,party\n", "import", "--db", db, "--format", "csv", "--type", "events", "-")
	if r.code != 1 || !strings.Contains(r.stderr, "row 2, column kind") {
		t.Errorf("bad csv: %+v", r)
	}

	for _, args := range [][]string{
		{"export", "--db", db, "--format", "yaml"},
		{"export", "--db", db, "--format", "csv"},
		{"export", "--db", db, "--format", "csv", "--type", "cats"},
		{"export", "--db", db, "--format", "iati", "--type", "events"},
	} {
		if r := liaison(t, nil, "", args...); r.code != 2 || r.stderr == "" {
			t.Errorf("%v: %+v, want exit 2 with a message", args, r)
		}
	}
}

// A negative grace is refused with the flag and what is expected, before
// anything is opened.
func TestServeRefusesNegativeGraces(t *testing.T) {
	for _, flag := range []string{"--page-grace", "--page-redraw-behind", "--calendar-grace"} {
		db := filepath.Join(t.TempDir(), "never.db")
		r := liaison(t, nil, "", "serve", "--db", db, flag, "-1s")
		if r.code != 2 || !strings.Contains(r.stderr, flag+" -1s: expected 0 (off) or a positive duration") {
			t.Errorf("serve %s -1s: exit %d, %q", flag, r.code, r.stderr)
		}
		if _, err := os.Stat(db); err == nil {
			t.Errorf("serve %s -1s created the database", flag)
		}
	}
}
