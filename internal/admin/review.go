package admin

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/auth"
	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/extract"
	"github.com/liaison-registry/liaison/internal/extract/input"
	"github.com/liaison-registry/liaison/internal/files"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/slug"
	"github.com/liaison-registry/liaison/internal/store"
)

// The review of extracted records: staff paste a text or upload a file,
// see the records the extractor proposes highlighted in the text, correct,
// accept or reject each, and create the accepted ones as drafts in one
// transaction, linked to the people and institutions the registry
// already has. Nothing is stored between reading and creating: the
// review form carries the text (base64, so that no byte of it changes on
// the way and the spans still point at the right characters) and every
// proposed record as form fields, so any app instance can take the post.

const (
	// MaxSourceText bounds the text a review reads and carries, in bytes
	// of UTF-8; a longer text is read in parts.
	MaxSourceText = 256 << 10
	// MaxSourceFile bounds an uploaded file (Word documents are larger
	// than their text).
	MaxSourceFile = 10 << 20
	// maxReviewForm bounds the review form: the carried text and the
	// fields of every record.
	maxReviewForm = 4 << 20
	// maxProposed bounds the records of each type a review handles.
	maxProposed = 500
)

// Decisions a card offers.
const (
	decideAccept   = "accept"   // create it as a draft
	decideExisting = "existing" // the registry has it: link to it, create nothing
	decideReject   = "reject"   // leave it out
)

func init() {
	funcs["reviewCardOf"] = func(f *Form, c reviewCard, typ string) any {
		return struct {
			Form *Form
			Card reviewCard
			Type string
		}{f, c, typ}
	}
	funcs["decisionOf"] = func(f *Form, c reviewCard, create, existing string) any {
		name := c.Prefix + ".decision"
		return struct{ Name, Value, Err, Create, Existing string }{name, f.Get(name), f.Err(name), create, existing}
	}
}

type extractStart struct {
	Message string
	Text    string
	Title   string
}

// extractPage offers the text box and the upload.
func (a *Admin) extractPage(w http.ResponseWriter, r *http.Request) {
	a.render(w, r, http.StatusOK, "extract", "Read records from text", reviewPage{Start: &extractStart{}})
}

// extractRead reads a pasted text or an uploaded file and shows the
// proposed records for review. It writes nothing.
func (a *Admin) extractRead(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxSourceFile+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			a.render(w, r, http.StatusRequestEntityTooLarge, "extract", "Read records from text", reviewPage{Start: &extractStart{
				Message: fmt.Sprintf("The file is larger than %d MB. Save the part to read as a text file, or paste it.", MaxSourceFile>>20)}})
			return
		}
		a.fail(w, r, fmt.Errorf("%w: the form did not arrive whole", errBadInput))
		return
	}
	defer r.MultipartForm.RemoveAll()
	start := &extractStart{Text: r.PostFormValue("text"), Title: strings.TrimSpace(r.PostFormValue("source_title"))}
	var text, filename string
	if f, header, err := r.FormFile("file"); err == nil {
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, MaxSourceFile+1))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if len(data) > 0 {
			filename = files.CleanName(header.Filename)
			if text, err = input.Text(data, filename, ""); err != nil {
				start.Message = fmt.Sprintf("%s could not be read: %s", filename, err.Error())
				a.extractRefuse(w, r, start)
				return
			}
		}
	}
	if filename == "" {
		var err error
		if text, err = input.Text([]byte(strings.ToValidUTF8(start.Text, "\uFFFD")), "pasted.txt", "text"); err != nil {
			start.Message = "The text could not be read: " + err.Error()
			a.extractRefuse(w, r, start)
			return
		}
	}
	switch {
	case strings.TrimSpace(text) == "":
		start.Message = "Paste a text, or choose a file to upload."
		if filename != "" {
			start.Message = filename + " holds no text."
		}
		a.extractRefuse(w, r, start)
		return
	case len(text) > MaxSourceText:
		start.Message = fmt.Sprintf("The text is %d KB; at most %d KB is read at once. Read it in parts.", len(text)>>10, MaxSourceText>>10)
		a.extractRefuse(w, r, start)
		return
	}
	title := start.Title
	if title == "" {
		title = sourceTitle(text, filename)
	}
	ctx := r.Context()
	doc := extract.Extract(text)
	var values url.Values
	err := a.st.View(ctx, func(rd *store.Reader) error {
		v, err := loadRegistryView(ctx, rd)
		if err != nil {
			return err
		}
		values, err = propose(ctx, rd, v, text, doc)
		return err
	})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	values.Set("source_title", title)
	values.Set("carried", base64.StdEncoding.EncodeToString([]byte(text)))
	// What would be refused is shown at once, beside its fields, by the
	// same checks creating runs, in a transaction that is rolled back.
	form := newForm(values)
	err = a.st.DryRun(ctx, func(tx *store.Tx) error {
		check := newForm(cloneValues(values))
		_, err := createReviewed(ctx, tx, check, text, title)
		form.Errors = check.Errors
		if errors.Is(err, errReviewRefused) {
			return nil
		}
		return err
	})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.renderReview(w, r, http.StatusOK, form, text, true)
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

func (a *Admin) extractRefuse(w http.ResponseWriter, r *http.Request, start *extractStart) {
	a.render(w, r, http.StatusUnprocessableEntity, "extract", "Read records from text", reviewPage{Start: start})
}

// sourceTitle names a text by its first line when that is short enough
// to be a title, else by its file name.
func sourceTitle(text, filename string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if utf8.RuneCountInString(line) <= 150 {
			return line
		}
		break
	}
	if filename != "" {
		return filename
	}
	return clip(strings.Join(strings.Fields(text), " "), 80)
}

