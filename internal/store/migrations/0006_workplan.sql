-- Work plans and results (see docs/data-model.md): a component's
-- activities gain their status, planned and actual dates, planned
-- expert-days and a note; its results gain indicators, with their values
-- per reporting period; an event names the activity it carried out; an
-- expert's participation in a mission carries their working days.
-- Unknown numbers stay unknown: planned_expert_days and working_days are
-- NULL when not given, and indicator values '' (never 0).

ALTER TABLE component_activities ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE component_activities ADD COLUMN planned_start TEXT NOT NULL DEFAULT '';
ALTER TABLE component_activities ADD COLUMN planned_end TEXT NOT NULL DEFAULT '';
ALTER TABLE component_activities ADD COLUMN actual_start TEXT NOT NULL DEFAULT '';
ALTER TABLE component_activities ADD COLUMN actual_end TEXT NOT NULL DEFAULT '';
ALTER TABLE component_activities ADD COLUMN planned_expert_days INTEGER;
ALTER TABLE component_activities ADD COLUMN note TEXT NOT NULL DEFAULT '{}';

-- A result's indicators, in order. Baseline, target and values are
-- decimal strings as entered.
CREATE TABLE result_indicators (
    project_id INTEGER NOT NULL,
    component_number INTEGER NOT NULL,
    result_position INTEGER NOT NULL,
    position INTEGER NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    baseline TEXT NOT NULL DEFAULT '',
    baseline_date TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    target_date TEXT NOT NULL DEFAULT '',
    source_of_verification TEXT NOT NULL DEFAULT '{}',
    note TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (project_id, component_number, result_position, position),
    FOREIGN KEY (project_id, component_number, result_position) REFERENCES component_results (project_id, component_number, position) ON DELETE CASCADE
);

-- An indicator's actual values, one per reporting period ("2025-Q3").
CREATE TABLE indicator_values (
    project_id INTEGER NOT NULL,
    component_number INTEGER NOT NULL,
    result_position INTEGER NOT NULL,
    indicator_position INTEGER NOT NULL,
    position INTEGER NOT NULL,
    period TEXT NOT NULL,
    value TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (project_id, component_number, result_position, indicator_position, position),
    FOREIGN KEY (project_id, component_number, result_position, indicator_position)
        REFERENCES result_indicators (project_id, component_number, result_position, position) ON DELETE CASCADE
);

-- The activity of the event's component it carried out ('' for none).
ALTER TABLE events ADD COLUMN activity_code TEXT NOT NULL DEFAULT '';
CREATE INDEX events_project_activity ON events (project_id, activity_code) WHERE activity_code <> '';

-- An expert's working days on a mission; NULL when not known.
ALTER TABLE participants ADD COLUMN working_days INTEGER;
