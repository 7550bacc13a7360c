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

-- The words, folded already: the tokenizer needs only split them.
CREATE VIRTUAL TABLE search_text USING fts5(names, body, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4');
