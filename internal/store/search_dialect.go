package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/search"
)

// searcher is how a dialect keeps and queries the full-text index: FTS5
// on SQLite, a tsvector on PostgreSQL.
type searcher struct {
	// put writes the text of documents; remove deletes the text of
	// documents by id. Both take a whole transaction's worth at once (see
	// pendingSearch).
	put    func(ctx context.Context, q querier, docs []indexedDoc) error
	remove func(ctx context.Context, q querier, ids []int64) error
	// word reads how the index finds a word as a prefix, and how many
	// documents hold it (at least up to maxDocFreq).
	word func(ctx context.Context, q querier, w string) (indexWord, error)
	// candidates is a query reading the newest documents that hold
	// every word of q (words: as word found them) and pass its filters,
	// newest first, at most limit; with namesOnly, those holding q.Words
	// in their names (words unused). scan reads one of its rows.
	candidates func(q SearchQuery, words []indexWord, namesOnly bool, limit int) (string, []any)
	scan       func(rows *sql.Rows) (candidate, error)
}

// candidate is a document found, with what ranking it needs.
type candidate struct {
	search.Candidate
	row searchRow
}

// indexWord is a reader's word as the index looks for it.
type indexWord struct {
	match   string // the index's query for documents holding it
	docFreq int
}

// maxDocFreq is where counting a word's documents may stop: beyond it a
// word weighs next to nothing in the ranking anyway.
const maxDocFreq = 20000

// maxExpansion is how many words of the index a prefix may stand for and
// still be looked up as those words (see sqliteSearch.word).
const maxExpansion = 16

var sqliteSearch = searcher{
	// One table after the other: a statement on the second FTS5 table
	// would make the first write out what it holds in memory.
	put: func(ctx context.Context, q querier, docs []indexedDoc) error {
		facets := make([]string, len(docs))
		stored := make([]string, len(docs))
		for i, x := range docs {
			d := x.doc
			facets[i] = facetWords(d.RecordType, d.Year, d.Kind, d.Instrument, d.Countries)
			stored[i] = strings.Join([]string{d.RecordType, strconv.FormatInt(d.RecordID, 10), strconv.Itoa(d.Year), d.Kind, d.Instrument, countryList(d.Countries)}, "\t")
		}
		for i, x := range docs {
			if _, err := q.ExecContext(ctx, "INSERT INTO search_text (rowid, names, body, facets, doc) VALUES ($1, $2, $3, $4, $5)", x.id, x.doc.Names, x.doc.Body, facets[i], stored[i]); err != nil {
				return err
			}
		}
		for i, x := range docs {
			if _, err := q.ExecContext(ctx, "INSERT INTO search_names (rowid, names, facets, doc) VALUES ($1, $2, $3, $4)", x.id, x.doc.Names, facets[i], stored[i]); err != nil {
				return err
			}
		}
		return nil
	},
	remove: func(ctx context.Context, q querier, ids []int64) error {
		for _, table := range []string{"search_text", "search_names"} {
			for _, id := range ids {
				if _, err := q.ExecContext(ctx, "DELETE FROM "+table+" WHERE rowid = $1", id); err != nil {
					return err
				}
			}
		}
		return nil
	},
	// FTS5 answers a prefix of two to four letters from its prefix index,
	// newest first, stopping when it has enough. A longer prefix it must
	// first merge the documents of every word it begins, however many:
	// looked up instead as those words ("ombudsman" OR "ombudsmanin"),
	// it stops early again. The vocabulary says which words there are,
	// and how many documents hold them, in one read of the index.
	word: func(ctx context.Context, q querier, w string) (indexWord, error) {
		prefix := ftsString(w) + "*"
		rows, err := q.QueryContext(ctx, "SELECT term, doc FROM search_vocab WHERE term >= $1 AND term < $2", w, w+"\U0010FFFF")
		if err != nil {
			return indexWord{}, err
		}
		defer rows.Close()
		var terms []string
		docs := 0
		for rows.Next() {
			var term string
			var n int
			if err := rows.Scan(&term, &n); err != nil {
				return indexWord{}, err
			}
			terms = append(terms, ftsString(term))
			docs += n
		}
		if err := rows.Err(); err != nil {
			return indexWord{}, err
		}
		match := prefix
		switch {
		case len(terms) == 0:
			match = ftsString(w) // found nowhere
		case utf8.RuneCountInString(w) > 4 && len(terms) <= maxExpansion:
			match = "(" + strings.Join(terms, " OR ") + ")"
		}
		return indexWord{match: match, docFreq: docs}, nil
	},
	candidates: func(q SearchQuery, words []indexWord, namesOnly bool, limit int) (string, []any) {
		var parts []string
		if namesOnly {
			// search_names is small: a prefix costs little there.
			for _, w := range q.Words {
				parts = append(parts, ftsString(w)+"*")
			}
		} else {
			for _, w := range words {
				parts = append(parts, w.match)
			}
		}
		match := "(" + strings.Join(parts, " AND ") + ")"
		var countries []string
		if q.Country != "" {
			countries = []string{q.Country}
		}
		if f := facetWords(q.Type, q.Year, q.Kind, q.Instrument, countries); f != "" {
			match += ` AND facets : ("` + strings.ReplaceAll(f, " ", `" "`) + `")`
		}
		if namesOnly {
			return fmt.Sprintf("SELECT rowid, names, doc FROM search_names WHERE search_names MATCH $1 ORDER BY rowid DESC LIMIT %d", limit), []any{match}
		}
		// The matches' ids come from the text index alone; their names
		// and facets are read from search_names, whose rows are a tenth
		// the size: reading them from search_text's own rows, the
		// longest, cost two thirds of a search on a network's registry.
		return fmt.Sprintf("SELECT rowid, names, doc FROM search_names WHERE rowid IN (SELECT rowid FROM search_text WHERE search_text MATCH $1 ORDER BY rowid DESC LIMIT %d) ORDER BY rowid DESC", limit), []any{match}
	},
	scan: func(rows *sql.Rows) (candidate, error) {
		var c candidate
		var doc string
		if err := rows.Scan(&c.DocID, &c.Names, &doc); err != nil {
			return c, err
		}
		f := strings.Split(doc, "\t")
		if len(f) != 6 {
			return c, fmt.Errorf("search document %d: %q is not a search document", c.DocID, doc)
		}
		c.row.RecordType, c.row.kind, c.row.instrument, c.row.ctry = f[0], f[3], f[4], f[5]
		var err1, err2 error
		c.row.RecordID, err1 = strconv.ParseInt(f[1], 10, 64)
		c.row.year, err2 = strconv.Atoi(f[2])
		if err := errors.Join(err1, err2); err != nil {
			return c, fmt.Errorf("search document %d: %w", c.DocID, err)
		}
		return c, nil
	},
}

