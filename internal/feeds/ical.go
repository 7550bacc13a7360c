package feeds

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/liaison-registry/liaison/internal/locale"
	"github.com/liaison-registry/liaison/internal/registry"
	"github.com/liaison-registry/liaison/internal/store"
	"github.com/liaison-registry/liaison/internal/versioned"
)

// The calendars are written by hand rather than with
// github.com/emersion/go-ical's Encoder (the tests read them with its
// Decoder): that Encoder neither folds lines longer than 75 octets, as
// RFC 5545 (3.1) requires, nor escapes text (it refuses a value with a
// line break instead), and it encodes a whole calendar held in memory,
// where a registry's events are written a page at a time.

// pageSize is how many events are read and written at a time.
const pageSize = 200

// icsWriter writes iCalendar content lines: CRLF-terminated, folded at
// 75 octets without splitting a UTF-8 character.
type icsWriter struct {
	w *bufio.Writer
}

// maxLine is the longest content line RFC 5545 allows, in octets,
// without its CRLF.
const maxLine = 75

// line writes one content line, folding it: each continuation line
// begins with a space and holds at most 74 octets more.
func (c *icsWriter) line(s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		c.w.WriteString(s[:cut])
		c.w.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1
	}
	c.w.WriteString(s)
	c.w.WriteString("\r\n")
}

// text writes a property of type TEXT, escaped.
func (c *icsWriter) text(name, value string) { c.line(name + ":" + escapeText(value)) }

// escapeText escapes a TEXT value (RFC 5545, 3.3.11): backslash,
// semicolon and comma are preceded by a backslash, and a line break,
// however written, becomes \n. Other control characters, which TEXT may
// not hold, are dropped.
func escapeText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
			b.WriteString(`\n`)
			size = 2
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
			// dropped
		default:
			b.WriteRune(r) // an invalid byte becomes U+FFFD
		}
		i += size
	}
	return b.String()
}

func icsDate(t time.Time) string     { return t.Format("20060102") }
func icsDateTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// lang reads ?lang=, English when it is not given; an unknown language is
// refused.
func lang(w http.ResponseWriter, r *http.Request) (string, bool) {
	l := r.URL.Query().Get("lang")
	if l == "" {
		return "en", true
	}
	if !slices.Contains(locale.Languages, l) {
		http.Error(w, fmt.Sprintf("lang %q is not a language of this site; expected one of %s", locale.Clip(l, 20), strings.Join(locale.Languages, ", ")), http.StatusBadRequest)
		return "", false
	}
	return l, true
}

// allEvents is every published event.
func (f *Feeds) allEvents(w http.ResponseWriter, r *http.Request) {
	f.serveCalendar(w, r, func(ctx context.Context, rd *store.Reader, t tr) (string, store.Filter, error) {
		site, err := siteName(ctx, rd, t)
		return site, store.Filter{}, err
	})
}

// projectEvents is a published project's published events.
func (f *Feeds) projectEvents(w http.ResponseWriter, r *http.Request) {
	f.serveCalendar(w, r, func(ctx context.Context, rd *store.Reader, t tr) (string, store.Filter, error) {
		id, err := rd.IDBySlug(ctx, "project", r.PathValue("slug"))
		if err != nil {
			return "", store.Filter{}, err
		}
		p, err := rd.Project(ctx, id)
		if err != nil || p.Status != registry.Published {
			return "", store.Filter{}, registry.ErrNotFound
		}
		title, _ := t.text(p.Title)
		return title, store.Filter{ProjectID: id}, nil
	})
}

// partnerEvents is the published events of a published partnership: those
// funded by the partner or its sub-bodies, the events of its cooperation
// page.
func (f *Feeds) partnerEvents(w http.ResponseWriter, r *http.Request) {
	f.serveCalendar(w, r, func(ctx context.Context, rd *store.Reader, t tr) (string, store.Filter, error) {
		ps, err := rd.PartnershipBySlug(ctx, r.PathValue("slug"))
		if err != nil {
			return "", store.Filter{}, err
		}
		if ps.Status != registry.Published {
			return "", store.Filter{}, registry.ErrNotFound
		}
		scope, err := rd.InstitutionTree(ctx, ps.PartnerID)
		if err != nil {
			return "", store.Filter{}, err
		}
		title, _ := t.text(ps.Title)
		return title, store.Filter{Partner: scope}, nil
	})
}