// propose turns the extractor's records into the review form's values:
// its fields, with the registry's matches chosen and the links between
// records the text gives.
func propose(ctx context.Context, rd *store.Reader, v *registryView, text string, doc *extract.Document) (url.Values, error) {
	values := url.Values{}
	runes := []rune(text)
	paras := paragraphs(runes)
	sentence := func(at int) string {
		if at < 0 {
			return ""
		}
		p := paras[paragraphOf(paras, at)]
		return sentenceAt(runes, p[0], p[1], at)
	}
	paraText := func(at int) string {
		if at < 0 {
			return ""
		}
		p := paras[paragraphOf(paras, at)]
		return string(runes[p[0]:p[1]])
	}
	set := func(key, value string) {
		if value != "" {
			values.Set(key, value)
		}
	}
	str := func(s *string) string {
		if s == nil {
			return ""
		}
		return strings.TrimSpace(*s)
	}
	events := doc.Events[:min(len(doc.Events), maxProposed)]
	people := doc.People[:min(len(doc.People), maxProposed)]
	projects := doc.Projects[:min(len(doc.Projects), maxProposed)]
	pubs := doc.Publications[:min(len(doc.Publications), maxProposed)]

	for i, p := range projects {
		k := fmt.Sprintf("projects[%d].", i)
		inst := instrumentCode(str(p.Instrument))
		rec := registry.Project{Instrument: inst, Title: textOf(str(p.Title)), Reference: str(p.Reference)}
		values.Set(k+"decision", decideAccept)
		values.Set(k+"spans", encodeSpans(p.Spans))
		set(k+"instrument", string(inst))
		set(k+"title", str(p.Title))
		set(k+"reference", rec.Reference)
		if p.DurationMonths != nil {
			values.Set(k+"duration_months", strconv.Itoa(*p.DurationMonths))
			if s, ok := p.Spans["duration_months"]; ok && upToBefore(runes, s[0]) {
				values.Set(k+"duration_up_to", "on")
			}
		}
		set(k+"start", str(p.Start))
		set(k+"end", str(p.End))
		set(k+"partner_countries", strings.Join(p.PartnerCountries, ", "))
		para := paraText(firstSpan(p.Spans))
		set(k+"expert_countries", strings.Join(expertCountries(para), ", "))
		if v.eu != 0 && (inst == registry.Twinning || inst == registry.TwinningLight || inst == registry.TAIEX || euFunded(para)) {
			values.Set(k+"funder", strconv.FormatInt(v.eu, 10))
		}
		if v.home != 0 && inst.IsTwinning() {
			values.Set(k+"beneficiary", strconv.FormatInt(v.home, 10))
		}
		for _, id := range v.programmesOf(rec.Reference) {
			values.Add(k+"programme_ids", strconv.FormatInt(id, 10))
		}
		found, err := existingProject(ctx, rd, &rec)
		if err != nil {
			return nil, err
		}
		if found != nil {
			values.Set(k+"match", strconv.FormatInt(found.ID, 10))
			values.Set(k+"decision", decideExisting)
		}
	}

	eventAt := make([]int, len(events))
	for i, e := range events {
		k := fmt.Sprintf("events[%d].", i)
		inst := instrumentCode(str(e.Instrument))
		kind := registry.EventKind(e.Kind)
		if !slices.Contains(registry.EventKinds, kind) {
			kind = registry.OtherEvent
		}
		values.Set(k+"decision", decideAccept)
		values.Set(k+"spans", encodeSpans(e.Spans))
		values.Set(k+"kind", string(kind))
		set(k+"title", str(e.Title))
		set(k+"start", str(e.Start))
		set(k+"end", str(e.End))
		set(k+"country", str(e.Country))
		set(k+"city", str(e.City))
		set(k+"instrument", string(inst))
		at := firstSpan(e.Spans)
		eventAt[i] = at
		if str(e.Title) == "" {
			// An untitled event says what it was in its sentence.
			set(k+"summary", sentence(at))
		}
		para := paraText(at)
		// The project the event served: a project this text proposes, of
		// the event's instrument, named before it ("under the
		// abovementioned project"), or one named in the same paragraph.
		project := -1
		if at >= 0 && hasWord(para, "project", "projects", "programme", "component") {
			pi := paragraphOf(paras, at)
			for j, p := range projects {
				pat := firstSpan(p.Spans)
				if pat < 0 {
					continue
				}
				if paragraphOf(paras, pat) == pi || (pat < at && inst != "" && instrumentCode(str(p.Instrument)) == inst) {
					if project < 0 || pat > firstSpan(projects[project].Spans) {
						project = j
					}
				}
			}
		}
		if project >= 0 {
			values.Set(k+"project", fmt.Sprintf("new:%d", project))
			if n, title := componentIn(para); n > 0 {
				values.Set(k+"component", strconv.Itoa(n))
				set(k+"component_title", title)
			}
		} else if v.eu != 0 && (inst == registry.Twinning || inst == registry.TwinningLight || inst == registry.TAIEX || euFunded(para)) {
			values.Set(k+"funder", strconv.FormatInt(v.eu, 10))
		}
		rec := registry.Event{Kind: kind, Title: textOf(str(e.Title)), Country: str(e.Country)}
		if d, err := registry.ParseDate(str(e.Start)); err == nil {
			rec.Start = d
		}
		found, err := existingEvent(ctx, rd, &rec)
		if err != nil {
			return nil, err
		}
		if found != nil {
			values.Set(k+"match", strconv.FormatInt(found.ID, 10))
			values.Set(k+"decision", decideExisting)
		}
	}

	for i, p := range people {
		k := fmt.Sprintf("people[%d].", i)
		name := strings.Join(strings.Fields(p.Name), " ")
		values.Set(k+"decision", decideAccept)
		values.Set(k+"spans", encodeSpans(p.Spans))
		values.Set(k+"name", name)
		at := firstSpan(p.Spans)
		if s, ok := p.Spans["name"]; ok {
			at = s[0]
			set(k+"honorific", string(honorificBefore(runes, s[0])))
		}
		set(k+"role", capitalizeFirst(str(p.Role)))
		org, ctry := str(p.Organization), str(p.Country)
		set(k+"organization", org)
		set(k+"country", ctry)
		kind := guessKind(org)
		values.Set(k+"org_kind", string(kind))
		var matched *registry.Person
		if found := v.matchPeople(name); len(found) > 0 {
			matched = found[0]
			values.Set(k+"match", strconv.FormatInt(matched.ID, 10))
			values.Set(k+"decision", decideExisting)
		}
		switch m := v.matchInstitution(org, ctry, kind); {
		case m.ID != 0:
			values.Set(k+"institution", strconv.FormatInt(m.ID, 10))
		case matched != nil && len(matched.Affiliations) > 0:
			// The same person: the institution they are known by.
			values.Set(k+"institution", strconv.FormatInt(matched.Affiliations[0].InstitutionID, 10))
		case org != "":
			values.Set(k+"institution", "new")
		}
		// The event they took part in: the nearest one the same
		// paragraph names.
		if at >= 0 {
			pi := paragraphOf(paras, at)
			best, dist := -1, 0
			for j, eat := range eventAt {
				if eat < 0 || paragraphOf(paras, eat) != pi {
					continue
				}
				d := at - eat
				if d < 0 {
					d = -d * 2 // prefer the event named before the person
				}
				if best < 0 || d < dist {
					best, dist = j, d
				}
			}
			if best >= 0 {
				values.Set(k+"event", strconv.Itoa(best))
				values.Set(k+"participation", string(participantRole(paraText(at))))
			}
		}
	}

	for i, p := range pubs {
		k := fmt.Sprintf("publications[%d].", i)
		title, venue := str(p.Title), str(p.Venue)
		kind := registry.PubArticle
		if hasWord(title, "report", "reports") {
			kind = registry.PubReport
		}
		values.Set(k+"decision", decideAccept)
		values.Set(k+"spans", encodeSpans(p.Spans))
		values.Set(k+"kind", string(kind))
		set(k+"venue", venue)
		set(k+"title", title)
		if title == "" {
			set(k+"summary", sentence(firstSpan(p.Spans)))
		}
		rec := registry.Publication{Kind: kind, Venue: venue, Title: textOf(title)}
		if p.Count != nil {
			values.Set(k+"count", strconv.Itoa(*p.Count))
			rec.ItemCount = *p.Count
		}
		if m := v.matchPublisher(venue); m.ID != 0 {
			values.Set(k+"publisher", strconv.FormatInt(m.ID, 10))
		}
		found, err := existingPublication(ctx, rd, &rec)
		if err != nil {
			return nil, err
		}
		if found != nil {
			values.Set(k+"match", strconv.FormatInt(found.ID, 10))
			values.Set(k+"decision", decideExisting)
		}
	}
	return values, nil
}

