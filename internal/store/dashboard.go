package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
)

// The figures of the dashboards and the projects' timeline
// (docs/dashboards.md): one query per figure, counted in SQL with GROUP
// BY, the same text on SQLite and PostgreSQL. Figures are kept per
// version of the registry (countCache), as the other counts are. The
// "most engaged" rankings first count the events the filter keeps, to
// choose how to count their participations (Reader.engaged).

// FigureFilter narrows the dashboards' figures and the timeline.
type FigureFilter struct {
	// Drafts counts draft records too (the staff dashboard); otherwise
	// only published records count, and only published records are named.
	Drafts bool
	// FromYear and ToYear bound the years (inclusive); 0 leaves a side open.
	FromYear, ToYear int
	// Instrument keeps the events and projects of one instrument.
	Instrument registry.Instrument
	// PartnerID keeps what an institution took part in: events it funded
	// (their own funder or their project's) or whose project it is a
	// partner, funder or beneficiary of; projects likewise.
	PartnerID int64
}

// YearInstrumentCount is the number of events of a year under one
// instrument ("" for none).
type YearInstrumentCount struct {
	Year       int
	Instrument registry.Instrument
	Events     int
}

// CountryCount is the number of projects a country takes part in, as a
// member-state partner or as the home of experts.
type CountryCount struct {
	Country  string
	Partner  int // projects with a partner of the country
	Experts  int // projects with experts from the country
	Projects int // projects with either (a project is counted once)
}

// Engaged is an institution or a person and the number of events they
// took part in.
type Engaged struct {
	ID     int64
	Slug   string
	Name   registry.Text    // an institution's name
	Person *registry.Person // a person's names (nil for an institution)
	Events int
}

// TimelineProject is a project as the timeline draws it.
type TimelineProject struct {
	ID             int64
	Slug           string
	Status         registry.Status
	Instrument     registry.Instrument
	Title          registry.Text
	Start, End     registry.Date
	DurationMonths int
	Components     []TimelineComponent
	Events         []TimelineEvent
}

// TimelineComponent is a component of a project on the timeline.
type TimelineComponent struct {
	Number int
	Title  registry.Text
}

// TimelineEvent is an event of a project, a mark on its row.
type TimelineEvent struct {
	ID              int64
	Slug            string
	Kind            registry.EventKind
	Title           registry.Text
	Start, End      registry.Date
	ComponentNumber int // 0 for the project as a whole
}

// yearBounds are the filter's years as the text bounds of ISO dates:
// from "2010" up to, not including, "2016".
func (f FigureFilter) yearBounds() (from, before string) {
	if f.FromYear > 0 {
		from = fmt.Sprintf("%04d", f.FromYear)
	}
	if f.ToYear > 0 {
		before = fmt.Sprintf("%04d", f.ToYear+1)
	}
	return
}

// eventConditions narrows events (alias e) by the filter.
func (f FigureFilter) eventConditions(w *where) {
	if !f.Drafts {
		w.add("e.status = 'published'")
	}
	w.add("e.start_date <> ''")
	f.narrowEvents(w)
}

// eventsLeftOut adds one condition that holds for the events (alias e)
// eventConditions leaves out. Without years, instrument or partner it
// is the condition of the index events_left_out (migration 8), word for
// word, so that the drafts and undated events are read from it alone.
func (f FigureFilter) eventsLeftOut(w *where) {
	out := []string{"e.start_date = ''"}
	if !f.Drafts {
		out = append(out, "e.status <> 'published'")
	}
	narrowed := where{args: w.args}
	f.narrowEvents(&narrowed)
	if len(narrowed.conds) > 0 {
		// The partner's condition is NULL, not false, for an event
		// without funder or project.
		out = append(out, "("+strings.Join(narrowed.conds, " AND ")+") IS NOT TRUE")
	}
	w.args = narrowed.args
	w.conds = append(w.conds, "("+strings.Join(out, " OR ")+")")
}

