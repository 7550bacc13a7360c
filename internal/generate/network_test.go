package generate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/generate"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
	"github.com/liaison-registry/liaison/internal/twinning"
)

// chunks generates a whole network registry in memory (for small sizes).
func chunks(t *testing.T, size generate.Size, per int) []*generate.Chunk {
	t.Helper()
	s, err := generate.NewStream(size, per)
	if err != nil {
		t.Fatal(err)
	}
	var out []*generate.Chunk
	for c := s.Next(); c != nil; c = s.Next() {
		out = append(out, c)
	}
	return out
}

// The size model: 200 institutions over 30 years hold 20,000 projects,
// 200,000 events and 100,000 people, and every count grows linearly with
// institutions × years.
func TestNetworkProportions(t *testing.T) {
	s := generate.Network(200, 30, 1)
	if s.Projects != 20000 || s.Events != 200000 || s.People != 100000 || s.Publications != 10000 || s.Institutions != 200 || s.Years != 30 {
		t.Fatalf("Network(200, 30) = %+v", s)
	}
	for _, other := range []generate.Size{generate.Network(400, 30, 1), generate.Network(200, 60, 1), generate.Network(100, 120, 1)} {
		k := other.Institutions * other.Years / 6000
		if other.Events != k*s.Events || other.People != k*s.People || other.Projects != k*s.Projects || other.Publications != k*s.Publications {
			t.Errorf("%+v is not %d times %+v", other, k, s)
		}
	}

	// Participations, documents and versions, measured on a smaller network.
	size := generate.Network(30, 6, 1)
	var events, participations, files, edits int
	kinds := map[registry.EventKind]int{}
	roles := map[registry.ParticipantRole]int{}
	instruments := map[registry.Instrument]int{}
	instKinds := map[registry.InstitutionKind]int{}
	parents, components, results, acts, partners, experts, untitled := 0, 0, 0, 0, 0, 0, 0
	for _, c := range chunks(t, size, 5000) {
		files += len(c.Files)
		edits += c.EditCount()
		for _, in := range c.Doc.Institutions {
			instKinds[in.Kind]++
			if in.ParentID != 0 {
				parents++
			}
			checkLanguages(t, "institution name", in.Name)
		}
		for _, p := range c.Doc.Projects {
			instruments[p.Instrument]++
			partners += len(p.Partners)
			experts += len(p.ExpertCountries)
			for _, comp := range p.Components {
				components++
				results += len(comp.Results)
				acts += len(comp.Activities)
			}
			checkLanguages(t, "project title", p.Title)
		}
		for _, p := range c.Doc.People {
			if len(p.Affiliations) == 0 || p.DisplayName["ru"] == "" {
				t.Fatalf("person without affiliation or Russian name: %+v", p)
			}
		}
		for _, e := range c.Doc.Events {
			events++
			kinds[e.Kind]++
			n := len(e.Participants)
			participations += n
			if n < 3 || n > 10 {
				t.Errorf("event %d has %d participants, expected 3 to 10", e.ID, n)
			}
			for _, p := range e.Participants {
				roles[p.Role]++
				if p.InstitutionID == 0 || p.Title["en"] == "" {
					t.Errorf("event %d: participant %d without the title and institution they had then", e.ID, p.PersonID)
				}
			}
			if e.Title == nil {
				untitled++
			} else {
				checkLanguages(t, "event title", e.Title)
			}
		}
	}
	if events != size.Events {
		t.Fatalf("%d events, want %d", events, size.Events)
	}
	perEvent := float64(participations) / float64(events)
	iy := float64(size.Institutions * size.Years)
	t.Logf("%d events, %.2f participants each (%.0f per institution-year), %.1f documents and %.1f later versions per institution-year",
		events, perEvent, float64(participations)/iy, float64(files)/iy, float64(edits)/iy)
	if perEvent < 4.7 || perEvent > 5.3 {
		t.Errorf("%.2f participants per event, expected about 5 (167 per institution-year)", perEvent)
	}
	if d := float64(files) / iy; d < 3 || d > 7 {
		t.Errorf("%.1f documents per institution-year, expected about 5", d)
	}
	if v := float64(edits) / iy; v < 2 || v > 10 {
		t.Errorf("%.1f later versions per institution-year", v)
	}
	for _, k := range registry.EventKinds {
		if kinds[k] == 0 {
			t.Errorf("no event of kind %s", k)
		}
	}
	for _, i := range registry.Instruments {
		if instruments[i] == 0 {
			t.Errorf("no project of instrument %s", i)
		}
	}
	for _, r := range []registry.ParticipantRole{registry.RoleSpeaker, registry.RoleChair, registry.RoleExpert, registry.RoleParticipant} {
		if roles[r] == 0 {
			t.Errorf("no participant with role %s", r)
		}
	}
	for _, k := range []registry.InstitutionKind{registry.OmbudsmanOffice, registry.HumanRightsInstitution, registry.Government, registry.EUInstitution, registry.InternationalOrganisation} {
		if instKinds[k] == 0 {
			t.Errorf("no institution of kind %s", k)
		}
	}
	if parents == 0 || components == 0 || results == 0 || acts == 0 || partners == 0 || experts == 0 || untitled == 0 {
		t.Errorf("missing: %d sub-institutions, %d components, %d results, %d activities, %d partners, %d expert countries, %d untitled events",
			parents, components, results, acts, partners, experts, untitled)
	}
}