// instrumentLabel is an instrument as staff write it: "Twinning Light".
func instrumentLabel(code string) string {
	switch registry.Instrument(code) {
	case registry.TwinningLight:
		return "Twinning Light"
	case registry.TAIEX:
		return "TAIEX"
	case "":
		return "Other"
	}
	return label(code)
}

// textOf is an English text, or none when s is empty.
func textOf(s string) registry.Text {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return registry.T("en", s)
}

// reviewPage is what the extract template receives: the start form, or
// the review of what a text proposes.
type reviewPage struct {
	Start        *extractStart
	Form         *Form
	FirstLook    bool          // just read: its errors are what creating would refuse
	Text         template.HTML // the source text, highlighted
	Events       []reviewCard
	People       []reviewCard
	Projects     []reviewCard
	Publications []reviewCard
	Opt          *optionSets
	Institutions []option // every institution, with "new" first, for people
	Found        string   // "2 events, 5 people, 2 projects and 1 publication"
}

// reviewProblem is an error of the review, with the card it is on.
type reviewProblem struct {
	Label, Anchor, Field, Message string
}

// Problems lists the form's errors by card, in the cards' order, then the
// others.
func (d reviewPage) Problems() []reviewProblem {
	var out []reviewProblem
	done := map[string]bool{}
	for _, list := range [][]reviewCard{d.Events, d.People, d.Projects, d.Publications} {
		for _, c := range list {
			for _, e := range d.Form.ErrorList() {
				if e.Field == c.Prefix || strings.HasPrefix(e.Field, c.Prefix+".") {
					field := strings.TrimPrefix(strings.TrimPrefix(e.Field, c.Prefix), ".")
					out = append(out, reviewProblem{c.Label, c.Anchor, strings.ReplaceAll(field, "_", " "), e.Message})
					done[e.Field] = true
				}
			}
		}
	}
	for _, e := range d.Form.ErrorList() {
		if !done[e.Field] {
			out = append(out, reviewProblem{Field: strings.ReplaceAll(e.Field, "_", " "), Message: e.Message})
		}
	}
	return out
}

// reviewCard is one proposed record's card.
type reviewCard struct {
	Index   int
	Prefix  string // "events[0]"
	Anchor  string // "event-1"
	Label   string // "E1"
	Heading string
	Quote   string // what the text says, for the card's heading
	// Match describes the record the registry already has, when one
	// was found, with its link.
	Match, MatchLink string
	Candidates       []option // people of the same name
	InstHint         string   // why the institution was chosen
	SameAs           string   // "the same person as P1"
	Projects         []option // for an event: projects to link
	Events           []option // for a person: events they took part in
	Programmes       []option // for a project
	Error            string   // the card's own error, beside its fields'
	InText           bool     // the text has its label to link to
}

func (a *Admin) renderReview(w http.ResponseWriter, r *http.Request, status int, form *Form, text string, firstLook bool) {
	ctx := r.Context()
	d := reviewPage{Form: form, FirstLook: firstLook}
	var marks []mark
	err := a.st.View(ctx, func(rd *store.Reader) error {
		var err error
		if d.Opt, err = a.optionSets(ctx, rd, "event"); err != nil {
			return err
		}
		v, err := loadRegistryView(ctx, rd)
		if err != nil {
			return err
		}
		d.Institutions = append([]option{{"new", "New institution, from the fields below"}}, d.Opt.Institutions...)
		marks = d.cards(v, form, utf8.RuneCountInString(text))
		return nil
	})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	d.Text = highlight(text, marks)
	a.render(w, r, status, "extract", "Review extracted records", d)
}

