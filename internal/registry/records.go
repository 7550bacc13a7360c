// Package registry holds the records an office keeps about its
// international cooperation, and the rules they obey. It knows nothing of
// HTTP or SQL: the store persists these types, the API and the portal
// present them.
package registry

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/slug"
	"github.com/liaison-registry/liaison/internal/twinning"
	"golang.org/x/text/currency"
)

// Size limits on fields, so that no single record can grow without bound.
const (
	MaxName      = 300
	MaxTitle     = 1000
	MaxProse     = 20000
	MaxShort     = 100
	MaxURL       = 2000
	MaxListItems = 200
	MaxPeople    = 2000
)

// Meta is what every record has: its id, its URL key, whether it is
// public, and its version, which each saved change increments.
type Meta struct {
	ID      int64  `json:"id,omitempty"`
	Slug    string `json:"slug,omitempty"`
	Status  Status `json:"status,omitempty"`
	Version int    `json:"version,omitempty"`
}

// GetMeta gives generic code the record's Meta.
func (m *Meta) GetMeta() *Meta { return m }

// Institution is an office, ministry, EU body or other organisation.
// A regional office names its parent (the Katowice office of the Polish
// Human Rights Defender).
type Institution struct {
	Meta
	Name     Text            `json:"name"`
	Acronym  string          `json:"acronym,omitempty"`
	Kind     InstitutionKind `json:"kind"`
	Country  string          `json:"country,omitempty"`
	ParentID int64           `json:"parent_id,omitempty"`
	Website  string          `json:"website,omitempty"`
	// IATIRef is the institution's organisation identifier in IATI
	// ("XI-IATI-EC_NEAR"), from org-id.guide; open data names it by this.
	IATIRef string `json:"iati_ref,omitempty"`
}

// Person is someone who spoke, chaired, took part or sent experts.
type Person struct {
	Meta
	Honorific  Honorific `json:"honorific,omitempty"`
	GivenName  string    `json:"given_name,omitempty"`
	FamilyName string    `json:"family_name"`
	// DisplayName is the name as usually spelled in a language, where it
	// differs from given and family name ("Аугустинас Нормантас").
	DisplayName  Text          `json:"display_name,omitzero"`
	Affiliations []Affiliation `json:"affiliations,omitempty"`
}

// Affiliation is a position a person holds or held at an institution.
type Affiliation struct {
	InstitutionID int64 `json:"institution_id"`
	Role          Text  `json:"role,omitzero"`
	From          Date  `json:"from,omitzero"`
	To            Date  `json:"to,omitzero"`
}

// Programme is a policy or funding frame projects belong to (European
// Neighbourhood Policy, Eastern Partnership...).
type Programme struct {
	Meta
	Name        Text   `json:"name"`
	Acronym     string `json:"acronym,omitempty"`
	OwnerID     int64  `json:"owner_id,omitempty"`
	Description Text   `json:"description,omitzero"`
	Start       Date   `json:"start,omitzero"`
	End         Date   `json:"end,omitzero"`
}

// Partnership is the office's cooperation with one partner (the EU, the
// Council of Europe...): the public cooperation page is drawn from it, the
// records funded or published by the partner and its sub-bodies, and the
// programmes that frame it.
type Partnership struct {
	Meta
	PartnerID    int64   `json:"partner_id"`
	Title        Text    `json:"title"`
	Introduction Text    `json:"introduction,omitzero"`
	ProgrammeIDs []int64 `json:"programme_ids,omitempty"`
}

// Project is a Twinning, Twinning Light, TAIEX or other project.
type Project struct {
	Meta
	Instrument      Instrument       `json:"instrument"`
	Title           Text             `json:"title"`
	Reference       string           `json:"reference,omitempty"`
	FunderID        int64            `json:"funder_id,omitempty"`
	BeneficiaryID   int64            `json:"beneficiary_id,omitempty"`
	ProgrammeIDs    []int64          `json:"programme_ids,omitempty"`
	Partners        []ProjectPartner `json:"partners,omitempty"`
	ExpertCountries []string         `json:"expert_countries,omitempty"`
	Start           Date             `json:"start,omitzero"`
	End             Date             `json:"end,omitzero"`
	DurationMonths  int              `json:"duration_months,omitempty"`
	// DurationUpTo marks DurationMonths as a maximum ("up to six months").
	DurationUpTo bool        `json:"duration_up_to,omitempty"`
	Summary      Text        `json:"summary,omitzero"`
	Components   []Component `json:"components,omitempty"`
	Budget       *Money      `json:"budget,omitempty"`
	// Sectors are OECD DAC purpose codes ("15160" human rights), for the
	// project's IATI record; none means the registry's usual 15160.
	Sectors []string `json:"sectors,omitempty"`
}