// selection finds what a calendar holds: its name and the filter of its
// events, or registry.ErrNotFound.
type selection func(ctx context.Context, rd *store.Reader, t tr) (name string, f store.Filter, err error)

func (f *Feeds) serveCalendar(w http.ResponseWriter, r *http.Request, sel selection) {
	l, ok := lang(w, r)
	if !ok {
		return
	}
	t := f.tr(l)
	ctx := r.Context()
	var name string
	var filter store.Filter
	var version int64
	var changed time.Time
	err := f.st.View(ctx, func(rd *store.Reader) error {
		var err error
		if name, filter, err = sel(ctx, rd, t); err != nil {
			return err
		}
		version, changed, err = rd.LastChange(ctx)
		return err
	})
	switch {
	case errors.Is(err, registry.ErrNotFound):
		http.Error(w, "There is no such calendar: the record is unknown or not published.", http.StatusNotFound)
		return
	case err != nil:
		f.fail(w, r, err)
		return
	}
	key := f.origin(r) + "\x00" + r.URL.Path + "\x00" + l
	cal, err := f.calendars.Do(version, key, func() (*drawnCalendar, bool, error) {
		var b bytes.Buffer
		// Drawn for all who ask together: one going away does not end it.
		err := f.writeCalendar(context.WithoutCancel(ctx), &b, r, t, name, filter)
		return &drawnCalendar{version: version, changed: changed, body: b.Bytes()}, true, err
	})
	if err != nil {
		f.fail(w, r, err)
		return
	}
	// The validators are those of the registry the calendar shows.
	if writeValidators(w, r, cal.version, cal.changed) {
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Language", l)
	w.Write(cal.body)
}

// Calendars are kept with the version of the registry each was drawn
// from (versioned.Cache). A calendar program refreshes every six hours and
// keeps what it got for a quarter of an hour (Cache-Control), so a
// calendar drawn less than the grace ago is still served after a write,
// under the validators of the registry it shows: on a busy network,
// writes come several a second, and each made the next reader draw a
// thousand events again (0.35 s of a core on the network registry).
type drawnCalendar struct {
	version int64     // the registry's change it shows
	changed time.Time // and that change's time
	body    []byte
}

// maxCalendarBytes bounds the calendars kept, all together: a calendar
// of the newest thousand events is about a megabyte.
const maxCalendarBytes = 32 << 20

// Past its grace, a calendar drawn less than twice the grace ago is served
// while it is drawn again in the background: a calendar takes a tenth of
// a second or more to draw, and no reader need wait for it.
func newCalendarCache(grace time.Duration, now func() time.Time) *versioned.Cache[*drawnCalendar] {
	return versioned.New(maxCalendarBytes, func(c *drawnCalendar) int { return len(c.body) }).WithGrace(grace, now).WithRedrawBehind(grace)
}

// maxCalendarEvents bounds a calendar: the newest events by start. A
// network's registry holds hundreds of thousands, which no calendar
// program wants every six hours; the API and the export have them all.
const maxCalendarEvents = 1000

// writeCalendar writes the calendar of the events filter selects, the
// newest maxCalendarEvents of them.
func (f *Feeds) writeCalendar(ctx context.Context, out *bytes.Buffer, r *http.Request, t tr, name string, filter store.Filter) error {
	site, err := f.site(ctx)
	if err != nil {
		return err
	}
	filter.Status, filter.Limit, filter.Desc = registry.Published, pageSize, true
	c := &icsWriter{w: bufio.NewWriter(out)}
	name = t.S("feed.calendar", "Name", name)
	c.line("BEGIN:VCALENDAR")
	c.line("VERSION:2.0")
	c.line("PRODID:-//Liaison//Liaison cooperation registry//EN")
	c.line("CALSCALE:GREGORIAN")
	c.line("METHOD:PUBLISH")
	c.text("X-WR-CALNAME", name)
	c.text("NAME", name) // RFC 7986
	c.line("REFRESH-INTERVAL;VALUE=DURATION:PT6H")
	c.line("X-PUBLISHED-TTL:PT6H")
	origin := f.origin(r)
	// Read newest first, written in date order.
	var batches []*eventBatch
	for read := 0; read < maxCalendarEvents; {
		filter.Limit = min(pageSize, maxCalendarEvents-read)
		batch, err := f.loadEvents(ctx, filter)
		if err != nil {
			return err
		}
		batches = append(batches, batch)
		read += len(batch.events)
		if batch.next == nil {
			break
		}
		filter.After = *batch.next
	}
	for _, batch := range slices.Backward(batches) {
		for i := range slices.Backward(batch.events) {
			c.event(t, &batch.events[i], batch, site, origin)
		}
	}
	c.line("END:VCALENDAR")
	return c.w.Flush()
}

// eventBatch is a page of events with the records they name, published
// ones only.
type eventBatch struct {
	events []registry.Event
	next   *store.Cursor
	people map[int64]*registry.Person
	insts  map[int64]*registry.Institution
	projs  map[int64]*registry.Project
	stamps map[int64]store.Stamp
}

func (f *Feeds) loadEvents(ctx context.Context, filter store.Filter) (*eventBatch, error) {
	b := &eventBatch{}
	err := f.st.View(ctx, func(rd *store.Reader) error {
		page, err := rd.Events(ctx, filter)
		if err != nil {
			return err
		}
		b.events, b.next = page.Items, page.Next
		var ids, people, insts, projs []int64
		for _, e := range page.Items {
			ids = append(ids, e.ID)
			if e.ProjectID != 0 {
				projs = append(projs, e.ProjectID)
			}
			for _, pt := range e.Participants {
				people = append(people, pt.PersonID)
				if pt.InstitutionID != 0 {
					insts = append(insts, pt.InstitutionID)
				}
			}
		}
		if b.people, err = rd.PeopleByID(ctx, people); err != nil {
			return err
		}
		for _, p := range b.people {
			if len(p.Affiliations) > 0 {
				insts = append(insts, p.Affiliations[0].InstitutionID)
			}
		}
		if b.insts, err = rd.InstitutionsByID(ctx, insts); err != nil {
			return err
		}
		if b.projs, err = rd.ProjectsByID(ctx, projs); err != nil {
			return err
		}
		b.stamps, err = rd.Stamps(ctx, "event", ids)
		return err
	})
	onlyPublished(b.people)
	onlyPublished(b.insts)
	onlyPublished(b.projs)
	return b, err
}

func onlyPublished[T any, PT interface {
	*T
	GetMeta() *registry.Meta
}](m map[int64]PT) {
	for id, rec := range m {
		if rec.GetMeta().Status != registry.Published {
			delete(m, id)
		}
	}
}

// EventUID is the iCalendar UID of an event of the site: "liaison-event-"
// with the event's id and the site's id (store.SiteID). Record ids never
// change and are never reused, and the site id is kept in the database,
// so the UID is the same in every feed, in every language, on every
// instance and whatever address the site is reached at; the site id keeps
// two registries' event 1 apart in a reader's calendar.
func EventUID(site string, id int64) string {
	return fmt.Sprintf("liaison-event-%d-%s", id, site)
}

// event writes one VEVENT.
func (c *icsWriter) event(t tr, e *registry.Event, b *eventBatch, site, origin string) {
	c.line("BEGIN:VEVENT")
	c.text("UID", EventUID(site, e.ID))
	// The time of the record's last change rather than now, so that the
	// same registry gives the same calendar.
	stamp := b.stamps[e.ID].Updated
	if stamp.IsZero() {
		stamp = time.Unix(0, 0)
	}
	c.line("DTSTAMP:" + icsDateTime(stamp))
	c.line("LAST-MODIFIED:" + icsDateTime(stamp))
	title, titleLang := t.eventTitle(e)
	c.text("SUMMARY;LANGUAGE="+titleLang, title)
	// All-day events: DTEND is the day after the last, and a date known
	// to the month or year spans all of it.
	last := e.Start.Last()
	if !e.End.IsZero() && e.End.Last().After(last) {
		last = e.End.Last()
	}
	c.line("DTSTART;VALUE=DATE:" + icsDate(e.Start.First()))
	c.line("DTEND;VALUE=DATE:" + icsDate(last.AddDate(0, 0, 1)))
	if place := t.place(e); place != "" {
		c.text("LOCATION", place)
	}
	url := origin + "/" + t.lang + "/events/" + e.Slug
	c.text("DESCRIPTION", description(t, e, b, url))
	c.text("CATEGORIES", t.kind("kind", string(e.Kind)))
	c.line("URL:" + url)
	c.line("TRANSP:TRANSPARENT")
	c.line("END:VEVENT")
}

// description is what a calendar shows of an event beyond its title,
// date and place: kind and instrument, summary, how much of the date is
// known, the people who took part with the title and institution they
// held then, the project, and the event's page.
func description(t tr, e *registry.Event, b *eventBatch, url string) string {
	var paras []string
	lead := t.kind("kind", string(e.Kind))
	instrument := e.Instrument
	project := b.projs[e.ProjectID]
	if instrument == "" && project != nil {
		instrument = project.Instrument
	}
	if instrument != "" {
		lead += " · " + t.S("instrument."+string(instrument))
	}
	paras = append(paras, lead)
	if s, _ := t.text(e.Summary); s != "" {
		paras = append(paras, s)
	}
	if note := dateNote(t, e.Start, e.End); note != "" {
		paras = append(paras, note)
	}
	for _, role := range registry.ParticipantRoles {
		var lines []string
		for _, pt := range e.Participants {
			if pt.Role == role {
				if s := participant(t, pt, b); s != "" {
					lines = append(lines, s)
				}
			}
		}
		if len(lines) > 0 {
			// The heading shows no number: it says one or several (21
			// speakers are "Докладчики", though Russian counts 21 as 1).
			n := 1
			if len(lines) > 1 {
				n = 5
			}
			heading := t.N("role."+string(role), n)
			paras = append(paras, heading+":\n"+strings.Join(lines, "\n"))
		}
	}
	if project != nil {
		title, _ := t.text(project.Title)
		paras = append(paras, t.S("feed.project", "Title", title))
	}
	paras = append(paras, url)
	return strings.Join(paras, "\n\n")
}

// dateNote says when an event's date is known only to the month or the
// year, which the calendar shows as the whole month or year.
func dateNote(t tr, start, end registry.Date) string {
	coarsest := start.Precision()
	if !end.IsZero() {
		coarsest = min(coarsest, end.Precision())
	}
	when := locale.Range(t.lang, start, end)
	switch coarsest {
	case registry.YearOnly:
		return t.S("feed.date_year", "When", when)
	case registry.MonthOnly:
		return t.S("feed.date_month", "When", when)
	}
	return ""
}

// participant is a person as they were at the event: "Mr. Augustinas
// Normantas, Seimas Ombudsman, Seimas Ombudsmen's Office of the Republic
// of Lithuania (Lithuania)"; the title and institution recorded for the
// event, or else the person's first position. "" for a person who is not
// published.
func participant(t tr, pt registry.Participant, b *eventBatch) string {
	p := b.people[pt.PersonID]
	if p == nil {
		return ""
	}
	name := p.NameIn(t.lang)
	if h := t.kind("honorific", string(p.Honorific)); h != "" {
		name = h + " " + name
	}
	parts := []string{name}
	title, _ := t.text(pt.Title)
	instID := pt.InstitutionID
	if instID == 0 && len(p.Affiliations) > 0 {
		instID = p.Affiliations[0].InstitutionID
		if title == "" {
			title, _ = t.text(p.Affiliations[0].Role)
		}
	}
	if title != "" {
		parts = append(parts, title)
	}
	s := strings.Join(parts, ", ")
	if in := b.insts[instID]; in != nil {
		if n, _ := t.text(in.Name); n != "" {
			s += ", " + n
		}
		if in.Country != "" {
			s += " (" + t.country(in.Country) + ")"
		}
	}
	return s
}