// cards builds every card from the form, and the marks of their spans.
func (d *reviewPage) cards(v *registryView, form *Form, textLen int) []mark {
	var marks []mark
	rows := func(list string) []int {
		r := form.ExistingRows(list)
		return r[:min(len(r), maxProposed)]
	}
	card := func(typ, list, letter string, i, n int) reviewCard {
		c := reviewCard{Index: i, Prefix: fmt.Sprintf("%s[%d]", list, i), Anchor: fmt.Sprintf("%s-%d", typ, n), Label: fmt.Sprintf("%s%d", letter, n)}
		c.Error = form.Err(c.Prefix)
		for field, s := range decodeSpans(form.Get(c.Prefix + ".spans")) {
			c.InText = c.InText || s[0] < textLen
			marks = append(marks, mark{Start: s[0], End: s[1], Type: typ, Anchor: c.Anchor, Label: c.Label, Field: strings.ReplaceAll(field, "_", " ")})
		}
		return c
	}
	id := func(s string) int64 {
		n, _ := strconv.ParseInt(s, 10, 64)
		return n
	}
	instName := func(n int64) string {
		if in := v.instByID[n]; in != nil {
			s := in.Name.String()
			if in.Country != "" {
				s += " (" + country.Name(in.Country, "en") + ")"
			}
			return s
		}
		return fmt.Sprintf("institution %d", n)
	}
	personLabel := func(p *registry.Person) string {
		l := &lookups{Institutions: v.instByID}
		s := l.PersonName(p.ID, p)
		if det := l.PersonDetail(p); det != "" {
			s += " — " + det
		}
		if p.Status == registry.Draft {
			s += " (draft)"
		}
		return s
	}

	projectRows := rows("projects")
	var projectOpts []option
	for n, i := range projectRows {
		c := card("project", "projects", "J", i, n+1)
		title := form.Get(c.Prefix + ".title")
		c.Heading = instrumentLabel(form.Get(c.Prefix+".instrument")) + " project"
		c.Quote = title
		if m := id(form.Get(c.Prefix + ".match")); m != 0 {
			c.Match, c.MatchLink = fmt.Sprintf("Project %d is already in the registry with this reference or title.", m), fmt.Sprintf("/admin/projects/%d", m)
		}
		for _, p := range v.programmes {
			l := p.Name.String()
			if p.Acronym != "" {
				l += " (" + p.Acronym + ")"
			}
			c.Programmes = append(c.Programmes, option{strconv.FormatInt(p.ID, 10), l})
		}
		projectOpts = append(projectOpts, option{fmt.Sprintf("new:%d", i), c.Label + ": " + clip(title, 90) + " (from this text)"})
		d.Projects = append(d.Projects, c)
	}
	projectOpts = append(projectOpts, d.Opt.Projects...)

	eventRows := rows("events")
	var eventOpts []option
	for n, i := range eventRows {
		c := card("event", "events", "E", i, n+1)
		c.Heading = label(registry.EventKind(form.Get(c.Prefix + ".kind")))
		if s := form.Get(c.Prefix + ".start"); s != "" {
			c.Heading += " · " + s
			if e := form.Get(c.Prefix + ".end"); e != "" {
				c.Heading += " to " + e
			}
		}
		c.Quote = form.Get(c.Prefix + ".title")
		if m := id(form.Get(c.Prefix + ".match")); m != 0 {
			c.Match, c.MatchLink = fmt.Sprintf("Event %d is already in the registry: the same kind on the same day.", m), fmt.Sprintf("/admin/events/%d", m)
		}
		c.Projects = projectOpts
		l := c.Label + ": " + c.Heading
		if c.Quote != "" {
			l += " — " + clip(c.Quote, 60)
		}
		eventOpts = append(eventOpts, option{strconv.Itoa(i), l})
		d.Events = append(d.Events, c)
	}

	seen := map[string]string{} // name key -> label of the first card
	for n, i := range rows("people") {
		c := card("person", "people", "P", i, n+1)
		name := form.Get(c.Prefix + ".name")
		c.Heading, c.Quote = name, form.Get(c.Prefix+".role")
		for _, p := range v.matchPeople(name) {
			c.Candidates = append(c.Candidates, option{strconv.FormatInt(p.ID, 10), personLabel(p)})
		}
		if m := id(form.Get(c.Prefix + ".match")); m != 0 && !slices.ContainsFunc(c.Candidates, func(o option) bool { return o.Value == strconv.FormatInt(m, 10) }) {
			if p := v.personByID[m]; p != nil {
				c.Candidates = append(c.Candidates, option{strconv.FormatInt(m, 10), personLabel(p)})
			}
		}
		if len(c.Candidates) > 0 {
			c.Match = "Already in the registry under the same name."
		}
		if k := nameKey(name); k != "" {
			if first, ok := seen[k]; ok {
				c.SameAs = "The text names this person again: they are the same person as " + first + ", created or linked once."
			} else {
				seen[k] = c.Label
			}
		}
		org, ctry := form.Get(c.Prefix+".organization"), form.Get(c.Prefix+".country")
		switch m := v.matchInstitution(org, ctry, registry.InstitutionKind(form.Get(c.Prefix+".org_kind"))); {
		case m.ID != 0:
			c.InstHint = fmt.Sprintf("Found in the registry: %s (%s).", instName(m.ID), m.How)
		case org != "":
			c.InstHint = "No institution in the registry matches; a new one is proposed."
		}
		c.Events = eventOpts
		d.People = append(d.People, c)
	}

	for n, i := range rows("publications") {
		c := card("publication", "publications", "B", i, n+1)
		c.Heading = label(registry.PublicationKind(form.Get(c.Prefix + ".kind")))
		c.Quote = form.Get(c.Prefix + ".venue")
		if m := id(form.Get(c.Prefix + ".match")); m != 0 {
			c.Match, c.MatchLink = fmt.Sprintf("Publication %d is already in the registry: the same venue and title or count.", m), fmt.Sprintf("/admin/publications/%d", m)
		}
		d.Publications = append(d.Publications, c)
	}
	var found []string
	for _, x := range []struct {
		n         int
		one, many string
	}{{len(d.Events), "event", "events"}, {len(d.People), "person", "people"}, {len(d.Projects), "project", "projects"}, {len(d.Publications), "publication", "publications"}} {
		switch {
		case x.n == 1:
			found = append(found, "1 "+x.one)
		case x.n > 1:
			found = append(found, fmt.Sprintf("%d %s", x.n, x.many))
		}
	}
	switch len(found) {
	case 0:
	case 1:
		d.Found = found[0]
	default:
		d.Found = strings.Join(found[:len(found)-1], ", ") + " and " + found[len(found)-1]
	}
	return marks
}

