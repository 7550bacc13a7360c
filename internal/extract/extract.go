// Package extract reads cooperation prose (web pages, news items,
// annual-report chapters) into draft records for staff to review: events,
// people, projects and publications, each with the character spans of
// the text its fields came from. It is rules and dictionaries, pure Go,
// offline and deterministic.
//
// The output follows the gold format of ../shared/extract/README.md:
// plain values, null where the text is silent, and a "spans" object per
// record mapping field names to [start, end) offsets in runes of the
// input text.
package extract

// Document is what a text says, as draft records.
type Document struct {
	Events       []Event       `json:"events"`
	People       []Person      `json:"people"`
	Projects     []Project     `json:"projects"`
	Publications []Publication `json:"publications"`
}

// Spans maps a record's field names to [start, end) rune offsets in the
// input text.
type Spans map[string][2]int

// Event is a seminar, study visit, mission or the like.
type Event struct {
	Kind       string  `json:"kind"` // seminar, workshop, study_visit, expert_mission, conference, training, meeting, round_table, other
	Title      *string `json:"title"`
	Start      *string `json:"start"` // 2011-10-28, 2011-10 or 2011
	End        *string `json:"end"`   // null for a one-day event
	Country    *string `json:"country"`
	City       *string `json:"city"`
	Instrument *string `json:"instrument"` // TAIEX, Twinning, Twinning Light, other
	Spans      Spans   `json:"spans,omitempty"`
}

// Person is someone the text names, with the role, organisation and
// country it gives them.
type Person struct {
	Name         string  `json:"name"` // given and family name, no honorific
	Role         *string `json:"role"`
	Organization *string `json:"organization"`
	Country      *string `json:"country"`
	Spans        Spans   `json:"spans,omitempty"`
}

// Project is a Twinning, Twinning Light, TAIEX or other project.
type Project struct {
	Instrument       *string  `json:"instrument"`
	Title            *string  `json:"title"`
	Reference        *string  `json:"reference"`
	DurationMonths   *int     `json:"duration_months"`
	Start            *string  `json:"start"`
	End              *string  `json:"end"`
	PartnerCountries []string `json:"partner_countries"`
	Spans            Spans    `json:"spans,omitempty"`
}

// Publication is an article, report or a number of them in a venue.
type Publication struct {
	Venue *string `json:"venue"`
	Count *int    `json:"count"`
	Title *string `json:"title"`
	Spans Spans   `json:"spans,omitempty"`
}