// ProjectPartner is a member-state partner. Legacy records may know the
// country without the institution.
type ProjectPartner struct {
	InstitutionID int64       `json:"institution_id,omitempty"`
	Country       string      `json:"country,omitempty"`
	Role          PartnerRole `json:"role"`
}

// Component is a numbered part of a Twinning project's work plan.
type Component struct {
	Number     int        `json:"number"`
	Title      Text       `json:"title"`
	Results    []Result   `json:"results,omitempty"`
	Activities []Activity `json:"activities,omitempty"`
}

// Result is a mandatory result of a component, measured by its
// indicators. Only what a project has is recorded: a result may have no
// indicators, a project no results.
type Result struct {
	Title      Text        `json:"title"`
	Indicators []Indicator `json:"indicators,omitempty"`
}

// Indicator measures a result: where it started (baseline), where it
// should be (target), and the values reported period by period.
// Baseline, target and values are decimal strings, so that what was
// reported is kept exactly ("12.5" stays "12.5"); "" is a value not known,
// never zero (see package workplan for the arithmetic).
type Indicator struct {
	Code                 string           `json:"code,omitempty"`
	Title                Text             `json:"title"`
	Unit                 string           `json:"unit,omitempty"`
	Baseline             string           `json:"baseline,omitempty"`
	BaselineDate         Date             `json:"baseline_date,omitzero"`
	Target               string           `json:"target,omitempty"`
	TargetDate           Date             `json:"target_date,omitzero"`
	SourceOfVerification Text             `json:"source_of_verification,omitzero"`
	Values               []IndicatorValue `json:"values,omitempty"`
	Note                 Text             `json:"note,omitzero"`
}

// IndicatorValue is an indicator's actual value for one reporting period,
// a calendar quarter ("2025-Q3"). A period may be listed without a value
// (reported as not measured, with a note why).
type IndicatorValue struct {
	Period string `json:"period"`
	Value  string `json:"value,omitempty"`
	Note   Text   `json:"note,omitzero"`
}

// Activity is an activity of a component's work plan ("1.2.3"), with its
// planned and actual dates. Events and expert missions that carried it
// out name its code (Event.Activity), so a project's activities that
// events refer to need codes unique within the project.
type Activity struct {
	Code         string         `json:"code,omitempty"`
	Title        Text           `json:"title"`
	Status       ActivityStatus `json:"status,omitempty"`
	PlannedStart Date           `json:"planned_start,omitzero"`
	PlannedEnd   Date           `json:"planned_end,omitzero"`
	ActualStart  Date           `json:"actual_start,omitzero"`
	ActualEnd    Date           `json:"actual_end,omitzero"`
	// PlannedExpertDays is the expert-days the work plan gives the
	// activity; nil when the plan does not say (never read as zero).
	PlannedExpertDays *int `json:"planned_expert_days,omitempty"`
	Note              Text `json:"note,omitzero"`
}

// Money is an amount in a currency; the amount is a decimal string so
// that no rounding happens on its way through JSON.
type Money struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// Event is a seminar, study visit, mission, conference and the like.
type Event struct {
	Meta
	Kind       EventKind  `json:"kind"`
	Title      Text       `json:"title,omitzero"`
	Start      Date       `json:"start"`
	End        Date       `json:"end,omitzero"`
	Country    string     `json:"country,omitempty"`
	City       Text       `json:"city,omitzero"`
	Instrument Instrument `json:"instrument,omitempty"`
	ProjectID  int64      `json:"project_id,omitempty"`
	Component  int        `json:"component,omitempty"`
	// Activity is the code of the component's activity the event carried
	// out ("1.2"), one of the project's activities.
	Activity     string        `json:"activity,omitempty"`
	FunderID     int64         `json:"funder_id,omitempty"`
	Summary      Text          `json:"summary,omitzero"`
	Participants []Participant `json:"participants,omitempty"`
}

