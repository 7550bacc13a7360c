-- When each record was first published, for the feed of newly published
-- records. It is set by the store on the write that first makes a record
-- published and kept from then on, through later edits and even when the
-- record is taken back to draft and published again: the record was news
-- once. '' for a record never published. The time is UTC with
-- microseconds, of fixed width ("2026-11-28T12:00:00.000000Z"), so that it
-- sorts as text and records published within the same second keep their
-- order.
-- Records published before this migration take the time of their last
-- change, the best that is known.

ALTER TABLE institutions ADD COLUMN published_at TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN published_at TEXT NOT NULL DEFAULT '';
ALTER TABLE programmes ADD COLUMN published_at TEXT NOT NULL DEFAULT '';
ALTER TABLE partnerships ADD COLUMN published_at TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN published_at TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN published_at TEXT NOT NULL DEFAULT '';
ALTER TABLE publications ADD COLUMN published_at TEXT NOT NULL DEFAULT '';

UPDATE institutions SET published_at = substr(updated_at, 1, 19) || '.000000Z' WHERE status = 'published' AND updated_at <> '';
UPDATE people SET published_at = substr(updated_at, 1, 19) || '.000000Z' WHERE status = 'published' AND updated_at <> '';
UPDATE programmes SET published_at = substr(updated_at, 1, 19) || '.000000Z' WHERE status = 'published' AND updated_at <> '';
UPDATE partnerships SET published_at = substr(updated_at, 1, 19) || '.000000Z' WHERE status = 'published' AND updated_at <> '';
UPDATE projects SET published_at = substr(updated_at, 1, 19) || '.000000Z' WHERE status = 'published' AND updated_at <> '';
UPDATE events SET published_at = substr(updated_at, 1, 19) || '.000000Z' WHERE status = 'published' AND updated_at <> '';
UPDATE publications SET published_at = substr(updated_at, 1, 19) || '.000000Z' WHERE status = 'published' AND updated_at <> '';

-- The newest published records of each type, read from these alone.
CREATE INDEX institutions_published ON institutions (published_at, id) WHERE status = 'published';
CREATE INDEX people_published ON people (published_at, id) WHERE status = 'published';
CREATE INDEX programmes_published ON programmes (published_at, id) WHERE status = 'published';
CREATE INDEX partnerships_published ON partnerships (published_at, id) WHERE status = 'published';
CREATE INDEX projects_published ON projects (published_at, id) WHERE status = 'published';
CREATE INDEX events_published ON events (published_at, id) WHERE status = 'published';
CREATE INDEX publications_published ON publications (published_at, id) WHERE status = 'published';
