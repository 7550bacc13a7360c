package search

import (
	"math"
	"slices"
	"strings"
)

// Candidate is a document found by a query, before ranking.
type Candidate struct {
	DocID int64  // the index's id; a larger id is a newer document
	Names string // its folded names, as Doc.Names
}

// Rank orders candidates best first. A query word found in a document's
// names counts more than one found only in its other words, and more in
// short names than in long ones; a rare word counts more than a common
// one. docFreq[i] is how many of all docs documents hold words[i]. Ties
// go to the newer document.
//
// This is BM25 with names and other words as two fields, term frequency
// taken as one, written here rather than left to the database: SQLite's
// bm25() counts every document holding each query word before it ranks
// any, which for a word found in most records costs more than the whole
// rest of the search. Every candidate matches every word already, so
// only where each word was found is left to weigh.
func Rank(cands []Candidate, words []string, docFreq []int, docs int) {
	if len(cands) == 0 {
		return
	}
	idf := make([]float64, len(words))
	for i := range words {
		n := float64(min(docFreq[i], docs))
		idf[i] = math.Log(1 + (float64(docs)-n+0.5)/(n+0.5))
	}
	lengths := make([]int, len(cands))
	total := 0
	for i, c := range cands {
		lengths[i] = strings.Count(c.Names, " ") + 1
		if c.Names == "" {
			lengths[i] = 0
		}
		total += lengths[i]
	}
	avg := max(float64(total)/float64(len(cands)), 1)
	const (
		k1         = 1.2
		b          = 0.75
		namesBoost = 8 // as weighed against the other words
	)
	scores := make(map[int64]float64, len(cands))
	for i, c := range cands {
		names := strings.Fields(c.Names)
		// A word in the names scores as BM25 would with the names
		// field's length; elsewhere, as in a document of average length.
		inNames := namesBoost * (k1 + 1) / (1 + k1*(1-b+b*float64(lengths[i])/avg))
		score := 0.0
		for j, w := range words {
			weight := 1.0
			if slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, w) }) {
				weight = inNames
			}
			score += idf[j] * weight
		}
		scores[c.DocID] = score
	}
	slices.SortStableFunc(cands, func(x, y Candidate) int {
		sx, sy := scores[x.DocID], scores[y.DocID]
		switch {
		case sx > sy:
			return -1
		case sx < sy:
			return 1
		case x.DocID > y.DocID:
			return -1
		case x.DocID < y.DocID:
			return 1
		}
		return 0
	})
}
