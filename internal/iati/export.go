package iati

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
)

// ErrNoOrgRef is returned when no reporting-organisation identifier is
// configured: IATI identifiers cannot be made without one.
var ErrNoOrgRef = errors.New("no IATI reporting-organisation identifier is configured: set one in the site settings (or give the home institution its IATI identifier), or pass --iati-org")

// ExportOptions configure an export.
type ExportOptions struct {
	// OrgRef overrides the configured reporting-organisation identifier.
	OrgRef string
	// Origin is the public site's address ("https://ombudsman.az"), for
	// links to project pages and documents; none are written without it.
	Origin string
	// Now dates the file and derives project statuses.
	Now func() time.Time
}

// ExportResult says what an export wrote and what it had to leave out.
type ExportResult struct {
	Activities int
	// Skipped names the projects IATI cannot describe, and why.
	Skipped []string
}

// The output elements, in the order the schema's sequences require.
// encoding/xml writes a prefixed name given literally ("xml:lang"), so
// these types are for writing only; import reads through its own types,
// which match namespaces rather than prefixes.
type (
	narrative struct {
		Lang string `xml:"xml:lang,attr,omitempty"`
		Text string `xml:",chardata"`
	}
	narratives struct {
		Narratives []narrative `xml:"narrative"`
	}
	outOrg struct {
		Ref        string      `xml:"ref,attr,omitempty"`
		Type       string      `xml:"type,attr,omitempty"`
		Role       string      `xml:"role,attr,omitempty"`
		Narratives []narrative `xml:"narrative"`
		Ext        *extOrg     `xml:"liaison:org,omitempty"`
	}
	extOrg struct {
		Slug        string `xml:"slug,attr,omitempty"`
		Kind        string `xml:"kind,attr,omitempty"`
		Country     string `xml:"country,attr,omitempty"`
		Acronym     string `xml:"acronym,attr,omitempty"`
		Website     string `xml:"website,attr,omitempty"`
		PartnerRole string `xml:"partner-role,attr,omitempty"`
	}
	outOtherID struct {
		Ref      string  `xml:"ref,attr"`
		Type     string  `xml:"type,attr"`
		OwnerOrg *outOrg `xml:"owner-org,omitempty"`
	}
	outCode struct {
		Code string `xml:"code,attr"`
	}
	outDate struct {
		Type       string      `xml:"type,attr"`
		ISODate    string      `xml:"iso-date,attr"`
		Narratives []narrative `xml:"narrative"`
	}
	outCountry struct {
		Code       string `xml:"code,attr"`
		Percentage string `xml:"percentage,attr,omitempty"`
	}
	outSector struct {
		Vocabulary string `xml:"vocabulary,attr"`
		Code       string `xml:"code,attr"`
		Percentage string `xml:"percentage,attr,omitempty"`
	}
	isoDate struct {
		ISODate string `xml:"iso-date,attr"`
	}
	outValue struct {
		Currency  string `xml:"currency,attr,omitempty"`
		ValueDate string `xml:"value-date,attr"`
		Amount    string `xml:",chardata"`
	}
	outBudget struct {
		Type        string   `xml:"type,attr"`
		Status      string   `xml:"status,attr"`
		PeriodStart isoDate  `xml:"period-start"`
		PeriodEnd   isoDate  `xml:"period-end"`
		Value       outValue `xml:"value"`
	}
	outDocLink struct {
		URL      string     `xml:"url,attr"`
		Format   string     `xml:"format,attr"`
		Title    narratives `xml:"title"`
		Category outCode    `xml:"category"`
		Language []outCode  `xml:"language,omitempty"`
		Date     *isoDate   `xml:"document-date,omitempty"`
	}
	outIndicator struct {
		Measure     string       `xml:"measure,attr"`
		Ascending   string       `xml:"ascending,attr,omitempty"`
		Placeholder string       `xml:"liaison:placeholder,attr,omitempty"`
		OfResult    string       `xml:"liaison:result,attr,omitempty"`
		Title       narratives   `xml:"title"`
		Baseline    *outBaseline `xml:"baseline,omitempty"`
		Periods     []outPeriod  `xml:"period"`
	}
	outBaseline struct {
		Year    int    `xml:"year,attr"`
		ISODate string `xml:"iso-date,attr,omitempty"`
		Value   string `xml:"value,attr,omitempty"`
	}
	outPeriod struct {
		Start  isoDate      `xml:"period-start"`
		End    isoDate      `xml:"period-end"`
		Target *outMeasured `xml:"target,omitempty"`
		Actual *outMeasured `xml:"actual,omitempty"`
	}
	outMeasured struct {
		Value string `xml:"value,attr"`
	}
	outResult struct {
		Type       string         `xml:"type,attr"`
		Title      narratives     `xml:"title"`
		Indicators []outIndicator `xml:"indicator"`
		Ext        *extComponent  `xml:"liaison:component,omitempty"`
	}
	extComponent struct {
		Number     int           `xml:"number,attr"`
		Activities []extActivity `xml:"liaison:activity"`
		WorkPlan   string        `xml:"liaison:work-plan,omitempty"`
	}
	extActivity struct {
		Code       string      `xml:"code,attr,omitempty"`
		Narratives []narrative `xml:"narrative"`
	}
	extProject struct {
		Slug           string         `xml:"slug,attr"`
		Instrument     string         `xml:"instrument,attr"`
		Reference      string         `xml:"reference,attr,omitempty"`
		Start          string         `xml:"start,attr,omitempty"`
		End            string         `xml:"end,attr,omitempty"`
		DurationMonths int            `xml:"duration-months,attr,omitempty"`
		DurationUpTo   bool           `xml:"duration-up-to,attr,omitempty"`
		Sectors        string         `xml:"sectors,attr,omitempty"`
		Budget         string         `xml:"budget,attr,omitempty"`
		NoSummary      bool           `xml:"no-summary,attr,omitempty"`
		ExpertCountry  []outCode      `xml:"liaison:expert-country"`
		Programmes     []extProgramme `xml:"liaison:programme"`
	}
	extProgramme struct {
		Slug       string      `xml:"slug,attr"`
		Acronym    string      `xml:"acronym,attr,omitempty"`
		Narratives []narrative `xml:"narrative"`
	}
	outDescription struct {
		Type       string      `xml:"type,attr"`
		Narratives []narrative `xml:"narrative"`
	}
	outActivity struct {
		XMLName         xml.Name       `xml:"iati-activity"`
		Lang            string         `xml:"xml:lang,attr"`
		DefaultCurrency string         `xml:"default-currency,attr,omitempty"`
		Hierarchy       int            `xml:"hierarchy,attr"`
		Identifier      string         `xml:"iati-identifier"`
		ReportingOrg    outOrg         `xml:"reporting-org"`
		Title           narratives     `xml:"title"`
		Description     outDescription `xml:"description"`
		Orgs            []outOrg       `xml:"participating-org"`
		OtherIDs        []outOtherID   `xml:"other-identifier"`
		Status          outCode        `xml:"activity-status"`
		Dates           []outDate      `xml:"activity-date"`
		Countries       []outCountry   `xml:"recipient-country"`
		Sectors         []outSector    `xml:"sector"`
		Budgets         []outBudget    `xml:"budget"`
		DocLinks        []outDocLink   `xml:"document-link"`
		Results         []outResult    `xml:"result"`
		Ext             extProject     `xml:"liaison:project"`
	}
)

