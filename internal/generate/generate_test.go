package generate_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/liaison-registry/liaison/internal/exchange"
	"github.com/liaison-registry/liaison/internal/generate"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// A generated registry passes every rule of the real import, and the same
// seed gives the same document.
func TestGeneratedRegistryImports(t *testing.T) {
	size := generate.ForEvents(2000, 7)
	doc := generate.Document(size)
	res, err := exchange.Import(context.Background(), storetest.Open(t), doc, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts["events"] != 2000 || res.Counts["projects"] != size.Projects {
		t.Fatalf("imported %v", res.Counts)
	}
	a, _ := json.Marshal(generate.Document(size))
	b, _ := json.Marshal(generate.Document(size))
	if string(a) != string(b) {
		t.Fatal("the same seed gave different documents")
	}
	c, _ := json.Marshal(generate.Document(generate.ForEvents(2000, 8)))
	if string(a) == string(c) {
		t.Fatal("another seed gave the same document")
	}
}
