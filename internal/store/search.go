package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/search"
)

// The search index holds a document for every published record, kept in
// step by every write (reindex). The full-text part is the database's
// own: FTS5 on SQLite, a tsvector on PostgreSQL (see searcher).

// searcher is how a dialect keeps and queries the full-text index.
type searcher struct {
	// put writes the text of document id.
	put func(ctx context.Context, q querier, id int64, d search.Doc) error
	// remove deletes the text of document id.
	remove func(ctx context.Context, q querier, id int64) error
	// from, match and rank build a query over search_docs d: the tables,
	// the condition (one argument: the terms) and the ordering, best
	// first. namesMatch is match limited to names.
	from, match, rank, namesMatch string
	// terms renders the reader's words for match.
	terms func(words []string) string
}

var sqliteSearch = searcher{
	put: func(ctx context.Context, q querier, id int64, d search.Doc) error {
		_, err := q.ExecContext(ctx, "INSERT INTO search_text (rowid, names, body) VALUES ($1, $2, $3)", id, d.Names, d.Body)
		return err
	},
	remove: func(ctx context.Context, q querier, id int64) error {
		_, err := q.ExecContext(ctx, "DELETE FROM search_text WHERE rowid = $1", id)
		return err
	},
	from:       "search_docs d JOIN search_text ON search_text.rowid = d.id",
	match:      "search_text MATCH ?",
	namesMatch: "search_text MATCH ?",
	rank:       "bm25(search_text, 8.0, 1.0)",
	terms: func(words []string) string {
		parts := make([]string, len(words))
		for i, w := range words {
			parts[i] = `"` + w + `"*`
		}
		return strings.Join(parts, " ")
	},
}

var postgresSearch = searcher{
	put: func(ctx context.Context, q querier, id int64, d search.Doc) error {
		_, err := q.ExecContext(ctx, `UPDATE search_docs SET names = $2, body = $3,
			tsv = setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B') WHERE id = $1`, id, d.Names, d.Body)
		return err
	},
	remove:     func(context.Context, querier, int64) error { return nil }, // the text is in the row
	from:       "search_docs d",
	match:      "d.tsv @@ to_tsquery('simple', ?)",
	namesMatch: "d.tsv @@ to_tsquery('simple', ?)",
	rank:       "-ts_rank(d.tsv, to_tsquery('simple', ?))",
	terms: func(words []string) string {
		parts := make([]string, len(words))
		for i, w := range words {
			parts[i] = w + ":*"
		}
		return strings.Join(parts, " & ")
	},
}

func (d *dialect) searcher() searcher {
	if d == postgresDialect {
		return postgresSearch
	}
	return sqliteSearch
}