// texts turns a Text into narratives: English, the activity's default
// language, without xml:lang; the others with theirs.
func texts(t registry.Text) []narrative {
	var out []narrative
	for _, lang := range registry.Languages {
		v := t[lang]
		if v == "" {
			continue
		}
		n := narrative{Text: v}
		if lang != defaultLang {
			n.Lang = lang
		}
		out = append(out, n)
	}
	return out
}

const defaultLang = "en"

// exporter holds what every activity of one export shares.
type exporter struct {
	ctx      context.Context
	r        *store.Reader
	opt      ExportOptions
	orgRef   string
	home     *registry.Institution
	today    time.Time
	insts    map[int64]*registry.Institution
	progs    map[int64]*registry.Programme
	prefixOK bool
}

// OrgRef is the reporting-organisation identifier an export would use:
// the override, the site setting, or the home institution's own.
func OrgRef(ctx context.Context, r *store.Reader, override string) (string, *registry.Institution, error) {
	s, err := r.Settings(ctx)
	if err != nil {
		return "", nil, err
	}
	var home *registry.Institution
	if s.HomeInstitutionID != 0 {
		if home, err = r.Institution(ctx, s.HomeInstitutionID); err != nil && !errors.Is(err, registry.ErrNotFound) {
			return "", nil, err
		}
	}
	ref := override
	if ref == "" {
		ref = s.IATIOrgRef
	}
	if ref == "" && home != nil {
		ref = home.IATIRef
	}
	if ref == "" {
		return "", home, ErrNoOrgRef
	}
	rep := registry.NewReport()
	registry.CheckIATIRef(rep, "iati_org_ref", ref)
	if err := rep.Err(); err != nil {
		return "", home, err
	}
	return ref, home, nil
}

