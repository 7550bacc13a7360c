package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/search"
)

// The search index holds a document for every published record, kept in
// step by every write (reindex). The full-text part is the database's
// own: FTS5 on SQLite, a tsvector on PostgreSQL (see searcher).

// pendingSearch holds a transaction's changes to the full-text index
// until it ends. FTS5 keeps the terms of the rows written to it in memory
// and writes them out as one segment at commit, but a statement savepoint
// (any later INSERT into a table with constraints) makes it write what it
// holds as a segment of its own, which it must then merge: written one
// record at a time, the index cost a third of an import. Written
// together at the end, a transaction makes one segment.
type pendingSearch struct {
	docs    map[int64]search.Doc // by search_docs id
	order   []int64              // ids of docs in the order written
	removed []int64              // documents to take out of the text index
}

// indexedDoc is a search document with its id in search_docs.
type indexedDoc struct {
	id  int64
	doc search.Doc
}

// reindex brings the search document of one record up to date: written
// when the record is published, removed otherwise. rec is the record as
// just written, when the caller has it (nil to read it); isNew says no
// document can exist yet. The document's row is written now, its text
// when the transaction ends (flushSearch).
func (tx *Tx) reindex(ctx context.Context, t recordType, id int64, rec any, isNew bool) error {
	tx.searchChanged = true
	var docID int64
	err := sql.ErrNoRows
	if !isNew {
		err = tx.q.QueryRowContext(ctx, "SELECT id FROM search_docs WHERE record_type = $1 AND record_id = $2", t.noun, id).Scan(&docID)
	}
	switch {
	case err == nil:
		if _, pending := tx.search.docs[docID]; pending {
			delete(tx.search.docs, docID) // never written to the text index
		} else {
			tx.search.removed = append(tx.search.removed, docID)
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
	err = tx.q.QueryRowContext(ctx, `INSERT INTO search_docs (record_type, record_id, year, kind, instrument, countries) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		doc.RecordType, doc.RecordID, doc.Year, doc.Kind, doc.Instrument, countryList(doc.Countries)).Scan(&docID)
	if err != nil {
		return err
	}
	if tx.search.docs == nil {
		tx.search.docs = map[int64]search.Doc{}
	}
	tx.search.docs[docID] = doc
	tx.search.order = append(tx.search.order, docID)
	return nil
}

// flushSearch writes the transaction's pending changes to the text index:
// removals first, then the documents still current, in the order they
// were written.
func (tx *Tx) flushSearch(ctx context.Context) error {
	p := &tx.search
	if len(p.removed) == 0 && len(p.docs) == 0 {
		return nil
	}
	s := tx.dialect.searcher()
	if len(p.removed) > 0 {
		if err := s.remove(ctx, tx.q, p.removed); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	docs := make([]indexedDoc, 0, len(p.docs))
	for _, id := range p.order {
		if d, ok := p.docs[id]; ok {
			docs = append(docs, indexedDoc{id, d})
		}
	}
	if err := s.put(ctx, tx.q, docs); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	*p = pendingSearch{}
	return nil
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
		if err := tx.loadNamesOf(ctx, in); err != nil {
			return doc, false, err
		}
		doc, status = search.Institution(in, names), in.Status
	case people:
		p, err := given(rec, func() (*registry.Person, error) { return tx.Person(ctx, id) })
		if p == nil || err != nil {
			return doc, false, err
		}
		names.People[p.ID] = p
		if err := tx.loadNamesOf(ctx, p); err != nil {
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
		if err := tx.loadNamesOf(ctx, p); err != nil {
			return doc, false, err
		}
		doc, status = search.Partnership(p, names), p.Status
	case projects:
		p, err := given(rec, func() (*registry.Project, error) { return tx.Project(ctx, id) })
		if p == nil || err != nil {
			return doc, false, err
		}
		names.Projects[p.ID] = p
		if err := tx.loadNamesOf(ctx, p); err != nil {
			return doc, false, err
		}
		doc, status = search.Project(p, names), p.Status
	case events:
		e, err := given(rec, func() (*registry.Event, error) { return tx.Event(ctx, id) })
		if e == nil || err != nil {
			return doc, false, err
		}
		if err := tx.loadNamesOf(ctx, e); err != nil {
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
		if err := tx.loadNamesOf(ctx, p); err != nil {
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

// nameRefs are the records search documents name besides their own.
type nameRefs struct{ insts, persons, projs, progs []int64 }

// add adds the records the document of rec names (see searchDoc).
func (r *nameRefs) add(rec any) {
	switch x := rec.(type) {
	case *registry.Institution:
		r.insts = append(r.insts, x.ParentID)
	case *registry.Person:
		for _, af := range x.Affiliations {
			r.insts = append(r.insts, af.InstitutionID)
		}
	case *registry.Partnership:
		r.insts = append(r.insts, x.PartnerID)
	case *registry.Project:
		r.insts = append(r.insts, x.BeneficiaryID)
		for _, pp := range x.Partners {
			r.insts = append(r.insts, pp.InstitutionID)
		}
		r.progs = append(r.progs, x.ProgrammeIDs...)
	case *registry.Event:
		for _, pt := range x.Participants {
			r.insts = append(r.insts, pt.InstitutionID)
			r.persons = append(r.persons, pt.PersonID)
		}
		r.projs = append(r.projs, x.ProjectID)
	case *registry.Publication:
		r.insts = append(r.insts, x.PublisherID)
	}
}

// loadNamesOf reads into the transaction's memo the records that the
// documents of recs name.
func (tx *Tx) loadNamesOf(ctx context.Context, recs ...any) error {
	var r nameRefs
	for _, rec := range recs {
		r.add(rec)
	}
	return tx.loadNames(ctx, r.insts, r.persons, r.projs, r.progs)
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

// rebuildChunk is how many records RebuildSearch reads and indexes at
// once. Each chunk's records, and the records they name, are read in a few
// queries (not several per record), and its documents written out before
// the next: held to the end, a network's registry (330,000 records) took
// 3.3 GB. FTS5 makes a segment per chunk and merges them as it goes.
const rebuildChunk = maxParams

// RebuildSearch rebuilds the whole search index from the records.
func (tx *Tx) RebuildSearch(ctx context.Context) error {
	ids, err := tx.queryIDs(ctx, "SELECT id FROM search_docs")
	if err != nil {
		return err
	}
	if err := tx.flushSearch(ctx); err != nil {
		return err
	}
	if err := tx.dialect.searcher().remove(ctx, tx.q, ids); err != nil {
		return err
	}
	if _, err := tx.q.ExecContext(ctx, "DELETE FROM search_docs"); err != nil {
		return err
	}
	for _, t := range []recordType{institutions, people, programmes, partnerships, projects, events, publications} {
		ids, err := tx.queryIDs(ctx, "SELECT id FROM "+t.table+" WHERE status = 'published' ORDER BY id")
		if err != nil {
			return err
		}
		for _, part := range chunks(ids, rebuildChunk) {
			recs, err := tx.recordsByID(ctx, t, part)
			if err != nil {
				return err
			}
			list := make([]any, 0, len(recs))
			for _, rec := range recs {
				list = append(list, rec)
			}
			if err := tx.loadNamesOf(ctx, list...); err != nil {
				return err
			}
			for _, id := range part {
				if err := tx.reindex(ctx, t, id, recs[id], true); err != nil {
					return err
				}
			}
			if err := tx.flushSearch(ctx); err != nil {
				return err
			}
			clear(tx.names.Institutions)
			clear(tx.names.People)
			clear(tx.names.Projects)
			clear(tx.names.Programmes)
		}
	}
	return nil
}

// recordsByID reads the records of one type with these ids, for
// RebuildSearch; partnerships, which are few, are left to reindex to read.
func (tx *Tx) recordsByID(ctx context.Context, t recordType, ids []int64) (map[int64]any, error) {
	out := map[int64]any{}
	var err error
	switch t {
	case institutions:
		err = into(out, tx.InstitutionsByID)(ctx, ids)
	case people:
		err = into(out, tx.PeopleByID)(ctx, ids)
	case programmes:
		err = into(out, tx.ProgrammesByID)(ctx, ids)
	case projects:
		err = into(out, tx.ProjectsByID)(ctx, ids)
	case events:
		err = into(out, tx.EventsByID)(ctx, ids)
	case publications:
		err = into(out, tx.PublicationsByID)(ctx, ids)
	}
	return out, err
}

// into runs a ByID loader, putting what it reads into out.
func into[T any](out map[int64]any, load func(context.Context, []int64) (map[int64]*T, error)) func(context.Context, []int64) error {
	return func(ctx context.Context, ids []int64) error {
		m, err := load(ctx, ids)
		for id, rec := range m {
			out[id] = rec
		}
		return err
	}
}
