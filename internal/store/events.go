package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/liaison-registry/liaison/internal/registry"
)

const eventColumns = "id, slug, status, version, kind, title, start_date, end_date, country, city, instrument, project_id, component_number, activity_code, funder_id, summary"

func eventDest(e *registry.Event) []any {
	return []any{&e.ID, &e.Slug, &e.Status, &e.Version, &e.Kind, textCol{&e.Title}, dateCol{&e.Start}, dateCol{&e.End}, &e.Country, textCol{&e.City},
		&e.Instrument, idCol{&e.ProjectID}, intCol{&e.Component}, &e.Activity, idCol{&e.FunderID}, textCol{&e.Summary}}
}

// Event returns one event with its participants.
func (c Reader) Event(ctx context.Context, id int64) (*registry.Event, error) {
	var e registry.Event
	err := c.q.QueryRowContext(ctx, "SELECT "+eventColumns+" FROM events WHERE id = $1", id).Scan(eventDest(&e)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, registry.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &e, c.loadParticipants(ctx, []*registry.Event{&e})
}

// Events lists events by start date. Filters: Year (overlapping), Kind,
// NotKind, Instrument (the event's, or its project's when it has none),
// Country (where it took place, or a participant's institution's
// country), ProjectID, Partner (the event's funder, or its project's).
func (c Reader) Events(ctx context.Context, f Filter) (Page[registry.Event], error) {
	col := sortColumn(f, "start_date", map[string]string{"date": "start_date", "updated": "updated_at"})
	if f.Country != "" {
		var err error
		if f.commonCountry, err = c.countryIsCommon(ctx, f.Country); err != nil {
			return Page[registry.Event]{}, err
		}
	}
	query, args, err := c.listQuery(ctx, f, eventList, col)
	if err != nil {
		return Page[registry.Event]{}, err
	}
	rows, err := c.q.QueryContext(ctx, query, args...)
	if err != nil {
		return Page[registry.Event]{}, err
	}
	page, err := scanPage(rows, f, eventDest)
	if err != nil {
		return page, err
	}
	return page, c.loadParticipants(ctx, pointers(page.Items))
}

// eventWhere builds the conditions of Events and CountEvents.
var eventList = listSpec{table: "events", columns: eventColumns, startCol: "start_date", endCol: "end_date", where: eventWhere}

func eventWhere(f Filter) where {
	var w where
	if f.Year != 0 {
		w.yearRange("start_date", "end_date", f.Year)
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.Instrument != "" {
		w.add("resolved_instrument = ?", f.Instrument)
	}
	if f.Country != "" {
		// Which is cheaper depends on how many take part from the
		// country (see countryIsCommon): the events of a few, gathered
		// first; or, for a country of thousands, each event the other
		// conditions leave asked whether someone came from it.
		if f.commonCountry {
			w.add(`(country = ? OR EXISTS (SELECT 1 FROM participants p JOIN institutions i ON i.id = p.institution_id WHERE p.event_id = events.id AND i.country = ?))`, f.Country, f.Country)
		} else {
			w.add(`(country = ? OR id IN (SELECT p.event_id FROM participants p JOIN institutions i ON i.id = p.institution_id WHERE i.country = ?))`, f.Country, f.Country)
		}
	}
	if f.NotKind != "" {
		w.add("kind <> ?", f.NotKind)
	}
	if f.ProjectID != 0 {
		w.add("project_id = ?", f.ProjectID)
	}
	if f.PersonID != 0 {
		w.add("id IN (SELECT event_id FROM participants WHERE person_id = ?)", f.PersonID)
	}
	if f.InstitutionID != 0 {
		w.add("(resolved_funder_id = ? OR id IN (SELECT event_id FROM participants WHERE institution_id = ?))", f.InstitutionID, f.InstitutionID)
	}
	w.common(f, "title", "slug")
	if len(f.Partner) > 0 {
		w.add("resolved_funder_id IN ("+repeat("?", len(f.Partner))+")", int64Args(f.Partner)...)
	}
	return w
}

// countryIsCommon says whether more than a few thousand take part in
// events from the country (kept per registry version): the events of
// such a country are too many to gather before the other conditions.
func (c Reader) countryIsCommon(ctx context.Context, country string) (bool, error) {
	const query = "SELECT COUNT(*) FROM (SELECT 1 FROM participants p JOIN institutions i ON i.id = p.institution_id WHERE i.country = $1 LIMIT 2001) AS p"
	return cachedCount(ctx, c, countKey(query, []any{country}), func() (bool, error) {
		var n int
		err := c.q.QueryRowContext(ctx, query, country).Scan(&n)
		return n > 2000, err
	})
}

// CountEvents counts the events Events would list, all pages together.
func (c Reader) CountEvents(ctx context.Context, f Filter) (int, error) {
	return c.count(ctx, "events", eventWhere(f))
}

func (c Reader) loadParticipants(ctx context.Context, list []*registry.Event) error {
	byID := map[int64]*registry.Event{}
	ids := make([]int64, len(list))
	for i, e := range list {
		byID[e.ID], ids[i] = e, e.ID
		e.Participants = nil
	}
	for _, part := range chunks(ids, maxParams) {
		err := c.eachRow(ctx, "SELECT event_id, person_id, role, title, institution_id, working_days FROM participants WHERE event_id IN ("+
			placeholders(1, len(part))+") ORDER BY event_id, position", int64Args(part), func(rows *sql.Rows) error {
			var eid int64
			var p registry.Participant
			if err := rows.Scan(&eid, &p.PersonID, &p.Role, textCol{&p.Title}, idCol{&p.InstitutionID}, optIntCol{&p.WorkingDays}); err != nil {
				return err
			}
			byID[eid].Participants = append(byID[eid].Participants, p)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) CreateEvent(ctx context.Context, e *registry.Event) ([]registry.FieldError, error) {
	return tx.saveEvent(ctx, e, true)
}

func (tx *Tx) UpdateEvent(ctx context.Context, e *registry.Event) ([]registry.FieldError, error) {
	return tx.saveEvent(ctx, e, false)
}

func (tx *Tx) saveEvent(ctx context.Context, e *registry.Event, create bool) ([]registry.FieldError, error) {
	before, err := prepare(ctx, tx, events, e, create, tx.Event)
	if err != nil {
		return nil, err
	}
	r := registry.NewReport()
	e.Check(r)
	refs := []ref{{"project_id", projects, e.ProjectID}, {"funder_id", institutions, e.FunderID}}
	for i, p := range e.Participants {
		refs = append(refs,
			ref{fmt.Sprintf("participants[%d].person_id", i), people, p.PersonID},
			ref{fmt.Sprintf("participants[%d].institution_id", i), institutions, p.InstitutionID})
	}
	if err := tx.checkRefs(ctx, r, refs); err != nil {
		return nil, err
	}
	resolvedInstrument, resolvedFunder := e.Instrument, e.FunderID
	if r.OK() && e.ProjectID != 0 {
		if err := tx.loadNames(ctx, nil, nil, []int64{e.ProjectID}, nil); err != nil {
			return nil, err
		}
		project := tx.names.Projects[e.ProjectID]
		if project == nil {
			return nil, registry.ErrNotFound
		}
		if resolvedInstrument == "" {
			resolvedInstrument = project.Instrument
		}
		if resolvedFunder == 0 {
			resolvedFunder = project.FunderID
		}
		if e.Component != 0 && !project.HasComponent(e.Component) {
			r.Error("component", e.Component, "is not a component of project %d; expected one of its component numbers", e.ProjectID)
		} else if e.Activity != "" {
			switch a, in := project.Activity(e.Activity); {
			case a == nil:
				r.Error("activity", e.Activity, "is not an activity of project %d; expected the code of one of its activities", e.ProjectID)
			case in != e.Component:
				r.Error("activity", e.Activity, "is an activity of component %d, not of component %d", in, e.Component)
			}
		}
		if e.Instrument != "" && e.Instrument != project.Instrument {
			r.Warn("instrument", string(e.Instrument), "differs from the instrument of project %d (%s)", e.ProjectID, project.Instrument)
		}
	}
	base := e.Start.String() + " " + e.Title.String()
	if e.Title.IsZero() {
		base = e.Start.String() + " " + string(e.Kind)
	}
	if err := tx.assignSlug(ctx, r, events, e.ID, &e.Slug, base); err != nil {
		return nil, err
	}
	if err := r.Err(); err != nil {
		return *r.Warnings, err
	}
	if unchanged(before, e) {
		return *r.Warnings, nil
	}
	err = writeRecord(ctx, tx, events, e, before,
		[]string{"slug", "kind", "title", "start_date", "end_date", "country", "city", "instrument", "project_id", "component_number", "activity_code", "funder_id", "summary", "resolved_instrument", "resolved_funder_id"},
		[]any{e.Slug, e.Kind, textArg(e.Title), e.Start.String(), e.End.String(), e.Country, textArg(e.City), e.Instrument,
			idArg(e.ProjectID), intArg(e.Component), e.Activity, idArg(e.FunderID), textArg(e.Summary), resolvedInstrument, idArg(resolvedFunder)})
	if err != nil {
		return nil, err
	}
	rows := make([][]any, len(e.Participants))
	for i, p := range e.Participants {
		rows[i] = []any{e.ID, i, p.PersonID, p.Role, textArg(p.Title), idArg(p.InstitutionID), optIntArg(p.WorkingDays)}
	}
	if err := tx.replaceRows(ctx, "participants", "event_id", e.ID, before == nil,
		[]string{"event_id", "position", "person_id", "role", "title", "institution_id", "working_days"}, rows); err != nil {
		return nil, err
	}
	return *r.Warnings, logChange(ctx, tx, events, before, e)
}

// DeleteEvent deletes an event and its participations.
func (tx *Tx) DeleteEvent(ctx context.Context, id int64) error {
	return deleteRecord(ctx, tx, events, id, []holder{
		{"SELECT id FROM documents WHERE owner_type = 'event' AND owner_id = $1", "document"},
	}, tx.Event)
}

// EventsByID loads the events with these ids, with their participants.
func (c Reader) EventsByID(ctx context.Context, ids []int64) (map[int64]*registry.Event, error) {
	list, err := byIDs(ctx, c, events, eventColumns, ids, eventDest)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*registry.Event, len(list))
	for _, e := range list {
		out[e.ID] = e
	}
	return out, c.loadParticipants(ctx, list)
}
