package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
)

const projectColumns = `id, slug, status, version, instrument, title, reference, funder_id, beneficiary_id, start_date, end_date,
	duration_months, duration_up_to, summary, budget_amount, budget_currency, sectors`

// projectRow scans a project row; the budget and flag need a little
// translation on their way in.
type projectRow struct {
	p        registry.Project
	upTo     int
	amount   string
	currency string
	sectors  string
}

func projectDest(r *projectRow) []any {
	p := &r.p
	return []any{&p.ID, &p.Slug, &p.Status, &p.Version, &p.Instrument, textCol{&p.Title}, &p.Reference, idCol{&p.FunderID}, idCol{&p.BeneficiaryID},
		dateCol{&p.Start}, dateCol{&p.End}, &p.DurationMonths, &r.upTo, textCol{&p.Summary}, &r.amount, &r.currency, &r.sectors}
}

func (r *projectRow) project() registry.Project {
	p := r.p
	p.DurationUpTo = r.upTo != 0
	p.Sectors = strings.Fields(r.sectors)
	if r.amount != "" {
		p.Budget = &registry.Money{Amount: r.amount, Currency: r.currency}
	}
	return p
}

// projectParts says how much of a project's work plan a read fills in.
type projectParts int

const (
	// wholeProject: the whole record, as it is written back.
	wholeProject projectParts = iota
	// withoutIndicators: all but the results' indicators and their
	// values, which the pages that list projects (the public portal)
	// never show; the values alone are most of a project's rows.
	withoutIndicators
)

// Project returns one project with its partners and components.
func (c Reader) Project(ctx context.Context, id int64) (*registry.Project, error) {
	return c.project(ctx, id, wholeProject)
}

// ProjectWithoutIndicators is Project for pages that show no indicators:
// its results carry none. Never save it back: that would delete them.
func (c Reader) ProjectWithoutIndicators(ctx context.Context, id int64) (*registry.Project, error) {
	return c.project(ctx, id, withoutIndicators)
}