// Export writes every published project as an IATI activity, from one
// read snapshot, a page of projects at a time.
func Export(ctx context.Context, st *store.Store, out io.Writer, opt ExportOptions) (*ExportResult, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	res := &ExportResult{}
	err := st.View(ctx, func(r *store.Reader) error {
		orgRef, home, err := OrgRef(ctx, r, opt.OrgRef)
		if err != nil {
			return err
		}
		now := opt.Now().UTC()
		e := &exporter{ctx: ctx, r: r, opt: opt, orgRef: orgRef, home: home, today: now,
			insts: map[int64]*registry.Institution{}, progs: map[int64]*registry.Programme{}}
		w := bufio.NewWriter(out)
		fmt.Fprintf(w, "%s<iati-activities version=%q generated-datetime=%q xmlns:liaison=%q>\n",
			xml.Header, Version, now.Format(time.RFC3339), Namespace)
		enc := xml.NewEncoder(w)
		enc.Indent("  ", "  ")
		f := store.Filter{Status: registry.Published, ByID: true, Limit: store.MaxLimit}
		for {
			page, err := r.Projects(ctx, f)
			if err != nil {
				return err
			}
			if err := e.load(page.Items); err != nil {
				return err
			}
			for i := range page.Items {
				p := &page.Items[i]
				a, why := e.activity(p)
				if why != "" {
					res.Skipped = append(res.Skipped, fmt.Sprintf("project %d (%s): %s", p.ID, p.Slug, why))
					continue
				}
				if err := enc.Encode(a); err != nil {
					return err
				}
				res.Activities++
			}
			if page.Next == nil {
				break
			}
			f.After = *page.Next
		}
		if err := enc.Flush(); err != nil {
			return err
		}
		if res.Activities == 0 {
			// The schema wants at least one activity; an empty registry
			// says so in a comment rather than in an invalid file.
			w.WriteString("\n  <!-- no published projects -->")
		}
		w.WriteString("\n</iati-activities>\n")
		return w.Flush()
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// load fetches the institutions and programmes a page of projects names
// that earlier pages did not.
func (e *exporter) load(list []registry.Project) error {
	var inst, prog []int64
	need := func(id int64) {
		if _, ok := e.insts[id]; id != 0 && !ok && !slices.Contains(inst, id) {
			inst = append(inst, id)
		}
	}
	for _, p := range list {
		need(p.FunderID)
		need(p.BeneficiaryID)
		for _, pp := range p.Partners {
			need(pp.InstitutionID)
		}
		for _, id := range p.ProgrammeIDs {
			if _, ok := e.progs[id]; !ok && !slices.Contains(prog, id) {
				prog = append(prog, id)
			}
		}
	}
	if len(inst) > 0 {
		m, err := e.r.InstitutionsByID(e.ctx, inst)
		if err != nil {
			return err
		}
		for _, id := range inst {
			e.insts[id] = m[id] // nil when missing: never asked again
		}
	}
	if len(prog) > 0 {
		m, err := e.r.ProgrammesByID(e.ctx, prog)
		if err != nil {
			return err
		}
		for _, id := range prog {
			e.progs[id] = m[id]
		}
	}
	return nil
}

// published returns the institution when the public may see it.
func (e *exporter) published(id int64) *registry.Institution {
	if in := e.insts[id]; in != nil && in.Status == registry.Published {
		return in
	}
	return nil
}

// org describes an institution as a participating organisation.
func (e *exporter) org(in *registry.Institution, role string, partnerRole registry.PartnerRole) outOrg {
	o := outOrg{Ref: in.IATIRef, Type: orgType(in.Kind), Role: role, Narratives: texts(in.Name)}
	o.Ext = &extOrg{Slug: in.Slug, Kind: string(in.Kind), Country: in.Country, Acronym: in.Acronym, Website: in.Website, PartnerRole: string(partnerRole)}
	return o
}

// activity describes a project, or says why IATI cannot.
func (e *exporter) activity(p *registry.Project) (*outActivity, string) {
	status := p.StatusOn(e.today)
	started := !p.Start.IsZero() && p.Start.Valid() && !p.Start.First().After(e.today)
	// IATI needs a start. Without one, the project's first recorded event
	// shows it had begun by then, and, with its length, that it ended
	// by that date plus the length.
	var evidence time.Time
	if p.Start.IsZero() {
		first, err := e.r.Events(e.ctx, store.Filter{ProjectID: p.ID, Status: registry.Published, Limit: 1})
		if err != nil {
			return nil, err.Error()
		}
		if len(first.Items) == 0 || !first.Items[0].Start.Valid() {
			return nil, "its start date is unknown, and so is any event of it; IATI needs a start"
		}
		evidence = first.Items[0].Start.First()
		started = !evidence.After(e.today)
		if p.DurationMonths > 0 && evidence.AddDate(0, p.DurationMonths, 0).Before(e.today) {
			status = registry.Completed
		}
	}
	a := &outActivity{
		Lang:       defaultLang,
		Hierarchy:  1,
		Identifier: e.orgRef + "-" + p.Slug,
		Title:      narratives{texts(p.Title)},
		Status:     outCode{activityStatus(status, started)},
		Ext: extProject{Slug: p.Slug, Instrument: string(p.Instrument), Reference: p.Reference,
			Start: p.Start.String(), End: p.End.String(), DurationMonths: p.DurationMonths, DurationUpTo: p.DurationUpTo,
			Sectors: strings.Join(p.Sectors, " ")},
	}
	a.ReportingOrg = outOrg{Ref: e.orgRef, Type: "15"}
	if e.home != nil {
		a.ReportingOrg.Type = orgType(e.home.Kind)
		a.ReportingOrg.Narratives = texts(e.home.Name)
	}
	if len(a.ReportingOrg.Narratives) == 0 {
		a.ReportingOrg.Narratives = []narrative{{Text: e.orgRef}}
	}
	// The description is required; a project without a summary is
	// described by its title, and the extension says so.
	a.Description = outDescription{Type: "1", Narratives: texts(p.Summary)}
	if len(a.Description.Narratives) == 0 {
		a.Description.Narratives = texts(p.Title)
		a.Ext.NoSummary = true
	}

	if f := e.published(p.FunderID); f != nil {
		a.Orgs = append(a.Orgs, e.org(f, roleFunding, ""), e.org(f, roleExtending, ""))
	}
	ben := e.published(p.BeneficiaryID)
	if ben != nil {
		a.Orgs = append(a.Orgs, e.org(ben, roleAccountable, ""), e.org(ben, roleImplementing, ""))
	}
	for _, pp := range p.Partners {
		if in := e.published(pp.InstitutionID); in != nil {
			a.Orgs = append(a.Orgs, e.org(in, roleImplementing, pp.Role))
		} else if pp.InstitutionID == 0 && pp.Country != "" {
			// Only the country is known: IATI needs a name, the
			// extension keeps the code.
			name := registry.Text{}
			for _, lang := range registry.Languages {
				name[lang] = countryName(pp.Country, lang)
			}
			a.Orgs = append(a.Orgs, outOrg{Type: "10", Role: roleImplementing, Narratives: texts(name),
				Ext: &extOrg{Country: pp.Country, PartnerRole: string(pp.Role)}})
		}
	}
	if len(a.Orgs) == 0 {
		// participating-org is required: the office itself implements.
		a.Orgs = append(a.Orgs, outOrg{Ref: e.orgRef, Type: a.ReportingOrg.Type, Role: roleImplementing, Narratives: a.ReportingOrg.Narratives})
	}
	if p.Reference != "" {
		oid := outOtherID{Ref: p.Reference, Type: "A3"}
		if f := e.published(p.FunderID); f != nil {
			oid.OwnerOrg = &outOrg{Ref: f.IATIRef, Narratives: texts(f.Name)}
		}
		a.OtherIDs = append(a.OtherIDs, oid)
	}

	var start string
	if evidence.IsZero() {
		start = p.Start.First().Format(time.DateOnly)
		a.Dates = append(a.Dates, outDate{Type: plannedStart, ISODate: start})
		if started {
			a.Dates = append(a.Dates, outDate{Type: actualStart, ISODate: start})
		}
	} else {
		start = evidence.Format(time.DateOnly)
		a.Dates = append(a.Dates, outDate{Type: actualStart, ISODate: start, Narratives: texts(registry.T(
			"en", "The start is not recorded; this is the date of the project's first recorded event, by which it had begun.",
			"az", "Başlama tarixi qeydə alınmayıb; bu, layihənin qeydə alınmış ilk tədbirinin tarixidir — layihə artıq bu tarixdə başlamışdı.",
			"ru", "Дата начала не записана; это дата первого записанного мероприятия проекта, к которой он уже начался."))})
	}
	last, endKnown := p.LatestEnd()
	if endKnown {
		end := last.Format(time.DateOnly)
		a.Dates = append(a.Dates, outDate{Type: plannedEnd, ISODate: end})
		if status == registry.Completed {
			a.Dates = append(a.Dates, outDate{Type: actualEnd, ISODate: end})
		}
	}

	if ben != nil && ben.Country != "" {
		a.Countries = []outCountry{{Code: ben.Country, Percentage: "100"}}
	}
	sectors := p.Sectors
	if len(sectors) == 0 {
		sectors = []string{DefaultSector}
	}
	for i, pct := range split100(len(sectors)) {
		a.Sectors = append(a.Sectors, outSector{Vocabulary: "1", Code: sectors[i], Percentage: pct})
	}

	if b := p.Budget; b != nil {
		a.DefaultCurrency = b.Currency
		if endKnown {
			a.Budgets = []outBudget{{Type: "1", Status: "2",
				PeriodStart: isoDate{start}, PeriodEnd: isoDate{last.Format(time.DateOnly)},
				Value: outValue{Currency: b.Currency, ValueDate: start, Amount: b.Amount}}}
		} else {
			// A budget needs a period; without an end the extension
			// keeps the amount.
			a.Ext.Budget = b.Amount + " " + b.Currency
		}
	}

	if e.opt.Origin != "" {
		page := narratives{texts(registry.T("en", "Project page", "az", "Layihə səhifəsi", "ru", "Страница проекта"))}
		a.DocLinks = append(a.DocLinks, outDocLink{URL: e.opt.Origin + "/en/projects/" + url.PathEscape(p.Slug), Format: "text/html",
			Title: page, Category: outCode{"A12"}, Language: []outCode{{"en"}}})
		docs, err := e.r.Documents(e.ctx, "project", p.ID)
		if err == nil {
			for _, d := range docs {
				if d.Status != registry.Published {
					continue
				}
				title := d.Title
				if title == "" {
					title = d.Filename
				}
				a.DocLinks = append(a.DocLinks, outDocLink{
					URL:    fmt.Sprintf("%s/documents/%d/%s", e.opt.Origin, d.ID, url.PathEscape(d.Filename)),
					Format: d.ContentType, Title: narratives{[]narrative{{Text: title}}}, Category: outCode{"A02"},
					Date: &isoDate{d.CreatedAt.UTC().Format(time.DateOnly)}})
			}
		}
	}

	for _, c := range p.Components {
		res := outResult{Type: "1", Title: narratives{texts(c.Title)}, Ext: &extComponent{Number: c.Number}}
		for _, r := range c.Results {
			res.Indicators = append(res.Indicators, outIndicator{Measure: "5", Title: narratives{texts(r.Title)}})
		}
		for j, r := range c.Results {
			for _, ind := range r.Indicators {
				res.Indicators = append(res.Indicators, quantitative(j, ind))
			}
		}
		if len(res.Indicators) == 0 {
			// A result needs an indicator; the component's title stands
			// in, marked so that import does not take it for a result.
			res.Indicators = []outIndicator{{Measure: "5", Placeholder: "true", Title: res.Title}}
		}
		for _, act := range c.Activities {
			res.Ext.Activities = append(res.Ext.Activities, extActivity{Code: act.Code, Narratives: texts(act.Title)})
		}
		res.Ext.WorkPlan = workPlanOf(c)
		a.Results = append(a.Results, res)
	}

	for _, c := range p.ExpertCountries {
		a.Ext.ExpertCountry = append(a.Ext.ExpertCountry, outCode{c})
	}
	for _, id := range p.ProgrammeIDs {
		if pr := e.progs[id]; pr != nil && pr.Status == registry.Published {
			a.Ext.Programmes = append(a.Ext.Programmes, extProgramme{Slug: pr.Slug, Acronym: pr.Acronym, Narratives: texts(pr.Name)})
		}
	}
	return a, ""
}

// split100 shares 100 percent among n sectors in two-decimal parts that
// add up to exactly 100, as IATI requires.
func split100(n int) []string {
	out := make([]string, n)
	cents := 10000 / n
	for i := range out {
		c := cents
		if i == n-1 {
			c = 10000 - cents*(n-1)
		}
		out[i] = strings.TrimSuffix(strings.TrimSuffix(strconv.Itoa(c/100)+"."+fmt.Sprintf("%02d", c%100), "00"), ".")
	}
	return out
}