func checkLanguages(t *testing.T, what string, text registry.Text) {
	t.Helper()
	if text["en"] == "" || text["az"] == "" || text["ru"] == "" {
		t.Errorf("%s not in en, az and ru: %v", what, text)
	}
}

// The same seed gives the same registry, however it is cut into chunks;
// another seed another registry.
func TestNetworkDeterministic(t *testing.T) {
	encode := func(cs []*generate.Chunk) (all, records string) {
		var a bytes.Buffer
		var whole exchange.Document
		var files []generate.File
		for _, c := range cs {
			json.NewEncoder(&a).Encode(c)
			whole.Institutions = append(whole.Institutions, c.Doc.Institutions...)
			whole.People = append(whole.People, c.Doc.People...)
			whole.Projects = append(whole.Projects, c.Doc.Projects...)
			whole.Events = append(whole.Events, c.Doc.Events...)
			whole.Publications = append(whole.Publications, c.Doc.Publications...)
			files = append(files, c.Files...)
		}
		r, _ := json.Marshal([]any{whole, files})
		return a.String(), string(r)
	}
	size := generate.Network(8, 3, 7)
	a, recordsA := encode(chunks(t, size, 300))
	b, _ := encode(chunks(t, size, 300))
	if a != b {
		t.Fatal("the same seed gave different registries")
	}
	if _, recordsC := encode(chunks(t, size, 5000)); recordsA != recordsC {
		t.Fatal("chunks of 300 and of 5,000 records hold different records")
	}
	other, _ := encode(chunks(t, generate.Network(8, 3, 8), 300))
	if a == other {
		t.Fatal("another seed gave the same registry")
	}
}

