package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/liaison-registry/liaison/internal/search"
)

// SearchQuery is what a reader looks for.
type SearchQuery struct {
	Words      []string // folded words (search.Query), each a prefix
	Type       string   // record type: "event", "person"...
	Year       int
	Kind       string
	Instrument string
	Country    string
	Limit      int
	Offset     int
}

// Hit is a record found.
type Hit struct {
	RecordType string
	RecordID   int64
}

// FacetCount is how many records found have a facet's value.
type FacetCount struct {
	Value string
	Count int
}

// SearchResult is a page of hits, best first, how many there are, and
// the facets of the hits.
type SearchResult struct {
	Hits []Hit
	// Total counts the hits up to MaxSearchHits; More says there are
	// more than that.
	Total int
	More  bool
	// Facets count, for each facet, the hits its value would give with
	// the other facets' filters applied, so that a reader sees what
	// choosing another value would show.
	Facets map[string][]FacetCount // "type", "year", "kind", "instrument", "country"
}

// MaxSearchHits bounds the hits a query ranks and counts: the newest
// documents holding every word, and every document holding them in its
// names. A word found in every record so costs no more than a rare one;
// a reader who needs more narrows the search.
const MaxSearchHits = 1000

// MaxSearchOffset is how deep a reader may page.
const MaxSearchOffset = MaxSearchHits

// MaxSearchWords bounds the words of one search, whoever calls: each
// costs a look-up in the index (search.Query keeps the first ten).
const MaxSearchWords = 10

// maxFacetValues is how many values of a facet are shown, most hits first.
const maxFacetValues = 50

// facetNames are the facets, in the order SearchQuery numbers them.
var facetNames = [...]string{"type", "year", "kind", "instrument", "country"}

// searchRow is one hit with the facets it is counted under.
type searchRow struct {
	Hit
	year                   int
	kind, instrument, ctry string // ctry: ' LT FR '
}

// Search finds published records whose words begin with every word of
// the query, best first (search.Rank).
//
// The index gives the candidates, newest first and bounded (see
// MaxSearchHits); ranking, counting and faceting happen here, over those
// rows, rather than in the database over every document that holds a
// common word. For each filter the reader has chosen, one more search
// without it counts what its other values would give.
func (c Reader) Search(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	res := &SearchResult{Facets: map[string][]FacetCount{}}
	if len(q.Words) == 0 {
		return res, nil
	}
	q.Words = q.Words[:min(len(q.Words), MaxSearchWords)]
	rows, more, err := c.searchRows(ctx, q)
	if err != nil {
		return nil, err
	}
	res.Total, res.More = len(rows), more
	limit := q.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	offset := min(max(q.Offset, 0), MaxSearchOffset)
	for _, r := range rows[min(offset, len(rows)):min(offset+limit, len(rows))] {
		res.Hits = append(res.Hits, r.Hit)
	}
	for i, name := range facetNames {
		facetRows := rows
		if q.filters(i) {
			if facetRows, err = c.matchRows(ctx, q.without(i)); err != nil {
				return nil, err
			}
		}
		if f := countFacet(facetRows, i); len(f) > 0 {
			res.Facets[name] = f
		}
	}
	return res, nil
}