// narrowEvents adds the filter's years, instrument and partner.
func (f FigureFilter) narrowEvents(w *where) {
	from, before := f.yearBounds()
	if from != "" {
		w.add("e.start_date >= ?", from)
	}
	if before != "" {
		w.add("e.start_date < ?", before)
	}
	if f.Instrument != "" {
		w.add("e.resolved_instrument = ?", string(f.Instrument))
	}
	if f.PartnerID != 0 {
		w.add(`(e.resolved_funder_id = ? OR e.project_id IN (
			SELECT pp.project_id FROM project_partners pp WHERE pp.institution_id = ?
			UNION SELECT pj.id FROM projects pj WHERE pj.beneficiary_id = ?))`, f.PartnerID, f.PartnerID, f.PartnerID)
	}
}

// projectConditions narrows projects (alias p) by the filter. A project
// is in a range of years when it runs in any of them; a project whose
// start is not known is in no range, and one whose end is not known may
// still be running, so it is in every range from its start on.
func (f FigureFilter) projectConditions(w *where) {
	if !f.Drafts {
		w.add("p.status = 'published'")
	}
	from, before := f.yearBounds()
	if from != "" {
		w.add("p.start_date <> '' AND (p.end_date >= ? OR p.end_date = '')", from)
	}
	if before != "" {
		w.add("p.start_date <> '' AND p.start_date < ?", before)
	}
	if f.Instrument != "" {
		w.add("p.instrument = ?", string(f.Instrument))
	}
	if f.PartnerID != 0 {
		w.add(`(p.funder_id = ? OR p.beneficiary_id = ? OR p.id IN (
			SELECT pp.project_id FROM project_partners pp WHERE pp.institution_id = ?))`, f.PartnerID, f.PartnerID, f.PartnerID)
	}
}

// EventsByYear counts events per year of their start and instrument in
// effect, oldest year first.
func (c Reader) EventsByYear(ctx context.Context, f FigureFilter) ([]YearInstrumentCount, error) {
	var w where
	f.eventConditions(&w)
	query := `SELECT substr(e.start_date, 1, 4), e.resolved_instrument, COUNT(*) FROM events e
		` + w.String() + `
		GROUP BY substr(e.start_date, 1, 4), e.resolved_instrument
		ORDER BY substr(e.start_date, 1, 4), e.resolved_instrument`
	return cachedCount(ctx, c, countKey(query, w.args), func() ([]YearInstrumentCount, error) {
		var out []YearInstrumentCount
		err := c.eachRow(ctx, query, w.args, func(rows *sql.Rows) error {
			var y YearInstrumentCount
			var year, instrument string
			if err := rows.Scan(&year, &instrument, &y.Events); err != nil {
				return err
			}
			n, err := strconv.Atoi(year)
			if err != nil {
				return nil // not a year: nothing to chart
			}
			y.Year, y.Instrument = n, registry.Instrument(instrument)
			out = append(out, y)
			return nil
		})
		return out, err
	})
}

// ProjectCountries counts the projects each country takes part in, as
// a partner (the partner's own country, or else its institution's) or
// as the home of experts; most projects first, then by country code.
// A partner's country is the project's statement (the store keeps it
// with the project when the partner is saved), so a published project
// counts it even when the partner institution is still a draft.
func (c Reader) ProjectCountries(ctx context.Context, f FigureFilter) ([]CountryCount, error) {
	var w where
	w.add("x.country <> ''")
	f.projectConditions(&w)
	institutionVisible := "1 = 1"
	if !f.Drafts {
		institutionVisible = "i.status = 'published'"
	}
	query := `SELECT x.country, SUM(x.partner), SUM(x.expert), COUNT(DISTINCT x.project_id) FROM (
			SELECT pp.project_id, COALESCE(NULLIF(pp.country, ''), CASE WHEN ` + institutionVisible + ` THEN i.country END, '') AS country, 1 AS partner, 0 AS expert
			FROM project_partners pp LEFT JOIN institutions i ON i.id = pp.institution_id
			UNION
			SELECT ec.project_id, ec.country, 0, 1 FROM project_expert_countries ec
		) x JOIN projects p ON p.id = x.project_id
		` + w.String() + `
		GROUP BY x.country
		ORDER BY COUNT(DISTINCT x.project_id) DESC, x.country`
	return cachedCount(ctx, c, countKey(query, w.args), func() ([]CountryCount, error) {
		var out []CountryCount
		err := c.eachRow(ctx, query, w.args, func(rows *sql.Rows) error {
			var cc CountryCount
			if err := rows.Scan(&cc.Country, &cc.Partner, &cc.Experts, &cc.Projects); err != nil {
				return err
			}
			out = append(out, cc)
			return nil
		})
		return out, err
	})
}