// Participant is a person's part in an event, with the title and
// institution they held then, which may differ from today's.
type Participant struct {
	PersonID      int64           `json:"person_id"`
	Role          ParticipantRole `json:"role"`
	Title         Text            `json:"title,omitzero"`
	InstitutionID int64           `json:"institution_id,omitempty"`
	// WorkingDays are the days an expert worked on the mission (their
	// home institution is InstitutionID); nil when not known, which is
	// counted as missing, never as zero.
	WorkingDays *int `json:"working_days,omitempty"`
}

// Publication is an article, report or book. Legacy entries may know only
// how many items appeared ("ten articles") and where.
type Publication struct {
	Meta
	Kind        PublicationKind `json:"kind"`
	Venue       string          `json:"venue,omitempty"`
	PublisherID int64           `json:"publisher_id,omitempty"`
	Title       Text            `json:"title,omitzero"`
	Date        Date            `json:"date,omitzero"`
	Link        string          `json:"link,omitempty"`
	ItemCount   int             `json:"item_count,omitempty"`
	Summary     Text            `json:"summary,omitzero"`
}

// Normalize trims surrounding white space and drops empty translations,
// so that "  " never counts as a value. Check calls it.
func (in *Institution) Normalize() {
	in.Slug, in.Acronym, in.Country, in.Website, in.IATIRef = trim(in.Slug), trim(in.Acronym), trim(in.Country), trim(in.Website), trim(in.IATIRef)
	in.Name = in.Name.normalize()
}

// Check validates the institution on its own; references to other records
// are checked by the store, which can see them.
func (in *Institution) Check(r *Report) {
	in.Normalize()
	checkSlug(r, in.Slug)
	oneOf(r, "status", in.Status, Statuses, false)
	checkText(r, "name", in.Name, true, MaxName)
	checkString(r, "acronym", in.Acronym, MaxShort)
	oneOf(r, "kind", in.Kind, InstitutionKinds, true)
	switch in.Kind {
	case EUInstitution, InternationalOrganisation, OtherInstitution, NGO:
		checkCountry(r, "country", in.Country, false)
	default:
		if in.Country == "" && in.Kind != "" {
			r.Error("country", nil, "is required for a national institution (kind %s); expected an ISO 3166-1 alpha-2 code such as \"LT\"", in.Kind)
		} else {
			checkCountry(r, "country", in.Country, false)
		}
	}
	if in.ParentID < 0 || (in.ParentID != 0 && in.ParentID == in.ID) {
		r.Error("parent_id", in.ParentID, "must name another institution")
	}
	checkURL(r, "website", in.Website)
	CheckIATIRef(r, "iati_ref", in.IATIRef)
}

var iatiRefPattern = regexp.MustCompile(`^[A-Za-z]{2}(-[A-Za-z0-9._]+)+$`)

// CheckIATIRef checks an IATI organisation identifier: a registration
// agency prefix (a country code or XI, XM) and the organisation's number
// in it, joined by hyphens, without the characters IATI forbids in
// identifiers (/, &, |, ?, spaces).
func CheckIATIRef(r *Report, field, ref string) {
	if ref == "" {
		return
	}
	if len(ref) > MaxShort || !iatiRefPattern.MatchString(ref) {
		r.Error(field, clip(ref), "is not an IATI organisation identifier; expected an agency prefix and a number joined by hyphens, such as \"XI-IATI-EC_NEAR\" or \"GB-GOV-1\" (see org-id.guide)")
	}
}

// Name is the given and family name, without the honorific.
func (p *Person) Name() string {
	return strings.TrimSpace(p.GivenName + " " + p.FamilyName)
}

// NameIn is the name as spelled in lang: its display name there, or the
// given and family name.
func (p *Person) NameIn(lang string) string {
	if n := p.DisplayName[lang]; n != "" {
		return n
	}
	return p.Name()
}

func (p *Person) Normalize() {
	p.Slug, p.GivenName, p.FamilyName = trim(p.Slug), collapse(p.GivenName), collapse(p.FamilyName)
	p.DisplayName = p.DisplayName.normalize()
	for i := range p.Affiliations {
		p.Affiliations[i].Role = p.Affiliations[i].Role.normalize()
	}
}