// extractCreate creates the accepted records, or shows the review again
// with what was refused and writes nothing.
func (a *Admin) extractCreate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxReviewForm)
	if err := r.ParseForm(); err != nil {
		a.fail(w, r, err)
		return
	}
	values := r.PostForm
	raw, err := base64.StdEncoding.DecodeString(values.Get("carried"))
	if err != nil || len(raw) == 0 || len(raw) > MaxSourceText || !utf8.Valid(raw) {
		a.fail(w, r, fmt.Errorf("%w: the text did not come back intact; read it again", errBadInput))
		return
	}
	text := string(raw)
	form := newForm(values)
	title := strings.TrimSpace(values.Get("source_title"))
	switch {
	case title == "":
		form.Errors["source_title"] = []string{"is required: the source is kept as a document under this title"}
	case utf8.RuneCountInString(title) > registry.MaxTitle:
		form.Errors["source_title"] = []string{fmt.Sprintf("is too long; at most %d characters", registry.MaxTitle)}
	}
	ctx := store.WithNote(r.Context(), "created from source text: "+title)
	var made *createdRecords
	if !form.HasErrors() {
		err = a.st.Transact(ctx, func(tx *store.Tx) error {
			var err error
			made, err = createReviewed(ctx, tx, form, text, title)
			return err
		})
	}
	switch {
	case errors.Is(err, errReviewRefused) || (err == nil && form.HasErrors()):
		a.renderReview(w, r, http.StatusUnprocessableEntity, form, text, false)
		return
	case err != nil:
		a.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/extract/created?"+made.query().Encode(), "")
}

var errReviewRefused = errors.New("the review was refused")

// createdRecords are the ids a review created, by type.
type createdRecords struct {
	ids map[string][]int64 // "event" -> ids
}

var reviewTypes = []string{"institution", "person", "project", "event", "publication"}

func (c *createdRecords) add(noun string, id int64) { c.ids[noun] = append(c.ids[noun], id) }

func (c *createdRecords) query() url.Values {
	q := url.Values{}
	for _, t := range reviewTypes {
		for _, id := range c.ids[t] {
			q.Add(t, strconv.FormatInt(id, 10))
		}
	}
	return q
}