// searchRows finds the hits of q, best first, at most MaxSearchHits;
// more says there were more.
func (c Reader) searchRows(ctx context.Context, q SearchQuery) (rows []searchRow, more bool, err error) {
	s := c.dialect.searcher()
	words, err := c.indexWords(ctx, q.Words)
	if err != nil {
		return nil, false, err
	}
	var cands []search.Candidate
	found := map[int64]searchRow{}
	read := func(namesOnly bool) (int, error) {
		query, args := s.candidates(q, words, namesOnly, MaxSearchHits+1)
		n := 0
		err := c.eachRow(ctx, query, args, func(r *sql.Rows) error {
			cand, err := s.scan(r)
			if err != nil {
				return err
			}
			n++
			if _, seen := found[cand.DocID]; !seen {
				found[cand.DocID] = cand.row
				cands = append(cands, cand.Candidate)
			}
			return nil
		})
		return n, err
	}
	// Documents holding the words in their names are read first and
	// whatever their age: they are the likeliest wanted.
	if _, err := read(true); err != nil {
		return nil, false, err
	}
	n, err := read(false)
	if err != nil {
		return nil, false, err
	}
	if len(cands) == 0 {
		return nil, false, nil
	}
	docFreq := make([]int, len(words))
	for i, w := range words {
		docFreq[i] = w.docFreq
	}
	docs, err := c.searchDocs(ctx)
	if err != nil {
		return nil, false, err
	}
	search.Rank(cands, q.Words, docFreq, docs)
	more = n > MaxSearchHits || len(cands) > MaxSearchHits
	cands = cands[:min(len(cands), MaxSearchHits)]
	rows = make([]searchRow, len(cands))
	for i, cand := range cands {
		rows[i] = found[cand.DocID]
	}
	return rows, more, nil
}

// matchRows reads the newest MaxSearchHits documents matching q, in no
// particular order: to count facets, where, up to MaxSearchHits, the
// order of the hits does not matter, and beyond it counts are rough.
func (c Reader) matchRows(ctx context.Context, q SearchQuery) ([]searchRow, error) {
	s := c.dialect.searcher()
	words, err := c.indexWords(ctx, q.Words)
	if err != nil {
		return nil, err
	}
	var rows []searchRow
	query, args := s.candidates(q, words, false, MaxSearchHits)
	err = c.eachRow(ctx, query, args, func(r *sql.Rows) error {
		cand, err := s.scan(r)
		rows = append(rows, cand.row)
		return err
	})
	return rows, err
}

// filters says whether q filters by facet i.
func (q SearchQuery) filters(i int) bool {
	return [...]bool{q.Type != "", q.Year != 0, q.Kind != "", q.Instrument != "", q.Country != ""}[i]
}

// without is q without its filter by facet i.
func (q SearchQuery) without(i int) SearchQuery {
	switch facetNames[i] {
	case "type":
		q.Type = ""
	case "year":
		q.Year = 0
	case "kind":
		q.Kind = ""
	case "instrument":
		q.Instrument = ""
	case "country":
		q.Country = ""
	}
	return q
}

