package iati

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/fold"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/slug"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/twinning"
)

// ImportOptions configure an import.
type ImportOptions struct {
	// OrgRef is the reporting-organisation identifier the registry
	// exports under; an activity identifier beginning with it names the
	// project by the rest. The configured one when empty.
	OrgRef string
	DryRun bool
}

// ImportResult reports what an import did (or, dry, would do).
type ImportResult struct {
	Activities []ActivityReport `json:"activities"`
	// Created lists the institutions and programmes the file named that
	// the registry did not have; they are drafts, for staff to review.
	Created []string `json:"created,omitempty"`
	// NotMapped counts, per IATI element or attribute, what the registry
	// has no place for and left out.
	NotMapped map[string]int `json:"not_mapped,omitempty"`
}

// ActivityReport is what became of one activity.
type ActivityReport struct {
	Line       int    `json:"line"`
	Identifier string `json:"identifier"`
	Project    string `json:"project"` // the project's slug
	// Action is "create", "update" or "unchanged".
	Action string `json:"action"`
	// Mapped names the project fields the activity gave.
	Mapped []string `json:"mapped"`
	// Notes are what was guessed or left out of this activity.
	Notes []string `json:"notes,omitempty"`
}

// Counts says how many activities each action took.
func (r *ImportResult) Counts() map[string]int {
	out := map[string]int{}
	for _, a := range r.Activities {
		out[a.Action]++
	}
	return out
}

// ImportError is a file whose activities the registry refuses, each
// problem with its activity and field.
type ImportError struct {
	Problems []registry.FieldError
}