func (c Reader) project(ctx context.Context, id int64, parts projectParts) (*registry.Project, error) {
	var row projectRow
	err := c.q.QueryRowContext(ctx, "SELECT "+projectColumns+" FROM projects WHERE id = $1", id).Scan(projectDest(&row)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, registry.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	p := row.project()
	return &p, c.loadProjectParts(ctx, []*registry.Project{&p}, parts)
}

// Projects lists projects by start date. Filters: Year (overlapping),
// Instrument, Country (the beneficiary's, a partner's or an expert
// country), Partner (funders).
func (c Reader) Projects(ctx context.Context, f Filter) (Page[registry.Project], error) {
	return c.projectPage(ctx, projectWhere(f), f, wholeProject)
}

// ProjectsWithoutIndicators is Projects for pages that show no
// indicators: the results carry none. Never save them back: that would
// delete them.
func (c Reader) ProjectsWithoutIndicators(ctx context.Context, f Filter) (Page[registry.Project], error) {
	return c.projectPage(ctx, projectWhere(f), f, withoutIndicators)
}

// CountProjects counts the projects Projects would list.
func (c Reader) CountProjects(ctx context.Context, f Filter) (int, error) {
	return c.count(ctx, "projects", projectWhere(f))
}

func projectWhere(f Filter) where {
	var w where
	if f.Year != 0 {
		w.yearRange("start_date", "end_date", f.Year)
	}
	if f.Instrument != "" {
		w.add("instrument = ?", f.Instrument)
	}
	if f.Country != "" {
		w.add(`(beneficiary_id IN (SELECT id FROM institutions WHERE country = ?)
			OR id IN (SELECT project_id FROM project_partners WHERE country = ?)
			OR id IN (SELECT project_id FROM project_expert_countries WHERE country = ?))`, f.Country, f.Country, f.Country)
	}
	if len(f.Partner) > 0 {
		w.add("funder_id IN ("+repeat("?", len(f.Partner))+")", int64Args(f.Partner)...)
	}
	if f.InstitutionID != 0 {
		w.add("(funder_id = ? OR beneficiary_id = ? OR id IN (SELECT project_id FROM project_partners WHERE institution_id = ?))", f.InstitutionID, f.InstitutionID, f.InstitutionID)
	}
	w.common(f, "title", "reference", "slug")
	return w
}

func (c Reader) projectPage(ctx context.Context, w where, f Filter, parts projectParts) (Page[registry.Project], error) {
	col := sortColumn(f, "start_date", map[string]string{"date": "start_date", "updated": "updated_at"})
	order := w.keyset(f, col, "id")
	rows, err := c.q.QueryContext(ctx, "SELECT "+col+", id, "+projectColumns+" FROM projects"+w.String()+order, w.args...)
	if err != nil {
		return Page[registry.Project]{}, err
	}
	raw, err := scanPage(rows, f, projectDest)
	if err != nil {
		return Page[registry.Project]{}, err
	}
	page := Page[registry.Project]{Next: raw.Next, Items: make([]registry.Project, len(raw.Items))}
	for i := range raw.Items {
		page.Items[i] = raw.Items[i].project()
	}
	return page, c.loadProjectParts(ctx, pointers(page.Items), parts)
}

// ProjectsByID loads the projects with these ids, with their parts.
func (c Reader) ProjectsByID(ctx context.Context, ids []int64) (map[int64]*registry.Project, error) {
	return c.projectsByID(ctx, ids, wholeProject)
}

// ProjectsByIDWithoutIndicators is ProjectsByID for pages that show no
// indicators: the results carry none. Never save them back: that would
// delete them.
func (c Reader) ProjectsByIDWithoutIndicators(ctx context.Context, ids []int64) (map[int64]*registry.Project, error) {
	return c.projectsByID(ctx, ids, withoutIndicators)
}

func (c Reader) projectsByID(ctx context.Context, ids []int64, parts projectParts) (map[int64]*registry.Project, error) {
	rows, err := byIDs(ctx, c, projects, projectColumns, ids, projectDest)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*registry.Project, len(rows))
	list := make([]*registry.Project, len(rows))
	for i, row := range rows {
		p := row.project()
		out[p.ID], list[i] = &p, &p
	}
	return out, c.loadProjectParts(ctx, list, parts)
}

