package registry

import (
	"slices"
	"strings"
)

// The closed vocabularies of the registry. They are codes, not prose: the
// portal translates them, so a record reads the same in every language.

type InstitutionKind string

const (
	OmbudsmanOffice           InstitutionKind = "ombudsman_office"
	HumanRightsInstitution    InstitutionKind = "human_rights_institution"
	EUInstitution             InstitutionKind = "eu_institution"
	Government                InstitutionKind = "government"
	InternationalOrganisation InstitutionKind = "international_organisation"
	NGO                       InstitutionKind = "ngo"
	Academic                  InstitutionKind = "academic"
	OtherInstitution          InstitutionKind = "other"
)

var InstitutionKinds = []InstitutionKind{OmbudsmanOffice, HumanRightsInstitution, EUInstitution, Government, InternationalOrganisation, NGO, Academic, OtherInstitution}

// Instrument is the cooperation instrument a project or event belongs to.
type Instrument string

const (
	Twinning        Instrument = "twinning"
	TwinningLight   Instrument = "twinning_light"
	TAIEX           Instrument = "taiex"
	OtherInstrument Instrument = "other"
)

var Instruments = []Instrument{Twinning, TwinningLight, TAIEX, OtherInstrument}

// IsTwinning reports the instruments that carry Twinning references.
func (i Instrument) IsTwinning() bool { return i == Twinning || i == TwinningLight }

type EventKind string

const (
	Seminar           EventKind = "seminar"
	Workshop          EventKind = "workshop"
	StudyVisit        EventKind = "study_visit"
	ExpertMission     EventKind = "expert_mission"
	Conference        EventKind = "conference"
	Training          EventKind = "training"
	SteeringCommittee EventKind = "steering_committee"
	Meeting           EventKind = "meeting"
	RoundTable        EventKind = "round_table"
	OtherEvent        EventKind = "other"
)

var EventKinds = []EventKind{Seminar, Workshop, StudyVisit, ExpertMission, Conference, Training, SteeringCommittee, Meeting, RoundTable, OtherEvent}

type ParticipantRole string

const (
	RoleSpeaker     ParticipantRole = "speaker"
	RoleChair       ParticipantRole = "chair"
	RoleExpert      ParticipantRole = "expert"
	RoleParticipant ParticipantRole = "participant"
	RoleOrganiser   ParticipantRole = "organiser"
)

var ParticipantRoles = []ParticipantRole{RoleSpeaker, RoleChair, RoleExpert, RoleParticipant, RoleOrganiser}

type PublicationKind string

const (
	PubArticle      PublicationKind = "article"
	PubReport       PublicationKind = "report"
	PubBook         PublicationKind = "book"
	PubJournalIssue PublicationKind = "journal_issue"
	PubOther        PublicationKind = "other"
)

var PublicationKinds = []PublicationKind{PubArticle, PubReport, PubBook, PubJournalIssue, PubOther}

// PartnerRole is a member-state partner's place in a Twinning project. A
// legacy record may know only that a country took part ("in cooperation
// with Germany and Poland"): that is PartnerUnspecified.
type PartnerRole string

const (
	LeadPartner        PartnerRole = "lead"
	JuniorPartner      PartnerRole = "junior"
	PartnerUnspecified PartnerRole = "partner"
)

var PartnerRoles = []PartnerRole{LeadPartner, JuniorPartner, PartnerUnspecified}

// ActivityStatus is where a work-plan activity stands.
type ActivityStatus string

const (
	ActivityPlanned   ActivityStatus = "planned"
	ActivityOngoing   ActivityStatus = "ongoing"
	ActivityDone      ActivityStatus = "done"
	ActivityCancelled ActivityStatus = "cancelled"
	ActivityPostponed ActivityStatus = "postponed"
)

var ActivityStatuses = []ActivityStatus{ActivityPlanned, ActivityOngoing, ActivityDone, ActivityCancelled, ActivityPostponed}

// Honorific is how a person is addressed; the portal writes it per language.
type Honorific string

const (
	Mr   Honorific = "mr"
	Mrs  Honorific = "mrs"
	Ms   Honorific = "ms"
	Dr   Honorific = "dr"
	Prof Honorific = "prof"
)

var Honorifics = []Honorific{Mr, Mrs, Ms, Dr, Prof}

// Status says whether a record is public. Only published records reach
// the public pages, the open-data exports and anonymous API readers.
type Status string

const (
	Draft     Status = "draft"
	Published Status = "published"
)

var Statuses = []Status{Draft, Published}

// ProjectStatus is derived from a project's dates, never stored.
type ProjectStatus string

const (
	Planned       ProjectStatus = "planned"
	Ongoing       ProjectStatus = "ongoing"
	Completed     ProjectStatus = "completed"
	StatusUnknown ProjectStatus = "unknown"
)

// oneOf reports value unless it is one of allowed (or empty and optional).
func oneOf[T ~string](r *Report, field string, value T, allowed []T, required bool) {
	if value == "" {
		if required {
			r.Error(field, nil, "is required; expected one of %s", list(allowed))
		}
		return
	}
	if !slices.Contains(allowed, value) {
		r.Error(field, string(value), "is not allowed; expected one of %s", list(allowed))
	}
}

func list[T ~string](values []T) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
