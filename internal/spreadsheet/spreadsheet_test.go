package spreadsheet_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/spreadsheet"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func exportSheet(t *testing.T, st *store.Store, typ string) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := spreadsheet.Export(context.Background(), st, typ, &buf, false); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\uFEFF")) {
		t.Error("the export does not begin with a byte-order mark for spreadsheet programs")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func writeSheet(rows [][]string) *bytes.Buffer {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll(rows)
	return &buf
}

// snapshot is every record of every type as JSON, to see what an import
// touched.
func snapshot(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, typ := range spreadsheet.TypeNames {
		for _, row := range exportSheet(t, st, typ)[1:] {
			out[typ+"/"+row[0]] = strings.Join(row, "\x1f")
		}
	}
	return out
}

func column(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	return -1
}

func TestEveryTypeExportsEveryRecord(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	counts, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range spreadsheet.TypeNames {
		rows := exportSheet(t, st, typ)
		want, _ := spreadsheet.Columns(typ)
		if !reflect.DeepEqual(rows[0], want) {
			t.Errorf("%s header %v, want %v", typ, rows[0], want)
		}
		for _, c := range counts {
			if c.Table == typ && c.Rows != len(rows)-1 {
				t.Errorf("%s: %d rows, want %d", typ, len(rows)-1, c.Rows)
			}
		}
	}
	events := exportSheet(t, st, "events")
	for _, col := range []string{"id", "slug", "status", "version", "kind", "title_en", "title_az", "title_ru", "start", "country", "participants"} {
		if column(events[0], col) < 0 {
			t.Errorf("the events sheet has no %s column", col)
		}
	}
	part := events[1][column(events[0], "participants")]
	var ps []registry.Participant
	if err := json.Unmarshal([]byte(part), &ps); err != nil && part != "" {
		t.Errorf("participants cell %q is not the records' JSON: %v", part, err)
	}
}

// Export, change one cell, import: that cell, and nothing else, changed.
func TestRoundTripChangesOnlyTheEditedColumn(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	before := snapshot(t, st)
	rows := exportSheet(t, st, "events")
	col := column(rows[0], "title_az")
	rows[1][col] = "Yeni ad: dəyirmi masa"
	res, err := spreadsheet.Import(ctx, st, "events", writeSheet(rows), false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Updated != 1 || res.Unchanged != len(rows)-2 || res.Created != 0 {
		t.Errorf("result %+v", res)
	}
	if len(res.Changes) != 1 || res.Changes[0].Column != "title_az" || res.Changes[0].New != "Yeni ad: dəyirmi masa" || res.Changes[0].Row != 2 {
		t.Errorf("changes %+v", res.Changes)
	}
	after := snapshot(t, st)
	var changed []string
	for k, v := range after {
		if before[k] != v {
			changed = append(changed, k)
		}
	}
	if len(changed) != 1 || changed[0] != "events/"+rows[1][0] {
		t.Fatalf("records changed: %v", changed)
	}
	a, b := strings.Split(before[changed[0]], "\x1f"), strings.Split(after[changed[0]], "\x1f")
	for i := range a {
		if a[i] != b[i] && rows[0][i] != "title_az" && rows[0][i] != "version" {
			t.Errorf("column %s changed too: %q -> %q", rows[0][i], a[i], b[i])
		}
	}
}

// A sheet with only some columns changes only those; rows found by slug.
func TestImportOfSomeColumnsBySlug(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	full := exportSheet(t, st, "institutions")
	slugCol, siteCol := column(full[0], "slug"), column(full[0], "website")
	rows := [][]string{{"slug", "website"}, {full[1][slugCol], "https://example.org/new"}}
	res, err := spreadsheet.Import(ctx, st, "institutions", writeSheet(rows), false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Updated != 1 || len(res.Changes) != 1 {
		t.Fatalf("result %+v", res)
	}
	now := exportSheet(t, st, "institutions")
	for i := range full[1] {
		want := full[1][i]
		if i == siteCol {
			want = "https://example.org/new"
		}
		if full[0][i] == "version" {
			continue
		}
		if now[1][i] != want {
			t.Errorf("column %s: %q, want %q", full[0][i], now[1][i], want)
		}
	}
}

func TestDryRunListsChangesAndWritesNothing(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	before := snapshot(t, st)
	rows := exportSheet(t, st, "people")
	rows[1][column(rows[0], "family_name")] = "Changed"
	rows = append(rows, make([]string, len(rows[0])))
	last := rows[len(rows)-1]
	last[column(rows[0], "family_name")] = "Newperson"
	last[column(rows[0], "given_name")] = "Ada"
	res, err := spreadsheet.Import(ctx, st, "people", writeSheet(rows), true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Updated != 1 || res.Created != 1 {
		t.Errorf("dry run result %+v", res)
	}
	found := false
	for _, c := range res.Changes {
		if c.Column == "family_name" && c.New == "Changed" && c.Old != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("the dry run does not list the change: %+v", res.Changes)
	}
	if after := snapshot(t, st); !reflect.DeepEqual(before, after) {
		t.Error("the dry run wrote")
	}
	// Applied, the new row is a draft.
	if _, err := spreadsheet.Import(ctx, st, "people", writeSheet(rows), false); err != nil {
		t.Fatal(err)
	}
	id, err := st.IDBySlug(ctx, "person", "ada-newperson")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := st.Person(ctx, id)
	if p.Status != registry.Draft {
		t.Errorf("a new row made a %s record", p.Status)
	}
}

// Bad files are refused with the row and column at fault, and nothing is
// written, even when the other rows are good.
func TestBadRowsAreReportedAndNothingIsWritten(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	good := exportSheet(t, st, "events")
	kind := column(good[0], "kind")
	titleEN := column(good[0], "title_en")
	withBad := func(row int, col int, v string) [][]string {
		rows := make([][]string, len(good))
		for i := range good {
			rows[i] = append([]string(nil), good[i]...)
		}
		rows[1][titleEN] = "A good change that must not land"
		rows[row][col] = v
		return rows
	}
	noID := [][]string{{"title_en"}, {"x"}}
	cases := []struct {
		name string
		file string
		want []string
	}{
		{"bad kind", writeSheet(withBad(2, kind, "party")).String(), []string{"row 3", "column kind", "party"}},
		{"unknown id", writeSheet(withBad(2, 0, "99999")).String(), []string{"row 3", "column id", "names no event"}},
		{"bad date", writeSheet(withBad(1, column(good[0], "start"), "28.10.2011")).String(), []string{"row 2", "column start"}},
		{"bad JSON", writeSheet(withBad(1, column(good[0], "participants"), "[{")).String(), []string{"row 2", "column participants", "not JSON"}},
		{"missing id and slug columns", writeSheet(noID).String(), []string{"row 1", "neither an id nor a slug"}},
		{"unknown column", "id,colour\n1,red\n", []string{"row 1", "column colour", "not a column of events"}},
		{"a row too short", "id,slug,title_en\n1,x\n", []string{"row 2", "number of cells"}},
		{"not UTF-8", "id,title_en\n1,caf\xe9\n", []string{"row 2", "not UTF-8"}},
		{"empty", "", []string{"empty"}},
	}
	before := snapshot(t, st)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := spreadsheet.Import(ctx, st, "events", strings.NewReader(c.file), false)
			if err == nil {
				t.Fatal("the file was accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if !strings.Contains(err.Error(), "nothing was imported") {
				t.Errorf("error %q does not say nothing was imported", err)
			}
		})
	}
	if after := snapshot(t, st); !reflect.DeepEqual(before, after) {
		t.Error("a refused file wrote")
	}
}

// A sheet edited from an old export does not overwrite a newer save.
func TestStaleVersionIsRefused(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	rows := exportSheet(t, st, "publications")
	title := column(rows[0], "title_en")
	first := [][]string{rows[0], append([]string(nil), rows[1]...)}
	first[1][title] = "First edit"
	if _, err := spreadsheet.Import(ctx, st, "publications", writeSheet(first), false); err != nil {
		t.Fatal(err)
	}
	rows[1][title] = "Second edit from the old sheet"
	_, err := spreadsheet.Import(ctx, st, "publications", writeSheet(rows), false)
	if err == nil || !strings.Contains(err.Error(), "column version") {
		t.Fatalf("a stale sheet: %v", err)
	}
}

// Text that a spreadsheet would run as a formula is written defused, and
// comes back as it was.
func TestFormulasAreDefusedAndRestored(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	rows := [][]string{{"slug", "kind", "title_en"}, {"", "report", `=HYPERLINK("http://evil.example","click")`}}
	res, err := spreadsheet.Import(ctx, st, "publications", writeSheet(rows), false)
	if err != nil || res.Created != 1 {
		t.Fatalf("import: %+v %v", res, err)
	}
	sheet := exportSheet(t, st, "publications")
	col := column(sheet[0], "title_en")
	last := sheet[len(sheet)-1]
	if last[col] != `'=HYPERLINK("http://evil.example","click")` {
		t.Fatalf("exported cell %q is not defused", last[col])
	}
	before := snapshot(t, st)
	res, err = spreadsheet.Import(ctx, st, "publications", writeSheet(sheet), false)
	if err != nil || res.Updated != 0 {
		t.Fatalf("re-import of the defused sheet changed %d records: %v %+v", res.Updated, err, res.Changes)
	}
	if after := snapshot(t, st); !reflect.DeepEqual(before, after) {
		t.Error("re-import changed something")
	}
}
