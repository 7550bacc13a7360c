-- The dashboards' "most engaged" rankings count, per person and per
-- institution, the events of every participation, read in order from
-- these indexes alone (Reader.engaged). They replace the indexes on
-- person_id and on institution_id, which served "the events of a person"
-- and "of an institution" and still do: a participation written costs
-- the same two index entries as before.
DROP INDEX participants_person;
CREATE INDEX participants_person_events ON participants (person_id, event_id);
DROP INDEX participants_institution;
CREATE INDEX participants_institution_events ON participants (institution_id, event_id);

-- The events the public dashboard leaves out (drafts, events without a
-- date), few among many: the rankings subtract their participations
-- (Reader.engaged, whose condition is this one word for word).
CREATE INDEX events_left_out ON events (id) WHERE start_date = '' OR status <> 'published';