func (p *Person) Check(r *Report) {
	p.Normalize()
	checkSlug(r, p.Slug)
	oneOf(r, "status", p.Status, Statuses, false)
	oneOf(r, "honorific", p.Honorific, Honorifics, false)
	checkString(r, "given_name", p.GivenName, MaxName)
	if p.FamilyName == "" {
		r.Error("family_name", nil, "is required")
	}
	checkString(r, "family_name", p.FamilyName, MaxName)
	checkText(r, "display_name", p.DisplayName, false, MaxName)
	checkLen(r, "affiliations", len(p.Affiliations), MaxListItems)
	for i, a := range p.Affiliations {
		ar := r.At(fmt.Sprintf("affiliations[%d]", i))
		checkRef(ar, "institution_id", a.InstitutionID, true)
		checkText(ar, "role", a.Role, false, MaxName)
		checkRange(ar, "from", a.From, "to", a.To)
	}
}

func (p *Programme) Normalize() {
	p.Slug, p.Acronym = trim(p.Slug), trim(p.Acronym)
	p.Name, p.Description = p.Name.normalize(), p.Description.normalize()
}

func (p *Programme) Check(r *Report) {
	p.Normalize()
	checkSlug(r, p.Slug)
	oneOf(r, "status", p.Status, Statuses, false)
	checkText(r, "name", p.Name, true, MaxName)
	checkString(r, "acronym", p.Acronym, MaxShort)
	checkRef(r, "owner_id", p.OwnerID, false)
	checkText(r, "description", p.Description, false, MaxProse)
	checkRange(r, "start", p.Start, "end", p.End)
}

func (p *Partnership) Normalize() {
	p.Slug = trim(p.Slug)
	p.Title, p.Introduction = p.Title.normalize(), p.Introduction.normalize()
}

func (p *Partnership) Check(r *Report) {
	p.Normalize()
	checkSlug(r, p.Slug)
	oneOf(r, "status", p.Status, Statuses, false)
	checkRef(r, "partner_id", p.PartnerID, true)
	checkText(r, "title", p.Title, true, MaxTitle)
	checkText(r, "introduction", p.Introduction, false, MaxProse)
	checkIDs(r, "programme_ids", p.ProgrammeIDs)
}

func (p *Project) Normalize() {
	p.Slug, p.Reference = trim(p.Slug), collapse(p.Reference)
	p.Title, p.Summary = p.Title.normalize(), p.Summary.normalize()
	for i := range p.Partners {
		p.Partners[i].Country = trim(p.Partners[i].Country)
	}
	for i := range p.ExpertCountries {
		p.ExpertCountries[i] = trim(p.ExpertCountries[i])
	}
	for i := range p.Sectors {
		p.Sectors[i] = trim(p.Sectors[i])
	}
	for i := range p.Components {
		c := &p.Components[i]
		c.Title = c.Title.normalize()
		for j := range c.Results {
			res := &c.Results[j]
			res.Title = res.Title.normalize()
			for k := range res.Indicators {
				res.Indicators[k].normalize()
			}
		}
		for j := range c.Activities {
			a := &c.Activities[j]
			a.Code = trim(a.Code)
			a.Title, a.Note = a.Title.normalize(), a.Note.normalize()
		}
	}
	if p.Budget != nil {
		p.Budget.Amount, p.Budget.Currency = trim(p.Budget.Amount), trim(p.Budget.Currency)
	}
}

// Twinning Light projects last up to six months; the EU allows a little
// slack in practice, so up to eight is only a warning.
const (
	twinningLightMonths    = 6
	twinningLightMaxMonths = 8
)

