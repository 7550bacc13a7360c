package portal

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/liaison-registry/liaison/internal/registry"
)

var months = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// formatDate writes a partial date as prose: "28 October 2011",
// "October 2011", "2011".
func formatDate(d registry.Date) string {
	switch d.Precision() {
	case registry.Day:
		return fmt.Sprintf("%d %s %d", d.Day(), months[d.Month()-1], d.Year())
	case registry.MonthOnly:
		return fmt.Sprintf("%s %d", months[d.Month()-1], d.Year())
	case registry.YearOnly:
		return strconv.Itoa(d.Year())
	}
	return ""
}

// formatRange writes a date range without repeating what both ends share:
// "3–7 October 2016", "28 October – 2 November 2016", "2011–2013".
func formatRange(start, end registry.Date) string {
	if end.IsZero() || end.String() == start.String() {
		return formatDate(start)
	}
	if start.IsZero() {
		return "until " + formatDate(end)
	}
	const dash = "\u2013" // en dash, as CLDR writes intervals
	sp, ep := start.Precision(), end.Precision()
	switch {
	case sp == registry.Day && ep == registry.Day && start.Year() == end.Year() && start.Month() == end.Month():
		return fmt.Sprintf("%d%s%d %s %d", start.Day(), dash, end.Day(), months[start.Month()-1], start.Year())
	case sp == registry.Day && ep == registry.Day && start.Year() == end.Year():
		return fmt.Sprintf("%d %s %s %d %s %d", start.Day(), months[start.Month()-1], dash, end.Day(), months[end.Month()-1], end.Year())
	case sp == registry.MonthOnly && ep == registry.MonthOnly && start.Year() == end.Year():
		return fmt.Sprintf("%s%s%s %d", months[start.Month()-1], dash, months[end.Month()-1], end.Year())
	case sp == registry.YearOnly && ep == registry.YearOnly:
		return fmt.Sprintf("%d%s%d", start.Year(), dash, end.Year())
	}
	return formatDate(start) + " " + dash + " " + formatDate(end)
}

// isoRange is the machine-readable form for <time datetime>.
func isoRange(start, end registry.Date) string {
	if end.IsZero() {
		return start.String()
	}
	return start.String() + "/" + end.String()
}

var smallNumbers = [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

// number writes whole numbers up to ten as words and larger ones as
// digits, as English house styles do ("six months", "24 months").
func number(n int) string {
	if n >= 0 && n < len(smallNumbers) {
		return smallNumbers[n]
	}
	return strconv.Itoa(n)
}

// counted writes "one article", "ten articles", "24 months".
func counted(n int, singular, plural string) string {
	if n == 1 {
		return number(n) + " " + singular
	}
	return number(n) + " " + plural
}

// capitalize upper-cases the first letter.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// join writes a list as prose: "A", "A and B", "A, B and C".
func join(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// paragraphs splits prose at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var honorifics = map[registry.Honorific]string{
	registry.Mr: "Mr.", registry.Mrs: "Mrs.", registry.Ms: "Ms.", registry.Dr: "Dr.", registry.Prof: "Prof.",
}

var instrumentNames = map[registry.Instrument]string{
	registry.Twinning: "Twinning", registry.TwinningLight: "Twinning Light", registry.TAIEX: "TAIEX", registry.OtherInstrument: "Other instruments",
}

// instrumentAbout explains each instrument to a reader who has not met it.
var instrumentAbout = map[registry.Instrument]string{
	registry.Twinning:        "Institution-building projects in which a public administration of an EU member state works with its counterpart in a partner country towards results both have agreed, usually over two years, with a resident adviser and short-term expert missions.",
	registry.TwinningLight:   "Shorter Twinning projects of up to six months on a narrowly defined need.",
	registry.TAIEX:           "Technical Assistance and Information Exchange: short seminars, workshops, expert missions and study visits in which experts from EU member states share their experience.",
	registry.OtherInstrument: "Cooperation outside the Twinning and TAIEX instruments.",
}

var eventKindNames = map[registry.EventKind][2]string{
	registry.Seminar: {"Seminar", "Seminars"}, registry.Workshop: {"Workshop", "Workshops"},
	registry.StudyVisit: {"Study visit", "Study visits"}, registry.ExpertMission: {"Expert mission", "Expert missions"},
	registry.Conference: {"Conference", "Conferences"}, registry.Training: {"Training", "Trainings"},
	registry.SteeringCommittee: {"Steering committee meeting", "Steering committee meetings"},
	registry.Meeting:           {"Meeting", "Meetings"}, registry.RoundTable: {"Round table", "Round tables"},
	registry.OtherEvent: {"Event", "Events"},
}

var publicationKindNames = map[registry.PublicationKind][2]string{
	registry.PubArticle: {"article", "articles"}, registry.PubReport: {"report", "reports"}, registry.PubBook: {"book", "books"},
	registry.PubJournalIssue: {"journal issue", "journal issues"}, registry.PubOther: {"publication", "publications"},
}

var roleNames = map[registry.ParticipantRole][2]string{
	registry.RoleSpeaker: {"Speaker", "Speakers"}, registry.RoleChair: {"Chair", "Chairs"}, registry.RoleExpert: {"Expert", "Experts"},
	registry.RoleParticipant: {"Participant", "Participants"}, registry.RoleOrganiser: {"Organiser", "Organisers"},
}

var statusNames = map[registry.ProjectStatus]string{
	registry.Planned: "planned", registry.Ongoing: "ongoing", registry.Completed: "completed", registry.StatusUnknown: "",
}

var partnerRoleNames = map[registry.PartnerRole]string{
	registry.LeadPartner: "lead partner", registry.JuniorPartner: "junior partner", registry.PartnerUnspecified: "",
}

// sectorNames are the Twinning sector codes whose meaning is certain.
var sectorNames = map[string]string{"JH": "Justice and Home Affairs", "OT": "other sectors"}
