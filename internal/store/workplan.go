package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/workplan"
)

// Work plans and results: a component's results' indicators and their
// values (migration 0006), and the aggregate the dashboards and reports
// read.

// loadIndicators fills the indicators, with their values, of the results
// already loaded for the projects in the query's IN list: two queries
// whatever the number of indicators.
func (c Reader) loadIndicators(ctx context.Context, in string, args []any, component func(pid int64, n int) *registry.Component) error {
	result := func(pid int64, n, pos int) *registry.Result {
		if comp := component(pid, n); comp != nil && pos >= 0 && pos < len(comp.Results) {
			return &comp.Results[pos]
		}
		return nil
	}
	err := c.eachRow(ctx, `SELECT project_id, component_number, result_position, code, title, unit, baseline, baseline_date, target, target_date,
		source_of_verification, note FROM result_indicators WHERE project_id IN (`+in+`) ORDER BY project_id, component_number, result_position, position`, args,
		func(rows *sql.Rows) error {
			var pid int64
			var n, pos int
			var ind registry.Indicator
			if err := rows.Scan(&pid, &n, &pos, &ind.Code, textCol{&ind.Title}, &ind.Unit, &ind.Baseline, dateCol{&ind.BaselineDate},
				&ind.Target, dateCol{&ind.TargetDate}, textCol{&ind.SourceOfVerification}, textCol{&ind.Note}); err != nil {
				return err
			}
			if res := result(pid, n, pos); res != nil {
				res.Indicators = append(res.Indicators, ind)
			}
			return nil
		})
	if err != nil {
		return err
	}
	return c.eachRow(ctx, `SELECT project_id, component_number, result_position, indicator_position, period, value, note
		FROM indicator_values WHERE project_id IN (`+in+`) ORDER BY project_id, component_number, result_position, indicator_position, position`, args,
		func(rows *sql.Rows) error {
			var pid int64
			var n, pos, ipos int
			var v registry.IndicatorValue
			if err := rows.Scan(&pid, &n, &pos, &ipos, &v.Period, &v.Value, textCol{&v.Note}); err != nil {
				return err
			}
			if res := result(pid, n, pos); res != nil && ipos >= 0 && ipos < len(res.Indicators) {
				res.Indicators[ipos].Values = append(res.Indicators[ipos].Values, v)
			}
			return nil
		})
}

// writeIndicators inserts the indicators and values of a component's
// results, whose rows writeProjectParts has just replaced (deleting a
// result deletes its indicators and their values).
func (tx *Tx) writeIndicators(ctx context.Context, projectID int64, c registry.Component) error {
	var inds, vals [][]any
	for r, res := range c.Results {
		for i, ind := range res.Indicators {
			inds = append(inds, []any{projectID, c.Number, r, i, ind.Code, textArg(ind.Title), ind.Unit, ind.Baseline, ind.BaselineDate.String(),
				ind.Target, ind.TargetDate.String(), textArg(ind.SourceOfVerification), textArg(ind.Note)})
			for k, v := range ind.Values {
				vals = append(vals, []any{projectID, c.Number, r, i, k, v.Period, v.Value, textArg(v.Note)})
			}
		}
	}
	if err := tx.insertRows(ctx, "result_indicators", []string{"project_id", "component_number", "result_position", "position", "code", "title", "unit",
		"baseline", "baseline_date", "target", "target_date", "source_of_verification", "note"}, inds); err != nil {
		return err
	}
	return tx.insertRows(ctx, "indicator_values", []string{"project_id", "component_number", "result_position", "indicator_position", "position",
		"period", "value", "note"}, vals)
}

// insertRows inserts rows in statements of many rows.
func (tx *Tx) insertRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	return tx.replaceRows(ctx, table, "", 0, true, cols, rows)
}

// optIntCol scans a nullable integer into nil for none: a number not
// known, which must not read as zero.
type optIntCol struct{ n **int }

func (c optIntCol) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*c.n = nil
	if n.Valid {
		v := int(n.Int64)
		*c.n = &v
	}
	return nil
}

// optIntArg is an optional number as a column value: NULL for nil, and
// 0 for a known zero.
func optIntArg(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}

// ProjectWorkplan returns the work plan of a project as of a day (see
// workplan.Build): the project with its components, results, indicators
// and activities, every event recorded under it with its participants,
// and the figures made from them. With status registry.Published only
// published events count (for public pages and open data); with "" all
// do (the staff workspace). It reads a fixed number of queries whatever
// the size of the plan: the project's parts, then its events and their
// participants, from one snapshot when c is a View's Reader.
func (c Reader) ProjectWorkplan(ctx context.Context, projectID int64, asOf time.Time, status registry.Status) (*workplan.Plan, error) {
	plans, err := c.ProjectWorkplans(ctx, []int64{projectID}, asOf, status)
	if err != nil {
		return nil, err
	}
	plan := plans[projectID]
	if plan == nil {
		return nil, registry.ErrNotFound
	}
	return plan, nil
}

// ProjectWorkplans is ProjectWorkplan for several projects at once, in
// the same fixed number of queries (per 500 projects); projects that do
// not exist are left out of the map.
func (c Reader) ProjectWorkplans(ctx context.Context, projectIDs []int64, asOf time.Time, status registry.Status) (map[int64]*workplan.Plan, error) {
	projects, err := c.ProjectsByID(ctx, projectIDs)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(projects))
	for id := range projects {
		ids = append(ids, id)
	}
	byProject := map[int64][]registry.Event{}
	for _, part := range chunks(ids, maxParams) {
		query := "SELECT " + eventColumns + " FROM events WHERE project_id IN (" + placeholders(1, len(part)) + ")"
		args := int64Args(part)
		if status != "" {
			query += " AND status = $" + strconv.Itoa(len(part)+1)
			args = append(args, string(status))
		}
		rows, err := c.q.QueryContext(ctx, query+" ORDER BY start_date, id", args...)
		if err != nil {
			return nil, err
		}
		var list []*registry.Event
		for rows.Next() {
			e := new(registry.Event)
			if err := rows.Scan(eventDest(e)...); err != nil {
				rows.Close()
				return nil, err
			}
			list = append(list, e)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, err
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := c.loadParticipants(ctx, list); err != nil {
			return nil, err
		}
		for _, e := range list {
			byProject[e.ProjectID] = append(byProject[e.ProjectID], *e)
		}
	}
	out := make(map[int64]*workplan.Plan, len(projects))
	for id, p := range projects {
		out[id] = workplan.Build(p, byProject[id], asOf)
	}
	return out, nil
}