// createReviewed creates the accepted records of a review form in tx:
// institutions, then people, projects, events and publications, each
// linked to what it names; the source text is attached to every event,
// project and publication created. Every refusal is filed under the
// form field it concerns; then it returns errReviewRefused, so that the
// transaction writes nothing.
func createReviewed(ctx context.Context, tx *store.Tx, form *Form, text, title string) (*createdRecords, error) {
	values := form.Values
	made := &createdRecords{ids: map[string][]int64{}}
	fail := func(field, msg string) { form.Errors[field] = append(form.Errors[field], msg) }
	get := func(prefix, name string) string { return strings.TrimSpace(values.Get(prefix + "." + name)) }
	date := func(prefix, name string) registry.Date {
		d, err := registry.ParseDate(get(prefix, name))
		if err != nil {
			fail(prefix+"."+name, err.Error())
		}
		return d
	}
	number := func(prefix, name string) int {
		s := get(prefix, name)
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			fail(prefix+"."+name, strconv.Quote(s)+" is not a whole number")
		}
		return n
	}
	ref := func(prefix, name string) int64 {
		s := get(prefix, name)
		if s == "" {
			return 0
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			fail(prefix+"."+name, strconv.Quote(s)+" names no record")
		}
		return n
	}
	// file files a store refusal under the form's fields: fields maps the
	// record's top-level fields to the form's names; others go to the card.
	file := func(prefix string, err error, fields map[string]string) error {
		var ve *registry.ValidationError
		if !errors.As(err, &ve) {
			return err
		}
		for _, e := range ve.Errors {
			top, _, _ := strings.Cut(e.Field, ".")
			top, _, _ = strings.Cut(top, "[")
			to := prefix
			if f, ok := fields[top]; ok {
				to = prefix + "." + f
			}
			msg := e.Message
			if e.Value != nil {
				msg = formatValue(e.Value) + " " + msg
			}
			if to == prefix && e.Field != "" {
				msg = e.Field + ": " + msg
			}
			fail(to, msg)
		}
		return nil
	}
	d := &formDecoder{values: values}
	rows := func(list string) ([]int, error) {
		r := d.rowIndexes(list)
		if len(r) > maxProposed {
			return nil, fmt.Errorf("%w: more than %d %s", errBadInput, maxProposed, list)
		}
		return r, nil
	}
	eventRows, err := rows("events")
	if err != nil {
		return nil, err
	}
	peopleRows, err := rows("people")
	if err != nil {
		return nil, err
	}
	projectRows, err := rows("projects")
	if err != nil {
		return nil, err
	}
	pubRows, err := rows("publications")
	if err != nil {
		return nil, err
	}
	decision := func(prefix string) string {
		switch dd := get(prefix, "decision"); dd {
		case decideAccept, decideExisting, decideReject:
			return dd
		}
		fail(prefix+".decision", "choose whether to create, link or reject this record")
		return decideReject
	}
	existing := func(prefix, noun string, exists func(int64) (bool, error)) (int64, error) {
		id := ref(prefix, "match")
		if id == 0 {
			fail(prefix+".decision", "no "+noun+" in the registry was found for this one; create it or reject it")
			return 0, nil
		}
		ok, err := exists(id)
		if err != nil {
			return 0, err
		}
		if !ok {
			fail(prefix+".decision", fmt.Sprintf("%s %d is no longer in the registry; create this one or reject it", noun, id))
			return 0, nil
		}
		return id, nil
	}
	found := func(err error) (bool, error) {
		if errors.Is(err, registry.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	}

	// People, and the institutions they are proposed with. The same name
	// twice in one text is one person; the same new institution (name and
	// country) named twice is one institution.
	// A record the registry gained since the text was read (from another
	// review, or from this one sent twice) is not created again unseen:
	// the review comes back offering it as the existing one.
	view, err := loadRegistryView(ctx, &tx.Reader)
	if err != nil {
		return nil, err
	}
	appeared := func(prefix, noun string, id int64) bool {
		if get(prefix, "match") != "" {
			return false // known when read: creating another is a choice
		}
		values.Set(prefix+".match", strconv.FormatInt(id, 10))
		if slices.Contains(made.ids[noun], id) {
			fail(prefix+".decision", fmt.Sprintf("this %s is the same as another of this review; reject one of them", noun))
		} else {
			fail(prefix+".decision", fmt.Sprintf("%s %d, the same as this one, was created since the text was read (perhaps by sending this review twice); use it, or reject this one", capitalize(noun), id))
		}
		return true
	}

	personID := map[int]int64{}
	byName := map[string]int64{}
	newInst := map[string]int64{}
	instOf := map[int]int64{}
	for _, i := range peopleRows {
		p := fmt.Sprintf("people[%d]", i)
		dec := decision(p)
		if dec == decideReject {
			continue
		}
		name := get(p, "name")
		switch inst := get(p, "institution"); inst {
		case "":
		case "new":
			org, ctry := get(p, "organization"), strings.ToUpper(get(p, "country"))
			key := nameKey(org) + "|" + ctry
			if id, ok := newInst[key]; ok {
				instOf[i] = id
				break
			}
			in := &registry.Institution{Name: registry.T("en", org), Kind: registry.InstitutionKind(get(p, "org_kind")), Country: ctry}
			if _, err := tx.CreateInstitution(ctx, in); err != nil {
				if err := file(p, err, map[string]string{"name": "organization", "kind": "org_kind", "country": "country", "slug": "organization"}); err != nil {
					return nil, err
				}
				continue
			}
			newInst[key] = in.ID
			instOf[i] = in.ID
			made.add("institution", in.ID)
		default:
			id := ref(p, "institution")
			if id == 0 {
				continue
			}
			ok, err := found(func() error { _, err := tx.Institution(ctx, id); return err }())
			if err != nil {
				return nil, err
			}
			if !ok {
				fail(p+".institution", fmt.Sprintf("institution %d is no longer in the registry", id))
				continue
			}
			instOf[i] = id
		}
		if dec == decideExisting {
			id, err := existing(p, "person", func(id int64) (bool, error) { _, err := tx.Person(ctx, id); return found(err) })
			if err != nil {
				return nil, err
			}
			if id != 0 {
				personID[i] = id
				byName[nameKey(name)] = id
			}
			continue
		}
		if id, ok := byName[nameKey(name)]; ok && nameKey(name) != "" {
			personID[i] = id
			continue
		}
		if same := view.matchPeople(name); len(same) > 0 && appeared(p, "person", same[0].ID) {
			continue
		}
		given, family := splitName(name)
		person := &registry.Person{Honorific: registry.Honorific(get(p, "honorific")), GivenName: given, FamilyName: family}
		if inst := instOf[i]; inst != 0 {
			person.Affiliations = []registry.Affiliation{{InstitutionID: inst, Role: textOf(get(p, "role"))}}
		}
		if _, err := tx.CreatePerson(ctx, person); err != nil {
			if err := file(p, err, map[string]string{"given_name": "name", "family_name": "name", "honorific": "honorific", "affiliations": "role", "slug": "name", "display_name": "name"}); err != nil {
				return nil, err
			}
			continue
		}
		personID[i] = person.ID
		byName[nameKey(name)] = person.ID
		made.add("person", person.ID)
	}

	// Projects, with the components the events name under them.
	components := map[int][]registry.Component{}
	for _, i := range eventRows {
		e := fmt.Sprintf("events[%d]", i)
		if get(e, "decision") != decideAccept {
			continue
		}
		j, isNew := strings.CutPrefix(get(e, "project"), "new:")
		n, _ := strconv.Atoi(get(e, "component"))
		ct := get(e, "component_title")
		pj, err := strconv.Atoi(j)
		if !isNew || err != nil || n < 1 || ct == "" {
			continue
		}
		if !slices.ContainsFunc(components[pj], func(c registry.Component) bool { return c.Number == n }) {
			components[pj] = append(components[pj], registry.Component{Number: n, Title: registry.T("en", ct)})
		}
	}
	projectID := map[int]int64{}
	var owners []store.Document
	for _, i := range projectRows {
		p := fmt.Sprintf("projects[%d]", i)
		switch decision(p) {
		case decideReject:
			continue
		case decideExisting:
			id, err := existing(p, "project", func(id int64) (bool, error) { _, err := tx.Project(ctx, id); return found(err) })
			if err != nil {
				return nil, err
			}
			projectID[i] = id
			continue
		}
		proj := &registry.Project{
			Instrument: registry.Instrument(get(p, "instrument")), Title: textOf(get(p, "title")), Reference: get(p, "reference"),
			FunderID: ref(p, "funder"), BeneficiaryID: ref(p, "beneficiary"),
			Start: date(p, "start"), End: date(p, "end"), DurationMonths: number(p, "duration_months"), DurationUpTo: get(p, "duration_up_to") != "",
			Components: components[i],
		}
		for _, s := range values[p+".programme_ids"] {
			if id, err := strconv.ParseInt(s, 10, 64); err == nil {
				proj.ProgrammeIDs = append(proj.ProgrammeIDs, id)
			}
		}
		for _, c := range splitter.Split(get(p, "partner_countries"), -1) {
			if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
				proj.Partners = append(proj.Partners, registry.ProjectPartner{Country: c, Role: registry.PartnerUnspecified})
			}
		}
		for _, c := range splitter.Split(get(p, "expert_countries"), -1) {
			if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
				proj.ExpertCountries = append(proj.ExpertCountries, c)
			}
		}
		if same, err := existingProject(ctx, &tx.Reader, proj); err != nil {
			return nil, err
		} else if same != nil && appeared(p, "project", same.ID) {
			continue
		}
		if _, err := tx.CreateProject(ctx, proj); err != nil {
			if err := file(p, err, map[string]string{"instrument": "instrument", "title": "title", "reference": "reference", "funder_id": "funder",
				"beneficiary_id": "beneficiary", "programme_ids": "programme_ids", "partners": "partner_countries", "expert_countries": "expert_countries", "start": "start", "end": "end",
				"duration_months": "duration_months", "duration_up_to": "duration_up_to", "slug": "title"}); err != nil {
				return nil, err
			}
			continue
		}
		projectID[i] = proj.ID
		made.add("project", proj.ID)
		owners = append(owners, store.Document{OwnerType: "project", OwnerID: proj.ID})
	}

	// Events, with the people who took part.
	for _, i := range eventRows {
		e := fmt.Sprintf("events[%d]", i)
		switch decision(e) {
		case decideReject:
			continue
		case decideExisting:
			if _, err := existing(e, "event", func(id int64) (bool, error) { _, err := tx.Event(ctx, id); return found(err) }); err != nil {
				return nil, err
			}
			continue
		}
		ev := &registry.Event{
			Kind: registry.EventKind(get(e, "kind")), Title: textOf(get(e, "title")), Start: date(e, "start"), End: date(e, "end"),
			Country: strings.ToUpper(get(e, "country")), City: textOf(get(e, "city")), Instrument: registry.Instrument(get(e, "instrument")),
			FunderID: ref(e, "funder"), Component: number(e, "component"), Summary: textOf(get(e, "summary")),
		}
		if pr := get(e, "project"); pr != "" {
			if j, ok := strings.CutPrefix(pr, "new:"); ok {
				n, _ := strconv.Atoi(j)
				id, ok := projectID[n]
				if !ok {
					if get(fmt.Sprintf("projects[%d]", n), "decision") == decideReject || !slices.Contains(projectRows, n) {
						fail(e+".project", "names a project of this text that is rejected; accept the project or choose another")
					}
					// else the project was refused, and says why.
					continue
				}
				ev.ProjectID = id
			} else {
				ev.ProjectID = ref(e, "project")
			}
		}
		var who []int // the people cards of its participants, in order
		for _, pi := range peopleRows {
			pp := fmt.Sprintf("people[%d]", pi)
			id, ok := personID[pi]
			if !ok || get(pp, "event") != strconv.Itoa(i) {
				continue
			}
			role := registry.ParticipantRole(get(pp, "participation"))
			if role == "" {
				role = registry.RoleParticipant
			}
			if slices.ContainsFunc(ev.Participants, func(x registry.Participant) bool { return x.PersonID == id && x.Role == role }) {
				continue // the same person named twice at one event
			}
			ev.Participants = append(ev.Participants, registry.Participant{PersonID: id, Role: role, Title: textOf(get(pp, "role")), InstitutionID: instOf[pi]})
			who = append(who, pi)
		}
		if same, err := existingEvent(ctx, &tx.Reader, ev); err != nil {
			return nil, err
		} else if same != nil && appeared(e, "event", same.ID) {
			continue
		}
		if _, err := tx.CreateEvent(ctx, ev); err != nil {
			var ve *registry.ValidationError
			if errors.As(err, &ve) {
				// A participant's refusal belongs on that person's card.
				var rest []registry.FieldError
				for _, fe := range ve.Errors {
					var k int
					var sub string
					if n, _ := fmt.Sscanf(fe.Field, "participants[%d].%s", &k, &sub); n == 2 && k >= 0 && k < len(who) {
						msg := fe.Message
						if fe.Value != nil {
							msg = formatValue(fe.Value) + " " + msg
						}
						fail(fmt.Sprintf("people[%d].participation", who[k]), "at "+e+": "+sub+": "+msg)
						continue
					}
					rest = append(rest, fe)
				}
				err = &registry.ValidationError{Errors: rest}
			}
			if err := file(e, err, map[string]string{"kind": "kind", "title": "title", "start": "start", "end": "end", "country": "country", "city": "city",
				"instrument": "instrument", "project_id": "project", "component": "component", "funder_id": "funder", "summary": "summary", "slug": "title"}); err != nil {
				return nil, err
			}
			continue
		}
		made.add("event", ev.ID)
		owners = append(owners, store.Document{OwnerType: "event", OwnerID: ev.ID})
	}

	for _, i := range pubRows {
		p := fmt.Sprintf("publications[%d]", i)
		switch decision(p) {
		case decideReject:
			continue
		case decideExisting:
			if _, err := existing(p, "publication", func(id int64) (bool, error) { _, err := tx.Publication(ctx, id); return found(err) }); err != nil {
				return nil, err
			}
			continue
		}
		pub := &registry.Publication{
			Kind: registry.PublicationKind(get(p, "kind")), Venue: get(p, "venue"), Title: textOf(get(p, "title")),
			ItemCount: number(p, "count"), PublisherID: ref(p, "publisher"), Summary: textOf(get(p, "summary")),
		}
		if same, err := existingPublication(ctx, &tx.Reader, pub); err != nil {
			return nil, err
		} else if same != nil && appeared(p, "publication", same.ID) {
			continue
		}
		if _, err := tx.CreatePublication(ctx, pub); err != nil {
			if err := file(p, err, map[string]string{"kind": "kind", "venue": "venue", "title": "title", "item_count": "count", "publisher_id": "publisher", "summary": "summary", "slug": "title"}); err != nil {
				return nil, err
			}
			continue
		}
		made.add("publication", pub.ID)
		owners = append(owners, store.Document{OwnerType: "publication", OwnerID: pub.ID})
	}

	if form.HasErrors() {
		return nil, errReviewRefused
	}
	// The source, kept with every record made from it: staff only (a
	// draft document), as the text the records were read from.
	data := []byte(text)
	sum := sha256.Sum256(data)
	name := slug.Make(title)
	if name == "" {
		name = "source"
	}
	for _, o := range owners {
		doc := &store.Document{OwnerType: o.OwnerType, OwnerID: o.OwnerID, Title: "Source text: " + title, Filename: clip(name, 100) + ".txt",
			ContentType: "text/plain; charset=utf-8", Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Status: registry.Draft}
		if err := tx.AddDocument(ctx, doc, data); err != nil {
			return nil, err
		}
	}
	return made, nil
}

