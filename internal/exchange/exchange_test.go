package exchange_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	first := storetest.Open(t)
	if loaded, err := demo.Load(ctx, first); err != nil || !loaded {
		t.Fatalf("demo.Load = %v, %v", loaded, err)
	}
	var a bytes.Buffer
	if err := exchange.Export(ctx, first, &a); err != nil {
		t.Fatal(err)
	}
	doc, err := exchange.Decode(a.Bytes())
	if err != nil {
		t.Fatalf("decode own export: %v\n%s", err, a.String())
	}
	second := storetest.Open(t)
	res, err := exchange.Import(ctx, second, doc, false)
	if err != nil {
		t.Fatal(err)
	}
	// The seed page's records, and the illustrative home institutions,
	// experts and missions of its Twinning project's work plan.
	if res.Total() != 12+9+3+1+2+7+1 {
		t.Errorf("imported %v", res.Counts)
	}
	var b bytes.Buffer
	if err := exchange.Export(ctx, second, &b); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Fatalf("export after import differs:\n--- first\n%s\n--- second\n%s", a.String(), b.String())
	}
}

func TestImportRefusesWholeDocument(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	doc, err := exchange.Decode([]byte(`{"format": "liaison-registry", "version": 1,
		"institutions": [{"id": 1, "name": {"en": "Good"}, "kind": "ngo"}, {"id": 2, "name": {"en": "Bad"}, "kind": "ombudsman_office", "country": "XX"}],
		"events": [{"kind": "seminar", "start": "2011-13-01", "participants": [{"person_id": 9, "role": "speaker"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = exchange.Import(ctx, st, doc, false)
	var ie *exchange.Error
	if !errors.As(err, &ie) {
		t.Fatalf("Import = %v, want *exchange.Error", err)
	}
	report := ie.Error()
	for _, want := range []string{"institutions[1].country", "events[0].start", "events[0].participants[0].person_id"} {
		if !strings.Contains(report, want) {
			t.Errorf("report does not name %s:\n%s", want, report)
		}
	}
	if empty, _ := st.Empty(ctx); !empty {
		t.Fatal("a refused import wrote records")
	}
}

func TestExportPublishedOnly(t *testing.T) {
	ctx := context.Background()
	st := storetest.Demo(t)
	err := st.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.CreatePerson(ctx, &registry.Person{GivenName: "Not", FamilyName: "Yet-Public"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var all, public bytes.Buffer
	exchange.Export(ctx, st, &all)
	exchange.Export(ctx, st, &public, exchange.ExportOptions{PublishedOnly: true})
	if !strings.Contains(all.String(), "Yet-Public") || strings.Contains(public.String(), "Yet-Public") {
		t.Fatal("--published does not leave the draft out")
	}
}