func (p *Project) Check(r *Report) {
	p.Normalize()
	checkSlug(r, p.Slug)
	oneOf(r, "status", p.Status, Statuses, false)
	oneOf(r, "instrument", p.Instrument, Instruments, true)
	checkText(r, "title", p.Title, true, MaxTitle)
	p.checkReference(r)
	checkRef(r, "funder_id", p.FunderID, false)
	checkRef(r, "beneficiary_id", p.BeneficiaryID, false)
	checkIDs(r, "programme_ids", p.ProgrammeIDs)

	checkLen(r, "partners", len(p.Partners), MaxListItems)
	leads := 0
	for i, pp := range p.Partners {
		pr := r.At(fmt.Sprintf("partners[%d]", i))
		oneOf(pr, "role", pp.Role, PartnerRoles, true)
		if pp.Role == LeadPartner {
			leads++
			if leads == 2 {
				pr.Error("role", string(pp.Role), "is taken: a project has one lead partner; make this one junior")
			}
		}
		checkRef(pr, "institution_id", pp.InstitutionID, false)
		if pp.InstitutionID == 0 && pp.Country == "" {
			pr.Error("institution_id", nil, "is required when no country is given; a partner is an institution or at least a country")
		}
		checkCountry(pr, "country", pp.Country, false)
	}
	checkLen(r, "expert_countries", len(p.ExpertCountries), MaxListItems)
	for i, c := range p.ExpertCountries {
		field := fmt.Sprintf("expert_countries[%d]", i)
		checkCountry(r, field, c, true)
		if slices.Index(p.ExpertCountries, c) < i {
			r.Error(field, c, "is listed twice")
		}
	}

	checkRange(r, "start", p.Start, "end", p.End)
	switch {
	case p.DurationMonths < 0:
		r.Error("duration_months", p.DurationMonths, "must not be negative")
	case p.DurationMonths > 120:
		r.Error("duration_months", p.DurationMonths, "is more than ten years; expected the project's length in months")
	case p.Instrument == TwinningLight && p.DurationMonths > twinningLightMaxMonths:
		r.Error("duration_months", p.DurationMonths, "is too long for Twinning Light, which lasts up to %d months (at most %d)", twinningLightMonths, twinningLightMaxMonths)
	case p.Instrument == TwinningLight && p.DurationMonths > twinningLightMonths:
		r.Warn("duration_months", p.DurationMonths, "is longer than the %d months Twinning Light usually allows", twinningLightMonths)
	}
	if p.DurationUpTo && p.DurationMonths == 0 {
		r.Error("duration_up_to", true, "needs duration_months, the maximum it qualifies")
	}
	if p.DurationMonths > 0 && p.Start.Precision() == Day && p.End.Precision() == Day && !p.DurationUpTo {
		if span := MonthsBetween(p.Start, p.End); span-p.DurationMonths > 1 || p.DurationMonths-span > 1 {
			r.Warn("duration_months", p.DurationMonths, "does not match the dates, which span about %d months", span)
		}
	}
	checkText(r, "summary", p.Summary, false, MaxProse)
	checkLen(r, "sectors", len(p.Sectors), 20)
	for i, code := range p.Sectors {
		field := fmt.Sprintf("sectors[%d]", i)
		if !sectorPattern.MatchString(code) {
			r.Error(field, clip(code), "is not a DAC purpose code; expected five digits such as \"15160\" (human rights) or \"15130\" (legal and judicial development)")
		} else if slices.Index(p.Sectors, code) < i {
			r.Error(field, code, "is listed twice")
		}
	}
	p.checkComponents(r)
	if p.Budget != nil {
		checkMoney(r.At("budget"), *p.Budget)
	}
}

func (p *Project) checkReference(r *Report) {
	if p.Reference == "" {
		return
	}
	if !p.Instrument.IsTwinning() {
		checkString(r, "reference", p.Reference, MaxShort)
		return
	}
	ref, err := twinning.Parse(p.Reference)
	if err != nil {
		msg := err.Error()
		if pe, ok := errors.AsType[*twinning.ParseError](err); ok {
			msg = fmt.Sprintf("is not a Twinning reference: %s; expected %s", pe.Reason, twinning.Expected)
		}
		r.Error("reference", p.Reference, "%s", msg)
		return
	}
	if ref.Light && p.Instrument == Twinning {
		r.Warn("reference", p.Reference, "is marked Twinning Light but the instrument is twinning")
	}
}

func (p *Project) checkComponents(r *Report) {
	checkLen(r, "components", len(p.Components), MaxListItems)
	seen := map[int]bool{}
	codes := map[string]int{} // activity code to its component
	for i, c := range p.Components {
		cr := r.At(fmt.Sprintf("components[%d]", i))
		switch {
		case c.Number < 1 || c.Number > 999:
			cr.Error("number", c.Number, "must be between 1 and 999")
		case seen[c.Number]:
			cr.Error("number", c.Number, "is used by another component of this project")
		}
		seen[c.Number] = true
		checkText(cr, "title", c.Title, true, MaxTitle)
		checkLen(cr, "results", len(c.Results), MaxListItems)
		for j, res := range c.Results {
			rr := cr.At(fmt.Sprintf("results[%d]", j))
			checkText(rr, "title", res.Title, true, MaxTitle)
			checkLen(rr, "indicators", len(res.Indicators), MaxListItems)
			for k, ind := range res.Indicators {
				ind.check(rr.At(fmt.Sprintf("indicators[%d]", k)))
			}
		}
		checkLen(cr, "activities", len(c.Activities), MaxListItems)
		for j, a := range c.Activities {
			ar := cr.At(fmt.Sprintf("activities[%d]", j))
			a.check(ar)
			if a.Code == "" {
				continue
			}
			if other, taken := codes[a.Code]; taken {
				ar.Error("code", a.Code, "is used by another activity of this project (in component %d); events name activities by code, so codes must differ", other)
			}
			codes[a.Code] = c.Number
		}
	}
}