func (e *ImportError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = "  " + p.String()
	}
	return fmt.Sprintf("%d problem(s), nothing was imported:\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

// Import reads an IATI activities file into projects, all in one
// transaction: every activity or, when any is refused, none. A project is
// matched by the activity's identifier (Liaison's own exports carry the
// slug); new projects, and the institutions and programmes they name
// that the registry lacks, are created as drafts.
func Import(ctx context.Context, st *store.Store, r io.Reader, opt ImportOptions) (*ImportResult, error) {
	acts, err := decodeFile(r)
	if err != nil {
		return nil, err
	}
	if opt.OrgRef == "" {
		err := st.View(ctx, func(rd *store.Reader) error {
			opt.OrgRef, _, err = OrgRef(ctx, rd, "")
			return err
		})
		if err != nil && !errors.Is(err, ErrNoOrgRef) {
			return nil, err
		}
	}
	res := &ImportResult{NotMapped: map[string]int{}}
	write := func(tx *store.Tx) error {
		im := &importer{ctx: ctx, tx: tx, opt: opt, res: res, insts: map[string]int64{}, progs: map[string]int64{}}
		for i, a := range acts {
			if err := im.activity(i, a); err != nil {
				return err
			}
		}
		if len(im.problems) > 0 {
			return &ImportError{Problems: im.problems}
		}
		return nil
	}
	if opt.DryRun {
		err = st.DryRun(ctx, write)
	} else {
		err = st.Transact(ctx, write)
	}
	if err != nil {
		return nil, err
	}
	if len(res.NotMapped) == 0 {
		res.NotMapped = nil
	}
	return res, nil
}

type importer struct {
	ctx      context.Context
	tx       *store.Tx
	opt      ImportOptions
	res      *ImportResult
	problems []registry.FieldError
	// insts and progs remember what this import matched or created, by
	// the key it was found under, so that one organisation named by many
	// activities becomes one record.
	insts map[string]int64
	progs map[string]int64
}

// mapped are the elements of an activity import reads; every other
// child is counted as not mapped.
var mapped = []string{"iati-identifier", "reporting-org", "title", "description", "participating-org", "other-identifier",
	"activity-status", "activity-date", "recipient-country", "sector", "budget", "result", "project"}

func (im *importer) activity(index int, a *inActivity) error {
	if err := im.ctx.Err(); err != nil {
		return err
	}
	path := fmt.Sprintf("activities[%d]", index)
	if id := strings.TrimSpace(a.Identifier); id != "" {
		path = fmt.Sprintf("activity %q (line %d)", id, a.line)
	} else {
		path = fmt.Sprintf("%s (line %d)", path, a.line)
	}
	rep := ActivityReport{Line: a.line, Identifier: strings.TrimSpace(a.Identifier)}
	note := func(format string, args ...any) { rep.Notes = append(rep.Notes, fmt.Sprintf(format, args...)) }
	problem := func(field string, value any, format string, args ...any) {
		im.problems = append(im.problems, registry.FieldError{Field: path + "." + field, Value: value, Message: fmt.Sprintf(format, args...)})
	}
	for _, n := range a.Children {
		if !slices.Contains(mapped, n.Local) {
			im.res.NotMapped[n.Local]++
		}
	}
	if rep.Identifier == "" {
		problem("iati-identifier", nil, "is missing; every activity needs one")
		return nil
	}
	lang := strings.ToLower(a.Lang)
	if lang == "" {
		lang = "en"
	}
	ext := a.Ext
	if ext == nil {
		ext = &inExtProject{}
	}

	// Which project: the extension's slug, the identifier after our
	// reporting-organisation prefix, or a slug made of the identifier.
	key := ext.Slug
	if key == "" && im.opt.OrgRef != "" {
		if rest, ok := strings.CutPrefix(rep.Identifier, im.opt.OrgRef+"-"); ok && slug.Valid(rest) {
			key = rest
		}
	}
	if key == "" {
		key = slug.Make(rep.Identifier)
	}
	p := &registry.Project{}
	var before *registry.Project
	if id, err := im.tx.IDBySlug(im.ctx, "project", key); err == nil {
		if before, err = im.tx.Project(im.ctx, id); err != nil {
			return err
		}
		cp := *before
		p = &cp
	} else if !errors.Is(err, registry.ErrNotFound) {
		return err
	} else {
		p.Slug = key
		p.Status = registry.Draft
	}
	rep.Project = key

	var other []string
	var t registry.Text
	t, other = text(a.Title.Narratives, lang)
	p.Title = t
	rep.Mapped = append(rep.Mapped, "title")
	summary := registry.Text{}
	for _, d := range a.Descriptions {
		if d.Type != "" && d.Type != "1" {
			im.res.NotMapped[fmt.Sprintf("description[@type=%s]", d.Type)]++
			continue
		}
		dt, o := text(d.Narratives, lang)
		other = append(other, o...)
		for k, v := range dt {
			if summary[k] == "" {
				summary[k] = v
			}
		}
	}
	if ext.NoSummary == "true" || ext.NoSummary == "1" {
		summary = nil
	}
	p.Summary = summary
	rep.Mapped = append(rep.Mapped, "summary")

	// Instrument: the extension's, or read from the reference or title.
	p.Instrument = registry.Instrument(ext.Instrument)
	reference := ext.Reference
	if reference == "" {
		for _, o := range a.OtherIDs {
			if o.Type == "A3" || o.Type == "A1" {
				reference = strings.TrimSpace(o.Ref)
				break
			}
		}
	}
	if p.Instrument == "" {
		p.Instrument = guessInstrument(reference, p.Title)
		note("instrument %s guessed from the reference and title", p.Instrument)
	}
	if reference != "" {
		p.Reference = reference
		rep.Mapped = append(rep.Mapped, "reference")
	}
	rep.Mapped = append(rep.Mapped, "instrument")

	// Dates: the extension's (which keep partial dates), else actual
	// before planned.
	dates := map[string]string{}
	for _, d := range a.Dates {
		dates[d.Type] = d.ISODate
	}
	startText := firstOf(ext.Start, dates[actualStart], dates[plannedStart])
	endText := firstOf(ext.End, dates[actualEnd], dates[plannedEnd])
	if ext.Start == "" && ext.Slug != "" {
		startText = "" // our own export said the start is unknown
	}
	if ext.Slug != "" {
		endText = ext.End
	}
	p.Start, p.End = registry.Date{}, registry.Date{}
	if startText != "" {
		d, err := registry.ParseDate(startText)
		if err != nil {
			problem("activity-date", startText, "is not a date; expected YYYY-MM-DD")
		}
		p.Start = d
		rep.Mapped = append(rep.Mapped, "start")
	}
	if endText != "" {
		d, err := registry.ParseDate(endText)
		if err != nil {
			problem("activity-date", endText, "is not a date; expected YYYY-MM-DD")
		}
		p.End = d
		rep.Mapped = append(rep.Mapped, "end")
	}
	p.DurationMonths, p.DurationUpTo = 0, false
	if ext.DurationMonths != "" {
		n, err := strconv.Atoi(ext.DurationMonths)
		if err != nil {
			problem("liaison:project/@duration-months", ext.DurationMonths, "is not a whole number of months")
		}
		p.DurationMonths = n
		p.DurationUpTo = ext.DurationUpTo == "true" || ext.DurationUpTo == "1"
		rep.Mapped = append(rep.Mapped, "duration_months")
	}

	// Organisations.
	p.FunderID, p.BeneficiaryID, p.Partners = 0, 0, nil
	implementing := []inOrg{}
	for i, o := range a.Orgs {
		switch o.Role {
		case roleFunding:
			if p.FunderID == 0 {
				id, err := im.institution(o, "", &rep, func(f string, v any, m string) { problem(fmt.Sprintf("participating-org[%d].%s", i, f), v, "%s", m) })
				if err != nil {
					return err
				}
				p.FunderID = id
				rep.Mapped = append(rep.Mapped, "funder")
			} else {
				note("a second funding organisation (%s) was left out; a project has one funder", orgLabel(o))
			}
		case roleAccountable:
			if p.BeneficiaryID == 0 {
				id, err := im.institution(o, countryOf(a), &rep, func(f string, v any, m string) { problem(fmt.Sprintf("participating-org[%d].%s", i, f), v, "%s", m) })
				if err != nil {
					return err
				}
				p.BeneficiaryID = id
				rep.Mapped = append(rep.Mapped, "beneficiary")
			}
		case roleExtending:
			// The funder's own role in a Liaison export; from others
			// it has no field.
			if o.Ext == nil {
				note("extending organisation %s left out", orgLabel(o))
			}
		case roleImplementing:
			implementing = append(implementing, o)
		default:
			problem(fmt.Sprintf("participating-org[%d]/@role", i), o.Role, "is not an IATI organisation role; expected 1 (funding), 2 (accountable), 3 (extending) or 4 (implementing)")
		}
	}
	for i, o := range implementing {
		if o.Ext != nil && o.Ext.PartnerRole == "" && o.Ext.Slug != "" {
			// The beneficiary, implementing too in our exports.
			continue
		}
		if o.Ext == nil && p.BeneficiaryID != 0 && im.matches(o, p.BeneficiaryID) {
			continue
		}
		pp := registry.ProjectPartner{Role: registry.PartnerUnspecified}
		if o.Ext != nil && o.Ext.PartnerRole != "" {
			pp.Role = registry.PartnerRole(o.Ext.PartnerRole)
		}
		if o.Ext != nil && o.Ext.Slug == "" && o.Ext.Country != "" {
			pp.Country = o.Ext.Country
		} else {
			id, err := im.institution(o, "", &rep, func(f string, v any, m string) { problem(fmt.Sprintf("implementing-org[%d].%s", i, f), v, "%s", m) })
			if err != nil {
				return err
			}
			pp.InstitutionID = id
		}
		p.Partners = append(p.Partners, pp)
	}
	if len(p.Partners) > 0 {
		rep.Mapped = append(rep.Mapped, "partners")
	}

	// Sectors.
	p.Sectors = nil
	if ext.Sectors != nil {
		p.Sectors = strings.Fields(*ext.Sectors)
	} else {
		for _, s := range a.Sectors {
			if s.Vocabulary == "" || s.Vocabulary == "1" {
				p.Sectors = append(p.Sectors, s.Code)
			} else {
				im.res.NotMapped["sector[@vocabulary="+s.Vocabulary+"]"]++
			}
		}
		if len(p.Sectors) == 1 && p.Sectors[0] == DefaultSector {
			p.Sectors = nil
		}
	}
	rep.Mapped = append(rep.Mapped, "sectors")
	if len(a.Countries) > 0 && p.BeneficiaryID == 0 {
		note("recipient countries without a beneficiary institution were left out")
	}

	// Budget: one currency's total.
	p.Budget = nil
	if ext.Budget != "" {
		amount, cur, _ := strings.Cut(ext.Budget, " ")
		p.Budget = &registry.Money{Amount: amount, Currency: cur}
	} else if len(a.Budgets) > 0 {
		b, why := sumBudgets(a.Budgets, a.Currency)
		if why != "" {
			note("budget left out: %s", why)
		} else {
			p.Budget = b
		}
	}
	if p.Budget != nil {
		rep.Mapped = append(rep.Mapped, "budget")
	}

	// Components from results.
	p.Components = nil
	for i, r := range a.Results {
		c := registry.Component{Number: i + 1}
		c.Title, _ = text(r.Title.Narratives, lang)
		if r.Ext != nil {
			c.Number = r.Ext.Number
			for _, act := range r.Ext.Activities {
				at, _ := text(act.Narratives, lang)
				c.Activities = append(c.Activities, registry.Activity{Code: act.Code, Title: at})
			}
		}
		for _, ind := range r.Indicators {
			if ind.Placeholder == "true" || ind.OfResult != "" {
				continue // a component's title standing in, or an indicator of a result (see quantitative)
			}
			it, _ := text(ind.Title.Narratives, lang)
			c.Results = append(c.Results, registry.Result{Title: it})
		}
		if r.Ext != nil && r.Ext.WorkPlan != "" {
			if err := applyWorkPlan(&c, r.Ext.WorkPlan); err != nil {
				note("%s; left out", err)
			}
		}
		p.Components = append(p.Components, c)
	}
	if len(p.Components) > 0 {
		rep.Mapped = append(rep.Mapped, "components")
	}

	// Expert countries and programmes live only in the extension.
	p.ExpertCountries = nil
	for _, c := range ext.ExpertCountry {
		p.ExpertCountries = append(p.ExpertCountries, c.Code)
	}
	p.ProgrammeIDs = nil
	for _, pr := range ext.Programmes {
		id, err := im.programme(pr.Slug, pr.Acronym, pr.Narratives, lang)
		if err != nil {
			return err
		}
		p.ProgrammeIDs = append(p.ProgrammeIDs, id)
	}
	if a.Ext == nil && before != nil {
		// A file from elsewhere says nothing of these: keep ours.
		p.ExpertCountries, p.ProgrammeIDs = before.ExpertCountries, before.ProgrammeIDs
		p.Components = keepWorkPlan(before.Components, p.Components)
	}
	if len(other) > 0 {
		slices.Sort(other)
		note("narratives in languages Liaison does not keep were left out: %s", strings.Join(slices.Compact(other), ", "))
	}

	// Write, through the same checks as every other write.
	var warnings []registry.FieldError
	var err error
	switch {
	case before == nil:
		rep.Action = "create"
		warnings, err = im.tx.PutProject(im.ctx, p)
	default:
		rep.Action = "update"
		p.Version = before.Version
		warnings, err = im.tx.UpdateProject(im.ctx, p)
		if err == nil {
			if after, gerr := im.tx.Project(im.ctx, p.ID); gerr == nil && after.Version == before.Version {
				rep.Action = "unchanged"
			}
		}
	}
	for _, w := range warnings {
		note("%s: %s", w.Field, w.Message)
	}
	var ve *registry.ValidationError
	switch {
	case errors.As(err, &ve):
		for _, fe := range ve.Errors {
			problem(fe.Field, fe.Value, "%s", fe.Message)
		}
	case err != nil:
		var ce *registry.ConflictError
		if errors.As(err, &ce) {
			problem("iati-identifier", rep.Identifier, "%s", ce.Error())
			break
		}
		return fmt.Errorf("%s: %w", path, err)
	}
	im.res.Activities = append(im.res.Activities, rep)
	return nil
}

// institution finds the organisation in the registry (by slug from our
// extension, by IATI identifier, by name) or creates it as a draft.
func (im *importer) institution(o inOrg, country string, rep *ActivityReport, problem func(field string, value any, msg string)) (int64, error) {
	name, _ := text(o.Narratives, "en")
	keys := []string{}
	if o.Ext != nil && o.Ext.Slug != "" {
		keys = append(keys, "slug:"+o.Ext.Slug)
	}
	if o.Ref != "" {
		keys = append(keys, "ref:"+o.Ref)
	}
	for _, l := range registry.Languages {
		if name[l] != "" {
			keys = append(keys, "name:"+fold.String(name[l]))
		}
	}
	if len(keys) == 0 {
		problem("narrative", nil, "is missing: an organisation needs a name or an IATI identifier")
		return 0, nil
	}
	for _, k := range keys {
		if id, ok := im.insts[k]; ok {
			return id, nil
		}
	}
	remember := func(id int64) int64 {
		for _, k := range keys {
			im.insts[k] = id
		}
		return id
	}
	ctx, tx := im.ctx, im.tx
	if o.Ext != nil && o.Ext.Slug != "" {
		if id, err := tx.IDBySlug(ctx, "institution", o.Ext.Slug); err == nil {
			return remember(id), nil
		} else if !errors.Is(err, registry.ErrNotFound) {
			return 0, err
		}
	}
	if o.Ref != "" {
		if in, err := tx.InstitutionByIATIRef(ctx, o.Ref); err == nil {
			return remember(in.ID), nil
		} else if !errors.Is(err, registry.ErrNotFound) {
			return 0, err
		}
	}
	for _, l := range registry.Languages {
		if name[l] == "" {
			continue
		}
		page, err := tx.Institutions(ctx, store.Filter{Q: name[l], Limit: 20})
		if err != nil {
			return 0, err
		}
		want := fold.String(name[l])
		for _, in := range page.Items {
			for _, v := range in.Name {
				if fold.String(v) == want {
					return remember(in.ID), nil
				}
			}
		}
	}
	// Not in the registry: create it, for staff to review.
	in := &registry.Institution{Meta: registry.Meta{Status: registry.Draft}, Name: name, IATIRef: o.Ref, Kind: kindOf(o.Type)}
	if len(in.Name) == 0 {
		in.Name = registry.T("en", o.Ref)
	}
	if o.Ext != nil {
		in.Slug, in.Kind, in.Country, in.Acronym, in.Website = o.Ext.Slug, registry.InstitutionKind(o.Ext.Kind), o.Ext.Country, o.Ext.Acronym, o.Ext.Website
	}
	if in.Country == "" {
		in.Country = country
	}
	if in.Country == "" && in.Kind != registry.EUInstitution && in.Kind != registry.InternationalOrganisation && in.Kind != registry.NGO {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s: its country is not known, so it was recorded as kind \"other\"", orgLabel(o)))
		in.Kind = registry.OtherInstitution
	}
	_, err := tx.CreateInstitution(ctx, in)
	var ve *registry.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Errors {
			problem(fe.Field, fe.Value, fe.Message)
		}
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	im.res.Created = append(im.res.Created, fmt.Sprintf("institution %q (draft, id %d)", in.Name.String(), in.ID))
	return remember(in.ID), nil
}