// loadProjectParts fills programmes, partners, expert countries and
// components of several projects with one query per part.
func (c Reader) loadProjectParts(ctx context.Context, list []*registry.Project, parts projectParts) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[int64]*registry.Project{}
	ids := make([]int64, len(list))
	for i, p := range list {
		byID[p.ID], ids[i] = p, p.ID
		p.ProgrammeIDs, p.Partners, p.ExpertCountries, p.Components = nil, nil, nil, nil
	}
	progs, err := c.idList(ctx, "project_programmes", "project_id", "programme_id", ids)
	if err != nil {
		return err
	}
	for id, l := range progs {
		byID[id].ProgrammeIDs = l
	}
	for _, part := range chunks(ids, maxParams) {
		in, args := placeholders(1, len(part)), int64Args(part)
		err := c.eachRow(ctx, "SELECT project_id, institution_id, country, role FROM project_partners WHERE project_id IN ("+in+") ORDER BY project_id, position", args, func(rows *sql.Rows) error {
			var pid int64
			var pp registry.ProjectPartner
			if err := rows.Scan(&pid, idCol{&pp.InstitutionID}, &pp.Country, &pp.Role); err != nil {
				return err
			}
			byID[pid].Partners = append(byID[pid].Partners, pp)
			return nil
		})
		if err != nil {
			return err
		}
		err = c.eachRow(ctx, "SELECT project_id, country FROM project_expert_countries WHERE project_id IN ("+in+") ORDER BY project_id, position", args, func(rows *sql.Rows) error {
			var pid int64
			var country string
			if err := rows.Scan(&pid, &country); err != nil {
				return err
			}
			byID[pid].ExpertCountries = append(byID[pid].ExpertCountries, country)
			return nil
		})
		if err != nil {
			return err
		}
		err = c.eachRow(ctx, "SELECT project_id, number, title FROM project_components WHERE project_id IN ("+in+") ORDER BY project_id, position", args, func(rows *sql.Rows) error {
			var pid int64
			var comp registry.Component
			if err := rows.Scan(&pid, &comp.Number, textCol{&comp.Title}); err != nil {
				return err
			}
			byID[pid].Components = append(byID[pid].Components, comp)
			return nil
		})
		if err != nil {
			return err
		}
		component := func(pid int64, n int) *registry.Component {
			p := byID[pid]
			if i := slices.IndexFunc(p.Components, func(c registry.Component) bool { return c.Number == n }); i >= 0 {
				return &p.Components[i]
			}
			return nil
		}
		err = c.eachRow(ctx, "SELECT project_id, component_number, title FROM component_results WHERE project_id IN ("+in+") ORDER BY project_id, component_number, position", args, func(rows *sql.Rows) error {
			var pid int64
			var n int
			var res registry.Result
			if err := rows.Scan(&pid, &n, textCol{&res.Title}); err != nil {
				return err
			}
			if comp := component(pid, n); comp != nil {
				comp.Results = append(comp.Results, res)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if parts == wholeProject {
			if err := c.loadIndicators(ctx, in, args, component); err != nil {
				return err
			}
		}
		err = c.eachRow(ctx, "SELECT project_id, component_number, code, title, status, planned_start, planned_end, actual_start, actual_end, planned_expert_days, note FROM component_activities WHERE project_id IN ("+in+") ORDER BY project_id, component_number, position", args, func(rows *sql.Rows) error {
			var pid int64
			var n int
			var a registry.Activity
			if err := rows.Scan(&pid, &n, &a.Code, textCol{&a.Title}, &a.Status, dateCol{&a.PlannedStart}, dateCol{&a.PlannedEnd},
				dateCol{&a.ActualStart}, dateCol{&a.ActualEnd}, optIntCol{&a.PlannedExpertDays}, textCol{&a.Note}); err != nil {
				return err
			}
			if comp := component(pid, n); comp != nil {
				comp.Activities = append(comp.Activities, a)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// eachRow runs a query and calls fn for every row.
func (c Reader) eachRow(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := c.q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (tx *Tx) CreateProject(ctx context.Context, p *registry.Project) ([]registry.FieldError, error) {
	return tx.saveProject(ctx, p, true)
}

func (tx *Tx) UpdateProject(ctx context.Context, p *registry.Project) ([]registry.FieldError, error) {
	return tx.saveProject(ctx, p, false)
}

func (tx *Tx) saveProject(ctx context.Context, p *registry.Project, create bool) ([]registry.FieldError, error) {
	before, err := prepare(ctx, tx, projects, p, create, tx.Project)
	if err != nil {
		return nil, err
	}
	r := registry.NewReport()
	p.Check(r)
	refs := []ref{{"funder_id", institutions, p.FunderID}, {"beneficiary_id", institutions, p.BeneficiaryID}}
	for i, id := range p.ProgrammeIDs {
		refs = append(refs, ref{fmt.Sprintf("programme_ids[%d]", i), programmes, id})
	}
	for i, pp := range p.Partners {
		refs = append(refs, ref{fmt.Sprintf("partners[%d].institution_id", i), institutions, pp.InstitutionID})
	}
	if err := tx.checkRefs(ctx, r, refs); err != nil {
		return nil, err
	}
	if err := tx.fillPartnerCountries(ctx, r, p); err != nil {
		return nil, err
	}
	if before != nil {
		if err := tx.checkComponentsStillHeld(ctx, r, p); err != nil {
			return nil, err
		}
	}
	if err := tx.assignSlug(ctx, r, projects, p.ID, &p.Slug, p.Title.String()); err != nil {
		return nil, err
	}
	if err := r.Err(); err != nil {
		return *r.Warnings, err
	}
	var amount, currency string
	if p.Budget != nil {
		amount, currency = p.Budget.Amount, p.Budget.Currency
	}
	if unchanged(before, p) {
		return *r.Warnings, nil
	}
	err = writeRecord(ctx, tx, projects, p, before,
		[]string{"slug", "instrument", "title", "reference", "funder_id", "beneficiary_id", "start_date", "end_date", "duration_months", "duration_up_to", "summary", "budget_amount", "budget_currency", "sectors"},
		[]any{p.Slug, p.Instrument, textArg(p.Title), p.Reference, idArg(p.FunderID), idArg(p.BeneficiaryID), p.Start.String(), p.End.String(),
			p.DurationMonths, boolArg(p.DurationUpTo), textArg(p.Summary), amount, currency, strings.Join(p.Sectors, " ")})
	if err != nil {
		return nil, err
	}
	if before != nil {
		// The project's events take its instrument and funder where
		// they have none of their own.
		if _, err := tx.q.ExecContext(ctx, `UPDATE events SET
			resolved_instrument = CASE WHEN instrument <> '' THEN instrument ELSE $2 END,
			resolved_funder_id = COALESCE(funder_id, $3) WHERE project_id = $1`, p.ID, p.Instrument, idArg(p.FunderID)); err != nil {
			return nil, err
		}
	}
	if err := tx.writeProjectParts(ctx, p); err != nil {
		return nil, err
	}
	return *r.Warnings, logChange(ctx, tx, projects, before, p)
}

// fillPartnerCountries takes a partner's country from its institution
// and refuses a country that contradicts it.
func (tx *Tx) fillPartnerCountries(ctx context.Context, r *registry.Report, p *registry.Project) error {
	var ids []int64
	for _, pp := range p.Partners {
		ids = append(ids, pp.InstitutionID)
	}
	insts, err := tx.InstitutionsByID(ctx, ids)
	if err != nil {
		return err
	}
	for i := range p.Partners {
		pp := &p.Partners[i]
		in := insts[pp.InstitutionID]
		switch {
		case in == nil:
		case pp.Country == "":
			pp.Country = in.Country
		case in.Country != pp.Country:
			r.Error(fmt.Sprintf("partners[%d].country", i), pp.Country, "contradicts institution %d, which is in %s; leave the country out or correct it", in.ID, in.Country)
		}
	}
	return nil
}

// checkComponentsStillHeld refuses to remove a component that events
// were recorded under, or an activity events carried out (or to move
// it to another component than theirs).
func (tx *Tx) checkComponentsStillHeld(ctx context.Context, r *registry.Report, p *registry.Project) error {
	rows, err := tx.q.QueryContext(ctx, "SELECT DISTINCT component_number, activity_code, id FROM events WHERE project_id = $1 AND component_number IS NOT NULL ORDER BY component_number, activity_code, id", p.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		var code string
		var event int64
		if err := rows.Scan(&n, &code, &event); err != nil {
			return err
		}
		if !p.HasComponent(n) {
			r.Error("components", n, "drops component %d, which event %d was recorded under; move the event first", n, event)
			continue
		}
		if code == "" {
			continue
		}
		switch a, in := p.Activity(code); {
		case a == nil:
			r.Error("components", code, "drops activity %s, which event %d carried out; change the event's activity first", code, event)
		case in != n:
			r.Error("components", code, "moves activity %s to component %d, but event %d carried it out under component %d; change the event first", code, in, event, n)
		}
	}
	return rows.Err()
}

// writeProjectParts replaces a project's lists. Components are updated in
// place, not deleted and re-added, because events refer to them.
func (tx *Tx) writeProjectParts(ctx context.Context, p *registry.Project) error {
	if err := tx.replaceIDList(ctx, "project_programmes", "project_id", "programme_id", p.ID, p.ProgrammeIDs); err != nil {
		return err
	}
	exec := func(query string, args ...any) error {
		_, err := tx.q.ExecContext(ctx, query, args...)
		return err
	}
	if err := exec("DELETE FROM project_partners WHERE project_id = $1", p.ID); err != nil {
		return err
	}
	for i, pp := range p.Partners {
		if err := exec("INSERT INTO project_partners (project_id, position, institution_id, country, role) VALUES ($1, $2, $3, $4, $5)",
			p.ID, i, idArg(pp.InstitutionID), pp.Country, pp.Role); err != nil {
			return err
		}
	}
	if err := exec("DELETE FROM project_expert_countries WHERE project_id = $1", p.ID); err != nil {
		return err
	}
	for i, c := range p.ExpertCountries {
		if err := exec("INSERT INTO project_expert_countries (project_id, position, country) VALUES ($1, $2, $3)", p.ID, i, c); err != nil {
			return err
		}
	}
	kept := make([]int64, 0, len(p.Components))
	for _, c := range p.Components {
		kept = append(kept, int64(c.Number))
	}
	drop := "DELETE FROM project_components WHERE project_id = $1"
	if len(kept) > 0 {
		drop += " AND number NOT IN (" + placeholders(2, len(kept)) + ")"
	}
	if err := exec(drop, append([]any{p.ID}, int64Args(kept)...)...); err != nil {
		return err
	}
	for i, c := range p.Components {
		if err := exec(`INSERT INTO project_components (project_id, number, position, title) VALUES ($1, $2, $3, $4)
			ON CONFLICT (project_id, number) DO UPDATE SET position = excluded.position, title = excluded.title`,
			p.ID, c.Number, i, textArg(c.Title)); err != nil {
			return err
		}
		// Deleting a component's results deletes their indicators and
		// values too (ON DELETE CASCADE); all are written again.
		if err := exec("DELETE FROM component_results WHERE project_id = $1 AND component_number = $2", p.ID, c.Number); err != nil {
			return err
		}
		for j, res := range c.Results {
			if err := exec("INSERT INTO component_results (project_id, component_number, position, title) VALUES ($1, $2, $3, $4)",
				p.ID, c.Number, j, textArg(res.Title)); err != nil {
				return err
			}
		}
		if err := tx.writeIndicators(ctx, p.ID, c); err != nil {
			return err
		}
		if err := exec("DELETE FROM component_activities WHERE project_id = $1 AND component_number = $2", p.ID, c.Number); err != nil {
			return err
		}
		rows := make([][]any, len(c.Activities))
		for j, a := range c.Activities {
			rows[j] = []any{p.ID, c.Number, j, a.Code, textArg(a.Title), a.Status, a.PlannedStart.String(), a.PlannedEnd.String(),
				a.ActualStart.String(), a.ActualEnd.String(), optIntArg(a.PlannedExpertDays), textArg(a.Note)}
		}
		if err := tx.insertRows(ctx, "component_activities", []string{"project_id", "component_number", "position", "code", "title", "status",
			"planned_start", "planned_end", "actual_start", "actual_end", "planned_expert_days", "note"}, rows); err != nil {
			return err
		}
	}
	return nil
}

// DeleteProject deletes a project no event was recorded under.
func (tx *Tx) DeleteProject(ctx context.Context, id int64) error {
	return deleteRecord(ctx, tx, projects, id, []holder{
		{"SELECT id FROM events WHERE project_id = $1", "event"},
		{"SELECT id FROM documents WHERE owner_type = 'project' AND owner_id = $1", "document"},
	}, tx.Project)
}

// repeat returns n copies of s joined by ", ".
func repeat(s string, n int) string {
	out := make([]byte, 0, n*(len(s)+2))
	for i := range n {
		if i > 0 {
			out = append(out, ", "...)
		}
		out = append(out, s...)
	}
	return string(out)
}