// Activity returns the project's activity with this code, and the number
// of its component; nil when there is none.
func (p *Project) Activity(code string) (*Activity, int) {
	if code == "" {
		return nil, 0
	}
	for i := range p.Components {
		c := &p.Components[i]
		for j := range c.Activities {
			if c.Activities[j].Code == code {
				return &c.Activities[j], c.Number
			}
		}
	}
	return nil, 0
}

// decimalPattern is a measured value: an optional minus, up to fifteen
// digits and up to six decimals, with a full stop.
var decimalPattern = regexp.MustCompile(`^-?[0-9]{1,15}(\.[0-9]{1,6})?$`)

// checkDecimal checks an optional decimal string.
func checkDecimal(r *Report, field, s string) {
	if s != "" && !decimalPattern.MatchString(s) {
		r.Error(field, clip(s), "is not a number; expected a decimal such as \"12\", \"-3\" or \"12.5\" (a full stop before the decimals, no thousands separators), or nothing when not known")
	}
}

// maxExpertDays bounds planned expert-days and an expert's working days:
// more is a typing error, not a plan.
const maxExpertDays = 10000

func (ind *Indicator) normalize() {
	ind.Code, ind.Unit, ind.Baseline, ind.Target = trim(ind.Code), collapse(ind.Unit), trim(ind.Baseline), trim(ind.Target)
	ind.Title, ind.SourceOfVerification, ind.Note = ind.Title.normalize(), ind.SourceOfVerification.normalize(), ind.Note.normalize()
	for i := range ind.Values {
		v := &ind.Values[i]
		v.Period, v.Value, v.Note = strings.ToUpper(trim(v.Period)), trim(v.Value), v.Note.normalize()
	}
}

func (ind *Indicator) check(r *Report) {
	checkString(r, "code", ind.Code, MaxShort)
	checkText(r, "title", ind.Title, true, MaxTitle)
	checkString(r, "unit", ind.Unit, MaxShort)
	checkDecimal(r, "baseline", ind.Baseline)
	checkDecimal(r, "target", ind.Target)
	checkRange(r, "baseline_date", ind.BaselineDate, "target_date", ind.TargetDate)
	checkText(r, "source_of_verification", ind.SourceOfVerification, false, MaxTitle)
	checkText(r, "note", ind.Note, false, MaxProse)
	checkLen(r, "values", len(ind.Values), MaxListItems)
	seen := map[string]bool{}
	for i, v := range ind.Values {
		vr := r.At(fmt.Sprintf("values[%d]", i))
		if v.Period == "" {
			vr.Error("period", nil, "is required; expected a calendar quarter such as \"2025-Q3\"")
		} else if !ValidQuarter(v.Period) {
			vr.Error("period", clip(v.Period), "is not a reporting period; expected a calendar quarter such as \"2025-Q3\"")
		} else if seen[v.Period] {
			vr.Error("period", v.Period, "is reported twice; give one value per period")
		}
		seen[v.Period] = true
		checkDecimal(vr, "value", v.Value)
		checkText(vr, "note", v.Note, false, MaxTitle)
	}
}

// ValidQuarter reports whether s names a calendar quarter, "YYYY-Qn".
func ValidQuarter(s string) bool {
	return len(s) == 7 && s[4:6] == "-Q" && s[6] >= '1' && s[6] <= '4' && s[0] >= '1' && s[0] <= '9' &&
		strings.Trim(s[:4], "0123456789") == ""
}