// countryList is countries as search_docs.countries holds them: ' LT FR '.
func countryList(countries []string) string {
	if len(countries) == 0 {
		return ""
	}
	return " " + strings.Join(countries, " ") + " "
}

// ftsString quotes a word for FTS5's query language.
func ftsString(w string) string { return `"` + strings.ReplaceAll(w, `"`, `""`) + `"` }

// facetWords are the facets of a document as words of the index's facets
// column ("xtevent xy2011 xkstudyvisit xitaiex xclt"), letters and
// digits only, so that the tokenizer keeps each whole.
func facetWords(recordType string, year int, kind, instrument string, countries []string) string {
	var words []string
	add := func(prefix, v string) {
		if v == "" {
			return
		}
		// A value from a reader may hold anything; only letters and
		// digits of it reach the index's query language.
		word := strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				return r
			case r >= 'A' && r <= 'Z':
				return r + 'a' - 'A'
			}
			return -1
		}, v)
		words = append(words, prefix+word)
	}
	add("xt", recordType)
	if year != 0 {
		add("xy", strconv.Itoa(year))
	}
	add("xk", kind)
	add("xi", instrument)
	for _, c := range countries {
		add("xc", c)
	}
	return strings.Join(words, " ")
}

var postgresSearch = searcher{
	put: func(ctx context.Context, q querier, docs []indexedDoc) error {
		for _, x := range docs {
			if _, err := q.ExecContext(ctx, `UPDATE search_docs SET names = $2, body = $3, names_tsv = to_tsvector('simple', $2),
				tsv = setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B') WHERE id = $1`, x.id, x.doc.Names, x.doc.Body); err != nil {
				return err
			}
		}
		return nil
	},
	remove: func(context.Context, querier, []int64) error { return nil }, // the text is in the row
	word: func(ctx context.Context, q querier, w string) (indexWord, error) {
		word := indexWord{match: w + ":*"}
		err := q.QueryRowContext(ctx, fmt.Sprintf("SELECT COUNT(*) FROM (SELECT 1 FROM search_docs WHERE tsv @@ to_tsquery('simple', $1) LIMIT %d) found", maxDocFreq),
			word.match).Scan(&word.docFreq)
		return word, err
	},
	candidates: func(q SearchQuery, words []indexWord, namesOnly bool, limit int) (string, []any) {
		var parts []string
		column := "d.tsv"
		if namesOnly {
			column = "d.names_tsv"
			for _, w := range q.Words {
				parts = append(parts, w+":*")
			}
		} else {
			for _, w := range words {
				parts = append(parts, w.match)
			}
		}
		var w where
		w.add(column+" @@ to_tsquery('simple', ?)", strings.Join(parts, " & "))
		q.filter(&w)
		// When a word is in fewer than maxDocFreq documents, read them
		// from the index and sort them ("d.id + 0" hides the order's
		// index from the planner); when every word is in more, walk the
		// documents newest first, which soon finds enough. The planner
		// takes a tsquery's test for cheap and walks even for a word in
		// 2% of the documents: 1.1 s on a network's registry instead of
		// 20 ms.
		order := "d.id"
		for _, word := range words {
			if word.docFreq < maxDocFreq {
				order = "d.id + 0"
			}
		}
		return fmt.Sprintf("SELECT d.id, d.names, d.record_type, d.record_id, d.year, d.kind, d.instrument, d.countries FROM search_docs d%s ORDER BY %s DESC LIMIT %d",
			w.String(), order, limit), w.args
	},
	scan: func(rows *sql.Rows) (candidate, error) {
		var c candidate
		err := rows.Scan(&c.DocID, &c.Names, &c.row.RecordType, &c.row.RecordID, &c.row.year, &c.row.kind, &c.row.instrument, &c.row.ctry)
		return c, err
	},
}

// filter adds q's filters to a query over search_docs d.
func (q SearchQuery) filter(w *where) {
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
}

func (d *dialect) searcher() searcher {
	if d == postgresDialect {
		return postgresSearch
	}
	return sqliteSearch
}