// reindex brings the search document of one record up to date: written
// when the record is published, removed otherwise. rec is the record as
// just written, when the caller has it (nil to read it); isNew says no
// document can exist yet.
func (tx *Tx) reindex(ctx context.Context, t recordType, id int64, rec any, isNew bool) error {
	s := tx.dialect.searcher()
	var docID int64
	err := sql.ErrNoRows
	if !isNew {
		err = tx.q.QueryRowContext(ctx, "SELECT id FROM search_docs WHERE record_type = $1 AND record_id = $2", t.noun, id).Scan(&docID)
	}
	switch {
	case err == nil:
		if err := s.remove(ctx, tx.q, docID); err != nil {
			return err
		}
		if _, err := tx.q.ExecContext(ctx, "DELETE FROM search_docs WHERE id = $1", docID); err != nil {
			return err
		}
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	doc, ok, err := tx.searchDoc(ctx, t, id, rec)
	if err != nil || !ok {
		return err
	}
	countries := ""
	if len(doc.Countries) > 0 {
		countries = " " + strings.Join(doc.Countries, " ") + " "
	}
	err = tx.q.QueryRowContext(ctx, `INSERT INTO search_docs (record_type, record_id, year, kind, instrument, countries) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		doc.RecordType, doc.RecordID, doc.Year, doc.Kind, doc.Instrument, countries).Scan(&docID)
	if err != nil {
		return err
	}
	return s.put(ctx, tx.q, docID, doc)
}

// searchDoc builds the document of a published record, from rec when
// given, else from the database. The records it names come from the
// transaction's memo, read once.
func (tx *Tx) searchDoc(ctx context.Context, t recordType, id int64, rec any) (search.Doc, bool, error) {
	names := tx.names
	var doc search.Doc
	var status registry.Status
	switch t {
	case institutions:
		in, err := given(rec, func() (*registry.Institution, error) { return tx.Institution(ctx, id) })
		if in == nil || err != nil {
			return doc, false, err
		}
		names.Institutions[in.ID] = in
		if err := tx.loadNames(ctx, []int64{in.ParentID}, nil, nil, nil); err != nil {
			return doc, false, err
		}
		doc, status = search.Institution(in, names), in.Status
	case people:
		p, err := given(rec, func() (*registry.Person, error) { return tx.Person(ctx, id) })
		if p == nil || err != nil {
			return doc, false, err
		}
		names.People[p.ID] = p
		var insts []int64
		for _, af := range p.Affiliations {
			insts = append(insts, af.InstitutionID)
		}
		if err := tx.loadNames(ctx, insts, nil, nil, nil); err != nil {
			return doc, false, err
		}
		doc, status = search.Person(p, names), p.Status
	case programmes:
		p, err := given(rec, func() (*registry.Programme, error) { return tx.Programme(ctx, id) })
		if p == nil || err != nil {
			return doc, false, err
		}
		names.Programmes[p.ID] = p
		doc, status = search.Programme(p, names), p.Status
	case partnerships:
		p, err := given(rec, func() (*registry.Partnership, error) { return tx.Partnership(ctx, id) })
		if p == nil || err != nil {
			return doc, false, err
		}
		if err := tx.loadNames(ctx, []int64{p.PartnerID}, nil, nil, nil); err != nil {
			return doc, false, err
		}
		doc, status = search.Partnership(p, names), p.Status
	case projects:
		p, err := given(rec, func() (*registry.Project, error) { return tx.Project(ctx, id) })
		if p == nil || err != nil {
			return doc, false, err
		}
		names.Projects[p.ID] = p
		insts := []int64{p.BeneficiaryID}
		for _, pp := range p.Partners {
			insts = append(insts, pp.InstitutionID)
		}
		if err := tx.loadNames(ctx, insts, nil, nil, p.ProgrammeIDs); err != nil {
			return doc, false, err
		}
		doc, status = search.Project(p, names), p.Status
	case events:
		e, err := given(rec, func() (*registry.Event, error) { return tx.Event(ctx, id) })
		if e == nil || err != nil {
			return doc, false, err
		}
		var insts, persons []int64
		for _, pt := range e.Participants {
			insts = append(insts, pt.InstitutionID)
			persons = append(persons, pt.PersonID)
		}
		if err := tx.loadNames(ctx, insts, persons, []int64{e.ProjectID}, nil); err != nil {
			return doc, false, err
		}
		instrument := e.Instrument
		if p := names.Projects[e.ProjectID]; instrument == "" && p != nil {
			instrument = p.Instrument
		}
		doc, status = search.Event(e, instrument, names), e.Status
	case publications:
		p, err := given(rec, func() (*registry.Publication, error) { return tx.Publication(ctx, id) })
		if p == nil || err != nil {
			return doc, false, err
		}
		if err := tx.loadNames(ctx, []int64{p.PublisherID}, nil, nil, nil); err != nil {
			return doc, false, err
		}
		doc, status = search.Publication(p, names), p.Status
	default:
		return doc, false, fmt.Errorf("no search document for %s", t.noun)
	}
	return doc, status == registry.Published, nil
}

// given is rec as a *T when the caller passed one, else what load reads;
// a record that does not exist is nil without an error.
func given[T any](rec any, load func() (*T, error)) (*T, error) {
	if r, ok := rec.(*T); ok && r != nil {
		return r, nil
	}
	r, err := load()
	return r, ignoreMissing(err)
}

// loadNames reads into the transaction's memo the records not in it yet.
func (tx *Tx) loadNames(ctx context.Context, insts, persons, projs, progs []int64) error {
	missing := func(ids []int64, have func(int64) bool) []int64 {
		var out []int64
		for _, id := range ids {
			if id > 0 && !have(id) {
				out = append(out, id)
			}
		}
		return out
	}
	if ids := missing(insts, func(id int64) bool { return tx.names.Institutions[id] != nil }); len(ids) > 0 {
		m, err := tx.InstitutionsByID(ctx, ids)
		if err != nil {
			return err
		}
		for id, in := range m {
			tx.names.Institutions[id] = in
		}
	}
	if ids := missing(persons, func(id int64) bool { return tx.names.People[id] != nil }); len(ids) > 0 {
		m, err := tx.PeopleByID(ctx, ids)
		if err != nil {
			return err
		}
		for id, p := range m {
			tx.names.People[id] = p
		}
		var affs []int64
		for _, p := range m {
			for _, af := range p.Affiliations {
				affs = append(affs, af.InstitutionID)
			}
		}
		if err := tx.loadNames(ctx, affs, nil, nil, nil); err != nil {
			return err
		}
	}
	if ids := missing(projs, func(id int64) bool { return tx.names.Projects[id] != nil }); len(ids) > 0 {
		m, err := tx.ProjectsByID(ctx, ids)
		if err != nil {
			return err
		}
		for id, p := range m {
			tx.names.Projects[id] = p
		}
	}
	if ids := missing(progs, func(id int64) bool { return tx.names.Programmes[id] != nil }); len(ids) > 0 {
		m, err := tx.ProgrammesByID(ctx, ids)
		if err != nil {
			return err
		}
		for id, p := range m {
			tx.names.Programmes[id] = p
		}
	}
	return nil
}

func ignoreMissing(err error) error {
	if errors.Is(err, registry.ErrNotFound) {
		return nil
	}
	return err
}

// reindexHolders updates the documents that show a changed record's name:
// a person's events, a project's events, an institution's people, events
// and partner projects.
func (tx *Tx) reindexHolders(ctx context.Context, t recordType, id int64) error {
	var queries []struct {
		to    recordType
		query string
	}
	switch t {
	case people:
		queries = append(queries, struct {
			to    recordType
			query string
		}{events, "SELECT DISTINCT event_id FROM participants WHERE person_id = $1"})
	case projects:
		queries = append(queries, struct {
			to    recordType
			query string
		}{events, "SELECT id FROM events WHERE project_id = $1"})
	case institutions:
		queries = append(queries,
			struct {
				to    recordType
				query string
			}{people, "SELECT DISTINCT person_id FROM affiliations WHERE institution_id = $1"},
			struct {
				to    recordType
				query string
			}{events, "SELECT DISTINCT event_id FROM participants WHERE institution_id = $1"},
			struct {
				to    recordType
				query string
			}{projects, "SELECT DISTINCT project_id FROM project_partners WHERE institution_id = $1"},
			struct {
				to    recordType
				query string
			}{institutions, "SELECT id FROM institutions WHERE parent_id = $1"})
	}
	for _, q := range queries {
		ids, err := tx.queryIDs(ctx, q.query, id)
		if err != nil {
			return err
		}
		for _, other := range ids {
			if err := tx.reindex(ctx, q.to, other, nil, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// afterWrite keeps the search index in step with a record just written
// (rec, created when isNew) or deleted (rec nil). Nothing can refer to a
// record just created, so only a change reaches the records that name it.
func (tx *Tx) afterWrite(ctx context.Context, t recordType, id int64, rec any, isNew bool) error {
	if err := tx.reindex(ctx, t, id, rec, isNew); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if isNew {
		return nil
	}
	if err := tx.reindexHolders(ctx, t, id); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// RebuildSearch rebuilds the whole search index from the records.
func (tx *Tx) RebuildSearch(ctx context.Context) error {
	s := tx.dialect.searcher()
	ids, err := tx.queryIDs(ctx, "SELECT id FROM search_docs")
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.remove(ctx, tx.q, id); err != nil {
			return err
		}
	}
	if _, err := tx.q.ExecContext(ctx, "DELETE FROM search_docs"); err != nil {
		return err
	}
	for _, t := range []recordType{institutions, people, programmes, partnerships, projects, events, publications} {
		ids, err := tx.queryIDs(ctx, "SELECT id FROM "+t.table+" WHERE status = 'published' ORDER BY id")
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := tx.reindex(ctx, t, id, nil, true); err != nil {
				return err
			}
		}
	}
	return nil
}

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

// MaxSearchHits bounds the hits a query ranks and counts, so that a word
// found in every record costs no more than the first thousand. A reader
// who needs more narrows the search.
const MaxSearchHits = 1000

// MaxSearchOffset is how deep a reader may page.
const MaxSearchOffset = MaxSearchHits

// maxFacetValues is how many values of a facet are shown, most hits first.
const maxFacetValues = 50

// searchRow is one hit with the facets it is counted under.
type searchRow struct {
	Hit
	year                   int
	kind, instrument, ctry string // ctry: ' LT FR '
}

// Search finds published records whose words begin with every word of
// the query, ranked with names above other words.
//
// One ranked query reads the hits (at most MaxSearchHits and one more,
// to know there are more) with their facet values; counting and
// faceting happen here, over those rows, rather than in a query per
// facet. For each filter the reader has chosen, one more query reads the
// hits without it, to count what its other values would give.
func (c Reader) Search(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	res := &SearchResult{Facets: map[string][]FacetCount{}}
	if len(q.Words) == 0 {
		return res, nil
	}
	rows, err := c.searchRows(ctx, q)
	if err != nil {
		return nil, err
	}
	res.Total = len(rows)
	if res.Total > MaxSearchHits {
		res.Total, res.More = MaxSearchHits, true
		rows = rows[:MaxSearchHits]
	}
	limit := q.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	offset := min(max(q.Offset, 0), MaxSearchOffset)
	for _, r := range rows[min(offset, len(rows)):min(offset+limit, len(rows))] {
		res.Hits = append(res.Hits, r.Hit)
	}
	// A facet the reader has not chosen counts the hits; a chosen one
	// counts the hits of the query without it.
	for i, name := range facetNames {
		if !q.filters(i) {
			res.Facets[name] = countFacet(rows, i)
			continue
		}
		other, err := c.searchRows(ctx, q.without(i))
		if err != nil {
			return nil, err
		}
		res.Facets[name] = countFacet(other[:min(len(other), MaxSearchHits)], i)
	}
	for name, f := range res.Facets {
		if len(f) == 0 {
			delete(res.Facets, name)
		}
	}
	return res, nil
}

// facetNames are the facets, in the order countFacet numbers them.
var facetNames = [...]string{"type", "year", "kind", "instrument", "country"}

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

// searchRows reads the hits of q, best first, up to MaxSearchHits+1.
func (c Reader) searchRows(ctx context.Context, q SearchQuery) ([]searchRow, error) {
	s := c.dialect.searcher()
	terms := s.terms(q.Words)
	var w where
	w.add(s.match, terms)
	if q.Type != "" {
		w.add("d.record_type = ?", q.Type)
	}
	if q.Year != 0 {
		w.add("d.year = ?", q.Year)
	}
	if q.Kind != "" {
		w.add("d.kind = ?", q.Kind)
	}
	if q.Instrument != "" {
		w.add("d.instrument = ?", q.Instrument)
	}
	if q.Country != "" {
		w.add("d.countries LIKE ?", "% "+q.Country+" %")
	}
	rank := s.rank
	args := w.args
	if strings.Contains(rank, "?") {
		rank = strings.Replace(rank, "?", fmt.Sprintf("$%d", len(args)+1), 1)
		args = append(args, terms)
	}
	query := fmt.Sprintf("SELECT d.record_type, d.record_id, d.year, d.kind, d.instrument, d.countries FROM %s%s ORDER BY %s, d.id LIMIT %d",
		s.from, w.String(), rank, MaxSearchHits+1)
	var out []searchRow
	err := c.eachRow(ctx, query, args, func(rows *sql.Rows) error {
		var r searchRow
		if err := rows.Scan(&r.RecordType, &r.RecordID, &r.year, &r.kind, &r.instrument, &r.ctry); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
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

// SuggestNames finds people and institutions whose names begin with the
// words typed, for completion as a reader types.
func (c Reader) SuggestNames(ctx context.Context, words []string, limit int) ([]Hit, error) {
	d := c.dialect
	if len(words) == 0 {
		return nil, nil
	}
	s := d.searcher()
	var terms string
	if d == postgresDialect {
		parts := make([]string, len(words))
		for i, w := range words {
			parts[i] = w + ":*A"
		}
		terms = strings.Join(parts, " & ")
	} else {
		terms = "names : (" + s.terms(words) + ")"
	}
	var w where
	w.add(s.namesMatch, terms)
	w.add("d.record_type IN ('person', 'institution')")
	rows, err := c.q.QueryContext(ctx, fmt.Sprintf("SELECT d.record_type, d.record_id FROM %s%s ORDER BY d.record_type DESC, d.id LIMIT %d", s.from, w.String(), limit), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Hit
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.RecordType, &h.RecordID); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