func (a *Activity) check(r *Report) {
	checkString(r, "code", a.Code, MaxShort)
	checkText(r, "title", a.Title, true, MaxTitle)
	oneOf(r, "status", a.Status, ActivityStatuses, false)
	checkRange(r, "planned_start", a.PlannedStart, "planned_end", a.PlannedEnd)
	checkRange(r, "actual_start", a.ActualStart, "actual_end", a.ActualEnd)
	if d := a.PlannedExpertDays; d != nil && (*d < 0 || *d > maxExpertDays) {
		r.Error("planned_expert_days", *d, "must be between 0 and %d, or left out when the plan does not say", maxExpertDays)
	}
	checkText(r, "note", a.Note, false, MaxProse)
	switch {
	case a.Status == ActivityPlanned && !a.ActualStart.IsZero():
		r.Warn("status", string(a.Status), "says the activity has not started, but it has an actual start (%s)", a.ActualStart)
	case a.Status == ActivityDone && a.ActualEnd.IsZero():
		r.Warn("actual_end", nil, "is not given for an activity marked done")
	}
}

// HasComponent reports whether the project has a component numbered n.
func (p *Project) HasComponent(n int) bool {
	return slices.ContainsFunc(p.Components, func(c Component) bool { return c.Number == n })
}

func (e *Event) Normalize() {
	e.Slug, e.Country, e.Activity = trim(e.Slug), trim(e.Country), trim(e.Activity)
	e.Title, e.City, e.Summary = e.Title.normalize(), e.City.normalize(), e.Summary.normalize()
	for i := range e.Participants {
		e.Participants[i].Title = e.Participants[i].Title.normalize()
	}
}

func (e *Event) Check(r *Report) {
	e.Normalize()
	checkSlug(r, e.Slug)
	oneOf(r, "status", e.Status, Statuses, false)
	oneOf(r, "kind", e.Kind, EventKinds, true)
	checkText(r, "title", e.Title, false, MaxTitle)
	if e.Start.IsZero() {
		r.Error("start", nil, "is required; expected a date such as 2011-10-28, 2011-10 or 2011")
	}
	checkRange(r, "start", e.Start, "end", e.End)
	checkCountry(r, "country", e.Country, false)
	checkText(r, "city", e.City, false, MaxName)
	oneOf(r, "instrument", e.Instrument, Instruments, false)
	checkRef(r, "project_id", e.ProjectID, false)
	if e.Component < 0 {
		r.Error("component", e.Component, "must be a component number (1 or more)")
	} else if e.Component > 0 && e.ProjectID == 0 {
		r.Error("component", e.Component, "needs project_id: a component belongs to a project")
	}
	checkString(r, "activity", e.Activity, MaxShort)
	if e.Activity != "" && e.Component == 0 {
		r.Error("activity", e.Activity, "needs component (and project_id): an activity belongs to a component of a project")
	}
	checkRef(r, "funder_id", e.FunderID, false)
	checkText(r, "summary", e.Summary, false, MaxProse)
	checkLen(r, "participants", len(e.Participants), MaxPeople)
	type key struct {
		person int64
		role   ParticipantRole
	}
	seen := map[key]bool{}
	for i, p := range e.Participants {
		pr := r.At(fmt.Sprintf("participants[%d]", i))
		checkRef(pr, "person_id", p.PersonID, true)
		oneOf(pr, "role", p.Role, ParticipantRoles, true)
		checkText(pr, "title", p.Title, false, MaxName)
		checkRef(pr, "institution_id", p.InstitutionID, false)
		if d := p.WorkingDays; d != nil {
			switch {
			case p.Role != RoleExpert:
				pr.Error("working_days", *d, "are counted for experts only; make the role expert or leave the working days out")
			case *d < 0 || *d > maxExpertDays:
				pr.Error("working_days", *d, "must be between 0 and %d, or left out when not known", maxExpertDays)
			case e.Start.Precision() == Day && e.End.Precision() == Day && e.End.Valid() && *d > spanDays(e.Start, e.End):
				pr.Warn("working_days", *d, "are more than the %d days the event lasted", spanDays(e.Start, e.End))
			}
		}
		k := key{p.PersonID, p.Role}
		if p.PersonID > 0 && seen[k] {
			pr.Error("person_id", p.PersonID, "is already listed with role %s", p.Role)
		}
		seen[k] = true
	}
}

// spanDays is how many calendar days a day-precise range covers.
func spanDays(start, end Date) int {
	return int(end.Last().Sub(start.First()).Hours()/24) + 1
}

