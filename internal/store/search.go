package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
// when the record is published, removed otherwise.
func (tx *Tx) reindex(ctx context.Context, t recordType, id int64) error {
	s := tx.dialect.searcher()
	var docID int64
	err := tx.q.QueryRowContext(ctx, "SELECT id FROM search_docs WHERE record_type = $1 AND record_id = $2", t.noun, id).Scan(&docID)
	switch {
	case err == nil:
		if err := s.remove(ctx, tx.q, docID); err != nil {
			return err
		}
		if _, err := tx.q.ExecContext(ctx, "DELETE FROM search_countries WHERE doc_id = $1", docID); err != nil {
			return err
		}
		if _, err := tx.q.ExecContext(ctx, "DELETE FROM search_docs WHERE id = $1", docID); err != nil {
			return err
		}
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	doc, ok, err := tx.searchDoc(ctx, t, id)
	if err != nil || !ok {
		return err
	}
	err = tx.q.QueryRowContext(ctx, `INSERT INTO search_docs (record_type, record_id, year, kind, instrument) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		doc.RecordType, doc.RecordID, doc.Year, doc.Kind, doc.Instrument).Scan(&docID)
	if err != nil {
		return err
	}
	for _, c := range doc.Countries {
		if _, err := tx.q.ExecContext(ctx, "INSERT INTO search_countries (doc_id, country) VALUES ($1, $2)", docID, c); err != nil {
			return err
		}
	}
	return s.put(ctx, tx.q, docID, doc)
}

// searchDoc builds the document of a published record.
func (tx *Tx) searchDoc(ctx context.Context, t recordType, id int64) (search.Doc, bool, error) {
	var names search.Names
	load := func(insts, people, projects, progs []int64) error {
		var err error
		if names.Institutions, err = tx.InstitutionsByID(ctx, insts); err != nil {
			return err
		}
		if names.People, err = tx.PeopleByID(ctx, people); err != nil {
			return err
		}
		if names.Projects, err = tx.ProjectsByID(ctx, projects); err != nil {
			return err
		}
		names.Programmes, err = tx.ProgrammesByID(ctx, progs)
		return err
	}
	var doc search.Doc
	var status registry.Status
	switch t {
	case institutions:
		in, err := tx.Institution(ctx, id)
		if err != nil {
			return doc, false, ignoreMissing(err)
		}
		if err := load([]int64{in.ParentID}, nil, nil, nil); err != nil {
			return doc, false, err
		}
		doc, status = search.Institution(in, names), in.Status
	case people:
		p, err := tx.Person(ctx, id)
		if err != nil {
			return doc, false, ignoreMissing(err)
		}
		var insts []int64
		for _, af := range p.Affiliations {
			insts = append(insts, af.InstitutionID)
		}
		if err := load(insts, nil, nil, nil); err != nil {
			return doc, false, err
		}
		doc, status = search.Person(p, names), p.Status
	case programmes:
		p, err := tx.Programme(ctx, id)
		if err != nil {
			return doc, false, ignoreMissing(err)
		}
		doc, status = search.Programme(p, names), p.Status
	case partnerships:
		p, err := tx.Partnership(ctx, id)
		if err != nil {
			return doc, false, ignoreMissing(err)
		}
		if err := load([]int64{p.PartnerID}, nil, nil, nil); err != nil {
			return doc, false, err
		}
		doc, status = search.Partnership(p, names), p.Status
	case projects:
		p, err := tx.Project(ctx, id)
		if err != nil {
			return doc, false, ignoreMissing(err)
		}
		insts := []int64{p.BeneficiaryID}
		for _, pp := range p.Partners {
			insts = append(insts, pp.InstitutionID)
		}
		if err := load(insts, nil, nil, p.ProgrammeIDs); err != nil {
			return doc, false, err
		}
		doc, status = search.Project(p, names), p.Status
	case events:
		e, err := tx.Event(ctx, id)
		if err != nil {
			return doc, false, ignoreMissing(err)
		}
		var insts, persons []int64
		for _, pt := range e.Participants {
			insts = append(insts, pt.InstitutionID)
			persons = append(persons, pt.PersonID)
		}
		if err := load(insts, persons, []int64{e.ProjectID}, nil); err != nil {
			return doc, false, err
		}
		var instrument registry.Instrument
		if err := tx.q.QueryRowContext(ctx, "SELECT resolved_instrument FROM events WHERE id = $1", id).Scan(&instrument); err != nil {
			return doc, false, err
		}
		doc, status = search.Event(e, instrument, names), e.Status
	case publications:
		p, err := tx.Publication(ctx, id)
		if err != nil {
			return doc, false, ignoreMissing(err)
		}
		if err := load([]int64{p.PublisherID}, nil, nil, nil); err != nil {
			return doc, false, err
		}
		doc, status = search.Publication(p, names), p.Status
	default:
		return doc, false, fmt.Errorf("no search document for %s", t.noun)
	}
	return doc, status == registry.Published, nil
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
			if err := tx.reindex(ctx, q.to, other); err != nil {
				return err
			}
		}
	}
	return nil
}

// afterWrite keeps the search index in step with a record just written
// or deleted.
func (tx *Tx) afterWrite(ctx context.Context, t recordType, id int64) error {
	if err := tx.reindex(ctx, t, id); err != nil {
		return fmt.Errorf("search index: %w", err)
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
	for _, stmt := range []string{"DELETE FROM search_countries", "DELETE FROM search_docs"} {
		if _, err := tx.q.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	for _, t := range []recordType{institutions, people, programmes, partnerships, projects, events, publications} {
		ids, err := tx.queryIDs(ctx, "SELECT id FROM "+t.table+" WHERE status = 'published' ORDER BY id")
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := tx.reindex(ctx, t, id); err != nil {
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

// SearchResult is a page of hits, best first, the number of all hits,
// and the facets of all hits.
type SearchResult struct {
	Hits   []Hit
	Total  int
	Facets map[string][]FacetCount // "type", "year", "kind", "instrument", "country"
}

// MaxSearchOffset bounds how deep a reader may page, so that no query
// costs more than the first few hundred hits.
const MaxSearchOffset = 1000

// Search finds published records whose words begin with every word of
// the query, ranked with names above other words.
func (c Reader) Search(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	d := c.dialect
	res := &SearchResult{Facets: map[string][]FacetCount{}}
	if len(q.Words) == 0 {
		return res, nil
	}
	s := d.searcher()
	terms := s.terms(q.Words)
	base := func(skip string) where {
		var w where
		w.add(s.match, terms)
		if q.Type != "" && skip != "type" {
			w.add("d.record_type = ?", q.Type)
		}
		if q.Year != 0 && skip != "year" {
			w.add("d.year = ?", q.Year)
		}
		if q.Kind != "" && skip != "kind" {
			w.add("d.kind = ?", q.Kind)
		}
		if q.Instrument != "" && skip != "instrument" {
			w.add("d.instrument = ?", q.Instrument)
		}
		if q.Country != "" && skip != "country" {
			w.add("d.id IN (SELECT doc_id FROM search_countries WHERE country = ?)", q.Country)
		}
		return w
	}
	limit := q.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	offset := min(max(q.Offset, 0), MaxSearchOffset)
	w := base("")
	rank := s.rank
	rankArgs := []any{}
	if strings.Contains(rank, "?") {
		rank = strings.Replace(rank, "?", fmt.Sprintf("$%d", len(w.args)+1), 1)
		rankArgs = append(rankArgs, terms)
	}
	rows, err := c.q.QueryContext(ctx, fmt.Sprintf("SELECT d.record_type, d.record_id FROM %s%s ORDER BY %s, d.id LIMIT %d OFFSET %d",
		s.from, w.String(), rank, limit, offset), append(w.args, rankArgs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.RecordType, &h.RecordID); err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := c.q.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+s.from+w.String(), w.args...).Scan(&res.Total); err != nil {
		return nil, err
	}
	// Each facet counts the hits with every other facet applied, so that
	// choosing a value shows how the others would narrow it.
	facets := []struct{ name, expr, from string }{
		{"type", "d.record_type", ""},
		{"year", "d.year", ""},
		{"kind", "d.kind", ""},
		{"instrument", "d.instrument", ""},
		{"country", "sc.country", " JOIN search_countries sc ON sc.doc_id = d.id"},
	}
	for _, f := range facets {
		fw := base(f.name)
		err := c.eachRow(ctx, fmt.Sprintf("SELECT %s, COUNT(*) FROM %s%s%s GROUP BY %s ORDER BY COUNT(*) DESC, %s LIMIT 50",
			f.expr, s.from, f.from, fw.String(), f.expr, f.expr), fw.args, func(rows *sql.Rows) error {
			var v any
			var n int
			if err := rows.Scan(&v, &n); err != nil {
				return err
			}
			value := fmt.Sprint(v)
			if value == "" || value == "0" {
				return nil
			}
			res.Facets[f.name] = append(res.Facets[f.name], FacetCount{Value: value, Count: n})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return res, nil
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