// matches reports whether the organisation is the institution id.
func (im *importer) matches(o inOrg, id int64) bool {
	for k, v := range im.insts {
		if v != id {
			continue
		}
		if strings.HasPrefix(k, "ref:") && k == "ref:"+o.Ref {
			return true
		}
		name, _ := text(o.Narratives, "en")
		for _, n := range name {
			if k == "name:"+fold.String(n) {
				return true
			}
		}
	}
	return false
}

// programme finds a programme by slug or name, or creates it as a draft.
func (im *importer) programme(s, acronym string, ns []inNarrative, lang string) (int64, error) {
	if id, ok := im.progs[s]; ok {
		return id, nil
	}
	if id, err := im.tx.IDBySlug(im.ctx, "programme", s); err == nil {
		im.progs[s] = id
		return id, nil
	} else if !errors.Is(err, registry.ErrNotFound) {
		return 0, err
	}
	name, _ := text(ns, lang)
	pr := &registry.Programme{Meta: registry.Meta{Slug: s, Status: registry.Draft}, Acronym: acronym, Name: name}
	if _, err := im.tx.CreateProgramme(im.ctx, pr); err != nil {
		return 0, err
	}
	im.progs[s] = pr.ID
	im.res.Created = append(im.res.Created, fmt.Sprintf("programme %q (draft, id %d)", pr.Name.String(), pr.ID))
	return pr.ID, nil
}

