-- Site settings, and the search index. The index holds one document per
-- published record: its folded names and words (package fold), and the
-- facets it is counted under. SQLite searches it with FTS5.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    record_type TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    year INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT '',
    instrument TEXT NOT NULL DEFAULT '',
    -- The countries it involves, as ' LT FR ' (spaces around each code).
    countries TEXT NOT NULL DEFAULT '',
    UNIQUE (record_type, record_id)
);
CREATE INDEX search_docs_year ON search_docs (year);

-- The words, folded already: the tokenizer needs only split them. The
-- facets are words too ("xtevent xy2011 xclt"), so that a filter narrows
-- the search inside the index. search_vocab lists the words and counts
-- their documents. search_names holds the names again, on their own: a
-- word found in a few names and many other texts is found in the names
-- without reading where else it is.
-- Each also holds what a hit shows and is counted under (doc), as
-- search_docs does, so that a search reads nothing else.
CREATE VIRTUAL TABLE search_text USING fts5(names, body, facets, doc UNINDEXED, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4');
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_text, 'row');
CREATE VIRTUAL TABLE search_names USING fts5(names, facets, doc UNINDEXED, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4');