// countFacet counts the values of facet i among rows, most hits first.
func countFacet(rows []searchRow, i int) []FacetCount {
	m := map[string]int{}
	for _, r := range rows {
		switch facetNames[i] {
		case "type":
			m[r.RecordType]++
		case "year":
			if r.year != 0 {
				m[strconv.Itoa(r.year)]++
			}
		case "kind":
			if r.kind != "" {
				m[r.kind]++
			}
		case "instrument":
			if r.instrument != "" {
				m[r.instrument]++
			}
		case "country":
			for _, c := range strings.Fields(r.ctry) {
				m[c]++
			}
		}
	}
	fc := make([]FacetCount, 0, len(m))
	for v, n := range m {
		fc = append(fc, FacetCount{Value: v, Count: n})
	}
	slices.SortFunc(fc, func(a, b FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
	return fc[:min(len(fc), maxFacetValues)]
}

// searchStats remembers, for a while, how the index finds each word and
// how many documents hold it, and how many documents there are: every
// query needs them, they cost a scan of the word's documents to count,
// and a few minutes old they serve as well. A word newly written into
// the index is found at once through this store (a commit that writes
// the index makes it forget); another instance of Liaison on the same
// database may take statsFor to find a new form of a long word by its
// prefix.
//
// Readers run concurrently with writers: a count read from a snapshot
// older than a write is kept only if no write has made the stats forget
// since the snapshot began (the generation is unchanged), or the word
// just written would stay unfound for statsFor.
type searchStats struct {
	mu      sync.Mutex
	now     func() time.Time
	counted time.Time // when the entries were started
	docs    int
	words   map[string]indexWord
	gen     uint64 // how many times forget was called
}

// statsFor is how long counts are kept, and how many words at most.
const (
	statsFor      = 5 * time.Minute
	statsMaxWords = 10000
)

func newSearchStats() *searchStats { return &searchStats{now: time.Now} }

// fresh drops the counts when they are too old or too many; the caller
// holds mu.
func (s *searchStats) fresh() {
	if now := s.now(); s.words == nil || now.Sub(s.counted) > statsFor || len(s.words) > statsMaxWords {
		s.words, s.docs, s.counted = map[string]indexWord{}, 0, now
	}
}

// forget drops what is remembered, after a write to the index.
func (s *searchStats) forget() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.words, s.docs = nil, 0
	s.gen++
	s.mu.Unlock()
}

// generation is the number of forgets so far: taken before a snapshot
// begins, what that snapshot counted may be kept while it is unchanged.
func (s *searchStats) generation() uint64 {
	if s == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen
}

// since is the generation the reader's counts belong to: its snapshot's,
// or, for a query that is a snapshot of its own, the current one.
func (c Reader) since() uint64 {
	if c.statsGen != nil {
		return *c.statsGen
	}
	return c.stats.generation()
}

// remember runs keep (which stores a count) unless a write made the
// stats forget since generation gen. The caller must not hold mu.
func (s *searchStats) remember(gen uint64, keep func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gen != gen {
		return
	}
	s.fresh() // forget may have dropped the map before gen was taken
	keep()
}

func (c Reader) indexWords(ctx context.Context, words []string) ([]indexWord, error) {
	out := make([]indexWord, len(words))
	for i, w := range words {
		var err error
		if out[i], err = c.indexWord(ctx, w); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// indexWord is how the index finds word, remembered for a while.
func (c Reader) indexWord(ctx context.Context, word string) (indexWord, error) {
	st := c.stats
	gen := c.since()
	if st != nil {
		st.mu.Lock()
		st.fresh()
		w, ok := st.words[word]
		st.mu.Unlock()
		if ok {
			return w, nil
		}
	}
	w, err := c.dialect.searcher().word(ctx, c.q, word)
	if err != nil {
		return w, fmt.Errorf("look up %q in the search index: %w", word, err)
	}
	if st != nil {
		st.remember(gen, func() { st.words[word] = w })
	}
	return w, nil
}

// searchDocs is how many documents the index holds.
func (c Reader) searchDocs(ctx context.Context) (int, error) {
	st := c.stats
	gen := c.since()
	if st != nil {
		st.mu.Lock()
		st.fresh()
		n := st.docs
		st.mu.Unlock()
		if n > 0 {
			return n, nil
		}
	}
	var n int
	if err := c.q.QueryRowContext(ctx, "SELECT COUNT(*) FROM search_docs").Scan(&n); err != nil {
		return 0, err
	}
	if st != nil {
		st.remember(gen, func() { st.docs = n })
	}
	return n, nil
}

// SuggestNames finds people and institutions whose names begin with the
// words typed, for completion as a reader types: people first, then
// institutions, each best first.
func (c Reader) SuggestNames(ctx context.Context, words []string, limit int) ([]Hit, error) {
	if len(words) == 0 || limit <= 0 {
		return nil, nil
	}
	words = words[:min(len(words), MaxSearchWords)]
	limit = min(limit, MaxLimit)
	s := c.dialect.searcher()
	var out []Hit
	for _, t := range []string{"person", "institution"} {
		var cands []search.Candidate
		found := map[int64]Hit{}
		query, args := s.candidates(SearchQuery{Words: words, Type: t}, nil, true, limit)
		err := c.eachRow(ctx, query, args, func(r *sql.Rows) error {
			cand, err := s.scan(r)
			if err != nil {
				return err
			}
			cands = append(cands, cand.Candidate)
			found[cand.DocID] = cand.row.Hit
			return nil
		})
		if err != nil {
			return nil, err
		}
		// Every word is in the names of each: the shortest names first.
		search.Rank(cands, words, make([]int, len(words)), max(len(cands), 1))
		for _, cand := range cands {
			out = append(out, found[cand.DocID])
		}
	}
	return out[:min(len(out), limit)], nil
}
