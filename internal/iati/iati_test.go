package iati_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/generate"
	"github.com/liaison-registry/liaison/internal/iati"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const schema = "../../../shared/iati/2.03/iati-activities-schema.xsd"

// validate runs xmllint against the IATI 2.03 schema: the standard's own
// definition, not our reading of it.
func validate(t *testing.T, doc []byte) {
	t.Helper()
	required := os.Getenv("LIAISON_REQUIRE_SHARED") != ""
	if _, err := os.Stat(schema); err != nil {
		if required {
			t.Fatalf("the IATI schema is required here: %v", err)
		}
		t.Skipf("the IATI schemas are not beside this checkout: %v", err)
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		if required {
			t.Fatal("xmllint (libxml2-utils) is required here")
		}
		t.Skip("xmllint is not installed (apt-get install libxml2-utils)")
	}
	file := filepath.Join(t.TempDir(), "activities.xml")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", schema, file).CombinedOutput()
	if err != nil {
		t.Fatalf("the export does not validate against the IATI 2.03 schema:\n%s", out)
	}
}

func export(t *testing.T, st *store.Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	res, err := iati.Export(context.Background(), st, &buf, iati.ExportOptions{Origin: "https://ombudsman.example", Now: storetest.Now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Activities == 0 {
		t.Fatal("no activities exported")
	}
	return buf.Bytes()
}

// generated is the demonstration data's datetime stamp, which differs
// between two exports only by when they ran.
var generated = regexp.MustCompile(`generated-datetime="[^"]*"`)

func TestDemoExportValidatesAndSaysWhatIATIAsks(t *testing.T) {
	st := storetest.Demo(t)
	doc := export(t, st)
	validate(t, doc)
	s := string(doc)
	checks := []struct{ what, pattern string }{
		{"identifier from the configured organisation", `<iati-identifier>AZ-DEMO-OMBUDSMAN-[a-z0-9-]+</iati-identifier>`},
		{"the reporting organisation", `<reporting-org ref="AZ-DEMO-OMBUDSMAN" type="15">`},
		{"the EU as funding organisation, by its IATI identifier", `<participating-org ref="XI-IATI-EC_NEAR" type="40" role="1">`},
		{"the EU as extending organisation", `<participating-org ref="XI-IATI-EC_NEAR" type="40" role="3">`},
		{"the beneficiary as accountable", `<participating-org type="15" role="2">\s*<narrative>Commissioner for Human Rights`},
		{"a member-state partner as implementing", `<participating-org type="10" role="4">\s*<narrative>Germany</narrative>`},
		{"a start shown by the first event", `<activity-date type="2" iso-date="2016-10-03">\s*<narrative>The start is not recorded`},
		{"narratives in Azerbaijani", `<narrative xml:lang="az">`},
		{"narratives in Russian", `<narrative xml:lang="ru">`},
		{"the human-rights sector", `<sector vocabulary="1" code="15160" percentage="100">`},
		{"the recipient country", `<recipient-country code="AZ" percentage="100">`},
		{"an actual start", `<activity-date type="2" iso-date="20\d\d-\d\d-\d\d">`},
		{"a planned end", `<activity-date type="3" iso-date="20\d\d-\d\d-\d\d">`},
		{"a completed project", `<activity-status code="4">`},
		{"the Twinning reference", `<other-identifier ref="AZ/13/ENP-PCA/OT/10" type="A3">|<other-identifier ref="AZ\d\d[^"]*" type="A3">`},
		{"results from components", `<result type="1">\s*<title>`},
		{"a link to the project page", `<document-link url="https://ombudsman.example/en/projects/[a-z0-9-]+" format="text/html">`},
	}
	for _, c := range checks {
		if !regexp.MustCompile(c.pattern).MatchString(s) {
			t.Errorf("the export lacks %s (%s)", c.what, c.pattern)
		}
	}
	if strings.Contains(s, "draft") {
		t.Error("the export names a draft")
	}
	// The same registry gives the same file, but for its date.
	again := export(t, st)
	if generated.ReplaceAll(doc, nil) == nil || !bytes.Equal(generated.ReplaceAll(doc, nil), generated.ReplaceAll(again, nil)) {
		t.Error("two exports of the same registry differ")
	}
}

func TestDraftsStayOut(t *testing.T) {
	st := storetest.Demo(t)
	ctx := context.Background()
	page, err := st.Projects(ctx, store.Filter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	p := page.Items[0]
	p.Status = registry.Draft
	if err := st.Transact(ctx, func(tx *store.Tx) error { _, err := tx.UpdateProject(ctx, &p); return err }); err != nil {
		t.Fatal(err)
	}
	if doc := export(t, st); bytes.Contains(doc, []byte("-"+p.Slug+"</iati-identifier>")) {
		t.Errorf("the draft project %s was exported", p.Slug)
	}
}

func TestNoOrgRefIsAClearError(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	_, err := iati.Export(ctx, st, new(bytes.Buffer), iati.ExportOptions{})
	if !errors.Is(err, iati.ErrNoOrgRef) {
		t.Fatalf("export without an identifier: %v, want ErrNoOrgRef", err)
	}
	_, err = iati.Export(ctx, st, new(bytes.Buffer), iati.ExportOptions{OrgRef: "not an id"})
	if err == nil || !strings.Contains(err.Error(), "iati_org_ref") {
		t.Fatalf("export with a bad identifier: %v", err)
	}
}

// A generated registry of 1,000 projects of every instrument validates.
func TestGeneratedExportValidates(t *testing.T) {
	size := generate.Size{Institutions: 30, People: 10, Projects: 1000, Events: 10, Publications: 1, Seed: 3}
	st := storetest.Open(t)
	ctx := context.Background()
	if _, err := exchange.Import(ctx, st, generate.Document(size), false); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	res, err := iati.Export(ctx, st, &buf, iati.ExportOptions{OrgRef: "XM-DAC-00-1", Origin: "https://example.org", Now: storetest.Now})
	if err != nil {
		t.Fatal(err)
	}
	if res.Activities+len(res.Skipped) != 1000 || res.Activities < 990 {
		t.Fatalf("exported %d activities, skipped %v", res.Activities, res.Skipped)
	}
	validate(t, buf.Bytes())
}

// sameProject is a project as another registry would hold it: without
// ids, version or status, naming other records by slug.
type sameProject struct {
	Project              registry.Project
	Funder, Beneficiary  string
	Partners, Programmes []string
}

func projectsOf(t *testing.T, st *store.Store) map[string]sameProject {
	t.Helper()
	ctx := context.Background()
	out := map[string]sameProject{}
	page, err := st.Projects(ctx, store.Filter{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	inst := func(id int64) string {
		if id == 0 {
			return ""
		}
		in, err := st.Institution(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return in.Slug
	}
	for _, p := range page.Items {
		sp := sameProject{Funder: inst(p.FunderID), Beneficiary: inst(p.BeneficiaryID)}
		for i := range p.Partners {
			sp.Partners = append(sp.Partners, inst(p.Partners[i].InstitutionID)+"/"+p.Partners[i].Country+"/"+string(p.Partners[i].Role))
			p.Partners[i].InstitutionID = 0
		}
		for _, id := range p.ProgrammeIDs {
			pr, err := st.Programme(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			sp.Programmes = append(sp.Programmes, pr.Slug)
		}
		p.ID, p.Version, p.Status, p.FunderID, p.BeneficiaryID, p.ProgrammeIDs = 0, 0, "", 0, 0, nil
		sp.Project = p
		out[p.Slug] = sp
	}
	return out
}

// Export, import into an empty registry, export again: the same
// projects, and the same file.
func TestRoundTripIntoAnEmptyRegistry(t *testing.T) {
	ctx := context.Background()
	src := storetest.Demo(t)
	first := export(t, src)

	dst := storetest.Open(t)
	res, err := iati.Import(ctx, dst, bytes.NewReader(first), iati.ImportOptions{OrgRef: "AZ-DEMO-OMBUDSMAN"})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Counts()["create"]; n != len(res.Activities) || n == 0 {
		t.Fatalf("import actions %v", res.Counts())
	}
	if len(res.Created) == 0 {
		t.Error("the report names no institution created for the empty registry")
	}
	want, got := projectsOf(t, src), projectsOf(t, dst)
	if len(got) != len(want) {
		t.Fatalf("%d projects after import, want %d", len(got), len(want))
	}
	for slug, w := range want {
		if g := got[slug]; !reflect.DeepEqual(g, w) {
			t.Errorf("project %s after the round trip:\n got %+v\nwant %+v", slug, g, w)
		}
	}

}

// On a generated registry (every project dated, as IATI wants), the
// file itself survives export -> import into an empty registry ->
// export. (The demo's undated project is exported with the date of its
// first event, which an IATI file cannot bring along.)
func TestRoundTripGivesTheSameFile(t *testing.T) {
	ctx := context.Background()
	size := generate.Size{Institutions: 12, People: 10, Projects: 120, Events: 10, Publications: 1, Seed: 5}
	src := storetest.Open(t)
	if _, err := exchange.Import(ctx, src, generate.Document(size), false); err != nil {
		t.Fatal(err)
	}
	opt := iati.ExportOptions{OrgRef: "XM-DAC-00-1", Origin: "https://example.org", Now: storetest.Now}
	var first, second bytes.Buffer
	if _, err := iati.Export(ctx, src, &first, opt); err != nil {
		t.Fatal(err)
	}
	dst := storetest.Open(t)
	if _, err := iati.Import(ctx, dst, bytes.NewReader(first.Bytes()), iati.ImportOptions{OrgRef: opt.OrgRef}); err != nil {
		t.Fatal(err)
	}
	if err := publishAll(ctx, dst); err != nil {
		t.Fatal(err)
	}
	if _, err := iati.Export(ctx, dst, &second, opt); err != nil {
		t.Fatal(err)
	}
	if a, b := generated.ReplaceAll(first.Bytes(), nil), generated.ReplaceAll(second.Bytes(), nil); !bytes.Equal(a, b) {
		t.Errorf("export -> import -> export differs:\n%s", firstDifference(a, b))
	}
	want, got := projectsOf(t, src), projectsOf(t, dst)
	if !reflect.DeepEqual(want, got) {
		t.Error("the projects differ after the round trip")
	}
}

// Importing a registry's own export changes nothing.
func TestReimportChangesNothing(t *testing.T) {
	ctx := context.Background()
	st := storetest.Demo(t)
	doc := export(t, st)
	before := projectsOf(t, st)
	res, err := iati.Import(ctx, st, bytes.NewReader(doc), iati.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Counts(); c["unchanged"] != len(res.Activities) {
		t.Errorf("re-import actions %v, want all unchanged; notes %+v", c, res.Activities)
	}
	if len(res.Created) > 0 {
		t.Errorf("re-import created %v", res.Created)
	}
	if after := projectsOf(t, st); !reflect.DeepEqual(before, after) {
		t.Error("re-import changed projects")
	}
}

func publishAll(ctx context.Context, st *store.Store) error {
	return st.Transact(ctx, func(tx *store.Tx) error {
		insts, err := tx.Institutions(ctx, store.Filter{Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		for _, in := range insts.Items {
			in.Status = registry.Published
			if _, err := tx.UpdateInstitution(ctx, &in); err != nil {
				return err
			}
		}
		progs, err := tx.Programmes(ctx, store.Filter{Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		for _, p := range progs.Items {
			p.Status = registry.Published
			if _, err := tx.UpdateProgramme(ctx, &p); err != nil {
				return err
			}
		}
		projects, err := tx.Projects(ctx, store.Filter{Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		for _, p := range projects.Items {
			p.Status = registry.Published
			if _, err := tx.UpdateProject(ctx, &p); err != nil {
				return err
			}
		}
		return nil
	})
}

func firstDifference(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(la), len(lb))
}

// A file from another publisher, without Liaison's extension: mapped from
// IATI's own elements, with a report of what was not.
func TestImportFromAnotherPublisher(t *testing.T) {
	ctx := context.Background()
	st := storetest.Demo(t)
	file := `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>XI-IATI-EC_NEAR-2019-412345</iati-identifier>
  <reporting-org ref="XI-IATI-EC_NEAR" type="40"><narrative>European Commission - DG NEAR</narrative></reporting-org>
  <title><narrative>Twinning: support to the Ombudsman of Georgia</narrative><narrative xml:lang="fr">Jumelage</narrative></title>
  <description type="1"><narrative>Strengthening the Public Defender's office.</narrative></description>
  <description type="2"><narrative>Objectives.</narrative></description>
  <participating-org ref="XI-IATI-EC_NEAR" type="40" role="1"><narrative>European Union</narrative></participating-org>
  <participating-org type="15" role="2"><narrative>Public Defender of Georgia</narrative></participating-org>
  <participating-org type="15" role="4"><narrative>Public Defender of Georgia</narrative></participating-org>
  <participating-org type="15" role="4"><narrative>Seimas Ombudsmen&apos;s Office of the Republic of Lithuania</narrative></participating-org>
  <other-identifier ref="GE/19/ENI/JH/01/21" type="A3"/>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2021-03-01"/>
  <activity-date type="2" iso-date="2021-04-15"/>
  <activity-date type="3" iso-date="2023-03-31"/>
  <recipient-country code="GE" percentage="100"/>
  <sector vocabulary="1" code="15160" percentage="70"/>
  <sector vocabulary="1" code="15130" percentage="30"/>
  <budget type="1"><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/><value currency="EUR" value-date="2021-01-01">600000</value></budget>
  <budget type="1"><period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/><value currency="EUR" value-date="2022-01-01">650000.50</value></budget>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2021-05-01"/><value value-date="2021-05-01">100</value></transaction>
  <result type="1"><title><narrative>Complaints handling improved</narrative></title>
   <indicator measure="1"><title><narrative>Complaints answered within 30 days</narrative></title></indicator></result>
 </iati-activity>
</iati-activities>`
	res, err := iati.Import(ctx, st, strings.NewReader(file), iati.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Activities[0]
	if a.Action != "create" {
		t.Fatalf("action %q", a.Action)
	}
	if res.NotMapped["transaction"] != 1 || res.NotMapped["description[@type=2]"] != 1 {
		t.Errorf("not mapped: %v", res.NotMapped)
	}
	if !strings.Contains(strings.Join(a.Notes, "; "), "fr") {
		t.Errorf("the French narrative is not reported: %v", a.Notes)
	}
	id, err := st.IDBySlug(ctx, "project", a.Project)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.Project(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != registry.Draft || p.Instrument != registry.Twinning || p.Reference != "GE/19/ENI/JH/01/21" {
		t.Errorf("project %+v", p)
	}
	if p.Start.String() != "2021-04-15" || p.End.String() != "2023-03-31" {
		t.Errorf("dates %s..%s, want the actual start and the planned end", p.Start, p.End)
	}
	if p.Budget == nil || p.Budget.Amount != "1250000.50" || p.Budget.Currency != "EUR" {
		t.Errorf("budget %+v, want the sum 1250000.50 EUR", p.Budget)
	}
	if !reflect.DeepEqual(p.Sectors, []string{"15160", "15130"}) {
		t.Errorf("sectors %v", p.Sectors)
	}
	if len(p.Components) != 1 || len(p.Components[0].Results) != 1 {
		t.Errorf("components %+v", p.Components)
	}
	funder, _ := st.Institution(ctx, p.FunderID)
	if funder == nil || funder.Slug != "european-union" {
		t.Errorf("funder %+v: the EU should be found by its IATI identifier", funder)
	}
	lt, _ := st.Institution(ctx, p.Partners[0].InstitutionID)
	if len(p.Partners) != 1 || lt == nil || lt.Slug != "seimas-ombudsmen-lithuania" {
		t.Errorf("partners %+v: the Lithuanian office should be found by name, the beneficiary not repeated", p.Partners)
	}
	ben, _ := st.Institution(ctx, p.BeneficiaryID)
	if ben == nil || ben.Status != registry.Draft || ben.Country != "GE" || ben.Kind != registry.OmbudsmanOffice {
		t.Errorf("beneficiary %+v: a new draft office in Georgia expected", ben)
	}
}

// Broken files are refused with where and why, and nothing is written.
func TestMalformedFilesWriteNothing(t *testing.T) {
	ctx := context.Background()
	st := storetest.Demo(t)
	doc := export(t, st)
	// Another registry's export: every project would be new.
	foreign := bytes.ReplaceAll(doc, []byte(`slug="`), []byte(`slug="x-`))
	foreign = bytes.ReplaceAll(foreign, []byte("AZ-DEMO-OMBUDSMAN-"), []byte("AZ-DEMO-OMBUDSMAN-x-"))
	end := len(foreign) * 2 / 3
	for end > 0 && !utf8.RuneStart(foreign[end]) {
		end-- // cut between characters: a truncated file, not a badly encoded one
	}
	cut := foreign[:end]
	latin1 := bytes.Replace(foreign, []byte("European Union"), []byte("European \xe9Union"), 1) // ISO-8859-1 é
	wrongKind := bytes.Replace(foreign, []byte(`instrument="twinning"`), []byte(`instrument="grant"`), 1)
	cases := []struct {
		name, want string
		file       []byte
	}{
		{"truncated", "truncated", cut},
		{"not UTF-8", "not valid UTF-8", latin1},
		{"not IATI", "not <iati-activities>", []byte(`<?xml version="1.0"?><rss version="2.0"></rss>`)},
		{"empty", "empty", nil},
		{"unknown encoding", "encoding", []byte(`<?xml version="1.0" encoding="x-klingon"?><iati-activities version="2.03"/>`)},
		{"a record the rules refuse", "instrument", wrongKind},
	}
	before, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := iati.Import(ctx, st, bytes.NewReader(c.file), iati.ImportOptions{})
			if err == nil {
				t.Fatal("the file was accepted")
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "nothing was imported") {
				t.Errorf("error %q does not say %q and that nothing was imported", err, c.want)
			}
			var fe *iati.FileError
			if errors.As(err, &fe) && c.name != "empty" && c.name != "not IATI" && fe.Line == 0 {
				t.Errorf("error %q names no line", err)
			}
		})
	}
	after, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("a refused file wrote: %v -> %v", before, after)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	ctx := context.Background()
	st := storetest.Demo(t)
	doc := export(t, st)
	dst := storetest.Open(t)
	res, err := iati.Import(ctx, dst, bytes.NewReader(doc), iati.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts()["create"] == 0 {
		t.Errorf("dry run reports %v", res.Counts())
	}
	if empty, err := dst.Empty(ctx); err != nil || !empty {
		t.Errorf("a dry run wrote (empty=%v, %v)", empty, err)
	}
}