// sumBudgets totals budgets of one currency; revised budgets (type 2)
// replace the original ones when present.
func sumBudgets(list []inBudget, defaultCurrency string) (*registry.Money, string) {
	useType := "1"
	for _, b := range list {
		if b.Type == "2" {
			useType = "2"
		}
	}
	total := new(big.Rat)
	currency := ""
	for _, b := range list {
		if b.Type != "" && b.Type != useType {
			continue
		}
		c := firstOf(b.Value.Currency, defaultCurrency)
		if currency != "" && c != currency {
			return nil, "the budgets are in several currencies"
		}
		currency = c
		v, ok := new(big.Rat).SetString(strings.TrimSpace(b.Value.Amount))
		if !ok {
			return nil, fmt.Sprintf("%q is not an amount", b.Value.Amount)
		}
		total.Add(total, v)
	}
	if currency == "" {
		return nil, "no currency is given"
	}
	amount := total.FloatString(2)
	amount = strings.TrimSuffix(amount, ".00")
	return &registry.Money{Amount: amount, Currency: currency}, ""
}

// guessInstrument reads the instrument from a Twinning reference or the
// title's words.
func guessInstrument(reference string, title registry.Text) registry.Instrument {
	if reference != "" {
		if ref, err := twinning.Parse(reference); err == nil {
			if ref.Light {
				return registry.TwinningLight
			}
			return registry.Twinning
		}
	}
	words := strings.ToLower(title.String())
	switch {
	case strings.Contains(words, "twinning light"):
		return registry.TwinningLight
	case strings.Contains(words, "twinning"):
		return registry.Twinning
	case strings.Contains(words, "taiex"):
		return registry.TAIEX
	}
	return registry.OtherInstrument
}

// countryOf is the single recipient country of an activity, if it has
// exactly one.
func countryOf(a *inActivity) string {
	if len(a.Countries) == 1 {
		return strings.ToUpper(strings.TrimSpace(a.Countries[0].Code))
	}
	return ""
}

func orgLabel(o inOrg) string {
	name, _ := text(o.Narratives, "en")
	if n := registry.Text(name).String(); n != "" {
		return strconv.Quote(n)
	}
	return strconv.Quote(o.Ref)
}

func firstOf(list ...string) string {
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