// EngagedInstitutions are the institutions whose people took part in the
// most events (a participant's institution at the event), at most limit,
// most events first, then by name.
func (c Reader) EngagedInstitutions(ctx context.Context, f FigureFilter, limit int) ([]Engaged, error) {
	return c.engaged(ctx, f, limit, "institution_id", "institutions", "x.name", func(rows *sql.Rows) (Engaged, error) {
		var e Engaged
		err := rows.Scan(&e.ID, &e.Slug, textCol{&e.Name}, &e.Events)
		return e, err
	})
}

// EngagedPeople are the people who took part in the most events, at most
// limit, most events first, then by name.
func (c Reader) EngagedPeople(ctx context.Context, f FigureFilter, limit int) ([]Engaged, error) {
	return c.engaged(ctx, f, limit, "person_id", "people", "x.honorific, x.given_name, x.family_name, x.display_name", func(rows *sql.Rows) (Engaged, error) {
		p := &registry.Person{}
		var honorific string
		e := Engaged{Person: p}
		if err := rows.Scan(&e.ID, &e.Slug, &honorific, &p.GivenName, &p.FamilyName, textCol{&p.DisplayName}, &e.Events); err != nil {
			return e, err
		}
		p.ID, p.Slug, p.Honorific = e.ID, e.Slug, registry.Honorific(honorific)
		return e, nil
	})
}

