-- The registry's records. Texts in several languages are JSON objects
-- keyed by language ({"en": "...", "az": "..."}); dates are ISO 8601 at the
-- precision known ("2011", "2011-10", "2011-10-28") and '' when unknown, so
-- that they sort and compare as text. Child rows keep their list order in
-- "position". Records are never deleted while something refers to them
-- (ON DELETE RESTRICT); rows a record owns go with it (CASCADE).
-- Every record has a status (draft or published: only published records
-- are public), a version that each write increments (an edit made on an
-- older version is refused) and the time of its last change.

CREATE TABLE institutions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    acronym TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    parent_id INTEGER REFERENCES institutions (id) ON DELETE RESTRICT,
    website TEXT NOT NULL DEFAULT ''
);
CREATE INDEX institutions_sort ON institutions (sort_key, id);
CREATE INDEX institutions_parent ON institutions (parent_id);
CREATE INDEX institutions_country ON institutions (country);

CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL DEFAULT '',
    honorific TEXT NOT NULL DEFAULT '',
    given_name TEXT NOT NULL DEFAULT '',
    family_name TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '{}',
    sort_key TEXT NOT NULL
);
CREATE INDEX people_sort ON people (sort_key, id);

CREATE TABLE affiliations (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    institution_id INTEGER NOT NULL REFERENCES institutions (id) ON DELETE RESTRICT,
    role TEXT NOT NULL DEFAULT '{}',
    start_date TEXT NOT NULL DEFAULT '',
    end_date TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (person_id, position)
);
CREATE INDEX affiliations_institution ON affiliations (institution_id);

CREATE TABLE programmes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    sort_key TEXT NOT NULL,
    acronym TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES institutions (id) ON DELETE RESTRICT,
    description TEXT NOT NULL DEFAULT '{}',
    start_date TEXT NOT NULL DEFAULT '',
    end_date TEXT NOT NULL DEFAULT ''
);
CREATE INDEX programmes_sort ON programmes (sort_key, id);
CREATE INDEX programmes_owner ON programmes (owner_id);

CREATE TABLE partnerships (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL DEFAULT '',
    partner_id INTEGER NOT NULL REFERENCES institutions (id) ON DELETE RESTRICT,
    title TEXT NOT NULL,
    introduction TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX partnerships_partner ON partnerships (partner_id);

CREATE TABLE partnership_programmes (
    partnership_id INTEGER NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE RESTRICT,
    PRIMARY KEY (partnership_id, position)
);
CREATE INDEX partnership_programmes_programme ON partnership_programmes (programme_id);

CREATE TABLE projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL DEFAULT '',
    instrument TEXT NOT NULL,
    title TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    funder_id INTEGER REFERENCES institutions (id) ON DELETE RESTRICT,
    beneficiary_id INTEGER REFERENCES institutions (id) ON DELETE RESTRICT,
    start_date TEXT NOT NULL DEFAULT '',
    end_date TEXT NOT NULL DEFAULT '',
    duration_months INTEGER NOT NULL DEFAULT 0,
    duration_up_to INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL DEFAULT '{}',
    budget_amount TEXT NOT NULL DEFAULT '',
    budget_currency TEXT NOT NULL DEFAULT ''
);
CREATE INDEX projects_start ON projects (start_date, id);
CREATE INDEX projects_funder ON projects (funder_id, status, start_date, id, instrument);
CREATE INDEX projects_beneficiary ON projects (beneficiary_id);
CREATE INDEX projects_instrument ON projects (instrument, start_date, id);

CREATE TABLE project_programmes (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    programme_id INTEGER NOT NULL REFERENCES programmes (id) ON DELETE RESTRICT,
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_programmes_programme ON project_programmes (programme_id);

CREATE TABLE project_partners (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    institution_id INTEGER REFERENCES institutions (id) ON DELETE RESTRICT,
    country TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_partners_institution ON project_partners (institution_id);
CREATE INDEX project_partners_country ON project_partners (country);

CREATE TABLE project_expert_countries (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    country TEXT NOT NULL,
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_expert_countries_country ON project_expert_countries (country);

CREATE TABLE project_components (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (project_id, number)
);

CREATE TABLE component_results (
    project_id INTEGER NOT NULL,
    component_number INTEGER NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (project_id, component_number, position),
    FOREIGN KEY (project_id, component_number) REFERENCES project_components (project_id, number) ON DELETE CASCADE
);

CREATE TABLE component_activities (
    project_id INTEGER NOT NULL,
    component_number INTEGER NOT NULL,
    position INTEGER NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    PRIMARY KEY (project_id, component_number, position),
    FOREIGN KEY (project_id, component_number) REFERENCES project_components (project_id, number) ON DELETE CASCADE
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '{}',
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '{}',
    instrument TEXT NOT NULL DEFAULT '',
    project_id INTEGER REFERENCES projects (id) ON DELETE RESTRICT,
    component_number INTEGER,
    funder_id INTEGER REFERENCES institutions (id) ON DELETE RESTRICT,
    summary TEXT NOT NULL DEFAULT '{}',
    -- The instrument and funder in effect: the event's own, or else its
    -- project's. Kept by the store on every event and project write, so
    -- that "events funded by the EU" is one indexed column, not a join.
    resolved_instrument TEXT NOT NULL DEFAULT '',
    resolved_funder_id INTEGER,
    FOREIGN KEY (project_id, component_number) REFERENCES project_components (project_id, number) ON DELETE RESTRICT
);
CREATE INDEX events_start ON events (start_date, id);
CREATE INDEX events_project ON events (project_id, start_date, id);
-- A partner's published events, newest first, and their counts by kind
-- and by instrument, all read from these two indexes alone.
CREATE INDEX events_funder ON events (resolved_funder_id, status, start_date, id, kind);
CREATE INDEX events_funder_instrument ON events (resolved_funder_id, status, resolved_instrument);
CREATE INDEX events_kind ON events (kind, start_date, id);
CREATE INDEX events_instrument ON events (resolved_instrument, start_date, id);
CREATE INDEX events_country ON events (country, start_date, id);

CREATE TABLE participants (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    role TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '{}',
    institution_id INTEGER REFERENCES institutions (id) ON DELETE RESTRICT,
    PRIMARY KEY (event_id, position)
);
CREATE INDEX participants_person ON participants (person_id);
CREATE INDEX participants_institution ON participants (institution_id);

CREATE TABLE publications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    venue TEXT NOT NULL DEFAULT '',
    publisher_id INTEGER REFERENCES institutions (id) ON DELETE RESTRICT,
    title TEXT NOT NULL DEFAULT '{}',
    pub_date TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    item_count INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX publications_date ON publications (pub_date, id);
CREATE INDEX publications_publisher ON publications (publisher_id, status, pub_date, id);
CREATE INDEX publications_kind ON publications (kind, pub_date, id);