type createdRow struct {
	Noun, Label, Detail, Link string
	Status                    registry.Status
}

// extractCreated lists the drafts a review created, with the button that
// publishes them all.
func (a *Admin) extractCreated(w http.ResponseWriter, r *http.Request) {
	rows, q, err := a.createdRows(r.Context(), r.URL.Query())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, "extract-created", "Records created from text", struct {
		Rows   []createdRow
		Query  url.Values
		Drafts bool
	}{rows, q, slices.ContainsFunc(rows, func(c createdRow) bool { return c.Status == registry.Draft })})
}

// createdRows loads the records q names ("event=3&person=5"), skipping
// those deleted since, and returns the query of those found.
func (a *Admin) createdRows(ctx context.Context, q url.Values) ([]createdRow, url.Values, error) {
	var out []createdRow
	kept := url.Values{}
	n := 0
	err := a.st.View(ctx, func(rd *store.Reader) error {
		l := &lookups{Institutions: map[int64]*registry.Institution{}}
		for _, t := range reviewTypes {
			for _, s := range q[t] {
				id, perr := strconv.ParseInt(s, 10, 64)
				if perr != nil || id < 1 {
					continue
				}
				if n++; n > 5*maxProposed {
					return fmt.Errorf("%w: too many records", errBadInput)
				}
				row := createdRow{Noun: t, Link: fmt.Sprintf("/admin/%s/%d", pluralOf(t), id)}
				var err error
				switch t {
				case "institution":
					var x *registry.Institution
					if x, err = rd.Institution(ctx, id); err == nil {
						row.Label, row.Status = x.Name.String(), x.Status
						row.Detail = label(x.Kind)
						if x.Country != "" {
							row.Detail += " · " + country.Name(x.Country, "en")
						}
					}
				case "person":
					var x *registry.Person
					if x, err = rd.Person(ctx, id); err == nil {
						row.Label, row.Status = l.PersonName(id, x), x.Status
						if len(x.Affiliations) > 0 {
							if l.Institutions, err = rd.InstitutionsByID(ctx, []int64{x.Affiliations[0].InstitutionID}); err != nil {
								return err
							}
							row.Detail = l.PersonDetail(x)
						}
					}
				case "project":
					var x *registry.Project
					if x, err = rd.Project(ctx, id); err == nil {
						row.Label, row.Status, row.Detail = x.Title.String(), x.Status, strings.TrimSpace(instrumentLabel(string(x.Instrument))+" "+x.Reference)
					}
				case "event":
					var x *registry.Event
					if x, err = rd.Event(ctx, id); err == nil {
						row.Label, row.Status, row.Detail = x.Title.String(), x.Status, label(x.Kind)+" · "+x.Start.String()
						if !x.End.IsZero() {
							row.Detail += " to " + x.End.String()
						}
						if row.Label == "" {
							row.Label = label(x.Kind)
						}
					}
				case "publication":
					var x *registry.Publication
					if x, err = rd.Publication(ctx, id); err == nil {
						row.Label, row.Status, row.Detail = x.Title.String(), x.Status, x.Venue
						if row.Label == "" {
							row.Label = fmt.Sprintf("%d %ss", x.ItemCount, x.Kind)
						}
					}
				}
				if errors.Is(err, registry.ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				out = append(out, row)
				kept.Add(t, s)
			}
		}
		return nil
	})
	return out, kept, err
}

// extractPublish publishes every record a review created, in one
// transaction, each through its normal save so that its history shows
// it.
func (a *Admin) extractPublish(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		a.fail(w, r, err)
		return
	}
	_, q, err := a.createdRows(r.Context(), r.PostForm)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ctx := r.Context()
	err = a.st.Transact(ctx, func(tx *store.Tx) error {
		// What they name goes with them, as when one record is saved and
		// published: a linked person who was a draft, an event's project.
		ids := map[string][]int64{}
		var queue []ref
		seen := map[ref]bool{}
		for _, t := range reviewTypes {
			for _, s := range q[t] {
				id, _ := strconv.ParseInt(s, 10, 64)
				queue = append(queue, ref{t, id})
			}
		}
		for len(queue) > 0 {
			rf := queue[0]
			queue = queue[1:]
			if seen[rf] {
				continue
			}
			seen[rf] = true
			ids[rf.kind] = append(ids[rf.kind], rf.id)
			named, err := namedBy(ctx, &tx.Reader, rf.kind, rf.id)
			if err != nil {
				return err
			}
			queue = append(queue, named...)
		}
		for _, t := range append([]string{"programme"}, reviewTypes...) {
			k := a.kind(pluralOf(t))
			slices.Sort(ids[t])
			for _, id := range slices.Compact(ids[t]) {
				if _, err := k.publishDraft(ctx, tx, id); err != nil {
					return err
				}
			}
		}
		return nil
	})
	var ve *registry.ValidationError
	if errors.As(err, &ve) {
		err = fmt.Errorf("%w: a record cannot be published as it is (%s); open it, correct it and publish it there", errBadInput, ve.Error())
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	redirect(w, r, "/admin/extract/created?"+q.Encode(), "published_all")
}

// namedBy lists the records a record of type noun names, by noun.
func namedBy(ctx context.Context, rd *store.Reader, noun string, id int64) ([]ref, error) {
	var out []ref
	add := func(kind string, ids ...int64) {
		for _, id := range ids {
			if id > 0 {
				out = append(out, ref{kind, id})
			}
		}
	}
	switch noun {
	case "institution":
		x, err := rd.Institution(ctx, id)
		if err != nil {
			return nil, err
		}
		add("institution", x.ParentID)
	case "person":
		x, err := rd.Person(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, af := range x.Affiliations {
			add("institution", af.InstitutionID)
		}
	case "project":
		x, err := rd.Project(ctx, id)
		if err != nil {
			return nil, err
		}
		add("institution", x.FunderID, x.BeneficiaryID)
		for _, pp := range x.Partners {
			add("institution", pp.InstitutionID)
		}
		add("programme", x.ProgrammeIDs...)
	case "event":
		x, err := rd.Event(ctx, id)
		if err != nil {
			return nil, err
		}
		add("institution", x.FunderID)
		add("project", x.ProjectID)
		for _, p := range x.Participants {
			add("person", p.PersonID)
			add("institution", p.InstitutionID)
		}
	case "publication":
		x, err := rd.Publication(ctx, id)
		if err != nil {
			return nil, err
		}
		add("institution", x.PublisherID)
	}
	return out, nil
}

// registerReview adds the review's routes: editors only, since reading a
// text is the first step of creating records.
func (a *Admin) registerReview(rt *auth.Router) {
	rt.HandleFunc("GET /admin/extract", auth.Editors, a.extractPage)
	rt.HandleFunc("POST /admin/extract", auth.Editors, a.extractRead)
	rt.HandleFunc("POST /admin/extract/create", auth.Editors, a.extractCreate)
	rt.HandleFunc("GET /admin/extract/created", auth.Editors, a.extractCreated)
	rt.HandleFunc("POST /admin/extract/publish", auth.Editors, a.extractPublish)
}