// engaged ranks the records of table (institutions or people) by the
// events whose participations name them in column, counting each event
// once per record; names are read for the head of the ranking only.
//
// A network's registry has a million participations. Counting those of
// the events the filter keeps means reading each event's participants
// through the table: 1 to 11 s on SQLite when the filter keeps most
// events, as the dashboards without filters do. Every participation is
// instead counted from the index on (column, event_id) alone, in its
// order (0.1 to 0.2 s), less the participations of the few events the
// filter leaves out (drafts, events without a date). When the filter
// keeps fewer events than it leaves out, theirs are counted directly.
func (c Reader) engaged(ctx context.Context, f FigureFilter, limit int, column, table, names string, scan func(*sql.Rows) (Engaged, error)) ([]Engaged, error) {
	most, err := c.keepsMostEvents(ctx, f)
	if err != nil {
		return nil, err
	}
	// The participations of the events the conditions keep, per record.
	// The events are read first: CROSS JOIN keeps SQLite to that order,
	// where it might walk the index on (column, event_id) and look up
	// every participation's event instead (6 s for the people).
	participations := func(w where) string {
		return `SELECT pa.` + column + ` AS id, COUNT(DISTINCT pa.event_id) AS n
			FROM events e CROSS JOIN participants pa` + w.String() + ` AND pa.event_id = e.id
			GROUP BY pa.` + column
	}
	var w where
	var ranked string
	if most {
		f.eventsLeftOut(&w)
		ranked = `SELECT total.id, total.n - COALESCE(left_out.n, 0) AS n FROM (
				SELECT pa.` + column + ` AS id, COUNT(DISTINCT pa.event_id) AS n FROM participants pa GROUP BY pa.` + column + `
			) total LEFT JOIN (` + participations(w) + `) left_out ON left_out.id = total.id`
	} else {
		f.eventConditions(&w)
		ranked = participations(w)
	}
	// Names are read for the head of the ranking only: the records
	// counted at least as many events as the one at place limit+1, one
	// place further for each record that may not be shown (drafts,
	// publicly). Besides those and the group of participations without
	// an institution (which names none), the head holds limit records to
	// show, so none below it could be among the first limit.
	hidden, visible := "0", ""
	if !f.Drafts {
		hidden = "(SELECT COUNT(*) FROM " + table + ") - (SELECT COUNT(*) FROM " + table + " WHERE status = 'published')"
		visible = " AND x.status = 'published'"
	}
	args := append(append([]any(nil), w.args...), limit)
	limitArg := "$" + strconv.Itoa(len(args))
	query := `WITH ranked AS MATERIALIZED (` + ranked + `)
		SELECT x.id, x.slug, ` + names + `, r.n FROM ranked r JOIN ` + table + ` x ON x.id = r.id
		WHERE r.n > 0 AND r.n >= COALESCE((SELECT n FROM ranked ORDER BY n DESC LIMIT 1 OFFSET ` + limitArg + ` + ` + hidden + `), 0)` + visible + `
		ORDER BY r.n DESC, x.sort_key, x.id
		LIMIT ` + limitArg
	return cachedCount(ctx, c, countKey(query, args), func() ([]Engaged, error) {
		var out []Engaged
		err := c.eachRow(ctx, query, args, func(rows *sql.Rows) error {
			e, err := scan(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
		return out, err
	})
}

// keepsMostEvents says whether the filter keeps more than half of all
// events: whether the rankings count better every participation less
// those of the events left out. It chooses a way of counting, not the
// figures, so it is told roughly and from indexes alone: the newest id
// stands for the number of events; without years, instrument or
// partner, the few events left out are counted (from their own index);
// with them, the events in those, drafts or not.
func (c Reader) keepsMostEvents(ctx context.Context, f FigureFilter) (bool, error) {
	var w where
	kept := ""
	if f.FromYear == 0 && f.ToYear == 0 && f.Instrument == "" && f.PartnerID == 0 {
		f.eventsLeftOut(&w)
		kept = `(SELECT COALESCE(MAX(id), 0) FROM events) - (SELECT COUNT(*) FROM events e` + w.String() + `)`
	} else {
		f.narrowEvents(&w)
		kept = `(SELECT COUNT(*) FROM events e` + w.String() + `)`
	}
	query := `SELECT ` + kept + `, (SELECT COALESCE(MAX(id), 0) FROM events)`
	return cachedCount(ctx, c, countKey(query, w.args), func() (bool, error) {
		var keep, all int
		err := c.q.QueryRowContext(ctx, query, w.args...).Scan(&keep, &all)
		return 2*keep > all, err
	})
}

// MaxTimelineRows bounds one page of the timeline.
const MaxTimelineRows = 200

// TimelineProjects is a page of the projects the filter keeps, ordered by
// start (projects whose start is not known last), with their components
// and their events within the filter's years; and how many projects the
// filter keeps in all.
func (c Reader) TimelineProjects(ctx context.Context, f FigureFilter, limit, offset int) ([]TimelineProject, int, error) {
	limit = min(max(limit, 1), MaxTimelineRows)
	offset = max(offset, 0)
	var w where
	f.projectConditions(&w)
	var total int
	countQuery := "SELECT COUNT(*) FROM projects p" + w.String()
	total, err := cachedCount(ctx, c, countKey(countQuery, w.args), func() (int, error) {
		var n int
		err := c.q.QueryRowContext(ctx, countQuery, w.args...).Scan(&n)
		return n, err
	})
	if err != nil {
		return nil, 0, err
	}
	args := append(append([]any(nil), w.args...), limit, offset)
	var out []TimelineProject
	byID := map[int64]int{}
	err = c.eachRow(ctx, `SELECT p.id, p.slug, p.status, p.instrument, p.title, p.start_date, p.end_date, p.duration_months
		FROM projects p`+w.String()+`
		ORDER BY p.start_date = '', p.start_date, p.id
		LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args, func(rows *sql.Rows) error {
		var p TimelineProject
		var status, instrument string
		if err := rows.Scan(&p.ID, &p.Slug, &status, &instrument, textCol{&p.Title}, dateCol{&p.Start}, dateCol{&p.End}, &p.DurationMonths); err != nil {
			return err
		}
		p.Status, p.Instrument = registry.Status(status), registry.Instrument(instrument)
		byID[p.ID] = len(out)
		out = append(out, p)
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, total, err
	}
	ids := make([]any, 0, len(out))
	marks := make([]string, 0, len(out))
	for _, p := range out {
		ids = append(ids, p.ID)
		marks = append(marks, "$"+strconv.Itoa(len(ids)))
	}
	in := "(" + strings.Join(marks, ", ") + ")"
	err = c.eachRow(ctx, `SELECT project_id, number, title FROM project_components
		WHERE project_id IN `+in+` ORDER BY project_id, position`, ids, func(rows *sql.Rows) error {
		var id int64
		var comp TimelineComponent
		if err := rows.Scan(&id, &comp.Number, textCol{&comp.Title}); err != nil {
			return err
		}
		p := &out[byID[id]]
		p.Components = append(p.Components, comp)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	ev := where{args: ids}
	ev.add("e.project_id IN " + in)
	if !f.Drafts {
		ev.add("e.status = 'published'")
	}
	from, before := f.yearBounds()
	if from != "" {
		ev.add("e.start_date >= ?", from)
	}
	if before != "" {
		ev.add("e.start_date < ?", before)
	}
	err = c.eachRow(ctx, `SELECT e.project_id, e.id, e.slug, e.kind, e.title, e.start_date, e.end_date, e.component_number
		FROM events e`+ev.String()+` AND e.start_date <> ''
		ORDER BY e.project_id, e.start_date, e.id`, ev.args, func(rows *sql.Rows) error {
		var id int64
		var e TimelineEvent
		var kind string
		if err := rows.Scan(&id, &e.ID, &e.Slug, &kind, textCol{&e.Title}, dateCol{&e.Start}, dateCol{&e.End}, intCol{&e.ComponentNumber}); err != nil {
			return err
		}
		e.Kind = registry.EventKind(kind)
		p := &out[byID[id]]
		p.Events = append(p.Events, e)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// PartnerBySlug is the partner institution of the partnership with the
// slug, or the institution with the slug: what a dashboard's partner
// filter names. Publicly, only a published partnership or institution.
func (c Reader) PartnerBySlug(ctx context.Context, slug string, drafts bool) (int64, error) {
	status := " AND status = 'published'"
	if drafts {
		status = ""
	}
	var id int64
	err := c.q.QueryRowContext(ctx, `SELECT partner_id FROM partnerships WHERE slug = $1`+status, slug).Scan(&id)
	if err == sql.ErrNoRows {
		err = c.q.QueryRowContext(ctx, `SELECT id FROM institutions WHERE slug = $1`+status, slug).Scan(&id)
	}
	if err == sql.ErrNoRows {
		return 0, registry.ErrNotFound
	}
	return id, err
}

// ProjectsWithIndicators are the projects the filter keeps that have
// indicators, at most limit, by start: the projects whose indicator
// progress the dashboards show (see ProjectWorkplans for the figures).
func (c Reader) ProjectsWithIndicators(ctx context.Context, f FigureFilter, limit int) ([]int64, error) {
	var w where
	f.projectConditions(&w)
	w.add("p.id IN (SELECT ri.project_id FROM result_indicators ri)")
	w.args = append(w.args, limit)
	query := `SELECT p.id FROM projects p` + w.String() + `
		ORDER BY p.start_date = '', p.start_date, p.id LIMIT $` + strconv.Itoa(len(w.args))
	return cachedCount(ctx, c, countKey(query, w.args), func() ([]int64, error) {
		var out []int64
		err := c.eachRow(ctx, query, w.args, func(rows *sql.Rows) error {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out = append(out, id)
			return nil
		})
		return out, err
	})
}
