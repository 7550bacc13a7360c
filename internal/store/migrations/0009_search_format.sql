-- The format the search index was last built with (store.SearchVersion):
-- one row. It is the index's own bookkeeping, not the site's settings, so
-- that recording it leaves a new registry empty to migrate-db and restore,
-- which copy rows only into an empty registry, count them (settings
-- included) and build the target's index themselves.
CREATE TABLE search_format (
    version INTEGER NOT NULL
);
