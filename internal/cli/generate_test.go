package cli_test

import (
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/storetest"
)

// generate writes a small network registry end to end (on SQLite, then
// on PostgreSQL), refuses a registry that holds records unless forced,
// and gives the same registry for the same seed.
func TestGenerate(t *testing.T) {
	db := storetest.DSN(t)
	r := liaison(t, nil, "", "generate", "--institutions", "5", "--years", "2", "--seed", "3", "--chunk", "200", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "generated 563 records in ") || !strings.Contains(r.stdout, "records/s") ||
		!strings.Contains(r.stdout, "participations") || !strings.Contains(r.stderr, "100.0%  563/563 records") {
		t.Fatalf("generate: %+v", r)
	}
	if strings.Contains(r.stdout, "warnings") {
		t.Errorf("the import warned: %s", r.stdout)
	}
	first := liaison(t, nil, "", "export", "--db", db)
	if first.code != 0 || !strings.Contains(first.stdout, `"slug": "european-union"`) {
		t.Fatalf("export: %+v", first)
	}

	r = liaison(t, nil, "", "generate", "--institutions", "5", "--years", "2", "--seed", "3", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "already holds records") || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("generate into a registry with records: %+v", r)
	}
	r = liaison(t, nil, "", "generate", "--institutions", "5", "--years", "2", "--seed", "3", "--force", "--db", db)
	if r.code != 0 {
		t.Fatalf("generate --force: %+v", r)
	}

	// The same seed, the same registry; another seed, another.
	again := storetest.DSN(t)
	if r := liaison(t, nil, "", "generate", "--institutions", "5", "--years", "2", "--seed", "3", "--db", again); r.code != 0 {
		t.Fatalf("generate: %+v", r)
	}
	if second := liaison(t, nil, "", "export", "--db", again); second.stdout != first.stdout {
		t.Error("the same seed gave another registry")
	}
	other := storetest.DSN(t)
	if r := liaison(t, nil, "", "generate", "--institutions", "5", "--years", "2", "--seed", "4", "--db", other); r.code != 0 {
		t.Fatalf("generate: %+v", r)
	}
	if third := liaison(t, nil, "", "export", "--db", other); third.stdout == first.stdout {
		t.Error("another seed gave the same registry")
	}
}

func TestGenerateMisuse(t *testing.T) {
	db := t.TempDir() + "/never.db"
	for _, args := range [][]string{
		{},
		{"--institutions", "200"},
		{"--years", "30"},
		{"--institutions", "3", "--years", "30"},
		{"--institutions", "200", "--years", "0"},
		{"--institutions", "200", "--years", "101"},
		{"--institutions", "two", "--years", "30"},
		{"--institutions", "200", "--years", "30", "--chunk", "0"},
		{"--institutions", "200", "--years", "30", "extra"},
		{"--no-such-flag"},
	} {
		r := liaison(t, nil, "", append([]string{"generate", "--db", db}, args...)...)
		if r.code != 2 || r.stderr == "" {
			t.Errorf("generate %v: exit %d, want 2: %+v", args, r.code, r)
		}
	}
	if r := liaison(t, nil, "", "generate", "--help"); r.code != 0 || !strings.Contains(r.stderr, "--institutions") {
		t.Errorf("generate --help: %+v", r)
	}
	if r := liaison(t, nil, "", "help"); !strings.Contains(r.stdout, "liaison generate --institutions N --years Y") {
		t.Errorf("the usage does not name generate: %s", r.stdout)
	}
}
