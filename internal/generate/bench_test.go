package generate_test

import (
	"context"
	"testing"

	"github.com/liaison-registry/liaison/internal/generate"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/storetest"
)

// Writing a network registry of 20 institutions over 5 years (about 5,500
// records, 17,000 participations) into an empty database, through the
// real import path: what `liaison generate` does, at a size to profile.
func BenchmarkNetworkWrite(b *testing.B) {
	size := generate.Network(20, 5, 1)
	records := 0
	for b.Loop() {
		b.StopTimer()
		st, err := store.Open(context.Background(), storetest.DSN(b), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		p, err := generate.Write(context.Background(), st, size, generate.Options{})
		if err != nil {
			b.Fatal(err)
		}
		records += p.Records
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

// Generating the same registry without writing it: the generator's own
// share of the time.
func BenchmarkNetworkGenerate(b *testing.B) {
	size := generate.Network(20, 5, 1)
	records := 0
	for b.Loop() {
		s, err := generate.NewStream(size, 0)
		if err != nil {
			b.Fatal(err)
		}
		for c := s.Next(); c != nil; c = s.Next() {
			records += c.Records()
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}