// Every generated record passes the real import without a problem or a
// warning, chunk by chunk, records of later chunks naming records of
// earlier ones; files are attached and some records have several
// versions.
func TestNetworkImports(t *testing.T) {
	ctx := store.WithActor(context.Background(), store.Actor{Label: "test"})
	st := storetest.Open(t)
	size := generate.Network(6, 3, 3)
	const per = 250
	var seen []generate.Progress
	p, err := generate.Write(ctx, st, size, generate.Options{Chunk: per, Progress: func(p generate.Progress) { seen = append(seen, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if p.Warnings != 0 {
		t.Errorf("%d warnings from the import", p.Warnings)
	}
	if p.Records != p.Total || len(seen) != p.Chunks || p.Chunks < 3 || seen[len(seen)-1].Records != p.Total {
		t.Fatalf("progress %+v after %d reports", p, len(seen))
	}

	// The same chunks again: later ones name people and projects of
	// earlier ones.
	firstChunk := map[string]map[int64]int{"person": {}, "project": {}}
	crossPeople, crossProjects, twinning := 0, 0, 0
	var files []generate.File
	for _, c := range chunks(t, size, per) {
		for _, pr := range c.Doc.People {
			firstChunk["person"][pr.ID] = c.Index
		}
		for _, pr := range c.Doc.Projects {
			firstChunk["project"][pr.ID] = c.Index
			checkReference(t, pr)
			if pr.Instrument.IsTwinning() {
				twinning++
			}
		}
		for _, e := range c.Doc.Events {
			if e.ProjectID != 0 && firstChunk["project"][e.ProjectID] < c.Index {
				crossProjects++
			}
			for _, pa := range e.Participants {
				if firstChunk["person"][pa.PersonID] < c.Index {
					crossPeople++
				}
			}
		}
		files = append(files, c.Files...)
	}
	if crossPeople == 0 || crossProjects == 0 || twinning == 0 {
		t.Fatalf("%d participations and %d events name records of earlier chunks; %d Twinning projects", crossPeople, crossProjects, twinning)
	}

	var out bytes.Buffer
	if err := exchange.Export(ctx, st, &out); err != nil {
		t.Fatal(err)
	}
	doc, err := exchange.Decode(out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.People) != size.People || len(doc.Projects) != size.Projects || len(doc.Events) != size.Events || len(doc.Publications) != size.Publications || len(doc.Institutions) != size.Institutions {
		t.Fatalf("the registry holds %d institutions, %d people, %d projects, %d events, %d publications; want %+v",
			len(doc.Institutions), len(doc.People), len(doc.Projects), len(doc.Events), len(doc.Publications), size)
	}
	participants, versions, drafts := 0, 0, 0
	for _, e := range doc.Events {
		participants += len(e.Participants)
		if e.Version > 1 {
			versions++
		}
		if e.Status == registry.Draft {
			drafts++
		}
	}
	if participants != p.Participations || versions == 0 || drafts == 0 {
		t.Errorf("%d participations (written %d), %d events with later versions, %d drafts", participants, p.Participations, versions, drafts)
	}
	for _, e := range doc.Events {
		if e.Version > 1 {
			h, err := st.History(ctx, "event", e.ID)
			if err != nil || len(h) != e.Version || h[len(h)-1].Actor != "test" && h[0].Actor != "test" {
				t.Fatalf("history of event %d (version %d): %v, %v", e.ID, e.Version, h, err)
			}
			break
		}
	}

	// Every record, later version and document is in the history.
	counts, err := st.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if c.Table == "changes" && c.Rows != p.Records+p.Edits+p.Documents {
			t.Errorf("%d changes in the history; want %d records, %d later versions and %d documents", c.Rows, p.Records, p.Edits, p.Documents)
		}
	}

	if len(files) == 0 || len(files) != p.Documents {
		t.Fatalf("%d files generated, %d attached", len(files), p.Documents)
	}
	kinds := map[string]bool{}
	for _, f := range files {
		docs, err := st.Documents(ctx, f.OwnerType, f.OwnerID)
		if err != nil || len(docs) == 0 {
			t.Fatalf("%s %d: documents %v, %v", f.OwnerType, f.OwnerID, docs, err)
		}
		kinds[docs[0].ContentType] = true
	}
	if !kinds["application/pdf"] || !kinds["text/plain; charset=utf-8"] {
		t.Errorf("documents of types %v; expected PDF and text", kinds)
	}
}

// checkReference: Twinning references parse, marked Light exactly for
// Twinning Light.
func checkReference(t *testing.T, p registry.Project) {
	t.Helper()
	if !p.Instrument.IsTwinning() {
		return
	}
	ref, err := twinning.Parse(p.Reference)
	if err != nil {
		t.Errorf("project %d: %v", p.ID, err)
		return
	}
	if ref.Light != (p.Instrument == registry.TwinningLight) || !strings.HasPrefix(p.Reference, ref.Country) {
		t.Errorf("project %d (%s): reference %q read as %+v", p.ID, p.Instrument, p.Reference, ref)
	}
}