func (p *Publication) Normalize() {
	p.Slug, p.Venue, p.Link = trim(p.Slug), collapse(p.Venue), trim(p.Link)
	p.Title, p.Summary = p.Title.normalize(), p.Summary.normalize()
}

func (p *Publication) Check(r *Report) {
	p.Normalize()
	checkSlug(r, p.Slug)
	oneOf(r, "status", p.Status, Statuses, false)
	oneOf(r, "kind", p.Kind, PublicationKinds, true)
	checkString(r, "venue", p.Venue, MaxName)
	checkRef(r, "publisher_id", p.PublisherID, false)
	checkText(r, "title", p.Title, false, MaxTitle)
	if p.ItemCount < 0 || p.ItemCount > 100000 {
		r.Error("item_count", p.ItemCount, "must be between 0 and 100000")
	}
	if p.Title.IsZero() && p.ItemCount == 0 {
		r.Error("title", nil, "is required unless item_count says how many untitled items appeared (\"ten articles\")")
	}
	if !p.Date.Valid() {
		checkDate(r, "date", p.Date)
	}
	checkURL(r, "link", p.Link)
	checkText(r, "summary", p.Summary, false, MaxProse)
}

var sectorPattern = regexp.MustCompile(`^[1-9][0-9]{4}$`)

var amountPattern = regexp.MustCompile(`^[0-9]{1,13}(\.[0-9]{1,2})?$`)

func checkMoney(r *Report, m Money) {
	if !amountPattern.MatchString(m.Amount) {
		r.Error("amount", m.Amount, "is not an amount; expected a decimal string such as \"1200000\" or \"250000.50\"")
	}
	if u, err := currency.ParseISO(m.Currency); err != nil || u.String() != m.Currency {
		r.Error("currency", m.Currency, "is not an ISO 4217 currency code; expected such as \"EUR\"")
	}
}

func trim(s string) string { return strings.TrimSpace(s) }

// collapse trims and turns runs of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func checkSlug(r *Report, s string) {
	if s != "" && !slug.Valid(s) {
		r.Error("slug", s, "is not a slug; expected lower-case letters and digits joined by single hyphens, at most %d characters, such as \"augustinas-normantas\"", slug.MaxLen)
	}
}

func checkString(r *Report, field, s string, max int) {
	if n := utf8.RuneCountInString(s); n > max {
		r.Error(field, clip(s), "is too long: %d characters, at most %d", n, max)
	} else if !utf8.ValidString(s) {
		r.Error(field, nil, "is not valid UTF-8")
	}
}

func checkLen(r *Report, field string, n, max int) {
	if n > max {
		r.Error(field, n, "has too many items; at most %d", max)
	}
}

func checkCountry(r *Report, field, code string, required bool) {
	if code == "" {
		if required {
			r.Error(field, nil, "is required; expected an ISO 3166-1 alpha-2 code such as \"LT\"")
		}
		return
	}
	if err := country.Check(code); err != nil {
		r.Error(field, clip(code), "%s", err.Error())
	}
}

func checkRef(r *Report, field string, id int64, required bool) {
	switch {
	case id < 0:
		r.Error(field, id, "must be a record id (a positive number)")
	case id == 0 && required:
		r.Error(field, nil, "is required")
	}
}

func checkIDs(r *Report, field string, ids []int64) {
	checkLen(r, field, len(ids), MaxListItems)
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		checkRef(r, f, id, true)
		if slices.Index(ids, id) < i {
			r.Error(f, id, "is listed twice")
		}
	}
}

func checkDate(r *Report, field string, d Date) {
	if !d.Valid() {
		_, err := ParseDate(d.String())
		r.Error(field, d.String(), "%s", strings.TrimPrefix(err.Error(), fmt.Sprintf("%q ", d.String())))
	}
}

// checkRange checks both dates and that start does not come after end.
func checkRange(r *Report, startField string, start Date, endField string, end Date) {
	checkDate(r, startField, start)
	checkDate(r, endField, end)
	if start.Valid() && end.Valid() && !Ordered(start, end) {
		r.Error(endField, end.String(), "is before %s (%s); a range must end on or after its start", startField, start)
	}
}

func checkURL(r *Report, field, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(s) > MaxURL {
		r.Error(field, clip(s), "is not a web address; expected an absolute http or https URL such as https://www.ombudsman.az/")
	}
}
