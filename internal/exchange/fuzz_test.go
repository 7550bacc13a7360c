package exchange_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/liaison-registry/liaison/internal/demo"
	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// FuzzImport feeds documents to the whole import path, decoding and
// checking against a registry holding the demo records. Whatever the
// input, import must answer with a document error or success, never
// panic, and a dry run must write nothing.
func FuzzImport(f *testing.F) {
	f.Add(demo.Seed)
	f.Add([]byte(`{"format": "liaison-registry", "version": 1}`))
	f.Add([]byte(`{"format": "liaison-registry", "version": 1, "events": [{"id": 2, "kind": "seminar", "start": "2011-13", "project_id": 2, "component": 9}]}`))
	f.Add([]byte(`{"format": "liaison-registry", "version": 1, "institutions": [{"id": 1, "parent_id": 2, "name": {"en": "a"}, "kind": "ngo"}, {"id": 2, "parent_id": 1, "name": {"en": "b"}, "kind": "ngo"}]}`))
	f.Add([]byte(`{"format": "liaison-registry", "version": 1, "projects": [{"instrument": "twinning", "title": {"ru": "x"}, "reference": "GE 16 ENI ST 06 18", "budget": {"amount": "1.5", "currency": "EUR"}}]}`))
	f.Add([]byte(`[`))
	st := storetest.Demo(f)
	ctx := context.Background()
	var before bytes.Buffer
	exchange.Export(ctx, st, &before)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := exchange.Decode(data)
		if err != nil {
			var de *exchange.Error
			if !errors.As(err, &de) {
				t.Fatalf("Decode: unexpected error type %T: %v", err, err)
			}
			return
		}
		_, err = exchange.Import(ctx, st, doc, true)
		var de *exchange.Error
		if err != nil && !errors.As(err, &de) {
			t.Fatalf("Import: unexpected error type %T: %v", err, err)
		}
		var after bytes.Buffer
		exchange.Export(ctx, st, &after)
		if after.String() != before.String() {
			t.Fatalf("a dry run changed the registry")
		}
	})
}
