// Package iati speaks IATI 2.03 (the International Aid Transparency
// Initiative's activity standard) for the registry's projects: an export
// that validates against the standard's schema, and an import that maps
// an activities file back into projects with a report of what it could
// not map.
//
// What IATI has no element for (a Twinning partner's lead or junior
// role, an institution's kind and country, dates known only to the month,
// components' activities) travels in elements of Liaison's own namespace,
// which the schema allows at the end of most elements, so that an export
// imported again gives the same projects. Files from other publishers
// lack them and are mapped from the standard's elements alone.
package iati

import (
	"github.com/liaison-registry/liaison/internal/country"
	"github.com/liaison-registry/liaison/internal/registry"
)

// Version is the IATI standard version written and read.
const Version = "2.03"

// Namespace is Liaison's extension namespace.
const Namespace = "https://liaison-registry.org/ns/iati/1"

// xmlNamespace is the namespace of xml:lang.
const xmlNamespace = "http://www.w3.org/XML/1998/namespace"

// DefaultSector is published for a project that names no sector: DAC
// 15160, human rights, what an ombudsman's cooperation is about.
const DefaultSector = "15160"

// Participating-organisation roles (IATI OrganisationRole codelist).
const (
	roleFunding      = "1"
	roleAccountable  = "2"
	roleExtending    = "3"
	roleImplementing = "4"
)

// Activity-date types (ActivityDateType codelist).
const (
	plannedStart = "1"
	actualStart  = "2"
	plannedEnd   = "3"
	actualEnd    = "4"
)

// orgType is the IATI OrganisationType code for an institution kind. An
// ombudsman or human-rights institution is a public body independent of
// government: "Other Public Sector".
func orgType(k registry.InstitutionKind) string {
	switch k {
	case registry.OmbudsmanOffice, registry.HumanRightsInstitution:
		return "15"
	case registry.Government:
		return "10"
	case registry.EUInstitution, registry.InternationalOrganisation:
		return "40"
	case registry.NGO:
		return "22"
	case registry.Academic:
		return "80"
	}
	return "90"
}

// kindOf is the institution kind an IATI organisation type suggests when
// the file does not say.
func kindOf(code string) registry.InstitutionKind {
	switch code {
	case "10", "11":
		return registry.Government
	case "15":
		return registry.OmbudsmanOffice
	case "40":
		return registry.InternationalOrganisation
	case "21", "22", "23", "24":
		return registry.NGO
	case "80":
		return registry.Academic
	}
	return registry.OtherInstitution
}

// activityStatus is the IATI ActivityStatus code for a project's status.
// A project whose end is unknown but whose start has passed is in
// implementation.
func activityStatus(s registry.ProjectStatus, started bool) string {
	switch s {
	case registry.Planned:
		return "1"
	case registry.Ongoing:
		return "2"
	case registry.Completed:
		return "4"
	}
	if started {
		return "2"
	}
	return "1"
}

// countryName is a country's name in a language, from CLDR.
func countryName(code, lang string) string { return country.Name(code, lang) }
